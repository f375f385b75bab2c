"""Backprop panel speed, through the real widget offscreen; prints ONE JSON line.

step_repaint_ms: median time of one gradient-descent step in the panel on a 40-node graph, from the click's
slot (``step_forward``: the next point, a full evaluation, every box's, edge label's and table cell's text) to
the panel painted again (a synchronous ``repaint()`` of the whole panel: graph view and the visible table).
Target < 16 ms (one frame at 60 Hz). Two graphs of 40 nodes: tests/data/network_40.graph (a 3-3-2 network:
wide and shallow) and benchmarks/bench_backprop.py's chain (30 layers deep). Edge labels on. The *_cpu_ms are
the same medians in this process's CPU time (on a shared machine wall time also counts waiting for a core).

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_backprop_panel.py
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from bench_backprop import forty_nodes  # noqa: E402
from timing import calibration_ms  # noqa: E402

STEPS = 60


def measure(panel, app, g) -> tuple[float, float]:
    panel.set_graph(g)
    panel.edges_box.setChecked(True)
    app.processEvents()
    wall, cpu = [], []
    for _ in range(STEPS):
        t0, c0 = time.perf_counter(), time.process_time()
        panel.step_forward()
        panel.repaint()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    assert panel.step == STEPS, panel.status.text()
    return statistics.median(wall) * 1e3, statistics.median(cpu) * 1e3


def main():
    from PySide6 import QtWidgets

    from app.views.backprop_panel import BackpropPanel
    from core import graph

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    panel = BackpropPanel()
    panel.resize(1000, 700)
    panel.show()
    app.processEvents()
    network = graph.load(ROOT / "tests" / "data" / "network_40.graph")
    chain = forty_nodes()
    assert len(network.nodes) == len(chain.nodes) == 40
    results = {"network": measure(panel, app, network), "chain": measure(panel, app, chain)}
    print(json.dumps({
        "benchmark": "backprop_panel",
        "step_repaint_ms_slowest": round(max(w for w, _ in results.values()), 2),
        "target_ms": 16,
        "step_repaint_ms": {k: round(w, 2) for k, (w, _) in results.items()},
        "step_repaint_cpu_ms": {k: round(c, 2) for k, (_, c) in results.items()},
        "calibration_ms": calibration_ms(),
    }))


if __name__ == "__main__":
    main()
