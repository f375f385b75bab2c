"""The colours and words of a hyperparameter grid's cells, shared by the Grid panel (``app.grid_tiles``) and the
figure (``app.grid_figure``): outcome colours (the basin maps' palette, ``app.render.basins``), the legend,
the subtitle, the contour lines and the path of a cell."""
from __future__ import annotations

import numpy as np
from PySide6 import QtCore

from core import grid

from . import export, i18n
from .render import basins

NOT_SETTLED = "#8a8a8a"             # darker than the basin maps' grey: a path must show on white
DIVERGED = basins.DIVERGED
TINT = 0.86                         # the background is the outcome colour mixed this far toward white
CONTOUR_LEVELS = 10
CONTOUR_POINTS = 160                # small cells: a coarser sampling than the main figure's


def _tr(text: str) -> str:
    return QtCore.QCoreApplication.translate("GridFigure", text)


# --- colours and words shared with the Grid panel --------------------------------------------------------

def outcome_colors(g) -> np.ndarray:
    """(ny, nx) hex colours: the reached minima in order of index get the basin palette's colours in turn."""
    reached = sorted({int(k) for k in g.minimum.ravel() if k >= 0})
    palette = {k: basins.BASIN_COLORS[n % len(basins.BASIN_COLORS)] for n, k in enumerate(reached)}
    colors = np.full(g.shape, NOT_SETTLED, dtype=object)
    for (j, i), k in np.ndenumerate(g.minimum):
        if g.diverged[j, i]:
            colors[j, i] = DIVERGED
        elif k >= 0:
            colors[j, i] = palette[int(k)]
    return colors


def legend_entries(g) -> list[tuple[str, str]]:
    """(colour, text) for each outcome the grid has, with how many cells."""
    colors, outcome = outcome_colors(g), g.outcomes()
    entries = []
    for k in sorted({int(k) for k in g.minimum.ravel() if k >= 0}):
        x, y = g.minima[k].xy
        n = int((g.minimum == k).sum())
        entries.append((colors[g.minimum == k][0], _tr("converged to {0}: {1}").format(
            i18n.ltr(f"({export.fmt(x)}, {export.fmt(y)})"), n)))
    for name, color, text in (("not_settled", NOT_SETTLED, _tr("not settled: {0}")),
                              ("diverged", DIVERGED, _tr("diverged: {0}"))):
        n = int((outcome == name).sum())
        if n:
            entries.append((color, text.format(n)))
    return entries


def subtitle(g) -> str:
    """What the grid holds: the optimizer and its fixed settings, the start, the steps, the two axes."""
    varied = {a.name for a in g.axes}
    opt = g.optimizer
    fixed = [i18n.core_text(p) for k, p in zip(opt.params, opt.describe_parts(every=True)) if k not in varied]
    name = i18n.core_text(opt.title) + (" (" + i18n.ltr(", ".join(fixed)) + ")" if fixed else "")
    axes = [_tr("{0} from {1} to {2} ({3})").format(
        i18n.ltr(symbol), i18n.ltr(export.fmt(a.low)), i18n.ltr(export.fmt(a.high)),
        _tr("log") if a.scale == "log" else _tr("linear")) for a, symbol in zip(g.axes, g.symbols())]
    return _tr("{0} from {1}, {2} steps. Columns: {3}; rows: {4}.").format(
        name, i18n.ltr(f"({export.fmt(g.start[0])}, {export.fmt(g.start[1])})"), g.steps, *axes)


def tint(color: str, amount: float = TINT) -> str:
    amount = amount if color != DIVERGED else amount - 0.08      # a darker grey than not settled's
    rgb = basins.rgb(color)
    return "#" + "".join(f"{int(round(c + (255 - c) * amount)):02x}" for c in rgb)


def contours(surface, domain) -> np.ndarray:
    """NaN-separated contour lines for a small cell."""
    xs, ys, Z = grid.sample(surface, domain, n=CONTOUR_POINTS)
    return grid.contour_path(xs, ys, Z, grid.levels(Z, count=CONTOUR_LEVELS, log=grid.prefers_log(Z)))


def cell_xy(g, j: int, i: int, k: int) -> np.ndarray:
    """The path of cell (j, i) up to step k (or its last finite point)."""
    return g.path[: min(k, int(g.last_finite[j, i])) + 1, j, i]
