"""The swarm: many runs at once. Basin-of-attraction maps and learning-rate sweeps.

A basin map runs one optimizer from every cell of a grid over the domain and records which minimum each
start ends at, and after how many steps it settled there. A sweep runs optimizers from one start over a
range of learning rates and records the final loss and the steps to settle.

"Settled" is one rule for both: a run has converged to a minimum when its last iterate lies within ``tol``
(a distance; default 0.1% of the domain's diagonal) of it; its steps to converge are the first step from
which it stays within ``tol`` of that minimum to the end.

>>> from core import surfaces
>>> bm = basins(surfaces.get("bowl"), "gd:lr=0.1", grid=4, steps=200)
>>> bm.index.tolist(), bm.steps_to_converge[0].tolist()
([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], [27, 26, 26, 27])
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from core import analysis, budget, optimizers, runs
from core.defaults import DEFAULT_STEPS
from core.errors import UserInputError

TOL = 1e-3              # default settling distance, as a fraction of the domain's diagonal
CHUNK = 8192            # starts per optimizers.run call: progress and cancel are checked between chunks
CHUNK_POINTS = 4_200_000    # ... but at most this many path points per call (steps x starts: ~100 MB)
_BLOCK = 1024           # runs per block in settle()
MAX_GRID = 1000
MAX_SWEEP = 1000
MAX_WORK = budget.MAX_SWARM_POINT_STEPS    # point-steps in one basin map; a sweep gets a twentieth


class Cancelled(Exception):
    """Raised by :func:`basins` and :func:`sweep` when their ``cancel()`` callback returns True."""


@dataclass(eq=False)
class BasinMap:
    """Where one optimizer ends from every start of a grid. Arrays are (ny, nx), rows along y (image order)."""

    surface: str                       # the surface's name ("custom" for a formula) and formula
    formula: str
    optimizer: optimizers.Optimizer
    steps: int
    tol: float
    domain: tuple[tuple[float, float], tuple[float, float]]
    xs: np.ndarray                     # (nx,) cell centres
    ys: np.ndarray                     # (ny,)
    index: np.ndarray                  # (ny, nx) int: the minimum each start ends at; -1 none (also if stopped)
    diverged: np.ndarray               # (ny, nx) bool: status "diverged" (left the divergence box)
    undefined: np.ndarray              # (ny, nx) bool: status "undefined": f is undefined at the start or at an
                                       # iterate the run reached (the run stopped there)
    steps_to_converge: np.ndarray      # (ny, nx) int; -1 where index is -1
    final: np.ndarray                  # (ny, nx, 2) last iterate (NaN if the run stopped before the end)
    minima: list[analysis.CriticalPoint]

    def fractions(self) -> dict[int, float]:
        """Share of the starts per outcome: minimum index, -1 not converged, -2 diverged, -3 f undefined at the
        start or where the run went."""
        codes = np.where(self.undefined, -3, np.where(self.diverged, -2, self.index))
        values, counts = np.unique(codes, return_counts=True)
        return {int(v): float(c) / codes.size for v, c in zip(values, counts)}

    def to_dict(self) -> dict:
        """JSON-ready: rows of the grids along y; ``basin`` -1 and ``steps_to_converge`` null where no minimum
        was reached (``diverged`` tells the two cases apart)."""
        return {"surface": {"name": self.surface, "formula": self.formula},
                "optimizer": self.optimizer.spec, "steps": self.steps, "tol": self.tol,
                "domain": [list(r) for r in self.domain], "x": self.xs.tolist(), "y": self.ys.tolist(),
                "minima": _minima_dicts(self.minima),
                "basin": self.index.tolist(),
                "steps_to_converge": np.where(self.index >= 0, self.steps_to_converge, None).tolist(),
                "diverged": self.diverged.tolist(), "undefined": self.undefined.tolist()}


@dataclass(eq=False)
class Sweep:
    """Final loss and steps to converge against the learning rate; arrays are (n_optimizers, count)."""

    surface: str
    formula: str
    start: np.ndarray                  # (2,)
    start_loss: float
    steps: int
    tol: float
    lrs: np.ndarray                    # (count,) log-spaced
    optimizers: list[optimizers.Optimizer]   # as given; their own lr is replaced by each lrs[j]
    final_loss: np.ndarray             # NaN where the run stopped (diverged or undefined)
    steps_to_converge: np.ndarray      # int, -1 where not converged to a minimum
    index: np.ndarray                  # int, the minimum the run ends at, -1 if none
    diverged: np.ndarray               # bool: status "diverged" (left the divergence box)
    minima: list[analysis.CriticalPoint]
    undefined: np.ndarray              # bool: status "undefined" (a step landed where f is undefined)

    def status(self, i: int, j: int) -> str:
        """The run's status word (``optimizers.STATUSES``)."""
        return "diverged" if self.diverged[i, j] else "undefined" if self.undefined[i, j] else "ok"

    def optimizer_at(self, i: int, j: int) -> optimizers.Optimizer:
        """The optimizer of row ``i`` with learning rate ``lrs[j]`` (to load that run)."""
        return _with_lr(self.optimizers[i], float(self.lrs[j]))

    def to_dict(self) -> dict:
        """JSON-ready; null where a run stopped (final loss) or reached no minimum (steps, minimum)."""
        runs = []
        for i, opt in enumerate(self.optimizers):
            reached = self.index[i] >= 0
            runs.append({"optimizer": opt.name, "params": {k: v for k, v in opt.params.items() if k != "lr"},
                         "final_loss": [float(v) if np.isfinite(v) else None for v in self.final_loss[i]],
                         "steps_to_converge": np.where(reached, self.steps_to_converge[i], None).tolist(),
                         "minimum": np.where(reached, self.index[i], None).tolist(),
                         "status": [self.status(i, j) for j in range(len(self.lrs))]})
        return {"surface": {"name": self.surface, "formula": self.formula}, "start": self.start.tolist(),
                "start_loss": self.start_loss, "steps": self.steps, "tol": self.tol, "lrs": self.lrs.tolist(),
                "minima": _minima_dicts(self.minima), "runs": runs}

    def csv_rows(self) -> list[list]:
        """A header and one row per optimizer and learning rate; empty cells where there is no value."""
        rows: list[list] = [["optimizer", "spec", "lr", "final_loss", "steps_to_converge", "minimum_x",
                             "minimum_y", "status"]]
        for i in range(len(self.optimizers)):
            for j, lr in enumerate(self.lrs):
                k = int(self.index[i, j])
                m = self.minima[k].xy if k >= 0 else ("", "")
                rows.append([self.optimizers[i].name, self.optimizer_at(i, j).spec, repr(float(lr)),
                             repr(float(self.final_loss[i, j])) if np.isfinite(self.final_loss[i, j]) else "",
                             int(self.steps_to_converge[i, j]) if k >= 0 else "",
                             *(repr(float(c)) if k >= 0 else "" for c in m),
                             self.status(i, j)])
        return rows


def _minima_dicts(minima) -> list[dict]:
    return [{"xy": p.xy.tolist(), "value": float(p.value), "kind": p.kind} for p in minima]


def attractors(surface, domain=None) -> list[analysis.CriticalPoint]:
    """The critical points a descent method can settle at: the minima, and the degenerate points that are
    minima after all (the bottom of x**4 + y**4, which the eigenvalues cannot tell from the monkey saddle)."""
    points = analysis.critical_points(surface, domain)
    (x0, x1), (y0, y1) = surface.domain if domain is None else domain
    return [p for p in points if p.kind == "minimum" or (p.kind == "degenerate" and p.eigenvalues[0] >= 0
                                                        and _lowest_nearby(surface, p, np.hypot(x1 - x0, y1 - y0)))]


def _lowest_nearby(surface, point, diag: float) -> bool:
    """No lower value on small circles around ``point`` (32 directions, two radii): a minimum, if degenerate."""
    angle = np.linspace(0, 2 * np.pi, 32, endpoint=False)
    ring = np.stack([np.cos(angle), np.sin(angle)], -1)
    around = point.xy + np.concatenate([1e-3 * diag * ring, 1e-2 * diag * ring])
    values = surface.value(around)
    slack = 1e-12 * max(abs(point.value), 1.0)
    return bool(np.all(np.isfinite(values)) and np.all(values >= point.value - slack))


def settle(path: np.ndarray, targets: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """For runs ``path`` (steps+1, N, 2) (NaN after divergence) and target points (M, 2): the index of the
    target each run ends within ``tol`` of (-1 if none) and the first step from which it stays there (-1)."""
    n = path.shape[1]
    index = np.full(n, -1)
    steps = np.full(n, -1)
    if len(targets) == 0 or n == 0:
        return index, steps
    end = path[-1]
    with np.errstate(invalid="ignore"):
        d = np.hypot(end[:, None, 0] - targets[None, :, 0], end[:, None, 1] - targets[None, :, 1])
        nearest = np.argmin(np.where(np.isnan(d), np.inf, d), axis=1)
        ok = d[np.arange(n), nearest] <= tol
    if not ok.any():
        return index, steps
    # Squared distance of every iterate to its run's target (NaN target for the other runs: never "far"),
    # in blocks of runs so the temporaries stay small and are reused (fresh large arrays cost page faults).
    t = np.where(ok[:, None], targets[nearest], np.nan)
    rank = np.arange(1, path.shape[0] + 1, dtype=np.int32)[:, None]
    tol2 = tol * tol
    for lo in range(0, n, _BLOCK):
        block = path[:, lo:lo + _BLOCK]
        far = block[..., 0] - t[lo:lo + _BLOCK, 0]
        far *= far
        dy = block[..., 1] - t[lo:lo + _BLOCK, 1]
        dy *= dy
        far += dy
        # (last step that is far) + 1, or 0 if none: a max over rows, which NumPy does row by row (fast)
        steps[lo:lo + _BLOCK] = ((far > tol2) * rank).max(axis=0)
    index[ok] = nearest[ok]
    steps[~ok] = -1
    return index, steps


def basins(surface, optimizer, grid: int = 200, steps: int = DEFAULT_STEPS, domain=None, tol: float | None = None,
           progress: Callable[[float], None] | None = None,
           cancel: Callable[[], bool] | None = None) -> BasinMap:
    """Run ``optimizer`` (an Optimizer or a spec) from the centre of every cell of a ``grid`` x ``grid``
    grid over ``domain`` (default: the surface's) for ``steps`` steps, batched in chunks of starts.

    ``progress(fraction)`` is called after each chunk and ``cancel()`` before each; when it returns True
    the computation stops with :class:`Cancelled`. Raises ValueError for a bad grid, steps or spec.
    """
    opt = _optimizer(optimizer)
    grid, steps = _count("grid", grid, 2, MAX_GRID), _count("steps", steps, 0, 1_000_000)
    rows = budget.data_rows(surface, [opt])      # a model on data: rows x steps of work
    if grid * grid * steps * max(1.0, budget.ROW_WORK * rows) > MAX_WORK:
        if rows:
            raise UserInputError("a {grid} x {grid} grid with {steps} steps on {rows} data rows per step is too "
                                 "much work; use a coarser grid, fewer steps or a smaller batch", grid=grid,
                                 steps=steps, rows=f"{rows:g}")
        raise UserInputError("a {grid} x {grid} grid with {steps} steps is too much work (grid^2 x steps at most "
                             "{limit}); use a coarser grid or fewer steps", grid=grid, steps=steps,
                             limit=f"{MAX_WORK:.0e}")
    domain = _domain(surface, domain)
    (x0, x1), (y0, y1) = domain
    tol = _tol(domain, tol)
    xs = x0 + (np.arange(grid) + 0.5) * (x1 - x0) / grid
    ys = y0 + (np.arange(grid) + 0.5) * (y1 - y0) / grid
    starts = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    minima = attractors(surface, domain)
    targets = np.array([p.xy for p in minima]).reshape(-1, 2)

    n = len(starts)
    index, to_converge = np.empty(n, dtype=int), np.empty(n, dtype=int)
    diverged, undefined, final = np.empty(n, dtype=bool), np.empty(n, dtype=bool), np.empty((n, 2))
    chunk = max(1, min(CHUNK, CHUNK_POINTS // (steps + 1)))
    for lo in range(0, n, chunk):
        if cancel is not None and cancel():
            raise Cancelled("basin map cancelled")
        hi = min(lo + chunk, n)
        path, status = runs.final_paths(surface, opt, starts[lo:hi], steps, indices=np.arange(lo, hi))  # noise by cell
        index[lo:hi], to_converge[lo:hi] = settle(path, targets, tol)
        diverged[lo:hi] = [s == "diverged" for s in status]
        undefined[lo:hi] = [s == "undefined" for s in status]
        final[lo:hi] = path[-1]
        if progress is not None:
            progress(hi / n)
    shape = (grid, grid)
    return BasinMap(surface.name, surface.formula, opt, steps, tol, domain, xs, ys, index.reshape(shape),
                    diverged.reshape(shape), undefined.reshape(shape), to_converge.reshape(shape),
                    final.reshape(shape + (2,)), minima)


def sweep(surface, optimizers_list: Sequence, start, lr_range: tuple[float, float] = (1e-4, 1.0),
          count: int = 50, steps: int = 1000, tol: float | None = None, domain=None,
          progress: Callable[[float], None] | None = None,
          cancel: Callable[[], bool] | None = None) -> Sweep:
    """Run each optimizer (Optimizer or spec) from ``start`` with ``count`` learning rates log-spaced over
    ``lr_range`` (inclusive), ``steps`` steps each. Callbacks as in :func:`basins`, after each run.

    Each run takes the single-start fast path of ``optimizers.run`` (a plain loop over the learning rates:
    about 0.8 ms per 1000 steps).
    """
    opts = [_optimizer(o) for o in optimizers_list]
    if not opts:
        raise UserInputError("a sweep needs at least one optimizer")
    for o in opts:
        if "lr" not in o.params:
            raise UserInputError("{optimizer} has no learning rate to sweep", optimizer=o.name)
    count, steps = _count("count", count, 1, MAX_SWEEP), _count("steps", steps, 0, 1_000_000)
    rows = budget.data_rows(surface, opts)      # a model on data: rows x steps of work
    if len(opts) * count * steps * max(1.0, budget.ROW_WORK * rows) > MAX_WORK // 20:
        raise UserInputError("{optimizers} optimizers x {count} learning rates x {steps} steps is too much work "
                             "(at most {limit} steps in all)", optimizers=len(opts), count=count, steps=steps,
                             limit=f"{MAX_WORK // 20:.0e}")
    try:
        a, b = (float(v) for v in lr_range)
    except (TypeError, ValueError):
        raise UserInputError("lr_range is two numbers (lowest, highest)") from None
    if not (np.isfinite(a) and np.isfinite(b) and 0 < a <= b):
        raise UserInputError("lr_range needs 0 < lowest <= highest, got {value}", value=str(lr_range))
    start = np.asarray(start, dtype=float).reshape(2)
    if not np.all(np.isfinite(start)):
        raise UserInputError("the start point must be finite")
    start_loss = float(surface.value(start))
    if not np.isfinite(start_loss):
        raise UserInputError("the surface is not defined at the start point {point}",
                             point=f"({start[0]:g}, {start[1]:g})")
    domain = _domain(surface, domain)
    tol = _tol(domain, tol)
    lrs = np.geomspace(a, b, count)
    minima = attractors(surface, domain)
    targets = np.array([p.xy for p in minima]).reshape(-1, 2)

    shape = (len(opts), count)
    final_loss, diverged, undefined = np.empty(shape), np.empty(shape, dtype=bool), np.empty(shape, dtype=bool)
    index, to_converge = np.empty(shape, dtype=int), np.empty(shape, dtype=int)
    total, done = len(opts) * count, 0
    for i, opt in enumerate(opts):
        for j, lr in enumerate(lrs):
            if cancel is not None and cancel():
                raise Cancelled("sweep cancelled")
            tr = runs.run(surface, _with_lr(opt, float(lr)), start, steps)
            (index[i, j],), (to_converge[i, j],) = settle(tr.path, targets, tol)
            final_loss[i, j] = tr.loss[-1, 0]
            diverged[i, j], undefined[i, j] = tr.status[0] == "diverged", tr.status[0] == "undefined"
            done += 1
            if progress is not None:
                progress(done / total)
    return Sweep(surface.name, surface.formula, start, start_loss, steps, tol, lrs, opts, final_loss, to_converge,
                 index, diverged, minima, undefined)


# --- argument checks ---------------------------------------------------------------------------------

def _optimizer(optimizer) -> optimizers.Optimizer:
    return optimizer if isinstance(optimizer, optimizers.Optimizer) else optimizers.create(optimizer)


def _with_lr(opt: optimizers.Optimizer, lr: float) -> optimizers.Optimizer:
    return optimizers.create(opt.name, **{**opt.params, "lr": lr})


def _count(name: str, value, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
        raise UserInputError("{name} must be a whole number from {low} to {high}, got {value}", name=name, low=low,
                             high=high, value=repr(value))
    return int(value)


def _domain(surface, domain):
    if domain is None:
        return surface.domain
    try:
        (x0, x1), (y0, y1) = ((float(a), float(b)) for a, b in domain)
    except (TypeError, ValueError):
        raise UserInputError("a domain is ((xmin, xmax), (ymin, ymax))") from None
    if not (np.all(np.isfinite([x0, x1, y0, y1])) and x0 < x1 and y0 < y1):
        raise UserInputError("a domain needs finite xmin < xmax and ymin < ymax")
    return (x0, x1), (y0, y1)


def _tol(domain, tol) -> float:
    (x0, x1), (y0, y1) = domain
    if tol is None:
        return TOL * float(np.hypot(x1 - x0, y1 - y0))
    tol = float(tol)
    if not (np.isfinite(tol) and tol > 0):
        raise UserInputError("tol must be a positive distance, got {value}", value=repr(tol))
    return tol
