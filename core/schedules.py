r"""Learning-rate schedules, equal to torch.optim.lr_scheduler's, bit for bit.

Every optimizer spec takes ``schedule=NAME`` and that schedule's parameters, named as torch names them
(``adam:lr=0.1,schedule=cosine,T_max=100,eta_min=0``). The scheduler is stepped once after every optimizer
step, as in torch's loop ``optimizer.step(); scheduler.step()``: step t (1-based) uses lr_t =
``scheduler.get_last_lr()`` after t - 1 calls of ``scheduler.step()``, i.e. at torch's ``last_epoch`` e = t - 1.
η below is the optimizer's ``lr`` (torch's ``base_lr``). Where torch computes the next value from the
previous one (its "chainable" forms: step, exponential, cosine, linear), so do we, in the same order of
floating-point operations, because the closed forms differ from them in the last bits:

- ``step`` (StepLR; step_size, gamma=0.1): lr_e = lr_{e-1}·γ when e is a multiple of step_size, else
  lr_{e-1}; lr_0 = η. (Closed form η·γ^⌊e/step_size⌋.)
- ``exponential`` (ExponentialLR; gamma): lr_e = lr_{e-1}·γ; lr_0 = η. (Closed form η·γ^e.)
- ``cosine`` (CosineAnnealingLR; T_max, eta_min=0): lr_0 = η and
  lr_e = η_min + (lr_{e-1} − η_min)·(1 + cos(π e/T))/(1 + cos(π (e−1)/T)), except where e − 1 − T is a multiple
  of 2T (the denominator would be 0): lr_e = lr_{e-1} + (η − η_min)(1 − cos(π/T))/2. That is
  η_min + (η − η_min)(1 + cos(π e/T))/2 for every e: after T_max the lr rises again, a period of 2·T_max.
- ``linear`` (LinearLR; start_factor=1/3, end_factor=1, total_iters=5): lr_0 = η·start_factor, then
  lr_e = lr_{e-1}·(1 + (end − start)/(total_iters·start + (e − 1)(end − start))) for e ≤ total_iters and
  lr_e = lr_{e-1} after. (Closed form η·(start + (end − start)·min(e, total_iters)/total_iters).) A warmup.
- ``onecycle`` (OneCycleLR; max_lr, total_steps, pct_start=0.3, anneal_strategy=cos, cycle_momentum=true,
  base_momentum=0.85, max_momentum=0.95, div_factor=25, final_div_factor=1e4, three_phase=false): not
  chainable; at every e the value of a phase, annealed (cos: end + (start − end)(1 + cos π·pct)/2; linear:
  start + (end − start)·pct) with pct = (e − phase start)/(phase end − phase start). Phases (end steps):
  initial → max_lr (pct_start·total_steps − 1), then max_lr → min_lr (total_steps − 1), with
  initial = max_lr/div_factor and min_lr = initial/final_div_factor; ``three_phase``: initial → max_lr,
  max_lr → initial (2·pct_start·total_steps − 2), initial → min_lr. OneCycleLR ignores the optimizer's lr
  (so a onecycle spec has none), and with ``cycle_momentum`` it sets the momentum (SGD, RMSprop) or β1 (the
  Adam family) of every step too, from max_momentum to base_momentum and back, against the lr: that
  hyperparameter then comes from the schedule and the spec has none either. Like torch, a run may not take
  more than total_steps steps.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

from core.errors import UserInputError
from core.params import Param

NONE = "none"


class Definition(NamedTuple):
    name: str
    torch_name: str
    params: tuple[Param, ...]
    formula: str            # plain-text rule for the interface


def _positive(name: str, default, doc: str) -> Param:
    return Param(name, default, 0.0, None, min_inclusive=False, doc=doc)


def _whole(name: str, default, minimum: int, doc: str) -> Param:
    return Param(name, default, minimum, None, kind="int", doc=doc)


_DEFINITIONS = [
    Definition("step", "StepLR", (_whole("step_size", None, 1, "steps between decays"),
                                  _positive("gamma", 0.1, "factor of each decay")),
               "lrₜ = lr·γ^⌊(t−1)/step_size⌋"),
    Definition("exponential", "ExponentialLR", (_positive("gamma", None, "factor per step"),),
               "lrₜ = lr·γ^(t−1)"),
    Definition("cosine", "CosineAnnealingLR", (_whole("T_max", None, 1, "steps of a half cosine period"),
                                               Param("eta_min", 0.0, 0.0, None, doc="smallest learning rate")),
               "lrₜ = η_min + (lr − η_min)·(1 + cos(π(t−1)/T_max))/2"),
    Definition("linear", "LinearLR",
               (Param("start_factor", 1 / 3, 0.0, 1.0, min_inclusive=False, doc="factor of lr at the first step"),
                Param("end_factor", 1.0, 0.0, 1.0, doc="factor of lr after total_iters"),
                _whole("total_iters", 5, 0, "steps of the linear change")),
               "lrₜ = lr·(start + (end − start)·min(t−1, total_iters)/total_iters)"),
    Definition("onecycle", "OneCycleLR",
               (_positive("max_lr", None, "largest learning rate of the cycle"),
                _whole("total_steps", None, 1, "steps of the cycle (a run may not be longer)"),
                Param("pct_start", 0.3, 0.0, 1.0, doc="fraction of the cycle spent raising the lr"),
                Param("anneal_strategy", "cos", kind="choice", choices=("cos", "linear"), doc="shape of each phase"),
                Param("cycle_momentum", True, kind="bool", doc="cycle the momentum (or β1) against the lr"),
                Param("base_momentum", 0.85, 0.0, 1.0, max_inclusive=False, doc="momentum (or β1) at the lr's peak"),
                Param("max_momentum", 0.95, 0.0, 1.0, max_inclusive=False, doc="momentum (or β1) at the ends"),
                _positive("div_factor", 25.0, "initial lr = max_lr/div_factor"),
                _positive("final_div_factor", 1e4, "last lr = initial lr/final_div_factor"),
                Param("three_phase", False, kind="bool", doc="come back to the initial lr before the end")),
               "lr rises from max_lr/div_factor to max_lr over pct_start of total_steps, then falls to "
               "max_lr/(div_factor·final_div_factor); momentum (or β1) moves the other way"),
]
_BY_NAME = {d.name: d for d in _DEFINITIONS}
SCHEDULE = Param("schedule", NONE, kind="choice", choices=(NONE, *_BY_NAME), doc="learning-rate schedule")
ALL_PARAMS = {p.name for d in _DEFINITIONS for p in d.params}


def names() -> list[str]:
    return list(_BY_NAME)


def definition(name: str) -> Definition:
    return _BY_NAME[name]


def parameters(name: str) -> dict[str, Param]:
    """The parameters of schedule ``name`` (none for ``"none"``), in torch's order."""
    return {} if name == NONE else {p.name: p for p in _BY_NAME[name].params}


def owners(key: str) -> list[str]:
    """The schedules that take parameter ``key``."""
    return [d.name for d in _DEFINITIONS if any(p.name == key for p in d.params)]


def check(name: str, given: dict) -> dict:
    """The parameters of schedule ``name``: ``given`` checked, defaults filled in; UserInputError for a
    missing required one (torch's has no default: T_max, step_size, gamma of exponential, max_lr, total_steps)."""
    values = {}
    for key, param in parameters(name).items():
        if key in given:
            values[key] = param.check(given[key])
        elif param.default is None:
            raise UserInputError("the {schedule} schedule needs {key}", schedule=name, key=key)
        else:
            values[key] = param.default
    return values


def lr_values(name: str, params: dict, base_lr: float, steps: int) -> tuple[list[float], list[float] | None]:
    """The learning rate of steps 1..``steps`` (torch's get_last_lr() at last_epoch 0..steps-1) and, for
    onecycle with cycle_momentum, the momentum (or β1) of each step; else None."""
    if name == "onecycle":
        return _onecycle(params, steps)
    return _CHAINABLE[name](params, base_lr, steps), None


def _step(params: dict, lr: float, steps: int) -> list[float]:
    size, gamma, out = params["step_size"], params["gamma"], []
    for e in range(steps):
        if e != 0 and e % size == 0:
            lr = lr * gamma
        out.append(lr)
    return out


def _exponential(params: dict, lr: float, steps: int) -> list[float]:
    gamma, out = params["gamma"], []
    for e in range(steps):
        if e != 0:
            lr = lr * gamma
        out.append(lr)
    return out


def _cosine(params: dict, base: float, steps: int) -> list[float]:
    t_max, eta_min, lr, out = params["T_max"], params["eta_min"], base, []
    for e in range(steps):
        if e == 0:
            pass
        elif (e - 1 - t_max) % (2 * t_max) == 0:
            lr = lr + (base - eta_min) * (1 - math.cos(math.pi / t_max)) / 2
        else:
            lr = ((1 + math.cos(math.pi * e / t_max)) / (1 + math.cos(math.pi * (e - 1) / t_max))
                  * (lr - eta_min) + eta_min)
        out.append(lr)
    return out


def _linear(params: dict, base: float, steps: int) -> list[float]:
    start, end, total = params["start_factor"], params["end_factor"], params["total_iters"]
    lr, out = base, []
    for e in range(steps):
        if e == 0:
            lr = lr * start
        elif e <= total:
            lr = lr * (1.0 + (end - start) / (total * start + (e - 1) * (end - start)))
        out.append(lr)
    return out


_CHAINABLE: dict[str, Callable] = {"step": _step, "exponential": _exponential, "cosine": _cosine,
                                   "linear": _linear}


def _anneal(strategy: str, start: float, end: float, pct: float) -> float:
    if strategy == "cos":
        return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
    return (end - start) * pct + start


def _onecycle(params: dict, steps: int) -> tuple[list[float], list[float] | None]:
    total = params["total_steps"]
    if steps > total:
        raise UserInputError("the onecycle schedule has total_steps={total} but the run has {steps} steps "
                             "(torch's OneCycleLR cannot step past total_steps)", total=total, steps=steps)
    initial = params["max_lr"] / params["div_factor"]
    lrs = {"initial": initial, "max": params["max_lr"], "min": initial / params["final_div_factor"]}
    moms = {"max": params["max_momentum"], "base": params["base_momentum"]}
    pct_start, strategy = params["pct_start"], params["anneal_strategy"]
    if params["three_phase"]:
        phases = [(float(pct_start * total) - 1, "initial", "max", "max", "base"),
                  (float(2 * pct_start * total) - 2, "max", "initial", "base", "max"),
                  (total - 1, "initial", "min", "max", "max")]
    else:
        phases = [(float(pct_start * total) - 1, "initial", "max", "max", "base"),
                  (total - 1, "max", "min", "base", "max")]
    cycle = params["cycle_momentum"]
    out_lr, out_mom = [], []
    for e in range(steps):
        start_step = 0.0
        for i, (end_step, lr0, lr1, m0, m1) in enumerate(phases):
            if e <= end_step or i == len(phases) - 1:
                try:
                    pct = (e - start_step) / (end_step - start_step)
                except ZeroDivisionError:
                    raise UserInputError("the onecycle schedule has a phase of no steps (pct_start={pct} of "
                                         "total_steps={total}); torch's OneCycleLR divides by zero there",
                                         pct=pct_start, total=total) from None
                out_lr.append(_anneal(strategy, lrs[lr0], lrs[lr1], pct))
                if cycle:
                    out_mom.append(_anneal(strategy, moms[m0], moms[m1], pct))
                break
            start_step = end_step
    return out_lr, (out_mom if cycle else None)
