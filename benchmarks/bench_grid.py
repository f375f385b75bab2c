"""Hyperparameter-grid speed, printed as one JSON line.

A 7 x 7 grid (lr log-spaced x momentum or beta1) of 1000 steps from one start, computed by core.hypergrid
(runs, critical points and settling): target < 0.2 s. Momentum on himmelblau and Adam on rosenbrock (Adam's
float step is the dearer one). Medians over repeats after a warm-up.
"""
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from timing import calibration_ms, timed  # noqa: E402

from core import hypergrid, surfaces  # noqa: E402


def main():
    cases = {"momentum_himmelblau": (surfaces.get("himmelblau"), "momentum", "lr=1e-3:0.1:7:log",
                                     "momentum=0:0.99:7", (0.0, 0.0)),
             "adam_rosenbrock": (surfaces.get("rosenbrock"), "adam", "lr=1e-3:1:7:log", "beta1=0:0.99:7",
                                 (-1.5, 2.0))}
    result = {"benchmark": "grid"}
    for key, (surface, name, a, b, start) in cases.items():
        axes = [hypergrid.parse_vary(a), hypergrid.parse_vary(b)]
        run = lambda: hypergrid.compute(surface, name, axes, start, steps=1000)  # noqa: E731,B023
        g = run()
        assert g.shape == (7, 7) and (g.minimum >= 0).any(), g.outcomes()
        result[f"{key}_7x7_1000_steps_s"] = round(statistics.median(timed(run, 5)), 3)
    result["target_s"] = 0.2
    result["calibration_ms"] = calibration_ms()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
