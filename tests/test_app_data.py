"""A graph's loss on data in the real window (pytest-qt, offscreen): File > Open graph as a loss surface… and
Open data… (file dialogs and the axes dialog replaced), runs with their own batch size, the batch-loss contours,
epoch marks, the data view's prediction, the batch rows in the explain and Backprop panels, bad files."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6 import QtWidgets

from app.main_window import MainWindow
from app.model import Session
from app.views import minibatch_items, model_open
from app.views.model_open import AxesDialog
from core import batches, runs
from core import graph as graphs
from core.minibatch import run_many
from core.model_surface import ModelSurface

ROOT = Path(__file__).resolve().parents[1]
GRAPHS, DATA = ROOT / "resources" / "graphs", ROOT / "resources" / "datasets"
LINEAR, LINEAR_CSV = GRAPHS / "linear_regression.graph", DATA / "linear_regression.csv"


@pytest.fixture
def window(qtbot, monkeypatch):
    w = MainWindow(Session("rosenbrock", ["gd:lr=0.001"], [(-1.5, 2.0)], 100))
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    monkeypatch.setattr(model_open, "choose_axes", lambda graph, current, parent: ("w", "b"))
    return w


def open_files(window, monkeypatch, graph=LINEAR, data=LINEAR_CSV):
    """Open ``graph`` and ``data`` through the File menu's actions, the file dialogs answering with them."""
    answers = iter([str(graph), str(data)])
    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileName", lambda *a, **k: (next(answers), ""))
    window.open_model_action.trigger()
    if data is not None:
        window.open_data_action.trigger()
    window.session.compute_critical_points()


def with_runs(window, specs, steps=60):
    session = window.session
    for spec in specs:
        session.add_run(spec)
    session.remove_run(0)
    session.set_steps(steps)
    return session


def test_open_graph_and_data_shows_the_full_data_loss_with_its_least_squares_minimum(window, monkeypatch):
    open_files(window, monkeypatch)
    session = window.session
    surface = session.surface
    assert isinstance(surface, ModelSurface) and (surface.p, surface.q) == ("w", "b")
    data = np.loadtxt(LINEAR_CSV, delimiter=",", skiprows=1)
    assert surface.n_rows == len(data)
    X = np.column_stack([data[:, 0], np.ones(len(data))])
    w_star = np.linalg.lstsq(X, data[:, 1], rcond=None)[0]
    (cp,) = session.critical_points
    assert cp.kind == "minimum" and cp.xy == pytest.approx(w_star, abs=1e-8)
    label = window.surface_picker.model_label
    assert label.isVisible()
    assert label.text() == f"Graph linear_regression.graph, axes w and b, mean over {len(data)} rows of " \
                           "linear_regression.csv"
    assert session.to_scene().model.axes == ("w", "b")          # what a saved scene keeps
    assert window.data_dock.isVisible()
    window.reset_layout_action.trigger()                       # still there, tabbed with the inspector
    assert window.data_dock.isVisible() and window.data_dock in window.tabifiedDockWidgets(window.inspector_dock)
    session.undo()                                             # one undo step: the graph alone
    assert session.surface.data is None and session.model.data_path is None
    session.undo()
    assert session.surface_text == "rosenbrock" and session.model is None


def test_the_axes_dialog_offers_the_parameters_with_their_values_and_refuses_the_same_twice(qtbot):
    dialog = AxesDialog(graphs.load(GRAPHS / "sigmoid_2_2_2.graph"))
    qtbot.addWidget(dialog)
    items = [dialog.combos[0].itemText(i) for i in range(dialog.combos[0].count())]
    assert "w5 = 0.4" in items and "w1 = 0.15" in items
    ok = dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled() and dialog.axes()[0] != dialog.axes()[1]
    dialog.combos[1].setCurrentIndex(dialog.combos[0].currentIndex())
    assert not ok.isEnabled() and dialog.note.text()


@pytest.mark.parametrize("action, name", [("open_model_action", "README.md"), ("open_model_action", "binary"),
                                          ("open_model_action", "no_such.graph"), ("open_data_action", "README.md"),
                                          ("open_data_action", "unrelated.csv"), ("open_data_action", "binary")])
def test_a_bad_file_changes_nothing_and_says_why_in_one_line(window, monkeypatch, tmp_path, action, name):
    open_files(window, monkeypatch, LINEAR, None)      # a good graph first: Open data has something to feed
    session = window.session
    before = (session.surface, session.model, len(session._undo))
    path = ROOT / "README.md" if name == "README.md" else tmp_path / name
    if name == "binary":
        path.write_bytes(bytes(range(256)) * 4)
    elif name == "unrelated.csv":              # no column feeds an input of the graph
        path.write_text("a,b\n1,2\n")
    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    getattr(window, action).trigger()
    assert (session.surface, session.model, len(session._undo)) == before
    message = window.surface_picker.message
    assert message.isVisible() and message.text() and "\n" not in message.text()


def test_open_data_before_a_graph_says_to_open_a_graph(window, monkeypatch):
    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileName", lambda *a, **k: (str(LINEAR_CSV), ""))
    window.open_data_action.trigger()
    assert window.session.surface_text == "rosenbrock"
    assert "Open a graph" in window.surface_picker.message.text()


def test_batch_shows_only_on_data_and_runs_with_batch_0_1_8_take_their_own_paths(window, monkeypatch):
    panel = window.optimizer_panel
    assert not panel.form.isRowVisible(panel.editors["batch"])        # a formula has no rows
    open_files(window, monkeypatch)
    assert panel.form.isRowVisible(panel.editors["batch"]) and panel.form.isRowVisible(panel.editors["seed"])
    session = with_runs(window, ["gd:lr=0.05", "gd:lr=0.05,batch=1", "gd:lr=0.05,batch=8"])
    panel.runs_list.setCurrentRow(2)
    assert panel.editors["batch"].number() == 8
    paths = [tr.path[:, 0] for tr in session.trajectories]
    assert all(np.array_equal(p[0], paths[0][0]) for p in paths)     # same start
    assert not np.allclose(paths[0], paths[1]) and not np.allclose(paths[1], paths[2])
    for run, path in zip(session.runs, paths):                      # each is core's run of its spec
        expected = runs.run(session.surface, run.optimizer, session.starts_array, session.steps).path[:, 0]
        np.testing.assert_array_equal(path, expected)
    assert session.trajectories[0].batches is None
    assert [len(b) for b in session.trajectories[2].batches[:7]] == [8] * 6 + [session.surface.n_rows - 48]


def test_the_batch_contours_follow_the_step_and_equal_the_batch_loss(window, monkeypatch):
    open_files(window, monkeypatch)
    session = with_runs(window, ["gd:lr=0.05", "gd:lr=0.05,batch=8,seed=3"])
    window.optimizer_panel.runs_list.setCurrentRow(1)
    overlay = window.batch_contours
    session.set_iteration(4)
    assert not overlay.item.isVisible()
    window.batch_contours_action.setChecked(True)
    assert overlay.item.isVisible() and "step 5 (8 rows)" in overlay.caption
    t, rows, xs, ys, Z = overlay.last
    sched = batches.schedule(session.surface.n_rows, 8, session.steps, 3)
    assert t == 4 and np.array_equal(rows, sched.batches[4])
    X, Y = np.meshgrid(xs, ys)
    np.testing.assert_allclose(Z, session.surface.batch_value(np.stack([X, Y], -1), sched.batches[4]), rtol=1e-12)
    drawn = overlay.item.getData()[0].copy()
    session.set_iteration(5)
    assert overlay.last[0] == 5 and not np.array_equal(overlay.item.getData()[0], drawn)
    assert overlay.last[1].tolist() == sched.batches[5].tolist()
    window.optimizer_panel.runs_list.setCurrentRow(0)                  # full-batch GD: no batch to show
    assert not overlay.item.isVisible()
    window.batch_contours_action.setChecked(False)
    window.optimizer_panel.runs_list.setCurrentRow(1)
    assert not overlay.item.isVisible()
    assert minibatch_items.batch_step(session.steps, session.steps) == session.steps - 1


def test_epoch_marks_sit_at_the_schedule_s_epoch_starts(window, monkeypatch):
    open_files(window, monkeypatch)
    session = with_runs(window, ["gd:lr=0.05", "gd:lr=0.05,batch=16,seed=2"], steps=30)
    window.optimizer_panel.runs_list.setCurrentRow(1)
    sched = batches.schedule(session.surface.n_rows, 16, 30, 2)
    epochs = [e for e in sched.epoch_starts if e > 0]
    assert epochs == [4, 8, 12, 16, 20, 24, 28]            # 50 rows: 16 + 16 + 16 + 2 per epoch
    marks = window.epoch_marks
    path = session.trajectories[1].path[:, 0]
    np.testing.assert_allclose(np.column_stack(marks.ticks.getData()), path[epochs])
    assert [line.value() for line in marks.lines] == epochs
    (curve,) = marks.batch_curves
    x, y = curve.getData()                           # one start: its batch losses, then the NaN that ends it
    np.testing.assert_array_equal(x[:-1], np.arange(30))
    np.testing.assert_array_equal(y[:-1], session.trajectories[1].batch_loss[:, 0])
    assert marks.legend.isVisible()


def test_the_data_view_shows_the_prediction_at_the_current_iterate_and_rings_the_batch(window, monkeypatch):
    open_files(window, monkeypatch)
    session = with_runs(window, ["gd:lr=0.05,batch=8"])
    view = window.data_view
    for k in (0, 7, session.steps):
        session.set_iteration(k)
        xy = session.trajectories[0].path[k, 0]
        x, y = view.prediction.getData()
        np.testing.assert_allclose(y, session.surface.predict(xy, "x", x), rtol=1e-12)
        np.testing.assert_allclose(y, xy[0] * x + xy[1], rtol=1e-12)      # the regression line w x + b
        rows = session.trajectories[0].batches[min(k, session.steps - 1)]
        data = np.loadtxt(LINEAR_CSV, delimiter=",", skiprows=1)
        bx, _ = view.batch_points.getData()
        np.testing.assert_array_equal(bx, data[rows, 0])


def test_the_data_views_prediction_has_the_colour_of_the_run_it_follows(window, monkeypatch):
    open_files(window, monkeypatch)
    session = with_runs(window, ["gd:lr=0.05", "gd:lr=0.05,batch=8,seed=1"])
    for k in (1, 0):
        window.optimizer_panel.runs_list.setCurrentRow(k)
        pen = window.data_view.prediction.opts["pen"]
        assert pen.color().name() == session.runs[k].color.lower()
        xy = session.trajectories[k].path[session.iteration, 0]
        _, y = window.data_view.prediction.getData()
        np.testing.assert_allclose(y[[0, -1]], xy[0] * window.data_view.curve_x[[0, -1]] + xy[1], rtol=1e-12)


def test_the_data_view_of_logistic_regression_draws_the_sigmoid(window, monkeypatch):
    open_files(window, monkeypatch, GRAPHS / "logistic_bce.graph", DATA / "logistic.csv")
    session = window.session
    xy = session.trajectories[0].path[session.iteration, 0]
    x, y = window.data_view.prediction.getData()
    np.testing.assert_allclose(y, 1 / (1 + np.exp(-(xy[0] * x + xy[1]))), rtol=1e-12)


def test_explain_and_backprop_panels_list_the_batch_rows(window, monkeypatch):
    open_files(window, monkeypatch)
    session = with_runs(window, ["gd:lr=0.05,batch=4,seed=1"])
    session.set_iteration(2)
    window.explain_dock.show()
    window.explain_dock.raise_()
    window.explain_panel.refresh()
    rows = session.trajectories[0].batches[2]
    assert window.explain_panel.batch_label.text().startswith(
        f"Batch of step 3: rows {', '.join(map(str, rows))} (4 of 50")
    panel = window.backprop_panel
    window.show_backprop()
    panel.show_surface()
    picker = panel.row_picker
    assert [picker.combo.itemData(i) for i in range(picker.combo.count())] == rows.tolist()
    picker.combo.setCurrentIndex(2)
    data = np.loadtxt(LINEAR_CSV, delimiter=",", skiprows=1)
    w, b = session.trajectories[0].path[2, 0]
    row = data[rows[2]]
    assert panel.evaluation.loss == pytest.approx((w * row[0] + b - row[1]) ** 2, rel=1e-12)
    g = session.surface.batch_value_grad(np.array([w, b]), rows)[1]
    assert f"{g[0]:.6g}" in picker.mean.text() and "(4 rows)" in picker.mean.text()


def test_minibatch_runs_from_one_start_computed_together_equal_each_run_alone(window, monkeypatch):
    """The session steps the minibatch runs of a dragged start in lockstep (core.minibatch.run_many): each
    path, batch loss and batch list is bitwise what core.runs.run gives for that run alone."""
    open_files(window, monkeypatch, GRAPHS / "logistic_bce.graph", DATA / "logistic.csv")
    session = with_runs(window, ["gd:lr=0.5,batch=4", "adam:lr=0.05,batch=8,seed=2", "momentum:lr=0.1,batch=1",
                                 "gd:lr=0.5"], steps=80)
    calls = []
    monkeypatch.setattr("app.model.run_many", lambda *a, **k: calls.append(len(a[1])) or run_many(*a, **k))
    session.set_start(0, (-1.0, 2.0))
    results = session.trajectories
    assert calls == [3]                                  # the three minibatch runs, together
    for run, res in zip(session.runs, results):
        alone = runs.run(session.surface, run.optimizer, session.starts_array, session.steps)
        np.testing.assert_array_equal(res.path, alone.path)
        if alone.batches is not None:
            np.testing.assert_array_equal(res.batch_loss, alone.batch_loss)
            assert all(np.array_equal(a, b) for a, b in zip(res.batches, alone.batches))


def test_the_step_table_of_a_minibatch_run_lists_each_step_s_batch_rows(window, monkeypatch, qtbot):
    from app.export_ui import StepTableDialog

    open_files(window, monkeypatch)
    session = with_runs(window, ["gd:lr=0.05,batch=4,seed=1"])
    dialog = StepTableDialog(window.export_actions.current_scene(), window)
    qtbot.addWidget(dialog)
    view = dialog.view
    headers = [view.horizontalHeaderItem(c).text() for c in range(view.columnCount())]
    assert "rows" in headers
    column = headers.index("rows")
    for t in range(3):
        rows = session.trajectories[0].batches[t]
        # two table rows per step (its x and its y): the batch's rows on the first
        assert [int(v) for v in view.item(2 * t, column).text().split()] == rows.tolist()


def test_the_explain_panel_follows_new_data_with_the_same_graph_and_axes(window, monkeypatch, tmp_path):
    open_files(window, monkeypatch)
    session = with_runs(window, ["gd:lr=0.05"])
    window.explain_dock.show()
    window.explain_dock.raise_()
    before = window.explain_panel.values()["grad"].copy()
    other = tmp_path / "other.csv"
    other.write_text("x,y\n1,5\n2,3\n3,9\n")
    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    window.open_data_action.trigger()
    window.explain_panel.refresh()
    k = session.iteration
    expected = session.surface.grad(session.trajectories[0].path[k, 0])
    np.testing.assert_allclose(window.explain_panel.values()["grad"], expected, rtol=1e-12)
    assert not np.allclose(before, expected)
