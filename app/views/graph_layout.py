"""Where the boxes of a computational graph go: layers left to right, an order within each layer.

The drawing rule (no Qt here, so it is quick to test):

- a node's layer is the longest path to it from the inputs (file order is already topological);
- an input or a parameter then moves right to just before its first consumer, so that w5 sits beside the
  hidden layer it multiplies instead of in the first column with a long edge across the drawing; empty
  layers are dropped;
- within a layer, nodes start in file order and are reordered by barycentre sweeps (each node at the mean
  height of its neighbours in the other layers, forward then backward); the order with the fewest edge
  crossings seen is kept.
"""
from __future__ import annotations

from collections import defaultdict

SWEEPS = 6


def layers(graph) -> dict[str, int]:
    """name -> layer (0 is the leftmost column)."""
    layer: dict[str, int] = {}
    consumers: dict[str, list[str]] = defaultdict(list)
    for n in graph.nodes:
        layer[n.name] = 1 + max((layer[s] for s in n.inputs), default=-1)
        for s in n.inputs:
            consumers[s].append(n.name)
    for n in graph.nodes:
        if not n.inputs and consumers[n.name]:
            layer[n.name] = min(layer[c] for c in consumers[n.name]) - 1
    used = sorted(set(layer.values()))
    compact = {v: i for i, v in enumerate(used)}
    return {name: compact[v] for name, v in layer.items()}


def _heights(columns: list[list[str]]) -> dict[str, float]:
    """Each node's height in its column, the columns centred on 0 (as they are drawn)."""
    return {name: i - (len(col) - 1) / 2 for col in columns for i, name in enumerate(col)}


def crossings(columns: list[list[str]], edges: list[tuple[str, str]]) -> int:
    """How many pairs of edges cross: two edges whose column spans overlap and whose ends are in opposite
    orders (exact for edges between neighbouring columns, an estimate for edges that skip columns)."""
    y = _heights(columns)
    col = {name: k for k, c in enumerate(columns) for name in c}
    count = 0
    for i, (a, b) in enumerate(edges):
        for c, d in edges[i + 1:]:
            if max(col[a], col[c]) < min(col[b], col[d]) and (y[a] - y[c]) * (y[b] - y[d]) < 0:
                count += 1
    return count


def arrange(graph) -> list[list[str]]:
    """The columns of the drawing, left to right, each a list of names top to bottom."""
    layer = layers(graph)
    columns: list[list[str]] = [[] for _ in range(max(layer.values()) + 1)]
    for n in graph.nodes:
        columns[layer[n.name]].append(n.name)
    edges = [(s, n.name) for n in graph.nodes for s in n.inputs]
    preds: dict[str, list[str]] = defaultdict(list)
    succs: dict[str, list[str]] = defaultdict(list)
    for s, d in edges:
        preds[d].append(s)
        succs[s].append(d)
    best, best_count = [list(c) for c in columns], crossings(columns, edges)
    for sweep in range(SWEEPS):
        forward = sweep % 2 == 0
        order = range(1, len(columns)) if forward else range(len(columns) - 2, -1, -1)
        for k in order:
            y = _heights(columns)
            near = preds if forward else succs

            def key(item, near=near, y=y):
                i, name = item
                ys = [y[m] for m in near[name]]
                return (sum(ys) / len(ys) if ys else y[name], i)

            columns[k] = [name for _, name in sorted(enumerate(columns[k]), key=key)]
        count = crossings(columns, edges)
        if count < best_count:
            best, best_count = [list(c) for c in columns], count
    return best
