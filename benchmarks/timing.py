"""Shared by the benchmark scripts (run as scripts, so this folder is on sys.path)."""
import time


def timed(fn, repeat: int) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls of ``fn``."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def calibration_ms() -> float:
    """Milliseconds this machine takes now for a fixed pure-Python loop (best of 5).

    On a shared VM the same benchmark swings up to 2x with the neighbours' load: this number, printed beside
    the results, tells a quiet machine (~35 ms on the 2-vCPU AMD EPYC VMs of this project) from a busy one.
    """
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        x = 0
        for i in range(1_000_000):
            x += i
        best = min(best, time.perf_counter() - t0)
    return round(1000 * best, 1)
