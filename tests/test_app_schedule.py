"""The schedule editor under a run's hyperparameters, and the current lr in the explain panel (offscreen)."""
import numpy as np
import pytest
from PySide6 import QtWidgets

from app.model import Session
from app.views.explain_panel import ExplainPanel
from app.views.optimizer_panel import OptimizerPanel
from core import optimizers

pytestmark = pytest.mark.slow          # pyqtgraph scenes, background work (naming this file runs it)


@pytest.fixture
def session(qtbot):
    s = Session("bowl", runs=["momentum:lr=0.1,momentum=0.9", "adam:lr=0.1"], starts=[(1.0, -2.0)], steps=40)
    s.set_iteration(0)
    return s


@pytest.fixture
def panel(qtbot, session):
    p = OptimizerPanel(session)
    qtbot.addWidget(p)
    p.show()
    p.runs_list.setCurrentRow(0)
    return p


def choose(combo: QtWidgets.QComboBox, data: str) -> None:
    """Pick an item as the user does (``activated`` is what the editor listens to)."""
    index = combo.findData(data)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_choosing_a_schedule_sets_it_with_torch_names_and_plots_lr(session, panel):
    editor = panel.schedule_editor
    assert editor.plot.isHidden()                                  # a constant lr: nothing to plot
    choose(editor.combo, "cosine")
    opt = session.runs[0].optimizer
    assert opt.spec == "momentum:lr=0.1,momentum=0.9,convention=pytorch,schedule=cosine,T_max=40,eta_min=0"
    assert not editor.plot.isHidden() and set(editor.editors) == {"T_max", "eta_min"}
    np.testing.assert_array_equal(editor.lr_values(), opt.hyperparameters(40)[0])
    assert editor.lr_values()[0] == 0.1 and editor.lr_values()[20] == pytest.approx(0.05)
    editor.editors["T_max"].setValue(10)                           # the user types a new T_max
    assert session.runs[0].optimizer.params["T_max"] == 10
    assert editor.lr_values()[10] == pytest.approx(0.0, abs=1e-15) and editor.lr_values()[20] == pytest.approx(0.1)
    assert "lr = lrₜ of the cosine schedule" in panel.rule_label.text()
    choose(editor.combo, "none")
    assert session.runs[0].optimizer.spec == "momentum:lr=0.1,momentum=0.9,convention=pytorch"


def test_onecycle_takes_over_lr_and_momentum_and_a_refusal_is_one_line(session, panel):
    editor = panel.schedule_editor
    choose(editor.combo, "onecycle")
    opt = session.runs[0].optimizer
    assert "lr" not in opt.params and "momentum" not in opt.params
    assert opt.params["max_lr"] == 0.1 and opt.params["total_steps"] == 40
    assert not panel.form.isRowVisible(panel.editors["lr"]) and not panel.form.isRowVisible(panel.editors["momentum"])
    assert panel.form.isRowVisible(panel.editors["dampening"])
    assert editor.lr_values()[0] == pytest.approx(0.1 / 25)
    editor.editors["total_steps"].setValue(10)                     # shorter than the run: torch refuses
    assert "total_steps=10 but the run has 40 steps" in panel.runs_list.item(0).toolTip()
    choose(editor.combo, "step")                                   # back: the peak becomes the lr
    opt = session.runs[0].optimizer
    assert opt.params["lr"] == 0.1 and opt.params["momentum"] == 0.9 and opt.params["step_size"] == 10
    assert panel.form.isRowVisible(panel.editors["lr"]) and panel.editors["lr"].value() == 0.1
    editor.editors["gamma"].setValue(-1)                           # the spin box allows no negative ...
    assert session.runs[0].optimizer.params["gamma"] == 0.1        # ... and the run keeps its value


def test_explain_panel_shows_the_lr_of_the_step(qtbot, session):
    session.set_run_optimizer(0, optimizers.create("gd:lr=0.1,schedule=exponential,gamma=0.5"))
    explain = ExplainPanel(session)
    qtbot.addWidget(explain)
    explain.show()
    session.set_iteration(2)                                       # step 3: lr 0.1 * 0.5^2
    values = explain.values()
    assert float(values["lr"]) == 0.025
    np.testing.assert_array_equal(values["lr_eff"], [0.025, 0.025])
    assert "lrₜ: the learning rate of this step" in [row[0] for row in explain.rows()][2 + 1]


def test_a_figure_legend_of_long_scheduled_labels_stays_inside_the_figure(qtbot):
    import resources
    from app import export
    from core import scene

    preset = scene.load(resources.path("presets", "conventions_under_a_schedule.json"))
    fig = export.Figure(export.FigureData.compute(preset))
    assert fig.legend.pos().x() + fig.legend.boundingRect().width() <= fig.options.logical_width
    assert "step schedule, step_size=15, gamma=0.2" in export.caption_html(export.FigureData.compute(preset), 100)


def test_the_gd_stability_line_compares_the_lr_of_the_current_step(qtbot, session, panel):
    from app.views.curvature import StabilityHint

    session.set_run_optimizer(0, optimizers.create("gd:lr=0.4,schedule=step,step_size=5,gamma=0.1"))
    label = StabilityHint(session)
    qtbot.addWidget(label)
    session.set_iteration(0)
    label.refresh()
    assert "lr = 0.4" in label.text()
    session.set_iteration(5)                       # step 6 runs at 0.04
    label.refresh()
    assert "lr = 0.04" in label.text()
    session.set_steps(5)                           # the schedule editor plots the run's steps
    assert len(panel.schedule_editor.lr_values()) == 5
