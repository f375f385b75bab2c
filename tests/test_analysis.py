"""Critical points and Hessian eigenvalues, checked against values worked out by hand."""
import math
import warnings
from collections import Counter

import numpy as np
import pytest

from core import analysis, surfaces


def kinds(points):
    return Counter(p.kind for p in points)


def by_kind(points, kind):
    return [p for p in points if p.kind == kind]


def near(points, xy, tol=1e-5):
    """The one point within tol of xy."""
    hits = [p for p in points if np.hypot(*(p.xy - xy)) < tol]
    assert len(hits) == 1, f"{len(hits)} points near {xy}: {[p.xy for p in points]}"
    return hits[0]


# --- classification -------------------------------------------------------------------------------

@pytest.mark.parametrize("eigenvalues, kind", [
    ([2.0, 5.0], "minimum"),
    ([-2.0, 2.0], "saddle"),
    ([-3.0, -1.0], "maximum"),
    ([0.0, 1.0], "degenerate"),
    ([0.0, 0.0], "degenerate"),
    ([-1.0, 1e-9], "degenerate"),       # near zero relative to the other eigenvalue
    ([1e-3, 1.0], "minimum"),           # ill-conditioned but clearly positive definite
    ([2e-8, 2e-8], "minimum"),          # small on its own is fine: only the ratio counts without a scale
    ([np.nan, 1.0], "degenerate"),
])
def test_classify(eigenvalues, kind):
    assert analysis.classify(eigenvalues) == kind


def test_classify_with_scale_calls_tiny_eigenvalues_zero():
    assert analysis.classify([1e-20, 2e-20], scale=36.0) == "degenerate"
    assert analysis.classify([1e-20, 2e-20]) == "minimum"


# --- eigenvalues along a path ----------------------------------------------------------------------

def test_hessian_eigen_himmelblau_by_hand():
    # f = (x^2 + y - 11)^2 + (x + y^2 - 7)^2 at (3, 2):
    # f_xx = 12x^2 + 4y - 42 = 74, f_xy = 4x + 4y = 20, f_yy = 4x + 12y^2 - 26 = 34
    # eigenvalues 54 -+ sqrt(20^2 + 20^2) = 54 -+ 20*sqrt(2)
    s = surfaces.get("himmelblau")
    lam, vec = analysis.hessian_eigen(s, [3.0, 2.0])
    assert lam == pytest.approx([54 - 20 * np.sqrt(2), 54 + 20 * np.sqrt(2)], rel=1e-12)
    # (74 - 82.28) v1 + 20 v2 = 0: the steep direction is at 22.5 degrees, the shallow one at 112.5
    c, sn = np.cos(np.pi / 8), np.sin(np.pi / 8)
    assert vec[:, 1] == pytest.approx([c, sn], abs=1e-12)
    assert vec[:, 0] == pytest.approx([-sn, c], abs=1e-12)   # signed: largest component positive
    h = np.array([[74.0, 20.0], [20.0, 34.0]])
    assert h @ vec == pytest.approx(vec * lam, abs=1e-10)


def test_hessian_eigenvalues_along_a_path_with_nan():
    s = surfaces.get("himmelblau")
    path = np.array([[[3.0, 2.0], [0.0, 0.0]],
                     [[np.nan, np.nan], [1.0, -1.0]],
                     [[np.nan, np.nan], [-2.5, 0.5]]])            # (steps+1, N, 2), run 0 diverged
    lam = analysis.hessian_eigenvalues(s, path)
    assert lam.shape == (3, 2, 2)
    assert np.all(np.isnan(lam[1:, 0]))
    assert lam[0, 0] == pytest.approx([54 - 20 * np.sqrt(2), 54 + 20 * np.sqrt(2)], rel=1e-12)
    # at the origin: f_xx = -42, f_xy = 0, f_yy = -26
    assert lam[0, 1] == pytest.approx([-42.0, -26.0])
    for i, j in [(1, 1), (2, 1)]:
        assert lam[i, j] == pytest.approx(np.linalg.eigvalsh(s.hessian(path[i, j])), rel=1e-12)
        assert lam[i, j, 0] <= lam[i, j, 1]


# --- critical points of the built-ins ---------------------------------------------------------------

HIMMELBLAU_MINIMA = [(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)]


def test_himmelblau_nine_critical_points():
    points = analysis.critical_points(surfaces.get("himmelblau"))
    assert kinds(points) == {"minimum": 4, "saddle": 4, "maximum": 1}
    for xy in HIMMELBLAU_MINIMA:
        p = near(points, xy)
        assert p.kind == "minimum" and p.value == pytest.approx(0.0, abs=1e-12)
        assert np.all(p.eigenvalues > 0)
    top = by_kind(points, "maximum")[0]
    assert top.xy == pytest.approx([-0.270845, -0.923039], abs=1e-6)
    assert top.value == pytest.approx(181.61652, rel=1e-7)
    for p in by_kind(points, "saddle"):
        assert p.eigenvalues[0] < 0 < p.eigenvalues[1]
        assert np.linalg.norm(surfaces.get("himmelblau").grad(p.xy)) < 1e-9
    # the saddle between the minima (3, 2) and (3.58, -1.85), found independently by resultants
    assert near(points, (3.385154, 0.073852)).value == pytest.approx(13.311926, rel=1e-6)
    # eigen-decomposition consistent with the Hessian at every point
    s = surfaces.get("himmelblau")
    for p in points:
        assert s.hessian(p.xy) @ p.eigenvectors == pytest.approx(p.eigenvectors * p.eigenvalues, abs=1e-9)


def test_six_hump_camel_fifteen_critical_points():
    # Checked independently (resultant of the two gradient components, all real roots in the domain):
    # 6 minima, 7 saddles (one at the origin), 2 maxima; 6 - 7 + 2 = 1 as for any coercive function.
    points = analysis.critical_points(surfaces.get("six_hump_camel"))
    assert kinds(points) == {"minimum": 6, "saddle": 7, "maximum": 2}
    best = points[:2]                       # minima first, lowest value first
    assert [p.kind for p in best] == ["minimum", "minimum"]
    assert sorted(tuple(np.round(p.xy, 4)) for p in best) == [(-0.0898, 0.7127), (0.0898, -0.7127)]
    assert all(p.value == pytest.approx(-1.0316285, abs=1e-7) for p in best)
    origin = near(points, (0.0, 0.0))
    # f = 4x^2 + xy - 4y^2 + ...: Hessian [[8, 1], [1, -8]], eigenvalues -+sqrt(65)
    assert origin.kind == "saddle"
    assert origin.eigenvalues == pytest.approx([-np.sqrt(65), np.sqrt(65)], rel=1e-12)
    assert near(points, (1.23023, 0.162335)).kind == "maximum"


def test_beale_minimum_and_two_saddles():
    points = analysis.critical_points(surfaces.get("beale"))
    assert kinds(points) == {"minimum": 1, "saddle": 2}
    best = points[0]
    assert best.kind == "minimum" and best.xy == pytest.approx([3.0, 0.5], abs=1e-9)
    assert best.value == pytest.approx(0.0, abs=1e-15)
    # on the line x = 0 the function is the constant 1.5^2 + 2.25^2 + 2.625^2, so f_yy = 0 there and
    # f_x(0, y) = 2[1.5(y-1) + 2.25(y^2-1) + 2.625(y^3-1)] vanishes at y = 1 only;
    # f_xy(0, 1) = 2(1.5 + 4.5 + 7.875) = 27.75
    s = near(points, (0.0, 1.0))
    assert s.kind == "saddle" and s.value == pytest.approx(14.203125, rel=1e-12)
    assert s.eigenvalues == pytest.approx([-27.75, 27.75], rel=1e-12)
    assert near(points, (0.100538, -2.644514)).kind == "saddle"


def test_saddle_and_monkey_saddle():
    [p] = analysis.critical_points(surfaces.get("saddle"))
    assert p.kind == "saddle" and p.xy == pytest.approx([0.0, 0.0], abs=1e-12)
    assert p.eigenvalues == pytest.approx([-2.0, 2.0])
    assert np.abs(p.eigenvectors) == pytest.approx(np.array([[0.0, 1.0], [1.0, 0.0]]))
    [m] = analysis.critical_points(surfaces.get("monkey_saddle"))
    assert m.kind == "degenerate" and m.xy == pytest.approx([0.0, 0.0], abs=1e-6)


@pytest.mark.parametrize("formula", ["x**4 + y**4", "x**6 + y**6", "x**3 + y**2", "x**4 - y**2"])
def test_zero_eigenvalue_is_degenerate_never_a_minimum(formula):
    [p] = analysis.critical_points(surfaces.get(formula))
    assert p.kind == "degenerate"
    assert p.xy == pytest.approx([0.0, 0.0], abs=1e-6)


def test_saddle_escape():
    points = analysis.critical_points(surfaces.get("saddle_escape"))
    assert [(p.kind, tuple(p.xy)) for p in points] == [("minimum", (0.0, -1.0)), ("minimum", (0.0, 1.0)),
                                                        ("saddle", (0.0, 0.0))]
    assert points[2].eigenvalues == pytest.approx([-1.0, 2.0])


def test_goldstein_price_big_values():
    points = analysis.critical_points(surfaces.get("goldstein_price"))
    assert kinds(points) == {"minimum": 4, "saddle": 4, "maximum": 1}
    assert points[0].xy == pytest.approx([0.0, -1.0], abs=1e-9) and points[0].value == pytest.approx(3.0)


@pytest.mark.parametrize("name", ["rastrigin", "ackley"])
def test_egg_crates_have_a_lattice_of_points(name):
    # 11 x 11 minima near the integers, 10 x 10 maxima near the half-integers, 2 * 11 * 10 saddles between
    points = analysis.critical_points(surfaces.get(name))
    assert kinds(points) == {"minimum": 121, "saddle": 220, "maximum": 100}
    best = points[0]
    assert best.xy == pytest.approx([0.0, 0.0], abs=1e-9) and best.value == pytest.approx(0.0, abs=1e-9)


def test_domain_argument_restricts_the_search():
    points = analysis.critical_points(surfaces.get("himmelblau"), domain=((0, 5), (0, 5)))
    assert [p.kind for p in points] == ["minimum", "saddle", "saddle"]
    assert points[0].xy == pytest.approx([3.0, 2.0])


def test_order_is_deterministic():
    a = analysis.critical_points(surfaces.get("six_hump_camel"))
    b = analysis.critical_points(surfaces.get("six_hump_camel"))
    assert [tuple(p.xy) for p in a] == [tuple(p.xy) for p in b]
    ranks = [analysis.KINDS.index(p.kind) for p in a]
    assert ranks == sorted(ranks)


def test_nan_regions_give_no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        [p] = analysis.critical_points(surfaces.get("x - log(x) + y**2"))   # undefined for x <= 0
        assert p.kind == "minimum" and p.xy == pytest.approx([1.0, 0.0]) and p.value == pytest.approx(1.0)
        assert analysis.critical_points(surfaces.get("sqrt(x) + y**2")) == []
        assert analysis.critical_points(surfaces.get("1/x + y**2")) == []
        # f_xx = -x^(-3/2) / 4 is undefined for x < 0
        path = np.array([[-1.0, 0.0], [1.0, 0.0]])
        lam = analysis.hessian_eigenvalues(surfaces.get("sqrt(x) + y**2"), path)
    assert np.all(np.isnan(lam[0])) and lam[1] == pytest.approx([-0.25, 2.0])


def test_kink_at_the_origin_is_found():
    # abs has no derivative at 0; the surface defines sign(0) = 0 there, and the origin is seeded
    [p] = analysis.critical_points(surfaces.get("abs(x) + abs(y)"))
    assert p.xy == pytest.approx([0.0, 0.0]) and p.kind == "degenerate"


def test_a_curve_of_critical_points_is_thinned():
    # (x^2 + y^2 - 1)^2: a maximum at the origin and a whole circle of (degenerate) minima
    points = analysis.critical_points(surfaces.get("(x**2 + y**2 - 1)**2"))
    assert points[0].kind == "maximum" and points[0].xy == pytest.approx([0.0, 0.0])
    ring = points[1:]
    assert 5 <= len(ring) <= 60
    assert all(p.kind == "degenerate" for p in ring)
    assert np.hypot(*np.array([p.xy for p in ring]).T) == pytest.approx(np.ones(len(ring)), abs=1e-6)


def test_condition_number_and_gd_stability_bound_of_the_ravine():
    """ravine = 0.1 x² + 2 y²: Hessian diag(0.2, 4), so κ = 20 and GD is stable for lr < 2/4."""
    lam = analysis.hessian_eigenvalues(surfaces.get("ravine"), np.array([[3.0, -1.0], [0.0, 0.0]]))
    np.testing.assert_allclose(lam, [[0.2, 4.0], [0.2, 4.0]])
    np.testing.assert_allclose(analysis.condition_number(lam), [20.0, 20.0])
    assert analysis.stability_bound(lam[0]) == pytest.approx(0.5)
    assert analysis.stability_bound([-2.0, -1.0]) == 0.0         # a maximum: no lr makes GD converge there
    assert analysis.stability_bound([-2.0, 2.0]) == 0.0          # a saddle (x² - y²): neither
    assert analysis.stability_bound([0.0, 2.0]) == 0.0           # a flat direction never shrinks
    assert analysis.condition_number([0.0, 3.0]) == math.inf
    assert math.isnan(analysis.stability_bound([np.nan, 1.0]))
    assert math.isnan(float(analysis.condition_number([np.nan, 1.0])))


def _iteration_matrix(lr: float, lam: float, mu: float, nesterov: bool) -> np.ndarray:
    """The linear map of one step on 0.5·λ·p² on (p, b), built from the optimizer itself: its columns are the
    steps from the unit states, taken by core.optimizers' own update rule."""
    from core import optimizers

    opt = optimizers.create("nesterov" if nesterov else "momentum", lr=lr, momentum=mu)
    columns = []
    for p0, b0 in ((1.0, 0.0), (0.0, 1.0)):
        p, (b,) = np.array([p0]), (np.array([b0]),)
        delta, (b,) = opt.update(lam * p, (b,), p, lr, mu)
        columns.append([float((p + delta)[0]), float(b[0])])
    return np.array(columns).T


@pytest.mark.parametrize("mu, nesterov", [(0.0, False), (0.3, False), (0.9, False), (0.99, False),
                                          (0.3, True), (0.9, True), (0.99, True)])   # torch: Nesterov needs μ > 0
def test_momentum_stability_bounds_match_the_spectral_radius_of_the_iteration(mu, nesterov):
    # heavy ball: lr < 2(1+μ)/λmax; PyTorch-form Nesterov: lr < 2(1+μ)/((1+2μ)λmax) (both the same at μ = 0)
    lam_max = 4.0
    bound = analysis.stability_bound([0.5, lam_max], momentum=mu, nesterov=nesterov)
    expected = 2 * (1 + mu) / ((1 + 2 * mu) if nesterov else 1) / lam_max
    assert bound == pytest.approx(expected, rel=1e-15)
    radius = lambda lr: max(abs(np.linalg.eigvals(_iteration_matrix(lr, lam_max, mu, nesterov))))  # noqa: E731
    assert radius(bound * 0.999) < 1 < radius(bound * 1.001)
    assert radius(bound) == pytest.approx(1.0, abs=1e-12)
    # at a saddle every lr grows the error along the negative eigenvalue: the bound is 0
    assert analysis.stability_bound([-0.5, lam_max], momentum=mu, nesterov=nesterov) == 0.0
    for lr in (1e-4, 0.01, 1.0):
        assert max(abs(np.linalg.eigvals(_iteration_matrix(lr, -0.5, mu, nesterov)))) > 1
