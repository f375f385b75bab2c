"""GUI speed, through the real widgets offscreen; prints ONE JSON line.

- drag_frame_ms: median time from a drag mouse-move event on the surface view's viewport to the repainted
  frame (recomputation of every path + redraw), five default runs x 1000 steps on rosenbrock;
- playback_frame_ms: median time of one playback frame (advance one iteration + repaint) with ten runs;
- launch_to_shown_s: from starting `python main.py gui` to the window being shown and painted (subprocess).

The *_cpu_ms figures are the same medians in this process's CPU time (time.process_time): on a shared
machine wall time also counts waiting for a core. unpainted_moves / unpainted_frames count events after which
the surface view did not paint (they must be 0, or the frame times mean nothing).

Run: cd /work/main && QT_QPA_PLATFORM=offscreen python benchmarks/bench_gui.py
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from timing import calibration_ms  # noqa: E402

MORE_RUNS = ("gd:lr=0.0005", "momentum:lr=0.001", "nesterov:lr=0.001", "rmsprop:lr=0.005", "adam:lr=0.02")
LAUNCH_PROBE = """
import sys, time
sys.path.insert(0, {root!r})
from PySide6 import QtCore, QtWidgets
app = QtWidgets.QApplication(sys.argv[:1])
def report():
    app.processEvents()
    shown = [w for w in app.topLevelWidgets() if w.isVisible() and w.inherits("QMainWindow")]
    print("SHOWN" if shown else "NOT-SHOWN", time.time(), flush=True)
    app.quit()
QtCore.QTimer.singleShot(0, report)
from cli import main
main(["gui"])
"""


def _painted(widget, app):
    """Process events until ``widget``'s viewport has painted once (returns when it has)."""
    from PySide6 import QtCore

    class Counter(QtCore.QObject):
        count = 0

        def eventFilter(self, obj, ev):
            if ev.type() == QtCore.QEvent.Type.Paint:
                Counter.count += 1
            return False

    counter = Counter()
    widget.viewport().installEventFilter(counter)
    return counter


def timed_drag(app, view, counter, points) -> tuple[list[float], list[float], int]:
    """Press on ``view`` at ``points[0]``, move through the points (a move to the same pixel as the last is no
    move), release. Per move: the wall and CPU seconds until the view has painted (waited for from the fifth
    move on), and how many of those moves were never painted. ``counter`` is :func:`_painted`'s."""
    from qt_helpers import mouse_move, mouse_press, mouse_release

    viewport = view.viewport()
    pos = view.data_to_widget(*points[0])
    mouse_press(viewport, pos)
    drag, drag_cpu, unpainted = [], [], 0
    for i, (x, y) in enumerate(points):
        if view.data_to_widget(x, y) == pos:
            continue              # the same pixel as the last move: no mouse move at all, nothing to paint
        pos = view.data_to_widget(x, y)
        before = counter.count
        t0, c0 = time.perf_counter(), time.process_time()
        mouse_move(viewport, pos)
        app.processEvents()
        spins = 0
        while i >= 5 and counter.count == before and spins < 100:   # until the frame is painted
            app.processEvents()
            spins += 1
        drag.append(time.perf_counter() - t0)
        drag_cpu.append(time.process_time() - c0)
        unpainted += counter.count == before and i >= 5
    mouse_release(viewport, pos)
    app.processEvents()
    return drag, drag_cpu, unpainted


def bench_in_process() -> dict:
    from PySide6 import QtWidgets

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True, mouseRateLimit=0)
    from app.launch import DEFAULT_RUNS
    from app.main_window import MainWindow
    from app.model import Session

    session = Session("rosenbrock", DEFAULT_RUNS, [(-1.5, 2.0)], 1000)
    window = MainWindow(session)
    window.resize(1400, 900)
    window.show()
    for _ in range(5):
        app.processEvents()
    view = window.surface_view
    counter = _painted(view, app)
    drag, drag_cpu, unpainted = timed_drag(app, view, counter,
                                           [(-1.5 + 0.004 * i, 2.0 - 0.003 * i) for i in range(150)])

    for spec in MORE_RUNS:                        # ten runs for playback
        session.add_run(spec)
    session.set_iteration(0)
    app.processEvents()
    frames, frames_cpu, unpainted_frames = [], [], 0
    for _ in range(300):
        before = counter.count
        t0, c0 = time.perf_counter(), time.process_time()
        window.playback.advance(1)
        app.processEvents()
        frames.append(time.perf_counter() - t0)
        frames_cpu.append(time.process_time() - c0)
        unpainted_frames += counter.count == before
    window.close()

    def ms(values):
        return round(statistics.median(values[10:]) * 1000, 2)

    return {"drag_frame_ms": ms(drag), "playback_frame_ms": ms(frames), "playback_runs": len(session.runs),
            "drag_frame_cpu_ms": ms(drag_cpu), "playback_frame_cpu_ms": ms(frames_cpu),
            "unpainted_moves": unpainted, "unpainted_frames": unpainted_frames}


def bench_launch(repeats: int = 3) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    times = []
    for _ in range(repeats):
        t0 = time.time()
        out = subprocess.run([sys.executable, "-c", LAUNCH_PROBE.format(root=str(ROOT))], capture_output=True,
                             text=True, env=env, cwd=ROOT, timeout=60).stdout
        line = [s for s in out.splitlines() if s.startswith(("SHOWN", "NOT-SHOWN"))][-1]
        assert line.startswith("SHOWN"), out
        times.append(float(line.split()[1]) - t0)
    return round(statistics.median(times), 3)


def main() -> None:
    result = bench_in_process()
    result["launch_to_shown_s"] = bench_launch()
    result["calibration_ms"] = calibration_ms()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
