"""Geometry of the window: equal scale in the surface view (through the real widgets), its toggle and scenes."""
from __future__ import annotations

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from app.main_window import MainWindow
from app.model import Session
from core import scene as scenes
from tests.qt_helpers import mouse_drag

SIZES = [(1280, 720), (1400, 900), (1920, 1080)]


@pytest.fixture
def window(qtbot):
    session = Session("ravine", ["gd:lr=0.45", "momentum:lr=0.05"], [(-9.0, 4.0)], 60)
    w = MainWindow(session)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    return w


def pixels_per_unit(view) -> tuple[float, float]:
    """Screen pixels of one unit of x and of one unit of y, measured through the widget's own mapping."""
    (x0, x1), (y0, y1) = view.view_range()
    cx, cy, u = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 4

    def px(x, y):          # viewport pixels, unrounded: the scene's mapping through the view's own transform
        return view.viewportTransform().map(view.vb.mapViewToScene(QtCore.QPointF(x, y)))
    o, ex, ey = px(cx, cy), px(cx + u, cy), px(cx, cy + u)
    return abs(ex.x() - o.x()) / u, abs(o.y() - ey.y()) / u


def settle(qtbot):
    for _ in range(3):
        QtWidgets.QApplication.processEvents()
    qtbot.wait(10)


@pytest.mark.parametrize("size", SIZES)
def test_surface_view_draws_x_and_y_at_one_scale(window, qtbot, size):
    window.resize(*size)
    settle(qtbot)
    view = window.surface_view
    px, py = pixels_per_unit(view)
    assert px > 5 and py == pytest.approx(px, rel=0.01)
    (x0, x1), (y0, y1) = view.view_range()            # the whole ravine domain [-10, 10] x [-5, 5] is in view
    assert x0 <= -10 + 1e-9 and x1 >= 10 - 1e-9 and y0 <= -5 + 1e-9 and y1 >= 5 - 1e-9


def test_equal_scale_survives_zoom_and_pan(window, qtbot):
    view = window.surface_view
    window.resize(1400, 900)
    settle(qtbot)
    centre = view.data_to_widget(0, 0)
    wheel = QtGui.QWheelEvent(QtCore.QPointF(centre), QtCore.QPointF(view.viewport().mapToGlobal(centre)),
                              QtCore.QPoint(), QtCore.QPoint(0, 240), QtCore.Qt.MouseButton.NoButton,
                              QtCore.Qt.KeyboardModifier.NoModifier, QtCore.Qt.ScrollPhase.NoScrollPhase, False)
    before = view.view_range()
    QtWidgets.QApplication.sendEvent(view.viewport(), wheel)
    settle(qtbot)
    zoomed = view.view_range()
    assert zoomed[0][1] - zoomed[0][0] < 0.9 * (before[0][1] - before[0][0])      # the wheel did zoom in
    px, py = pixels_per_unit(view)
    assert py == pytest.approx(px, rel=0.01)
    mouse_drag(view.viewport(), view.data_to_widget(0, 0), view.data_to_widget(-1, 0.5))   # pan (no start there)
    settle(qtbot)
    panned = view.view_range()
    assert panned[0][0] == pytest.approx(zoomed[0][0] + 1, abs=0.05)
    px, py = pixels_per_unit(view)
    assert py == pytest.approx(px, rel=0.01)


def test_equal_axes_toggle_stretches_and_is_saved_in_the_scene(window, qtbot, tmp_path):
    view, action = window.surface_view, window.equal_axes_action
    window.resize(1400, 900)
    settle(qtbot)
    assert action.isCheckable() and action.isChecked() and view.equal_axes
    action.trigger()                                   # off: the domain fills the plot, x and y scaled apart
    settle(qtbot)
    assert not view.equal_axes
    (x0, x1), (y0, y1) = view.view_range()
    assert (x0, x1, y0, y1) == pytest.approx((-10, 10, -5, 5))
    px, py = pixels_per_unit(view)
    assert abs(py / px - 1) > 0.1
    path = tmp_path / "scene.json"
    scenes.save(window.export_actions.current_scene(), path)
    assert scenes.load(path).equal_axes is False
    action.trigger()
    assert window.export_actions.current_scene().equal_axes is True
    assert window.export_actions.load_scene(path)       # opening the scene turns equal axes off again
    assert not view.equal_axes and not action.isChecked()


def test_old_scene_files_open_with_equal_axes():
    text = '{"version": 1, "surface": "bowl", "runs": [], "starts": [[1, 1]], "steps": 10}'
    assert scenes.loads(text).equal_axes is True
    with pytest.raises(scenes.SceneError, match="equal_axes"):
        scenes.loads(text[:-1] + ', "equal_axes": "yes"}')
