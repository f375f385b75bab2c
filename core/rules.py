r"""The update rules of the optimizers, in torch.optim's order of operations (its ``_single_tensor_*`` loops).

Each factory takes an optimizer's fixed hyperparameters and returns a :class:`Rule`. ``update(g, state, p,
lr, mu, ops, record)`` returns ``(delta, new_state)``: g the gradient of f, p the current point (read by weight
decay), ``lr`` this step's learning rate and ``mu`` this step's momentum or β1 (both from the run's schedule, or
the constant hyperparameter; torch too reads ``group["lr"]`` and ``group["momentum"]``/``group["betas"]``
afresh at every step, which is what its schedulers change). Rules without a momentum or β1 ignore ``mu``.

Every rule is elementwise and written with augmented assignments (``m *= beta1; m += (1 - beta1) * g``), so
one source serves the batched NumPy driver (``ops=NUMPY``: the state arrays are updated in place; the old
state must not be reused after an update) and the float driver (``ops=FLOATS``: x and y separately).
``record`` (a dict or None) receives the intermediate quantities of the step for the step tables and the
explain panel. A state is a plain tuple whose fields each docstring lists (torch.optim's momentum_buffer,
sum, square_avg, grad_avg, exp_avg, exp_avg_sq), named where the maths has a name: a NamedTuple would cost
0.25 us more per call, a quarter of a float step.

torch's common options, where an optimizer takes them: ``maximize`` ascends (g ← −g, first), ``weight_decay``
λ adds λ·p to the gradient (coupled L2: g ← g + λ·p, before any state is updated; AdamW's is decoupled).
"""
from __future__ import annotations

import math
from collections.abc import Callable
from types import SimpleNamespace
from typing import NamedTuple

import numpy as np

NUMPY = SimpleNamespace(sqrt=np.sqrt, maximum=np.maximum)
FLOATS = SimpleNamespace(sqrt=math.sqrt, maximum=max)


class Rule(NamedTuple):
    init: Callable                      # p -> state
    update: Callable                    # (g, state, p, lr, mu, ops, record) -> (delta, state)
    lookahead: Callable | None = None   # (state, mu) -> offset of the point where the gradient is taken


def _zeros(p):
    """The initial state of the one-buffer rules: ``(0 like p,)``."""
    return (p * 0.0,)


def _counted_zeros(p):
    """``(0, 0 like p)``: a step count and one buffer."""
    return (0, p * 0.0)


def with_gradient_options(update, weight_decay: float = 0.0, maximize: bool = False):
    """``update`` preceded by torch's first lines of a step: g ← −g if ``maximize``, then g ← g + λ·p if
    ``weight_decay`` λ ≠ 0 (the result is recorded as ``g_used``). ``update`` itself when both are off, so
    that a plain run pays nothing for them."""
    if not (weight_decay or maximize):
        return update

    def options_first(g, state, p, lr, mu, ops=NUMPY, record=None):
        if maximize:
            g = -g
        if weight_decay:
            g = g + weight_decay * p
        if record is not None:
            record["g_used"] = g
        return update(g, state, p, lr, mu, ops, record)

    return options_first


def _velocity_update():
    """The Sutskever / CS231n velocity step v <- mu v - lr g, p <- p + v (state ``(v,)``)."""
    def update(g, state, p, lr, mu, ops=NUMPY, record=None):
        (v,) = state
        v *= mu
        v -= lr * g
        if record is not None:
            record["v"] = v
        return v + 0.0, (v,)     # a copy: the caller may keep the step while v changes in place

    return update


def gd(weight_decay: float = 0.0, maximize: bool = False):
    r"""Plain gradient descent (torch.optim.SGD with momentum=0).

    .. math:: p_t = p_{t-1} - \mathrm{lr}_t\, g_t

    with g_t = ∇f (−∇f with ``maximize``) + λ p_{t-1} (``weight_decay`` λ).
    """

    def init(p):
        return ()

    def update(g, state, p, lr, mu, ops=NUMPY, record=None):
        return -lr * g, state

    return Rule(init, with_gradient_options(update, weight_decay, maximize))


def momentum(momentum: float, dampening: float, weight_decay: float, maximize: bool, convention: str):
    r"""Heavy-ball momentum.

    PyTorch form (torch.optim.SGD with momentum μ; the default):

    .. math:: b_1 = g_1,\qquad b_t = \mu b_{t-1} + (1-\tau) g_t,\qquad p_t = p_{t-1} - \mathrm{lr}_t\, b_t

    with dampening τ (0 by default; not applied to the first step, as in torch) and g as in :func:`gd`.
    State: ``(b,)``, the buffer (momentum_buffer) from b_0 = 0, which gives b_1 = g_1; with dampening
    ``(t, b)``, the step count too.

    ``convention="lookahead"`` is the Sutskever et al. / CS231n form v_t = mu v_{t-1} - lr_t g_t,
    p_t = p_{t-1} + v_t (state ``(v,)``; weight decay and dampening are SGD's and need the PyTorch form).
    With a constant lr the two give the same path (v = -lr b); they part when lr changes during a run
    (a schedule), because PyTorch's buffer does not carry lr and the velocity does.
    """
    if convention == "lookahead":
        return Rule(_zeros, with_gradient_options(_velocity_update(), 0.0, maximize))
    if dampening:
        damped = 1 - dampening

        def dampened(g, state, p, lr, mu, ops=NUMPY, record=None):
            t, buf = state
            buf *= mu
            buf += damped * g if t else g
            if record is not None:
                record["buf"] = buf
            return -lr * buf, (t + 1, buf)

        return Rule(_counted_zeros, with_gradient_options(dampened, weight_decay, maximize))

    def update(g, state, p, lr, mu, ops=NUMPY, record=None):
        (buf,) = state
        buf *= mu
        buf += g
        if record is not None:
            record["buf"] = buf
        return -lr * buf, (buf,)

    return Rule(_zeros, with_gradient_options(update, weight_decay, maximize))


def nesterov(momentum: float, weight_decay: float, maximize: bool, convention: str):
    r"""Nesterov momentum.

    PyTorch form (torch.optim.SGD, nesterov=True, dampening=0; the default):

    .. math:: b_t = \mu b_{t-1} + g_t,\qquad p_t = p_{t-1} - \mathrm{lr}_t\,(g_t + \mu b_t)

    with the gradient taken at the current iterate, g as in :func:`gd` and b_0 = 0. State: ``(b,)``.

    ``convention="lookahead"`` is Sutskever et al.'s form: the gradient is taken at the look-ahead point,
    v_t = mu v_{t-1} - lr_t grad f(p_{t-1} + mu v_{t-1}), p_t = p_{t-1} + v_t. PyTorch's iterate is exactly
    that look-ahead point p + mu v while lr is constant, so the two paths are the same curve shifted by mu v:
    they start together and meet at the minimum, but the points in between differ. State: ``(v,)``.
    """
    if convention == "lookahead":
        def lookahead(state, mu):
            return mu * state[0]

        return Rule(_zeros, with_gradient_options(_velocity_update(), 0.0, maximize), lookahead)

    def update(g, state, p, lr, mu, ops=NUMPY, record=None):
        (buf,) = state
        buf *= mu
        buf += g
        direction = g + mu * buf
        if record is not None:
            record["buf"] = buf
            record["direction"] = direction
        return -lr * direction, (buf,)

    return Rule(_zeros, with_gradient_options(update, weight_decay, maximize))


def adagrad(lr_decay: float, weight_decay: float, initial_accumulator_value: float, eps: float, maximize: bool):
    r"""AdaGrad (torch.optim.Adagrad).

    .. math::
        s_t = s_{t-1} + g_t^2,\qquad
        p_t = p_{t-1} - \frac{\mathrm{lr}_t}{1 + (t-1)\,\eta_{decay}}\, \frac{g_t}{\sqrt{s_t} + \epsilon}

    with s_0 = ``initial_accumulator_value``, η_decay = ``lr_decay`` and g as in :func:`gd`.
    State: ``(t, s)``, the step count and the running sum of squared gradients.
    """

    def init(p):
        return (0, p * 0.0 + initial_accumulator_value)

    def update(g, state, p, lr, mu, ops=NUMPY, record=None):
        t, s = state
        t += 1
        clr = lr / (1 + (t - 1) * lr_decay) if lr_decay else lr
        s += g * g
        denom = ops.sqrt(s)
        denom += eps
        if record is not None:
            record["sum"] = s
            if lr_decay:
                record["clr"] = clr
            record["lr_eff"] = clr / denom
        return -clr * (g / denom), (t, s)

    return Rule(init, with_gradient_options(update, weight_decay, maximize))


def rmsprop(alpha: float, eps: float, momentum: float, centered: bool, weight_decay: float, maximize: bool,
            convention: str):
    r"""RMSprop (torch.optim.RMSprop).

    .. math::
        v_t = \alpha v_{t-1} + (1-\alpha) g_t^2,\qquad d_t = \sqrt{v_t} + \epsilon,\qquad
        p_t = p_{t-1} - \mathrm{lr}_t\,\frac{g_t}{d_t}

    with g as in :func:`gd`. ``centered``: also ḡ_t = α ḡ_{t-1} + (1-α) g_t (grad_avg) and
    d_t = √(v_t − ḡ_t²) + ε, the root of the gradient's running variance. ``momentum`` μ > 0:
    b_t = μ b_{t-1} + g_t/d_t (momentum_buffer, from 0) and p_t = p_{t-1} − lr_t b_t.

    eps is added outside the square root, as in PyTorch; ``convention="optax"`` adds it inside,
    √(v_t + ε) (or √(v_t − ḡ_t² + ε)), as optax's scale_by_rms does (the two differ visibly only where v is
    near eps). The convention moves only eps: alpha keeps its own default, PyTorch's 0.99, while
    optax.rmsprop's default decay is 0.9 (pass alpha=0.9 for optax's default: the paths are then the same).
    State: ``(v,)``, square_avg; centered or with momentum ``(v, ḡ, b)``: square_avg, grad_avg
    (None unless centered), momentum_buffer (None without momentum).
    """
    inside = convention == "optax"
    buffered = momentum > 0        # torch creates the buffer when the momentum is positive at the first step

    def update(g, state, p, lr, mu, ops=NUMPY, record=None):
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

    if not (centered or buffered):     # the plain rule on its own: a few checks less in every float step
        return Rule(_zeros, with_gradient_options(update, weight_decay, maximize))

    def init(p):
        zero = p * 0.0
        return (zero, zero + 0.0 if centered else None, zero + 0.0 if buffered else None)

    def general(g, state, p, lr, mu, ops=NUMPY, record=None):
        v, g_avg, buf = state
        v *= alpha
        v += (1 - alpha) * (g * g)
        if centered:
            g_avg *= alpha
            g_avg += (1 - alpha) * g
            var = v - g_avg * g_avg
        else:
            var = v
        if inside:
            denom = ops.sqrt(var + eps)
        else:
            denom = ops.sqrt(var)
            denom += eps
        if record is not None:
            record["v"] = v
            if centered:
                record["g_avg"] = g_avg
        if buffered and mu > 0:
            buf *= mu
            buf += g / denom
            if record is not None:
                record["buf"] = buf
            return -lr * buf, (v, g_avg, buf)
        if record is not None:
            record["lr_eff"] = lr / denom
        return -lr * (g / denom), (v, g_avg, buf)

    return Rule(init, with_gradient_options(general, weight_decay, maximize))


def _adam_rule(beta2, eps, bias_correction=True, weight_decay=0.0, decoupled=False, amsgrad=False, maximize=False):
    """Adam, AdamW (decoupled weight decay) and AMSGrad share one rule; see their docstrings. β1 is ``mu``."""

    def init(p):
        zero = p * 0.0
        return (0, zero, zero + 0.0, zero + 0.0) if amsgrad else (0, zero, zero + 0.0)

    def update(g, state, p, lr, beta1, ops=NUMPY, record=None):
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
        if decoupled and weight_decay:
            step -= (lr * weight_decay) * p
        return step, ((t, m, v, v_max) if amsgrad else (t, m, v))

    return Rule(init, with_gradient_options(update, 0.0 if decoupled else weight_decay, maximize))


def adam(beta1: float, beta2: float, eps: float, bias_correction: bool, weight_decay: float, maximize: bool):
    r"""Adam (torch.optim.Adam, amsgrad=False).

    .. math::
        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t,\qquad v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2 \\
        p_t = p_{t-1} - \frac{\mathrm{lr}_t}{1-\beta_1^t}\; \frac{m_t}{\sqrt{v_t}/\sqrt{1-\beta_2^t} + \epsilon}

    i.e. p -= lr * m̂ / (sqrt(v̂) + eps) with m̂ = m / (1-β1^t), v̂ = v / (1-β2^t), computed in PyTorch's
    order, and g as in :func:`gd` (``weight_decay`` λ is coupled L2, g ← g + λ·p, unlike AdamW's). m and v
    start at zero, so both are biased toward zero early on; the corrections undo that, and the first step
    moves every coordinate by exactly lr (up to eps). Without them (``bias_correction=false``) step t is
    scaled by (1-β1^t)/sqrt(1-β2^t) instead: about 3.2 at t=1 with the default betas.
    State: ``(t, m, v)``: the step count, exp_avg and exp_avg_sq.
    """
    return _adam_rule(beta2, eps, bias_correction, weight_decay, maximize=maximize)


def adamw(beta1: float, beta2: float, eps: float, weight_decay: float, maximize: bool):
    r"""AdamW (torch.optim.AdamW, amsgrad=False): Adam with decoupled weight decay (Loshchilov & Hutter).

    .. math::
        p_t = p_{t-1} - \mathrm{lr}_t\,\lambda\, p_{t-1} - \mathrm{lr}_t\,\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}

    with m̂, v̂ as in Adam (of −∇f with ``maximize``). The decay pulls every coordinate toward 0 whatever the
    gradient: the minimum it settles at is not the loss's own. State: ``(t, m, v)``.
    """
    return _adam_rule(beta2, eps, weight_decay=weight_decay, decoupled=True, maximize=maximize)


def amsgrad(beta1: float, beta2: float, eps: float, weight_decay: float, maximize: bool):
    r"""AMSGrad in PyTorch's form (torch.optim.Adam, amsgrad=True; Reddi et al.).

    .. math::
        v^{max}_t = \max(v^{max}_{t-1}, v_t),\qquad
        p_t = p_{t-1} - \frac{\mathrm{lr}_t}{1-\beta_1^t}\,\frac{m_t}{\sqrt{v^{max}_t}/\sqrt{1-\beta_2^t} + \epsilon}

    with m_t, v_t and g as in Adam and v^max_0 = 0. As in PyTorch (``max_exp_avg_sq``), the maximum is kept of
    the raw, uncorrected v, and divided by the current step's bias correction 1-β2^t afterwards: v^max never
    decreases, but v^max_t / (1-β2^t) may, while 1-β2^t grows. (Reddi et al.'s algorithm has no bias
    correction; the maximum of the corrected v̂ would give other steps.) State: ``(t, m, v, v_max)``.
    """
    return _adam_rule(beta2, eps, weight_decay=weight_decay, amsgrad=True, maximize=maximize)


def nadam(beta1: float, beta2: float, eps: float, momentum_decay: float):
    r"""NAdam (torch.optim.NAdam; Dozat): Adam with Nesterov momentum and a momentum schedule.

    .. math::
        \mu_t = \beta_1 (1 - \tfrac12\, 0.96^{t\psi}),\quad
        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t,\quad v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2 \\
        p_t = p_{t-1} - \mathrm{lr}_t\,\Big(\frac{(1-\mu_t)\, g_t}{1-\prod_{i\le t}\mu_i}
              + \frac{\mu_{t+1}\, m_t}{1-\prod_{i\le t+1}\mu_i}\Big) \Big/ \Big(\sqrt{v_t/(1-\beta_2^t)} + \epsilon\Big)

    with ψ = momentum_decay. State: ``(t, mu_product, m, v)``.
    """
    def init(p):
        zero = p * 0.0
        return (0, 1.0, zero, zero + 0.0)

    def update(g, state, p, lr, beta1, ops=NUMPY, record=None):
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


def adadelta(rho: float, eps: float):
    r"""Adadelta (torch.optim.Adadelta; Zeiler).

    .. math::
        v_t = \rho v_{t-1} + (1-\rho) g_t^2,\qquad
        \Delta_t = \frac{\sqrt{u_{t-1} + \epsilon}}{\sqrt{v_t + \epsilon}}\, g_t,\qquad
        u_t = \rho u_{t-1} + (1-\rho) \Delta_t^2,\qquad p_t = p_{t-1} - \mathrm{lr}_t\,\Delta_t

    The step is measured in the units of past steps (u), so lr = 1 is the usual choice; it starts at
    about sqrt(eps) per step and grows. State: ``(v, u)``.
    """
    def init(p):
        zero = p * 0.0
        return (zero, zero + 0.0)

    def update(g, state, p, lr, mu, ops=NUMPY, record=None):
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


def adamax(beta1: float, beta2: float, eps: float):
    r"""Adamax (torch.optim.Adamax; Kingma & Ba): Adam with the infinity norm.

    .. math::
        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t,\qquad u_t = \max(\beta_2 u_{t-1},\ |g_t| + \epsilon),\qquad
        p_t = p_{t-1} - \frac{\mathrm{lr}_t}{1-\beta_1^t}\,\frac{m_t}{u_t}

    State: ``(t, m, u)``.
    """
    def init(p):
        zero = p * 0.0
        return (0, zero, zero + 0.0)

    def update(g, state, p, lr, beta1, ops=NUMPY, record=None):
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


def qhm(momentum: float, nu: float):
    r"""Quasi-hyperbolic momentum (Ma & Yarats 2019, as in their qhoptim.QHM; not in torch.optim).

    .. math:: b_t = \beta b_{t-1} + (1-\beta) g_t,\qquad p_t = p_{t-1} - \mathrm{lr}_t\,\big((1-\nu) g_t + \nu b_t\big)

    β is the parameter ``momentum`` (qhoptim's name), written β in the rule and the labels as in the paper:
    an exponential average, not SGD's μ. An average of a plain gradient step and a momentum step: ν = 0 is
    GD, ν = 1 is (normalized) momentum; the paper recommends ν = 0.7, β = 0.999. State: ``(b,)``, from 0.
    """
    def update(g, state, p, lr, beta, ops=NUMPY, record=None):
        (buf,) = state
        buf *= beta
        buf += (1 - beta) * g
        direction = (1 - nu) * g + nu * buf
        if record is not None:
            record.update(buf=buf, direction=direction)
        return -lr * direction, (buf,)

    return Rule(_zeros, update)


def qhadam(beta1: float, beta2: float, nu1: float, nu2: float, eps: float):
    r"""QHAdam (Ma & Yarats 2019, as in their qhoptim.QHAdam; not in torch.optim).

    .. math::
        p_t = p_{t-1} - \mathrm{lr}_t\,
              \frac{(1-\nu_1) g_t + \nu_1 \hat m_t}{\sqrt{(1-\nu_2) g_t^2 + \nu_2 \hat v_t} + \epsilon}

    with m̂, v̂ Adam's bias-corrected moments (decay rates β1, β2). ν1 = ν2 = 1 is Adam; the paper recommends
    ν = (0.7, 1), β = (0.995, 0.999). State: ``(t, m, v)``.
    """
    def init(p):
        zero = p * 0.0
        return (0, zero, zero + 0.0)

    def update(g, state, p, lr, beta1, ops=NUMPY, record=None):
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
