"""Regenerate the synthetic data files in resources/datasets/ exactly (python tools/make_datasets.py).

Each file is made by a NumPy Generator with a fixed seed and the formula in its docstring below; numbers are
written with repr (shortest round-trip), so the files are the same on every machine with NumPy >= 1.17.
"""
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "resources" / "datasets"


def linear_regression() -> list[tuple[float, float]]:
    """seed 1, 50 rows: x ~ Uniform(0, 4), y = 1.5 x + 0.5 + Normal(0, 0.5), rounded to 3 decimals."""
    rng = np.random.default_rng(1)
    x = rng.uniform(0.0, 4.0, 50)
    y = 1.5 * x + 0.5 + rng.normal(0.0, 0.5, 50)
    return list(zip(np.round(x, 3), np.round(y, 3)))


def logistic() -> list[tuple[float, float]]:
    """seed 2, 60 rows: 30 of class y = 0 with x ~ Normal(-1, 1), then 30 of class 1 with x ~ Normal(1.5, 1),
    x rounded to 3 decimals."""
    rng = np.random.default_rng(2)
    x0, x1 = rng.normal(-1.0, 1.0, 30), rng.normal(1.5, 1.0, 30)
    return [(float(v), 0.0) for v in np.round(x0, 3)] + [(float(v), 1.0) for v in np.round(x1, 3)]


def xor() -> list[tuple[float, float, float]]:
    """The four rows of XOR (no randomness)."""
    return [(0.0, 0.0, 0.0), (0.0, 1.0, 1.0), (1.0, 0.0, 1.0), (1.0, 1.0, 0.0)]


FILES = {"linear_regression.csv": (("x", "y"), linear_regression), "logistic.csv": (("x", "y"), logistic),
         "xor.csv": (("x1", "x2", "y"), xor)}


def text(header, rows) -> str:
    return ",".join(header) + "\n" + "".join(",".join(repr(float(v)) for v in row) + "\n" for row in rows)


if __name__ == "__main__":
    for name, (header, make) in FILES.items():
        (OUT / name).write_text(text(header, make()), encoding="utf-8")
        print(f"wrote {OUT / name}")
