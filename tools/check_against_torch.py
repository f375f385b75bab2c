"""Compare every optimizer with torch.optim in float64 (a developer check; PyTorch is not a dependency).

    pip install torch && python tools/check_against_torch.py

Prints one JSON line: the largest relative difference of the iterates per optimizer over 100 steps on
rosenbrock and himmelblau from a few starts.
(Over longer runs RMSprop on rosenbrock is chaotic: 1-ulp differences in the order of floating-point
operations grow to ~1e-3 by step 200, between any two implementations.)
"""
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

TORCH = {
    "gd": lambda p, o: torch.optim.SGD([p], lr=o["lr"]),
    "momentum": lambda p, o: torch.optim.SGD([p], lr=o["lr"], momentum=o["momentum"]),
    "nesterov": lambda p, o: torch.optim.SGD([p], lr=o["lr"], momentum=o["momentum"], nesterov=True),
    "adagrad": lambda p, o: torch.optim.Adagrad([p], lr=o["lr"], eps=o["eps"]),
    "rmsprop": lambda p, o: torch.optim.RMSprop([p], lr=o["lr"], alpha=o["alpha"], eps=o["eps"]),
    "adam": lambda p, o: torch.optim.Adam([p], lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"]),
    "adamw": lambda p, o: torch.optim.AdamW([p], lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"],
                                            weight_decay=o["weight_decay"]),
    "amsgrad": lambda p, o: torch.optim.Adam([p], lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"],
                                             amsgrad=True),
    "nadam": lambda p, o: torch.optim.NAdam([p], lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"],
                                            momentum_decay=o["momentum_decay"]),
    "adadelta": lambda p, o: torch.optim.Adadelta([p], lr=o["lr"], rho=o["rho"], eps=o["eps"]),
    "adamax": lambda p, o: torch.optim.Adamax([p], lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"]),
}
LOSS = {
    "rosenbrock": lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
    "himmelblau": lambda x, y: (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
}
STEPS = 100
SPECS = {"gd": "gd:lr=0.0005", "momentum": "momentum:lr=0.0002", "nesterov": "nesterov:lr=0.0002",
         "adagrad": "adagrad:lr=0.1", "rmsprop": "rmsprop:lr=0.01", "adam": "adam:lr=0.01",
         "adamw": "adamw:lr=0.01,weight_decay=0.1", "amsgrad": "amsgrad:lr=0.01", "nadam": "nadam:lr=0.01",
         "adadelta": "adadelta:lr=1", "adamax": "adamax:lr=0.01"}


def torch_path(name, params, loss, start, steps):
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = TORCH[name](p, params)
    out = [p.detach().clone().numpy()]
    for _ in range(steps):
        opt.zero_grad()
        loss(p[0], p[1]).backward()
        opt.step()
        out.append(p.detach().clone().numpy())
    return np.array(out)


def main():
    result = {}
    for name, spec in SPECS.items():
        opt = optimizers.create(spec)
        worst = 0.0
        for surface_name, loss in LOSS.items():
            s = surfaces.get(surface_name)
            for start in [(-1.2, 1.0), (0.5, -0.5), (1.5, 2.5)]:
                ours = optimizers.run(s, opt, [start], STEPS).path[:, 0]
                theirs = torch_path(name, opt.params, loss, start, STEPS)
                worst = max(worst, float(np.max(np.abs(ours - theirs) / (1 + np.abs(theirs)))))
        result[name] = worst
    print(json.dumps({"torch": torch.__version__, "steps": STEPS, "max_rel_diff": result}))


if __name__ == "__main__":
    main()
