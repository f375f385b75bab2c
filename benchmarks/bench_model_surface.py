"""Model surfaces on data and minibatch runs, printed as one JSON line (issue 14's speed targets).

For linear regression (the polynomial path), logistic regression with BCE and with squared error after a
sigmoid, the XOR neuron on (w1, w2) and the 2-2-2 network's (w5, w6) slice (the general path):
(a) ``grid``: sampling f on a 200x200 grid with 1,000 rows: target <= 0.5 s;
(b) ``drag``: with 200 rows, five single-start runs of 500 steps (GD, momentum, Nesterov, RMSprop, Adam,
    batch 16, each its own seed) from one start, as a drag recomputes them (minibatch.run_many, the
    full-data loss of every iterate and every step's batch loss included): target <= 16 ms median;
(c) ``basins``: the paths and statuses of a 200x200 basin map of minibatch Adam (100 steps, batch 16,
    200 rows; all starts share the batches), in the chunks of starts core.swarm uses: target <= 3 s.
Medians; the data are made here with a fixed seed (the shipped files are smaller).
"""
import json
import statistics
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from timing import calibration_ms, timed  # noqa: E402

from core import minibatch, optimizers, swarm  # noqa: E402
from core.datasets import Dataset  # noqa: E402
from core.graph import load  # noqa: E402
from core.model_surface import ModelSurface  # noqa: E402

GRAPHS = ROOT / "resources" / "graphs"


def surfaces(rows: int) -> dict[str, ModelSurface]:
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 4, rows)
    linear = Dataset({"x": x, "y": 1.5 * x + 0.5 + rng.normal(0, 0.5, rows)}, "0")
    logistic = Dataset({"x": x - 2, "y": (rng.uniform(size=rows) < 1 / (1 + np.exp(-(x - 2)))).astype(float)}, "0")
    bits = rng.integers(0, 2, (rows, 2)).astype(float)
    xor = Dataset({"x1": bits[:, 0], "x2": bits[:, 1], "y": (bits[:, 0] != bits[:, 1]).astype(float)}, "0")
    i = rng.uniform(0, 1, (rows, 2))
    net = Dataset({"i1": i[:, 0], "i2": i[:, 1], "t1": i[:, 0] * i[:, 1], "t2": 1 - i[:, 0] * i[:, 1]}, "0")
    return {"linear": ModelSurface(load(GRAPHS / "linear_regression.graph"), "w", "b", linear),
            "logistic_bce": ModelSurface(load(GRAPHS / "logistic_bce.graph"), "w", "b", logistic),
            "logistic_mse": ModelSurface(load(GRAPHS / "logistic_mse.graph"), "w", "b", logistic),
            "xor": ModelSurface(load(GRAPHS / "xor_neuron.graph"), "w1", "w2", xor),
            "net_2_2_2": ModelSurface(load(GRAPHS / "sigmoid_2_2_2.graph"), "w5", "w6", net)}


def basins(s: ModelSurface, adam, starts) -> None:
    chunk = max(1, min(swarm.CHUNK, swarm.CHUNK_POINTS // 101))
    for lo in range(0, len(starts), chunk):
        minibatch.basin_paths(s, adam, starts[lo:lo + chunk], 100, 16, seed=1, indices=np.arange(lo, lo + chunk))


def main() -> None:
    out = {}
    for name, s in surfaces(1000).items():
        (x0, x1), (y0, y1) = s.domain
        grid = np.stack(np.meshgrid(np.linspace(x0, x1, 200), np.linspace(y0, y1, 200)), -1)
        out[f"grid_200x200_1000_rows_{name}_s"] = round(statistics.median(timed(
            lambda s=s, grid=grid: s.value(grid), 3)), 4)
    specs = ["gd:lr=0.05", "momentum:lr=0.02,momentum=0.9", "nesterov:lr=0.02,momentum=0.9", "rmsprop:lr=0.02",
             "adam:lr=0.05"]
    runs = [(optimizers.create(spec), 16, seed) for seed, spec in enumerate(specs)]
    adam = optimizers.create("adam:lr=0.05")
    for name, s in surfaces(200).items():
        (x0, x1), (y0, y1) = s.domain
        start = [x0 + 0.2 * (x1 - x0), y0 + 0.8 * (y1 - y0)]
        starts = np.stack(np.meshgrid(np.linspace(x0, x1, 200), np.linspace(y0, y1, 200)), -1).reshape(-1, 2)
        out[f"drag_5x500_batch16_200_rows_{name}_ms"] = round(1000 * statistics.median(timed(
            lambda s=s, start=start: minibatch.run_many(s, runs, start, 500), 7)), 1)
        out[f"basins_200x200_adam_100_batch16_{name}_s"] = round(statistics.median(timed(
            lambda s=s, starts=starts: basins(s, adam, starts), 1)), 3)
    out["calibration_ms"] = calibration_ms()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
