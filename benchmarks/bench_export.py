"""Export speed, printed as one JSON line.

The default scene of the app (five runs on rosenbrock, 500 steps):
  png_s   in-process 300-dpi PNG at 16 cm (1890 px wide), the whole export() call: target <= 0.1 s
  svg_s, pdf_s   the same figure as SVG and PDF: target <= 0.3 s each
  cli_png_s      the whole `python main.py export ... --out fig.png` process: target <= 0.6 s
  cli_csv_s, cli_json_s, cli_md_s   the whole process of a run-data export (.csv, .json) and of a Markdown step
                 table: target <= 0.25 s each (these import neither Qt nor pyqtgraph)
  gif_ms_per_frame  800 px GIF of the 500 steps at the default stride (250 frames): target <= 30 ms
  gif_mb, gif_rss_growth_mb   its size (target < 5 MB) and how much the process grew between the 25th
                              and the last frame (flat: frames are streamed, not kept)
In-process figures are medians over repeats after a warm-up (the first export of a process also pays for
compiling the surface and finding its critical points: png_cold_s). Repeats reuse the surface's grid, contour
lines and critical points, as a student's figure after figure of one surface does; png_uncached_s is the same
PNG with those caches emptied first (the cost of a figure of a surface not yet drawn, compiled code aside).
The *_cpu_s twins are the median CPU time of the same runs (process_time, all threads; the CLI's from
getrusage of the child): on a shared machine wall time mostly measures the neighbours, CPU time the code.
Whole processes are medians of five after one warm-up run, with Python's bytecode cache on (as an installed
program has it: PYTHONDONTWRITEBYTECODE is dropped for them), so they measure imports, not compiling.
"""
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from timing import calibration_ms  # noqa: E402

from app import export  # noqa: E402
from app.launch import DEFAULT_RUNS, DEFAULT_START, DEFAULT_STEPS, DEFAULT_SURFACE  # noqa: E402
from core.scene import RunSpec, Scene  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median_time(fn, repeat: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds of ``fn()``: CPU of this process, plus that of children it waited for."""
    walls, cpus = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time() + child_cpu()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() + child_cpu() - c0)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    scene = Scene(DEFAULT_SURFACE, [RunSpec(s) for s in DEFAULT_RUNS], [DEFAULT_START], DEFAULT_STEPS)
    export.ensure_app()
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        export.export(scene, tmp / "cold.png")
        out["png_cold_s"] = round(time.perf_counter() - t0, 3)
        for ext in ("png", "svg", "pdf"):
            wall, cpu = median_time(lambda e=ext: export.export(scene, tmp / f"fig.{e}"), 7)
            out[f"{ext}_s"], out[f"{ext}_cpu_s"] = round(wall, 3), round(cpu, 3)

        def uncached_png():
            export.SURFACE_CACHE.clear()
            export.export(scene, tmp / "fig.png")
        out["png_uncached_s"], out["png_uncached_cpu_s"] = (round(t, 3) for t in median_time(uncached_png, 7))

        cmd = [sys.executable, "main.py", "export", "--surface", DEFAULT_SURFACE, "--start",
               f"{DEFAULT_START[0]},{DEFAULT_START[1]}", "--steps", str(DEFAULT_STEPS)]
        for spec in DEFAULT_RUNS:
            cmd += ["--optimizer", spec]
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for name, file in (("png", "cli.png"), ("csv", "runs.csv"), ("json", "runs.json"), ("md", "table.md")):
            def cli(file=file):
                subprocess.run([*cmd, "--out", str(tmp / file)], cwd=ROOT, env=env, check=True, capture_output=True)
            cli()
            wall, cpu = median_time(cli, 5)
            out[f"cli_{name}_s"], out[f"cli_{name}_cpu_s"] = round(wall, 3), round(cpu, 3)

        rss = {}

        def progress(done, total):
            if done in (25, total):
                rss[done] = rss_mb()
            return True
        figure = export.Figure(export.FigureData.compute(scene))
        t0 = time.perf_counter()
        frames = export.save_gif(figure, tmp / "a.gif", 800, progress=progress)
        elapsed = time.perf_counter() - t0
        figure.close()
        out["gif_frames"] = frames
        out["gif_ms_per_frame"] = round(1000 * elapsed / frames, 1)
        out["gif_mb"] = round((tmp / "a.gif").stat().st_size / 2**20, 2)
        out["gif_rss_growth_mb"] = round(rss[frames] - rss[25], 1)
    out["calibration_ms"] = calibration_ms()
    out["targets"] = {"png_s": 0.1, "svg_s": 0.3, "pdf_s": 0.3, "cli_png_s": 0.6, "cli_csv_s": 0.25,
                      "cli_json_s": 0.25, "cli_md_s": 0.25, "gif_ms_per_frame": 30, "gif_mb": 5}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
