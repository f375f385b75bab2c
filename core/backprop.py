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

from core.errors import UserInputError
from core.graph import Expr, Graph

MAX_DESCENT_STEPS = 10_000
MAX_ANSWER_ROWS = 2000
MAX_ANSWER_BYTES = 200_000
QUANTITIES = ("value", "grad", "updated")

_INF, _NAN = math.inf, math.nan


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
        """The edges whose products sum to dL/d``name`` (empty for the loss), in the file order of their ``dst``."""
        order = {n.name: i for i, n in enumerate(self.graph.nodes)}
        return sorted((e for e in self.edges if e.src == name), key=lambda e: order[e.dst])


@dataclass(frozen=True)
class Descent:
    """Plain gradient descent on the parameters, p <- p - lr·dL/dp, from the graph's values.

    ``points[k]`` holds the parameters after k steps (``points[0]`` the start) and ``losses[k]`` the loss there.
    The run stops early, with ``stopped`` = the step number (else None), at a point whose loss is not finite
    (that point is not kept) or whose gradient is not finite (it is kept: no step can be taken from it).
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
        consts.append(e.value if e.op in ("num", "leaky_relu") else e.name)
        live.append(e.op == "name" or any(live[s] for s in slots))
        return len(ops) - 1

    emit(tree)
    return _Program(tuple(ops), tuple(args), tuple(consts), tuple(live))


# IEEE float64 arithmetic as torch does it: Python's float operators already give inf and nan (1e308*10, inf-inf),
# but division by zero, math.pow, math.exp and math.log raise instead; these helpers return what torch returns.

def _div(a: float, b: float) -> float:
    try:
        return a / b
    except ZeroDivisionError:
        if a == 0 or a != a:
            return _NAN
        return math.copysign(_INF, a) * math.copysign(1.0, b)


def _odd_integer(b: float) -> bool:
    return math.isfinite(b) and b == int(b) and int(b) % 2 == 1


def _pow(a: float, b: float) -> float:
    try:
        return math.pow(a, b)
    except OverflowError:             # |result| too large: its sign is the base's for an odd integer exponent
        return -_INF if a < 0 and _odd_integer(b) else _INF
    except ValueError:                # 0 to a negative power, or a negative base to a fractional one
        if a == 0:
            return -_INF if math.copysign(1.0, a) < 0 and _odd_integer(b) else _INF
        return _NAN


def _exp(a: float) -> float:
    try:
        return math.exp(a)
    except OverflowError:
        return _INF


def _log(a: float) -> float:
    if a > 0 or a != a:
        return math.log(a)
    return -_INF if a == 0 else _NAN


def _sqrt(a: float) -> float:
    return math.sqrt(a) if a >= 0 or a != a else _NAN


def _guarded(f, overflow):
    """``f`` with a domain error (sin(inf)) as nan and an overflow (sinh(1000)) as ``overflow(a)``."""
    def g(a: float) -> float:
        try:
            return f(a)
        except ValueError:
            return _NAN
        except OverflowError:
            return overflow(a)
    return g


_sin, _cos, _tan = (_guarded(f, lambda a: _NAN) for f in (math.sin, math.cos, math.tan))
_sinh = _guarded(math.sinh, lambda a: math.copysign(_INF, a))
_cosh = _guarded(math.cosh, lambda a: _INF)


def _sigmoid(a: float) -> float:
    return 1.0 / (1.0 + _exp(-a))


def _softplus(a: float) -> float:
    """log(1 + e^a) without overflow: max(a, 0) + log1p(e^-|a|) (numpy's logaddexp(a, 0))."""
    if a != a:
        return a
    return max(a, 0.0) + math.log1p(_exp(-abs(a)))


def _sign(a: float) -> float:
    return math.copysign(1.0, a) if a != 0 and a == a else a      # sign(0) = 0, sign(nan) = nan


def _max(a: float, b: float) -> float:
    return _NAN if a != a or b != b else max(a, b)      # nan wins, as in torch.maximum


def _min(a: float, b: float) -> float:
    return _NAN if a != a or b != b else min(a, b)


# op -> value from (a, b, const); b is None for one argument
_FORWARD = {
    "neg": lambda a, b, c: -a,
    "+": lambda a, b, c: a + b,
    "-": lambda a, b, c: a - b,
    "*": lambda a, b, c: a * b,
    "/": lambda a, b, c: _div(a, b),
    "^": lambda a, b, c: _pow(a, b),
    "exp": lambda a, b, c: _exp(a),
    "log": lambda a, b, c: _log(a),
    "sqrt": lambda a, b, c: _sqrt(a),
    "abs": lambda a, b, c: abs(a),
    "tanh": lambda a, b, c: math.tanh(a),
    "sin": lambda a, b, c: _sin(a),
    "cos": lambda a, b, c: _cos(a),
    "tan": lambda a, b, c: _tan(a),
    "sinh": lambda a, b, c: _sinh(a),
    "cosh": lambda a, b, c: _cosh(a),
    "sigmoid": lambda a, b, c: _sigmoid(a),
    "relu": lambda a, b, c: a if a > 0 or a != a else 0.0,     # relu(nan) = nan, relu(-inf) = 0
    "leaky_relu": lambda a, b, c: a if a > 0 else a * c,
    "softplus": lambda a, b, c: _softplus(a),
    "max": lambda a, b, c: _max(a, b),
    "min": lambda a, b, c: _min(a, b),
}

# op -> upstream gradients of its arguments from (g, a, b, result, const), written as torch's backward formulas
_BACKWARD = {
    "neg": lambda g, a, b, r, c: (-g,),
    "+": lambda g, a, b, r, c: (g, g),
    "-": lambda g, a, b, r, c: (g, -g),
    "*": lambda g, a, b, r, c: (g * b, g * a),
    "/": lambda g, a, b, r, c: (_div(g, b), -g * _div(_div(a, b), b)),
    "^": lambda g, a, b, r, c: (0.0 if b == 0 else g * (b * _pow(a, b - 1.0)),
                                0.0 if (a == 0 and b >= 0) else g * (r * _log(a))),
    "exp": lambda g, a, b, r, c: (g * r,),
    "log": lambda g, a, b, r, c: (_div(g, a),),
    "sqrt": lambda g, a, b, r, c: (_div(g, 2.0 * r),),
    "abs": lambda g, a, b, r, c: (g * _sign(a),),
    "tanh": lambda g, a, b, r, c: (g * (1.0 - r * r),),
    "sin": lambda g, a, b, r, c: (g * _cos(a),),
    "cos": lambda g, a, b, r, c: (g * -_sin(a),),
    "tan": lambda g, a, b, r, c: (g * (1.0 + r * r),),
    "sinh": lambda g, a, b, r, c: (g * _cosh(a),),
    "cosh": lambda g, a, b, r, c: (g * _sinh(a),),
    "sigmoid": lambda g, a, b, r, c: (g * (1.0 - r) * r,),
    "relu": lambda g, a, b, r, c: (g if r > 0 else 0.0,),
    "leaky_relu": lambda g, a, b, r, c: (g if a > 0 else g * c,),
    "softplus": lambda g, a, b, r, c: (_div(g, 1.0 + _exp(-a)),),
    "max": lambda g, a, b, r, c: _split(g, a, b),
    "min": lambda g, a, b, r, c: _split(g, b, a),
}


def _split(g, big, small):
    """torch.maximum's backward (torch.minimum's with the arguments swapped): all of g to the chosen argument,
    half to each on a tie, all of it to both when a comparison fails (nan)."""
    if big == small:
        return g / 2, g / 2
    return (0.0 if big < small else g), (0.0 if big > small else g)


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
    adj = [0.0] * len(ops)
    adj[-1] = 1.0
    local: dict[str, float] = {}
    for i in range(len(ops) - 1, -1, -1):
        if not live[i]:
            continue
        op, slots = ops[i], args[i]
        if op == "name":
            local[consts[i]] = local.get(consts[i], 0.0) + adj[i]
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
        env: dict[str, float] = {}
        locals_: dict[str, dict] = {}
        for n in graph.nodes:
            if n.tree is None:
                env[n.name] = float(given[n.name])
            else:
                vals, locals_[n.name] = _run(self.programs[n.name], env)
                env[n.name] = vals[-1]
        grads = dict.fromkeys(env, 0.0)
        grads[graph.loss.name] = 1.0
        edges = []
        for n in reversed(graph.nodes):
            if n.tree is None or n.name not in self.live:
                continue
            upstream = grads[n.name]
            for src in n.inputs:
                local = locals_[n.name][src]
                product = upstream * local
                grads[src] = grads[src] + product
                edges.append(Edge(src, n.name, local, product))
        return Evaluation(graph, env, grads, edges)


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
        point = {n: point[n] - lr * ev.grads[n] for n in names}
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
    rounded: str = ""    # the exact value rounded to the digits written ("0.50" for 0.503 given as 0.51)


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
    return right, format(unit, "g")


def rounded_like(text: str, exact: float) -> str:
    """``exact`` rounded (half to even) to the last digit written in ``text``: ``rounded_like("0.51", 0.5032)``
    is ``"0.50"``; "" when ``exact`` is not finite."""
    if not math.isfinite(exact):
        return ""
    exponent = Decimal(text.strip()).as_tuple().exponent
    return format(Decimal(exact).quantize(Decimal(1).scaleb(exponent)), "f")


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
        marks.append(Mark(a.name, a.quantity, a.text.strip(), exact, right, unit, rounded_like(a.text, exact)))
    return marks


def _shown(text: str) -> str:
    """A student's cell inside a one-line message: at most 40 characters, a line break written as \\n."""
    return repr(text[:40])[1:-1]


def parse_answers(text: str, graph: Graph) -> list[Answer]:
    """Read a student's answers: CSV with a header ``name,value,grad`` (and optionally ``updated``, a parameter's
    value after the descent), one node a row, any cell but the name blank. UserInputError naming the line."""
    if len(text) > MAX_ANSWER_BYTES:
        raise UserInputError("the answers file is too large (at most {limit} bytes)", limit=MAX_ANSWER_BYTES)
    reader, rows, start = csv.reader(io.StringIO(text)), [], 1
    try:
        for row in reader:          # each row with the line it starts on (a quoted cell may span lines)
            if any(c.strip() for c in row):
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise UserInputError("the answers are not valid CSV: {reason}", reason=str(exc)) from None
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
                                 name=_shown(name))
        if name in seen:
            raise UserInputError("answers line {line}: '{name}' is already answered on line {first}", line=line,
                                 name=name, first=seen[name])
        seen[name] = line
        for quantity, cell in zip(header[1:], row[1:]):
            if not cell.strip():
                continue
            if not is_number(cell):
                raise UserInputError("answers line {line}: the {quantity} of {name} is not a number: {text}",
                                     line=line, quantity=quantity, name=name, text=_shown(cell.strip()))
            if quantity == "updated" and names[name].kind != "param":
                raise UserInputError("answers line {line}: only a parameter has an updated value, and {name} is "
                                     "not one", line=line, name=name)
            answers.append(Answer(name, quantity, cell.strip()))
    return answers
