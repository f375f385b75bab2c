"""A graph's loss as a flat program in two parameters (P, Q): the value and its exact gradient by reverse mode,
on arrays of (points x rows). The hot path of model surfaces (core/model_surface.py): grids, basins, minibatch
steps.

Every sub-expression that does not depend on P or Q (a function of the data and the fixed parameters, e.g. a
hidden layer in front of the two weights on the axes) is computed once per row when the program is built:
only the operations that depend on P or Q are left to run ("live" slots). The backward pass follows the rules
of core/backprop.py, i.e. PyTorch autograd's, at every kink: relu'(0) = 0, leaky_relu'(0) = slope, abs'(0) = 0,
max/min send the gradient to the chosen argument and half to each on a tie, torch.pow's zeros at a = 0, b = 0.
"""
from __future__ import annotations

import math

import numpy as np

from core.graph import Expr, Graph


def _sigmoid(a):
    """1 / (1 + e^-a), with one temporary."""
    t = np.negative(a)
    if not isinstance(t, np.ndarray):
        return 1.0 / (1.0 + np.exp(t))
    np.exp(t, out=t)
    t += 1.0
    return np.divide(1.0, t, out=t)


def softplus(a):
    """log(1 + e^a) without overflow: max(a, 0) + log1p(e^-|a|), as core/backprop.py computes it (with one
    temporary)."""
    t = np.abs(a)
    if not isinstance(t, np.ndarray):
        return np.maximum(a, 0.0) + np.log1p(np.exp(-t))
    np.negative(t, out=t)
    np.exp(t, out=t)
    np.log1p(t, out=t)
    t += np.maximum(a, 0.0)                 # (x + y is y + x in IEEE arithmetic)
    return t


def _relu(a, c):
    return np.where(a > 0, a, np.where(np.isnan(a), a, 0.0))     # relu(nan) = nan, relu(-inf) = 0


def _choice(big, small, g):
    """torch.maximum's backward (torch.minimum's with the arguments swapped): all of g to the chosen argument,
    half to each on a tie."""
    tie = big == small
    return np.where(tie, 0.5 * g, np.where(big > small, g, 0.0)), np.where(tie, 0.5 * g, np.where(big < small, g, 0.0))


# op -> value from (a, b, const)
FORWARD = {
    "neg": lambda a, b, c: -a,
    "+": lambda a, b, c: a + b,
    "-": lambda a, b, c: a - b,
    "*": lambda a, b, c: a * b,
    "/": lambda a, b, c: a / b,
    "^": lambda a, b, c: np.power(a, b),
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
    "relu": lambda a, b, c: _relu(a, c),
    "leaky_relu": lambda a, b, c: np.where(a > 0, a, a * c),
    "softplus": lambda a, b, c: softplus(a),
    "max": lambda a, b, c: np.maximum(a, b),
    "min": lambda a, b, c: np.minimum(a, b),
}

# op -> the upstream gradients of its arguments from (g, a, b, result, const), as torch's backward formulas
BACKWARD = {
    "neg": lambda g, a, b, r, c: (-g,),
    "+": lambda g, a, b, r, c: (g, g),
    "-": lambda g, a, b, r, c: (g, -g),
    "*": lambda g, a, b, r, c: (g * b, g * a),
    "/": lambda g, a, b, r, c: (g / b, -g * (a / b) / b),
    "^": lambda g, a, b, r, c: (np.where(b == 0, 0.0, g * (b * np.power(a, b - 1.0))),
                                np.where((a == 0) & (b >= 0), 0.0, g * (r * np.log(a)))),
    "exp": lambda g, a, b, r, c: (g * r,),
    "log": lambda g, a, b, r, c: (g / a,),
    "sqrt": lambda g, a, b, r, c: (g / (2.0 * r),),
    "abs": lambda g, a, b, r, c: (g * np.sign(a),),
    "tanh": lambda g, a, b, r, c: (g * (1.0 - r * r),),
    "sin": lambda g, a, b, r, c: (g * np.cos(a),),
    "cos": lambda g, a, b, r, c: (g * -np.sin(a),),
    "tan": lambda g, a, b, r, c: (g * (1.0 + r * r),),
    "sinh": lambda g, a, b, r, c: (g * np.cosh(a),),
    "cosh": lambda g, a, b, r, c: (g * np.sinh(a),),
    "sigmoid": lambda g, a, b, r, c: (g * (1.0 - r) * r,),
    "relu": lambda g, a, b, r, c: (np.where(r > 0, g, 0.0),),
    "leaky_relu": lambda g, a, b, r, c: (np.where(a > 0, g, g * c),),
    "softplus": lambda g, a, b, r, c: (g / (1.0 + np.exp(-a)),),
    "max": lambda g, a, b, r, c: _choice(a, b, g),
    "min": lambda g, a, b, r, c: _choice(b, a, g),
}


class Program:
    """The live operations of a graph's loss in (P, Q), everything else computed per row in advance.

    ``env``: the value of every input and fixed parameter, a float or a (n_rows,) column.
    """

    def __init__(self, graph: Graph, p: str, q: str, env: dict):
        self.ops: list[tuple] = []          # live slots: (op, argument slots, const)
        self.data: dict[int, object] = {}   # constant slots: their value, a float or a (n_rows,) column
        self.slot_of: dict[str, int] = {}
        self.p_slot, self.q_slot = self._leaf(None), self._leaf(None)
        self.slot_of[p], self.slot_of[q] = self.p_slot, self.q_slot
        for name, value in env.items():
            self.slot_of[name] = self._constant(value)
        needed = {graph.loss.name}
        for n in reversed(graph.nodes):
            if n.name in needed:
                needed.update(n.inputs)
        with np.errstate(all="ignore"):
            for n in graph.nodes:
                if n.tree is not None and n.name in needed:
                    self.slot_of[n.name] = self._flatten(n.tree)
        self.loss_slot = self.slot_of[graph.loss.name]
        self.live = [i not in self.data for i in range(len(self.ops))]
        self._compiled: dict = {}

    def _leaf(self, value) -> int:
        self.ops.append(("leaf", (), value))
        return len(self.ops) - 1

    def _constant(self, value) -> int:
        slot = self._leaf(None)
        self.data[slot] = value
        return slot

    def _flatten(self, e: Expr) -> int:
        if e.op == "num":
            return self._constant(e.value)
        if e.op == "name":
            return self.slot_of[e.name]
        args = tuple(self._flatten(a) for a in e.args)
        if all(a in self.data for a in args):          # data only: computed now, once for every row
            values = [self.data[a] for a in args]
            return self._constant(FORWARD[e.op](values[0], values[1] if len(values) > 1 else None, e.value))
        self.ops.append((e.op, args, e.value))
        return len(self.ops) - 1

    def columns(self, rows) -> list:
        """The values of the constant slots (in the order of ``self.data``) over the row indices ``rows`` (any
        shape; None: all rows): gathered once, e.g. for all the steps of a run, and passed to :meth:`run` as
        ``data`` (sliced or as they are)."""
        if rows is None:
            return list(self.data.values())
        return [value[rows] if isinstance(value, np.ndarray) else value for value in self.data.values()]

    def run(self, x, y, rows=None, grad: bool = True, data=None):
        """The loss per (point, row) and, with ``grad``, its partial derivatives in P and Q (None where the loss
        does not depend on that axis), for P = ``x``, Q = ``y`` (floats, or arrays such as (m, 1) against the
        rows), over the rows ``rows`` (None: all), or on ``data`` as :meth:`columns` gives them. The caller
        holds ``np.errstate``."""
        return self.compiled(True, grad)(x, y, self.columns(rows) if data is None else data)

    def gradient(self, x, y, data):
        """:meth:`run`'s (dP, dQ) on ``data`` without the loss itself (only the forward values it needs)."""
        return self.compiled(False, True)(x, y, data)[1:]

    def compiled(self, want_value: bool, want_grad: bool):
        """The program as straight-line Python: ``f(x, y, d) -> (loss or None, dP or None, dQ or None)`` with
        ``d`` the values of the constant slots in the order of ``self.data``; the same operations in the
        same order as :meth:`run`, so the same bits, without its interpretation per call. Without
        ``want_value``, only the forward values the gradient needs are computed."""
        key = (want_value, want_grad)
        if key not in self._compiled:
            self._compiled[key] = _compile(self, want_value, want_grad)
        return self._compiled[key]


_LINEAR = frozenset(("+", "-", "*", "neg"))


# --- straight-line code ---------------------------------------------------------------------------------
# Only slot numbers, fixed operator templates and names bound below reach the generated text: no user text.

_CALL = {"exp": "exp", "log": "log", "sqrt": "sqrt", "abs": "absolute", "tanh": "tanh", "sin": "sin", "cos": "cos",
         "tan": "tan", "sinh": "sinh", "cosh": "cosh", "sigmoid": "sigmoid", "softplus": "softplus",
         "max": "maximum", "min": "minimum", "^": "power"}
# op -> (the derivative text from g, a, b, r, and which of a, b, r it reads); the same formulas as BACKWARD
_INLINE_BACKWARD = {
    "exp": ("{g} * {r}", "r"), "log": ("{g} / {a}", "a"), "sqrt": ("{g} / (2.0 * {r})", "r"),
    "tanh": ("{g} * (1.0 - {r} * {r})", "r"), "sigmoid": ("{g} * (1.0 - {r}) * {r}", "r"),
    "softplus": ("{g} / (1.0 + exp(-{a}))", "a"), "tan": ("{g} * (1.0 + {r} * {r})", "r"),
}


def _compile(program: Program, want_value: bool, want_grad: bool):
    ops, live, loss = program.ops, program.live, program.loss_slot
    lines = [f"    v{slot} = d[{k}]" for k, slot in enumerate(program.data)]
    lines += [f"    v{program.p_slot} = x", f"    v{program.q_slot} = y"]
    reads: set[int] = {loss} if want_value else set()
    back: list[str] = []
    if want_grad:
        adj: dict[int, str] = {loss: "1.0"}

        def add(slot, d):
            if not live[slot]:
                return
            if slot in adj:
                back.append(f"    g{slot} = {adj[slot]} + {d}")
                adj[slot] = f"g{slot}"
            elif d in ("1.0", "-1.0"):
                adj[slot] = d
            else:
                back.append(f"    g{slot} = {d}")
                adj[slot] = f"g{slot}"

        def times(g, v):             # g * v, exactly: 1.0 * v is v and -1.0 * v is -v
            return v if g == "1.0" else f"(-{v})" if g == "-1.0" else f"{g} * {v}"

        for i in range(loss, -1, -1):
            op, args, const = ops[i]
            if i not in adj or op == "leaf":
                continue
            g = adj[i]
            a = args[0]
            b = args[1] if len(args) > 1 else None
            if op in _LINEAR:
                minus = "1.0" if g == "-1.0" else "-1.0" if g == "1.0" else f"(-{g})"
                if live[a]:
                    if op == "*":
                        reads.add(b)
                    add(a, times(g, f"v{b}") if op == "*" else minus if op == "neg" else g)
                if b is not None and live[b]:
                    if op == "*":
                        reads.add(a)
                    add(b, times(g, f"v{a}") if op == "*" else minus if op == "-" else g)
                continue
            if op == "^" and not live[b]:        # a fixed exponent: no derivative towards it
                k = program.data.get(b)
                reads.update((a, b))
                if isinstance(k, float) and k == 2.0:    # b * a^(b - 1) is 2 * a exactly: pow(a, 1) = a
                    add(a, f"{g} * (v{b} * v{a})")
                elif isinstance(k, float) and k != 0.0:
                    add(a, f"{g} * (v{b} * power(v{a}, v{b} - 1.0))")
                else:
                    add(a, f"where(v{b} == 0, 0.0, {g} * (v{b} * power(v{a}, v{b} - 1.0)))")
                continue
            if op in _INLINE_BACKWARD:
                text, uses = _INLINE_BACKWARD[op]
                reads.add(i if uses == "r" else a)
                add(a, text.format(g=g, a=f"v{a}", r=f"v{i}"))
                continue
            reads.update((i, *args))
            back.append(f"    t = B[{op!r}]({g}, v{a}, {f'v{b}' if b is not None else 'None'}, v{i}, C[{i}])")
            for k, slot in enumerate(args):
                add(slot, f"t[{k}]")
        gx, gy = adj.get(program.p_slot, "None"), adj.get(program.q_slot, "None")
    # the forward values read, and everything they are computed from
    for i in range(loss, -1, -1):
        if i in reads and ops[i][0] != "leaf":
            reads.update(ops[i][1])
    for i, (op, args, _) in enumerate(ops):
        if op == "leaf" or i not in reads:
            continue
        a = f"v{args[0]}"
        b = f"v{args[1]}" if len(args) > 1 else "None"
        if op == "neg":
            text = f"-{a}"
        elif op in ("+", "-", "*", "/"):
            text = f"{a} {op} {b}"
        elif op in _CALL:
            text = f"{_CALL[op]}({a}, {b})" if op in ("max", "min", "^") else f"{_CALL[op]}({a})"
        else:
            text = f"F[{op!r}]({a}, {b}, C[{i}])"
        lines.append(f"    v{i} = {text}")
    result = (f"v{loss}" if want_value else "None", gx if want_grad else "None", gy if want_grad else "None")
    source = "def program(x, y, d):\n" + "\n".join(lines + back) + f"\n    return {', '.join(result)}\n"
    names = {"F": FORWARD, "B": BACKWARD, "C": [const for _, _, const in ops], "exp": np.exp, "log": np.log,
             "sqrt": np.sqrt, "absolute": np.abs, "tanh": np.tanh, "sin": np.sin, "cos": np.cos, "tan": np.tan,
             "sinh": np.sinh, "cosh": np.cosh, "sigmoid": _sigmoid, "softplus": softplus, "maximum": np.maximum,
             "minimum": np.minimum, "power": np.power, "where": np.where}
    scope: dict = {}
    exec(compile(source, "<model program>", "exec"), names, scope)
    return scope["program"]


# --- bounds of the loss on a box, by interval arithmetic ------------------------------------------------

def _monotone(f):
    return lambda a, b, c: (f(a[0]), f(a[1]))


def _corners(values):
    return min(values), max(values)


def _power_bounds(a, b, c):
    if b[0] != b[1]:
        return None                                  # an exponent that varies: not bounded here
    k = b[0]
    if k == 0:
        return 1.0, 1.0                              # torch.pow(a, 0) = 1, also at a = 0
    if float(k).is_integer() and k > 0:
        if k % 2 == 1 or a[0] >= 0:                  # increasing: an odd power, or a base >= 0
            return a[0] ** k, a[1] ** k
        if a[1] <= 0:
            return a[1] ** k, a[0] ** k
        return 0.0, max(-a[0], a[1]) ** k
    if a[0] > 0:                                     # a real power of a positive base is monotone
        return _corners((a[0] ** k, a[1] ** k))
    return None


def _abs_bounds(a, b, c):
    if a[0] >= 0:
        return a
    if a[1] <= 0:
        return -a[1], -a[0]
    return 0.0, max(-a[0], a[1])


def _cosh_bounds(a, b, c):
    low = 0.0 if a[0] <= 0 <= a[1] else min(abs(a[0]), abs(a[1]))
    return math.cosh(low), math.cosh(max(abs(a[0]), abs(a[1])))


# op -> (lo, hi) of its value from its arguments' (lo, hi) (finite), or None where it may be undefined
_BOUNDS = {
    "neg": lambda a, b, c: (-a[1], -a[0]),
    "+": lambda a, b, c: (a[0] + b[0], a[1] + b[1]),
    "-": lambda a, b, c: (a[0] - b[1], a[1] - b[0]),
    "*": lambda a, b, c: _corners([u * v for u in a for v in b]),
    "/": lambda a, b, c: _corners([u / v for u in a for v in b]) if b[0] > 0 or b[1] < 0 else None,
    "^": _power_bounds,
    "exp": _monotone(math.exp),
    "log": lambda a, b, c: (math.log(a[0]), math.log(a[1])) if a[0] > 0 else None,
    "sqrt": lambda a, b, c: (math.sqrt(a[0]), math.sqrt(a[1])) if a[0] >= 0 else None,
    "abs": _abs_bounds,
    "tanh": _monotone(math.tanh),
    "sinh": _monotone(math.sinh),
    "cosh": _cosh_bounds,
    "sin": lambda a, b, c: (-1.0, 1.0),
    "cos": lambda a, b, c: (-1.0, 1.0),
    "sigmoid": _monotone(lambda v: float(_sigmoid(v))),
    "softplus": _monotone(lambda v: float(softplus(v))),
    "relu": lambda a, b, c: (max(a[0], 0.0), max(a[1], 0.0)),
    "leaky_relu": lambda a, b, c: (min(a[0], a[0] * c), max(a[1], a[1] * c)) if c >= 0 else None,
    "max": lambda a, b, c: (max(a[0], b[0]), max(a[1], b[1])),
    "min": lambda a, b, c: (min(a[0], b[0]), min(a[1], b[1])),
}

ROUNDING = 1e-9       # relative widening of every bound: covers the rounding of the float evaluation
LARGEST = 1e300       # a bound beyond this is not trusted to stay finite


def loss_bounds(program: Program, p_range, q_range):
    """Bounds (lo, hi) of the loss of every row for P in ``p_range`` and Q in ``q_range`` (closed intervals),
    by interval arithmetic over the program's live operations; None when finiteness cannot be shown (an
    operation without bounds here such as tan, a possible division by zero or log of a non-positive number,
    a bound beyond 1e300, non-finite data).

    Every result is widened by ``ROUNDING`` times the largest magnitude of its arguments and itself, so the
    float evaluation at any point of the box, rounded at each operation, stays inside: when this returns
    bounds, the loss is finite everywhere on the box.
    """
    box: list = [None] * len(program.ops)
    with np.errstate(all="ignore"):
        for slot, value in program.data.items():
            if value is None:
                return None
            value = np.asarray(value, dtype=float)
            if value.size == 0 or not np.isfinite(value).all():
                return None
            box[slot] = (float(value.min()), float(value.max()))
        box[program.p_slot] = tuple(map(float, p_range))
        box[program.q_slot] = tuple(map(float, q_range))
        for i, (op, args, const) in enumerate(program.ops):
            if op == "leaf":
                continue
            a = box[args[0]]
            b = box[args[1]] if len(args) > 1 else None
            try:
                out = _BOUNDS[op](a, b, const)
            except (ArithmeticError, ValueError, KeyError):        # math.exp overflow, an op without bounds
                return None
            if out is None:
                return None
            scale = max(abs(v) for v in (*a, *(b or ()), *out))
            if not scale < LARGEST:                                 # also False for NaN
                return None
            margin = ROUNDING * scale + 1e-300
            box[i] = (out[0] - margin, out[1] + margin)
    return box[program.loss_slot]
