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

from dataclasses import dataclass

import numpy as np

KINDS = ("minimum", "saddle", "maximum", "degenerate")   # also the sort order of critical_points
RTOL = 1e-6          # |smallest eigenvalue| <= RTOL * |largest| makes a point degenerate
SEEDS = 60           # Newton starts per axis
ITERATIONS = 100     # x**6 converges linearly (factor 4/5 per Newton step): 100 steps reach ~1e-10
MAX_STEP = 0.05      # longest Newton step, as a fraction of the domain's diagonal: seeds stay local
STEP_TOL = 1e-10     # a seed has converged when its Newton step is this short (times the diagonal)
GRAD_TOL = 1e-6      # ... and its gradient this small (times the typical gradient on the seed grid)
MERGE = 1e-4         # points closer than this (times the diagonal) are one point
SNAP = 1e-8          # coordinates this close to 0 (times the diagonal) are 0
FLAT = 1e-9          # a Hessian this small (times the typical Hessian on the seed grid) is zero


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


def critical_points(surface, domain=None, _cache: bool = True) -> list[CriticalPoint]:
    """All critical points of ``surface`` inside ``domain`` (default: the surface's), classified.

    The built-in surfaces' points on their own domains were found ahead of time (core/builtin_critical.py,
    written by ``python -m core.codegen``) and come from there.

    Newton's method on the gradient, p <- p - H(p)^-1 grad(p), converges to a critical point of any kind
    (minimum, saddle or maximum alike), so it runs from a grid of seeds over the domain, all at once.
    Steps are capped so seeds stay near where they started; a seed counts when its Newton step has died
    out and its gradient is small against the surface's typical gradient. Nearby results are merged.
    Sorted by kind (minima, saddles, maxima, degenerate), then value, then x, then y.
    """
    if _cache and (domain is None or tuple(map(tuple, domain)) == surface.domain):
        known = _builtin_points(surface)
        if known is not None:
            return known
    (x0, x1), (y0, y1) = surface.domain if domain is None else domain
    diag = float(np.hypot(x1 - x0, y1 - y0))
    seeds = np.stack(np.meshgrid(np.linspace(x0, x1, SEEDS), np.linspace(y0, y1, SEEDS)), -1).reshape(-1, 2)
    # Kinks (abs, sqrt(x**2 + y**2), Ackley's cone) sit at the origin by habit; the surface defines the
    # derivatives there, but Newton never lands on a kink by itself, so seed the origin and the centre.
    extra = np.array([[0.0, 0.0], [(x0 + x1) / 2, (y0 + y1) / 2]])
    seeds = np.concatenate([seeds, extra[(extra[:, 0] >= x0) & (extra[:, 0] <= x1)
                                         & (extra[:, 1] >= y0) & (extra[:, 1] <= y1)]])
    with np.errstate(all="ignore"):
        g0 = np.linalg.norm(surface.grad(seeds), axis=-1)
        h0 = np.linalg.norm(surface.hessian(seeds), axis=(-2, -1))   # Frobenius: no SVD of NaN
    gscale = _typical(g0)
    hscale = _typical(h0)

    p, converged = _newton(surface, seeds, (x0, x1, y0, y1), diag)
    with np.errstate(all="ignore"):
        g = np.linalg.norm(surface.grad(p), axis=-1)
    tol = 1e-9 * diag
    inside = (p[:, 0] >= x0 - tol) & (p[:, 0] <= x1 + tol) & (p[:, 1] >= y0 - tol) & (p[:, 1] <= y1 + tol)
    ok = converged & inside & (g <= GRAD_TOL * gscale)
    found = _merge(p[ok], g[ok], MERGE * diag)
    if not found:
        return []
    xy = np.clip(found, (x0, y0), (x1, y1))
    xy[np.abs(xy) <= SNAP * diag] = 0.0   # a degenerate point is only located this well: print 0, not -3e-12
    with np.errstate(all="ignore"):
        values = surface.value(xy)
        hess = surface.hessian(xy)
    points = []
    for i in np.flatnonzero(np.isfinite(values)):
        lam, vec = _eigh(0.5 * (hess[i] + hess[i].T))
        points.append(CriticalPoint(xy[i], float(values[i]), classify(lam, hscale), lam, vec))
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
    return points


def _builtin_points(surface) -> list[CriticalPoint] | None:
    """The precomputed points of a built-in surface on its own domain, or None for any other surface."""
    from core import builtin_critical
    from core.surfaces import BUILTINS

    builtin = BUILTINS.get(surface.name)
    if builtin is None or builtin.formula != surface.formula or surface.domain != builtin.domain:
        return None
    return [CriticalPoint(np.array(xy), value, kind, np.array(lam), np.array(vec))
            for xy, value, kind, lam, vec in builtin_critical.POINTS[surface.name]]


def _typical(a: np.ndarray) -> float:
    """A robust typical size of the finite, nonzero entries of ``a`` (1 if there are none)."""
    a = a[np.isfinite(a) & (a > 0)]
    return float(np.median(a)) if a.size else 1.0


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
    """Newton step -H^-1 g for symmetric 2x2 H, regularised so a singular H gives a finite step."""
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
