"""GUI speed on a graph's loss over data, through the real widgets offscreen; prints ONE JSON line.

The issue's target: with 200 rows and batch 16, five runs of 500 steps recomputed on a drag within the GUI's
drag budget (16 ms median). The window shows linear regression (``resources/graphs/linear_regression.graph``,
the polynomial path) or logistic regression with binary cross-entropy (``logistic_bce.graph``, the general
path) on 200 synthetic rows (seed 0: x ~ N(0, 1.5²), y = 2x + 1 + N(0, 0.5²) for the regression, y = 1 when
2x + 1 + N(0, 1) > 0 for the classes), five runs (gd, momentum, nesterov, rmsprop, adam; batch=16) x 500 steps
from one start, the data view open and the batch-loss contours on.

- drag_frame_ms_<model>: median time from a drag mouse-move event on the surface view's viewport to the
  repainted frame (every run recomputed, the epoch marks, the contours and the data view redrawn);
- drag_frame_cpu_ms_<model>: the same in this process's CPU time;
- contours_ms_<model>: median time of one drawing of the batch-loss contours (60x60 grid) during playback;
- unpainted_moves: moves after which the view did not paint (must be 0).

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_data_gui.py
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import numpy as np  # noqa: E402
from bench_gui import _painted, timed_drag  # noqa: E402
from timing import calibration_ms  # noqa: E402

RUNS = ("gd:lr=0.05,batch=16", "momentum:lr=0.02,batch=16", "nesterov:lr=0.02,batch=16",
        "rmsprop:lr=0.01,batch=16", "adam:lr=0.05,batch=16")
ROWS, STEPS = 200, 500


def write_data(folder: Path) -> dict[str, Path]:
    rng = np.random.default_rng(0)
    x = rng.normal(0, 1.5, ROWS)
    out = {}
    for name, y in (("linear", 2 * x + 1 + rng.normal(0, 0.5, ROWS)),
                    ("logistic", (2 * x + 1 + rng.normal(0, 1, ROWS) > 0).astype(float))):
        path = folder / f"{name}.csv"
        path.write_text("x,y\n" + "\n".join(f"{a:.6f},{b:.6f}" for a, b in zip(x, y)) + "\n")
        out[name] = path
    return out


def bench(app, graph: str, data: Path) -> dict:

    from app.main_window import MainWindow
    from app.model import Session
    from core.scene import model_spec

    spec = model_spec(ROOT / "resources" / "graphs" / graph, "w,b", data)
    session = Session(spec.make_surface(), RUNS, [(-1.0, -1.0)], STEPS)
    session.set_model(spec)
    window = MainWindow(session)
    window.resize(1400, 900)
    window.show()
    window.data_dock.show()
    window.batch_contours_action.setChecked(True)
    for _ in range(5):
        app.processEvents()
    view = window.surface_view
    counter = _painted(view, app)
    drag, drag_cpu, unpainted = timed_drag(app, view, counter,
                                           [(-1.0 + 0.01 * i, -1.0 + 0.008 * i) for i in range(120)])
    contours = []
    for k in range(0, 200):
        session.set_iteration(k)
        window.batch_contours._key = None           # draw again (a playback step draws another batch)
        t0 = time.perf_counter()
        window.batch_contours.redraw()
        contours.append(time.perf_counter() - t0)
    from app.launch import close_windows

    close_windows([window])       # deleted now, not by PySide's exit hook (a crash at exit otherwise)
    name = graph.split(".")[0]

    def ms(values):
        return round(statistics.median(values[10:]) * 1000, 2)

    return {f"drag_frame_ms_{name}": ms(drag), f"drag_frame_cpu_ms_{name}": ms(drag_cpu),
            f"contours_ms_{name}": ms(contours), f"unpainted_moves_{name}": unpainted}


def main() -> None:
    from PySide6 import QtWidgets

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True, mouseRateLimit=0)
    result = {"rows": ROWS, "runs": len(RUNS), "steps": STEPS, "batch": 16}
    with tempfile.TemporaryDirectory() as folder:
        data = write_data(Path(folder))
        result.update(bench(app, "linear_regression.graph", data["linear"]))
        result.update(bench(app, "logistic_bce.graph", data["logistic"]))
    result["calibration_ms"] = calibration_ms()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
