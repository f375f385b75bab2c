"""RunLines: the surface view's lines up to the current iteration (drawn incrementally during playback)."""
import numpy as np
import pyqtgraph as pg
import pytest
from PySide6 import QtCore, QtGui

from app.model import Session
from app.views.run_lines import RunLines
from app.views.surface_view import SurfaceView

pytestmark = pytest.mark.slow          # pyqtgraph scenes, background work (naming this file runs it)


def spiral(k: int, phase: float) -> np.ndarray:
    t = np.arange(k + 1) * 0.25 + phase
    r = 1.5 * np.exp(-0.02 * np.arange(k + 1))
    return np.column_stack([r * np.cos(t), r * np.sin(t)])


@pytest.fixture
def two_starts():
    """(K, 2 starts, 2): the second start diverges after iteration 30 (NaN rows)."""
    path = np.stack([spiral(60, 0.0), spiral(60, 2.0)], axis=1)
    path[31:, 1] = np.nan
    return path


def test_drawn_prefix_is_the_path_up_to_the_iteration(qtbot, two_starts):
    lines = RunLines()
    line = lines.add_line()
    lines.set_paths([(two_starts, np.ones(two_starts.shape[:2], dtype=bool))])
    for k in (0, 1, 17, 30, 45, 60):
        lines.set_iteration(k)
        x, y = line.getData()
        first = two_starts[: k + 1, 0]
        second = two_starts[: min(k, 30) + 1, 1]        # stops at the last finite iterate
        expected = np.vstack([first, [[np.nan, np.nan]], second])
        np.testing.assert_array_equal(np.column_stack([x, y]), expected)


def test_skipped_iterates_are_left_out_but_the_line_reaches_the_current_one(qtbot, two_starts):
    lines = RunLines()
    lines.add_line()
    keep = np.zeros(two_starts.shape[:2], dtype=bool)
    keep[::10] = True                                   # e.g. iterates within half a pixel of the last one
    lines.set_paths([(two_starts, keep)])
    xy = lines.points(0, 25)
    np.testing.assert_array_equal(xy[:4], two_starts[[0, 10, 20, 25], 0])
    assert np.isnan(xy[4]).all()
    np.testing.assert_array_equal(xy[5:], two_starts[[0, 10, 20, 25], 1])
    np.testing.assert_array_equal(lines.points(0, 20)[:3], two_starts[[0, 10, 20], 0])   # no repeated 20


def _render(view) -> np.ndarray:
    view.viewport().repaint()
    image = view.grab().toImage().convertToFormat(QtGui.QImage.Format.Format_RGB32)
    ptr = image.constBits()
    rows = np.frombuffer(ptr, np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 4].reshape(image.height(), image.width(), 4).copy()


def test_playback_drawing_matches_a_full_redraw_and_going_back(qtbot):
    session = Session("rosenbrock", ["gd:lr=0.001", "adam:lr=0.05"], [(-1.5, 2.0), (1.5, -0.5)], 300)
    view = SurfaceView(session)
    qtbot.addWidget(view)
    view.resize(500, 500)
    view.show()
    qtbot.waitExposed(view)
    for k in range(0, 151, 3):                         # forward: only new segments are stroked
        session.set_iteration(k)
        view.viewport().repaint()
    incremental = _render(view)
    view.lines.invalidate()                            # the same iteration drawn from scratch
    full = _render(view)
    differ = np.any(incremental != full, axis=-1)
    assert differ.mean() < 0.002                       # at most a few antialiased joint pixels
    session.set_iteration(300)
    assert np.any(_render(view) != full)
    session.set_iteration(150)                         # back: the image is redrawn, not kept
    np.testing.assert_array_equal(_render(view), full)
    for line in view.lines.lines:
        line.setVisible(False)
    assert np.any(_render(view) != full, axis=-1).sum() > 500          # the lines were drawn


def test_exports_get_vectors(qtbot, two_starts):
    """Painting into anything but the view (an export) draws the polylines directly."""
    lines = RunLines()
    lines.add_line().setPen(pg.mkPen("#d62728", width=3))
    lines.set_paths([(two_starts, np.ones(two_starts.shape[:2], dtype=bool))])
    lines.set_iteration(60)
    image = QtGui.QImage(200, 200, QtGui.QImage.Format.Format_ARGB32)
    image.fill(QtCore.Qt.GlobalColor.white)
    p = QtGui.QPainter(image)
    p.setTransform(QtGui.QTransform(50, 0, 0, -50, 100, 100))   # data (-2..2) to pixels
    lines.paint(p)
    p.end()
    start = two_starts[0, 0]
    pixel = QtGui.QColor(image.pixel(int(100 + 50 * start[0]), int(100 - 50 * start[1])))
    assert (pixel.red(), pixel.green(), pixel.blue()) == (0xd6, 0x27, 0x28)


def test_lines_are_drafted_while_a_start_is_dragged_and_smooth_after(qtbot):
    from qt_helpers import mouse_move, mouse_press, mouse_release

    session = Session("rosenbrock", ["gd:lr=0.001"], [(-1.5, 2.0)], 200)
    view = SurfaceView(session)
    qtbot.addWidget(view)
    view.resize(500, 500)
    view.show()
    qtbot.waitExposed(view)
    assert not view.lines._draft
    mouse_press(view.viewport(), view.data_to_widget(-1.5, 2.0))
    for i in range(1, 6):
        mouse_move(view.viewport(), view.data_to_widget(-1.5 + 0.05 * i, 2.0))
    assert view.lines._draft and session.starts[0][0] > -1.5
    with qtbot.waitSignal(view.targets[0].sigPositionChangeFinished, timeout=2000):
        mouse_release(view.viewport(), view.data_to_widget(-1.25, 2.0))
    assert not view.lines._draft
    end = session.trajectories[0].path[-1, 0]          # (reading them recomputes the paths, as the loop would)
    np.testing.assert_array_equal(view.lines.points(0)[-1], end)
