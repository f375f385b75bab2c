r"""Optimizers as pure ``init`` / ``update`` pairs, with PyTorch's documented update rules.

This module holds the catalogue (names, hyperparameters with torch's names, defaults and ranges, the printed
rules), :func:`create` (a spec such as ``adam:lr=0.01,weight_decay=0.1,schedule=cosine,T_max=100``), and the
drivers. The update rules themselves are in ``core.rules``, the learning-rate schedules in
``core.schedules``, the gradient noise in ``core.noise``, minibatch runs in ``core.minibatch`` (``core.runs``
picks the driver). It is one file of about 750 lines because the catalogue, ``create`` and the full-batch
drivers share one Optimizer type and one rule for how a run ends (divergence box, undefined f).

An optimizer's ``update(g, state, p, lr, mu, ops, record)`` returns ``(delta, new_state)``: the change to add
to the parameters and the next state; ``lr`` and ``mu`` (momentum or β1) are the step's, precomputed for the
whole run (:meth:`Optimizer.hyperparameters`) so that a schedule costs the drivers nothing. Every rule is
elementwise and written with augmented assignments (``m *= beta1; m += (1 - beta1) * g``), so the same source
serves two drivers:

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
from typing import Any

import numpy as np

from core import batches, rules, schedules
from core.errors import UserInputError
from core.noise import _draws, _index_keys, _step_keys, _workspace, check_indices, gradient_noise
from core.params import Param, exact_value, format_value  # noqa: F401  (Param and exact_value: part of this API)
from core.rules import FLOATS, NUMPY
from core.trajectory import Trajectory  # the result of run (re-exported: optimizers.Trajectory)

# --- parameters -----------------------------------------------------------------------------------

def _lr(default: float) -> Param:
    return Param("lr", default, 0.0, None, min_inclusive=False, doc="learning rate")


def _unit(name: str, default: float, doc: str) -> Param:
    """A decay rate in [0, 1)."""
    return Param(name, default, 0.0, 1.0, max_inclusive=False, doc=doc)


def _eps(default: float) -> Param:
    return Param("eps", default, 0.0, None, min_inclusive=False, doc="added to the denominator for stability")


def _weight_decay(default: float = 0.0, doc: str = "L2 penalty λ: g ← g + λ·p (coupled)") -> Param:
    return Param("weight_decay", default, 0.0, None, doc=doc)


_MAXIMIZE = Param("maximize", False, kind="bool", doc="ascend f: use −∇f as the gradient")


# --- the catalogue ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Definition:
    name: str
    title: str
    factory: Callable
    params: tuple[Param, ...]
    rule: str | dict[str, str] | Callable   # plain-text rule; by convention; or built from the params
    label_params: tuple[str, ...] = ()
    symbols: tuple[tuple[str, str], ...] = ()     # where the rule names a parameter otherwise than SYMBOLS does
    cycles: str | None = None       # the hyperparameter OneCycleLR cycles: "momentum" or "beta1" (None: neither)
    check: Callable | None = None   # params -> None, or UserInputError for a combination torch refuses
    # torch's options that are off by default (weight_decay=0, maximize=false, ...): a configured optimizer's
    # params list them only when they are set, so that the specs, labels and captions of plain runs stay short
    options: tuple[str, ...] = ("weight_decay", "maximize")

    def symbol(self, key: str) -> str:
        """The symbol of parameter ``key`` in this optimizer's rule and labels ("μ", "β", "ε")."""
        return dict(self.symbols).get(key) or SYMBOLS.get(key, key)

    def param_map(self) -> dict[str, Param]:
        return {p.name: p for p in self.params + COMMON_PARAMS}


def _choice(name: str, choices: tuple[str, ...], doc: str) -> Param:
    return Param(name, choices[0], kind="choice", choices=choices, doc=doc)


def _check_sgd(params: dict) -> None:
    """torch.optim.SGD's refusal, and the options that exist only in its (PyTorch) form."""
    if params["convention"] == "lookahead":
        for key in ("dampening", "weight_decay"):
            if params.get(key):
                raise UserInputError("{key} is an option of torch.optim.SGD's form: it needs convention=pytorch",
                                     key=key)


def _check_nesterov(params: dict) -> None:
    _check_sgd(params)
    if params["convention"] == "pytorch" and (params.get("momentum", 1.0) <= 0 or params["dampening"] != 0):
        raise UserInputError("Nesterov momentum requires a momentum and zero dampening")


def _momentum_rule(params: dict) -> str:
    if params["convention"] == "lookahead":
        return "v ← μ·v − lr·g;  p ← p + v"
    if params.get("dampening"):
        return "b ← μ·b + (1−τ)·g (b = g at t = 1);  p ← p − lr·b"
    return "b ← μ·b + g;  p ← p − lr·b"


def _adagrad_rule(params: dict) -> str:
    lr = "lr/(1 + (t−1)·lr_decay)" if params.get("lr_decay") else "lr"
    s0 = params.get("initial_accumulator_value")
    start = f",  s₀ = {format_value(s0)}" if s0 else ""
    return f"s ← s + g²;  p ← p − {lr}·g/(√s + ε){start}"


def _rmsprop_rule(params: dict) -> str:
    centered = params.get("centered", False)
    momentum = params.get("momentum", 0.0) > 0 or params.get("schedule") == "onecycle" and params["cycle_momentum"]
    if not (centered or momentum):
        return {"pytorch": "v ← α·v + (1−α)·g²;  p ← p − lr·g/(√v + ε)",
                "optax": "v ← α·v + (1−α)·g²;  p ← p − lr·g/√(v + ε)"}[params["convention"]]
    var = "v − ḡ²" if centered else "v"
    d = f"√({var} + ε)" if params["convention"] == "optax" else (f"√({var}) + ε" if centered else "√v + ε")
    text = "v ← α·v + (1−α)·g²;  " + ("ḡ ← α·ḡ + (1−α)·g;  " if centered else "") + f"d = {d};  "
    return text + ("b ← μ·b + g/d;  p ← p − lr·b" if momentum else "p ← p − lr·g/d")


# Every run accepts these: Gaussian noise added to each gradient (a stochastic gradient), reproducible by seed;
# and on a model surface with data, minibatches of ``batch`` rows, shuffled by the same seed (core.batches).
COMMON_PARAMS = (
    Param("noise", 0.0, 0.0, None, doc="standard deviation of Gaussian noise added to the gradient"),
    Param("seed", 0, 0, 2**32 - 1, kind="int", doc="seed of the gradient noise and of the minibatch shuffling"),
    Param("batch", 0, 0, None, kind="int",
          doc="rows per minibatch on a model with data (0: the full dataset at every step)"),
)
_MOMENTUM = _unit("momentum", 0.9, "momentum factor μ")
_CONVENTION = _choice("convention", ("pytorch", "lookahead"),
                      "pytorch: torch.optim.SGD's buffer form; lookahead: Sutskever / CS231n velocity form")
_DAMPENING = Param("dampening", 0.0, 0.0, 1.0, doc="dampening τ: b ← μ·b + (1−τ)·g")
_BETAS = (_unit("beta1", 0.9, "decay of the first moment m"), _unit("beta2", 0.999, "decay of the second moment v"))
_ADAM_RULE = "m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  p ← p − lr·m̂/(√v̂ + ε),  m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ)"
_ADAM_RULE_UNCORRECTED = "m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  p ← p − lr·m/(√v + ε)  (no bias correction)"


def _adam_printed_rule(params) -> str:
    """Adam's rule as applied: without m̂, v̂ and 1−βᵗ when bias correction is off."""
    return _ADAM_RULE if params["bias_correction"] else _ADAM_RULE_UNCORRECTED
_DEFINITIONS = [
    _Definition("gd", "GD", rules.gd, (_lr(0.01), _weight_decay(), _MAXIMIZE), "p ← p − lr·g", ("lr",)),
    _Definition("momentum", "Momentum", rules.momentum,
                (_lr(0.01), _MOMENTUM, _DAMPENING, _weight_decay(), _MAXIMIZE, _CONVENTION),
                _momentum_rule, ("lr", "momentum"), cycles="momentum", check=_check_sgd,
                options=("dampening", "weight_decay", "maximize")),
    _Definition("nesterov", "Nesterov", rules.nesterov,
                (_lr(0.01), _MOMENTUM, Param("dampening", 0.0, 0.0, 1.0, doc="must be 0 for Nesterov (as in torch)"),
                 _weight_decay(), _MAXIMIZE, _CONVENTION),
                {"pytorch": "b ← μ·b + g;  p ← p − lr·(g + μ·b)",
                 "lookahead": "v ← μ·v − lr·∇f(p + μ·v);  p ← p + v"}, ("lr", "momentum"), cycles="momentum",
                check=_check_nesterov, options=("dampening", "weight_decay", "maximize")),
    _Definition("adagrad", "AdaGrad", rules.adagrad,
                (_lr(0.1), Param("lr_decay", 0.0, 0.0, None, doc="lr/(1 + (t−1)·lr_decay) at step t"),
                 _weight_decay(), Param("initial_accumulator_value", 0.0, 0.0, None, doc="starting value of s"),
                 _eps(1e-10), _MAXIMIZE),
                _adagrad_rule, ("lr",), options=("lr_decay", "weight_decay", "initial_accumulator_value", "maximize")),
    _Definition("rmsprop", "RMSprop", rules.rmsprop,
                (_lr(0.01), _unit("alpha", 0.99, "smoothing constant of the squared-gradient average"), _eps(1e-8),
                 _weight_decay(), _unit("momentum", 0.0, "momentum factor μ of the buffer b ← μ·b + g/d"),
                 Param("centered", False, kind="bool", doc="divide by the root of the gradient's variance v − ḡ²"),
                 _MAXIMIZE,
                 _choice("convention", ("pytorch", "optax"),
                         "pytorch: eps outside the root; optax: inside. Only eps moves: alpha stays as set "
                         "(0.99 by default), while optax.rmsprop's default decay is 0.9; with alpha=0.9 the "
                         "paths are optax's")),
                _rmsprop_rule, ("lr", "alpha"), cycles="momentum",
                options=("weight_decay", "momentum", "centered", "maximize")),
    _Definition("adam", "Adam", rules.adam,
                (_lr(0.001), *_BETAS, _eps(1e-8),
                 Param("bias_correction", True, kind="bool", doc="divide m and v by 1−βᵗ"), _weight_decay(),
                 _MAXIMIZE),
                _adam_printed_rule, ("lr", "beta1", "beta2"), cycles="beta1"),
    _Definition("adamw", "AdamW", rules.adamw,
                (_lr(0.001), *_BETAS, _eps(1e-8), _weight_decay(0.01, "decoupled weight decay λ"), _MAXIMIZE),
                "Adam's step, then p ← p − lr·λ·p (decoupled weight decay)", ("lr", "weight_decay"),
                cycles="beta1", options=("maximize",)),
    _Definition("amsgrad", "AMSGrad", rules.amsgrad, (_lr(0.001), *_BETAS, _eps(1e-8), _weight_decay(), _MAXIMIZE),
                "as Adam, with v_max ← max(v_max, v) and v̂ = v_max/(1−β2ᵗ) in the denominator",
                ("lr", "beta1", "beta2"), cycles="beta1"),
    _Definition("nadam", "NAdam", rules.nadam,
                (_lr(0.002), *_BETAS, _eps(1e-8),
                 Param("momentum_decay", 0.004, 0.0, None, doc="ψ in μ_t = β1(1 − 0.5·0.96^(tψ))")),
                "μₜ = β1(1 − ½·0.96^(tψ));  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;"
                "  p ← p − lr·((1−μₜ)·g/(1−Πμ) + μₜ₊₁·m/(1−Πμ·μₜ₊₁))/(√v̂ + ε),  v̂ = v/(1−β2ᵗ)",
                ("lr", "beta1", "beta2"), cycles="beta1", options=()),
    _Definition("adadelta", "Adadelta", rules.adadelta,
                (_lr(1.0), _unit("rho", 0.9, "decay of both running averages"), _eps(1e-6)),
                "v ← ρ·v + (1−ρ)·g²;  Δ = √(u + ε)/√(v + ε)·g;  u ← ρ·u + (1−ρ)·Δ²;  p ← p − lr·Δ", ("lr", "rho"),
                options=()),
    _Definition("adamax", "Adamax", rules.adamax, (_lr(0.002), *_BETAS, _eps(1e-8)),
                "m ← β1·m + (1−β1)·g;  u ← max(β2·u, |g| + ε);  p ← p − lr/(1−β1ᵗ)·m/u", ("lr", "beta1", "beta2"),
                cycles="beta1", options=()),
    _Definition("qhm", "QHM", rules.qhm,
                (_lr(0.01), _unit("momentum", 0.999, "momentum factor β of the averaged buffer"),
                 Param("nu", 0.7, 0.0, 1.0, doc="weight ν of the momentum term (0: GD, 1: momentum)")),
                "b ← β·b + (1−β)·g;  p ← p − lr·((1−ν)·g + ν·b)", ("lr", "momentum", "nu"),
                (("momentum", "β"),),       # the paper's β: a decay rate like Adam's, not SGD's momentum μ
                cycles="momentum", options=()),
    _Definition("qhadam", "QHAdam", rules.qhadam,
                (_lr(0.001), _unit("beta1", 0.995, "decay of the first moment m"),
                 _unit("beta2", 0.999, "decay of the second moment v"),
                 Param("nu1", 0.7, 0.0, 1.0, doc="weight ν1 of m̂ against g"),
                 Param("nu2", 1.0, 0.0, 1.0, doc="weight ν2 of v̂ against g²"), _eps(1e-8)),
                "m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  p ← p − lr·((1−ν1)·g + ν1·m̂)/(√((1−ν2)·g² + ν2·v̂) + ε),"
                "  m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ)", ("lr", "beta1", "beta2", "nu1", "nu2"), cycles="beta1",
                options=()),
]
_BY_NAME = {d.name: d for d in _DEFINITIONS}
SYMBOLS = {"beta1": "β1", "beta2": "β2", "momentum": "μ", "alpha": "α", "eps": "ε", "rho": "ρ", "nu": "ν",
            "nu1": "ν1", "nu2": "ν2", "weight_decay": "λ", "momentum_decay": "ψ", "noise": "noise σ",
            "dampening": "τ", "initial_accumulator_value": "s₀"}
MISSION = ("gd", "momentum", "nesterov", "rmsprop", "adam")   # the five the course compares


def names() -> list[str]:
    return list(_BY_NAME)


def parameters(name: str) -> dict[str, Param]:
    """Every parameter of optimizer ``name``: its own, then the common ``noise``, ``seed`` and ``batch``.

    A configured optimizer's ``params`` hold ``noise`` and ``seed`` when the noise is not zero, ``seed`` alone
    when it is not 0 (it also shuffles the minibatches), ``batch`` when it is not 0, and ``schedule`` and its
    parameters (``schedules.parameters``) only when it has one.
    """
    return _definition(name).param_map()


def cycled_parameter(name: str) -> str | None:
    """The hyperparameter of optimizer ``name`` that a onecycle schedule cycles ("momentum", "beta1"), or None."""
    return _definition(name).cycles


def _definition(name: str) -> _Definition:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UserInputError("unknown optimizer {name}; choose one of {names}", name=repr(name),
                             names=", ".join(_BY_NAME)) from None


@dataclass(frozen=True, eq=False)
class Optimizer:
    """A configured optimizer: ``init(p) -> state``, ``update(g, state, p, lr, mu, ops, record) -> (delta, state)``
    (see core.rules), and the learning rate (and momentum or β1) of every step: :meth:`hyperparameters`."""

    name: str
    params: dict[str, float | bool | int | str]
    init: Callable = field(repr=False)
    update: Callable = field(repr=False)
    lookahead: Callable | None = field(default=None, repr=False)
    _values: dict = field(default_factory=dict, repr=False)     # the longest lr/mu lists computed so far

    @property
    def _definition(self) -> _Definition:
        return _BY_NAME[self.name]

    @property
    def title(self) -> str:
        return self._definition.title

    @property
    def schedule(self) -> str:
        """The learning-rate schedule's name (``"none"``: a constant lr)."""
        return str(self.params.get("schedule", schedules.NONE))

    @property
    def cycled(self) -> str | None:
        """The hyperparameter a onecycle schedule sets at every step ("momentum" or "beta1"), else None."""
        if self.schedule == "onecycle" and self.params["cycle_momentum"]:
            return self._definition.cycles
        return None

    @property
    def max_steps(self) -> int | None:
        """The most steps a run may take (onecycle's total_steps, as torch), or None: no limit."""
        return int(self.params["total_steps"]) if self.schedule == "onecycle" else None

    def hyperparameters(self, steps: int) -> tuple[list[float], list[float]]:
        """The learning rate and the momentum (or β1: the value OneCycleLR cycles; 0 where the optimizer has
        neither) of steps 1..``steps``, as two lists: constant without a schedule, else ``schedules.lr_values``.
        UserInputError for a run longer than onecycle's total_steps."""
        steps = int(steps)
        cached = self._values.get("lists")
        if cached is not None and len(cached[0]) >= steps:     # (the lists are only read: no copy when whole)
            return cached if len(cached[0]) == steps else (cached[0][:steps], cached[1][:steps])
        mu = float(self.params.get(self._definition.cycles or "", 0.0))
        if self.schedule == schedules.NONE:
            lrs, mus = [float(self.params["lr"])] * steps, None
        else:
            sched = {k: self.params[k] for k in schedules.parameters(self.schedule)}
            lrs, mus = schedules.lr_values(self.schedule, sched, float(self.params.get("lr", 0.0)), steps)
        mus = mus if self.cycled and mus is not None else [mu] * steps
        self._values["lists"] = (lrs, mus)
        return lrs, mus

    def lr_at(self, t: int) -> float | None:
        """The learning rate of step ``t`` (1-based), or None where there is no such step (t < 1, or past a
        onecycle schedule's total_steps)."""
        if t < 1 or (self.max_steps is not None and t > self.max_steps):
            return None
        return self.hyperparameters(t)[0][t - 1]

    @property
    def rule(self) -> str:
        """The update rule in plain text with Unicode maths, for this convention and these options."""
        d, params = self._definition, self.params
        text = d.rule(params) if callable(d.rule) else d.rule[params["convention"]] if isinstance(d.rule, dict) \
            else d.rule
        first = []
        if params.get("maximize"):
            if params.get("convention") == "lookahead":       # its rule names ∇f: ascend in it
                text = text.replace("− lr·", "+ lr·")
            else:
                first.append("g ← −g (maximize)")
        if params.get("weight_decay") and self.name != "adamw":
            first.append("g ← g + λ·p")
        if first:
            text = ";  ".join(first) + ";  " + text
        if self.schedule != schedules.NONE:
            cycled = f", {d.symbol(self.cycled)} = {d.symbol(self.cycled)}ₜ" if self.cycled else ""
            text += f";  lr = lrₜ{cycled} of the {self.schedule} schedule"
        return text

    @property
    def noise(self) -> float:
        """Standard deviation of the Gaussian noise added to each gradient (0: exact gradients)."""
        return float(self.params.get("noise", 0.0))

    @property
    def batch(self) -> int:
        """Rows per minibatch on a model surface with data (0: the full dataset, the plain gradient)."""
        return int(self.params.get("batch", 0))

    @property
    def seed(self) -> int:
        """The seed of the gradient noise and of the minibatch shuffling."""
        return int(self.params.get("seed", 0))

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
        """The hyperparameters of ``describe``, one text each: "lr=0.01", "bias correction on", "pytorch form";
        a schedule with its required parameters and those not at their default ("cosine schedule", "T_max=100")."""
        d = self._definition
        pmap = {**d.param_map(), **schedules.parameters(self.schedule)}
        shown = [k for k in self.params if every or k in d.label_params or k not in pmap
                 or pmap[k].default is None or self.params[k] != pmap[k].default]
        return [setting_phrase(k, self.params[k], d.symbol(k)) for k in shown]


def setting_phrase(key: str, value, symbol: str | None = None) -> str:
    """One hyperparameter as a caption shows it: a symbol and a number ("β1=0.9"), a switch in words
    ("bias correction on"), a choice of formula ("pytorch form", "cos annealing") or a schedule ("cosine
    schedule"). The GUI translates the worded ones. ``symbol``: the optimizer's own (``_Definition.symbol``);
    by default the usual one of ``key``."""
    if isinstance(value, bool):
        return f"{key.replace('_', ' ')} {'on' if value else 'off'}"
    if key == "schedule":
        return f"{value} schedule"
    if key == "anneal_strategy":
        return f"{value} annealing"
    if isinstance(value, str):
        return f"{value} form"
    return f"{symbol or SYMBOLS.get(key, key)}={format_value(value)}"


def create(spec: str, **overrides) -> Optimizer:
    """An optimizer from a spec ``"name"`` or ``"name:param=value,..."``, plus keyword overrides.

    ``schedule=NAME`` adds a learning-rate schedule, with that schedule's parameters named as torch names them
    (``adam:lr=0.1,schedule=cosine,T_max=100``; see core.schedules). Raises UserInputError (a ValueError)
    with a one-line message naming the parameter for unknown names, out-of-range values, a parameter of
    another schedule than the chosen one and the combinations torch refuses.
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
    schedule = schedules.SCHEDULE.check(given.pop("schedule", schedules.NONE))
    sched_map = schedules.parameters(schedule)
    pmap = definition.param_map()
    for key in given:
        if key in pmap or key in sched_map:
            continue
        if key in schedules.ALL_PARAMS:
            raise UserInputError("{key} is a parameter of the {owners} schedule; this spec has schedule={schedule}",
                                 key=repr(key), owners=" / ".join(schedules.owners(key)), schedule=schedule)
        raise UserInputError("unknown parameter {key} for {optimizer}; it takes {names}", key=repr(key),
                             optimizer=definition.name, names=", ".join([*pmap, "schedule"]))
    sched = schedules.check(schedule, {k: v for k, v in given.items() if k in sched_map})
    set_by_schedule = []            # OneCycleLR overwrites the optimizer's lr and (cycling) its momentum or β1
    if schedule == "onecycle":
        set_by_schedule.append("lr")
        if sched["cycle_momentum"]:
            if definition.cycles is None:
                raise UserInputError("the onecycle schedule cycles the momentum or beta1, which {optimizer} has not: "
                                     "give cycle_momentum=false", optimizer=definition.name)
            set_by_schedule.append(definition.cycles)
    for key in set_by_schedule:
        if key in given:
            raise UserInputError("{key} is set by the onecycle schedule (from {source}): leave it out", key=key,
                                 source="max_lr" if key == "lr" else "max_momentum, base_momentum")
    own = {name: p.check(given.get(name, p.default)) for name, p in pmap.items() if name not in set_by_schedule}
    if definition.check is not None:
        definition.check(own)
    common = {k: own.pop(k) for k in ("noise", "seed", "batch")}
    factory_args = {**own, **({definition.cycles: sched["max_momentum"]} if len(set_by_schedule) > 1 else {})}
    own = {k: v for k, v in own.items() if k not in definition.options or v != pmap[k].default}
    params = {**own, **({"schedule": schedule, **sched} if schedule != schedules.NONE else {})}
    if common["noise"] != 0:     # noise and seed are listed only where a run uses them (specs stay short)
        params.update(noise=common["noise"], seed=common["seed"])
    elif common["seed"] != 0:    # the seed also shuffles the minibatches
        params["seed"] = common["seed"]
    if common["batch"] != 0:
        params["batch"] = common["batch"]
    rule = definition.factory(**{k: v for k, v in factory_args.items() if k in _arguments(definition.factory)})
    optimizer = Optimizer(definition.name, params, rule.init, rule.update, rule.lookahead)
    if schedule == "onecycle":      # refuse a cycle torch cannot compute (a phase of no steps) now, not mid-run
        optimizer.hyperparameters(sched["total_steps"])
    return optimizer


def _arguments(factory: Callable) -> tuple[str, ...]:
    """The names of a rule factory's parameters (it takes the hyperparameters it needs, by name)."""
    return factory.__code__.co_varnames[:factory.__code__.co_argcount]


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


_CHUNK = 65536        # most starts per batch: bounds the temporaries; larger batches amortize NumPy's
                      # per-call cost. (Threads gave nothing on this 2-vCPU VM.)


def run(surface, optimizer: Optimizer, starts, steps: int, *, indices=None) -> Trajectory:
    """Run ``optimizer`` on ``surface`` from each start for ``steps`` steps (batched over the starts).

    ``indices`` (default ``0..N-1``) are the starts' positions in the caller's full list of starts: the
    gradient noise of a start depends only on the seed, its index and the step (see :func:`gradient_noise`),
    so recomputing some starts alone (``starts[columns]`` with ``indices=columns``) gives exactly the
    paths they have in the full run.
    """
    if optimizer.batch:
        check_batch(surface, optimizer)
        raise ValueError("a minibatch run (batch > 0) is made by core.runs.run")
    starts = np.asarray(starts, dtype=float)
    if starts.ndim == 1:
        starts = starts[None, :]
    if starts.ndim != 2 or starts.shape[1] != 2:
        raise ValueError(f"starts must have shape (N, 2), got {starts.shape}")
    steps = int(steps)
    if steps < 0:
        raise ValueError("steps must be >= 0")
    n = len(starts)
    indices = check_indices(indices, n)
    centre, half = divergence_box(surface, starts)
    if n == 1:
        path = np.empty((steps + 1, 1, 2))
        path[0] = starts
        with np.errstate(all="ignore"):
            first_outside = _run_floats(surface, optimizer, path, int(indices[0]), centre, float(half[0]))
            loss = surface.value(path)
        return _finish(path, loss, np.array([first_outside]), surface)
    # Stored as (steps+1, 2, N) so that each step writes two contiguous rows; returned as the (steps+1, N, 2) view.
    rows = np.empty((steps + 1, 2, n))
    rows[0] = starts.T
    loss = np.empty((steps + 1, n))
    for lo in range(0, n, _CHUNK):
        _run_numpy(surface, optimizer, rows[:, :, lo:lo + _CHUNK], loss[:, lo:lo + _CHUNK], indices[lo:lo + _CHUNK])
    return _finish(rows.transpose(0, 2, 1), loss, _first_outside(rows, centre, half), surface)


def check_batch(surface, optimizer: Optimizer) -> None:
    """UserInputError when ``optimizer`` asks for minibatches (batch > 0) on a surface that has no data rows
    to draw them from (a formula, or a model surface without ``--data``)."""
    if optimizer.batch and getattr(surface, "data", None) is None:
        raise UserInputError("batch={batch} needs a model on data: --graph FILE --axes P,Q --data CSV",
                             batch=optimizer.batch)


def minibatches(surface, optimizer: Optimizer, steps: int):
    """The run's minibatch schedule (core.batches: DataLoader(shuffle=True, drop_last=False) from the seed),
    or None for a full-batch run (batch=0). UserInputError when batch > 0 and the surface has no data."""
    if not optimizer.batch:
        return None
    check_batch(surface, optimizer)
    return batches.schedule(surface.n_rows, optimizer.batch, steps, optimizer.seed)


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
    steps = path.shape[0] - 1
    lrs, mus = optimizer.hyperparameters(steps)
    grad = surface.grad_scalar      # never raises: where math would (0/0, log(-1), overflow) it gives NumPy's value
    noise = _noise(optimizer, steps, index)
    draws = None if noise is None else iter(noise.tolist())
    xs, ys = float_steps(grad, optimizer, x, y, lrs, mus, draws, (x_lo, x_hi, y_lo, y_hi))
    xs.insert(0, x)
    ys.insert(0, y)
    n = len(xs)
    path[:n, 0, 0] = xs
    path[:n, 0, 1] = ys
    path[n:, 0] = np.nan
    if not (x_lo <= xs[-1] <= x_hi and y_lo <= ys[-1] <= y_hi):
        return n - 1
    return n if n < len(path) else len(path)        # n < len(path): the arithmetic overflowed (NaN from n)


def float_steps(grad, optimizer: Optimizer, x: float, y: float, lrs, mus, draws, box) -> tuple[list, list]:
    """The update rule on Python floats from (x, y), x and y separately: the iterates after each step, stopping
    after the first outside ``box`` = (x_lo, x_hi, y_lo, y_hi) or where the float arithmetic overflows.
    ``grad(x, y)`` is called once a step (at the look-ahead point for Nesterov); ``draws`` yields each step's
    gradient noise (nx, ny), or is None. The one float loop of both drivers (this module's and core.minibatch's).
    """
    x_lo, x_hi, y_lo, y_hi = box
    sx, sy = optimizer.init(0.0), optimizer.init(0.0)
    update, lookahead = optimizer.update, optimizer.lookahead
    xs, ys = [], []
    try:
        for lr, mu in zip(lrs, mus):
            if lookahead is not None:                 # Sutskever's Nesterov: the gradient at p + mu v
                gx, gy = grad(x + lookahead(sx, mu), y + lookahead(sy, mu))
            else:
                gx, gy = grad(x, y)
            if draws is not None:
                nx, ny = next(draws)
                gx += nx
                gy += ny
            dx, sx = update(gx, sx, x, lr, mu, FLOATS)
            dy, sy = update(gy, sy, y, lr, mu, FLOATS)
            x += dx
            y += dy
            xs.append(x)
            ys.append(y)
            if not (x_lo <= x <= x_hi and y_lo <= y <= y_hi):   # false for NaN too: the run has diverged
                break
    except (ArithmeticError, ValueError):     # an update rule's float arithmetic overflowed (x ** 2 raises)
        pass
    return xs, ys


def _run_numpy(surface, optimizer: Optimizer, rows: np.ndarray, loss: np.ndarray, indices: np.ndarray) -> None:
    """Many starts: the update rule on (2, N) arrays, x and y rows contiguous. Fills ``rows`` and ``loss``.

    ``indices`` (N,) are the starts' positions in the caller's list, which pick their gradient noise.
    """
    with np.errstate(all="ignore"):
        p = rows[0]
        state = optimizer.init(p)
        update, lookahead, value_and_grad = optimizer.update, optimizer.lookahead, surface.value_and_grad_rows
        lrs, mus = optimizer.hyperparameters(rows.shape[0] - 1)
        noise = optimizer.noise
        if noise:
            keys, step_keys = _index_keys(int(optimizer.params["seed"]), indices), _step_keys(rows.shape[0] - 1)
            work = _workspace(keys.shape)
        for k in range(1, rows.shape[0]):
            loss[k - 1], g = value_and_grad(p[0], p[1])
            lr, mu = lrs[k - 1], mus[k - 1]
            if lookahead is not None:
                q = p + lookahead(state, mu)
                g = value_and_grad(q[0], q[1])[1]
            if noise:
                zx, zy = _draws(keys, step_keys[k - 1], noise, work)
                g[0] += zx
                g[1] += zy
            delta, state = update(g, state, p, lr, mu, NUMPY)
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


def _finish(path: np.ndarray, loss: np.ndarray, first_outside: np.ndarray, surface) -> Trajectory:
    """Apply the rule of how a run ends (above): set each status and NaN out the path and loss after the
    last iterate kept. ``first_outside`` (N,): each run's first iterate outside the divergence box (len(path)
    if none). ``surface``: the surface the paths ran on, kept on the Trajectory for its derived quantities."""
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
    return Trajectory(path, loss, status, last, surface)


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
    batch: np.ndarray | None = None     # a minibatch step's row indices (0-based); None: the full loss's gradient
    batch_value: float | None = None    # the loss on that batch at p_{t-1} (grad is its gradient)


def trace(surface, optimizer: Optimizer, start, steps: int, index: int = 0) -> list[StepRecord]:
    """The first ``steps`` updates from one start with every intermediate quantity. Like ``run`` it stops
    where the run ends: the last record is the step that left the divergence box or landed where f is
    undefined (its ``new_point`` is then not in ``run``'s path, or its ``new_value`` is NaN); and after a
    onecycle schedule's total_steps.

    Gives the same points as ``run`` from that start, noise and look-ahead included; ``index`` is the start's
    position in the run's list of starts, which picks its gradient noise (see :func:`gradient_noise`). With a
    schedule, each record holds the step's learning rate as ``lr`` (and the momentum or β1 that onecycle sets,
    under that parameter's name). A minibatch run (batch > 0, on a model surface with data) takes at each step
    the mean gradient over that step's batch of rows (:func:`minibatches`, as core.runs.run); each record
    lists the rows (``batch``) and the batch's loss (``batch_value``), while ``value`` stays the full loss.
    """
    p = np.asarray(start, dtype=float).reshape(2)
    steps = int(steps) if optimizer.max_steps is None else min(int(steps), optimizer.max_steps)
    state = optimizer.init(p)
    noise = _noise(optimizer, steps, int(index))
    centre, (half,) = divergence_box(surface, p)
    lrs, mus = optimizer.hyperparameters(steps)
    scheduled, cycled = optimizer.schedule != schedules.NONE, optimizer.cycled
    schedule = minibatches(surface, optimizer, steps)
    records = []
    with np.errstate(all="ignore"):
        for t in range(1, steps + 1):
            lr, mu = lrs[t - 1], mus[t - 1]
            quantities: dict[str, Any] = {}
            if scheduled:
                quantities["lr"] = lr
            if cycled:
                quantities[cycled] = mu
            at = p if optimizer.lookahead is None else p + optimizer.lookahead(state, mu)
            rows = batch_value = None
            if schedule is None:
                g = surface.grad(at)
            else:
                rows = schedule.batches[t - 1]
                g = np.array(surface.batch_value_grad(at, rows)[1], dtype=float)
                batch_value = float(surface.batch_value(p, rows))
            if optimizer.lookahead is not None:
                quantities["lookahead_point"] = at
            if noise is not None:
                quantities["noise"] = noise[t - 1]
                g = g + noise[t - 1]
            delta, state = optimizer.update(g, state, p, lr, mu, NUMPY, quantities)
            # the state arrays are updated in place by the next step: keep copies
            quantities = {k: np.array(v, dtype=float) for k, v in quantities.items()}
            new = p + delta
            new_value = float(surface.value(new))
            records.append(StepRecord(t, p, float(surface.value(p)), g, quantities, delta, new, new_value,
                                      None if rows is None else np.array(rows), batch_value))
            if not (np.abs(new - centre).max() <= half and math.isfinite(new_value)):
                break
            p = new
    return records
