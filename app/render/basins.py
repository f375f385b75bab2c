"""The basin colouring, one definition for the window's basin overlay, the command line's basin PNG and the grid
figures: a colour per minimum, paler the more steps a start needed, and the colours of the other outcomes.

A minimum keeps its own colour (slot k of BASIN_COLORS) while the palette has enough, so that a legend can name
each minimum by its colour; with more minima than colours, slots repeat by greedy map colouring so that
neighbouring basins still differ. NumPy only (no Qt, no Pillow).
"""
from __future__ import annotations

import numpy as np

BASIN_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22",
                "#17becf"]                # qualitative (Tableau 10 without its grey)
DIVERGED = "#262626"
NOT_CONVERGED = "#c8c8c8"
UNDEFINED = "#ffffff"                     # on a white page; transparent over the window's surface
PALEST = 0.6                              # the slowest start is mixed this far toward white


def rgb(color: str) -> np.ndarray:
    """``#rrggbb`` as three floats 0-255."""
    return np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)


def map_colors(index: np.ndarray, count: int) -> list[int]:
    """A palette slot per minimum such that neighbouring basins (also corner to corner) differ: greedy map
    colouring."""
    neighbours: list[set[int]] = [set() for _ in range(count)]
    for a, b in ((index[:, :-1], index[:, 1:]), (index[:-1], index[1:]), (index[:-1, :-1], index[1:, 1:]),
                 (index[:-1, 1:], index[1:, :-1])):
        edge = (a != b) & (a >= 0) & (b >= 0)
        for i, j in set(zip(a[edge].tolist(), b[edge].tolist())):
            neighbours[i].add(j)
            neighbours[j].add(i)
    slots = [-1] * count
    for i in range(count):
        used = {slots[j] for j in neighbours[i]}
        slots[i] = next(k for k in range(len(BASIN_COLORS)) if k not in used) if len(used) < len(BASIN_COLORS) \
            else i % len(BASIN_COLORS)
    return slots


def basin_slots(bmap) -> list[int]:
    """A BASIN_COLORS slot per minimum of ``bmap``: its own while the palette has enough, else map colouring."""
    n = len(bmap.minima)
    return list(range(n)) if n <= len(BASIN_COLORS) else map_colors(bmap.index, n)


def basin_colors(bmap) -> list[str]:
    """The colour of each minimum's basin (before the paling by steps), in ``bmap.minima`` order."""
    return [BASIN_COLORS[k] for k in basin_slots(bmap)]


def basin_rgba(bmap) -> np.ndarray:
    """(ny, nx, 4) uint8: the basin's colour, paler the more steps the start needed (PALEST for the slowest),
    NOT_CONVERGED grey, DIVERGED near-black; transparent where f is undefined. Row 0 is the lowest y."""
    slots = basin_slots(bmap)
    palette = np.array([rgb(BASIN_COLORS[k]) for k in slots] + [rgb(NOT_CONVERGED)])
    out = palette[np.where(bmap.index >= 0, bmap.index, len(slots))]
    slowest = max(int(bmap.steps_to_converge.max()), 1)
    pale = np.where(bmap.index >= 0, PALEST * bmap.steps_to_converge / slowest, 0.0)[..., None]
    out = out * (1 - pale) + 255 * pale
    out[bmap.diverged] = rgb(DIVERGED)
    rgba = np.empty(bmap.index.shape + (4,), dtype=np.uint8)
    rgba[..., :3] = np.clip(np.rint(out), 0, 255)
    rgba[..., 3] = np.where(bmap.undefined, 0, 255)
    return rgba


def basin_rgb(bmap) -> np.ndarray:
    """(ny, nx, 3) uint8: :func:`basin_rgba` on a white page (UNDEFINED where f is undefined)."""
    rgba = basin_rgba(bmap)
    out = rgba[..., :3].copy()
    out[rgba[..., 3] == 0] = rgb(UNDEFINED)
    return out
