r"""What each quantity of an update is: one description per key that ``optimizers.trace`` records.

The worked step tables (``core.steptable``: Markdown, LaTeX, CSV) and the window's explain panel both name
the optimizer's state and intermediates (m, v̂, the momentum buffer, ...) from this one table: a symbol in
plain text, in LaTeX, a CSV column name and a meaning in words. Where a key means different things for
different optimizers (``v`` is the velocity of the look-ahead momentum forms and a second moment elsewhere),
the meaning is chosen by the optimizer's name here, so no view needs to know the optimizers. The meanings
are English; the window shows them translated (``app.i18n.core_text``; ``tools/update_translations.py``
collects them). Qt-free.

>>> QUANTITIES["m_hat"].latex
'$\\hat m_t$'
>>> meaning("v", "momentum"), meaning("v", "adam")
('v: velocity', 'v: running average of g² (second moment)')
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Quantity:
    key: str                    # as optimizers.trace records it (StepRecord.quantities)
    text: str                   # plain-text symbol (step table headers)
    latex: str                  # LaTeX symbol
    csv: str                    # CSV column name
    meaning: str                # in words, for the explain panel
    meanings: dict[str, str] = field(default_factory=dict)   # optimizer name -> its own meaning of the key
    # How the quantity pushes the iterate, for the momentum arrow: "displacement" (a velocity: p ← p + v),
    # "accumulated" (a sum or average of gradients: the step goes along its negative), or "" (neither).
    direction: str = ""
    directions: dict[str, str] = field(default_factory=dict)  # optimizer name -> its own direction


_VELOCITY_FORMS = ("momentum", "nesterov")      # whose "v" is the look-ahead form's velocity

QUANTITIES = {q.key: q for q in (
    Quantity("noise", "noise ξ", r"$\xi_t$", "noise", "gradient noise (added to ∇f)"),
    Quantity("lookahead_point", "p + μ·v", r"$p_{t-1} + \mu v_{t-1}$", "lookahead",
             "look-ahead point p + μ·v (the gradient is taken here)"),
    Quantity("buf", "b (buffer)", r"$b_t$", "b", "b: momentum buffer (running sum of gradients)",
             {"rmsprop": "b: momentum buffer (running sum of g / d)"}, direction="accumulated"),
    Quantity("direction", "g + μ·b", r"$g_t + \mu b_t$", "direction", "direction (the step is −lr times this)"),
    Quantity("sum", "s = Σg²", r"$s_t$", "s", "s: sum of g² so far"),
    Quantity("v", "v", r"$v_t$", "v", "v: running average of g² (second moment)",
             {name: "v: velocity" for name in _VELOCITY_FORMS},
             directions={name: "displacement" for name in _VELOCITY_FORMS}),
    Quantity("m", "m", r"$m_t$", "m", "m: running average of g (first moment)", direction="accumulated"),
    Quantity("m_hat", "m̂", r"$\hat m_t$", "m_hat", "m̂ = m / (1 − β1ᵗ)"),
    Quantity("v_hat", "v̂", r"$\hat v_t$", "v_hat", "v̂ = v / (1 − β2ᵗ)"),
    Quantity("bias1", "1-β1^t", r"$1-\beta_1^t$", "bias1", "1 − β1ᵗ: bias correction of m"),
    Quantity("bias2", "1-β2^t", r"$1-\beta_2^t$", "bias2", "1 − β2ᵗ: bias correction of v"),
    Quantity("v_max", "v_max", r"$v^{\max}_t$", "v_max", "v_max: largest v so far"),
    Quantity("u", "u", r"$u_t$", "u", "u: decaying maximum of |g|", {"adadelta": "u: average of squared steps"}),
    Quantity("delta", "Δ", r"$\Delta_t$", "delta", "Δ: rescaled gradient"),
    Quantity("mu", "μ_t", r"$\mu_t$", "mu", "μₜ: momentum schedule"),
    Quantity("mu_next", "μ_t+1", r"$\mu_{t+1}$", "mu_next", "μₜ₊₁"),
    # its header names its definition: steptable.lr_eff_rule
    Quantity("lr_eff", "lr_eff", r"$\eta_{\mathrm{eff}}$", "lr_eff", "effective learning rate per coordinate"),
    Quantity("lr", "lr_t", r"$\mathrm{lr}_t$", "lr", "lrₜ: the learning rate of this step (from the schedule)"),
    Quantity("momentum", "μ_t (onecycle)", r"$\mu_t$", "momentum",      # the momentum or β1 that onecycle sets
             "μₜ: the momentum of this step (from the onecycle schedule)"),
    Quantity("beta1", "β1_t (onecycle)", r"$\beta_{1,t}$", "beta1",
             "β1ₜ: β1 of this step (from the onecycle schedule)"),
    Quantity("g_used", "g used", r"$\tilde g_t$", "g_used",          # −∇f (maximize) + λ·p (weight decay)
             "g used: −∇f if maximize, plus λ·p with weight decay"),
    Quantity("g_avg", "ḡ (mean of g)", r"$\bar g_t$", "g_avg", "ḡ: running average of g (centered RMSprop)"),
    Quantity("clr", "lr/(1+(t−1)·decay)", r"$\mathrm{lr}/(1 + (t-1)\,\eta_{\mathrm{decay}})$", "clr",
             "lr / (1 + (t − 1)·lr_decay): the decayed learning rate"),
)}


def meaning(key: str, optimizer_name: str = "") -> str:
    """What ``key`` is for optimizer ``optimizer_name``, in English words (the key itself if not in the table)."""
    q = QUANTITIES.get(key)
    return key if q is None else q.meanings.get(optimizer_name, q.meaning)


def meanings() -> set[str]:
    """Every meaning in the table (for the translation tool)."""
    return {text for q in QUANTITIES.values() for text in (q.meaning, *q.meanings.values())}


def momentum_vector(optimizer_name: str, quantities: dict) -> np.ndarray | None:
    """The direction momentum pushes the iterate in this step (a step's ``StepRecord.quantities``), or None for
    the optimizers without momentum: the velocity itself, or minus the accumulated gradients."""
    for key in ("v", "buf", "m"):
        q = QUANTITIES[key]
        how = q.directions.get(optimizer_name, q.direction)
        if key in quantities and how:
            vector = np.asarray(quantities[key], dtype=float)
            return vector if how == "displacement" else -vector
    return None

