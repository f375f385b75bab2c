"""Swarm speed, printed as one JSON line.

(a) a 200 x 200 basin map, 500 Adam steps on himmelblau (critical points, runs and settling): target <= 1.5 s.
(b) a 50-point learning-rate sweep of the five mission optimizers at 1000 steps on himmelblau: target <= 1 s.
Also the critical-point search of every built-in (the GUI repeats it on each surface change): the slowest;
and what fitting a typed formula's domain adds to typing it (the search of [-10, 10]² and of the box fitted to
the points found): typed Himmelblau, target <= 0.3 s, and a saturated tanh plateau.

Medians over repeats after a warm-up (the first large run of a process pays the VM's first touch of memory).
"""
import functools
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from timing import calibration_ms, timed  # noqa: E402

from core import analysis, surfaces, swarm  # noqa: E402

MISSION = ["gd", "momentum", "nesterov", "rmsprop", "adam"]


def main():
    s = surfaces.get("himmelblau")
    bm = swarm.basins(s, "adam:lr=0.05", grid=200, steps=500)          # warm-up, and a sanity check
    assert len(bm.minima) == 4 and (bm.index >= 0).mean() > 0.9, bm.fractions()
    a = timed(lambda: swarm.basins(s, "adam:lr=0.05", grid=200, steps=500), 3)

    sweep = lambda: swarm.sweep(s, MISSION, (-1.0, 1.5), lr_range=(1e-4, 1.0), count=50, steps=1000)  # noqa: E731
    sweep()
    b = timed(sweep, 3)

    critical = {}
    for name in surfaces.names():
        find = functools.partial(analysis.critical_points, surfaces.get(name))
        find()
        critical[name] = statistics.median(timed(find, 3))
    slowest = max(critical, key=critical.get)

    def fit(formula):
        s = surfaces.get(formula, surfaces.DEFAULT_DOMAIN)      # compiled once; the fit is what is timed

        def run():
            analysis._SEARCHES.clear()                          # a fresh search each time, as for a new formula
            analysis.fitted_domain(s)
        run()
        return statistics.median(timed(run, 3))
    typed = fit("(x**2 + y - 11)**2 + (x + y**2 - 7)**2")
    plateau = fit("tanh(20*(x**2 + y**2 - 4))")
    print(json.dumps({
        "benchmark": "swarm",
        "a_basins_200x200_adam_500_steps_s": round(statistics.median(a), 3),
        "a_target_s": 1.5,
        "b_sweep_5_optimizers_50_lrs_1000_steps_s": round(statistics.median(b), 3),
        "b_target_s": 1.0,
        "critical_points_slowest_builtin": slowest,
        "critical_points_slowest_s": round(critical[slowest], 3),
        "critical_points_median_builtin_s": round(statistics.median(critical.values()), 3),
        "critical_typed_himmelblau_fit_s": round(typed, 3),
        "critical_typed_target_s": 0.3,
        "critical_typed_tanh_plateau_fit_s": round(plateau, 3),
        "calibration_ms": calibration_ms(),
    }))


if __name__ == "__main__":
    main()
