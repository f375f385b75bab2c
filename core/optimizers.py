r"""Optimizers as pure ``init`` / ``update`` pairs, with PyTorch's documented update rules.

An optimizer's ``update(g, state, ops, record)`` returns ``(delta, new_state)``: the change to add to the
parameters and the next state. Every rule is elementwise and written with augmented assignments
(``m *= beta1; m += (1 - beta1) * g``), so the same source serves two drivers:

- a batched NumPy driver over N start points (``ops=NUMPY``), where the augmented assignments update the
  state arrays in place (a 40,000-point run allocates little per step; the driver owns the state, so
  the old state must not be reused after an update), and
- a float driver for one start point (``ops=FLOATS``) that applies the rule to x and y separately;
  tiny NumPy arrays pay about a microsecond per operation, plain floats a few tens of nanoseconds,
  which is what makes a live drag in the GUI (5 optimizers x 1000 steps per mouse move) possible.

``record`` (a dict or None) receives the intermediate quantities of the step (m̂, v̂, ...) for the
worked step table and the explain-this-step panel.

Example::

    >>> from core import surfaces
    >>> opt = create("adam:lr=0.1")
    >>> tr = run(surfaces.get("bowl"), opt, [[1.0, -2.0]], steps=1)
    >>> tr.path[1, 0].round(6).tolist()       # Adam's first step moves every coordinate by lr
    [0.9, -1.9]
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, NamedTuple

import numpy as np

NUMPY = SimpleNamespace(sqrt=np.sqrt, maximum=np.maximum)
FLOATS = SimpleNamespace(sqrt=math.sqrt, maximum=max)


# --- parameters -----------------------------------------------------------------------------------

class Param(NamedTuple):
    """One hyperparameter: its default and the allowed range (``None``: unbounded)."""

    name: str
    default: float | bool
    minimum: float | None = None
    maximum: float | None = None
    min_inclusive: bool = True
    max_inclusive: bool = True
    kind: str = "float"       # "float" or "bool"
    doc: str = ""

    def check(self, value: Any) -> float | bool:
        """Return ``value`` converted to this parameter's kind, or raise ValueError naming the parameter."""
        if self.kind == "bool":
            if isinstance(value, str):
                lowered = value.strip().lower()
                if lowered in ("true", "1", "yes", "on"):
                    return True
                if lowered in ("false", "0", "no", "off"):
                    return False
                raise ValueError(f"Invalid {self.name}: expected true or false, got {value!r}")
            if isinstance(value, (bool, np.bool_, int)) and value in (0, 1):
                return bool(value)
            raise ValueError(f"Invalid {self.name}: expected true or false, got {value!r}")
        if isinstance(value, bool):
            raise ValueError(f"Invalid {self.name}: expected a number, got {value!r}")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"Invalid {self.name}: expected a number, got {value!r}") from None
        if not math.isfinite(number):
            raise ValueError(f"Invalid {self.name}: must be finite, got {value!r}")
        low_ok = self.minimum is None or (number >= self.minimum if self.min_inclusive else number > self.minimum)
        high_ok = self.maximum is None or (number <= self.maximum if self.max_inclusive else number < self.maximum)
        if not (low_ok and high_ok):
            raise ValueError(f"Invalid {self.name} value: {number:g} (must be in {self.range_text()})")
        return number

    def range_text(self) -> str:
        low = "(" if not self.min_inclusive else "["
        high = ")" if not self.max_inclusive else "]"
        lo = "-inf" if self.minimum is None else f"{self.minimum:g}"
        hi = "inf" if self.maximum is None else f"{self.maximum:g}"
        if self.minimum is None:
            low = "("
        if self.maximum is None:
            high = ")"
        return f"{low}{lo}, {hi}{high}"


def _lr(default: float) -> Param:
    return Param("lr", default, 0.0, None, min_inclusive=False, doc="learning rate")


def _unit(name: str, default: float, doc: str) -> Param:
    """A decay rate in [0, 1)."""
    return Param(name, default, 0.0, 1.0, max_inclusive=False, doc=doc)


def _eps(default: float) -> Param:
    return Param("eps", default, 0.0, None, min_inclusive=False, doc="added to the denominator for stability")


# --- the update rules -------------------------------------------------------------------------------
# Each factory takes the hyperparameters and returns (init, update). A state is a plain tuple whose fields
# each docstring lists (torch.optim's momentum_buffer, sum, square_avg, exp_avg, exp_avg_sq), named where the
# maths has a name: a NamedTuple would cost 0.25 us more per call, a quarter of a float step.

def gd(lr: float):
    r"""Plain gradient descent (torch.optim.SGD with momentum=0).

    .. math:: p_t = p_{t-1} - \mathrm{lr}\, g_t
    """
    def init(p):
        return ()

    def update(g, state, ops=NUMPY, record=None):
        return -lr * g, state

    return init, update


def momentum(lr: float, momentum: float):
    r"""Heavy-ball momentum in PyTorch's form (torch.optim.SGD, momentum=mu, dampening=0).

    .. math:: b_t = \mu b_{t-1} + g_t,\qquad p_t = p_{t-1} - \mathrm{lr}\, b_t

    with b_0 = 0 (PyTorch starts the buffer at g_1, which is the same). State: ``(b,)``, b like p.
    Note: Sutskever et al. and CS231n write v = mu v - lr g, p += v; with a constant lr the paths are
    identical (v = -lr b).
    """
    def init(p):
        return (p * 0.0,)

    def update(g, state, ops=NUMPY, record=None):
        (buf,) = state
        buf *= momentum
        buf += g
        if record is not None:
            record["buf"] = buf
        return -lr * buf, (buf,)

    return init, update


def nesterov(lr: float, momentum: float):
    r"""Nesterov momentum in PyTorch's form (torch.optim.SGD, nesterov=True, dampening=0).

    .. math:: b_t = \mu b_{t-1} + g_t,\qquad p_t = p_{t-1} - \mathrm{lr}\,(g_t + \mu b_t)

    The gradient is taken at the current iterate; PyTorch's iterate is the look-ahead point of the
    Sutskever formulation, which evaluates the gradient at p + mu v instead. State: ``(b,)``.
    """
    def init(p):
        return (p * 0.0,)

    def update(g, state, ops=NUMPY, record=None):
        (buf,) = state
        buf *= momentum
        buf += g
        direction = g + momentum * buf
        if record is not None:
            record["buf"] = buf
            record["direction"] = direction
        return -lr * direction, (buf,)

    return init, update


def adagrad(lr: float, eps: float):
    r"""AdaGrad (torch.optim.Adagrad with lr_decay=0, weight_decay=0, initial_accumulator_value=0).

    .. math:: s_t = s_{t-1} + g_t^2,\qquad p_t = p_{t-1} - \mathrm{lr}\, \frac{g_t}{\sqrt{s_t} + \epsilon}

    State: ``(s,)``, the running sum of squared gradients.
    """
    def init(p):
        return (p * 0.0,)

    def update(g, state, ops=NUMPY, record=None):
        (s,) = state
        s += g * g
        denom = ops.sqrt(s)
        denom += eps
        if record is not None:
            record["sum"] = s
            record["lr_eff"] = lr / denom
        return -lr * (g / denom), (s,)

    return init, update


def rmsprop(lr: float, alpha: float, eps: float):
    r"""RMSprop (torch.optim.RMSprop with momentum=0, centered=False).

    .. math::
        v_t = \alpha v_{t-1} + (1-\alpha) g_t^2,\qquad p_t = p_{t-1} - \mathrm{lr}\,\frac{g_t}{\sqrt{v_t} + \epsilon}

    eps is added outside the square root, as in PyTorch (optax adds it inside).
    State: ``(v,)``, the running average of squared gradients (square_avg).
    """
    def init(p):
        return (p * 0.0,)

    def update(g, state, ops=NUMPY, record=None):
        (v,) = state
        v *= alpha
        v += (1 - alpha) * (g * g)
        denom = ops.sqrt(v)
        denom += eps
        if record is not None:
            record["v"] = v
            record["lr_eff"] = lr / denom
        return -lr * (g / denom), (v,)

    return init, update


def adam(lr: float, beta1: float, beta2: float, eps: float, bias_correction: bool):
    r"""Adam (torch.optim.Adam, amsgrad=False, weight_decay=0).

    .. math::
        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t,\qquad v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2 \\
        p_t = p_{t-1} - \frac{\mathrm{lr}}{1-\beta_1^t}\; \frac{m_t}{\sqrt{v_t}/\sqrt{1-\beta_2^t} + \epsilon}

    i.e. p -= lr * m̂ / (sqrt(v̂) + eps) with m̂ = m / (1-β1^t), v̂ = v / (1-β2^t), computed in PyTorch's
    order. m and v start at zero, so both are biased toward zero early on; the corrections undo that, and
    the first step moves every coordinate by exactly lr (up to eps). Without them (``bias_correction=false``)
    step t is scaled by (1-β1^t)/sqrt(1-β2^t) instead: about 3.2 at t=1 with the default betas.
    State: ``(t, m, v)``: the step count, exp_avg and exp_avg_sq.
    """
    def init(p):
        return (0, p * 0.0, p * 0.0)

    def update(g, state, ops=NUMPY, record=None):
        t, m, v = state
        t += 1
        m *= beta1
        m += (1 - beta1) * g
        v *= beta2
        v += (1 - beta2) * (g * g)
        if bias_correction:
            bias1, bias2 = 1 - beta1**t, 1 - beta2**t
        else:
            bias1 = bias2 = 1.0
        denom = ops.sqrt(v)
        denom /= math.sqrt(bias2)
        denom += eps
        if record is not None:
            record.update(m=m, v=v, bias1=bias1, bias2=bias2, m_hat=m / bias1, v_hat=v / bias2,
                          lr_eff=lr / bias1 / denom)
        step = m / denom
        step *= -(lr / bias1)
        return step, (t, m, v)

    return init, update


# --- the catalogue ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Definition:
    name: str
    title: str
    factory: Callable
    params: tuple[Param, ...]
    rule: str                  # one line, plain text
    label_params: tuple[str, ...] = ()

    def param_map(self) -> dict[str, Param]:
        return {p.name: p for p in self.params}


_MOMENTUM = _unit("momentum", 0.9, "momentum factor mu")
_DEFINITIONS = [
    _Definition("gd", "GD", gd, (_lr(0.01),), "p <- p - lr*g", ("lr",)),
    _Definition("momentum", "Momentum", momentum, (_lr(0.01), _MOMENTUM),
                "b <- mu*b + g;  p <- p - lr*b", ("lr", "momentum")),
    _Definition("nesterov", "Nesterov", nesterov, (_lr(0.01), _MOMENTUM),
                "b <- mu*b + g;  p <- p - lr*(g + mu*b)", ("lr", "momentum")),
    _Definition("adagrad", "AdaGrad", adagrad, (_lr(0.1), _eps(1e-10)),
                "s <- s + g^2;  p <- p - lr*g/(sqrt(s) + eps)", ("lr",)),
    _Definition("rmsprop", "RMSprop", rmsprop,
                (_lr(0.01), _unit("alpha", 0.99, "smoothing constant of the squared-gradient average"),
                 _eps(1e-8)),
                "v <- alpha*v + (1-alpha)*g^2;  p <- p - lr*g/(sqrt(v) + eps)", ("lr", "alpha")),
    _Definition("adam", "Adam", adam,
                (_lr(0.001), _unit("beta1", 0.9, "decay of the first moment m"),
                 _unit("beta2", 0.999, "decay of the second moment v"), _eps(1e-8),
                 Param("bias_correction", True, kind="bool", doc="divide m and v by 1-beta^t")),
                "m <- b1*m + (1-b1)*g;  v <- b2*v + (1-b2)*g^2;  "
                "p <- p - lr*m_hat/(sqrt(v_hat) + eps),  m_hat = m/(1-b1^t), v_hat = v/(1-b2^t)",
                ("lr", "beta1", "beta2")),
]
_BY_NAME = {d.name: d for d in _DEFINITIONS}
_SYMBOLS = {"beta1": "β1", "beta2": "β2", "momentum": "μ", "alpha": "α", "eps": "ε"}


def names() -> list[str]:
    return list(_BY_NAME)


def parameters(name: str) -> dict[str, Param]:
    return _definition(name).param_map()


def _definition(name: str) -> _Definition:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown optimizer {name!r}; choose one of {', '.join(_BY_NAME)}") from None


@dataclass(frozen=True, eq=False)
class Optimizer:
    """A configured optimizer: ``init(p) -> state`` and ``update(g, state, ops, record) -> (delta, state)``."""

    name: str
    params: dict[str, float | bool]
    init: Callable = field(repr=False)
    update: Callable = field(repr=False)

    @property
    def _definition(self) -> _Definition:
        return _BY_NAME[self.name]

    @property
    def title(self) -> str:
        return self._definition.title

    @property
    def rule(self) -> str:
        return self._definition.rule

    @property
    def spec(self) -> str:
        """Canonical spec string, accepted by :func:`create`: ``adam:lr=0.01,beta1=0.9,...``."""
        return f"{self.name}:" + ",".join(f"{k}={_format(v)}" for k, v in self.params.items())

    @property
    def label(self) -> str:
        """For legends: ``Adam lr=0.01, β1=0.9, β2=0.999`` (plus what differs from the default)."""
        d = self._definition
        shown = [k for k in self.params if k in d.label_params or self.params[k] != d.param_map()[k].default]
        parts = []
        for k in shown:
            v = self.params[k]
            if isinstance(v, bool):
                parts.append(f"{k.replace('_', ' ')} {'on' if v else 'off'}")
            else:
                parts.append(f"{_SYMBOLS.get(k, k)}={_format(v)}")
        return f"{d.title} " + ", ".join(parts)


def _format(v) -> str:
    return ("true" if v else "false") if isinstance(v, bool) else f"{v:g}"


def create(spec: str, **overrides) -> Optimizer:
    """An optimizer from a spec ``"name"`` or ``"name:param=value,..."``, plus keyword overrides.

    Raises ValueError with a message naming the parameter for unknown names or out-of-range values.
    """
    if not isinstance(spec, str) or not spec.strip():
        raise ValueError("an optimizer spec is a name such as adam, optionally with :param=value,...")
    name, _, rest = spec.strip().partition(":")
    definition = _definition(name.strip().lower())
    given: dict[str, Any] = {}
    for item in filter(None, (s.strip() for s in rest.split(","))):
        key, eq, value = item.partition("=")
        if not eq:
            raise ValueError(f"bad optimizer parameter {item!r}: expected param=value")
        given[key.strip()] = value.strip()
    given.update(overrides)
    pmap = definition.param_map()
    for key in given:
        if key not in pmap:
            raise ValueError(f"unknown parameter {key!r} for {definition.name}; it takes {', '.join(pmap)}")
    params = {p.name: p.check(given.get(p.name, p.default)) for p in definition.params}
    init, update = definition.factory(**params)
    return Optimizer(definition.name, params, init, update)


# --- running -----------------------------------------------------------------------------------------

@dataclass
class Trajectory:
    """Paths of one optimizer from N starts: ``path`` (steps+1, N, 2), ``loss`` (steps+1, N).

    A run that produced a non-finite value holds NaN from that step on and has status "diverged".
    """

    path: np.ndarray
    loss: np.ndarray
    status: list[str]
    last_finite: np.ndarray     # (N,) index of the last finite iterate of each run


_CHUNK = 65536  # points per batch: bounds the temporaries; larger batches amortize NumPy's per-call cost


def run(surface, optimizer: Optimizer, starts, steps: int) -> Trajectory:
    """Run ``optimizer`` on ``surface`` from each start for ``steps`` steps (batched over the starts)."""
    starts = np.asarray(starts, dtype=float)
    if starts.ndim == 1:
        starts = starts[None, :]
    if starts.ndim != 2 or starts.shape[1] != 2:
        raise ValueError(f"starts must have shape (N, 2), got {starts.shape}")
    steps = int(steps)
    if steps < 0:
        raise ValueError("steps must be >= 0")
    n = len(starts)
    with np.errstate(all="ignore"):
        if n == 1:
            path = np.empty((steps + 1, 1, 2))
            path[0] = starts
            _run_floats(surface, optimizer, path)
            loss = surface.value(path)
        else:
            # Stored as (steps+1, 2, N) so that each step writes two contiguous rows; returned as the
            # (steps+1, N, 2) view.
            rows = np.empty((steps + 1, 2, n))
            rows[0] = starts.T
            loss = np.empty((steps + 1, n))
            for lo in range(0, n, _CHUNK):
                _run_numpy(surface, optimizer, rows[:, :, lo:lo + _CHUNK], loss[:, lo:lo + _CHUNK])
            path = rows.transpose(0, 2, 1)
    return _finish(path, loss)


def _run_floats(surface, optimizer: Optimizer, path: np.ndarray) -> None:
    """One start: the update rule on Python floats, x and y separately. Fills ``path[:, 0]``."""
    x, y = float(path[0, 0, 0]), float(path[0, 0, 1])
    sx, sy = optimizer.init(0.0), optimizer.init(0.0)
    update, grad_at, inf = optimizer.update, surface.grad_at, math.inf
    xs, ys = [x], [y]
    steps = path.shape[0] - 1
    try:
        for _ in range(steps):
            gx, gy = grad_at(x, y)
            dx, sx = update(gx, sx, FLOATS)
            dy, sy = update(gy, sy, FLOATS)
            x += dx
            y += dy
            xs.append(x)
            ys.append(y)
            if not abs(x) + abs(y) < inf:   # NaN or inf: the run has diverged
                break
    except (ArithmeticError, ValueError):
        pass
    n = len(xs)
    path[:n, 0, 0] = xs
    path[:n, 0, 1] = ys
    path[n:, 0] = np.nan


def _run_numpy(surface, optimizer: Optimizer, rows: np.ndarray, loss: np.ndarray) -> None:
    """Many starts: the update rule on (2, N) arrays, x and y rows contiguous. Fills ``rows`` and ``loss``."""
    p = rows[0]
    state = optimizer.init(p)
    update, value_and_grad = optimizer.update, surface.value_and_grad_rows
    for k in range(1, rows.shape[0]):
        loss[k - 1], g = value_and_grad(p[0], p[1])
        delta, state = update(g, state, NUMPY)
        p = np.add(p, delta, out=rows[k])      # the new point, written straight into the path
        if k % 64 == 0 and not np.isfinite(p).any():   # every run diverged: nothing left to compute
            rows[k + 1:] = np.nan
            loss[k:] = np.nan
            return
    loss[-1] = surface.value_and_grad_rows(p[0], p[1])[0]


def _finish(path: np.ndarray, loss: np.ndarray) -> Trajectory:
    """NaN out everything from each run's first non-finite point or loss on; set the statuses.

    A non-finite coordinate never becomes finite again (inf + finite = inf, inf - inf = NaN), so only the
    runs whose last point is non-finite need a search for where that began.
    """
    n = path.shape[0]
    loss_bad = ~np.isfinite(loss)
    first_bad = np.where(loss_bad.any(axis=0), loss_bad.argmax(axis=0), n)
    dead = np.flatnonzero(~np.isfinite(path[-1]).all(axis=-1))
    if dead.size:
        point_bad = ~np.isfinite(path[:, dead]).all(axis=-1)
        first_bad[dead] = np.minimum(first_bad[dead], point_bad.argmax(axis=0))
    status = ["diverged" if k < n else "ok" for k in first_bad]
    first_bad = np.maximum(first_bad, 1)      # the start is the user's: keep it even where f is undefined
    for j in np.flatnonzero(first_bad < n):
        path[first_bad[j]:, j] = np.nan
        loss[first_bad[j]:, j] = np.nan
    return Trajectory(path, loss, status, first_bad - 1)


# --- worked steps -------------------------------------------------------------------------------------

@dataclass
class StepRecord:
    """Every quantity of one update, for the worked step table and the explain-this-step panel."""

    t: int                              # 1-based step number
    point: np.ndarray                   # p_{t-1}, (2,)
    value: float                        # f(p_{t-1})
    grad: np.ndarray                    # g_t, (2,)
    quantities: dict[str, Any]          # the optimizer's state and intermediates, in display order
    step: np.ndarray                    # delta, (2,): p_t = p_{t-1} + delta
    new_point: np.ndarray               # p_t
    new_value: float                    # f(p_t)


def trace(surface, optimizer: Optimizer, start, steps: int) -> list[StepRecord]:
    """The first ``steps`` updates from one start with every intermediate quantity (stops at divergence)."""
    p = np.asarray(start, dtype=float).reshape(2)
    state = optimizer.init(p)
    records = []
    with np.errstate(all="ignore"):
        for t in range(1, int(steps) + 1):
            g = surface.grad(p)
            quantities: dict[str, Any] = {}
            delta, state = optimizer.update(g, state, NUMPY, quantities)
            # the state arrays are updated in place by the next step: keep copies
            quantities = {k: np.array(v, dtype=float) for k, v in quantities.items()}
            new = p + delta
            records.append(StepRecord(t, p, float(surface.value(p)), g, quantities, delta, new,
                                      float(surface.value(new))))
            if not np.isfinite(new).all():
                break
            p = new
    return records


def run_many(surface, opts: Sequence[Optimizer], starts, steps: int) -> list[Trajectory]:
    """One trajectory per optimizer, all from the same starts."""
    return [run(surface, opt, starts, steps) for opt in opts]
