"""Compare Optiscope's backprop with PyTorch autograd in float64 (a developer check; torch is not a dependency).

    PYTHONPATH=. /work/torchvenv/bin/python tools/check_graphs_against_torch.py [--graphs 60] [--seed 0]

Writes random graph files (up to 30 nodes, every function of core/graph.py, kinks on purpose: relu, abs and
leaky_relu at exactly 0, max and min on ties, the same name twice), parses them with core.graph, evaluates them
with core.backprop, and builds the same expressions from torch ops (the parsed trees, operation by operation),
then compares every node's value and gradient dL/dnode (torch: ``retain_grad``) with a relative tolerance of
1e-12. A few fixed graphs add the edge cases (sqrt and log at 0, 0^z, negative bases, division by 0), and a few typed
formulas the functions only formulas have (tan, sinh, cosh); the shipped example graphs are compared too.
softplus is compared with ``torch.logaddexp(z, 0)`` (the exact softplus): torch.nn.functional.softplus returns
z itself above z = 20, which is 2e-9 off in relative terms.

Prints one JSON line: graphs, nodes, kinks hit, the largest relative differences, mismatches (must be 0).
"""
import argparse
import json
import math
import random
import sys
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from core import backprop  # noqa: E402
from core.graph import FORMULA_FUNCTIONS, from_formula, load, parse  # noqa: E402

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "resources" / "graphs").glob("*.graph"))

torch.set_default_dtype(torch.float64)
TOLERANCE = 1e-12
KINKS = ("relu", "abs", "leaky_relu", "max", "min")

# (template, arguments): the operations a random node may be; {a}, {b} are earlier names. Arguments of log, sqrt
# and of a power with a variable exponent are kept positive so the random graphs stay finite.
OPERATIONS = [
    ("{a} + {b}", 2), ("{a} - {b}", 2), ("{a}*{b}", 2), ("{a}/(1 + {b}^2)", 2), ("{a}^2", 1), ("0.5*{a}^3", 1),
    ("-{a}", 1), ("exp(tanh({a}))", 1), ("log(softplus({a}) + 0.1)", 1), ("sqrt({a}^2 + 0.5)", 1),
    ("abs({a})", 1), ("tanh({a})", 1), ("sin({a})", 1), ("cos({a})", 1), ("sigmoid({a})", 1), ("relu({a})", 1),
    ("leaky_relu({a})", 1), ("leaky_relu({a}, 0.2)", 1), ("softplus({a})", 1), ("max({a}, {b})", 2),
    ("min({a}, {b})", 2), ("2^tanh({a})", 1), ("(sigmoid({a}) + 0.5)^tanh({b})", 2), ("max({a}, {a})", 1),
    ("relu({a})*{a} + abs({b})", 2),
]
# Edge cases with infinities and nan, where the rule at the point must be torch's too.
FIXED = [
    "param z = 0\nloss L = sqrt(z)",
    "param z = 0\nloss L = log(z)",
    "param z = 0\nparam w = 2\nloss L = z^w + w^z",
    "param z = 0\nloss L = 0^z + z^0",
    "param a = -8\nparam b = 0.5\nloss L = a^b",
    "param a = 1\nparam b = 0\nloss L = a/b",
    "param a = 0\nparam b = 0\nloss L = a/b",
    "param z = 0\nloss L = abs(z) + relu(z) + leaky_relu(z) + leaky_relu(z, 0.2)",
    "param a = 1\nparam b = 1\nloss L = max(a, b) + 2*min(a, b)",
    "param z = 30\nloss L = softplus(z) + softplus(-z) + sigmoid(-800) * z",
    "param z = 800\nloss L = exp(z) - exp(z)",
    "param z = -3\nloss L = relu(z) * sqrt(z)",
]
# Typed formulas (their graphs: x and y are the parameters), with the functions only formulas have.
FORMULAS = [("tan(x)*sinh(y) + cosh(x*y) - abs(x - y)", (0.3, -0.8)), ("sqrt(x^2 + y^2) + e^x*pi", (1.5, 2.0)),
            ("(1 - x)^2 + 100*(y - x^2)^2", (-1.2, 1.0)), ("max(x, y) - min(x, y)", (0.5, 0.5))]


def random_graph(rng: random.Random, size: int) -> str:
    """A graph file of ``size`` statements: inputs and parameters (zeros and equal values on purpose), random
    operations on earlier names, and a loss summing every name no node reads (so every node reaches it)."""
    lines, names, values = [], [], []
    for i in range(rng.randint(2, 5)):
        kind = "param" if i % 2 == 0 else "input"
        value = rng.choice([0.0, 0.0, 1.0, -1.0, 0.5, 2.0, round(rng.uniform(-2, 2), 3)])
        if values and rng.random() < 0.3:
            value = rng.choice(values)               # equal values: ties in max and min
        names.append(f"v{i}")
        values.append(value)
        lines.append(f"{kind} v{i} = {value!r}")
    read = set()
    while len(names) < size - 1:
        template, count = rng.choice(OPERATIONS)
        recent = names[-6:]
        a, b = rng.choice(recent), rng.choice(names)
        if template.split("(")[0] in KINKS and rng.random() < 0.5:
            a = rng.choice(names[:len(values)])      # an input or parameter, often exactly 0
        expr = template.format(a=a, b=b)
        read.update({a, b} if count == 2 else {a})
        name = f"n{len(names)}"
        lines.append(f"{name} = {expr}")
        names.append(name)
    sinks = [n for n in names if n not in read] or names[-1:]
    lines.append("loss L = " + " + ".join(sinks))
    return "\n".join(lines) + "\n"


def _tensor(v):
    return v if isinstance(v, torch.Tensor) else torch.tensor(float(v))


def to_torch(e, env):
    """The parsed expression ``e`` as torch operations on the tensors in ``env``."""
    if e.op == "num":
        return e.value
    if e.op == "name":
        return env[e.name]
    args = [to_torch(a, env) for a in e.args]
    if e.op == "neg":
        return -args[0]
    if e.op in ("+", "-", "*", "/"):
        a, b = args
        return {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "/": lambda: a / b}[e.op]()
    if e.op == "^":
        a, b = args
        if not isinstance(a, torch.Tensor) and not isinstance(b, torch.Tensor):
            return a**b
        return torch.pow(a, b)
    a = _tensor(args[0])
    if e.op in ("max", "min"):
        return (torch.maximum if e.op == "max" else torch.minimum)(a, _tensor(args[1]))
    if e.op == "leaky_relu":
        return F.leaky_relu(a, e.value)
    if e.op == "softplus":
        return torch.logaddexp(a, torch.zeros_like(a))
    return getattr(torch, e.op)(a)


def torch_numbers(graph):
    """(values, grads) by name from torch autograd."""
    env = {}
    for n in graph.nodes:
        if n.tree is None:
            env[n.name] = torch.tensor(n.value, requires_grad=True)
        else:
            t = _tensor(to_torch(n.tree, env))
            if t.requires_grad:
                t.retain_grad()
            env[n.name] = t
    loss = env[graph.loss.name]
    if loss.requires_grad:
        loss.backward()
    values = {k: float(t.detach()) for k, t in env.items()}
    grads = {k: (float(t.grad) if t.grad is not None else 0.0) for k, t in env.items()}
    grads[graph.loss.name] = 1.0
    return values, grads


def rel_diff(a: float, b: float) -> float:
    """0 for equal numbers (nan with nan, inf with the same inf), else the relative difference (inf when one is
    not finite)."""
    if a == b or (math.isnan(a) and math.isnan(b)):
        return 0.0
    if not (math.isfinite(a) and math.isfinite(b)):
        return math.inf
    return abs(a - b) / max(1.0, abs(b))


def kinks_hit(graph, values) -> int:
    """Nodes evaluated exactly at a kink: relu/abs/leaky_relu of 0, max/min of equal arguments."""
    count = 0
    for n in graph.nodes:
        for e in _calls(n.tree):
            args = [values[a.name] if a.op == "name" else None for a in e.args]
            if e.op in ("relu", "abs", "leaky_relu") and args[0] == 0:
                count += 1
            elif e.op in ("max", "min") and args[0] is not None and args[0] == args[1]:
                count += 1
    return count


def _calls(e):
    if e is None:
        return
    if e.op in KINKS:
        yield e
    for a in e.args:
        yield from _calls(a)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--graphs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=0)
    opts = ap.parse_args()
    rng = random.Random(opts.seed)
    texts = [random_graph(rng, rng.randint(8, 30)) for _ in range(opts.graphs)] + FIXED
    graphs = [parse(text, source=f"graph {i}") for i, text in enumerate(texts)]
    graphs += [from_formula(text, at) for text, at in FORMULAS] + [load(p) for p in EXAMPLES]
    worst_value = worst_grad = 0.0
    mismatches, nodes, kinks, used = [], 0, 0, set()
    for i, graph in enumerate(graphs):
        ev = backprop.evaluate(graph)
        values, grads = torch_numbers(graph)
        nodes += len(graph.nodes)
        kinks += kinks_hit(graph, ev.values)
        used |= {e.op for n in graph.nodes if n.tree is not None for e in _walk(n.tree)}
        for name in ev.values:
            dv, dg = rel_diff(ev.values[name], values[name]), rel_diff(ev.grads[name], grads[name])
            worst_value, worst_grad = max(worst_value, dv), max(worst_grad, dg)
            if dv > TOLERANCE or dg > TOLERANCE:
                mismatches.append({"graph": i, "node": name, "value": [ev.values[name], values[name]],
                                   "grad": [ev.grads[name], grads[name]]})
    missing = sorted(set(FORMULA_FUNCTIONS) - used)
    print(json.dumps({"torch": torch.__version__, "graphs": len(graphs), "random_graphs": opts.graphs,
                      "nodes": nodes, "kinks_hit": kinks, "functions_missing": missing,
                      "max_rel_diff_value": worst_value, "max_rel_diff_grad": worst_grad,
                      "mismatches": len(mismatches), "first_mismatches": mismatches[:3]}))
    return 1 if mismatches or missing else 0


def _walk(e):
    yield e
    for a in e.args:
        yield from _walk(a)


if __name__ == "__main__":
    sys.exit(main())
