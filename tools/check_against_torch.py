"""Compare every optimizer with torch.optim in float64 (a developer check; PyTorch is not a dependency).

    pip install torch && python tools/check_against_torch.py

Prints one JSON line: the largest relative difference of the iterates per optimizer over 100 steps on
rosenbrock and himmelblau from a few starts; the same for every combination of torch's options
(weight_decay, dampening, maximize, momentum, centered, lr_decay, initial_accumulator_value) and for every
schedule with every torch optimizer, and whether every step's learning rate equals the scheduler's
get_last_lr() bit for bit.
(Over longer runs RMSprop on rosenbrock is chaotic: 1-ulp differences in the order of floating-point
operations grow to ~1e-3 by step 200, between any two implementations.)
"""
import itertools
import json
import sys
from pathlib import Path

import numpy as np
import torch

# Everything in float64, torch's scalar state too: by default NAdam keeps its running μ product (and every
# optimizer its step count) in float32 even for float64 parameters, which alone puts NAdam ~1e-10 off.
torch.set_default_dtype(torch.float64)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from core import optimizers, surfaces  # noqa: E402


def _momentum(o):
    """The momentum torch's SGD / RMSprop is built with (onecycle, cycling, overwrites it with max_momentum)."""
    cycled = o.get("schedule") == "onecycle" and o["cycle_momentum"]
    return o["max_momentum"] if cycled else o.get("momentum", 0.0)


def _betas(o):
    return (o.get("beta1", o.get("max_momentum", 0.9)), o["beta2"])


def _sgd(o, nesterov=False):
    return dict(lr=o.get("lr", 0.001), momentum=_momentum(o), dampening=o.get("dampening", 0.0),
                weight_decay=o.get("weight_decay", 0.0), nesterov=nesterov, maximize=o.get("maximize", False))


TORCH = {
    "gd": lambda p, o: torch.optim.SGD([p], **_sgd({**o, "momentum": 0.0})),
    "momentum": lambda p, o: torch.optim.SGD([p], **_sgd(o)),
    "nesterov": lambda p, o: torch.optim.SGD([p], **_sgd(o, nesterov=True)),
    "adagrad": lambda p, o: torch.optim.Adagrad([p], lr=o.get("lr", 0.001), lr_decay=o.get("lr_decay", 0.0),
                                                weight_decay=o.get("weight_decay", 0.0), eps=o["eps"],
                                                initial_accumulator_value=o.get("initial_accumulator_value", 0.0),
                                                maximize=o.get("maximize", False)),
    "rmsprop": lambda p, o: torch.optim.RMSprop([p], lr=o.get("lr", 0.001), alpha=o["alpha"], eps=o["eps"],
                                                weight_decay=o.get("weight_decay", 0.0), momentum=_momentum(o),
                                                centered=o.get("centered", False), maximize=o.get("maximize", False)),
    "adam": lambda p, o: torch.optim.Adam([p], lr=o.get("lr", 0.001), betas=_betas(o), eps=o["eps"],
                                          weight_decay=o.get("weight_decay", 0.0), maximize=o.get("maximize", False)),
    "adamw": lambda p, o: torch.optim.AdamW([p], lr=o.get("lr", 0.001), betas=_betas(o), eps=o["eps"],
                                            weight_decay=o["weight_decay"], maximize=o.get("maximize", False)),
    "amsgrad": lambda p, o: torch.optim.Adam([p], lr=o.get("lr", 0.001), betas=_betas(o), eps=o["eps"],
                                             amsgrad=True, weight_decay=o.get("weight_decay", 0.0),
                                             maximize=o.get("maximize", False)),
    "nadam": lambda p, o: torch.optim.NAdam([p], lr=o.get("lr", 0.001), betas=_betas(o), eps=o["eps"],
                                            momentum_decay=o["momentum_decay"]),
    "adadelta": lambda p, o: torch.optim.Adadelta([p], lr=o.get("lr", 0.001), rho=o["rho"], eps=o["eps"]),
    "adamax": lambda p, o: torch.optim.Adamax([p], lr=o.get("lr", 0.001), betas=_betas(o), eps=o["eps"]),
}
SCHEDULERS = {
    "step": lambda opt, o: torch.optim.lr_scheduler.StepLR(opt, o["step_size"], o["gamma"]),
    "exponential": lambda opt, o: torch.optim.lr_scheduler.ExponentialLR(opt, o["gamma"]),
    "cosine": lambda opt, o: torch.optim.lr_scheduler.CosineAnnealingLR(opt, o["T_max"], o["eta_min"]),
    "linear": lambda opt, o: torch.optim.lr_scheduler.LinearLR(opt, o["start_factor"], o["end_factor"],
                                                               o["total_iters"]),
    "onecycle": lambda opt, o: torch.optim.lr_scheduler.OneCycleLR(
        opt, o["max_lr"], o["total_steps"], pct_start=o["pct_start"], anneal_strategy=o["anneal_strategy"],
        cycle_momentum=o["cycle_momentum"], base_momentum=o["base_momentum"], max_momentum=o["max_momentum"],
        div_factor=o["div_factor"], final_div_factor=o["final_div_factor"], three_phase=o["three_phase"]),
}
LOSS = {
    "rosenbrock": lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
    "himmelblau": lambda x, y: (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
}
# maximize=true runs climb the negated surfaces (the same paths as descending the originals)
NEGATED = {"rosenbrock": "-((1 - x)^2 + 100*(y - x^2)^2)", "himmelblau": "-((x^2 + y - 11)^2 + (x + y^2 - 7)^2)"}
STEPS = 100
SPECS = {"gd": "gd:lr=0.0005", "momentum": "momentum:lr=0.0002", "nesterov": "nesterov:lr=0.0002",
         "adagrad": "adagrad:lr=0.1", "rmsprop": "rmsprop:lr=0.01", "adam": "adam:lr=0.01",
         "adamw": "adamw:lr=0.01,weight_decay=0.1", "amsgrad": "amsgrad:lr=0.01", "nadam": "nadam:lr=0.01",
         "adadelta": "adadelta:lr=1", "adamax": "adamax:lr=0.01"}
# torch's options, each on or off: every combination is checked
OPTIONS = {"gd": {"weight_decay": 0.1, "maximize": True},
           "momentum": {"dampening": 0.3, "weight_decay": 0.1, "maximize": True},
           "nesterov": {"weight_decay": 0.1, "maximize": True},
           "adagrad": {"lr_decay": 0.05, "weight_decay": 0.1, "initial_accumulator_value": 0.1, "maximize": True},
           "rmsprop": {"weight_decay": 0.1, "momentum": 0.5, "centered": True, "maximize": True},
           "adam": {"weight_decay": 0.1, "maximize": True}, "adamw": {"maximize": True},
           "amsgrad": {"weight_decay": 0.1, "maximize": True}}
SCHEDULES = ["schedule=step,step_size=7,gamma=0.5", "schedule=exponential,gamma=0.97",
             "schedule=cosine,T_max=30,eta_min=0.0001",      # past T_max: the lr rises again
             "schedule=linear,start_factor=0.1,total_iters=20",
             f"schedule=onecycle,total_steps={STEPS}",     # max_lr: twice the optimizer's lr below
             f"schedule=onecycle,total_steps={STEPS},three_phase=true,anneal_strategy=linear",
             f"schedule=onecycle,total_steps={STEPS},cycle_momentum=false"]


def torch_path(name, params, loss, start, steps):
    """The iterates of torch's optimizer (and scheduler, stepped after every step), and its get_last_lr()s."""
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = TORCH[name](p, params)
    scheduler = SCHEDULERS[params["schedule"]](opt, params) if "schedule" in params else None
    out, lrs = [p.detach().clone().numpy()], []
    for _ in range(steps):
        lrs.append(opt.param_groups[0]["lr"] if scheduler is None else scheduler.get_last_lr()[0])
        opt.zero_grad()
        loss(p[0], p[1]).backward()
        opt.step()
        if scheduler is not None:
            scheduler.step()
        out.append(p.detach().clone().numpy())
    return np.array(out), lrs


def worst_difference(spec):
    """The largest relative difference of the iterates from torch's, and whether every lr was equal bit for bit."""
    opt = optimizers.create(spec)
    worst, lrs_equal = 0.0, True
    for surface_name, loss in LOSS.items():
        s = surfaces.get(NEGATED[surface_name] if opt.params.get("maximize") else surface_name)
        for start in [(-1.2, 1.0), (0.5, -0.5), (1.5, 2.5)]:
            ours = optimizers.run(s, opt, [start], STEPS).path[:, 0]
            climbed = (lambda x, y, f=loss: -f(x, y)) if opt.params.get("maximize") else loss
            theirs, lrs = torch_path(opt.name, opt.params, climbed, start, STEPS)
            worst = max(worst, float(np.max(np.abs(ours - theirs) / (1 + np.abs(theirs)))))
            lrs_equal &= lrs == opt.hyperparameters(STEPS)[0]
    return worst, lrs_equal


def main():
    plain = {name: worst_difference(spec)[0] for name, spec in SPECS.items()}
    options, schedules, lrs_equal = {}, {}, True
    for name, choices in OPTIONS.items():
        for on in itertools.product((False, True), repeat=len(choices)):
            given = [f"{k}={v}" for (k, v), chosen in zip(choices.items(), on) if chosen]
            if given:
                spec = ",".join([SPECS[name], *given])
                options[spec] = worst_difference(spec)[0]
    for name, spec in SPECS.items():
        for schedule in SCHEDULES:
            full = f"{spec},{schedule}"
            if "onecycle" in schedule:       # OneCycleLR sets the lr (and momentum or beta1) itself
                max_lr = 2 * optimizers.create(spec).params["lr"]
                full = f"{name}:{schedule},max_lr={max_lr}" + (",weight_decay=0.1" if name == "adamw" else "")
                if name in ("adagrad", "adadelta", "gd") and "cycle_momentum=false" not in schedule:
                    continue               # neither momentum nor beta1 to cycle: refused, as torch refuses
            schedules[full], equal = worst_difference(full)
            lrs_equal &= equal
            if name in OPTIONS:              # and with every option of the optimizer on
                given = ",".join(f"{k}={v}" for k, v in OPTIONS[name].items()
                                 if not ("onecycle" in schedule and k == "momentum"))   # onecycle sets it
                schedules[f"{full},{given}"], equal = worst_difference(f"{full},{given}")
                lrs_equal &= equal
    everything = {**plain, **options, **schedules}
    for spec, diff in everything.items():
        if not diff < 1e-12:
            print(spec, diff, file=sys.stderr)
    print(json.dumps({"torch": torch.__version__, "steps": STEPS, "max_rel_diff": plain,
                      "options_checked": len(options), "options_max_rel_diff": max(options.values()),
                      "schedules_checked": len(schedules), "schedules_max_rel_diff": max(schedules.values()),
                      "lr_equal_to_get_last_lr": lrs_equal,
                      "worst": max(everything, key=everything.get)}))


if __name__ == "__main__":
    main()
