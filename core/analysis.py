"""Critical points of a surface and the Hessian's eigenvalues, which tell a minimum from a saddle.

At a critical point the gradient is zero; the symmetric Hessian's eigenvalues then say what kind it is:
all positive, a minimum; all negative, a maximum; mixed signs, a saddle. A zero eigenvalue (the monkey
saddle's origin, the bottom of x**4 + y**4) leaves the question to higher derivatives: such a point is
"degenerate", never a minimum on the eigenvalues' word alone.

>>> from core import surfaces
>>> [p.kind for p in critical_points(surfaces.get("saddle"))]
['saddle']
"""
from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from core.errors import shortest

KINDS = ("minimum", "saddle", "maximum", "degenerate")   # also the sort order of critical_points
RTOL = 1e-6          # |smallest eigenvalue| <= RTOL * |largest| makes a point degenerate
SEEDS = 60           # Newton starts per axis
ITERATIONS = 100     # x**6 converges linearly (factor 4/5 per Newton step): 100 steps reach ~1e-10
MAX_STEP = 0.05      # longest Newton step, as a fraction of the domain's diagonal: seeds stay local
STEP_TOL = 1e-10     # a seed has converged when its Newton step is this short (times the diagonal)
GRAD_RTOL = 1e-10    # ... and its gradient this small (times the typical slope: range of f / diagonal)
MERGE = 1e-7         # converged seeds closer than this (times the diagonal) found one point (see _merge)
SNAP = 1e-8          # coordinates this close to 0 (times the diagonal) are 0
FLAT = 1e-9          # a Hessian this small (times the typical Hessian on the seed grid) is zero
FLAT_ULPS = 4        # f equal to this many units in the last place is equal: flat to rounding
FLAT_REACH = 2       # degenerate points within this many seed spacings of a flat seed belong to its region
WIDE = ((-10.0, 10.0), (-10.0, 10.0))   # where a typed formula's critical points are looked for first
MIN_WIDTH = 6.0      # a fitted domain is at least as wide as the default [-3, 3]
MARGIN = 0.15        # ... and reaches this fraction of the points' extent (at least 1) beyond them


@dataclass(frozen=True, eq=False)
class CriticalPoint:
    """A point where the gradient vanishes, with the Hessian's eigen-decomposition there."""

    xy: np.ndarray            # (2,)
    value: float
    kind: str                 # one of KINDS
    eigenvalues: np.ndarray   # (2,) ascending
    eigenvectors: np.ndarray  # (2, 2), column i belongs to eigenvalues[i]


def classify(eigenvalues, scale: float | None = None) -> str:
    """The kind of critical point with these Hessian eigenvalues, with a relative tolerance.

    ``scale`` is a typical Hessian size for the surface: eigenvalues all tiny against it count as zero
    (without it only their ratio is judged). Non-finite eigenvalues say nothing: "degenerate".

    >>> classify([2.0, 5.0]), classify([-2.0, 2.0]), classify([-3.0, -1.0]), classify([0.0, 1.0])
    ('minimum', 'saddle', 'maximum', 'degenerate')
    """
    lam = np.asarray(eigenvalues, dtype=float)
    if not np.all(np.isfinite(lam)):
        return "degenerate"
    big = float(np.max(np.abs(lam)))
    floor = max(RTOL * big, FLAT * scale if scale else 0.0)
    if big == 0.0 or float(np.min(np.abs(lam))) <= floor:
        return "degenerate"
    if np.all(lam > 0):
        return "minimum"
    if np.all(lam < 0):
        return "maximum"
    return "saddle"


def condition_number(eigenvalues) -> np.ndarray:
    """max|λ| / min|λ| over the last axis (inf where an eigenvalue is 0, NaN where one is NaN): how elongated
    the quadratic model's level sets are, and how much slower GD goes along the flattest direction.

    >>> float(condition_number([0.2, 4.0]))
    20.0
    """
    lam = np.abs(np.asarray(eigenvalues, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        return lam.max(axis=-1) / lam.min(axis=-1)


def stability_bound(eigenvalues, momentum: float = 0.0, nesterov: bool = False) -> float:
    r"""The learning rates lr in (0, bound) for which gradient descent converges on the quadratic model of the
    surface with these Hessian eigenvalues: plain GD (``momentum=0``), heavy-ball momentum (PyTorch's
    b <- μb + g, p <- p - lr·b) or PyTorch-form Nesterov (p <- p - lr·(g + μb)).

    Along eigenvector i, with a = lr·λi, the error e and the buffer c = lr·b evolve linearly:

    - GD: e <- (1 - a)e; |1 - a| < 1 needs 0 < a < 2, so lr < 2/λmax;
    - heavy ball: (e, c) <- [[1 - a, -μ], [a, μ]] (e, c), characteristic z² - (1 + μ - a)z + μ; both roots
      lie inside the unit circle (Jury: μ < 1, a > 0, 2 + 2μ - a > 0) when 0 < a < 2(1 + μ): lr < 2(1+μ)/λmax;
    - Nesterov: (e, c) <- [[1 - a(1 + μ), -μ²], [a, μ]] (e, c), characteristic z² - (1 + μ)(1 - a)z + μ(1 - a)
      (Jury: a > 0, 1 + (1 + 2μ)(1 - a) > 0, μ|1 - a| < 1): lr < 2(1+μ)/((1+2μ)·λmax).

    Every condition needs a > 0 for every eigenvalue: where λmin <= 0 (a saddle, a maximum, a flat
    direction) the error along that eigenvector never shrinks and no learning rate converges, so the bound
    is 0. NaN when an eigenvalue is not finite. (Sutskever's look-ahead forms move on the same linear
    iteration, so their bounds are the same.)

    >>> stability_bound([0.2, 4.0]), stability_bound([0.2, 4.0], momentum=0.9)
    (0.5, 0.95)
    >>> round(stability_bound([0.2, 4.0], momentum=0.9, nesterov=True), 6), stability_bound([-2.0, 1.0])
    (0.339286, 0.0)
    """
    lam = np.asarray(eigenvalues, dtype=float)
    if not np.all(np.isfinite(lam)):
        return float("nan")
    top, low = float(lam.max()), float(lam.min())
    if low <= 0:
        return 0.0
    limit = 2.0 * (1.0 + momentum) / (1.0 + 2.0 * momentum if nesterov else 1.0)
    return limit / top


def hessian_eigenvalues(surface, path) -> np.ndarray:
    """Eigenvalues (ascending) of the symmetrised Hessian at every point of ``path`` (..., 2).

    Returns (..., 2), NaN where the point or its Hessian is not finite. Closed form for a symmetric
    2x2 matrix [[a, b], [b, c]]: (a + c)/2 -+ sqrt(((a - c)/2)**2 + b**2).
    """
    h = surface.hessian(np.asarray(path, dtype=float))
    a, c = h[..., 0, 0], h[..., 1, 1]
    b = 0.5 * (h[..., 0, 1] + h[..., 1, 0])
    with np.errstate(all="ignore"):
        mean = 0.5 * (a + c)
        radius = np.hypot(0.5 * (a - c), b)
        return np.stack([mean - radius, mean + radius], axis=-1)


def hessian_eigen(surface, xy) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (2,) ascending and eigenvectors (2, 2) (columns) of the symmetrised Hessian at one point.

    NaN where the Hessian is not finite. Each eigenvector is signed so its largest component is positive,
    so the same point always shows the same arrows.
    """
    h = surface.hessian(np.asarray(xy, dtype=float).reshape(2))
    return _eigh(0.5 * (h + h.T))


def _eigh(h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if not np.all(np.isfinite(h)):
        return np.full(2, np.nan), np.full((2, 2), np.nan)
    lam, vec = np.linalg.eigh(h)
    lead = vec[np.argmax(np.abs(vec), axis=0), [0, 1]]
    return lam, vec * np.where(lead < 0, -1.0, 1.0)


@dataclass(frozen=True)
class FlatRegion:
    """Part of a search box where f is constant to rounding: a saturated plateau (tanh, sigmoid) or a constant
    formula. Its computed gradient and Hessian are zero everywhere, so it is one note, not a point per seed."""

    value: float                                   # f there
    fraction: float                                # share of the box's seed grid that is flat there (0 to 1)
    box: tuple[tuple[float, float], tuple[float, float]]   # bounding box of those seeds


@dataclass(frozen=True, eq=False)
class CriticalSearch:
    """What a search of one box found: the box, its critical points (sorted) and its flat regions."""

    domain: tuple[tuple[float, float], tuple[float, float]]
    points: tuple[CriticalPoint, ...]
    flat: tuple[FlatRegion, ...] = ()


SEARCH_CACHE_SIZE = 32
_SEARCHES: OrderedDict[tuple, CriticalSearch] = OrderedDict()   # (name, formula, box) -> search, LRU


def critical_points(surface, domain=None, _cache: bool = True) -> list[CriticalPoint]:
    """All critical points of ``surface`` inside ``domain`` (default: the surface's), classified and sorted.

    The points of :func:`find_critical`'s search; see there for the rule.
    """
    return list(find_critical(surface, domain, _cache).points)


def find_critical(surface, domain=None, _cache: bool = True) -> CriticalSearch:
    """Search ``domain`` (default: the surface's) for critical points and flat regions.

    The built-in surfaces' points on their own domains were found ahead of time (core/builtin_critical.py,
    written by ``tools/generate_builtins.py``) and come from there; other searches are remembered.

    Newton's method on the gradient, p <- p - H(p)^-1 grad(p), converges to a critical point of any kind
    (minimum, saddle or maximum alike), so it runs from a grid of seeds over the domain, all at once.
    Steps are capped so seeds stay near where they started. A seed counts when its Newton step has died
    out and its gradient is zero to GRAD_RTOL times the typical slope (the range of f over the box divided
    by the box's diagonal): a gradient of 1e-6 on x**3 + 1e-6*x + y**2 is not zero. Seeds that end within
    MERGE times the diagonal of each other found the same point (Newton's end points of one point agree to
    far less, so nearby distinct points, like x**3 - 3e-8*x's at x = ±1e-4, stay two).

    Where f is constant to rounding on a whole neighbourhood of seeds (a saturated tanh), every gradient
    computes to 0 without a critical point being there: such seeds form flat regions, reported once each
    (by value), and degenerate points within FLAT_REACH seed spacings of them are part of them.
    Points are sorted by kind (minima, saddles, maxima, degenerate), then value, then x, then y.
    """
    box = _as_box(surface.domain if domain is None else domain)
    key = (surface.name, surface.formula, box)
    if _cache:
        if box == _as_box(surface.domain):
            known = _builtin_points(surface)
            if known is not None:
                return CriticalSearch(box, tuple(known))
        if key in _SEARCHES:
            _SEARCHES.move_to_end(key)
            return _SEARCHES[key]
    search = _search(surface, box)
    _remember(key, search)
    return search


def fitted_domain(surface) -> tuple[tuple[float, float], tuple[float, float]]:
    """A domain that holds the critical points of ``surface``, for a typed formula that has none of its own.

    The wide box WIDE is searched; the domain is the box around the points found, widened on each side by
    MARGIN of their extent (at least 1), to at least MIN_WIDTH, rounded outward to a round step and kept inside
    WIDE. No point found: ``surface.domain`` (the default [-3, 3]²). The fitted box is searched again (finer
    seeds, the wide search's points among them) and remembered, so its critical points cost nothing later.
    """
    wide = find_critical(surface, WIDE)
    if not wide.points:
        return _as_box(surface.domain)
    xy = np.array([p.xy for p in wide.points])
    box = tuple(_fit_axis(float(xy[:, i].min()), float(xy[:, i].max()), WIDE[i]) for i in (0, 1))
    if box != wide.domain:
        (x0, x1), (y0, y1) = box
        inside = xy[(xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)]
        _remember((surface.name, surface.formula, box), _search(surface, box, inside))
    return box


def _grid(box) -> np.ndarray:
    """The SEEDS x SEEDS grid of seeds over ``box``, shape (SEEDS, SEEDS, 2), rows along y."""
    (x0, x1), (y0, y1) = box
    return np.stack(np.meshgrid(np.linspace(x0, x1, SEEDS), np.linspace(y0, y1, SEEDS)), -1)


def box_text(domain, digits: int | None = None) -> str:
    """A box as outputs name it: each number as short as is exact, or to ``digits`` significant digits.

    >>> box_text(((-5, 5), (-2.5, 1e-3))), box_text(((-1.5762711864406778, 1), (0, 1)), digits=4)
    ('[-5, 5] × [-2.5, 0.001]', '[-1.576, 1] × [0, 1]')
    """
    def num(v: float) -> str:
        return f"{v:.{digits}g}" if digits else shortest(v)
    return " × ".join(f"[{num(lo)}, {num(hi)}]" for lo, hi in domain)


def _fit_axis(lo: float, hi: float, limit: tuple[float, float]) -> tuple[float, float]:
    """[lo, hi] widened by the margin and to MIN_WIDTH about its centre, the centre and the ends rounded to a
    step of 1, 2 or 5 times a power of ten (about an eighth of the width; the ends outward), within ``limit``.

    The centre moves by at most half a step, less than half the margin: the points stay inside.
    """
    margin = max(1.0, MARGIN * (hi - lo))
    width = max(hi - lo + 2 * margin, MIN_WIDTH)
    rough = width / 8
    power = 10.0 ** math.floor(math.log10(rough))
    step = max(m * power for m in (1, 2, 5) if m * power <= rough)
    mid = round(0.5 * (lo + hi) / step) * step
    lo, hi = math.floor((mid - width / 2) / step) * step, math.ceil((mid + width / 2) / step) * step
    return max(lo, limit[0]) + 0.0, min(hi, limit[1]) + 0.0     # + 0.0: no -0.0


def _as_box(domain) -> tuple[tuple[float, float], tuple[float, float]]:
    (x0, x1), (y0, y1) = domain
    return (float(x0), float(x1)), (float(y0), float(y1))


def _remember(key: tuple, search: CriticalSearch) -> None:
    _SEARCHES[key] = search
    _SEARCHES.move_to_end(key)
    if len(_SEARCHES) > SEARCH_CACHE_SIZE:
        _SEARCHES.popitem(last=False)


def _search(surface, box, known: np.ndarray | None = None) -> CriticalSearch:
    """One search of ``box`` (see :func:`find_critical`); ``known`` points are extra seeds."""
    (x0, x1), (y0, y1) = box
    diag = float(np.hypot(x1 - x0, y1 - y0))
    grid = _grid(box)
    # Kinks (abs, sqrt(x**2 + y**2), Ackley's cone) sit at the origin by habit; the surface defines the
    # derivatives there, but Newton never lands on a kink by itself, so seed the origin and the centre.
    extra = np.array([[0.0, 0.0], [(x0 + x1) / 2, (y0 + y1) / 2]])
    if known is not None and len(known):
        extra = np.concatenate([extra, known])
    seeds = np.concatenate([grid.reshape(-1, 2), extra[(extra[:, 0] >= x0) & (extra[:, 0] <= x1)
                                                       & (extra[:, 1] >= y0) & (extra[:, 1] <= y1)]])
    with np.errstate(all="ignore"):
        f0 = surface.value(grid)
        h0 = np.linalg.norm(surface.hessian(grid), axis=(-2, -1))   # Frobenius: no SVD of NaN
    hscale = _typical(h0.ravel())
    gtol = GRAD_RTOL * _spread(f0) / diag
    flat = _flat_seeds(f0)

    p, converged = _newton(surface, seeds, (x0, x1, y0, y1), diag)
    with np.errstate(all="ignore"):
        g = np.linalg.norm(surface.grad(p), axis=-1)
    tol = 1e-9 * diag
    inside = (p[:, 0] >= x0 - tol) & (p[:, 0] <= x1 + tol) & (p[:, 1] >= y0 - tol) & (p[:, 1] <= y1 + tol)
    ok = converged & inside & (g <= gtol)
    found = _merge(p[ok], g[ok], MERGE * diag)
    points = []
    if found:
        xy = np.clip(found, (x0, y0), (x1, y1))
        xy[np.abs(xy) <= SNAP * diag] = 0.0   # a degenerate point is only located this well: print 0, not -3e-12
        with np.errstate(all="ignore"):
            values = surface.value(xy)
            hess = surface.hessian(xy)
        for i in np.flatnonzero(np.isfinite(values)):
            lam, vec = _eigh(0.5 * (hess[i] + hess[i].T))
            points.append(CriticalPoint(xy[i], float(values[i]), classify(lam, hscale), lam, vec))
    if flat.any():
        near = _dilate(flat, FLAT_REACH)
        cell = np.array([(x1 - x0) / (SEEDS - 1), (y1 - y0) / (SEEDS - 1)])

        def on_flat(c):
            ix, iy = np.clip(np.rint((c.xy - (x0, y0)) / cell).astype(int), 0, SEEDS - 1)
            return c.kind == "degenerate" and near[iy, ix]
        points = [c for c in points if not on_flat(c)]
    # A curve of critical points (the ring of (x**2 + y**2 - 1)**2, the line of x**2) would come back as one
    # point per seed: keep them a few seed spacings apart, enough to draw the curve.
    degenerate = [c for c in points if c.kind == "degenerate"]
    if len(degenerate) > 1:
        gd = np.linalg.norm(surface.grad(np.array([c.xy for c in degenerate])), axis=-1)
        keep = _merge(np.array([c.xy for c in degenerate]), gd, diag / 25, indices=True)
        points = [c for c in points if c.kind != "degenerate"] + [degenerate[k] for k in keep]
    # Rounded keys: mirror-image points (ackley's (2.967, ±0.989)) tie exactly and ±1e-17 is 0, whatever the
    # last bits of the CPU's sin/exp, so the order (and core.builtin_critical's tables) is the same everywhere.
    points.sort(key=lambda c: (KINDS.index(c.kind), float(f"{c.value:.9g}"), round(float(c.xy[0]), 9),
                               round(float(c.xy[1]), 9)))
    return CriticalSearch(box, tuple(points), _flat_regions(f0, flat, grid))


def _builtin_points(surface) -> list[CriticalPoint] | None:
    """The precomputed points of a built-in surface on its own domain, or None for any other surface."""
    from core import builtin_critical

    formula, domain, points = builtin_critical.SURFACES.get(surface.name, (None, None, ()))
    if formula != surface.formula or _as_box(surface.domain) != domain:
        return None
    return [CriticalPoint(np.array(xy), value, kind, np.array(lam), np.array(vec))
            for xy, value, kind, lam, vec in points]


def _typical(a: np.ndarray) -> float:
    """A robust typical size of the finite, nonzero entries of ``a`` (1 if there are none)."""
    a = a[np.isfinite(a) & (a > 0)]
    return float(np.median(a)) if a.size else 1.0


def _spread(f: np.ndarray) -> float:
    """How much f varies over the seed grid: the range of its finite values (not a percentile range: a bump,
    x*exp(-x**2 - y**2) on [-10, 10]², is ~0 on almost every seed), else its size, else 1."""
    f = f[np.isfinite(f)]
    if not f.size:
        return 1.0
    for spread in (f.max() - f.min(), np.abs(f).max()):
        if spread > 0:
            return float(spread)
    return 1.0


def _flat_seeds(f: np.ndarray) -> np.ndarray:
    """Seeds (SEEDS, SEEDS) where f equals f at all 8 grid neighbours to FLAT_ULPS units in the last place.

    At any critical point that is not in a flat region some neighbour differs (a minimum, the monkey saddle,
    x**10 near 0: f there is tiny, and so is its rounding), so a flat seed marks a plateau.
    """
    flat = np.isfinite(f)
    padded = np.pad(f, 1, mode="edge")
    rows, cols = f.shape
    eps = np.finfo(float).eps
    with np.errstate(invalid="ignore"):
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                n = padded[1 + dy:1 + dy + rows, 1 + dx:1 + dx + cols]
                flat &= np.abs(n - f) <= FLAT_ULPS * eps * np.maximum(np.abs(f), np.abs(n))
    return flat


def _dilate(mask: np.ndarray, reach: int) -> np.ndarray:
    """``mask`` grown by ``reach`` cells in every direction (a square neighbourhood)."""
    padded = np.pad(mask, reach)
    rows, cols = mask.shape
    out = np.zeros_like(mask)
    for dy in range(2 * reach + 1):
        for dx in range(2 * reach + 1):
            out |= padded[dy:dy + rows, dx:dx + cols]
    return out


def _flat_regions(f: np.ndarray, flat: np.ndarray, grid: np.ndarray) -> tuple[FlatRegion, ...]:
    """The flat seeds grouped by their value (equal to rounding), largest share of the box first."""
    if not flat.any():
        return ()
    values, xy = f[flat], grid[flat]
    order = np.argsort(values, kind="stable")
    values, xy = values[order], xy[order]
    eps = np.finfo(float).eps
    gaps = np.abs(np.diff(values)) > FLAT_ULPS * eps * np.maximum(np.abs(values[:-1]), np.abs(values[1:]))
    regions = []
    for part in np.split(np.arange(len(values)), np.flatnonzero(gaps) + 1):
        pts = xy[part]
        box = ((float(pts[:, 0].min()), float(pts[:, 0].max())), (float(pts[:, 1].min()), float(pts[:, 1].max())))
        regions.append(FlatRegion(float(np.median(values[part])), len(part) / f.size, box))
    return tuple(sorted(regions, key=lambda r: -r.fraction))


def _newton(surface, seeds: np.ndarray, box, diag: float) -> tuple[np.ndarray, np.ndarray]:
    """Capped Newton steps on the gradient from every seed; returns the end points and a converged mask.

    Seeds whose gradient or Hessian turns non-finite, or that wander well outside the box, are dropped.
    A singular Hessian is handled by a tiny Levenberg-Marquardt term, (H^T H + mu I) s = -H^T g.
    """
    x0, x1, y0, y1 = box
    margin = 0.25 * diag
    p = seeds.copy()
    active = np.ones(len(p), dtype=bool)
    converged = np.zeros(len(p), dtype=bool)
    max_step, step_tol = MAX_STEP * diag, STEP_TOL * diag
    with np.errstate(all="ignore"):
        for _ in range(ITERATIONS):
            idx = np.flatnonzero(active)
            if idx.size == 0:
                break
            q = p[idx]
            g = surface.grad(q)
            h = surface.hessian(q)
            h = 0.5 * (h + np.swapaxes(h, -1, -2))
            finite = np.all(np.isfinite(g), axis=-1) & np.all(np.isfinite(h), axis=(-2, -1))
            step = _solve(h, g)
            length = np.linalg.norm(step, axis=-1)
            finite &= np.isfinite(length)
            step *= np.minimum(1.0, max_step / np.where(length > 0, length, 1.0))[:, None]
            q = q + step
            done = finite & (length <= step_tol)
            lost = ~finite | (q[:, 0] < x0 - margin) | (q[:, 0] > x1 + margin) \
                | (q[:, 1] < y0 - margin) | (q[:, 1] > y1 + margin)
            p[idx] = np.where(finite[:, None], q, p[idx])
            converged[idx[done]] = True
            active[idx[done | lost]] = False
    return p, converged


def _solve(h: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Newton step -H^-1 g for symmetric 2x2 H, regularised so a singular H gives a finite step.

    H and g are first divided by H's largest entry (the step does not change): in a Gaussian's tail H is ~1e-83
    and H^T H's determinant would underflow to 0, which would read as "no step" and stop the seed there.
    """
    scale = np.max(np.abs(h), axis=(-2, -1))
    scale = np.where(scale > 0, scale, 1.0)
    h, g = h / scale[:, None, None], g / scale[:, None]
    a, b, c = h[:, 0, 0], h[:, 0, 1], h[:, 1, 1]
    # H^T H for symmetric H = [[a, b], [b, c]]
    aa, ab, bb = a * a + b * b, b * (a + c), b * b + c * c
    mu = 1e-14 * (aa + bb) + 1e-300
    aa, bb = aa + mu, bb + mu
    rx, ry = a * g[:, 0] + b * g[:, 1], b * g[:, 0] + c * g[:, 1]   # H^T g
    det = aa * bb - ab * ab
    # det == 0 only for H == 0: no information, no step (the gradient test then judges the point)
    det = np.where(det > 0, det, np.inf)
    return -np.stack([(bb * rx - ab * ry) / det, (aa * ry - ab * rx) / det], axis=-1)


def _merge(points: np.ndarray, grad_norm: np.ndarray, radius: float, indices: bool = False) -> list:
    """One representative (the one with the smallest gradient) per cluster of points within ``radius``.

    Returns the representatives, or with ``indices`` their indices into ``points``.
    """
    kept: list[np.ndarray] = []
    kept_index: list[int] = []
    cells: dict[tuple[int, int], list[int]] = {}
    for i in np.argsort(grad_norm, kind="stable"):
        xy = points[i]
        cx, cy = (int(v) for v in np.floor(xy / radius))
        near = [k for dx in (-1, 0, 1) for dy in (-1, 0, 1) for k in cells.get((cx + dx, cy + dy), ())]
        if any(np.hypot(*(kept[k] - xy)) <= radius for k in near):
            continue
        cells.setdefault((cx, cy), []).append(len(kept))
        kept.append(xy.copy())
        kept_index.append(int(i))
    return kept_index if indices else kept
