"""The Backprop panel through the real window (pytest-qt, offscreen): the shipped graphs drawn with core's
numbers, gradient descent one step at a time, answers marked as they are typed, the surface's graph following
the playback, exports equal to the command line's, a readable layout, Persian labels."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets
from qt_helpers import mouse_click

from app.launch import DEFAULT_RUNS
from app.main_window import MainWindow
from app.model import Session
from app.views import backprop_panel, graph_layout
from app.views.graph_view import short
from core import backprop, backprop_tables, graph

pytestmark = pytest.mark.slow          # builds windows (tests/conftest.py: naming this file runs it)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "resources" / "graphs"
NETWORK_40 = ROOT / "tests" / "data" / "network_40.graph"
LRI, PDI = "\u2066", "\u2069"


def make_window(qtbot, surface="rosenbrock"):
    w = MainWindow(Session(surface, DEFAULT_RUNS, [(-1.5, 2.0)], 200))
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def window(qtbot):
    return make_window(qtbot)


def example_action(window, stem):
    title = backprop_panel.example_title(EXAMPLES / f"{stem}.graph")
    return next(a for a in window.export_actions.examples_menu.actions() if a.text() == title)


def assert_shows(panel, ev):
    """Every box shows core's value above and gradient below; the nodes table has them to 6 digits."""
    assert set(panel.view.boxes) == {n.name for n in ev.graph.nodes}
    for name, box in panel.view.boxes.items():
        assert box.value.text() == short(ev.values[name]), name
        assert box.grad.text() == short(ev.grads[name]), name
        assert box.value.isVisible() and box.grad.isVisible()
    table = panel.check_table
    for r, n in enumerate(ev.graph.nodes):
        assert [table.item(r, c).text() for c in range(3)] == [n.name, backprop_tables.num(ev.values[n.name]),
                                                               backprop_tables.num(ev.grads[n.name])]


@pytest.mark.parametrize("stem", ["sigmoid_neuron", "sigmoid_2_2_2", "leaky_relu_2_2_1", "batchnorm_two_values"])
def test_every_example_in_the_menu_shows_each_node_with_core_s_value_and_gradient(window, stem):
    example_action(window, stem).trigger()
    panel = window.backprop_panel
    assert window.backprop_dock.isVisible()
    ev = backprop.evaluate(graph.load(EXAMPLES / f"{stem}.graph"))
    assert_shows(panel, ev)
    assert panel.lr == (0.5 if stem == "sigmoid_2_2_2" else 0.1)


def test_the_lecture_neuron_s_numbers_on_the_boxes(window):
    example_action(window, "sigmoid_neuron").trigger()
    boxes = window.backprop_panel.view.boxes
    # f = 0.73; gradients -0.20 (w0), 0.39 (x0), -0.39 (w1), -0.59 (x1), 0.20 (w2): the slides' numbers
    assert boxes["L"].value.text() == "0.7311"
    assert [boxes[n].grad.text() for n in ("w0", "x0", "w1", "x1", "w2")] == [
        "-0.1966", "0.3932", "-0.3932", "-0.5898", "0.1966"]


def test_stepping_follows_core_s_gradient_descent(qtbot, window):
    example_action(window, "leaky_relu_2_2_1").trigger()
    panel = window.backprop_panel
    g = graph.load(EXAMPLES / "leaky_relu_2_2_1.graph")
    assert not panel.back_button.isEnabled()
    for _ in range(3):
        qtbot.mouseClick(panel.step_button, QtCore.Qt.MouseButton.LeftButton)
    descent = backprop.descend(g, 0.1, 3)
    assert panel.step == 3 and panel.step_label.text() == "step 3"
    assert panel.points[3] == descent.points[3]          # exactly: the same arithmetic
    assert_shows(panel, backprop.evaluate(g, descent.points[3]))
    assert panel.view.boxes["w5"].value.text() == short(descent.points[3]["w5"])
    panel.tabs.setCurrentWidget(panel.loss_plot)           # the curve is drawn when its tab is shown
    x, y = panel.loss_curve.getData()
    assert list(x) == [0, 1, 2, 3] and list(y) == descent.losses
    qtbot.mouseClick(panel.back_button, QtCore.Qt.MouseButton.LeftButton)
    assert panel.step == 2
    assert_shows(panel, backprop.evaluate(g, descent.points[2]))
    panel.lr_box.setValue(0.5)                               # another learning rate: the path from the start again
    assert panel.points[2] == backprop.descend(g, 0.5, 2).points[2]
    qtbot.mouseClick(panel.reset_button, QtCore.Qt.MouseButton.LeftButton)
    assert panel.step == 0
    assert_shows(panel, backprop.evaluate(g))


def test_stepping_stops_where_the_loss_is_not_finite(qtbot, window, tmp_path):
    path = tmp_path / "blowup.graph"
    path.write_text("param w = 10\nloss L = exp(w^3)\n")
    window.open_graph(str(path))
    panel = window.backprop_panel
    assert panel.graph.source == str(path)
    panel.step_forward()       # w - 0.1 * 3w^2 e^(w^3): overflow
    assert panel.step == 0 and "Stopped at step 0" in panel.status.text()


def test_a_typed_answer_turns_right_or_wrong_as_it_is_typed(qtbot, window):
    example_action(window, "leaky_relu_2_2_1").trigger()
    panel = window.backprop_panel
    panel.step_forward()                                     # w5 = 0.5 + 0.1·0.354·0.229·0.4 = 0.50324...
    qtbot.mouseClick(panel.check_box, QtCore.Qt.MouseButton.LeftButton)
    assert panel.tabs.currentWidget() is panel.check_table
    assert not panel.check_table.isColumnHidden(3) and panel.check_table.isColumnHidden(1)   # no peeking
    value, grad = panel.answers[("w5", "value")], panel.answers[("w5", "grad")]
    qtbot.keyClicks(value, "0.5")
    assert panel.mark("w5", "value") is True                 # right so far, to one decimal
    qtbot.keyClicks(value, "03")
    assert panel.mark("w5", "value") is True and backprop_panel.RIGHT_COLOR in value.styleSheet()
    qtbot.keyClicks(value, "9")                              # 0.5039: more than 0.0001 away from 0.50324
    assert panel.mark("w5", "value") is False and backprop_panel.WRONG_COLOR in value.styleSheet()
    qtbot.keyClicks(grad, "7")
    ev = panel.evaluation
    assert panel.mark("w5", "grad") is False
    tip = grad.toolTip()
    assert backprop_tables.num(ev.grads["w5"]) in tip and backprop_tables.chain_rule(ev, "w5") in tip
    grad.clear()
    assert panel.mark("w5", "grad") is None and grad.styleSheet() == ""
    qtbot.keyClicks(grad, "abc")
    assert panel.mark("w5", "grad") is False and "Not a number" in grad.toolTip()
    # a step re-marks: 0.503 is the value after one step, not after two
    value.setText("0.503")
    assert panel.mark("w5", "value") is True
    panel.step_forward()
    assert panel.mark("w5", "value") is False


def test_the_surface_s_graph_follows_the_selected_run_and_a_click(qtbot):
    window = make_window(qtbot, "x^2 + 3*sin(x*y)")
    panel = window.backprop_panel
    qtbot.mouseClick(panel.surface_button, QtCore.Qt.MouseButton.LeftButton)
    assert panel.surface_mode and window.backprop_dock.isVisible()
    # the formula as typed, not sympy's form: one box per operation
    assert [n.label for n in panel.graph.nodes] == ["x", "y", "x^2", "x*y", "sin(x*y)", "3*sin(x*y)",
                                                    "x^2 + 3*sin(x*y)"]
    session = window.session
    window.optimizer_panel.runs_list.setCurrentRow(2)
    for k in (0, 7, 120):
        session.set_iteration(k)
        x, y = session.trajectories[2].path[k, 0]
        assert panel.evaluation.values["x"] == x and panel.evaluation.values["y"] == y
        expected = backprop.evaluate(graph.from_formula("x^2 + 3*sin(x*y)", (x, y)))
        assert_shows(panel, expected)
        assert panel.evaluation.loss == pytest.approx(session.surface.value((x, y)), rel=1e-12)
    panel.tabs.setCurrentWidget(panel.loss_plot)
    assert panel.loss_marker.getData()[0][0] == 120
    assert list(panel.loss_curve.getData()[1]) == list(session.trajectories[2].loss[:121, 0])
    # a click on the surface shows the graph there until the playback moves
    view, vb = window.surface_view, window.surface_view.vb
    window.show()
    qtbot.wait(50)
    pos = view.mapFromScene(vb.mapViewToScene(QtCore.QPointF(0.5, -0.25)))
    mouse_click(view.viewport(), pos)
    assert panel.evaluation.values["x"] == pytest.approx(0.5, abs=0.05)
    assert panel.evaluation.values["y"] == pytest.approx(-0.25, abs=0.05)
    session.set_iteration(3)
    assert panel.evaluation.values["x"] == session.trajectories[2].path[3, 0, 0]


def test_a_built_in_surface_shows_the_graph_of_its_formula(qtbot, window):
    panel = window.backprop_panel
    panel.show_surface()
    session = window.session
    x, y = session.trajectories[0].path[session.iteration, 0]
    assert panel.graph.loss.label == graph.from_formula(session.surface.formula).loss.label
    assert panel.evaluation.loss == pytest.approx(session.surface.value((x, y)), rel=1e-12)
    assert panel.evaluation.grads["x"] == pytest.approx(session.surface.grad((x, y))[0], rel=1e-12)


def test_edge_labels_show_each_local_derivative_on_demand(window):
    example_action(window, "sigmoid_neuron").trigger()
    panel = window.backprop_panel
    labels = {k: label for k, (_path, label) in panel.view.edges.items()}
    assert not any(label.isVisible() for label in labels.values())
    panel.edges_box.setChecked(True)
    ev = panel.evaluation
    assert len(ev.edges) == len(labels)
    for e in ev.edges:
        assert labels[(e.src, e.dst)].isVisible() and labels[(e.src, e.dst)].text() == short(e.local)


def test_copy_and_export_are_the_command_line_s_worksheet(qtbot, window, tmp_path):
    example_action(window, "sigmoid_2_2_2").trigger()
    panel = window.backprop_panel
    g = graph.load(EXAMPLES / "sigmoid_2_2_2.graph")
    ev, d = backprop.evaluate(g), backprop.descend(g, 0.5, 1)
    for fmt in ("md", "tex", "csv", "json"):
        out = tmp_path / f"w.{fmt}"
        assert panel.export(str(out))
        assert out.read_text(encoding="utf-8") == backprop_tables.render(g, ev, d, fmt)
    qtbot.mouseClick(panel.copy_buttons["md"], QtCore.Qt.MouseButton.LeftButton)
    assert QtWidgets.QApplication.clipboard().text() == backprop_tables.render(g, ev, d, "md")
    # after a step: the worksheet at that point, its title says so, and "updated" is one more step
    panel.step_forward()
    doc = json.loads(panel.text_as("json"))
    two = backprop.descend(g, 0.5, 2)
    assert doc["graph"].endswith("after 1 step(s) with lr 0.5")
    assert {p["name"]: p["value"] for p in doc["params"]} == two.points[1]
    assert {p["name"]: p["updated"] for p in doc["params"]} == pytest.approx(two.points[2], rel=1e-15)
    assert not panel.export(str(tmp_path / "w.txt")) and not (tmp_path / "w.txt").exists()


def test_forward_backward_and_parameter_tables_are_core_s_sections(window):
    example_action(window, "leaky_relu_2_2_1").trigger()
    panel = window.backprop_panel
    g = graph.load(EXAMPLES / "leaky_relu_2_2_1.graph")
    forward, backward, params, _ = backprop_tables.sections(g, backprop.evaluate(g), backprop.descend(g, 0.1, 1))
    for table, section in ((panel.forward_table, forward), (panel.backward_table, backward),
                           (panel.params_table, params)):
        panel.tabs.setCurrentWidget(table)
        cells = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
        assert cells == section[2]


def test_a_bad_graph_file_is_one_message_and_changes_nothing(qtbot, window, tmp_path, monkeypatch):
    example_action(window, "sigmoid_neuron").trigger()
    panel = window.backprop_panel
    shown = panel.graph
    bad = tmp_path / "bad.graph"
    bad.write_text("param w = 1\nloss L = w +\n")
    warnings = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    window.open_graph(str(bad))
    assert panel.graph is shown and len(warnings) == 1
    assert "line 2, column" in warnings[0] and "\n" not in warnings[0]


@pytest.mark.parametrize("path", [NETWORK_40, *sorted(EXAMPLES.glob("*.graph"))], ids=lambda p: p.stem)
def test_layout_runs_left_to_right_and_no_two_boxes_or_numbers_overlap(window, path):
    window.open_graph(str(path))
    view = window.backprop_panel.view
    g = window.backprop_panel.graph
    boxes = view.boxes
    for n in g.nodes:
        for src in n.inputs:
            assert boxes[src].rect.sceneBoundingRect().right() < boxes[n.name].rect.sceneBoundingRect().left()
    rects = [(name, item.sceneBoundingRect()) for name, b in boxes.items() for item in (b.rect, b.value, b.grad)]
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1:]:
            assert not ra.intersects(rb), (a, b)
    # text stays legible: the view never fits below MIN_FIT_SCALE (it scrolls instead)
    assert view.transform().m11() >= 0.7


def test_barycentre_sweeps_do_not_add_crossings():
    for path in [NETWORK_40, *EXAMPLES.glob("*.graph")]:
        g = graph.load(path)
        layer = graph_layout.layers(g)
        start = [[n.name for n in g.nodes if layer[n.name] == k] for k in range(max(layer.values()) + 1)]
        edges = [(s, n.name) for n in g.nodes for s in n.inputs]
        assert graph_layout.crossings(graph_layout.arrange(g), edges) <= graph_layout.crossings(start, edges)


def test_parameters_sit_just_before_the_node_that_reads_them():
    g = graph.load(EXAMPLES / "sigmoid_2_2_2.graph")
    layer = graph_layout.layers(g)
    assert layer["w5"] == layer["out_h1"] == layer["net_o1"] - 1
    assert layer["i1"] == layer["w1"] == 0 and layer["E"] == max(layer.values())




def test_persian_labels_and_numbers_kept_left_to_right(qtbot, persian):
    window = make_window(qtbot)
    example_action(window, "leaky_relu_2_2_1").trigger()
    panel = window.backprop_panel
    translate = QtCore.QCoreApplication.translate
    assert window.backprop_dock.windowTitle() == translate("BackpropPanel", "Backprop") != "Backprop"
    assert panel.check_box.text() == translate("BackpropPanel", "Check my answers") != "Check my answers"
    assert panel.tabs.tabText(1) == translate("BackpropPanel", "Forward") != "Forward"
    assert window.open_graph_action.text() == translate("BackpropPanel", "Open &graph…") != "Open &graph…"
    titles = [a.text() for a in window.export_actions.examples_menu.actions()]
    assert translate("BackpropPanel", "2-2-1 leaky-ReLU network") in titles
    ev = panel.evaluation
    assert panel.view.boxes["w4"].value.text() == f"{LRI}{short(ev.values['w4'])}{PDI}"
    assert panel.view.layoutDirection() == QtCore.Qt.LayoutDirection.LeftToRight
    # the answers' check works the same in Persian
    qtbot.keyClicks(panel.answers[("L", "value")], "0.0628")
    assert panel.mark("L", "value") is True


def test_the_graph_scene_is_not_rebuilt_by_a_step(window):
    window.open_graph(str(NETWORK_40))
    panel = window.backprop_panel
    items = set(panel.view.scene().items())
    panel.step_forward()
    panel.step_forward()
    assert set(panel.view.scene().items()) == items


def test_a_hidden_panel_skips_playback_frames_and_catches_up_when_shown(qtbot, window):
    panel, session = window.backprop_panel, window.session
    window.show_backprop()
    panel.show_surface()
    window.backprop_dock.hide()
    shown = panel.evaluation
    session.set_iteration(5)
    assert panel.evaluation is shown                     # no work for a panel nobody sees
    window.backprop_dock.show()
    x, y = session.trajectories[0].path[5, 0]
    assert (panel.evaluation.values["x"], panel.evaluation.values["y"]) == (x, y)
