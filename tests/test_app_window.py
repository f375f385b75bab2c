"""The main window driven through its real widgets (pytest-qt, offscreen)."""
from __future__ import annotations

import sys

import numpy as np
import pytest
from PySide6 import QtCore
from qt_helpers import mouse_click, mouse_drag, mouse_move

from app import errors, settings, style
from app.launch import DEFAULT_RUNS
from app.main_window import MainWindow
from app.model import Session
from core import analysis, optimizers, surfaces

pytestmark = pytest.mark.slow          # builds windows (tests/conftest.py: naming this file runs it)


@pytest.fixture
def window(qtbot):
    session = Session("rosenbrock", DEFAULT_RUNS, [(-1.5, 2.0)], 200)
    w = MainWindow(session)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def _line_xy(item) -> np.ndarray:
    x, y = item.getData()
    return np.column_stack([x, y])


def _assert_drawn(item, path):
    """The line drawn is the path: its first and last iterates and, in order, iterates of it in between
    (iterates within half a pixel of the previous one are skipped)."""
    drawn = _line_xy(item)
    np.testing.assert_array_equal(drawn[0], path[0])
    np.testing.assert_array_equal(drawn[-1], path[-1])
    rows = [int(np.nonzero((path == p).all(axis=1))[0][0]) for p in drawn]
    assert rows == sorted(rows)


def test_drag_start_point_recomputes_every_path(qtbot, window):
    view, session = window.surface_view, window.session
    target = view.targets[0]
    with qtbot.waitSignal(target.sigPositionChangeFinished, timeout=3000):
        mouse_drag(view.viewport(), view.data_to_widget(-1.5, 2.0), view.data_to_widget(-1.0, 1.5))
    new = np.array(session.starts[0])
    assert new == pytest.approx((-1.0, 1.5), abs=0.05)
    assert not np.allclose(new, (-1.5, 2.0))
    surface = surfaces.get("rosenbrock")
    for r, run in enumerate(session.runs):
        expected = optimizers.run(surface, run.optimizer, new, 200)
        np.testing.assert_array_equal(session.trajectories[r].path, expected.path)
        _assert_drawn(view._runs[r].line, expected.path[:, 0])


def test_a_core_error_during_a_drag_marks_one_run_and_the_window_keeps_painting(qtbot, window, monkeypatch):
    view, session = window.surface_view, window.session
    real_run, failing = optimizers.run, session.runs[2].optimizer

    def run(surface, opt, starts, steps, **kwargs):
        if opt is failing:
            raise ZeroDivisionError("core exploded")
        return real_run(surface, opt, starts, steps, **kwargs)
    monkeypatch.setattr(optimizers, "run", run)
    with qtbot.waitSignal(session.sigComputationFailed, timeout=3000):
        with qtbot.waitSignal(view.targets[0].sigPositionChangeFinished, timeout=3000):
            mouse_drag(view.viewport(), view.data_to_widget(-1.5, 2.0), view.data_to_widget(-1.0, 1.5))
    window.optimizer_panel.runs_list.setCurrentRow(2)             # the explain and stability panels read it
    session.inspect_run(2, 0)
    assert not window.grab().isNull()                             # paint and boundingRect raised before
    new = np.array(session.starts[0])
    assert new == pytest.approx((-1.0, 1.5), abs=0.05)
    surface = surfaces.get("rosenbrock")
    for r, r_run in enumerate(session.runs):
        if r != 2:
            np.testing.assert_array_equal(session.trajectories[r].path, real_run(surface, r_run.optimizer, new,
                                                                                 200).path)
    failed = session.trajectories[2]
    assert failed.error == "core exploded" and failed.status == ["diverged"]
    np.testing.assert_array_equal(failed.path[0, 0], new)
    assert np.isnan(failed.path[1:]).all()
    assert "could not be computed" in window.optimizer_panel.runs_list.item(2).text()
    message = window.statusBar().currentMessage()
    assert "core exploded" in message and failing.label in message and len(message.splitlines()) == 1

    monkeypatch.undo()
    with qtbot.waitSignal(session.sigTrajectoriesChanged):
        session.set_start(0, (-1.2, 1.8))
    for r, r_run in enumerate(session.runs):
        np.testing.assert_array_equal(session.trajectories[r].path,
                                      optimizers.run(surface, r_run.optimizer, (-1.2, 1.8), 200).path)
        _assert_drawn(view._runs[r].line, session.trajectories[r].path[:, 0])
    assert "could not be computed" not in window.optimizer_panel.runs_list.item(2).text()
    assert not window.grab().isNull()


def test_side_plots_wait_for_the_release_of_a_drag_then_show_its_result(qtbot, window):
    from qt_helpers import mouse_press, mouse_release

    view, session, plots = window.surface_view, window.session, window.side_plots
    viewport = view.viewport()
    loss_before = plots.curves(0)["loss"].getData()[1].copy()
    mouse_press(viewport, view.data_to_widget(-1.5, 2.0))
    for i in range(1, 8):
        mouse_move(viewport, view.data_to_widget(-1.5 + 0.07 * i, 2.0 - 0.07 * i))
        qtbot.wait(5)
        assert session.dragging
    qtbot.wait(300)                                   # longer than the throttle: still the old curves
    np.testing.assert_array_equal(plots.curves(0)["loss"].getData()[1], loss_before)
    mouse_release(viewport, view.data_to_widget(-1.0, 1.5))
    assert not session.dragging
    start = np.array(session.starts[0])
    assert start == pytest.approx((-1.0, 1.5), abs=0.05)
    surface = surfaces.get("rosenbrock")
    expected = optimizers.run(surface, session.runs[0].optimizer, start, 200)
    qtbot.waitUntil(lambda: not np.array_equal(plots.curves(0)["loss"].getData()[1], loss_before))
    np.testing.assert_allclose(plots.curves(0)["loss"].getData()[1], expected.loss[:, 0])
    grad = np.linalg.norm(surface.grad(expected.path[:, 0]), axis=-1)
    np.testing.assert_allclose(plots.curves(0)["grad"].getData()[1], np.log10(grad), rtol=1e-12)   # log axis


def test_play_advances_and_stops_at_the_end(qtbot, window):
    session, bar = window.session, window.playback
    session.set_iteration(0)
    bar.speed.setCurrentIndex(bar.speed.findData(500))
    bar.play()
    qtbot.waitUntil(lambda: session.iteration > 20, timeout=3000)
    assert bar.playing
    qtbot.waitUntil(lambda: not bar.playing, timeout=5000)
    assert session.iteration == session.steps
    assert window.playback.slider.value() == session.steps


def test_keyboard_step_back_reset_and_play(qtbot, window):
    session = window.session
    session.set_iteration(10)
    window.activateWindow()
    window.surface_view.setFocus()
    qtbot.keyClick(window.surface_view, QtCore.Qt.Key.Key_Right)
    assert session.iteration == 11
    qtbot.keyClick(window.surface_view, QtCore.Qt.Key.Key_Left)
    qtbot.keyClick(window.surface_view, QtCore.Qt.Key.Key_Left)
    assert session.iteration == 9
    qtbot.keyClick(window.surface_view, QtCore.Qt.Key.Key_R)
    assert session.iteration == 0
    qtbot.keyClick(window.surface_view, QtCore.Qt.Key.Key_Space)
    assert window.playback.playing
    qtbot.keyClick(window.surface_view, QtCore.Qt.Key.Key_Space)
    assert not window.playback.playing


def test_step_buttons_move_by_one(window):
    session, bar = window.session, window.playback
    session.set_iteration(5)
    bar.step_action.trigger()
    assert session.iteration == 6
    bar.back_action.trigger()
    assert session.iteration == 5
    # the drawn line ends at the current iterate
    _assert_drawn(window.surface_view._runs[0].line, session.trajectories[0].path[:6, 0])


def test_unticking_a_run_hides_its_curves(qtbot, window):
    item = window.optimizer_panel.runs_list.item(1)
    item.setCheckState(QtCore.Qt.CheckState.Unchecked)
    assert window.session.runs[1].visible is False
    assert not window.surface_view._runs[1].line.isVisible()
    assert not window.surface_view._runs[1].faint.isVisible()
    assert all(not c.isVisible() for c in window.side_plots.curves(1).values())
    assert window.surface_view._runs[0].line.isVisible()
    item.setCheckState(QtCore.Qt.CheckState.Checked)
    assert window.surface_view._runs[1].line.isVisible()


def test_bad_formula_keeps_the_surface_and_shows_the_message(qtbot, window):
    picker = window.surface_picker
    picker.formula.setText("x**2 +* y")
    qtbot.keyClick(picker.formula, QtCore.Qt.Key.Key_Return)
    assert window.session.surface_text == "rosenbrock"
    assert picker.message.isVisible() and picker.message.text()
    assert "\n" not in picker.message.text()
    picker.formula.setText("x^2 - y^2")
    qtbot.keyClick(picker.formula, QtCore.Qt.Key.Key_Return)
    assert not picker.message.isVisible()
    assert window.session.surface.formula == "x**2 - y**2"
    window.session.compute_critical_points()
    kinds = [p.kind for p in window.session.critical_points]
    assert kinds == ["saddle"]
    assert len(window.surface_view.critical["saddle"].data) == 1


def test_critical_points_toggle_reaches_the_2d_and_3d_views(window):
    window.session.compute_critical_points()
    assert len(window.surface_view.critical["minimum"].data) == 1          # rosenbrock's (1, 1)
    window.critical_action.setChecked(False)
    assert not window.surface_view.critical["minimum"].isVisible() and window.surface3d._show_critical is False
    window.critical_action.setChecked(True)
    assert window.surface_view.critical["minimum"].isVisible() and window.surface3d._show_critical is True


def test_bad_hyperparameter_is_refused(qtbot, window):
    panel, session = window.optimizer_panel, window.session
    panel.runs_list.setCurrentRow(4)                      # Adam
    before = session.runs[4].optimizer.spec
    beta1 = panel.editors["beta1"]
    beta1.setValue(1.0)                                   # the spin box allows 1, the core refuses it
    assert session.runs[4].optimizer.spec == before
    assert panel.message.isVisible() and "beta1" in panel.message.text()
    assert beta1.value() == pytest.approx(0.9)
    lr = panel.editors["lr"]
    lr.lineEdit().selectAll()
    qtbot.keyClicks(lr.lineEdit(), "-3")
    qtbot.keyClick(lr.lineEdit(), QtCore.Qt.Key.Key_Return)
    assert session.runs[4].optimizer.params["lr"] == pytest.approx(0.05)
    lr.setValue(0.2)                                      # a good value goes through
    assert session.runs[4].optimizer.params["lr"] == pytest.approx(0.2)
    assert not panel.message.isVisible()


def test_a_tiny_eps_is_shown_and_kept_when_another_parameter_is_edited(qtbot, window):
    panel, session = window.optimizer_panel, window.session
    row = session.add_run("adam:lr=0.1,eps=1e-13")
    panel.runs_list.setCurrentRow(row)
    eps, lr = panel.editors["eps"], panel.editors["lr"]
    assert eps.text() == "1e-13" and eps.value() == 1e-13 and lr.text() == "0.1"
    lr.lineEdit().selectAll()
    qtbot.keyClicks(lr.lineEdit(), "0.2")
    qtbot.keyClick(lr.lineEdit(), QtCore.Qt.Key.Key_Return)
    assert session.runs[row].optimizer.params == {"lr": 0.2, "beta1": 0.9, "beta2": 0.999, "eps": 1e-13,
                                                   "bias_correction": True}
    assert not panel.message.isVisible()
    assert eps.text() == "1e-13" and lr.text() == "0.2"
    eps.lineEdit().selectAll()                            # a huge value is shown and kept as typed too
    qtbot.keyClicks(eps.lineEdit(), "2.5e+40")
    qtbot.keyClick(eps.lineEdit(), QtCore.Qt.Key.Key_Return)
    assert session.runs[row].optimizer.params["eps"] == 2.5e40 and eps.text() == "2.5e+40"
    assert session.runs[row].optimizer.params["lr"] == 0.2


def test_same_optimizer_twice_with_other_settings(window):
    panel, session = window.optimizer_panel, window.session
    panel.runs_list.setCurrentRow(4)
    panel.duplicate_current()
    assert len(session.runs) == 6 and panel.runs_list.currentRow() == 5
    panel.editors["bias_correction"].setChecked(False)
    assert session.runs[5].optimizer.params["bias_correction"] is False
    assert session.runs[4].optimizer.params["bias_correction"] is True
    assert session.runs[4].color != session.runs[5].color
    assert not np.array_equal(session.trajectories[4].path, session.trajectories[5].path)
    panel.remove_current()
    assert len(session.runs) == 5 and len(window.surface_view._runs) == 5


def test_eigenvalue_panel_equals_analysis(window):
    session = window.session
    for r in range(len(session.runs)):
        lam = analysis.hessian_eigenvalues(session.surface, session.trajectories[r].path)
        curves = window.side_plots.curves(r)
        for key, column in (("lambda_min", 0), ("lambda_max", 1)):
            _, y = curves[key].getData()
            np.testing.assert_array_equal(y, lam[:, 0, column])


def test_inspector_shows_hessian_eigenvalues(qtbot, window):
    session = window.session
    session.compute_critical_points()
    (cp,) = session.critical_points
    with qtbot.waitSignal(session.sigInspectedChanged):
        window.inspector.points_list.setCurrentRow(0)
    np.testing.assert_allclose(window.inspector.values, cp.eigenvalues)
    assert "Minimum" in window.inspector.kind_label.text()
    _assert_directions_drawn(window.surface_view, cp, ["positive", "positive"])
    session.set_iteration(50)
    session.inspect_run(1, 0)
    point = session.trajectories[1].path[50, 0]
    np.testing.assert_allclose(window.inspector.values, analysis.hessian_eigenvalues(session.surface, point))
    assert "Not a critical point" in window.inspector.kind_label.text()


def _assert_directions_drawn(view, cp, signs):
    """The two lines through critical point ``cp`` point along its eigenvectors (either way), each in the colour
    of its curvature's sign."""
    colors = {"negative": style.NEGATIVE_CURVATURE, "positive": style.POSITIVE_CURVATURE}
    for i, item in enumerate(view.directions):
        x, y = item.getData()
        ends = np.column_stack([x, y])
        assert ends.shape == (2, 2)
        np.testing.assert_allclose(ends.mean(axis=0), cp.xy, atol=1e-12)        # centred on the point
        drawn = (ends[1] - ends[0]) / np.linalg.norm(ends[1] - ends[0])
        vec = np.asarray(cp.eigenvectors)[:, i]
        sign = np.sign(drawn @ vec)
        np.testing.assert_allclose(drawn, sign * vec / np.linalg.norm(vec), atol=1e-12)
        assert item.opts["pen"].color().name() == colors[signs[i]]


def test_saddle_directions_negative_curvature_has_its_own_colour(qtbot, window):
    session = window.session
    session.set_surface("saddle")                          # x^2 - y^2: curvature -2 along y, +2 along x
    session.compute_critical_points()
    (cp,) = session.critical_points
    assert cp.kind == "saddle"
    with qtbot.waitSignal(session.sigInspectedChanged):
        window.inspector.points_list.setCurrentRow(0)
    np.testing.assert_allclose(cp.eigenvalues, [-2.0, 2.0])
    _assert_directions_drawn(window.surface_view, cp, ["negative", "positive"])
    assert abs(np.asarray(cp.eigenvectors)[1, 0]) == pytest.approx(1.0)        # the negative one is along y


def test_diverged_run_is_marked_and_listed(window):
    session = window.session
    index = session.add_run("gd:lr=1000")
    res = session.trajectories[index]
    assert res.status == ["diverged"]
    text = window.optimizer_panel.runs_list.item(index).text()
    assert "diverged" in text
    cross = window.surface_view._runs[index].cross
    assert len(cross.data) == 1                          # at the last iteration the cross is shown
    session.set_iteration(0)
    assert len(cross.data) == 0
    session.set_steps(10_000)                            # extreme settings: still computed and drawn
    assert session.trajectories[0].path.shape == (10_001, 1, 2)
    assert window.playback.slider.maximum() == 10_000
    session.set_steps(0)                                 # a figure of the start points: the box says 0
    assert window.playback.steps.value() == 0 and window.playback.slider.maximum() == 0
    (x0, x1), _ = window.side_plots.loss_plot.getViewBox().viewRange()
    assert x0 < 0 < 1 < x1 < 1.1                         # the iteration axis still spans 0..1, not ±0.0004


def test_divergence_message_clears_when_nothing_diverges_any_more(window):
    session, bar = window.session, window.statusBar()
    index = session.add_run("gd:lr=1000")
    assert bar.currentMessage().startswith("Diverged: GD")
    session.set_run_optimizer(index, "gd:lr=0.001")          # stable now: the message would be untrue
    assert session.diverged_runs() == [] and bar.currentMessage() == ""
    bar.showMessage("something else")                         # another message is not ours to clear
    session.set_steps(session.steps + 1)
    assert bar.currentMessage() == "something else"


def test_a_run_that_steps_where_f_is_undefined_says_so(window):
    session = window.session
    session.set_surface("log(x) + y^2")
    session.set_start(0, (0.5, 1.0))
    index = session.add_run("gd:lr=1")
    assert session.trajectories[index].status == ["undefined"]
    item = window.optimizer_panel.runs_list.item(index)
    assert item.text().endswith("— f undefined here, at step 1") and "1000 times as wide" in item.toolTip()
    assert "diverged" not in item.text()


def test_ctrl_click_adds_a_start_and_paths_from_it(qtbot, window):
    view, session = window.surface_view, window.session
    mouse_click(view.viewport(), view.data_to_widget(0.5, -0.5), modifiers=QtCore.Qt.KeyboardModifier.ControlModifier)
    assert len(session.starts) == 2
    assert session.starts[1] == pytest.approx((0.5, -0.5), abs=0.05)
    assert session.trajectories[0].path.shape[1] == 2
    assert len(view.targets) == 2
    assert not view._runs[0].faint.isVisible()         # at the end the line covers it: drawn when shown
    session.set_iteration(50)
    assert view._runs[0].faint.isVisible()
    x, _ = view._runs[0].faint.getData()
    assert np.isnan(x).sum() >= 1                        # one item, broken between the two starts
    view._on_remove_requested(1)
    assert len(session.starts) == 1 and len(view.targets) == 1


def test_hover_shows_coordinates_and_value(window):
    view = window.surface_view
    mouse_move(view.viewport(), view.data_to_widget(1.0, 1.0), buttons=QtCore.Qt.MouseButton.NoButton)
    text = window.hover_label.text()
    assert "x = 1" in text.replace("0.99", "1") and "f =" in text


def test_unexpected_error_goes_to_the_status_bar(window, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    errors.install(window)
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert "boom in a slot" in window.statusBar().currentMessage()


def test_settings_remember_the_session(window):
    window.session.set_surface("himmelblau")
    settings.save(window)
    scene = settings.last_scene()
    assert scene.surface == "himmelblau"
    assert [r.optimizer for r in scene.runs] == [r.optimizer.spec for r in window.session.runs]


def test_rmsprop_convention_editor_says_optax_decays_by_0_9(window):
    session, panel = window.session, window.optimizer_panel
    index = session.add_run("rmsprop:convention=optax")
    panel.runs_list.setCurrentRow(index)
    tip = panel.editors["convention"].toolTip()
    assert "alpha stays as set (0.99 by default), while optax.rmsprop's default decay is 0.9" in tip
    assert session.runs[index].optimizer.params["alpha"] == 0.99       # the convention does not change α


def _enter(qtbot, edit, text):
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, QtCore.Qt.Key.Key_Return)


def test_domain_editor_sets_the_domain_and_fit_goes_back(qtbot, window):
    picker, session = window.surface_picker, window.session
    _enter(qtbot, picker.formula, "(x - 4)**2 + y**2")
    session.compute_critical_points()                      # (normally from the event loop)
    # the formula's minimum (4, 0) is outside [-3, 3]²: its domain is fitted around it, and named
    assert [e.text() for e in picker.domain_edits] == ["1", "7", "-3", "3"]
    assert picker.summary.text() == "1 critical point in [1, 7] × [-3, 3]"
    assert not picker.domain_fit.isEnabled()
    qtbot.keyClick(picker.domain_edits[0], QtCore.Qt.Key.Key_Return)     # the fields as shown: still the fitted one
    assert session.domain is None and not picker.domain_fit.isEnabled()
    (x0, x1), (y0, y1) = window.surface_view.view_range()
    assert x0 <= 1 + 1e-6 and x1 >= 7 - 1e-6 and y0 <= -3 + 1e-6 and y1 >= 3 - 1e-6
    # the student types another domain into the real fields
    for edit, text in zip(picker.domain_edits[:3], ["-3", "3", "-2"]):
        edit.selectAll()
        qtbot.keyClicks(edit, text)
    _enter(qtbot, picker.domain_edits[3], "2")
    assert session.domain == ((-3.0, 3.0), (-2.0, 2.0)) and session.surface.domain == session.domain
    session.compute_critical_points()
    assert picker.summary.text() == "no critical points in [-3, 3] × [-2, 2]"
    assert window.inspector.points_list.item(0).text() == "no critical points in [-3, 3] × [-2, 2]"
    assert picker.domain_fit.isEnabled()
    # a range no view can show, or text that is no number: one line why, and the domain stays
    _enter(qtbot, picker.domain_edits[1], "-5")
    assert picker.message.isVisible() and picker.message.text().startswith("x: the minimum must be below")
    _enter(qtbot, picker.domain_edits[1], "abc")
    assert picker.message.text() == "The domain needs four numbers: x from, x to, y from, y to."
    assert session.domain == ((-3.0, 3.0), (-2.0, 2.0))
    # Fit: back to the domain fitted to the critical points
    qtbot.mouseClick(picker.domain_fit, QtCore.Qt.MouseButton.LeftButton)
    assert session.domain is None and session.surface.domain == ((1.0, 7.0), (-3.0, 3.0))
    assert [e.text() for e in picker.domain_edits] == ["1", "7", "-3", "3"] and not picker.message.isVisible()


def test_the_domain_travels_in_scenes_and_a_new_surface_drops_it(window):
    from core import scene as scene_io

    session = window.session
    session.set_surface("(x - 4)**2 + y**2")
    session.set_domain(((0, 8), (-4, 4)))
    saved = scene_io.loads(scene_io.dumps(session.to_scene()))
    assert saved.domain == ((0.0, 8.0), (-4.0, 4.0))
    reopened = Session.from_scene(saved)
    assert reopened.domain == saved.domain and reopened.surface.domain == saved.domain
    session.set_surface("himmelblau")
    assert session.domain is None and session.surface.domain == ((-5.0, 5.0), (-5.0, 5.0))
    session.apply_scene(saved)
    assert session.domain == saved.domain and window.surface_picker.domain_edits[1].text() == "8"


def test_a_plateau_is_listed_as_flat_regions(window):
    window.session.set_surface("tanh(20*(x**2 + y**2 - 4))")
    window.session.compute_critical_points()
    items = [window.inspector.points_list.item(i) for i in range(window.inspector.points_list.count())]
    assert items[0].text() == "no critical points in [-3, 3] × [-3, 3]"
    assert [i.text().split(" on ")[0] for i in items[1:]] == ["flat region: f = 1", "flat region: f = -1"]
    assert not items[1].flags() & QtCore.Qt.ItemFlag.ItemIsSelectable
    assert window.surface_picker.summary.text().splitlines()[1].startswith("flat region: f = 1 on ")
