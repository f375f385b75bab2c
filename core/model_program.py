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

import numpy as np

from core.graph import Expr, Graph


def _sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def softplus(a):
    """log(1 + e^a) without overflow: max(a, 0) + log1p(e^-|a|), as core/backprop.py computes it."""
    return np.maximum(a, 0.0) + np.log1p(np.exp(-np.abs(a)))


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

    def run(self, x, y, rows=None, grad: bool = True):
        """The loss per (point, row) and, with ``grad``, its partial derivatives in P and Q (None where the loss
        does not depend on that axis), for P = ``x``, Q = ``y`` (floats, or arrays such as (m, 1) against the
        rows), over the rows ``rows`` (None: all). The caller holds ``np.errstate``."""
        ops, data = self.ops, self.data
        vals: list = [None] * len(ops)
        for slot, value in data.items():
            vals[slot] = value if rows is None or not isinstance(value, np.ndarray) else value[rows]
        vals[self.p_slot], vals[self.q_slot] = x, y
        for i, (op, args, const) in enumerate(ops):
            if op != "leaf":
                vals[i] = FORWARD[op](vals[args[0]], vals[args[1]] if len(args) > 1 else None, const)
        loss = vals[self.loss_slot]
        if not grad:
            return loss, None, None
        adj: list = [None] * len(ops)
        adj[self.loss_slot] = 1.0
        live = self.live
        for i in range(self.loss_slot, -1, -1):
            g = adj[i]
            op, args, const = ops[i]
            if g is None or op == "leaf":
                continue
            if op in _LINEAR:           # + - *: only the derivatives of live arguments are computed
                a = args[0]
                b = args[1] if len(args) > 1 else None
                if live[a]:
                    d = g * vals[b] if op == "*" else -g if op == "neg" else g
                    adj[a] = d if adj[a] is None else adj[a] + d
                if b is not None and live[b]:
                    d = g * vals[a] if op == "*" else -g if op == "-" else g
                    adj[b] = d if adj[b] is None else adj[b] + d
                continue
            a, b = vals[args[0]], vals[args[1]] if len(args) > 1 else None
            for slot, d in zip(args, BACKWARD[op](g, a, b, vals[i], const)):
                if live[slot]:
                    adj[slot] = d if adj[slot] is None else adj[slot] + d
        return loss, adj[self.p_slot], adj[self.q_slot]


_LINEAR = frozenset(("+", "-", "*", "neg"))
