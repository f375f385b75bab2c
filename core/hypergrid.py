"""Hyperparameter grids: one optimizer on one surface from one start, over a grid of two hyperparameters.

Each cell is the optimizer with the two varied values put into its spec (``optimizers.create(spec, **values)``:
any numeric parameter of the optimizer or of its learning-rate schedule can be varied), run from the start for
``steps`` steps. Its outcome is the basin map's (``core.swarm``): converged to minimum k when it ends within
``tol`` of that minimum (its steps to converge: the first step from which it stays there), diverged when the
run's status (``optimizers.run``'s rule) is not "ok" (it left the divergence box: "diverged", or stepped where
f is undefined: "undefined"; each cell keeps that status), otherwise not settled (still moving, or stopped
elsewhere, e.g. at a saddle).

Each cell's path is exactly the path of a single ``optimizers.run`` of its spec from the start (the float
driver): batching the cells into NumPy's driver (with the hyperparameters as arrays) was 4 to 5 times
faster but differs from the single run in the last bits, which chaotic surfaces amplify (Rosenbrock, Beale);
49 cells x 1000 steps take 10 to 100 ms this way. Cells with the same spec are run once.

>>> from core import surfaces
>>> g = compute(surfaces.get("bowl"), "momentum", [parse_vary("lr=0.1:3:2:lin"), parse_vary("momentum=0:0.5:2")],
...             (1.0, -1.0), steps=500)
>>> g.outcomes().tolist()            # rows μ = 0, 0.5; columns lr = 0.1, 3 (past 2(1+μ)/λ = 1, 1.5)
[['converged', 'diverged'], ['converged', 'diverged']]
"""
from __future__ import annotations

import csv
import functools
import io
import json
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core import analysis, optimizers, runs, schedules, swarm
from core.errors import UserInputError
from core.scene import MAX_STEPS, MIN_STEPS

MAX_COUNT = 25                  # values per axis
MAX_WORK = 2_500_000            # cells x steps (paths are kept: 40 MB at most; about 5 s of float steps)
OUTCOMES = ("converged", "not_settled", "diverged")


@dataclass(frozen=True)
class Axis:
    """One varied hyperparameter: ``count`` values from ``low`` to ``high``, evenly or log-spaced."""

    name: str
    low: float
    high: float
    count: int
    scale: str = "lin"          # "lin" | "log"

    @functools.cached_property
    def values(self) -> np.ndarray:
        """The values, ``low`` and ``high`` exactly and those between rounded to 12 significant digits, so that
        0:0.99:7 gives 0.825 (not 0.8250000000000001) and loading a cell shows the number its title shows."""
        spaced = (np.geomspace if self.scale == "log" else np.linspace)(self.low, self.high, self.count)
        inner = [float(f"{v:.12g}") for v in spaced[1:-1]]
        return np.array([self.low, *inner, self.high])

    @property
    def text(self) -> str:
        """As ``--vary`` takes it: ``lr=0.001:1:5:log``."""
        return (f"{self.name}={optimizers.exact_value(self.low)}:{optimizers.exact_value(self.high)}:"
                f"{self.count}:{self.scale}")


def parse_vary(text: str) -> Axis:
    """``NAME=LOW:HIGH:COUNT[:log|lin]`` -> Axis (checked against an optimizer later, by :func:`check_axes`)."""
    name, eq, rest = str(text).partition("=")
    name = name.strip()
    parts = [p.strip() for p in rest.split(":")]
    if not eq or not name or len(parts) not in (3, 4):
        raise UserInputError("expected NAME=LOW:HIGH:COUNT[:log|lin] (e.g. lr=0.001:1:5:log), got {text}",
                             text=repr(text))
    scale = parts[3].lower() if len(parts) == 4 else "lin"
    if scale not in ("lin", "log"):
        raise UserInputError("{name}: the spacing is log or lin, got {value}", name=name, value=repr(parts[3]))
    try:
        low, high = float(parts[0]), float(parts[1])
    except (ValueError, OverflowError):
        raise UserInputError("{name}: LOW and HIGH must be numbers, got {value}", name=name,
                             value=repr(f"{parts[0]}:{parts[1]}")) from None
    try:
        count = int(parts[2])
    except ValueError:
        raise UserInputError("{name}: COUNT must be a whole number, got {value}", name=name,
                             value=repr(parts[2])) from None
    return make_axis(name, low, high, count, scale)


def make_axis(name: str, low: float, high: float, count: int, scale: str = "lin") -> Axis:
    """An Axis after the checks that need no optimizer (finite, increasing, 2..MAX_COUNT values, log > 0)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        raise UserInputError("{name}: LOW and HIGH must be finite", name=name)
    if not 2 <= count <= MAX_COUNT:
        raise UserInputError("{name}: COUNT must be from 2 to {limit}, got {value}", name=name, limit=MAX_COUNT,
                             value=count)
    if not low < high:
        raise UserInputError("{name}: LOW must be less than HIGH, got {low} and {high}", name=name,
                             low=optimizers.exact_value(low), high=optimizers.exact_value(high))
    if scale == "log" and not low > 0:
        raise UserInputError("{name}: log spacing needs LOW > 0, got {low}", name=name,
                             low=optimizers.exact_value(low))
    return Axis(name, float(low), float(high), int(count), scale)


def variable_parameters(optimizer: optimizers.Optimizer) -> dict:
    """The parameters a grid can vary: the numeric ones of the optimizer and of its learning-rate schedule."""
    every = {**optimizers.parameters(optimizer.name), **schedules.parameters(optimizer.schedule)}
    return {name: p for name, p in every.items() if p.kind in ("float", "int")}


def check_axes(optimizer: optimizers.Optimizer, axes) -> tuple[Axis, Axis]:
    """Two axes over two different numeric parameters of ``optimizer``, whose every value it accepts."""
    axes = tuple(axes)
    if len(axes) != 2:
        raise UserInputError("a grid varies two parameters (give --vary twice), got {count}", count=len(axes))
    if axes[0].name == axes[1].name:
        raise UserInputError("{name} is varied twice; vary two different parameters", name=axes[0].name)
    params = {**optimizers.parameters(optimizer.name), **schedules.parameters(optimizer.schedule)}
    for axis in axes:
        param = params.get(axis.name)
        if param is None:
            raise UserInputError("{optimizer} has no parameter {name}; it takes {names}", optimizer=optimizer.spec,
                                 name=axis.name, names=", ".join(params))
        if param.kind not in ("float", "int"):
            raise UserInputError("{name} is not a number and cannot be varied", name=axis.name)
        for value in axis.values:       # the endpoints decide the range; int parameters need whole values
            param.check(float(value))
    return axes


@dataclass(eq=False)
class HyperGrid:
    """The runs of one grid. Cell arrays are (ny, nx): row j has ``axes[1].values[j]``, column i
    ``axes[0].values[i]``; ``path`` is (steps+1, ny, nx, 2), NaN after a divergence."""

    surface: object                     # core.surfaces.Surface
    optimizer: optimizers.Optimizer     # the base: every parameter but the two varied ones
    axes: tuple[Axis, Axis]             # (columns, rows)
    start: np.ndarray                   # (2,)
    index: int                          # the start's position in the caller's list (picks gradient noise)
    steps: int
    tol: float
    domain: tuple[tuple[float, float], tuple[float, float]]
    cells: list[list[optimizers.Optimizer]]   # [j][i]
    path: np.ndarray
    loss: np.ndarray                    # (steps+1, ny, nx)
    status: np.ndarray                  # (ny, nx) the run's status: "ok", "diverged" or "undefined"
    diverged: np.ndarray                # (ny, nx) bool: status is not "ok"
    minimum: np.ndarray                 # (ny, nx) int: the minimum reached, -1 none
    steps_to_converge: np.ndarray       # (ny, nx) int, -1 where minimum is -1
    last_finite: np.ndarray             # (ny, nx) int
    minima: list[analysis.CriticalPoint]

    @property
    def shape(self) -> tuple[int, int]:
        return self.minimum.shape

    def outcomes(self) -> np.ndarray:
        """(ny, nx) of "converged", "not_settled" or "diverged"."""
        return np.where(self.diverged, "diverged", np.where(self.minimum >= 0, "converged", "not_settled"))

    def values(self, j: int, i: int) -> dict[str, float]:
        """The varied values of cell (j, i), by parameter name (a spec leaves out seed and noise while the noise
        is zero: these are the values asked for)."""
        return {self.axes[0].name: float(self.axes[0].values[i]), self.axes[1].name: float(self.axes[1].values[j])}

    def symbols(self) -> tuple[str, str]:
        """The two varied parameters as the optimizer's rule names them: ("lr", "μ")."""
        return tuple(self.optimizer._definition.symbol(a.name) for a in self.axes)

    def title(self, j: int, i: int) -> str:
        """The cell's varied values with their symbols, to as few significant digits (3 or more) as tell the
        values of each axis apart: ``lr=0.00215, μ=0.9``."""
        values = self.values(j, i)
        return ", ".join(f"{symbol}={values[a.name]:.{_digits(a.values)}g}"
                         for a, symbol in zip(self.axes, self.symbols()))

    def _cell_dicts(self):
        outcome = self.outcomes()
        for j in range(self.shape[0]):
            for i in range(self.shape[1]):
                opt, k = self.cells[j][i], int(self.minimum[j, i])
                x, y = self.path[self.last_finite[j, i], j, i]
                loss = float(self.loss[self.last_finite[j, i], j, i])
                yield {"row": j, "column": i, "values": self.values(j, i), "spec": opt.spec, "params": opt.params,
                       "outcome": str(outcome[j, i]), "status": str(self.status[j, i]),
                       "minimum": k if k >= 0 else None,
                       "minimum_xy": self.minima[k].xy.tolist() if k >= 0 else None,
                       "final": [float(x), float(y)], "final_loss": loss if math.isfinite(loss) else None,
                       "last_finite_step": int(self.last_finite[j, i]),
                       "steps_to_converge": int(self.steps_to_converge[j, i]) if k >= 0 else None}

    def to_dict(self) -> dict:
        """JSON-ready. A diverged cell's ``final`` is its last finite point (at ``last_finite_step``)."""
        return {"surface": {"name": self.surface.name, "formula": self.surface.formula},
                "optimizer": self.optimizer.spec, "start": self.start.tolist(), "steps": self.steps,
                "tol": self.tol, "domain": [list(r) for r in self.domain],
                "axes": [{"name": a.name, "scale": a.scale, "values": a.values.tolist()} for a in self.axes],
                "minima": [{"xy": p.xy.tolist(), "value": float(p.value), "kind": p.kind} for p in self.minima],
                "cells": list(self._cell_dicts())}

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON text (strict: no NaN)."""
        return json.dumps(self.to_dict(), allow_nan=False, ensure_ascii=False) + "\n"

    def to_csv(self) -> str:
        """:meth:`csv_rows` as CSV text."""
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(self.csv_rows())
        return buf.getvalue()

    def csv_rows(self) -> list[list]:
        """A header and one row per cell; empty fields where there is no value."""
        a, b = self.axes[0].name, self.axes[1].name
        rows: list[list] = [["row", "column", a, b, "spec", "outcome", "status", "minimum_x", "minimum_y",
                             "final_x", "final_y", "final_loss", "last_finite_step", "steps_to_converge"]]
        for c in self._cell_dicts():
            m = c["minimum_xy"] or ("", "")
            rows.append([c["row"], c["column"], repr(c["values"][a]), repr(c["values"][b]), c["spec"], c["outcome"],
                         c["status"], *(repr(v) if v != "" else "" for v in m), *(repr(v) for v in c["final"]),
                         "" if c["final_loss"] is None else repr(c["final_loss"]), c["last_finite_step"],
                         "" if c["steps_to_converge"] is None else c["steps_to_converge"]])
        return rows


def _digits(values: np.ndarray) -> int:
    """The fewest significant digits, at least 3, that print ``values`` as different texts."""
    return next((d for d in range(3, 17) if len({f"{v:.{d}g}" for v in values}) == len(values)), 17)


def compute(surface, optimizer, axes, start, steps: int = 1000, index: int = 0, tol: float | None = None,
            domain=None, progress: Callable[[float], None] | None = None,
            cancel: Callable[[], bool] | None = None) -> HyperGrid:
    """Run ``optimizer`` (an Optimizer or a spec; the varied values replace its own) over the grid of
    ``axes`` (two Axis: columns, rows) from ``start`` for ``steps`` steps.

    ``index`` is the start's position in the caller's list of starts (it picks the gradient noise, as in
    ``optimizers.run``). ``progress(fraction)`` is called after each row, ``cancel()`` before each; True stops
    with ``swarm.Cancelled``. Raises UserInputError (a ValueError) for bad settings, naming the parameter.
    """
    base = optimizer if isinstance(optimizer, optimizers.Optimizer) else optimizers.create(optimizer)
    axes = check_axes(base, axes)
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or not MIN_STEPS <= steps <= MAX_STEPS:
        raise UserInputError("steps must be a whole number from {low} to {high}, got {value}", low=MIN_STEPS,
                             high=MAX_STEPS, value=repr(steps))
    nx, ny = axes[0].count, axes[1].count
    if nx * ny * max(steps, 1) > MAX_WORK:
        raise UserInputError("{cells} cells x {steps} steps is too much work (at most {limit}); use fewer values "
                             "or steps", cells=nx * ny, steps=steps, limit=f"{MAX_WORK:.1e}")
    start = np.asarray(start, dtype=float).reshape(2)
    if not np.all(np.isfinite(start)):
        raise UserInputError("the start point must be finite")
    if not np.isfinite(surface.value(start)):
        raise UserInputError("the surface is not defined at the start point {point}",
                             point=f"({start[0]:g}, {start[1]:g})")
    domain = swarm._domain(surface, domain)
    tol = swarm._tol(domain, tol)

    params = {k: v for k, v in base.params.items() if k not in (axes[0].name, axes[1].name)}
    cells = [[optimizers.create(base.name, **params, **{axes[0].name: float(a), axes[1].name: float(b)})
              for a in axes[0].values] for b in axes[1].values]
    path = np.empty((steps + 1, ny, nx, 2))
    loss = np.empty((steps + 1, ny, nx))
    status = np.empty((ny, nx), dtype=object)
    last_finite = np.empty((ny, nx), dtype=int)
    done: dict[str, tuple[int, int]] = {}
    for j in range(ny):
        if cancel is not None and cancel():
            raise swarm.Cancelled("hyperparameter grid cancelled")
        for i in range(nx):
            spec = cells[j][i].spec
            if spec in done:                 # two values that round to the same float: run once
                jj, ii = done[spec]
                path[:, j, i], loss[:, j, i] = path[:, jj, ii], loss[:, jj, ii]
                status[j, i], last_finite[j, i] = status[jj, ii], last_finite[jj, ii]
                continue
            tr = runs.run(surface, cells[j][i], start, steps, indices=[index])
            path[:, j, i], loss[:, j, i] = tr.path[:, 0], tr.loss[:, 0]
            status[j, i], last_finite[j, i] = tr.status[0], tr.last_finite[0]
            done[spec] = (j, i)
        if progress is not None:
            progress((j + 1) / ny)
    minima = swarm.attractors(surface, domain)
    targets = np.array([p.xy for p in minima]).reshape(-1, 2)
    minimum, to_converge = swarm.settle(path.reshape(steps + 1, ny * nx, 2), targets, tol)
    return HyperGrid(surface, base, axes, start, int(index), steps, tol, domain, cells, path, loss, status,
                     status != "ok", minimum.reshape(ny, nx), to_converge.reshape(ny, nx), last_finite, minima)
