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


@pytest.mark.slow
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


# --- no spurious points, no lost points (issue 10) ---------------------------------------------------

def test_a_small_gradient_is_not_a_zero_gradient():
    # grad = (3x^2 + 1e-6, 2y) never vanishes; at the origin |grad| = 1e-6 and the Hessian is singular, so
    # Newton stops there: the point must be refused, not called degenerate
    assert analysis.critical_points(surfaces.get("x**3 + 1e-6*x + y**2", ((-3, 3), (-3, 3)))) == []


def test_two_critical_points_close_together_stay_two():
    # grad = (3x^2 - 3e-8, 2y): zero at x = ±1e-4; f_xx = 6x = ±6e-4, f_yy = 2; f = x^3 - 3e-8 x = ∓2e-12
    minimum, saddle = analysis.critical_points(surfaces.get("x**3 - 3e-8*x + y**2", ((-3, 3), (-3, 3))))
    assert minimum.kind == "minimum" and minimum.xy == pytest.approx([1e-4, 0.0], rel=1e-9, abs=1e-15)
    assert minimum.eigenvalues == pytest.approx([6e-4, 2.0], rel=1e-9)
    assert minimum.value == pytest.approx(-2e-12, rel=1e-6)
    assert saddle.kind == "saddle" and saddle.xy == pytest.approx([-1e-4, 0.0], rel=1e-9, abs=1e-15)
    assert saddle.eigenvalues == pytest.approx([-6e-4, 2.0], rel=1e-9)
    assert saddle.value == pytest.approx(2e-12, rel=1e-6)


def test_a_saturated_plateau_is_two_flat_regions_not_hundreds_of_points():
    # tanh(20 (r^2 - 4)) is -1 to rounding for r^2 < 4 - 19/20 and +1 for r^2 > 4 + 19/20: every computed
    # gradient there is 0; the ring r = 2 between them has no critical point
    search = analysis.find_critical(surfaces.get("tanh(20*(x**2 + y**2 - 4))", ((-3, 3), (-3, 3))))
    assert search.points == ()
    outside, inside = search.flat
    assert (outside.value, inside.value) == (1.0, -1.0)
    # shares of the box: outside r^2 = 4.95 (1 - pi 4.95 / 36 = 0.57), inside r^2 = 3.05 (0.27), less a seed
    # spacing along their edges
    assert 0.45 < outside.fraction < 0.57 and 0.18 < inside.fraction < 0.27
    spacing = 6 / (analysis.SEEDS - 1)          # a flat seed's neighbours are flat too: its edge is a seed or two in
    assert np.sqrt(3.05) - 2 * spacing <= inside.box[0][1] <= np.sqrt(3.05)


def test_a_constant_is_one_flat_region():
    search = analysis.find_critical(surfaces.get("2 + 0*x*y", ((-3, 3), (-3, 3))))
    assert search.points == () and len(search.flat) == 1
    assert search.flat[0].value == 2.0 and search.flat[0].fraction == 1.0
    assert search.flat[0].box == ((-3.0, 3.0), (-3.0, 3.0))


# --- a typed formula's domain is fitted to its critical points --------------------------------------------

HIMMELBLAU = "(x**2 + y - 11)**2 + (x + y**2 - 7)**2"


def test_typed_himmelblau_finds_all_nine_points_in_its_fitted_domain():
    s = surfaces.get(HIMMELBLAU)
    assert s.domain == ((-5.0, 5.0), (-5.0, 5.0))        # the points reach (-3.78, -3.28): a margin of 1, rounded
    search = analysis.find_critical(s)
    assert search.domain == s.domain and search.flat == ()
    points = search.points
    assert kinds(points) == {"minimum": 4, "saddle": 4, "maximum": 1}
    for xy in HIMMELBLAU_MINIMA:
        p = near(points, xy)
        assert p.kind == "minimum" and p.value == pytest.approx(0.0, abs=1e-12) and np.all(p.eigenvalues > 0)
    # at (3, 2) the eigenvalues are 54 -+ 20 sqrt(2) (worked out by hand above)
    assert near(points, (3.0, 2.0)).eigenvalues == pytest.approx([54 - 20 * np.sqrt(2), 54 + 20 * np.sqrt(2)])
    saddle = near(points, (3.385154, 0.073852))
    assert saddle.kind == "saddle" and saddle.eigenvalues[0] < 0 < saddle.eigenvalues[1]
    top = near(points, (-0.270845, -0.923039))
    assert top.kind == "maximum" and np.all(top.eigenvalues < 0) and top.value == pytest.approx(181.61652, rel=1e-7)
    builtin = analysis.critical_points(surfaces.get("himmelblau"))
    assert [p.kind for p in points] == [p.kind for p in builtin]
    np.testing.assert_allclose([p.xy for p in points], [p.xy for p in builtin], atol=1e-9)


@pytest.mark.parametrize("formula, domain, point", [
    ("(x - 4)**2 + y**2", ((1.0, 7.0), (-3.0, 3.0)), (4.0, 0.0)),      # one point: 6 wide around it
    ("(x - 8)**2 + (y + 6)**2", ((5.0, 10.0), (-9.0, -3.0)), (8.0, -6.0)),   # kept inside [-10, 10]²
    ("x - log(x) + y**2", ((-2.0, 4.0), (-3.0, 3.0)), (1.0, 0.0)),
])
def test_a_point_outside_the_default_box_gets_a_domain_around_it(formula, domain, point):
    s = surfaces.get(formula)
    assert s.domain == domain
    [p] = analysis.critical_points(s)
    assert p.kind == "minimum" and p.xy == pytest.approx(point, abs=1e-9)
    assert p.eigenvalues == pytest.approx([2.0, 2.0] if "log" not in formula else [1.0, 2.0])


@pytest.mark.parametrize("formula", ["x**3 + 1e-6*x + y**2", "tanh(20*(x**2 + y**2 - 4))", "sqrt(x) + y**2"])
def test_no_point_found_falls_back_to_the_default_domain(formula):
    assert surfaces.get(formula).domain == surfaces.DEFAULT_DOMAIN


def test_a_domain_given_is_kept_and_searched():
    s = surfaces.get("(x - 4)**2 + y**2", ((-3, 3), (-3, 3)))
    assert s.domain == ((-3.0, 3.0), (-3.0, 3.0))
    search = analysis.find_critical(s)
    assert search.domain == ((-3.0, 3.0), (-3.0, 3.0)) and search.points == ()


def test_box_text_names_the_box():
    assert analysis.box_text(((-5, 5), (-5, 5))) == "[-5, 5] × [-5, 5]"
    assert analysis.box_text(((1, 7), (-3, 3.5))) == "[1, 7] × [-3, 3.5]"


def test_a_gaussian_tail_is_no_critical_point():
    # x exp(-r^2): a minimum and a maximum at (∓1/√2, 0), f = ∓e^(-1/2)/√2, eigenvalues ±(√2, 2√2) e^(-1/2).
    # In the corners of [-10, 10]² the Hessian is ~1e-83: a Newton solve that squared it underflowed to "no
    # step" and reported four degenerate points there (and fitted the domain to them).
    s = surfaces.get("x*exp(-x**2 - y**2)")
    assert s.domain == ((-3.0, 3.0), (-3.0, 3.0))
    low, high = analysis.critical_points(s)
    wide = analysis.critical_points(s, analysis.WIDE)
    np.testing.assert_allclose([p.xy for p in wide], [low.xy, high.xy], atol=1e-12)
    r, k = 1 / np.sqrt(2), np.exp(-0.5)
    assert low.kind == "minimum" and low.xy == pytest.approx([-r, 0.0], abs=1e-12)
    assert low.value == pytest.approx(-k * r, rel=1e-12)
    assert low.eigenvalues == pytest.approx([np.sqrt(2) * k, 2 * np.sqrt(2) * k], rel=1e-9)
    assert high.kind == "maximum" and high.xy == pytest.approx([r, 0.0], abs=1e-12)
    assert high.eigenvalues == pytest.approx([-2 * np.sqrt(2) * k, -np.sqrt(2) * k], rel=1e-9)
