"""Core speed, printed as one JSON line.

(a) one start, the five mission optimizers x 1000 steps on rosenbrock (what the GUI recomputes on every
    mouse move while a start is dragged): target <= 8 ms in all.
(b) 40,000 starts x 500 Adam steps on rosenbrock, full path and loss kept: target <= 0.4 s.

Medians over repeats after a warm-up (a second of the same work first: a machine that was idle runs the
first half second at a lower clock). The first large run of a process also pays the VM's first touch of
fresh memory (reported separately as b_cold_s).
"""
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from timing import calibration_ms, timed  # noqa: E402

from core import optimizers, surfaces  # noqa: E402

# Learning rates at which all five stay finite for 1000 steps from (-1.2, 1), so no run stops early.
MISSION = ["gd:lr=0.001", "momentum:lr=0.0005", "nesterov:lr=0.0005", "rmsprop:lr=0.01", "adam:lr=0.02"]


def main():
    s = surfaces.get("rosenbrock")
    opts = [optimizers.create(spec) for spec in MISSION]
    runs = [optimizers.run(s, o, [(-1.2, 1.0)], 1000) for o in opts]
    assert all(r.status == ["ok"] for r in runs), [r.status for r in runs]

    def drag_frame():
        for o in opts:
            optimizers.run(s, o, [(-1.2, 1.0)], 1000)

    # Warm up for a second first: the first ~0.5 s of a busy loop here run at a lower clock (cpu time too).
    warm_until = time.perf_counter() + 1.0
    while time.perf_counter() < warm_until:
        drag_frame()
    a = timed(drag_frame, 100)

    starts = np.random.default_rng(0).uniform((-2, -1), (2, 3), (40_000, 2))
    adam = optimizers.create("adam:lr=0.01")
    cold = timed(lambda: optimizers.run(s, adam, starts, 500), 1)[0]
    b = timed(lambda: optimizers.run(s, adam, starts, 500), 5)
    print(json.dumps({
        "benchmark": "core",
        "a_five_optimizers_1000_steps_one_start_ms": round(statistics.median(a) * 1e3, 2),
        "a_target_ms": 8,
        "b_40000_starts_500_adam_steps_s": round(statistics.median(b), 3),
        "b_target_s": 0.4,
        "b_cold_s": round(cold, 3),
        "b_ns_per_point_step": round(statistics.median(b) / (40_000 * 500) * 1e9, 1),
        "calibration_ms": calibration_ms(),
    }))


if __name__ == "__main__":
    main()
