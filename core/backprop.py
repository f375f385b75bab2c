"""The numbers of a computational graph: forward values, exact gradients, gradient descent, answer checking.

Gradients are exact, by reverse mode: each node's expression is differentiated with respect to the names it
reads (its *local* derivatives, one reverse sweep through the expression), and the graph is swept from the loss
back, dL/dsrc += dL/ddst · ∂dst/∂src for every edge src -> dst. At a kink the rule is PyTorch autograd's, so a
student's numbers agree with PyTorch (float64):

    relu'(0) = 0          leaky_relu'(0) = slope     abs'(0) = 0        sqrt'(0) = inf
    max(a, b), min(a, b): the gradient goes to the chosen argument; on a tie half to each (torch.maximum/minimum)
    a^b: 0 for a when b = 0; 0 for b when a = 0 and b >= 0 (torch.pow)

Values are IEEE float64 as in torch: log(0) = -inf, 1/0 = inf, sqrt(-1) = nan, never an exception.
softplus(z) is log(1 + e^z) computed exactly (torch.nn.functional.softplus returns z itself above z = 20, which
differs by less than 2.1e-9; tools/check_graphs_against_torch.py compares with torch.logaddexp(z, 0)).
Qt-free and sympy-free.
"""
from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

import numpy as np

from core.errors import UserInputError
from core.graph import Expr, Graph

MAX_DESCENT_STEPS = 10_000
MAX_ANSWER_ROWS = 2000
MAX_ANSWER_BYTES = 200_000
QUANTITIES = ("value", "grad", "updated")

_F = np.float64
_ZERO, _ONE = _F(0.0), _F(1.0)


class Edge(NamedTuple):
    """One chain-rule factor: ``local`` = ∂dst/∂src (through every use of src in dst's expression, summed),
    ``product`` = dL/ddst · local, the share of dL/dsrc that flows back through this edge."""

    src: str
    dst: str
    local: float
    product: float


@dataclass(frozen=True)
class Evaluation:
    """A graph evaluated at some values of its inputs and parameters.

    ``values[name]`` is the forward value of every node, ``grads[name]`` = dL/dname (1 for the loss, 0 for a node
    the loss does not depend on). ``edges`` lists every edge into a node the loss depends on, in the order a
    student writes the backward pass: gate by gate from the loss back (for each node in reverse file order,
    its inputs in order of first use). ``grads[src]`` is the sum of the ``product`` of the edges from src.
    """

    graph: Graph
    values: dict[str, float]
    grads: dict[str, float]
    edges: list[Edge]

    @property
    def loss(self) -> float:
        return self.values[self.graph.loss.name]

    def edges_from(self, name: str) -> list[Edge]:
        """The edges whose products sum to dL/d``name`` (empty for the loss)."""
        return [e for e in self.edges if e.src == name]


@dataclass(frozen=True)
class Descent:
    """Plain gradient descent on the parameters, p <- p - lr·dL/dp, from the graph's values.

    ``points[k]`` holds the parameters after k steps (``points[0]`` the start) and ``losses[k]`` the loss there.
    The run stops early at the first point whose loss or gradient is not finite (that point is not kept):
    ``stopped`` is then the step number, else None.
    """

    lr: float
    steps: int
    points: list[dict[str, float]]
    losses: list[float]
    stopped: int | None = None

    @property
    def updated(self) -> dict[str, float]:
        """The parameters after the last step taken."""
        return self.points[-1]


# --- evaluation ---------------------------------------------------------------------------------

class _Program(NamedTuple):
    """An expression flattened children-first: ``ops[i]`` reads the slots ``args[i]``; ``live[i]`` says whether
    slot i depends on a name (only those are differentiated); ``consts[i]`` is a number, a name or a slope."""

    ops: tuple
    args: tuple
    consts: tuple
    live: tuple


def _compile(tree: Expr) -> _Program:
    ops, args, consts, live = [], [], [], []

    def emit(e: Expr) -> int:
        slots = tuple(emit(a) for a in e.args)
        ops.append(e.op)
        args.append(slots)
        consts.append(_F(e.value) if e.op in ("num", "leaky_relu") else e.name)
        live.append(e.op == "name" or any(live[s] for s in slots))
        return len(ops) - 1

    emit(tree)
    return _Program(tuple(ops), tuple(args), tuple(consts), tuple(live))


def _sigmoid(a):
    return _ONE / (_ONE + np.exp(-a))


# op -> value from (a, b, const); b is None for one argument
_FORWARD = {
    "neg": lambda a, b, c: -a,
    "+": lambda a, b, c: a + b,
    "-": lambda a, b, c: a - b,
    "*": lambda a, b, c: a * b,
    "/": lambda a, b, c: a / b,
    "^": lambda a, b, c: a**b,
    "exp": lambda a, b, c: np.exp(a),
    "log": lambda a, b, c: np.log(a),
    "sqrt": lambda a, b, c: np.sqrt(a),
    "abs": lambda a, b, c: np.abs(a),
    "tanh": lambda a, b, c: np.tanh(a),
    "sin": lambda a, b, c: np.sin(a),
    "cos": lambda a, b, c: np.cos(a),
    "tan": lambda a, b, c: np.tan(a),
    "sinh": lambda a, b, c: np.sinh(a),
    "cosh": lambda a, b, c: np.cosh(a),
    "sigmoid": lambda a, b, c: _sigmoid(a),
    "relu": lambda a, b, c: a if a > 0 else _ZERO * a,          # keeps nan; relu(-0.0) = 0
    "leaky_relu": lambda a, b, c: a if a > 0 else a * c,
    "softplus": lambda a, b, c: np.logaddexp(a, _ZERO),
    "max": lambda a, b, c: np.maximum(a, b),
    "min": lambda a, b, c: np.minimum(a, b),
}

# op -> upstream gradients of its arguments from (g, a, b, result, const), written as torch's backward formulas
_BACKWARD = {
    "neg": lambda g, a, b, r, c: (-g,),
    "+": lambda g, a, b, r, c: (g, g),
    "-": lambda g, a, b, r, c: (g, -g),
    "*": lambda g, a, b, r, c: (g * b, g * a),
    "/": lambda g, a, b, r, c: (g / b, -g * ((a / b) / b)),
    "^": lambda g, a, b, r, c: (_ZERO if b == 0 else g * (b * a ** (b - _ONE)),
                                _ZERO if (a == 0 and b >= 0) else g * (r * np.log(a))),
    "exp": lambda g, a, b, r, c: (g * r,),
    "log": lambda g, a, b, r, c: (g / a,),
    "sqrt": lambda g, a, b, r, c: (g / (2 * r),),
    "abs": lambda g, a, b, r, c: (g * np.sign(a),),
    "tanh": lambda g, a, b, r, c: (g * (_ONE - r * r),),
    "sin": lambda g, a, b, r, c: (g * np.cos(a),),
    "cos": lambda g, a, b, r, c: (g * -np.sin(a),),
    "tan": lambda g, a, b, r, c: (g * (_ONE + r * r),),
    "sinh": lambda g, a, b, r, c: (g * np.cosh(a),),
    "cosh": lambda g, a, b, r, c: (g * np.sinh(a),),
    "sigmoid": lambda g, a, b, r, c: (g * (_ONE - r) * r,),
    "relu": lambda g, a, b, r, c: (g if r > 0 else _ZERO,),
    "leaky_relu": lambda g, a, b, r, c: (g if a > 0 else g * c,),
    "softplus": lambda g, a, b, r, c: (g / (_ONE + np.exp(-a)),),
    "max": lambda g, a, b, r, c: _split(g, a, b),
    "min": lambda g, a, b, r, c: _split(g, b, a),
}


def _split(g, big, small):
    """torch.maximum's backward (torch.minimum's with the arguments swapped): all of g to the chosen argument,
    half to each on a tie, all of it to both when a comparison fails (nan)."""
    if big == small:
        return g / 2, g / 2
    return (_ZERO if big < small else g), (_ZERO if big > small else g)


def _run(program: _Program, env: dict) -> tuple[list, dict]:
    """Forward through one expression, then its local derivatives {name: ∂value/∂name}."""
    ops, args, consts, live = program
    vals = []
    for op, slots, const in zip(ops, args, consts):
        if op == "num":
            vals.append(const)
        elif op == "name":
            vals.append(env[const])
        else:
            vals.append(_FORWARD[op](vals[slots[0]], vals[slots[1]] if len(slots) > 1 else None, const))
    adj = [_ZERO] * len(ops)
    adj[-1] = _ONE
    local: dict[str, np.float64] = {}
    for i in range(len(ops) - 1, -1, -1):
        if not live[i]:
            continue
        op, slots = ops[i], args[i]
        if op == "name":
            local[consts[i]] = local.get(consts[i], _ZERO) + adj[i]
            continue
        a, b = vals[slots[0]], vals[slots[1]] if len(slots) > 1 else None
        for slot, g in zip(slots, _BACKWARD[op](adj[i], a, b, vals[i], consts[i])):
            if live[slot]:
                adj[slot] = adj[slot] + g
    return vals, local


class _Compiled:
    """A graph ready to evaluate many times (gradient descent): programs built once."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.programs = {n.name: _compile(n.tree) for n in graph.nodes if n.tree is not None}
        live = {graph.loss.name}                      # the nodes the loss depends on
        for n in reversed(graph.nodes):
            if n.name in live:
                live.update(n.inputs)
        self.live = live

    def evaluate(self, values: dict[str, float] | None = None) -> Evaluation:
        graph = self.graph
        given = graph.defaults()
        for name, v in (values or {}).items():
            if name not in given:
                raise KeyError(f"{name} is not an input or a parameter of the graph")
            given[name] = v
        env: dict[str, np.float64] = {}
        locals_: dict[str, dict] = {}
        with np.errstate(all="ignore"):
            for n in graph.nodes:
                if n.tree is None:
                    env[n.name] = _F(given[n.name])
                else:
                    vals, locals_[n.name] = _run(self.programs[n.name], env)
                    env[n.name] = vals[-1]
            grads = dict.fromkeys(env, _ZERO)
            grads[graph.loss.name] = _ONE
            edges = []
            for n in reversed(graph.nodes):
                if n.tree is None or n.name not in self.live:
                    continue
                upstream = grads[n.name]
                for src in n.inputs:
                    local = locals_[n.name][src]
                    product = upstream * local
                    grads[src] = grads[src] + product
                    edges.append(Edge(src, n.name, float(local), float(product)))
        return Evaluation(graph, {k: float(v) for k, v in env.items()}, {k: float(v) for k, v in grads.items()},
                          edges)


def evaluate(graph: Graph, values: dict[str, float] | None = None) -> Evaluation:
    """Evaluate ``graph`` at its given values, with ``values`` (by name) replacing some inputs or parameters."""
    return _Compiled(graph).evaluate(values)


def descend(graph: Graph, lr: float = 0.1, steps: int = 1, values: dict[str, float] | None = None) -> Descent:
    """``steps`` steps of plain gradient descent (torch.optim.SGD without momentum) on the graph's parameters.

    >>> from core.graph import parse
    >>> d = descend(parse("param w = 3\\nloss L = w^2"), lr=0.25, steps=2)
    >>> d.points, d.losses
    ([{'w': 3.0}, {'w': 1.5}, {'w': 0.75}], [9.0, 2.25, 0.5625])
    """
    if not (isinstance(lr, (int, float)) and math.isfinite(lr) and lr >= 0):
        raise ValueError(f"Invalid learning rate: {lr} (a finite number >= 0)")
    if not (isinstance(steps, int) and 0 <= steps <= MAX_DESCENT_STEPS):
        raise ValueError(f"Invalid number of steps: {steps} (0 to {MAX_DESCENT_STEPS})")
    compiled = _Compiled(graph)
    names = [p.name for p in graph.params]
    current = {**graph.defaults(), **(values or {})}
    point = {n: float(current[n]) for n in names}
    ev = compiled.evaluate(current)
    points, losses, stopped = [point], [ev.loss], None
    for k in range(1, steps + 1):
        if not all(math.isfinite(ev.grads[n]) for n in names):
            stopped = k - 1
            break
        with np.errstate(all="ignore"):
            point = {n: float(_F(point[n]) - _F(lr) * _F(ev.grads[n])) for n in names}
        current.update(point)
        ev = compiled.evaluate(current)
        if not (math.isfinite(ev.loss) and all(math.isfinite(v) for v in point.values())):
            stopped = k
            break
        points.append(point)
        losses.append(ev.loss)
    return Descent(float(lr), steps, points, losses, stopped)


# --- checking a student's numbers ---------------------------------------------------------------

_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?\s*")


class Answer(NamedTuple):
    """One number a student wrote: the ``quantity`` ("value", "grad" or "updated") of node ``name``."""

    name: str
    quantity: str
    text: str


@dataclass(frozen=True)
class Mark:
    """A student's number marked: ``right`` when ``given`` is within one unit of its last digit of ``exact``."""

    name: str
    quantity: str
    given: str
    exact: float
    right: bool
    unit: str            # one unit of the last digit written, e.g. "0.01" for 0.51


def is_number(text: str) -> bool:
    """Whether ``text`` is a plain decimal number as a student writes one (``0.51``, ``-3``, ``1.2e-3``)."""
    return isinstance(text, str) and len(text) <= 60 and _NUMBER.fullmatch(text) is not None


def mark_number(text: str, exact: float) -> tuple[bool, str]:
    """(right, unit): right when |text - exact| <= one unit of the last digit of ``text`` (ValueError if
    ``text`` is not a number). ``0.51`` is right for 0.5087 (unit 0.01) and so is ``0.50``; ``0.52`` is not.

    >>> mark_number("0.51", 0.50872), mark_number("0.52", 0.50872), mark_number("-3", -3.9)
    ((True, '0.01'), (False, '0.01'), (True, '1'))
    """
    if not is_number(text):
        raise ValueError(f"not a number: {text!r}")
    given = Decimal(text.strip())
    unit = Decimal(1).scaleb(given.as_tuple().exponent)
    right = math.isfinite(exact) and abs(given - Decimal(exact)) <= unit
    return right, format(unit, "f") if unit < 1 else format(unit, "E") if unit > 10**6 else str(int(unit))


def check(evaluation: Evaluation, answers: list[Answer], descent: Descent | None = None) -> list[Mark]:
    """Mark each answer against the exact value (``updated``: the parameter after ``descent``'s last step)."""
    marks = []
    for a in answers:
        if a.quantity == "value":
            exact = evaluation.values[a.name]
        elif a.quantity == "grad":
            exact = evaluation.grads[a.name]
        elif a.quantity == "updated" and descent is not None:
            exact = descent.updated[a.name]
        else:
            raise ValueError(f"cannot check {a.quantity!r} of {a.name}")
        right, unit = mark_number(a.text, exact)
        marks.append(Mark(a.name, a.quantity, a.text.strip(), exact, right, unit))
    return marks


def parse_answers(text: str, graph: Graph) -> list[Answer]:
    """Read a student's answers: CSV with a header ``name,value,grad`` (and optionally ``updated``, a parameter's
    value after the descent), one node a row, any cell but the name blank. UserInputError naming the line."""
    if len(text) > MAX_ANSWER_BYTES:
        raise UserInputError("the answers file is too large (at most {limit} bytes)", limit=MAX_ANSWER_BYTES)
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise UserInputError("the answers are not valid CSV: {reason}", reason=str(exc)) from None
    rows = [(i, r) for i, r in enumerate(rows, 1) if any(c.strip() for c in r)]
    if not rows:
        raise UserInputError("the answers file is empty; write a header name,value,grad and one row per node")
    if len(rows) > MAX_ANSWER_ROWS:
        raise UserInputError("the answers file has too many rows (at most {limit})", limit=MAX_ANSWER_ROWS)
    line, header = rows[0]
    header = [h.strip().lower() for h in header]
    if header[:1] != ["name"] or not header[1:] or any(h not in QUANTITIES for h in header[1:]) \
            or len(set(header)) != len(header):
        raise UserInputError("answers line {line}: the header must be name,value,grad (updated may be added)",
                             line=line)
    names = {n.name: n for n in graph.nodes}
    seen: dict[str, int] = {}
    answers = []
    for line, row in rows[1:]:
        if len(row) > len(header):
            raise UserInputError("answers line {line}: {count} cells, the header has {columns}", line=line,
                                 count=len(row), columns=len(header))
        name = row[0].strip()
        if name not in names:
            raise UserInputError("answers line {line}: '{name}' is not a node of the graph", line=line,
                                 name=name[:40])
        if name in seen:
            raise UserInputError("answers line {line}: '{name}' is already answered on line {first}", line=line,
                                 name=name, first=seen[name])
        seen[name] = line
        for quantity, cell in zip(header[1:], row[1:]):
            if not cell.strip():
                continue
            if not is_number(cell):
                raise UserInputError("answers line {line}: the {quantity} of {name} is not a number: {text}",
                                     line=line, quantity=quantity, name=name, text=cell.strip()[:40])
            if quantity == "updated" and names[name].kind != "param":
                raise UserInputError("answers line {line}: only a parameter has an updated value, and {name} is "
                                     "not one", line=line, name=name)
            answers.append(Answer(name, quantity, cell.strip()))
    return answers
