"""The loss of a graph's model on data as a surface f(x, y) of two of its parameters.

``ModelSurface(graph, "w", "b", data)``: f(x, y) is the mean over the data's rows of the graph's loss with
parameter P = x and Q = y, every other parameter at its value in the file, each input fed by the column of
the same name (or its value in the file; without data, the single example of the file). It has the
protocol of core.surfaces.Surface (value / grad / hessian / value_and_grad_rows / grad_scalar on points of
shape (..., 2), name, formula, domain, minima), so critical points, Hessian eigenvalues, stability bounds,
basins, sweeps and the optimizer drivers use it unchanged.

Derivatives are exact, never finite differences: each node carries its value and its first and second
derivatives in (P, Q) (a second-order forward-mode "jet"), pushed through every operation by the chain rule.
At a kink the rule is PyTorch autograd's, as in core/backprop.py: relu'(0) = 0, leaky_relu'(0) = slope,
abs'(0) = 0, max/min send the gradient to the chosen argument and half to each on a tie; every second
derivative of these piecewise-linear functions is 0 (torch's double backward).

Two evaluation paths, chosen once when the surface is built:

- polynomial: when the loss is a polynomial in (P, Q) for each row (linear regression's squared error),
  each row's coefficients are computed once; the mean over any set of rows is the mean of their
  coefficient rows, so the full-data surface and every minibatch are one small polynomial.
- general: the graph is evaluated on (points x rows) blocks of at most ``BLOCK`` elements (bounded memory).

Minibatches: ``batch_value_grad(xy, rows)`` is the loss and gradient as the mean over the given row indices.
"""
from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from core.datasets import Dataset, feeds
from core.errors import UserInputError
from core.graph import Expr, Graph
from core.model_program import LARGEST, Program, loss_bounds, softplus

BLOCK = 32_768             # most (point, row) pairs per temporary array: 256 kB, so a block's temporaries stay in cache
MAX_DEGREE = 6             # highest total degree in (P, Q) kept on the polynomial path


class ModelSurfaceError(UserInputError):
    """A model surface that cannot be built (axes, data): one line."""


def default_domain(p: float, q: float):
    """The default view: each axis centred on the parameter's value in the file, half-width max(3, 2|value|)
    (a parameter at 0 gets [-3, 3]; one at 10 gets [-10, 30])."""
    return tuple((v - max(3.0, 2 * abs(v)), v + max(3.0, 2 * abs(v))) for v in (p, q))


class ModelSurface:
    """The mean loss of ``graph`` over ``data`` as a function of parameters ``p`` (x) and ``q`` (y)."""

    minima: tuple = ()
    description = ""

    def __init__(self, graph: Graph, p: str, q: str, data: Dataset | None = None, domain=None):
        params = [n.name for n in graph.params]
        for axis in (p, q):
            try:
                kind = graph.node(axis).kind
            except KeyError:
                raise ModelSurfaceError("unknown axis '{axis}': the graph's parameters are {params}", axis=axis,
                                        params=", ".join(params) or "(none)") from None
            if kind != "param":
                raise ModelSurfaceError("the axis '{axis}' is an {kind}, not a parameter; the graph's parameters "
                                        "are {params}", axis=axis, kind=kind, params=", ".join(params) or "(none)")
        if p == q:
            raise ModelSurfaceError("the two axes must be different parameters (both are '{axis}')", axis=p)
        self.graph, self.p, self.q, self.data = graph, p, q, data
        defaults = graph.defaults()
        self.fed = feeds(graph, data) if data is not None else {}
        self.n_rows = data.n_rows if data is not None else 1
        # every input and fixed parameter: a (n_rows,) column or a float
        self._env = {name: (data.column(self.fed[name]) if self.fed.get(name) else float(v))
                     for name, v in defaults.items() if name not in (p, q)}
        self.name = f"{graph.loss.name}({p}, {q})"
        # The formula identifies the surface (analysis caches critical points by name, formula and box): the
        # loss, the data's hash and the graph's hash (every statement, the other parameters' values included).
        statements = "\n".join(f"{n.kind} {n.name} = {n.expr}" for n in graph.nodes)
        graph_hash = hashlib.sha256(statements.encode()).hexdigest()[:16]
        data_text = (f", mean over the {self.n_rows} rows of {Path(data.source).name} (sha256 {data.sha256[:16]})"
                     if data is not None else "")
        self.formula = f"{graph.loss.name} = {graph.loss.expr}{data_text}; graph sha256 {graph_hash}"
        if domain is None:
            domain = default_domain(defaults[p], defaults[q])
        from core.surfaces import _check_domain

        self.domain = _check_domain(domain)
        self._poly = _polynomial(graph, p, q, self._env, self.n_rows)   # (monomials, per-row coefficients) or None
        if self._poly is not None:
            self._mean_coeffs = self._poly[1].mean(axis=0)
        self._last_means = (None, None)
        self._poly_grad = None        # step_gradients' compiled gradient (it depends on the monomials alone)
        self._program = Program(graph, p, q, self._env)
        self.polynomial = self._poly is not None       # the polynomial path (see the module's docstring)

    # -- the Surface protocol (full data) ------------------------------------------------------------
    def value(self, xy) -> np.ndarray:
        return self._evaluate(xy, None, 0)[0]

    def grad(self, xy) -> np.ndarray:
        return self._evaluate(xy, None, 1)[1]

    def hessian(self, xy) -> np.ndarray:
        return self._evaluate(xy, None, 2)[2]

    def value_and_grad_rows(self, x: np.ndarray, y: np.ndarray):
        f, g, _ = self._evaluate(np.stack([x, y], axis=-1), None, 1)
        return f, np.moveaxis(g, -1, 0)

    def grad_scalar(self, x: float, y: float) -> list[float]:
        g = self._evaluate(np.array([x, y], dtype=float), None, 1)[1]
        return [float(g[0]), float(g[1])]

    # -- minibatches and predictions -----------------------------------------------------------------
    def batch_value_grad(self, xy, rows) -> tuple[np.ndarray, np.ndarray]:
        """(f, grad) at points ``xy`` (..., 2) as the mean of the loss over the row indices ``rows``."""
        f, g, _ = self._evaluate(xy, self._check_rows(rows), 1)
        return f, g

    def batch_value(self, xy, rows) -> np.ndarray:
        return self._evaluate(xy, self._check_rows(rows), 0)[0]

    def step_gradients(self, batches: Sequence):
        """A function ``grad(t, x, y) -> (gx, gy)`` (floats): the mean gradient over ``batches[t]`` at (x, y).

        On the polynomial path each batch's mean coefficients are summed for all steps at once and the
        gradient is a few float operations (the drag's hot path); otherwise it is ``batch_value_grad``.
        """
        if self._poly is None:
            run, n_rows = self._program.run, self.n_rows

            def grad(t, x, y):
                rows = batches[t]
                _, gx, gy = run(x, y, rows)
                return (0.0 if gx is None else float(np.sum(gx)) / len(rows) if np.ndim(gx) else float(gx),
                        0.0 if gy is None else float(np.sum(gy)) / len(rows) if np.ndim(gy) else float(gy))

            if len(batches) and max(map(np.max, batches)) >= n_rows:
                raise ValueError(f"rows must be row indices below {n_rows}")
            return grad
        coeffs = self._batch_means(batches).tolist()
        if self._poly_grad is None:          # compiled once per surface: a drag asks on every move (~0.4 ms)
            gx, gy = _poly_gradient_code(self._poly[0])
            # straight-line float code printed from the monomials' integer exponents (no user text reaches it)
            code = compile(f"lambda c, x, y: ({gx}, {gy})", "<model polynomial gradient>", "eval")
            self._poly_grad = eval(code, {"__builtins__": {}})
        poly_grad = self._poly_grad

        def grad(t, x, y):
            try:
                return poly_grad(coeffs[t], x, y)
            except OverflowError:          # a float power beyond float64: the run has diverged anyway
                return math.nan, math.nan

        return grad

    def step_values(self, batches: Sequence, xy) -> np.ndarray:
        """The loss on ``batches[t]`` at ``xy[t]`` (len(batches), ..., 2) for every t, as (len(batches), ...)."""
        xy = np.asarray(xy, dtype=float)
        if self._poly is None:
            return self._step_values_general(batches, xy)
        coeffs = self._batch_means(batches)
        coeffs = coeffs.reshape(coeffs.shape[:1] + (1,) * (xy.ndim - 2) + coeffs.shape[1:])
        x, y = xy[..., 0], xy[..., 1]
        with np.errstate(all="ignore"):
            return sum(coeffs[..., k] * x ** i * y ** j for k, (i, j) in enumerate(self._poly[0]))

    def _step_values_general(self, batches: Sequence, xy: np.ndarray) -> np.ndarray:
        """step_values by the program: the batches padded to one size (padding masked out), in chunks of steps
        of at most BLOCK (step, point, row) triples."""
        out = np.empty(xy.shape[:-1])
        if not len(batches):
            return out
        sizes = np.array([len(self._check_rows(b)) for b in batches])
        width = int(sizes.max())
        index = np.zeros((len(batches), width), dtype=np.int64)
        mask = np.arange(width) < sizes[:, None]
        index[mask] = np.concatenate(batches)
        points = int(np.prod(xy.shape[1:-1], dtype=np.int64))
        per = max(1, BLOCK // max(1, points * width))
        flat = xy.reshape(len(batches), points, 2)
        with np.errstate(all="ignore"):
            for lo in range(0, len(batches), per):
                hi = min(lo + per, len(batches))
                rows = index[lo:hi, None, :]                        # (s, 1, width) against points (s, n, 1)
                loss = self._program.run(flat[lo:hi, :, 0:1], flat[lo:hi, :, 1:2], rows, grad=False)[0]
                loss = np.where(mask[lo:hi, None, :], np.broadcast_to(loss, (hi - lo, points, width)), 0.0)
                out[lo:hi] = (loss.sum(axis=-1) / sizes[lo:hi, None]).reshape(out[lo:hi].shape)
        return out

    def _batch_means(self, batches: Sequence) -> np.ndarray:
        """The mean coefficient row of each batch, (len(batches), K), in one pass over all their rows (the
        last result is kept: a run asks for its gradients and then its batch losses)."""
        if self._last_means[0] is batches:
            return self._last_means[1]
        if not len(batches):
            return np.empty((0, len(self._poly[0])))
        sizes = np.array([len(b) for b in batches])
        if sizes.min() == 0:
            raise ValueError("a batch has no rows")
        every = self._check_rows(np.concatenate(batches))
        sums = np.add.reduceat(self._poly[1][every], np.cumsum(sizes) - sizes, axis=0)
        self._last_means = (batches, sums / sizes[:, None])
        return self._last_means[1]

    def finite_on_box(self, p_range, q_range) -> bool:
        """True when the loss of every row is proved finite for P in ``p_range`` and Q in ``q_range`` (closed
        intervals) by interval arithmetic (core.model_program.loss_bounds), so the mean is too; False when
        that cannot be shown (which does not mean it is not finite)."""
        bounds = loss_bounds(self._program, p_range, q_range)
        return bounds is not None and self.n_rows * max(abs(bounds[0]), abs(bounds[1])) < LARGEST

    def output_node(self) -> str:
        """The model's prediction: the last node before the loss (in file order)."""
        nodes = [n.name for n in self.graph.nodes if n.kind == "node"]
        if not nodes:
            raise ModelSurfaceError("the graph has no node before its loss, so it has no prediction to show")
        return nodes[-1]

    def predict(self, xy, feature: str | None = None, grid=None, node: str | None = None) -> np.ndarray:
        """The value of ``node`` (default :meth:`output_node`) at parameters ``xy`` (2,): for each row of the
        data, or, with ``feature`` and ``grid`` (M,), along that input with the other inputs at their first
        row's values (their file values without data)."""
        node = node or self.output_node()
        try:
            self.graph.node(node)
        except KeyError:
            raise ModelSurfaceError("unknown node '{node}'", node=node) from None
        env = dict(self._env)
        x, y = (float(v) for v in np.asarray(xy, dtype=float).reshape(2))
        env[self.p], env[self.q] = x, y
        if feature is not None:
            if feature not in self.graph.defaults() or self.graph.node(feature).kind != "input":
                raise ModelSurfaceError("'{feature}' is not an input of the graph", feature=feature)
            env = {k: (v[0] if isinstance(v, np.ndarray) else v) for k, v in env.items()}
            env[feature] = np.asarray(grid, dtype=float)
        with np.errstate(all="ignore"):
            values = _forward(self.graph, {k: (v,) for k, v in env.items()}, node)
        shape = np.shape(env[feature]) if feature is not None else (self.n_rows,)
        return np.broadcast_to(np.asarray(values[node][0], dtype=float), shape).copy()

    def __str__(self) -> str:
        return f"{self.name}: {self.formula}"

    # -- evaluation ------------------------------------------------------------------------------------
    def _check_rows(self, rows) -> np.ndarray:
        rows = np.asarray(rows)
        if rows.ndim != 1 or len(rows) == 0 or rows.dtype.kind not in "iu" or rows.min() < 0 or \
                rows.max() >= self.n_rows:
            raise ValueError(f"rows must be a non-empty list of row indices below {self.n_rows}")
        return rows

    def _evaluate(self, xy, rows, order: int):
        """(f, grad or None, hessian or None) at points ``xy`` (..., 2): the mean over ``rows`` (None: all)."""
        xy = np.asarray(xy, dtype=float)
        if xy.shape[-1:] != (2,):
            raise ValueError(f"points must have shape (..., 2), got {xy.shape}")
        shape = xy.shape[:-1]
        pts = xy.reshape(-1, 2)
        with np.errstate(all="ignore"):
            if self._poly is not None:
                coeffs = self._mean_coeffs if rows is None else self._poly[1][rows].mean(axis=0)
                out = _poly_eval(self._poly[0], coeffs, pts[:, 0], pts[:, 1], order)
            else:
                out = self._general(pts, rows, order)
        f = out[0].reshape(shape)
        g = np.stack(out[1:3], -1).reshape(*shape, 2) if order >= 1 else None
        h = None
        if order >= 2:
            hpp, hpq, hqq = out[3:6]
            h = np.stack([np.stack([hpp, hpq], -1), np.stack([hpq, hqq], -1)], -2).reshape(*shape, 2, 2)
        return f, g, h

    def _general(self, pts: np.ndarray, rows, order: int) -> list[np.ndarray]:
        """Value (and gradient) by the reverse-mode program, the Hessian by jets, on (points x rows) blocks."""
        env = self._env if rows is None else {k: (v[rows] if isinstance(v, np.ndarray) else v)
                                              for k, v in self._env.items()}
        n_rows = self.n_rows if rows is None else len(rows)
        per_block = max(1, BLOCK // n_rows)
        parts = []
        for lo in range(0, len(pts), per_block):
            x = pts[lo:lo + per_block, 0:1]      # (m, 1) against the rows (1, n)
            y = pts[lo:lo + per_block, 1:2]
            if order < 2:
                out = self._program.run(x, y, rows, grad=order == 1)
                out = out[:1] if order == 0 else out
            else:
                jets = {k: (v[None, :] if isinstance(v, np.ndarray) else v,) for k, v in env.items()}
                jets[self.p] = _variable(x, 0, order)
                jets[self.q] = _variable(y, 1, order)
                out = _full(_forward(self.graph, jets, self.graph.loss.name)[self.graph.loss.name], order)
            parts.append([np.broadcast_to(c, (len(x), n_rows)).mean(axis=1) if c is not None and np.ndim(c) else
                          np.full(len(x), 0.0 if c is None else float(c)) for c in out])
        if not parts:
            return [np.empty(0)] * (1 + 2 * (order >= 1) + 3 * (order >= 2))
        return [np.concatenate(c) for c in zip(*parts)]


# --- second-order jets: (value,) for a constant in (P, Q), else (v, dP, dQ, dPP, dPQ, dQQ) ---------------
# (or (v, dP, dQ) when only the gradient is wanted). The Hessian entries of f(a): f''(a) a_i a_j + f'(a) a_ij.

def _variable(v, axis: int, order: int) -> tuple:
    if order == 0:
        return (v,)
    d = (1.0, 0.0) if axis == 0 else (0.0, 1.0)
    return (v, *d) if order == 1 else (v, *d, 0.0, 0.0, 0.0)


def _full(j: tuple, order: int) -> tuple:
    """A jet with every component of ``order`` (a constant gets zero derivatives)."""
    n = 1 + 2 * (order >= 1) + 3 * (order >= 2)
    return j + (0.0,) * (n - len(j))


def _unary(a: tuple, f, d1, d2) -> tuple:
    """f(a) with f'(a) = d1, f''(a) = d2 (values or arrays); d2 is a callable, used only for second order."""
    if len(a) == 1:
        return (f,)
    da, db = a[1], a[2]
    out = (f, d1 * da, d1 * db)
    if len(a) == 3:
        return out
    s = d2()
    return (*out, s * da * da + d1 * a[3], s * da * db + d1 * a[4], s * db * db + d1 * a[5])


def _add(a: tuple, b: tuple, sign: float = 1.0) -> tuple:
    if len(a) == 1 and len(b) == 1:
        return (a[0] + sign * b[0],)
    n = max(len(a), len(b))
    a, b = a + (0.0,) * (n - len(a)), b + (0.0,) * (n - len(b))
    return tuple(x + sign * y for x, y in zip(a, b))


def _mul(a: tuple, b: tuple) -> tuple:
    if len(b) == 1:
        a, b = b, a
    if len(a) == 1:                          # a constant times a jet
        return tuple(a[0] * c for c in b)
    out = (a[0] * b[0], a[0] * b[1] + b[0] * a[1], a[0] * b[2] + b[0] * a[2])
    if len(a) == 3:
        return out
    return (*out, a[0] * b[3] + b[0] * a[3] + 2 * a[1] * b[1],
            a[0] * b[4] + b[0] * a[4] + a[1] * b[2] + a[2] * b[1],
            a[0] * b[5] + b[0] * a[5] + 2 * a[2] * b[2])


def _weighted(a: tuple, b: tuple, wa, wb) -> tuple:
    """wa*a + wb*b with weights that do not depend on (P, Q) (max and min)."""
    return _add(_mul((wa,), a), _mul((wb,), b))


def _sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def _relu(v, c):
    return np.where(v > 0, v, np.where(np.isnan(v), v, 0.0))     # relu(nan) = nan, relu(-inf) = 0


# op -> (value f(v, const), first derivative f'(v, f, const), second derivative f''(v, f, const))
_UNARY = {
    "exp": (lambda v, c: np.exp(v), lambda v, r, c: r, lambda v, r, c: r),
    "log": (lambda v, c: np.log(v), lambda v, r, c: 1.0 / v, lambda v, r, c: -1.0 / (v * v)),
    "sqrt": (lambda v, c: np.sqrt(v), lambda v, r, c: 0.5 / r, lambda v, r, c: -0.25 / (r * v)),
    "abs": (lambda v, c: np.abs(v), lambda v, r, c: np.sign(v), lambda v, r, c: 0.0),      # abs'(0) = 0
    "tanh": (lambda v, c: np.tanh(v), lambda v, r, c: 1.0 - r * r, lambda v, r, c: -2.0 * r * (1.0 - r * r)),
    "sin": (lambda v, c: np.sin(v), lambda v, r, c: np.cos(v), lambda v, r, c: -r),
    "cos": (lambda v, c: np.cos(v), lambda v, r, c: -np.sin(v), lambda v, r, c: -r),
    "tan": (lambda v, c: np.tan(v), lambda v, r, c: 1.0 + r * r, lambda v, r, c: 2.0 * r * (1.0 + r * r)),
    "sinh": (lambda v, c: np.sinh(v), lambda v, r, c: np.cosh(v), lambda v, r, c: r),
    "cosh": (lambda v, c: np.cosh(v), lambda v, r, c: np.sinh(v), lambda v, r, c: r),
    "sigmoid": (lambda v, c: _sigmoid(v), lambda v, r, c: r * (1.0 - r),
                lambda v, r, c: r * (1.0 - r) * (1.0 - 2.0 * r)),
    "softplus": (lambda v, c: softplus(v), lambda v, r, c: _sigmoid(v),
                 lambda v, r, c: _sigmoid(v) * (1.0 - _sigmoid(v))),
    "relu": (_relu, lambda v, r, c: np.where(v > 0, 1.0, 0.0), lambda v, r, c: 0.0),                # relu'(0) = 0
    "leaky_relu": (lambda v, c: np.where(v > 0, v, v * c), lambda v, r, c: np.where(v > 0, 1.0, c),
                   lambda v, r, c: 0.0),
}


def _apply(op: str, args: list[tuple], const) -> tuple:
    a = args[0]
    v = a[0]
    if op == "neg":
        return tuple(-c for c in a)
    if op == "+":
        return _add(a, args[1])
    if op == "-":
        return _add(a, args[1], -1.0)
    if op == "*":
        return _mul(a, args[1])
    if op == "/":
        b = args[1]
        if len(b) == 1:
            return _mul((1.0 / b[0],), a)
        w = b[0]
        return _mul(a, _unary(b, 1.0 / w, -1.0 / (w * w), lambda: 2.0 / (w * w * w)))
    if op == "^":
        return _power(a, args[1])
    if op == "max" or op == "min":
        b = args[1]
        big, small = (v, b[0]) if op == "max" else (b[0], v)
        wa = np.where(big > small, 1.0, np.where(big == small, 0.5, 0.0))
        r = np.maximum(v, b[0]) if op == "max" else np.minimum(v, b[0])
        if len(a) == 1 and len(b) == 1:
            return (r,)
        return (r, *_weighted(a, b, wa, 1.0 - wa)[1:])
    f, d1, d2 = _UNARY[op]
    r = f(v, const)
    if len(a) == 1:                          # a function of the data alone: no derivatives to carry
        return (r,)
    return _unary(a, r, d1(v, r, const), lambda: d2(v, r, const))
    raise ValueError(f"unknown operation {op}")  # pragma: no cover - the graph parser allows no other


def _power(a: tuple, b: tuple) -> tuple:
    """a^b with torch.pow's rules at the edges: no gradient to a when b = 0, none to b when a = 0, b >= 0
    (and, there, no mixed second derivative either)."""
    base, e = a[0], b[0]
    r = np.power(base, e)
    fa = np.where(e == 0, 0.0, e * np.power(base, e - 1.0))                      # d/da a^b
    if len(b) == 1:
        return _unary(a, r, fa, lambda: np.where((e == 0) | (e == 1), 0.0, e * (e - 1.0) * np.power(base, e - 2.0)))
    log_a = np.log(base)
    zero = (base == 0) & (e >= 0)
    fb = np.where(zero, 0.0, r * log_a)                                           # d/db a^b
    if len(a) == 1:
        return _unary(b, r, fb, lambda: np.where(zero, 0.0, fb * log_a))
    n = max(len(a), len(b))
    order = 2 if n == 6 else 1
    a, b = _full(a, order), _full(b, order)
    out = (r, fa * a[1] + fb * b[1], fa * a[2] + fb * b[2])
    if n == 3:
        return out
    faa = np.where((e == 0) | (e == 1), 0.0, e * (e - 1.0) * np.power(base, e - 2.0))
    fab = np.where(zero, 0.0, np.power(base, e - 1.0) * (1.0 + e * log_a))
    fbb = np.where(zero, 0.0, fb * log_a)

    def second(i, j, k):
        return (faa * a[i] * a[j] + fab * (a[i] * b[j] + a[j] * b[i]) + fbb * b[i] * b[j]
                + fa * a[k] + fb * b[k])

    return (*out, second(1, 1, 3), second(1, 2, 4), second(2, 2, 5))


def _forward(graph: Graph, env: dict, target: str) -> dict:
    """The jets of ``target`` and of the nodes it depends on, from ``env`` (the inputs' and parameters' jets);
    nodes it does not need (a prediction beside the loss) are not computed."""
    needed = {target}
    for n in reversed(graph.nodes):
        if n.name in needed:
            needed.update(n.inputs)
    values = dict(env)
    for n in graph.nodes:
        if n.tree is not None and n.name in needed:
            values[n.name] = _expr(n.tree, values)
    return values


def _expr(e: Expr, values: dict) -> tuple:
    if e.op == "num":
        return (e.value,)
    if e.op == "name":
        return values[e.name]
    return _apply(e.op, [_expr(a, values) for a in e.args], e.value)


# --- the polynomial path ----------------------------------------------------------------------------
# A polynomial in (P, Q): {(i, j): coefficient} with per-row coefficient arrays (or floats).

def _polynomial(graph: Graph, p: str, q: str, env: dict, n_rows: int):
    """(monomials [(i, j), ...], coefficients (n_rows, K)) if the loss is a polynomial of total degree at most
    MAX_DEGREE in (P, Q) for every row; None otherwise (a function of P or Q, a division by one of them)."""
    polys = {k: {(0, 0): v} for k, v in env.items()}
    polys[p], polys[q] = {(1, 0): 1.0}, {(0, 1): 1.0}
    with np.errstate(all="ignore"):
        for n in graph.nodes:
            if n.tree is None:
                continue
            poly = _poly_expr(n.tree, polys)
            if poly is None:
                return None
            polys[n.name] = poly
    loss = polys[graph.loss.name]
    monomials = sorted(loss)
    coeffs = np.empty((n_rows, len(monomials)))
    for k, m in enumerate(monomials):
        coeffs[:, k] = loss[m]
    if not np.isfinite(coeffs).all():
        return None          # e.g. a row where a constant part overflows: leave it to the general path
    return monomials, coeffs


def _poly_expr(e: Expr, polys: dict):
    if e.op == "num":
        return {(0, 0): e.value}
    if e.op == "name":
        return polys[e.name]
    args = [_poly_expr(a, polys) for a in e.args]
    if any(a is None for a in args):
        return None
    const = [set(a) == {(0, 0)} for a in args]
    if all(const) and e.op not in ("num", "name"):     # a function of the data only: evaluate it per row
        return {(0, 0): _apply(e.op, [(a[(0, 0)],) for a in args], e.value)[0]}
    if e.op == "neg":
        return {m: -c for m, c in args[0].items()}
    if e.op in ("+", "-"):
        sign = 1.0 if e.op == "+" else -1.0
        out = dict(args[0])
        for m, c in args[1].items():
            out[m] = out[m] + sign * c if m in out else sign * c
        return out
    if e.op == "*":
        return _poly_mul(*args)
    if e.op == "/" and const[1]:
        inv = 1.0 / args[1][(0, 0)]
        return {m: c * inv for m, c in args[0].items()}
    if e.op == "^" and const[1]:
        k = args[1][(0, 0)]
        if np.ndim(k) == 0 and float(k).is_integer() and 0 <= k <= MAX_DEGREE:
            out = {(0, 0): 1.0}
            for _ in range(int(k)):
                out = _poly_mul(out, args[0])
                if out is None:
                    return None
            return out
    return None


def _poly_mul(a: dict, b: dict):
    out: dict = {}
    for (i, j), c in a.items():
        for (k, m), d in b.items():
            key = (i + k, j + m)
            if key[0] + key[1] > MAX_DEGREE:
                return None
            out[key] = out[key] + c * d if key in out else c * d
    return out


def _poly_gradient_code(monomials) -> tuple[str, str]:
    """Python expressions of (x, y) and the coefficient list c for the two partial derivatives of
    sum c[k] x^i y^j, e.g. ("c[3] + c[4]*y + 2*c[5]*x", ...)."""
    def term(k, factor, i, j):
        parts = [f"c[{k}]"] + ([str(factor)] if factor != 1 else [])
        parts += [f"x**{i}" if i > 1 else "x"] * (i > 0) + [f"y**{j}" if j > 1 else "y"] * (j > 0)
        return "*".join(parts)

    dx = [term(k, i, i - 1, j) for k, (i, j) in enumerate(monomials) if i]
    dy = [term(k, j, i, j - 1) for k, (i, j) in enumerate(monomials) if j]
    return " + ".join(dx) or "0.0", " + ".join(dy) or "0.0"


def _poly_eval(monomials, coeffs, x, y, order: int) -> list[np.ndarray]:
    """f and (order >= 1) f_x, f_y and (order 2) f_xx, f_xy, f_yy of sum c_ij x^i y^j, exactly."""
    zero = np.zeros_like(x)
    out = [zero.copy() for _ in range(1 + 2 * (order >= 1) + 3 * (order >= 2))]

    def pw(t, n):
        return np.ones_like(t) if n == 0 else t if n == 1 else t ** n

    for (i, j), c in zip(monomials, coeffs):
        c = float(c)
        out[0] += c * pw(x, i) * pw(y, j)
        if order >= 1:
            if i:
                out[1] += c * i * pw(x, i - 1) * pw(y, j)
            if j:
                out[2] += c * j * pw(x, i) * pw(y, j - 1)
        if order >= 2:
            if i > 1:
                out[3] += c * i * (i - 1) * pw(x, i - 2) * pw(y, j)
            if i and j:
                out[4] += c * i * j * pw(x, i - 1) * pw(y, j - 1)
            if j > 1:
                out[5] += c * j * (j - 1) * pw(x, i) * pw(y, j - 2)
    return out


def load(graph_path, axes: str | Sequence[str], data_path=None, domain=None) -> ModelSurface:
    """A ModelSurface from a graph file, ``axes`` "P,Q" (or a pair of names) and an optional CSV file."""
    from core import datasets
    from core import graph as graphs

    if isinstance(axes, str):
        parts = [a.strip() for a in axes.split(",")]
        if len(parts) != 2 or not all(parts):
            raise ModelSurfaceError("--axes takes two parameter names, P,Q (e.g. w,b); got '{axes}'", axes=axes)
    else:
        parts = list(axes)
    g = graphs.load(graph_path)
    data = datasets.load(data_path) if data_path is not None else None
    return ModelSurface(g, parts[0], parts[1], data, domain)

