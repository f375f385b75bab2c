"""`optiscope backprop` speed, printed as one JSON line.

(a) the process time of `python main.py backprop FILE --format json` on each shipped example graph (interpreter
    start included, as a student runs it): target < 0.3 s. Median of 7 runs each; the slowest example reported,
    with its CPU time (what the process costs when neighbours load the machine).
(b) in-process: one evaluation (forward values, every gradient and edge) of a 40-node graph, what the window
    recomputes on every gradient-descent step it shows.
"""
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from timing import calibration_ms, timed  # noqa: E402

from core import backprop, graph  # noqa: E402

EXAMPLES = sorted((ROOT / "resources" / "graphs").glob("*.graph"))


def process_seconds(argv: list[str], repeat: int = 7) -> tuple[float, float]:
    """Median wall-clock and CPU (user + system) seconds of running ``argv``; on a loaded machine the CPU time
    says what the process itself costs."""
    wall, cpu = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        wall.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(wall), statistics.median(cpu)


def forty_nodes() -> graph.Graph:
    lines = [f"param w{i} = {0.1 * (i + 1)}" for i in range(8)] + ["input x = 0.5"]
    prev = ["x"]
    for i in range(30):
        a, b = prev[-1], f"w{i % 8}"
        lines.append(f"n{i} = " + ("sigmoid({a}*{b} + 0.1)", "leaky_relu({a} - {b}, 0.2)", "tanh({a})*{b}")[i % 3]
                     .format(a=a, b=b))
        prev.append(f"n{i}")
    lines.append("loss L = 0.5*(n29 - 1)^2 + 0.5*(n28 + n27)^2")
    return graph.parse("\n".join(lines))


def main():
    empty = process_seconds([sys.executable, "-c", "pass"])[0]
    runs = {p.stem: process_seconds([sys.executable, "main.py", "backprop", str(p), "--format", "json"])
            for p in EXAMPLES}
    per_file = {k: wall for k, (wall, _) in runs.items()}
    g = forty_nodes()
    assert len(g.nodes) == 40
    backprop.evaluate(g)
    ev_times = timed(lambda: backprop.evaluate(g), 200)
    print(json.dumps({
        "benchmark": "backprop",
        "a_process_s_slowest_example": round(max(per_file.values()), 3),
        "a_target_s": 0.3,
        "a_process_s": {k: round(v, 3) for k, v in per_file.items()},
        "a_process_cpu_s_slowest_example": round(max(cpu for _, cpu in runs.values()), 3),
        "a_python_startup_s": round(empty, 3),
        "b_evaluate_40_nodes_ms": round(statistics.median(ev_times) * 1e3, 3),
        "calibration_ms": calibration_ms(),
    }))


if __name__ == "__main__":
    main()
