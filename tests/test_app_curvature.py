"""Curvature overlay: Hessian eigenvalues against hand-computed ones, the GD bound 2/λmax, the condition plot."""
import numpy as np
import pytest

from app.model import Session
from app.views.curvature import ConditionPlot, CurvatureInfo, StabilityHint
from app.views.surface_view import SurfaceView
from tests.qt_helpers import NO_BUTTON, mouse_move

pytestmark = pytest.mark.slow          # builds windows (tests/conftest.py: naming this file runs it)


def gd_bound(h):
    """GD converges on the quadratic model for lr < 2/λmax if λmin > 0, for no lr otherwise (0)."""
    lam = eig2(h)
    return 2 / lam[1] if lam[0] > 0 else 0.0


def rosenbrock_hessian(x, y):
    """f = (1 - x)² + 100 (y - x²)²: f_xx = 2 - 400 y + 1200 x², f_xy = -400 x, f_yy = 200."""
    return np.array([[2 - 400 * y + 1200 * x**2, -400 * x], [-400 * x, 200.0]])


def eig2(h):
    """Eigenvalues (ascending) of a symmetric 2x2 matrix by the closed form."""
    mean, radius = (h[0, 0] + h[1, 1]) / 2, np.hypot((h[0, 0] - h[1, 1]) / 2, h[0, 1])
    return np.array([mean - radius, mean + radius])


@pytest.fixture
def session(qtbot):
    s = Session("rosenbrock", runs=["gd:lr=0.001"], starts=[(-1.5, 2.0)], steps=300)
    s.compute_critical_points()
    return s


def test_curvature_at_a_rosenbrock_point_matches_the_hand_computed_hessian(qtbot, session):
    info = CurvatureInfo(session)
    qtbot.addWidget(info)
    info.show_point(0.5, 0.5)
    # by hand: H = [[102, -200], [-200, 200]], λ = 151 ∓ sqrt(49² + 200²)
    lam = np.array([151 - np.sqrt(49**2 + 200**2), 151 + np.sqrt(49**2 + 200**2)])
    assert eig2(rosenbrock_hessian(0.5, 0.5)) == pytest.approx(lam)
    got = info.info()
    assert got["eigenvalues"] == pytest.approx(lam, rel=1e-12)
    assert got["condition"] == pytest.approx(lam[1] / -lam[0], rel=1e-12)
    assert got["kind"] == "saddle"
    assert got["bound"] == 0.0               # λ₁ < 0: no learning rate makes GD converge near a saddle
    h = rosenbrock_hessian(0.5, 0.5)
    for i in range(2):                                   # H v = λ v, unit vectors
        v = got["eigenvectors"][:, i]
        assert h @ v == pytest.approx(lam[i] * v, abs=1e-9) and np.linalg.norm(v) == pytest.approx(1)
    text = info.text.text()
    assert "λ₂ = 356.915" in text and "λ₁ = -54.915" in text and "Saddle point" in text
    assert "No learning rate makes plain GD converge near here" in text and "stable" not in text


def test_himmelblau_origin_is_maximum_like_and_has_no_gd_bound(qtbot):
    session = Session("himmelblau", runs=["gd:lr=0.01"])
    info = CurvatureInfo(session)
    qtbot.addWidget(info)
    info.show_point(0.0, 0.0)
    # f_xx = 12x² + 4y - 42, f_xy = 4x + 4y, f_yy = 12y² + 4x - 26: at the origin diag(-42, -26)
    got = info.info()
    assert got["eigenvalues"] == pytest.approx([-42, -26]) and got["kind"] == "maximum"
    assert got["condition"] == pytest.approx(42 / 26) and got["bound"] == 0.0
    assert "No learning rate makes plain GD converge" in info.text.text()


def test_hover_on_the_surface_view_updates_the_point_unless_pinned(qtbot, session):
    view = SurfaceView(session)
    info = CurvatureInfo(session)
    qtbot.addWidget(view)
    qtbot.addWidget(info)
    view.resize(500, 500)
    view.show()
    info.show()                                   # out of sight it waits (see the next test)
    qtbot.waitExposed(view)
    qtbot.waitExposed(info)
    view.sigHovered.connect(info.hover)
    info.attach(view.plot_item)
    with qtbot.waitSignal(info.sigPointChanged):
        mouse_move(view.viewport(), view.data_to_widget(0.5, 0.5), buttons=NO_BUTTON)
    assert info.point == pytest.approx([0.5, 0.5], abs=0.02)
    x, y = info.point
    assert info.info()["eigenvalues"] == pytest.approx(eig2(rosenbrock_hessian(x, y)), rel=1e-9)
    xs, ys = info.directions[1].getData()                # λmax's direction through the point
    assert (xs.mean(), ys.mean()) == pytest.approx((x, y))
    info.follow.setChecked(False)
    mouse_move(view.viewport(), view.data_to_widget(-1.0, 1.0), buttons=NO_BUTTON)
    assert info.point == pytest.approx([x, y])


def test_hover_waits_while_the_panel_is_out_of_sight_then_shows_the_last_point(qtbot, session):
    info = CurvatureInfo(session)
    qtbot.addWidget(info)
    info.hover((0.5, 0.5, 0.0))                    # never shown: nothing computed
    info.hover((-1.0, 1.0, 4.0))
    assert info.point is None and info.info() is None
    info.show()
    qtbot.waitUntil(lambda: info.point is not None)
    assert info.point == pytest.approx([-1.0, 1.0])
    # f_xx = 2 - 400 + 1200 = 802, f_xy = 400, f_yy = 200 at (-1, 1)
    assert info.info()["eigenvalues"] == pytest.approx(eig2(np.array([[802.0, 400.0], [400.0, 200.0]])))
    assert "-1" in info.text.text()


def test_stability_hint_waits_for_the_end_of_a_drag(qtbot, session):
    hint = StabilityHint(session)
    qtbot.addWidget(hint)
    before = hint.text()
    session.set_dragging(True)
    session.set_start(0, (-1.0, 1.5))
    assert session.trajectories[0].path[0, 0].tolist() == [-1.0, 1.5]   # recomputed, announced while dragging
    assert hint.text() == before
    session.set_dragging(False)
    p = session.trajectories[0].path[session.iteration, 0]
    assert hint.bound_here() == pytest.approx(gd_bound(rosenbrock_hessian(*p)), rel=1e-9)
    assert hint.text() != before


def test_stability_hint_at_the_run_and_at_the_minimum(qtbot, session):
    hint = StabilityHint(session)
    qtbot.addWidget(hint)
    # the minimum (1, 1): H = [[802, -400], [-400, 200]], λmax = 501 + sqrt(301² + 400²)
    lam_max = 501 + np.sqrt(301**2 + 400**2)
    (xy, bound), = hint.bounds_at_minima()
    assert xy == pytest.approx([1, 1]) and bound == pytest.approx(2 / lam_max, rel=1e-9)
    session.set_iteration(10)                        # below the valley floor: λ = 1.15 and 1837, convex
    p = session.trajectories[0].path[10, 0]
    assert eig2(rosenbrock_hessian(*p))[0] > 0
    assert hint.bound_here() == pytest.approx(2 / eig2(rosenbrock_hessian(*p))[1], rel=1e-9)
    assert hint.bound_here() > 0.001 and "✓" in hint.text() and "lr = 0.001" in hint.text()
    assert "GD stable for lr &lt; 2/λmax = 0.00109 here" in hint.text()
    assert "at (1, 1)" in hint.text() and "0.002" in hint.text()
    session.set_iteration(120)                       # just above the floor: λmin = -0.13 < 0
    p = session.trajectories[0].path[120, 0]
    assert eig2(rosenbrock_hessian(*p))[0] < 0 and hint.bound_here() == 0.0
    assert "✓" not in hint.text() and "no lr makes GD converge here: λmin = -0.128" in hint.text()
    session.set_run_optimizer(0, "gd:lr=0.003")      # above 2/λmax at the minimum and along the valley
    session.set_iteration(min(120, int(session.trajectories[0].last_finite[0])))
    assert "✗" in hint.text()


def test_condition_plot_follows_the_runs_and_the_cursor(qtbot, session):
    plot = ConditionPlot(session)
    qtbot.addWidget(plot)
    path = session.trajectories[0].path[:, 0]
    x, y = plot.curve(0).getData()
    for k in (0, 50, 300):
        lam = eig2(rosenbrock_hessian(*path[k]))
        assert x[k] == k
        assert 10 ** y[k] == pytest.approx(np.abs(lam).max() / np.abs(lam).min(), rel=1e-9)   # log-mode data
    session.set_iteration(42)
    assert plot.cursor.value() == 42
    session.add_run("adam:lr=0.05")
    assert len(plot._curves) == 2 and plot.curve(1).opts["pen"].color().name() == session.runs[1].color


def test_stability_hint_is_never_a_check_mark_at_a_saddle(qtbot):
    # x² - y² from (1, 0.01): λ = (-2, 2); GD with lr = 0.1 < 2/2 used to get "stable ✓" while it runs away
    session = Session("saddle", runs=["gd:lr=0.1"], starts=[(1.0, 0.01)], steps=200)
    hint = StabilityHint(session)
    qtbot.addWidget(hint)
    assert session.trajectories[0].status == ["diverged"]
    session.set_iteration(3)
    assert "✓" not in hint.text() and "no lr makes GD converge here: λmin = -2 ≤ 0" in hint.text()
    assert "lr &lt; 2/λmax = 1 keeps it from oscillating" in hint.text()


def test_stability_hint_of_a_diverged_run_prints_no_bound_from_far_away(qtbot):
    session = Session("rosenbrock", runs=["gd:lr=0.01"], starts=[(-1.5, 2.0)], steps=300)
    session.compute_critical_points()
    hint = StabilityHint(session)
    qtbot.addWidget(hint)
    res = session.trajectories[0]
    assert res.status == ["diverged"]
    session.set_iteration(300)
    last = int(res.last_finite[0])
    assert hint.text().startswith(f"this run diverged at step {last + 1} with lr = 0.01")
    assert "e-" not in hint.text().split("<br>")[0] and "at (1, 1)" in hint.text()


@pytest.mark.parametrize("spec, formula, factor", [
    ("gd:lr=0.001", "2/λmax", 2.0),
    ("momentum:lr=0.001,momentum=0.9", "2(1+μ)/λmax", 2 * 1.9),
    ("nesterov:lr=0.001,momentum=0.9", "2(1+μ)/((1+2μ)λmax)", 2 * 1.9 / 2.8),
])
def test_stability_hint_uses_each_methods_own_bound(qtbot, spec, formula, factor):
    # ravine 0.1x² + 2y²: λ = (0.2, 4) everywhere
    session = Session("ravine", runs=[spec], starts=[(-9.0, 3.0)], steps=50)
    hint = StabilityHint(session)
    qtbot.addWidget(hint)
    assert hint.bound_here() == pytest.approx(factor / 4, rel=1e-12)
    assert f"lr &lt; {formula} = {factor / 4:.3g} here; lr = 0.001" in hint.text() and "✓" in hint.text()
    assert formula in hint.toolTip().replace("·", "")


def test_stability_hint_is_hidden_for_adaptive_methods_and_follows_the_selected_run(qtbot):
    from app.main_window import MainWindow

    session = Session("ravine", runs=["gd:lr=0.1", "adam:lr=0.1", "momentum:lr=0.01"], starts=[(-9.0, 3.0)])
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    hint, runs_list = window.stability_hint, window.optimizer_panel.runs_list
    runs_list.setCurrentRow(1)
    assert hint.text() == "" and not hint.isVisible()            # Adam rescales the gradient: no such bound
    runs_list.setCurrentRow(2)
    assert hint.isVisible() and "Momentum stable for lr &lt; 2(1+μ)/λmax = 0.95" in hint.text()
    # loading a scene with fewer runs moves the selection with the list's signals blocked: the hint follows
    from core.scene import RunSpec, Scene

    session.apply_scene(Scene("bowl", [RunSpec("gd:lr=0.3"), RunSpec("nesterov:lr=0.1")], [(1.0, 1.0)], steps=20))
    assert runs_list.currentRow() == 1
    assert "Nesterov stable for lr &lt; 2(1+μ)/((1+2μ)λmax) = 0.679" in hint.text()


@pytest.mark.parametrize("spec, bound", [
    ("gd:lr=0.001,weight_decay=1", 2 / (4 + 1)),                     # g + λ·p: the eigenvalues of H + I
    ("momentum:lr=0.001,momentum=0.9,dampening=0.5", 2 * 1.9 / (0.5 * 4)),   # b ← μb + (1−τ)g
])
def test_stability_hint_follows_the_options_of_the_rule_applied(qtbot, spec, bound):
    session = Session("ravine", runs=[spec], starts=[(-9.0, 3.0)], steps=50)     # λ = (0.2, 4)
    hint = StabilityHint(session)
    qtbot.addWidget(hint)
    assert hint.bound_here() == pytest.approx(bound, rel=1e-12)
    # maximize ascends: on the ravine (a minimum) it is -H, negative definite: no lr converges
    session.set_run_optimizer(0, spec + ",maximize=true")
    assert "no lr makes" in hint.text() and "✓" not in hint.text()
