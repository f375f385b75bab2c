"""The work budget: how much memory and time a request needs, estimated before it starts.

Every run keeps its whole path, so a request costs memory in proportion to its iterates: runs x starts x
(steps + 1) points. A scene at the documented limits (32 runs x 64 starts x 100,000 steps) would need about
13 GB; 10,000 starts x 100,000 steps about 60 GB. Such requests are refused with a message naming the limit
instead of dying half-way (the command line: ``error: ...``; the window: a one-line message, nothing
changes). The command line (``cli``), the exports and the window all ask :func:`check`; ``core.swarm`` takes
its work limit from here too. Every limit is in this module.

The estimate is deliberately rough and on the safe side (measured on this project's 2-core build machine:
about 3 us per step for one start, 60 us per batched step plus 0.2 us per start and step for many).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from core.errors import UserInputError

BYTES_PER_POINT = 64            # path (16) and loss (8), plus gradient norms, eigenvalues and drawing copies
TEXT_BYTES_PER_POINT = 640      # written as text (run's JSON/CSV, data exports): Python floats, rows, the text
TEXT_POINT_SECONDS = 25e-6      # ... and the time to compute the derived columns and format them
MAX_BYTES = 1_500_000_000       # fits a machine of a few GB beside the app itself
MAX_SECONDS = 600.0             # a command that would take longer is refused (Ctrl-C stops a shorter one)
WINDOW_SECONDS = 5.0            # the window recomputes on every change: beyond this it would freeze
# Basin maps and sweeps keep only final points (memory is bounded by core.swarm's chunks), so their limit is
# one of work: start points x steps of one basin map (about a minute); a sweep gets a twentieth.
MAX_SWARM_POINT_STEPS = 1_000_000_000
SINGLE_STEP_SECONDS = 3e-6      # one start: plain floats
BATCH_STEP_SECONDS = 60e-6      # many starts: NumPy's per-call cost of one step
POINT_SECONDS = 0.2e-6          # ... plus this per start
# A model on data (core.model_surface) evaluates its graph on every row of a step's batch (all rows for
# batch=0): about 0.1 us per start, row and step on its general path, measured on logistic regression.
ROW_SECONDS = 0.1e-6
ROW_WORK = 2                    # ... the same work in the swarm's point-steps (one is about 60 ns)


class BudgetError(UserInputError):
    """A request too large for the budget; the message names the limit and how to get below it."""


@dataclass(frozen=True)
class Estimate:
    points: int          # iterates kept: runs x starts x (steps + 1)
    bytes: int           # memory they need
    seconds: float       # time to compute them (rough, on a slow machine)


def data_rows(surface, optimizers) -> float:
    """The data rows one step evaluates, on average over the runs of ``optimizers``: each run's batch (all
    rows for batch=0) on a model surface with data whose steps evaluate the graph per row; 0 elsewhere (a
    formula, and a model whose loss is a polynomial in the axes: its steps cost a few float operations)."""
    n_rows = int(getattr(surface, "n_rows", 0) or 0)
    if not n_rows or getattr(surface, "data", None) is None or getattr(surface, "polynomial", False):
        return 0.0
    sizes = [min(opt.batch, n_rows) if opt.batch else n_rows for opt in optimizers]
    return sum(sizes) / len(sizes) if sizes else 0.0


def estimate(runs: int, starts: int, steps: int, text: bool = False, rows: float = 0.0) -> Estimate:
    """The cost of running ``runs`` optimizers from ``starts`` start points for ``steps`` steps each
    (``text``: and writing every iterate out as text); ``rows``: the data rows each step evaluates on a model
    surface (:func:`data_rows`): rows x steps of work.

    >>> estimate(1, 1, 100).points
    101
    """
    runs, starts, steps = int(runs), int(starts), int(steps)
    points = runs * starts * (steps + 1)
    per_step = SINGLE_STEP_SECONDS if starts <= 1 else BATCH_STEP_SECONDS + starts * POINT_SECONDS
    seconds = runs * steps * (per_step + max(starts, 1) * rows * ROW_SECONDS) \
        + (points * TEXT_POINT_SECONDS if text else 0.0)
    return Estimate(points, points * (TEXT_BYTES_PER_POINT if text else BYTES_PER_POINT), seconds)


def check(runs: int, starts: int, steps: int, text: bool = False, max_seconds: float = MAX_SECONDS,
          rows: float = 0.0) -> Estimate:
    """The estimate of the request, or BudgetError if it needs more than MAX_BYTES or ``max_seconds``."""
    cost = estimate(runs, starts, steps, text, rows)
    shape = f"{runs} run(s) x {starts} start(s) x {steps:,} steps" + (f" x {rows:,.0f} data rows" if rows else "")
    if cost.bytes > MAX_BYTES:
        raise BudgetError("{shape} needs about {need} of memory (at most {limit}); use fewer steps, start "
                          "points or runs", shape=shape, need=_size(cost.bytes), limit=_size(MAX_BYTES))
    if cost.seconds > max_seconds:
        raise BudgetError("{shape} would take about {need} to compute (at most {limit}); use fewer steps, start "
                          "points or runs", shape=shape, need=_duration(cost.seconds),
                          limit=_duration(max_seconds))
    return cost


def _size(n: float) -> str:
    return f"{n / 1e9:.1f} GB" if n >= 1e9 else f"{math.ceil(n / 1e6)} MB"


def _duration(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 120 else f"{seconds:.0f} s"
