r"""Optimizers as pure ``init`` / ``update`` pairs, with PyTorch's documented update rules.

An optimizer's ``update(g, state, p, ops, record)`` returns ``(delta, new_state)``: the change to add to the
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
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, NamedTuple

import numpy as np

from core.errors import UserInputError

NUMPY = SimpleNamespace(sqrt=np.sqrt, maximum=np.maximum)
FLOATS = SimpleNamespace(sqrt=math.sqrt, maximum=max)


# --- parameters -----------------------------------------------------------------------------------

class Param(NamedTuple):
    """One hyperparameter: its default and the allowed range (``None``: unbounded) or choices."""

    name: str
    default: float | bool | int | str
    minimum: float | None = None
    maximum: float | None = None
    min_inclusive: bool = True
    max_inclusive: bool = True
    kind: str = "float"       # "float", "int", "bool" or "choice"
    doc: str = ""
    choices: tuple[str, ...] = ()

    def check(self, value: Any) -> float | bool | int | str:
        """Return ``value`` converted to this parameter's kind, or raise UserInputError (a ValueError) naming the
        parameter."""
        if self.kind == "bool":
            return self._check_bool(value)
        if self.kind == "choice":
            if isinstance(value, str) and value.strip().lower() in self.choices:
                return value.strip().lower()
            raise UserInputError("Invalid {name}: expected one of {choices}, got {value}", name=self.name,
                                 choices=", ".join(self.choices), value=repr(value))
        if isinstance(value, bool):
            raise UserInputError("Invalid {name}: expected a number, got {value}", name=self.name, value=repr(value))
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise UserInputError("Invalid {name}: expected a number, got {value}", name=self.name,
                                 value=repr(value)) from None
        if not math.isfinite(number):
            raise UserInputError("Invalid {name}: must be finite, got {value}", name=self.name, value=repr(value))
        if self.kind == "int":
            if number != int(number):
                raise UserInputError("Invalid {name}: expected a whole number, got {value}", name=self.name,
                                     value=repr(value))
            number = int(number)
        low_ok = self.minimum is None or (number >= self.minimum if self.min_inclusive else number > self.minimum)
        high_ok = self.maximum is None or (number <= self.maximum if self.max_inclusive else number < self.maximum)
        if not (low_ok and high_ok):
            raise UserInputError("Invalid {name} value: {value} (must be in {range})", name=self.name,
                                 value=exact_value(number), range=self.range_text())
        return number

    def _check_bool(self, value: Any) -> bool:
        if isinstance(value, str):
            lowered = value.strip().lower()
            if lowered in ("true", "1", "yes", "on"):
                return True
            if lowered in ("false", "0", "no", "off"):
                return False
        elif isinstance(value, (bool, np.bool_, int)) and value in (0, 1):
            return bool(value)
        raise UserInputError("Invalid {name}: expected true or false, got {value}", name=self.name,
                             value=repr(value))

    def range_text(self) -> str:
        low = "(" if not self.min_inclusive else "["
        high = ")" if not self.max_inclusive else "]"
        lo = "-inf" if self.minimum is None else exact_value(self.minimum)
        hi = "inf" if self.maximum is None else exact_value(self.maximum)
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
# Each factory takes the hyperparameters and returns a Rule. ``update(g, state, p, ops, record)``: g the
# gradient, p the current point (only weight decay reads it). A state is a plain tuple whose fields each
# docstring lists (torch.optim's momentum_buffer, sum, square_avg, exp_avg, exp_avg_sq), named where the
# maths has a name: a NamedTuple would cost 0.25 us more per call, a quarter of a float step.

class Rule(NamedTuple):
    init: Callable                      # p -> state
    update: Callable                    # (g, state, p, ops, record) -> (delta, state)
    lookahead: Callable | None = None   # state -> offset of the point where the gradient is taken


def _zeros(p):
    """The initial state of the one-buffer rules: ``(0 like p,)``."""
    return (p * 0.0,)


def _velocity_update(lr: float, momentum: float):
    """The Sutskever / CS231n velocity step v <- mu v - lr g, p <- p + v (state ``(v,)``)."""
    def update(g, state, p, ops=NUMPY, record=None):
        (v,) = state
        v *= momentum
        v -= lr * g
        if record is not None:
            record["v"] = v
        return v + 0.0, (v,)     # a copy: the caller may keep the step while v changes in place

    return update


def gd(lr: float):
    r"""Plain gradient descent (torch.optim.SGD with momentum=0).

    .. math:: p_t = p_{t-1} - \mathrm{lr}\, g_t
    """
    def init(p):
        return ()

    def update(g, state, p, ops=NUMPY, record=None):
        return -lr * g, state

    return Rule(init, update)


def momentum(lr: float, momentum: float, convention: str):
    r"""Heavy-ball momentum.

    PyTorch form (torch.optim.SGD, momentum=mu, dampening=0; the default):

    .. math:: b_t = \mu b_{t-1} + g_t,\qquad p_t = p_{t-1} - \mathrm{lr}\, b_t

    with b_0 = 0 (PyTorch starts the buffer at g_1, which is the same). State: ``(b,)``, b like p.

    ``convention="lookahead"`` is the Sutskever et al. / CS231n form v_t = mu v_{t-1} - lr g_t,
    p_t = p_{t-1} + v_t. With a constant lr the two give the same path (v = -lr b); they part when lr
    changes during a run, because PyTorch's buffer does not carry lr.
    """
    if convention == "lookahead":
        return Rule(_zeros, _velocity_update(lr, momentum))

    def update(g, state, p, ops=NUMPY, record=None):
        (buf,) = state
        buf *= momentum
        buf += g
        if record is not None:
            record["buf"] = buf
        return -lr * buf, (buf,)

    return Rule(_zeros, update)


def nesterov(lr: float, momentum: float, convention: str):
    r"""Nesterov momentum.

    PyTorch form (torch.optim.SGD, nesterov=True, dampening=0; the default):

    .. math:: b_t = \mu b_{t-1} + g_t,\qquad p_t = p_{t-1} - \mathrm{lr}\,(g_t + \mu b_t)

    with the gradient taken at the current iterate. State: ``(b,)``.

    ``convention="lookahead"`` is Sutskever et al.'s form: the gradient is taken at the look-ahead point,
    v_t = mu v_{t-1} - lr grad f(p_{t-1} + mu v_{t-1}), p_t = p_{t-1} + v_t. PyTorch's iterate is exactly
    that look-ahead point p + mu v, so the two paths are the same curve shifted by mu v: they start
    together and meet at the minimum, but the points in between differ. State: ``(v,)``.
    """
    if convention == "lookahead":
        def lookahead(state):
            return momentum * state[0]

        return Rule(_zeros, _velocity_update(lr, momentum), lookahead)

    def update(g, state, p, ops=NUMPY, record=None):
        (buf,) = state
        buf *= momentum
        buf += g
        direction = g + momentum * buf
        if record is not None:
            record["buf"] = buf
            record["direction"] = direction
        return -lr * direction, (buf,)

    return Rule(_zeros, update)


def adagrad(lr: float, eps: float):
    r"""AdaGrad (torch.optim.Adagrad with lr_decay=0, weight_decay=0, initial_accumulator_value=0).

    .. math:: s_t = s_{t-1} + g_t^2,\qquad p_t = p_{t-1} - \mathrm{lr}\, \frac{g_t}{\sqrt{s_t} + \epsilon}

    State: ``(s,)``, the running sum of squared gradients.
    """
    def update(g, state, p, ops=NUMPY, record=None):
        (s,) = state
        s += g * g
        denom = ops.sqrt(s)
        denom += eps
        if record is not None:
            record["sum"] = s
            record["lr_eff"] = lr / denom
        return -lr * (g / denom), (s,)

    return Rule(_zeros, update)


def rmsprop(lr: float, alpha: float, eps: float, convention: str):
    r"""RMSprop (torch.optim.RMSprop with momentum=0, centered=False).

    .. math::
        v_t = \alpha v_{t-1} + (1-\alpha) g_t^2,\qquad p_t = p_{t-1} - \mathrm{lr}\,\frac{g_t}{\sqrt{v_t} + \epsilon}

    eps is added outside the square root, as in PyTorch; ``convention="optax"`` adds it inside,
    g / sqrt(v + eps), as optax's scale_by_rms does (the two differ visibly only where v is near eps).
    The convention moves only eps: alpha keeps its own default, PyTorch's 0.99, while optax.rmsprop's
    default decay is 0.9 (pass alpha=0.9 for optax's default: the paths are then the same).
    State: ``(v,)``, the running average of squared gradients (square_avg).
    """
    inside = convention == "optax"

    def update(g, state, p, ops=NUMPY, record=None):
        (v,) = state
        v *= alpha
        v += (1 - alpha) * (g * g)
        if inside:
            denom = ops.sqrt(v + eps)
        else:
            denom = ops.sqrt(v)
            denom += eps
        if record is not None:
            record["v"] = v
            record["lr_eff"] = lr / denom
        return -lr * (g / denom), (v,)

    return Rule(_zeros, update)


def _adam_rule(lr, beta1, beta2, eps, bias_correction=True, weight_decay=0.0, amsgrad=False):
    """Adam, AdamW (decoupled weight decay) and AMSGrad share one rule; see their docstrings."""
    def init(p):
        zero = p * 0.0
        return (0, zero, zero + 0.0, zero + 0.0) if amsgrad else (0, zero, zero + 0.0)

    def update(g, state, p, ops=NUMPY, record=None):
        t, m, v = state[0] + 1, state[1], state[2]
        m *= beta1
        m += (1 - beta1) * g
        v *= beta2
        v += (1 - beta2) * (g * g)
        if bias_correction:
            bias1, bias2 = 1 - beta1**t, 1 - beta2**t
        else:
            bias1 = bias2 = 1.0
        if amsgrad:
            v_max = ops.maximum(state[3], v)
            denom = ops.sqrt(v_max)
        else:
            denom = ops.sqrt(v)
        denom /= math.sqrt(bias2)
        denom += eps
        if record is not None:          # the quantities of the rule actually applied (see Optimizer.rule)
            record.update(m=m, v=v)
            if bias_correction:
                record.update(bias1=bias1, bias2=bias2, m_hat=m / bias1, v_hat=v / bias2)
            if amsgrad:
                record["v_max"] = v_max
            record["lr_eff"] = lr / denom      # lr/(√v̂ + ε): the step is -lr_eff·m̂ (m̂ = m without correction)
        step = m / denom
        step *= -(lr / bias1)
        if weight_decay:
            step -= (lr * weight_decay) * p
        return step, ((t, m, v, v_max) if amsgrad else (t, m, v))

    return Rule(init, update)


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
    return _adam_rule(lr, beta1, beta2, eps, bias_correction)


def adamw(lr: float, beta1: float, beta2: float, eps: float, weight_decay: float):
    r"""AdamW (torch.optim.AdamW, amsgrad=False): Adam with decoupled weight decay (Loshchilov & Hutter).

    .. math:: p_t = p_{t-1} - \mathrm{lr}\,\lambda\, p_{t-1} - \mathrm{lr}\,\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}

    with m̂, v̂ as in Adam. The decay pulls every coordinate toward 0 whatever the gradient: the minimum
    it settles at is not the loss's own. State: ``(t, m, v)``.
    """
    return _adam_rule(lr, beta1, beta2, eps, weight_decay=weight_decay)


def amsgrad(lr: float, beta1: float, beta2: float, eps: float):
    r"""AMSGrad in PyTorch's form (torch.optim.Adam, amsgrad=True; Reddi et al.).

    .. math::
        v^{max}_t = \max(v^{max}_{t-1}, v_t),\qquad
        p_t = p_{t-1} - \frac{\mathrm{lr}}{1-\beta_1^t}\,\frac{m_t}{\sqrt{v^{max}_t}/\sqrt{1-\beta_2^t} + \epsilon}

    with m_t, v_t as in Adam and v^max_0 = 0. As in PyTorch (``max_exp_avg_sq``), the maximum is kept of the
    raw, uncorrected v, and divided by the current step's bias correction 1-β2^t afterwards: v^max never
    decreases, but v^max_t / (1-β2^t) may, while 1-β2^t grows. (Reddi et al.'s algorithm has no bias
    correction; the maximum of the corrected v̂ would give other steps.) State: ``(t, m, v, v_max)``.
    """
    return _adam_rule(lr, beta1, beta2, eps, amsgrad=True)


def nadam(lr: float, beta1: float, beta2: float, eps: float, momentum_decay: float):
    r"""NAdam (torch.optim.NAdam; Dozat): Adam with Nesterov momentum and a momentum schedule.

    .. math::
        \mu_t = \beta_1 (1 - \tfrac12\, 0.96^{t\psi}),\quad
        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t,\quad v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2 \\
        p_t = p_{t-1} - \mathrm{lr}\,\Big(\frac{(1-\mu_t)\, g_t}{1-\prod_{i\le t}\mu_i}
              + \frac{\mu_{t+1}\, m_t}{1-\prod_{i\le t+1}\mu_i}\Big) \Big/ \Big(\sqrt{v_t/(1-\beta_2^t)} + \epsilon\Big)

    with ψ = momentum_decay. State: ``(t, mu_product, m, v)``.
    """
    def init(p):
        zero = p * 0.0
        return (0, 1.0, zero, zero + 0.0)

    def update(g, state, p, ops=NUMPY, record=None):
        t, mu_product, m, v = state
        t += 1
        mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * momentum_decay))
        mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * momentum_decay))
        mu_product *= mu
        m *= beta1
        m += (1 - beta1) * g
        v *= beta2
        v += (1 - beta2) * (g * g)
        bias2 = 1 - beta2**t
        denom = ops.sqrt(v / bias2)
        denom += eps
        grad_weight = lr * (1.0 - mu) / (1.0 - mu_product)
        momentum_weight = lr * mu_next / (1.0 - mu_product * mu_next)
        if record is not None:
            record.update(m=m, v=v, mu=mu, mu_next=mu_next, bias2=bias2, v_hat=v / bias2)
        step = -(grad_weight * (g / denom) + momentum_weight * (m / denom))
        return step, (t, mu_product, m, v)

    return Rule(init, update)


def adadelta(lr: float, rho: float, eps: float):
    r"""Adadelta (torch.optim.Adadelta; Zeiler).

    .. math::
        v_t = \rho v_{t-1} + (1-\rho) g_t^2,\qquad
        \Delta_t = \frac{\sqrt{u_{t-1} + \epsilon}}{\sqrt{v_t + \epsilon}}\, g_t,\qquad
        u_t = \rho u_{t-1} + (1-\rho) \Delta_t^2,\qquad p_t = p_{t-1} - \mathrm{lr}\,\Delta_t

    The step is measured in the units of past steps (u), so lr = 1 is the usual choice; it starts at
    about sqrt(eps) per step and grows. State: ``(v, u)``.
    """
    def init(p):
        zero = p * 0.0
        return (zero, zero + 0.0)

    def update(g, state, p, ops=NUMPY, record=None):
        v, u = state
        v *= rho
        v += (1 - rho) * (g * g)
        delta = ops.sqrt(u + eps)
        delta /= ops.sqrt(v + eps)
        delta *= g
        u *= rho
        u += (1 - rho) * (delta * delta)
        if record is not None:
            record.update(v=v, u=u, delta=delta)
        return -lr * delta, (v, u)

    return Rule(init, update)


def adamax(lr: float, beta1: float, beta2: float, eps: float):
    r"""Adamax (torch.optim.Adamax; Kingma & Ba): Adam with the infinity norm.

    .. math::
        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t,\qquad u_t = \max(\beta_2 u_{t-1},\ |g_t| + \epsilon),\qquad
        p_t = p_{t-1} - \frac{\mathrm{lr}}{1-\beta_1^t}\,\frac{m_t}{u_t}

    State: ``(t, m, u)``.
    """
    def init(p):
        zero = p * 0.0
        return (0, zero, zero + 0.0)

    def update(g, state, p, ops=NUMPY, record=None):
        t, m, u = state
        t += 1
        m *= beta1
        m += (1 - beta1) * g
        u = ops.maximum(beta2 * u, abs(g) + eps)
        bias1 = 1 - beta1**t
        if record is not None:
            record.update(m=m, u=u, bias1=bias1, m_hat=m / bias1)
        return -(lr / bias1) * (m / u), (t, m, u)

    return Rule(init, update)


def qhm(lr: float, momentum: float, nu: float):
    r"""Quasi-hyperbolic momentum (Ma & Yarats 2019, as in their qhoptim.QHM; not in torch.optim).

    .. math:: b_t = \beta b_{t-1} + (1-\beta) g_t,\qquad p_t = p_{t-1} - \mathrm{lr}\,\big((1-\nu) g_t + \nu b_t\big)

    β is the parameter ``momentum`` (qhoptim's name), written β in the rule and the labels as in the paper:
    an exponential average, not SGD's μ. An average of a plain gradient step and a momentum step: ν = 0 is
    GD, ν = 1 is (normalized) momentum; the paper recommends ν = 0.7, β = 0.999. State: ``(b,)``, from 0.
    """
    def update(g, state, p, ops=NUMPY, record=None):
        (buf,) = state
        buf *= momentum
        buf += (1 - momentum) * g
        direction = (1 - nu) * g + nu * buf
        if record is not None:
            record.update(buf=buf, direction=direction)
        return -lr * direction, (buf,)

    return Rule(_zeros, update)


def qhadam(lr: float, beta1: float, beta2: float, nu1: float, nu2: float, eps: float):
    r"""QHAdam (Ma & Yarats 2019, as in their qhoptim.QHAdam; not in torch.optim).

    .. math::
        p_t = p_{t-1} - \mathrm{lr}\,
              \frac{(1-\nu_1) g_t + \nu_1 \hat m_t}{\sqrt{(1-\nu_2) g_t^2 + \nu_2 \hat v_t} + \epsilon}

    with m̂, v̂ Adam's bias-corrected moments (decay rates β1, β2). ν1 = ν2 = 1 is Adam; the paper recommends
    ν = (0.7, 1), β = (0.995, 0.999). State: ``(t, m, v)``.
    """
    def init(p):
        zero = p * 0.0
        return (0, zero, zero + 0.0)

    def update(g, state, p, ops=NUMPY, record=None):
        t, m, v = state
        t += 1
        m *= beta1
        m += (1 - beta1) * g
        v *= beta2
        g2 = g * g
        v += (1 - beta2) * g2
        bias1, bias2 = 1 - beta1**t, 1 - beta2**t
        m_hat, v_hat = m / bias1, v / bias2
        numerator = (1 - nu1) * g + nu1 * m_hat
        denom = ops.sqrt((1 - nu2) * g2 + nu2 * v_hat)
        denom += eps
        if record is not None:
            record.update(m=m, v=v, bias1=bias1, bias2=bias2, m_hat=m_hat, v_hat=v_hat)
        return -lr * (numerator / denom), (t, m, v)

    return Rule(init, update)


# --- the catalogue ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Definition:
    name: str
    title: str
    factory: Callable
    params: tuple[Param, ...]
    rule: str | dict[str, str]      # plain-text rule; by convention where there is a choice
    label_params: tuple[str, ...] = ()
    symbols: tuple[tuple[str, str], ...] = ()     # where the rule names a parameter otherwise than SYMBOLS does

    def symbol(self, key: str) -> str:
        """The symbol of parameter ``key`` in this optimizer's rule and labels ("μ", "β", "ε")."""
        return dict(self.symbols).get(key) or SYMBOLS.get(key, key)

    def param_map(self) -> dict[str, Param]:
        return {p.name: p for p in self.params + COMMON_PARAMS}


def _choice(name: str, choices: tuple[str, ...], doc: str) -> Param:
    return Param(name, choices[0], kind="choice", choices=choices, doc=doc)


# Every run accepts these: Gaussian noise added to each gradient (a stochastic gradient), reproducible by seed.
COMMON_PARAMS = (
    Param("noise", 0.0, 0.0, None, doc="standard deviation of Gaussian noise added to the gradient"),
    Param("seed", 0, 0, 2**32 - 1, kind="int", doc="seed of the gradient noise"),
)
_MOMENTUM = _unit("momentum", 0.9, "momentum factor μ")
_CONVENTION = _choice("convention", ("pytorch", "lookahead"),
                      "pytorch: torch.optim.SGD's buffer form; lookahead: Sutskever / CS231n velocity form")
_BETAS = (_unit("beta1", 0.9, "decay of the first moment m"), _unit("beta2", 0.999, "decay of the second moment v"))
_ADAM_RULE = "m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  p ← p − lr·m̂/(√v̂ + ε),  m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ)"
_ADAM_RULE_UNCORRECTED = "m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  p ← p − lr·m/(√v + ε)  (no bias correction)"
_DEFINITIONS = [
    _Definition("gd", "GD", gd, (_lr(0.01),), "p ← p − lr·g", ("lr",)),
    _Definition("momentum", "Momentum", momentum, (_lr(0.01), _MOMENTUM, _CONVENTION),
                {"pytorch": "b ← μ·b + g;  p ← p − lr·b", "lookahead": "v ← μ·v − lr·g;  p ← p + v"},
                ("lr", "momentum")),
    _Definition("nesterov", "Nesterov", nesterov, (_lr(0.01), _MOMENTUM, _CONVENTION),
                {"pytorch": "b ← μ·b + g;  p ← p − lr·(g + μ·b)",
                 "lookahead": "v ← μ·v − lr·∇f(p + μ·v);  p ← p + v"}, ("lr", "momentum")),
    _Definition("adagrad", "AdaGrad", adagrad, (_lr(0.1), _eps(1e-10)), "s ← s + g²;  p ← p − lr·g/(√s + ε)",
                ("lr",)),
    _Definition("rmsprop", "RMSprop", rmsprop,
                (_lr(0.01), _unit("alpha", 0.99, "smoothing constant of the squared-gradient average"), _eps(1e-8),
                 _choice("convention", ("pytorch", "optax"),
                         "pytorch: eps outside the root; optax: inside. Only eps moves: alpha stays as set "
                         "(0.99 by default), while optax.rmsprop's default decay is 0.9; with alpha=0.9 the "
                         "paths are optax's")),
                {"pytorch": "v ← α·v + (1−α)·g²;  p ← p − lr·g/(√v + ε)",
                 "optax": "v ← α·v + (1−α)·g²;  p ← p − lr·g/√(v + ε)"}, ("lr", "alpha")),
    _Definition("adam", "Adam", adam,
                (_lr(0.001), *_BETAS, _eps(1e-8),
                 Param("bias_correction", True, kind="bool", doc="divide m and v by 1−βᵗ")),
                _ADAM_RULE, ("lr", "beta1", "beta2")),
    _Definition("adamw", "AdamW", adamw,
                (_lr(0.001), *_BETAS, _eps(1e-8),
                 Param("weight_decay", 0.01, 0.0, None, doc="decoupled weight decay λ")),
                "Adam's step, then p ← p − lr·λ·p (decoupled weight decay)", ("lr", "weight_decay")),
    _Definition("amsgrad", "AMSGrad", amsgrad, (_lr(0.001), *_BETAS, _eps(1e-8)),
                "as Adam, with v_max ← max(v_max, v) and v̂ = v_max/(1−β2ᵗ) in the denominator",
                ("lr", "beta1", "beta2")),
    _Definition("nadam", "NAdam", nadam,
                (_lr(0.002), *_BETAS, _eps(1e-8),
                 Param("momentum_decay", 0.004, 0.0, None, doc="ψ in μ_t = β1(1 − 0.5·0.96^(tψ))")),
                "μₜ = β1(1 − ½·0.96^(tψ));  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;"
                "  p ← p − lr·((1−μₜ)·g/(1−Πμ) + μₜ₊₁·m/(1−Πμ·μₜ₊₁))/(√v̂ + ε),  v̂ = v/(1−β2ᵗ)",
                ("lr", "beta1", "beta2")),
    _Definition("adadelta", "Adadelta", adadelta,
                (_lr(1.0), _unit("rho", 0.9, "decay of both running averages"), _eps(1e-6)),
                "v ← ρ·v + (1−ρ)·g²;  Δ = √(u + ε)/√(v + ε)·g;  u ← ρ·u + (1−ρ)·Δ²;  p ← p − lr·Δ", ("lr", "rho")),
    _Definition("adamax", "Adamax", adamax, (_lr(0.002), *_BETAS, _eps(1e-8)),
                "m ← β1·m + (1−β1)·g;  u ← max(β2·u, |g| + ε);  p ← p − lr/(1−β1ᵗ)·m/u", ("lr", "beta1", "beta2")),
    _Definition("qhm", "QHM", qhm,
                (_lr(0.01), _unit("momentum", 0.999, "momentum factor β of the averaged buffer"),
                 Param("nu", 0.7, 0.0, 1.0, doc="weight ν of the momentum term (0: GD, 1: momentum)")),
                "b ← β·b + (1−β)·g;  p ← p − lr·((1−ν)·g + ν·b)", ("lr", "momentum", "nu"),
                (("momentum", "β"),)),      # the paper's β: a decay rate like Adam's, not SGD's momentum μ
    _Definition("qhadam", "QHAdam", qhadam,
                (_lr(0.001), _unit("beta1", 0.995, "decay of the first moment m"),
                 _unit("beta2", 0.999, "decay of the second moment v"),
                 Param("nu1", 0.7, 0.0, 1.0, doc="weight ν1 of m̂ against g"),
                 Param("nu2", 1.0, 0.0, 1.0, doc="weight ν2 of v̂ against g²"), _eps(1e-8)),
                "m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  p ← p − lr·((1−ν1)·g + ν1·m̂)/(√((1−ν2)·g² + ν2·v̂) + ε),"
                "  m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ)", ("lr", "beta1", "beta2", "nu1", "nu2")),
]
_BY_NAME = {d.name: d for d in _DEFINITIONS}
SYMBOLS = {"beta1": "β1", "beta2": "β2", "momentum": "μ", "alpha": "α", "eps": "ε", "rho": "ρ", "nu": "ν",
            "nu1": "ν1", "nu2": "ν2", "weight_decay": "λ", "momentum_decay": "ψ", "noise": "noise σ"}
MISSION = ("gd", "momentum", "nesterov", "rmsprop", "adam")   # the five the course compares


def names() -> list[str]:
    return list(_BY_NAME)


def parameters(name: str) -> dict[str, Param]:
    """Every parameter of optimizer ``name``: its own, then the common ``noise`` and ``seed``.

    A configured optimizer's ``params`` hold ``noise`` and ``seed`` only when the noise is not zero.
    """
    return _definition(name).param_map()


def _definition(name: str) -> _Definition:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UserInputError("unknown optimizer {name}; choose one of {names}", name=repr(name),
                             names=", ".join(_BY_NAME)) from None


@dataclass(frozen=True, eq=False)
class Optimizer:
    """A configured optimizer: ``init(p) -> state``, ``update(g, state, p, ops, record) -> (delta, state)``."""

    name: str
    params: dict[str, float | bool | int | str]
    init: Callable = field(repr=False)
    update: Callable = field(repr=False)
    lookahead: Callable | None = field(default=None, repr=False)

    @property
    def _definition(self) -> _Definition:
        return _BY_NAME[self.name]

    @property
    def title(self) -> str:
        return self._definition.title

    @property
    def rule(self) -> str:
        """The update rule in plain text with Unicode maths, as applied: for this convention, and without m̂ and
        v̂ when Adam's bias correction is off."""
        rule = self._definition.rule
        if self.params.get("bias_correction") is False:
            return _ADAM_RULE_UNCORRECTED
        return rule[self.params["convention"]] if isinstance(rule, dict) else rule

    @property
    def noise(self) -> float:
        """Standard deviation of the Gaussian noise added to each gradient (0: exact gradients)."""
        return float(self.params.get("noise", 0.0))

    @property
    def spec(self) -> str:
        """Canonical spec string, accepted by :func:`create`: ``adam:lr=0.01,beta1=0.9,...``. Every value is
        exact (:func:`exact_value`): ``create(opt.spec)`` has the same parameters, and two specs are equal
        exactly when the parameters are."""
        return f"{self.name}:" + ",".join(f"{k}={exact_value(v)}" for k, v in self.params.items())

    @property
    def label(self) -> str:
        """For legends: ``Adam lr=0.01, β1=0.9, β2=0.999`` (plus what differs from the default)."""
        return self.describe()

    def describe(self, every: bool = False) -> str:
        """The title and hyperparameters with their symbols; ``every`` lists all of them (for captions)."""
        return f"{self._definition.title} " + ", ".join(self.describe_parts(every))

    def describe_parts(self, every: bool = False) -> list[str]:
        """The hyperparameters of ``describe``, one text each: "lr=0.01", "bias correction on", "pytorch form"."""
        d = self._definition
        pmap = d.param_map()
        shown = [k for k in self.params
                 if every or k in d.label_params or self.params[k] != pmap[k].default]
        return [setting_phrase(k, self.params[k], d.symbol(k)) for k in shown]


def setting_phrase(key: str, value, symbol: str | None = None) -> str:
    """One hyperparameter as a caption shows it: a symbol and a number ("β1=0.9"), a switch in words
    ("bias correction on") or a choice of formula ("pytorch form"). The GUI translates the worded ones.
    ``symbol``: the optimizer's own (``_Definition.symbol``); by default the usual one of ``key``."""
    if isinstance(value, bool):
        return f"{key.replace('_', ' ')} {'on' if value else 'off'}"
    if isinstance(value, str):
        return f"{value} form"
    return f"{symbol or SYMBOLS.get(key, key)}={format_value(value)}"


def format_value(v) -> str:
    """A hyperparameter for display, short: 0.00123457, 1e-08, true, pytorch. Not exact: see :func:`exact_value`."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    return v if isinstance(v, str) else f"{v:g}"


def exact_value(v) -> str:
    """A hyperparameter as the spec stores it: a float in its shortest text that reads back as the same float
    (0.00123456789, 1e-08, 0.3333333333333333; 1 rather than 1.0), an int in full (4294967295)."""
    if isinstance(v, (bool, str)):
        return format_value(v)
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e16:
        return str(int(v))
    return repr(v)


def create(spec: str, **overrides) -> Optimizer:
    """An optimizer from a spec ``"name"`` or ``"name:param=value,..."``, plus keyword overrides.

    Raises ValueError with a message naming the parameter for unknown names or out-of-range values.
    """
    if not isinstance(spec, str) or not spec.strip():
        raise UserInputError("an optimizer spec is a name such as adam, optionally with :param=value,...")
    name, _, rest = spec.strip().partition(":")
    definition = _definition(name.strip().lower())
    given: dict[str, Any] = {}
    for item in filter(None, (s.strip() for s in rest.split(","))):
        key, eq, value = item.partition("=")
        if not eq:
            raise UserInputError("bad optimizer parameter {item}: expected param=value", item=repr(item))
        given[key.strip()] = value.strip()
    given.update(overrides)
    pmap = definition.param_map()
    for key in given:
        if key not in pmap:
            raise UserInputError("unknown parameter {key} for {optimizer}; it takes {names}", key=repr(key),
                                 optimizer=definition.name, names=", ".join(pmap))
    params = {name: p.check(given.get(name, p.default)) for name, p in pmap.items()}
    if params["noise"] == 0:     # noise and seed are listed only where a run uses them
        del params["noise"], params["seed"]
    rule = definition.factory(**{p.name: params[p.name] for p in definition.params})
    return Optimizer(definition.name, params, rule.init, rule.update, rule.lookahead)


# --- running -----------------------------------------------------------------------------------------

# --- how a run ends ---------------------------------------------------------------------------------
# One rule for both drivers and so for every table, file and view (``_finish`` applies it):
#   "ok"         every iterate lies inside the divergence box and f is finite at each;
#   "diverged"   an iterate left the divergence box (an overflow to inf or NaN leaves it too): the path
#                stops at the last iterate inside, and the next step is the one that diverged;
#   "undefined"  a step landed, inside the box, where f is undefined or not finite (log of a negative
#                number, a pole): that iterate is kept, with f = NaN, and the run stops there.
# The divergence box is centred on the surface's domain and DIVERGENCE_FACTOR times as wide as the domain's
# larger half-width, or as the start's distance from the centre (per axis) where that is larger. A run that
# converges to a point of the domain does not go there; a run whose distance grows geometrically gets there
# long before it overflows (near 1e154 for a quadratic loss): by a factor 1.2 per step in 44 steps, where
# 1000 steps would reach 1e79.

DIVERGENCE_FACTOR = 1000.0
STATUSES = ("ok", "diverged", "undefined")


def divergence_box(surface, starts) -> tuple[np.ndarray, np.ndarray]:
    """The centre (2,) of the divergence box of ``surface`` and its half-width (N,) for each start (N, 2):
    ``DIVERGENCE_FACTOR`` times the larger of the domain's half-widths and the start's distance from the
    centre in x or y. An iterate p has left it when ``max(|p - centre|) > half_width`` (or p is not finite)."""
    (x0, x1), (y0, y1) = surface.domain
    centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
    starts = np.asarray(starts, dtype=float).reshape(-1, 2)
    with np.errstate(invalid="ignore"):
        reach = np.abs(starts - centre).max(axis=-1)
    reach = np.where(np.isfinite(reach), np.maximum(reach, max(x1 - x0, y1 - y0) / 2), 0.0)
    return centre, DIVERGENCE_FACTOR * reach


@dataclass
class Trajectory:
    """Paths of one optimizer from N starts: ``path`` (steps+1, N, 2), ``loss`` (steps+1, N).

    ``status`` per start is "ok", "diverged" or "undefined" (the rule above); after the last iterate kept,
    ``last_finite``, the path and the loss hold NaN.
    """

    path: np.ndarray
    loss: np.ndarray
    status: list[str]
    last_finite: np.ndarray     # (N,) index of the last iterate kept (its f is NaN if "undefined")


_CHUNK = 65536        # most starts per batch: bounds the temporaries; larger batches amortize NumPy's
                      # per-call cost. (Threads gave nothing on this 2-vCPU VM.)


def run(surface, optimizer: Optimizer, starts, steps: int, *, indices=None) -> Trajectory:
    """Run ``optimizer`` on ``surface`` from each start for ``steps`` steps (batched over the starts).

    ``indices`` (default ``0..N-1``) are the starts' positions in the caller's full list of starts: the
    gradient noise of a start depends only on the seed, its index and the step (see :func:`gradient_noise`),
    so recomputing some starts alone (``starts[columns]`` with ``indices=columns``) gives exactly the
    paths they have in the full run.
    """
    starts = np.asarray(starts, dtype=float)
    if starts.ndim == 1:
        starts = starts[None, :]
    if starts.ndim != 2 or starts.shape[1] != 2:
        raise ValueError(f"starts must have shape (N, 2), got {starts.shape}")
    steps = int(steps)
    if steps < 0:
        raise ValueError("steps must be >= 0")
    n = len(starts)
    indices = _check_indices(indices, n)
    centre, half = divergence_box(surface, starts)
    if n == 1:
        path = np.empty((steps + 1, 1, 2))
        path[0] = starts
        with np.errstate(all="ignore"):
            first_outside = _run_floats(surface, optimizer, path, int(indices[0]), centre, float(half[0]))
            loss = surface.value(path)
        return _finish(path, loss, np.array([first_outside]))
    # Stored as (steps+1, 2, N) so that each step writes two contiguous rows; returned as the (steps+1, N, 2) view.
    rows = np.empty((steps + 1, 2, n))
    rows[0] = starts.T
    loss = np.empty((steps + 1, n))
    for lo in range(0, n, _CHUNK):
        _run_numpy(surface, optimizer, rows[:, :, lo:lo + _CHUNK], loss[:, lo:lo + _CHUNK], indices[lo:lo + _CHUNK])
    return _finish(rows.transpose(0, 2, 1), loss, _first_outside(rows, centre, half))


def _check_indices(indices, n: int) -> np.ndarray:
    """``indices`` as an (n,) uint64 array of non-negative whole numbers (default ``0..n-1``), or ValueError."""
    if indices is None:
        return np.arange(n, dtype=np.uint64)
    array = np.asarray(indices)
    if array.shape != (n,) or (n and (array.dtype.kind not in "iu" or array.min() < 0)):
        raise ValueError(f"indices must be {n} non-negative integers, got {indices!r}")
    return array.astype(np.uint64)


# --- gradient noise -----------------------------------------------------------------------------------
# A counter-based generator: the draw of (seed, index, step) is a hash of those three numbers, so it does not
# depend on which other starts share the batch, in which order, or in how many chunks they are computed.

_GAMMA = 0x9E3779B97F4A7C15          # SplitMix64's increment, 2^64 / golden ratio
_MASK64 = 2**64 - 1


def _mix(z: np.ndarray, tmp: np.ndarray | None = None) -> np.ndarray:
    """SplitMix64's output function on a uint64 array, in place (wrapping mod 2^64): a bijection whose every
    output bit depends on every input bit. ``tmp``: a scratch array like ``z``."""
    tmp = np.empty_like(z) if tmp is None else tmp
    z ^= np.right_shift(z, np.uint64(30), out=tmp)
    z *= np.uint64(0xBF58476D1CE4E5B9)
    z ^= np.right_shift(z, np.uint64(27), out=tmp)
    z *= np.uint64(0x94D049BB133111EB)
    z ^= np.right_shift(z, np.uint64(31), out=tmp)
    return z


def _index_keys(seed: int, indices: np.ndarray) -> np.ndarray:
    """One 64-bit key per start: output ``index + 1`` of the SplitMix64 stream seeded with mix(seed + γ)."""
    base = int(_mix(np.array([(int(seed) + _GAMMA) & _MASK64], dtype=np.uint64))[0])
    return _mix(np.uint64(base) + (np.asarray(indices, dtype=np.uint64) + np.uint64(1)) * np.uint64(_GAMMA))


def _step_keys(steps: int) -> np.ndarray:
    """One 64-bit key per step t = 0..steps-1: mix((t + 1)·γ)."""
    return _mix((np.arange(steps, dtype=np.uint64) + np.uint64(1)) * np.uint64(_GAMMA))


def _workspace(shape) -> tuple[np.ndarray, ...]:
    """The arrays :func:`_draws` writes into, allocated once per run (fresh memory costs page faults here)."""
    return (np.empty(shape, np.uint64), np.empty(shape, np.uint64), np.empty(shape, np.uint32),
            np.empty(shape, np.float32), np.empty(shape, np.float32), np.empty(shape), np.empty(shape))


def _draws(index_keys: np.ndarray, step_key, scale: float, work=None) -> tuple[np.ndarray, np.ndarray]:
    """``scale`` times two independent standard normals per element of ``index_keys ^ step_key`` (broadcast),
    written into ``work`` (from :func:`_workspace`; the results are overwritten by the next call).

    The word w = mix(index key XOR step key) gives two uniforms, each read as the fraction bits of a float in
    [1, 2) (exponent bits set, no integer-to-float conversion): u1 = 1 - (bits 23..63 of w) / 2^41 in (0, 1]
    and u2 = (bits 0..22) / 2^23. Box-Muller turns them into z_x = r cos 2πu2, z_y = r sin 2πu2 with
    r = sqrt(-2 ln u1). All but the logarithm is in single precision (NumPy's float32 cos and sin are
    vectorized, its float64 ones are not: 25x faster here), so a draw is exact to about 1e-7 relative;
    the 41-bit u1 caps |z| at 7.5 (a tail of probability 1e-13).
    """
    if work is None:
        work = _workspace(np.broadcast_shapes(np.shape(index_keys), np.shape(step_key)))
    w, bits, low, r, trig, zx, zy = work
    _mix(np.bitwise_xor(index_keys, step_key, out=w), bits)
    np.right_shift(w, np.uint64(23), out=bits)
    np.left_shift(bits, np.uint64(11), out=bits)
    np.bitwise_or(bits, np.uint64(0x3FF0000000000000), out=bits)
    u1 = np.subtract(2.0, bits.view(np.float64), out=bits.view(np.float64))
    np.log(u1, out=u1)
    np.multiply(u1, -2.0, out=r, casting="same_kind")
    np.sqrt(r, out=r)                                          # sqrt(-2 ln u1)
    np.copyto(low, w, casting="unsafe")                        # the low 32 bits
    np.bitwise_and(low, np.uint32(0x7FFFFF), out=low)
    np.bitwise_or(low, np.uint32(0x3F800000), out=low)
    angle = low.view(np.float32)                               # 1 + u2: cos 2π(1 + u2) = cos 2πu2
    angle *= np.float32(2 * math.pi)
    np.copyto(zx, np.multiply(r, np.cos(angle, out=trig), out=trig))
    np.copyto(zy, np.multiply(r, np.sin(angle, out=trig), out=trig))
    zx *= scale                                                # in double precision: any noise stays finite
    zy *= scale
    return zx, zy


def gradient_noise(seed: int, indices, steps: int, scale: float = 1.0) -> np.ndarray:
    """The gradient noise of a run, (steps, N, 2): ``scale`` times a standard normal per start, step and axis.

    The draw of the start at position ``index`` of the run's list of starts, at step ``t`` (0-based), is a
    function of ``(seed, index, t)`` only: SplitMix64 hashing (Steele, Lea & Flood 2014) of the three into a
    64-bit word, then Box-Muller into two normals (one per axis). ``run`` adds ``noise * z`` to each
    gradient, batch by batch, with the same arithmetic, so the draws below are exactly the ones a run uses.

    >>> z = gradient_noise(7, [0, 1, 2], 100_000)
    >>> bool(abs(z.mean()) < 0.01 and abs(z.std() - 1) < 0.01)
    True
    """
    keys = _index_keys(seed, _check_indices(indices, len(np.atleast_1d(indices))))
    zx, zy = _draws(keys[None, :], _step_keys(int(steps))[:, None], scale)
    return np.stack([zx, zy], axis=-1)


def _noise(optimizer: Optimizer, steps: int, index: int) -> np.ndarray | None:
    """The gradient noise of the start at ``index`` for a whole run, (steps, 2); None without noise."""
    if not optimizer.noise:
        return None
    return gradient_noise(int(optimizer.params["seed"]), [index], steps, optimizer.noise)[:, 0]


def _run_floats(surface, optimizer: Optimizer, path: np.ndarray, index: int, centre, half: float) -> int:
    """One start, at ``index`` in the caller's list: the update rule on Python floats, x and y separately.
    Fills ``path[:, 0]``; stops after the first iterate outside the divergence box ``centre`` +- ``half`` and
    returns its index (len(path) if none): the same test as :func:`_first_outside`."""
    x, y = float(path[0, 0, 0]), float(path[0, 0, 1])
    cx, cy = float(centre[0]), float(centre[1])       # Python floats: comparing with NumPy scalars is slow
    x_lo, x_hi, y_lo, y_hi = cx - half, cx + half, cy - half, cy + half
    sx, sy = optimizer.init(0.0), optimizer.init(0.0)
    update, lookahead = optimizer.update, optimizer.lookahead
    steps = path.shape[0] - 1
    grad = surface.grad_scalar      # never raises: where math would (0/0, log(-1), overflow) it gives NumPy's value
    noise = _noise(optimizer, steps, index)
    draws = None if noise is None else iter(noise.tolist())
    xs, ys = [x], [y]
    try:
        for _ in range(steps):
            if lookahead is not None:                 # Sutskever's Nesterov: the gradient at p + mu v
                gx, gy = grad(x + lookahead(sx), y + lookahead(sy))
            else:
                gx, gy = grad(x, y)
            if draws is not None:
                nx, ny = next(draws)
                gx += nx
                gy += ny
            dx, sx = update(gx, sx, x, FLOATS)
            dy, sy = update(gy, sy, y, FLOATS)
            x += dx
            y += dy
            xs.append(x)
            ys.append(y)
            if not (x_lo <= x <= x_hi and y_lo <= y <= y_hi):   # false for NaN too: the run has diverged
                break
    except (ArithmeticError, ValueError):     # an update rule's float arithmetic overflowed (x ** 2 raises)
        pass
    n = len(xs)
    path[:n, 0, 0] = xs
    path[:n, 0, 1] = ys
    path[n:, 0] = np.nan
    if not (x_lo <= xs[-1] <= x_hi and y_lo <= ys[-1] <= y_hi):
        return n - 1
    return n if n < len(path) else len(path)        # n < len(path): the arithmetic overflowed (NaN from n)


def _run_numpy(surface, optimizer: Optimizer, rows: np.ndarray, loss: np.ndarray, indices: np.ndarray) -> None:
    """Many starts: the update rule on (2, N) arrays, x and y rows contiguous. Fills ``rows`` and ``loss``.

    ``indices`` (N,) are the starts' positions in the caller's list, which pick their gradient noise.
    """
    with np.errstate(all="ignore"):
        p = rows[0]
        state = optimizer.init(p)
        update, lookahead, value_and_grad = optimizer.update, optimizer.lookahead, surface.value_and_grad_rows
        noise = optimizer.noise
        if noise:
            keys, step_keys = _index_keys(int(optimizer.params["seed"]), indices), _step_keys(rows.shape[0] - 1)
            work = _workspace(keys.shape)
        for k in range(1, rows.shape[0]):
            loss[k - 1], g = value_and_grad(p[0], p[1])
            if lookahead is not None:
                q = p + lookahead(state)
                g = value_and_grad(q[0], q[1])[1]
            if noise:
                zx, zy = _draws(keys, step_keys[k - 1], noise, work)
                g[0] += zx
                g[1] += zy
            delta, state = update(g, state, p, NUMPY)
            p = np.add(p, delta, out=rows[k])      # the new point, written straight into the path
            if k % 64 == 0 and not np.isfinite(p).any():   # every run diverged: nothing left to compute
                rows[k + 1:] = np.nan
                loss[k:] = np.nan
                return
        loss[-1] = surface.value_and_grad_rows(p[0], p[1])[0]


def _first_outside(rows: np.ndarray, centre: np.ndarray, half: np.ndarray) -> np.ndarray:
    """For paths ``rows`` (steps+1, 2, N): the index of each run's first iterate outside the divergence box
    (``centre`` (2,), ``half`` (N,)), NaN counting as outside; steps+1 where there is none.

    In blocks of steps: a block whose largest and smallest coordinates lie within the smallest box is skipped
    after two read-only passes (the common case); only the others are tested run by run.
    """
    n, runs = rows.shape[0], rows.shape[2]
    first = np.full(runs, n)
    if runs == 0:
        return first
    block = max(1, 2**19 // runs)
    low, high = float(centre.max() - half.min()), float(centre.min() + half.min())
    c = centre[:, None]
    with np.errstate(invalid="ignore"):
        for lo in range(0, n, block):
            part = rows[lo:lo + block]
            if low <= part.min() and part.max() <= high:         # False when a NaN is there
                continue
            inside = np.abs(part - c) <= half                    # False for NaN
            inside = inside[:, 0] & inside[:, 1]
            hit = ~inside.all(axis=0) & (first == n)
            first[hit] = lo + inside[:, hit].argmin(axis=0)
    return first


def _finish(path: np.ndarray, loss: np.ndarray, first_outside: np.ndarray) -> Trajectory:
    """Apply the rule of how a run ends (above): set each status and NaN out the path and loss after the
    last iterate kept. ``first_outside`` (N,): each run's first iterate outside the divergence box (len(path)
    if none)."""
    n = path.shape[0]
    loss_bad = ~np.isfinite(loss)
    first_bad = np.where(loss_bad.any(axis=0), loss_bad.argmax(axis=0), n)
    status, last = ["ok"] * path.shape[1], np.full(path.shape[1], n - 1)
    for j in np.flatnonzero((first_bad < n) | (first_outside < n)).tolist():
        if first_bad[j] < first_outside[j]:         # f undefined at a point inside the box: keep that point
            status[j], last[j] = "undefined", first_bad[j]
        else:                                       # the start is the user's: always kept
            status[j], last[j] = "diverged", max(first_outside[j] - 1, 0)
        path[last[j] + 1:, j] = np.nan
        loss[last[j] + 1:, j] = np.nan
    return Trajectory(path, loss, status, last)


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


def trace(surface, optimizer: Optimizer, start, steps: int, index: int = 0) -> list[StepRecord]:
    """The first ``steps`` updates from one start with every intermediate quantity. Like ``run`` it stops
    where the run ends: the last record is the step that left the divergence box or landed where f is
    undefined (its ``new_point`` is then not in ``run``'s path, or its ``new_value`` is NaN).

    Gives the same points as ``run`` from that start, noise and look-ahead included; ``index`` is the start's
    position in the run's list of starts, which picks its gradient noise (see :func:`gradient_noise`).
    """
    p = np.asarray(start, dtype=float).reshape(2)
    state = optimizer.init(p)
    noise = _noise(optimizer, int(steps), int(index))
    centre, (half,) = divergence_box(surface, p)
    records = []
    with np.errstate(all="ignore"):
        for t in range(1, int(steps) + 1):
            quantities: dict[str, Any] = {}
            at = p if optimizer.lookahead is None else p + optimizer.lookahead(state)
            g = surface.grad(at)
            if optimizer.lookahead is not None:
                quantities["lookahead_point"] = at
            if noise is not None:
                quantities["noise"] = noise[t - 1]
                g = g + noise[t - 1]
            delta, state = optimizer.update(g, state, p, NUMPY, quantities)
            # the state arrays are updated in place by the next step: keep copies
            quantities = {k: np.array(v, dtype=float) for k, v in quantities.items()}
            new = p + delta
            new_value = float(surface.value(new))
            records.append(StepRecord(t, p, float(surface.value(p)), g, quantities, delta, new, new_value))
            if not (np.abs(new - centre).max() <= half and math.isfinite(new_value)):
                break
            p = new
    return records
