"""The rules of a session, without Qt: what a valid start, step count and domain are, where runs start by
default, which starts survive a change of surface, and which runs a change makes stale.

The window's session (``app.model.Session``) applies them and adds what needs an event loop (signals,
coalescing a burst of changes into one recomputation, progress and Cancel, undo); the command line and
scripts use them directly. Bad values raise :class:`~core.errors.UserInputError` (a ValueError) with a
translatable one-line message.

>>> from core import surfaces
>>> default_start(surfaces.get("rosenbrock"))
(-1.5, 2.0)
>>> starts_after_surface_change([(0.0, 0.0), (9.0, 0.0)], surfaces.get("rosenbrock"))[1]     # (9, 0) is outside
True
"""
from __future__ import annotations

import numpy as np

from core import budget, surfaces
from core.errors import UserInputError
from core.scene import MAX_STEPS, MIN_STEPS, range_problem

# Start points that show the runs well on some built-ins (the saddles: just off the saddle's ridge, so that
# the runs slow down near it before escaping).
GOOD_STARTS = {"rosenbrock": (-1.5, 2.0), "saddle": (-1.8, 0.05), "saddle_escape": (-1.8, 0.05),
               "monkey_saddle": (-1.2, 0.3), "himmelblau": (-0.5, -4.0), "beale": (-3.0, 3.5)}


def default_start(surface) -> tuple[float, float]:
    """A start point that shows the runs well: a known good one inside the domain, else up-left in the domain."""
    (x0, x1), (y0, y1) = surface.domain
    known = GOOD_STARTS.get(surface.name)
    if known is not None and x0 <= known[0] <= x1 and y0 <= known[1] <= y1:
        return known
    return x0 + 0.2 * (x1 - x0), y0 + 0.8 * (y1 - y0)


def surface_text(surface) -> str:
    """The text that names ``surface``: its built-in name, else its formula."""
    return surface.name if surface.name in surfaces.names() else surface.formula


# --- validation ---------------------------------------------------------------------------------------

def check_point(xy) -> np.ndarray:
    """A start point as a (2,) array; UserInputError unless both coordinates are finite."""
    p = np.asarray(xy, dtype=float).reshape(2)
    if not np.isfinite(p).all():
        raise UserInputError("A start point needs finite x and y.")
    return p


def check_starts(starts) -> np.ndarray:
    """Start points as a new (N, 2) array; UserInputError for none or a coordinate that is not finite."""
    arr = np.asarray(starts, dtype=float).reshape(-1, 2)
    if len(arr) == 0 or not np.isfinite(arr).all():
        raise UserInputError("A start point needs finite x and y.")
    return arr.copy()


def check_can_remove_start(count: int) -> None:
    """UserInputError if a start cannot be removed from ``count`` of them (the last one stays)."""
    if count <= 1:
        raise UserInputError("At least one start point is needed.")


def check_steps(steps) -> int:
    """The step count as an int in ``[MIN_STEPS, MAX_STEPS]`` (core.scene's one range), or UserInputError."""
    steps = int(steps)
    if not MIN_STEPS <= steps <= MAX_STEPS:
        raise UserInputError("Steps must be between {low} and {high}.", low=MIN_STEPS, high=MAX_STEPS)
    return steps


def check_domain(domain):
    """``((xmin, xmax), (ymin, ymax))`` as floats, or None (the surface's own); UserInputError naming the axis
    for a range that no view could show (``scene.range_problem``)."""
    if domain is None:
        return None
    domain = tuple((float(lo), float(hi)) for lo, hi in domain)
    for axis, (lo, hi) in zip("xy", domain):
        problem = range_problem(lo, hi)
        if problem is not None:
            raise UserInputError("{axis}: {problem}", axis=axis, problem=problem)
    return domain


def check_window_budget(runs: int, starts: int, steps: int) -> None:
    """BudgetError (a ValueError with a one-line message) if recomputing every run would exhaust the memory or
    freeze the window: the window recomputes on each change, so it allows ``budget.WINDOW_SECONDS``."""
    budget.check(runs, starts, steps, max_seconds=budget.WINDOW_SECONDS)


# --- changes ------------------------------------------------------------------------------------------

def starts_after_surface_change(starts, surface) -> tuple[np.ndarray, bool]:
    """The starts to keep on ``surface`` and whether they moved: all of them when every one lies in its domain
    (edges included), else just the surface's default start."""
    starts = np.asarray(starts, dtype=float).reshape(-1, 2)
    (x0, x1), (y0, y1) = surface.domain
    inside = (starts[:, 0] >= x0) & (starts[:, 0] <= x1) & (starts[:, 1] >= y0) & (starts[:, 1] <= y1)
    if inside.all():
        return starts, False
    return check_starts([default_start(surface)]), True


def stale_jobs(results: list, columns) -> list[tuple[int, list[int] | None]]:
    """What to recompute, as (run index, start columns or None for every start): a run without a result
    (None) or with a failed one (``error`` set) whole, the others only at the stale start ``columns``
    (sorted; none: nothing to do for them)."""
    columns = sorted(columns)
    jobs = []
    for i, res in enumerate(results):
        which = None if res is None or res.error is not None else columns
        if which != []:
            jobs.append((i, which))
    return jobs
