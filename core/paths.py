"""Pure NumPy helpers for drawn paths: simplifying polylines for vector output, and a symmetric log scale.

No Qt: the figure exports (app.export) and the grid's small multiples call these on the data they draw.
"""
from __future__ import annotations

import numpy as np


@np.errstate(over="ignore", divide="ignore", invalid="ignore")
def decimate(xy: np.ndarray, tolerance: tuple[float, float]) -> np.ndarray:
    """Simplify NaN-separated polylines (Ramer-Douglas-Peucker): drop the points that deviate less than
    ``tolerance`` (x, y units, e.g. a fraction of a pixel) from the chord that replaces them.

    Vectorised: each round splits every open interval at once at its farthest point (first on ties).
    A tolerance that is not a positive finite number keeps every point; a distance that overflows (a
    tolerance vanishingly small against the coordinates) counts as infinitely far, so its point is kept.
    """
    tolerance = np.asarray(tolerance, dtype=float)
    if not len(xy) or not (np.isfinite(tolerance).all() and (tolerance > 0).all()):
        return xy
    q = xy / tolerance
    keep = ~np.isfinite(xy).all(axis=1)                 # separators stay
    edges = np.flatnonzero(np.diff(np.r_[True, keep, True].astype(np.int8)))
    a, b = edges[::2], edges[1::2] - 1                  # each finite run [a, b], both ends kept
    keep[a] = keep[b] = True
    while True:
        open_ = b - a >= 2
        a, b = a[open_], b[open_]
        if not a.size:
            return xy[keep]
        n = b - a - 1                                   # interior points of each interval
        first = np.cumsum(n) - n
        seg = np.repeat(np.arange(len(a)), n)
        idx = np.arange(n.sum()) - first[seg] + a[seg] + 1
        chord = q[b] - q[a]
        norm = np.hypot(chord[:, 0], chord[:, 1])[seg]
        rel = q[idx] - q[a][seg]
        cross = np.abs(chord[seg, 0] * rel[:, 1] - chord[seg, 1] * rel[:, 0])
        dist = np.where(norm > 0, cross / norm, np.hypot(rel[:, 0], rel[:, 1]))
        dist[~(dist < np.inf)] = np.inf                 # NaN (inf - inf after an overflow) is far: every peak is found
        peak = np.maximum.reduceat(dist, first)
        at = np.flatnonzero(dist == peak[seg])
        split = idx[at[np.r_[True, seg[at][1:] != seg[at][:-1]]]]     # first farthest point per interval
        far = peak > 1.0
        keep[split[far]] = True
        a, b = np.r_[a[far], split[far]], np.r_[split[far], b[far]]


def symlog(a: np.ndarray) -> np.ndarray:
    """sign(a)·log10(1 + |a|): a log scale for values of either sign (0 stays 0, NaN stays NaN)."""
    with np.errstate(invalid="ignore"):
        return np.sign(a) * np.log10(1.0 + np.abs(a))
