"""Geometry of the window: equal scale in the surface view (through the real widgets), its toggle and scenes."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from app import i18n
from app.launch import DEFAULT_RUNS
from app.main_window import MainWindow
from app.model import Session
from core import scene as scenes
from tests.qt_helpers import mouse_drag

pytestmark = pytest.mark.slow          # builds windows (tests/conftest.py: naming this file runs it)

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


# --- docks on small screens -----------------------------------------------------------------------

@pytest.fixture(params=["en", "fa"])
def lang(request, qapp):
    i18n.install(qapp, request.param)
    yield request.param
    i18n.install(qapp, "en")


def small_window(qtbot, size):
    w = MainWindow(Session("rosenbrock", DEFAULT_RUNS, [(-1.5, 2.0)], 200))
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    settle(qtbot)
    return w


def shown_dock_tabs(window) -> list[str]:
    """The titles on every dock tab bar shown in the window (each dock's title once, if no stale bar is left)."""
    direct = QtCore.Qt.FindChildOption.FindDirectChildrenOnly
    return sorted(bar.tabText(i) for bar in window.findChildren(QtWidgets.QTabBar, options=direct)
                  if bar.isVisible() for i in range(bar.count()))


def scroll_area_of(widget) -> QtWidgets.QScrollArea:
    while not isinstance(widget, QtWidgets.QScrollArea):
        widget = widget.parentWidget()
    return widget


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768)])
def test_every_dock_shows_its_content_on_a_small_screen(qtbot, size, lang):
    w = small_window(qtbot, size)
    assert w.size().toTuple() == size                       # the docks do not make the window taller
    tabs = shown_dock_tabs(w)
    assert len(tabs) == len(set(tabs)) == 6                 # two groups of three, no stale bar left by Qt
    session = w.session
    session.compute_critical_points()
    session.inspect_critical(0)                             # raises the inspector
    settle(qtbot)
    details = w.inspector.details
    assert "λ" in details.text()
    assert details.height() >= details.heightForWidth(details.width()) - 1     # laid out in full ...
    scroll_area_of(details).ensureWidgetVisible(details)
    settle(qtbot)
    assert not details.visibleRegion().isEmpty()            # ... and scrolled to where needed

    w.explain_dock.raise_()
    settle(qtbot)
    table = w.explain_panel.table
    assert table.rowCount() > 3
    assert table.viewport().height() > 3.5 * table.rowHeight(0)     # more than three rows in view

    w.swarm_dock.show()                                     # the basin and sweep panel shares the left side
    settle(qtbot)
    assert w.size().toTuple() == size
    for page, plots in ((0, w.swarm_panel.basin_layout), (1, w.swarm_panel.sweep_layout)):
        w.swarm_panel.tabs.setCurrentIndex(page)
        settle(qtbot)
        assert plots.height() >= 200, plots.height()        # not collapsed to a line

    for dock in w.findChildren(QtWidgets.QDockWidget):      # every dock open at once: still on screen
        dock.show()
    settle(qtbot)
    assert w.size().toTuple() == size
    assert w.minimumSizeHint().height() <= size[1] and w.minimumSizeHint().width() <= size[0]


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768)])
def test_default_layout_needs_no_sideways_scrolling_and_backprop_leaves_the_plots_whole(qtbot, size, lang):
    """The setup dock is wide enough for its fields (no horizontal scroll bar, nothing cut off at the right);
    opening the Backprop dock leaves "Along the paths" its full content height, not a strip."""
    w = small_window(qtbot, size)
    setup = scroll_area_of(w.optimizer_panel)
    assert not setup.horizontalScrollBar().isVisible()
    assert setup.viewport().width() >= setup.widget().minimumSizeHint().width()
    from app.views import backprop_panel
    w.open_graph(str(next(p for p in backprop_panel.example_graphs() if p.stem == "sigmoid_neuron")))
    settle(qtbot)
    qtbot.wait(50)
    settle(qtbot)
    assert w.backprop_dock.isVisible() and w.size().toTuple() == size
    plots = scroll_area_of(w.side_plots)
    assert plots.viewport().height() >= plots.widget().minimumSizeHint().height(), plots.viewport().height()
    assert not setup.horizontalScrollBar().isVisible()


def test_reset_layout_puts_every_dock_back(qtbot):
    w = small_window(qtbot, (1366, 768))
    w.plots_dock.setFloating(True)
    w.inspector_dock.hide()
    w.swarm_dock.show()
    w.removeDockWidget(w.explain_dock)
    w.reset_layout_action.trigger()
    settle(qtbot)
    right, left = QtCore.Qt.DockWidgetArea.RightDockWidgetArea, QtCore.Qt.DockWidgetArea.LeftDockWidgetArea
    assert not any(d.isFloating() for d in w.findChildren(QtWidgets.QDockWidget))
    assert w.dockWidgetArea(w.setup_dock) == w.dockWidgetArea(w.swarm_dock) == left
    for dock in (w.plots_dock, w.inspector_dock, w.explain_dock, w.curvature_dock, w.condition_dock):
        assert w.dockWidgetArea(dock) == right and dock.isVisible()
    assert set(w.tabifiedDockWidgets(w.inspector_dock)) == {w.explain_dock, w.curvature_dock}
    assert not w.swarm_dock.isVisible()
    assert w.size().toTuple() == (1366, 768)
    tabs = shown_dock_tabs(w)
    assert len(tabs) == len(set(tabs)) == 6
    assert 0.15 * 1366 < w.setup_dock.width() < 0.35 * 1366


def test_a_restored_window_never_exceeds_the_screen(qtbot, lang):
    w = small_window(qtbot, (1280, 720))
    settings = QtCore.QSettings()
    big = MainWindow(Session("bowl", ["gd"], [(1.0, 1.0)], 10))
    qtbot.addWidget(big)
    big.setGeometry(-500, -300, 5000, 3000)                 # remembered from a much larger screen
    big.save_settings(settings)
    w.restore_settings(settings)
    settle(qtbot)
    room = w.screen().availableGeometry()
    assert room.contains(w.frameGeometry()), (w.frameGeometry(), room)
    settings.remove("window")


# --- what the surface view draws of a run that leaves the plot --------------------------------------

def test_a_diverging_run_is_drawn_only_along_its_own_steps(qtbot):
    """GD with lr 1.04 on x² + y² from (1, 0.5): p ← −1.08·p, every iterate and step on the line y = x/2.
    Each step is cut where it leaves the drawing box; clipping x and y separately drew lines across the view
    at other angles, which looked like old paths left behind after a drag."""
    w = MainWindow(Session("bowl", ["gd:lr=1.04"], [(1.0, 0.5)], 80))
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    view = w.surface_view
    for k in (40, 80):
        w.session.set_iteration(k)
        drawn = view.lines.points(0)
        x, y = view._runs[0].faint.getData() if k < 80 else (drawn[:, 0], drawn[:, 1])
        for xy in (drawn, np.column_stack([x, y])):
            xy = xy[np.isfinite(xy).all(axis=1)]
            assert len(xy) > 10
            np.testing.assert_allclose(xy[:, 1], xy[:, 0] / 2, rtol=1e-9, atol=1e-9)
    assert view.lines.points(0, 3 * 80)[np.isfinite(view.lines.points(0, 3 * 80)).all(axis=1)].max() > 20


def test_clip_steps_cuts_each_step_at_the_box():
    from app.views.run_lines import clip_steps

    path = np.array([[[0.0, 0.0]], [[4.0, 2.0]], [[-4.0, 0.0]], [[1.0, 1.0]]])     # (K, N, 2)
    rows = clip_steps(path, np.array([-2.0, -2.0]), np.array([2.0, 2.0]))[:, 0]
    expected = [[0, 0], [0, 0], [2, 1],                 # step 0 leaves the box at x = 2
                [np.nan, np.nan], [2, 1.5], [-2, 0.5],   # iterate 1 is outside; step 1 crosses the whole box
                [np.nan, np.nan], [-2, 0.4], [1, 1],     # iterate 2 outside; step 2 comes back in
                [1, 1]]
    np.testing.assert_allclose(rows, expected)


def test_a_screenshot_shows_the_heatmap_over_the_whole_view(qtbot, tmp_path):
    """With equal axes a wide window shows more than the ravine's domain in y: the heatmap must cover it at the
    moment of the screenshot (the view was sampled on a timer that had not fired yet: blank bands)."""
    from app import launch

    w = MainWindow(Session("ravine", DEFAULT_RUNS[:1], [(-9.0, 3.0)], 20))
    qtbot.addWidget(w)
    view = w.surface_view
    view._cover_timer.setInterval(10_000)                 # a busy machine: the timer has not fired at the grab
    launch.save_screenshot(w, tmp_path / "shot.png", (1280, 720))
    (x0, x1), (y0, y1) = view.view_range()
    assert y1 - y0 > 12                                     # more than the domain's −5..5 is shown
    drawn = view.image.mapRectToView(view.image.boundingRect())
    assert drawn.left() <= x0 and drawn.right() >= x1 and drawn.top() <= y0 and drawn.bottom() >= y1, drawn


def test_the_legend_fits_a_narrow_surface_view(qtbot):
    """Beside the Backprop dock at 1280x720 the surface view is ~280 px wide: the legend, wider than that, was
    cut off at the view's left edge. It is scaled down to fit instead (and is full size when there is room)."""
    w = small_window(qtbot, (1280, 720))
    view = w.surface_view

    def legend_inside() -> bool:
        box = view.vb.sceneBoundingRect()
        legend = view.legend.sceneBoundingRect()
        return box.left() <= legend.left() + 0.5 and legend.right() <= box.right() + 0.5

    assert legend_inside() and view.legend.scale() == 1.0
    w.resizeDocks([w.setup_dock], [550], QtCore.Qt.Orientation.Horizontal)   # the view narrower than the legend
    settle(qtbot)
    assert view.vb.width() < view.legend.boundingRect().width()
    assert legend_inside() and view.legend.scale() >= 0.5


def test_the_heatmap_covers_a_tall_narrow_view(qtbot):
    """Beside the Backprop dock at 1280x720 the equal-axes view of Rosenbrock ([−2, 2] × [−1, 3]) is ~100 px
    wide and shows y from about −12 to 13: the heatmap stopped at two domain heights beyond the domain and
    left white bands above and below it."""
    w = small_window(qtbot, (1280, 720))
    w.resizeDocks([w.setup_dock], [700], QtCore.Qt.Orientation.Horizontal)
    settle(qtbot)
    view = w.surface_view
    view.reset_view()
    view.cover_now()
    (x0, x1), (y0, y1) = view.view_range()
    assert (y1 - y0) > 5 * (x1 - x0) and y1 - y0 > 20, (x0, x1, y0, y1)
    drawn = view.image.mapRectToView(view.image.boundingRect())
    assert drawn.top() <= y0 and drawn.bottom() >= y1 and drawn.left() <= x0 and drawn.right() >= x1, drawn
