"""Explain this step: the panel's numbers against Adam and momentum computed by hand on the bowl x² + y²."""
import numpy as np
import pytest
from PySide6 import QtWidgets

from app import style
from app.model import Session
from app.views.explain_panel import ExplainPanel, StepArrows
from app.views.surface_view import SurfaceView
from core import optimizers

pytestmark = pytest.mark.slow          # builds windows (tests/conftest.py: naming this file runs it)

LR, B1, B2, EPS = 0.1, 0.9, 0.999, 1e-8


@pytest.fixture
def session(qtbot):
    s = Session("bowl", runs=["adam:lr=0.1", "momentum:lr=0.1,momentum=0.9"], starts=[(1.0, -2.0)], steps=50)
    s.set_iteration(0)
    return s


@pytest.fixture
def panel(qtbot, session):
    p = ExplainPanel(session)
    qtbot.addWidget(p)
    p.show()                    # a hidden panel defers its work until shown (see test_hidden_panel_...)
    return p


def shown(panel) -> dict[str, list[float]]:
    """The table as numbers, parsed back from the text the user sees, by quantity key."""
    out = {}
    for r in range(panel.table.rowCount()):
        key = panel.table.item(r, 0).data(0x0100)           # Qt.UserRole
        cells = [panel.table.item(r, c).text() for c in (1, 2)]
        out[key] = [float(c) for c in cells if c]
    return out


def adam_by_hand(steps: int):
    """Adam on f = x² + y² from (1, -2), written out: per step m, v, 1-β1^t, 1-β2^t, m̂, v̂, p before."""
    p, m, v = np.array([1.0, -2.0]), np.zeros(2), np.zeros(2)
    out = []
    for t in range(1, steps + 1):
        g = 2 * p
        m = B1 * m + (1 - B1) * g
        v = B2 * v + (1 - B2) * g * g
        c1, c2 = 1 - B1**t, 1 - B2**t
        m_hat, v_hat = m / c1, v / c2
        new = p - LR * m_hat / (np.sqrt(v_hat) + EPS)
        out.append(dict(point=p, grad=g, m=m, v=v, bias1=c1, bias2=c2, m_hat=m_hat, v_hat=v_hat, new_point=new))
        p = new
    return out


def check(values: dict, expected: dict) -> None:
    for key, want in expected.items():
        assert values[key] == pytest.approx(np.atleast_1d(want).tolist(), rel=1e-9, abs=1e-15), key


def test_adam_step_two_shows_the_hand_computed_moments_and_stepping_back_shows_step_one(qtbot, session, panel):
    hand = adam_by_hand(2)
    assert hand[0]["m"].tolist() == pytest.approx([0.2, -0.4]) and hand[0]["v_hat"].tolist() == pytest.approx([4, 16])
    session.set_iteration(1)                      # the head is p_1; the panel explains step 2
    assert panel.record().t == 2
    values = shown(panel)
    check(values, hand[1])
    assert values["bias1"] == pytest.approx([0.19]) and values["bias2"] == pytest.approx([1 - 0.999**2])
    assert values["value"] == pytest.approx([float(hand[1]["point"] @ hand[1]["point"])], rel=1e-9)
    assert values["step"] == pytest.approx((hand[1]["new_point"] - hand[1]["point"]).tolist(), rel=1e-9)
    assert "step t = 2" in panel.title.text()

    session.set_iteration(0)                      # step back: step 1's numbers, exactly
    values = shown(panel)
    check(values, hand[0])
    assert values["m"] == [0.2, -0.4] and values["bias1"] == [pytest.approx(0.1)]
    assert "step t = 1" in panel.title.text()
    session.set_iteration(1)
    check(shown(panel), hand[1])


def test_rule_arrows_and_copy(qtbot, session, panel):
    session.set_iteration(1)
    assert panel.rule.text().endswith(style.hat_html(session.runs[0].optimizer.rule))     # m̂ in DejaVu Serif
    rec = panel.record()
    arrows = panel.arrows.arrows
    assert arrows["gradient"].tolist() == pytest.approx((-rec.grad).tolist())
    assert arrows["momentum"].tolist() == pytest.approx((-rec.quantities["m"]).tolist())   # Adam: -m
    assert arrows["step"].tolist() == pytest.approx(rec.step.tolist())
    assert panel.arrows.head.tolist() == pytest.approx(rec.point.tolist())
    panel.copy_all()
    text = QtWidgets.QApplication.clipboard().text()
    assert "m̂ = m / (1 − β1ᵗ)" in text and f"{rec.quantities['m_hat'][0]:.10g}" in text


def test_momentum_follows_the_selection_and_shows_the_convention_note(qtbot, session, panel):
    with qtbot.waitSignal(panel.sigSelectionChanged):
        session.inspect_run(1, 0)                 # clicking a run's head selects it here too
    assert panel.selection == (1, 0)
    session.set_iteration(1)
    # by hand: b1 = g1 = (2, -4), p1 = p0 - 0.1 b1 = (0.8, -1.6); g2 = (1.6, -3.2), b2 = 0.9 b1 + g2
    values = shown(panel)
    assert values["point"] == pytest.approx([0.8, -1.6])
    assert values["buf"] == pytest.approx([0.9 * 2 + 1.6, 0.9 * -4 - 3.2])
    assert values["new_point"] == pytest.approx([0.8 - 0.1 * 3.4, -1.6 + 0.1 * 6.8])
    assert "v = −lr·b" in panel.note.text() and panel.note.isVisibleTo(panel)
    assert panel.arrows.arrows["momentum"].tolist() == pytest.approx([-3.4, 6.8])   # -b
    # gd has no momentum arrow and no convention note
    session.set_run_optimizer(1, "gd:lr=0.1")
    assert "momentum" not in panel.arrows.arrows and not panel.note.isVisibleTo(panel)
    assert shown(panel)["lr_eff"] == [0.1, 0.1]


def test_a_diverging_run_explains_the_step_that_blew_up(qtbot):
    session = Session("bowl", runs=["gd:lr=1.5"], starts=[(1.0, 1.0)], steps=2000)
    panel = ExplainPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    last = int(session.trajectories[0].last_finite[0])
    session.set_iteration(session.steps)
    rec = panel.record()
    # x <- -2x: 2^11 = 2048 is the last iterate inside the box |x| <= 3000, the step to 4096 left it
    assert last == 11 and rec.t == 12 and rec.new_point.tolist() == [4096.0, 4096.0]
    assert "diverged" in panel.title.text()


def test_a_step_to_where_f_is_undefined_is_explained_as_such(qtbot):
    session = Session("log(x) + y^2", runs=["gd:lr=1"], starts=[(0.5, 1.0)], steps=10)
    panel = ExplainPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    session.set_iteration(session.steps)
    rec = panel.record()
    assert session.trajectories[0].status == ["undefined"] and rec.t == 1
    assert rec.new_point.tolist() == [-1.5, -1.0] and np.isnan(rec.new_value)
    assert "where f is undefined" in panel.title.text()


def test_arrows_draw_on_a_surface_view(qtbot, session, panel):
    view = SurfaceView(session)
    qtbot.addWidget(view)
    view.resize(400, 400)
    panel.arrows.attach(view.plot_item)
    assert panel.arrows in view.plot_item.items and panel.arrows.legend.parentItem() is view.vb
    view.show()
    qtbot.waitExposed(view)
    px = view.data_to_widget(*session.starts[0])

    def around_head():
        image = view.grab().toImage()
        return [image.pixel(px.x() + dx, px.y() + dy) for dx in range(-40, 41, 2) for dy in range(-40, 41, 2)]

    with_arrows = around_head()
    panel.arrows.setVisible(False)
    without = around_head()
    changed = sum(a != b for a, b in zip(with_arrows, without))
    assert changed > 20                           # the arrows are drawn around the head
    panel.arrows.setVisible(True)
    panel.show_arrows.setChecked(False)
    assert not panel.arrows.isVisible() and not panel.arrows.legend.isVisible()
    assert isinstance(panel.arrows, StepArrows)


def test_hidden_panel_does_no_work_and_catches_up_when_shown(qtbot, session, monkeypatch):
    """Behind another tab the panel must not replay the run on each frame; shown, it shows the current step."""
    panel = ExplainPanel(session)
    qtbot.addWidget(panel)
    calls = []
    real = optimizers.trace
    monkeypatch.setattr(optimizers, "trace", lambda *a, **kw: calls.append(a) or real(*a, **kw))
    for k in (3, 4, 5):
        session.set_iteration(k)
    session.set_start(0, (0.5, 0.5))
    assert session.trajectories[0].path[0, 0].tolist() == [0.5, 0.5]   # (flushes: sigTrajectoriesChanged)
    assert calls == [] and panel.arrows.head is None
    panel.show()
    qtbot.waitUntil(lambda: len(calls) == 1)
    rec = optimizers.trace(session.surface, session.runs[0].optimizer, (0.5, 0.5), 6)[5]
    assert shown(panel)["point"] == pytest.approx(rec.point.tolist())
    assert panel.arrows.head.tolist() == pytest.approx(rec.point.tolist())
    panel.hide()
    qtbot.waitUntil(lambda: panel.arrows.head is None)
    session.set_iteration(0)
    assert panel.values()["point"].tolist() == pytest.approx([0.5, 0.5])    # readers still get numbers
    assert panel.arrows.head is None


def test_in_the_window_the_panel_works_only_while_its_tab_is_in_front(qtbot):
    """Qt moves a dock tab behind another off-screen instead of hiding it: the panel must notice."""
    from app.main_window import MainWindow

    session = Session("bowl", runs=["adam:lr=0.1"], starts=[(1.0, -2.0)], steps=50)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    panel = window.explain_panel
    assert panel.isVisible() and panel.arrows.head is None       # behind the Inspector tab: no work
    session.set_iteration(1)
    assert panel.arrows.head is None
    window.explain_dock.raise_()
    qtbot.waitUntil(lambda: panel.arrows.head is not None)
    p1 = adam_by_hand(2)[1]["point"]
    assert panel.arrows.head.tolist() == pytest.approx(p1.tolist())
    assert shown(panel)["point"] == pytest.approx(p1.tolist())
    window.inspector_dock.raise_()
    qtbot.waitUntil(lambda: panel.arrows.head is None)


def test_a_noisy_run_explains_the_plotted_path_of_the_selected_start(qtbot):
    """The traced steps of start 2 use start 2's gradient noise: their points are the plotted path's."""
    session = Session("bowl", runs=["gd:lr=0.1,noise=0.5,seed=3"], starts=[(1.0, -2.0), (-1.5, 0.5)], steps=20)
    panel = ExplainPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_selection(0, 1)
    session.set_iteration(5)
    path = session.trajectories[0].path[:, 1]
    assert shown(panel)["point"] == pytest.approx(path[5].tolist(), rel=1e-9)      # as shown: 10 digits
    assert shown(panel)["new_point"] == pytest.approx(path[6].tolist(), rel=1e-9)
    panel.set_selection(0, 0)                               # start 1's noise is another: another path
    assert shown(panel)["point"] == pytest.approx(session.trajectories[0].path[5, 0].tolist(), rel=1e-9)


def test_two_starts_at_one_point_each_explain_their_own_noisy_path(qtbot):
    """The traced steps are cached per start index, not per start point: noise depends on the index."""
    session = Session("bowl", runs=["gd:lr=0.1,noise=0.5,seed=3"], starts=[(1.0, -2.0), (1.0, -2.0)], steps=20)
    panel = ExplainPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    session.set_iteration(5)
    for start in (0, 1):
        panel.set_selection(0, start)
        expected = session.trajectories[0].path[5, start].tolist()
        assert shown(panel)["point"] == pytest.approx(expected, rel=1e-9), start
    assert session.trajectories[0].path[5, 0].tolist() != session.trajectories[0].path[5, 1].tolist()


def test_adam_without_bias_correction_explains_the_rule_it_applies(qtbot, session, panel):
    session.set_run_optimizer(0, "adam:lr=0.05,bias_correction=false")
    panel.set_selection(0, 0)
    session.set_iteration(0)
    values = shown(panel)
    assert not {"bias1", "bias2", "m_hat", "v_hat"} & set(values)
    assert "m̂" not in panel.rule.text() and "p ← p − lr·m/(√v + ε)" in panel.rule.text()
    # the printed rule with the printed numbers gives the printed step: -0.05·0.2/√0.004 = -0.158114
    m, v, step = np.array(values["m"]), np.array(values["v"]), np.array(values["step"])
    assert -0.05 * m / (np.sqrt(v) + 1e-8) == pytest.approx(step, rel=1e-9)
    assert step.tolist() == pytest.approx([-0.158114, 0.158114], abs=1e-6)
    labels = [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]
    assert "lr_eff = lr/(√v + ε): effective learning rate per coordinate" in labels
