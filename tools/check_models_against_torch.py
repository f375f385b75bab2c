"""Compare model surfaces on data and minibatch runs with PyTorch in float64 (a developer check; torch is not a
dependency).

    PYTHONPATH=. /work/torchvenv/bin/python tools/check_models_against_torch.py

For every shipped example (graph, axes, data) and a few points of its domain: the mean loss over the rows,
its gradient (autograd) and its Hessian (torch.autograd.functional.hessian) against core.model_surface, with
a relative tolerance of 1e-12 (of the largest entry); the loss is built from the parsed graph with torch ops,
every input a column tensor, as tools/check_graphs_against_torch.py does for one example. Then minibatch runs
(torch.optim.SGD with momentum, Nesterov, Adam, RMSprop; batch 8; the batches listed by core.minibatch) are
replayed step by step in torch: each step zero_grad, the mean loss over that step's rows, backward, step;
the paths must agree to 1e-12.

Prints one JSON line: surfaces, points, runs, the largest relative differences, mismatches (must be 0).
"""
import json
import sys
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
from check_graphs_against_torch import to_torch  # noqa: E402

from core import minibatch, optimizers  # noqa: E402
from core.model_surface import load  # noqa: E402

torch.set_default_dtype(torch.float64)
GRAPHS, DATA = ROOT / "resources" / "graphs", ROOT / "resources" / "datasets"
EXAMPLES = [("linear_regression.graph", "w,b", "linear_regression.csv"),
            ("logistic_bce.graph", "w,b", "logistic.csv"), ("logistic_mse.graph", "w,b", "logistic.csv"),
            ("xor_neuron.graph", "w1,w2", "xor.csv"), ("sigmoid_2_2_2.graph", "w5,w6", None),
            ("linear_regression.graph", "w,b", None)]
TOL = 1e-12
TORCH_OPTIMIZERS = {
    "momentum:lr=0.02,momentum=0.9": lambda ps: torch.optim.SGD(ps, lr=0.02, momentum=0.9),
    "nesterov:lr=0.02,momentum=0.9": lambda ps: torch.optim.SGD(ps, lr=0.02, momentum=0.9, nesterov=True),
    "adam:lr=0.05": lambda ps: torch.optim.Adam(ps, lr=0.05),
    "rmsprop:lr=0.01": lambda ps: torch.optim.RMSprop(ps, lr=0.01),
}


def torch_loss(surface, pq: torch.Tensor, rows=None) -> torch.Tensor:
    """The mean loss over ``rows`` (all by default) with (P, Q) = pq, from torch ops on the parsed graph."""
    g = surface.graph
    env = {}
    for n in g.nodes:
        if n.name == surface.p:
            env[n.name] = pq[0]
        elif n.name == surface.q:
            env[n.name] = pq[1]
        elif n.tree is None:
            column = surface.fed.get(n.name)
            if column:
                values = surface.data.column(column)
                env[n.name] = torch.tensor(values if rows is None else values[rows])
            else:
                env[n.name] = torch.tensor(float(n.value))
        else:
            env[n.name] = to_torch(n.tree, env)
    loss = env[g.loss.name]
    return loss.mean() if isinstance(loss, torch.Tensor) else torch.tensor(float(loss))


# kinks on purpose: relu, abs and leaky_relu at exactly 0 on some rows, max on a tie
KINK_GRAPH = """input x = 1
input y = 0
param w = 1
param b = -1
h = relu(w*x + b) + 0.5*abs(w - x*b) + leaky_relu(b*x + w, 0.2) + max(w*x, b)
loss L = (h - y)^2
"""
KINK_POINTS = [(1.0, -1.0), (0.0, 0.0), (2.0, -2.0), (1.0, 1.0), (-1.0, 1.0)]


def kink_surface():
    from core.datasets import Dataset
    from core.graph import parse
    from core.model_surface import ModelSurface

    data = Dataset({"x": np.array([-1.0, 0.0, 1.0, 2.0]), "y": np.array([0.5, -1.0, 2.0, 1.0])}, "0")
    return ModelSurface(parse(KINK_GRAPH), "w", "b", data)


def rel(a, b) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.abs(a - b).max() / max(np.abs(b).max(), 1e-300))


def main() -> int:
    worst = {"value": 0.0, "grad": 0.0, "hessian": 0.0, "path": 0.0}
    mismatches, points, runs = [], 0, 0
    rng = np.random.default_rng(0)
    for graph_name, axes, data_name in [*EXAMPLES, ("kinks", "w,b", None)]:
        s = kink_surface() if graph_name == "kinks" else load(GRAPHS / graph_name, axes,
                                                               DATA / data_name if data_name else None)
        (x0, x1), (y0, y1) = s.domain
        chosen = np.array(KINK_POINTS) if graph_name == "kinks" else rng.uniform([x0, y0], [x1, y1], (5, 2))
        for xy in chosen:
            points += 1
            pq = torch.tensor(xy, requires_grad=True)
            loss = torch_loss(s, pq)
            (grad,) = torch.autograd.grad(loss, pq)
            hess = torch.autograd.functional.hessian(lambda t, s=s: torch_loss(s, t), torch.tensor(xy))
            for key, ours, theirs in (("value", s.value(xy), loss.item()), ("grad", s.grad(xy), grad.numpy()),
                                      ("hessian", s.hessian(xy), hess.numpy())):
                d = rel(ours, theirs)
                worst[key] = max(worst[key], d)
                if d > TOL:
                    mismatches.append(f"{graph_name} {key} at {xy.tolist()}: {d:.2e}")
        if data_name is None:
            continue
        for spec, make in TORCH_OPTIMIZERS.items():
            runs += 1
            start = rng.uniform([x0, y0], [x1, y1]) / 2
            ours = minibatch.run(s, optimizers.create(spec), [start], 60, 8, seed=runs)
            pq = torch.tensor(start, requires_grad=True)
            opt = make([pq])
            path = [start]
            for rows in ours.batches:
                opt.zero_grad()
                torch_loss(s, pq, rows).backward()
                opt.step()
                path.append(pq.detach().numpy().copy())
            d = rel(ours.trajectory.path[:, 0], np.array(path))
            worst["path"] = max(worst["path"], d)
            if d > TOL:
                mismatches.append(f"{graph_name} {spec} path: {d:.2e}")
    print(json.dumps({"surfaces": len(EXAMPLES) + 1, "points": points, "minibatch_runs": runs,
                      **{f"max_rel_{k}": float(f"{v:.3g}") for k, v in worst.items()},
                      "mismatches": len(mismatches), "first": mismatches[:5]}))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
