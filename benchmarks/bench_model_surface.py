"""Model surfaces on data and minibatch runs, printed as one JSON line (issue 14's speed targets).

(a) sampling f on a 200x200 grid with 1,000 rows: target <= 0.5 s (linear regression, the polynomial path;
    logistic regression, the general path, reported beside it);
(b) with 200 rows and batch 16, five single-start runs of 500 steps (GD, momentum, Nesterov, RMSprop, Adam),
    what a drag recomputes: target <= 16 ms median;
(c) a 200x200 basin map of minibatch Adam (100 steps, batch 16, 200 rows): target <= 3 s.
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

from core import minibatch, optimizers  # noqa: E402
from core.datasets import Dataset  # noqa: E402
from core.graph import load  # noqa: E402
from core.model_surface import ModelSurface  # noqa: E402

GRAPHS = ROOT / "resources" / "graphs"


def surfaces(rows: int) -> dict[str, ModelSurface]:
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 4, rows)
    linear = Dataset({"x": x, "y": 1.5 * x + 0.5 + rng.normal(0, 0.5, rows)}, "0")
    logistic = Dataset({"x": x - 2, "y": (rng.uniform(size=rows) < 1 / (1 + np.exp(-(x - 2)))).astype(float)}, "0")
    return {"linear": ModelSurface(load(GRAPHS / "linear_regression.graph"), "w", "b", linear),
            "logistic": ModelSurface(load(GRAPHS / "logistic_bce.graph"), "w", "b", logistic)}


def main() -> None:
    out = {}
    grid = np.stack(np.meshgrid(np.linspace(-3, 3, 200), np.linspace(-3, 3, 200)), -1)
    for name, s in surfaces(1000).items():
        out[f"grid_200x200_1000_rows_{name}_s"] = round(statistics.median(timed(lambda s=s: s.value(grid), 3)), 4)
    specs = ["gd:lr=0.05", "momentum:lr=0.02,momentum=0.9", "nesterov:lr=0.02,momentum=0.9", "rmsprop:lr=0.02",
             "adam:lr=0.05"]
    opts = [optimizers.create(spec) for spec in specs]
    starts = np.stack(np.meshgrid(np.linspace(-3, 3, 200), np.linspace(-3, 3, 200)), -1).reshape(-1, 2)
    adam = optimizers.create("adam:lr=0.05")
    for name, s in surfaces(200).items():
        def drag(s=s):
            for seed, opt in enumerate(opts):
                minibatch.run(s, opt, [[-2.0, 2.0]], 500, 16, seed=seed)

        out[f"drag_5x500_batch16_200_rows_{name}_ms"] = round(1000 * statistics.median(timed(drag, 7)), 1)
        out[f"basins_200x200_adam_100_batch16_{name}_s"] = round(statistics.median(timed(
            lambda s=s: minibatch.run(s, adam, starts, 100, 16, seed=1), 1)), 3)
    out["calibration_ms"] = calibration_ms()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
