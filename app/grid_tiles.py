"""Every cell of a hyperparameter grid drawn in one view box, as tiles: the Grid panel's and the figure's drawing.

A view box per cell costs ~12 ms to build and its items ~1 ms a frame each: 1 s and 0.15 s a frame for 7 x 7,
15 s for 25 x 25. Here the domain of cell (j, i) is mapped onto a tile one unit wide (``aspect`` high) at
column i, row j (row 0 at the bottom: the second value grows upward), with a band of ``title`` units above
it for the owner's title, and all cells share a handful of items: one curve of contours, one curve of paths
per outcome colour (clipped to the tiles in NumPy, so a diverging path never crosses into its
neighbour), one scatter each for starts, minima, heads and crosses, and a rectangle per tile.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from . import export, grid_cells

GAP = 0.06                       # between tiles, in tile widths


def clip_path(xy: np.ndarray, box) -> np.ndarray:
    """Polyline ``xy`` (n, 2; NaN breaks it) clipped to ``box`` ((x0, x1), (y0, y1)): the pieces inside, as
    NaN-separated polylines (Liang-Barsky on every segment, vectorized; a piece that leaves the box ends on
    its edge, one that comes back starts there)."""
    (x0, x1), (y0, y1) = box
    a, b = xy[:-1], xy[1:]
    index = np.flatnonzero(np.isfinite(a).all(1) & np.isfinite(b).all(1))
    a, b = a[index], b[index]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        d = b - a
        t0, t1 = np.zeros(len(a)), np.ones(len(a))
        for p, q in ((-d[:, 0], a[:, 0] - x0), (d[:, 0], x1 - a[:, 0]), (-d[:, 1], a[:, 1] - y0),
                     (d[:, 1], y1 - a[:, 1])):
            r = q / p
            t0 = np.where(p < 0, np.maximum(t0, r), t0)
            t1 = np.where(p > 0, np.minimum(t1, r), t1)
            t1 = np.where((p == 0) & (q < 0), -1.0, t1)      # parallel to this edge and outside it
        p, q = a + t0[:, None] * d, a + t1[:, None] * d
    keep = (t0 <= t1) & np.isfinite(p).all(1) & np.isfinite(q).all(1)   # b - a may overflow near ±1e308
    index, p, q, t0, t1 = index[keep], p[keep], q[keep], t0[keep], t1[keep]
    if not len(index):
        return np.empty((0, 2))
    # a segment continues the previous piece when it follows it unclipped; else a new piece: NaN, p, q
    new = np.ones(len(index), dtype=bool)
    new[1:] = ~((index[1:] == index[:-1] + 1) & (t1[:-1] == 1) & (t0[1:] == 0))
    rows = np.where(new, 3, 1)
    out = np.full((int(rows.sum()), 2), np.nan)
    last = np.cumsum(rows) - 1                   # each segment's q is the last row it writes
    out[last] = q
    out[last[new] - 1] = p[new]
    return out


def _plain_pen(setter: Callable, color: str, width: float) -> None:
    setter(pg.mkPen(color, width=width))


class GridTiles:
    """The tiles of grid ``g`` in view box ``vb``; ``set_title_band`` lays them out, ``draw(k)`` shows every path
    up to step k. ``pen(setter, color, width)`` gives an item its pen (the figure registers its pens, which are
    rescaled per render)."""

    def __init__(self, vb: pg.ViewBox, g, pen: Callable = _plain_pen, contour_width=0.6, path_width=1.4,
                 frame_width=1.6, marker_scale=1.0):
        self.vb, self.g = vb, g
        (x0, x1), (y0, y1) = g.domain
        self.aspect = min(max((y1 - y0) / (x1 - x0), 0.5), 1.5)
        self.title = 0.0
        self.k = g.steps
        self._clipped, self._clipped_at = {}, None      # each cell's path clipped to its domain, at that step
        self.colors = grid_cells.outcome_colors(g)
        lines = grid_cells.contours(g.surface, g.domain)
        # drawn in tiles of at most ~120 px: what a 1/400 of the domain cannot show is dropped (about 5x fewer)
        self._contour_cells = export.decimate(lines, ((x1 - x0) / 400, (y1 - y0) / 400)) if len(lines) else lines
        self.contours = pg.PlotCurveItem(connect="finite")
        pen(self.contours.setPen, export.CONTOUR_INK, contour_width)
        self.contours.setZValue(-5)
        vb.addItem(self.contours)
        self.rects = []           # (j, i, background, frame): the frame over the contours, the background under
        for j, i in np.ndindex(g.shape):
            background, frame = QtWidgets.QGraphicsRectItem(), QtWidgets.QGraphicsRectItem()
            background.setBrush(QtGui.QColor(grid_cells.tint(self.colors[j, i])))
            background.setPen(QtGui.QPen(QtCore.Qt.PenStyle.NoPen))
            background.setZValue(-10)
            pen(frame.setPen, self.colors[j, i], frame_width)
            frame.setZValue(20)
            vb.addItem(background)
            vb.addItem(frame)
            self.rects.append((j, i, background, frame))
        self.paths = {}
        for color in dict.fromkeys(self.colors.ravel()):
            curve = pg.PlotCurveItem(connect="finite")
            pen(curve.setPen, color, path_width)
            curve.setZValue(5)
            vb.addItem(curve)
            self.paths[color] = curve
        s = marker_scale
        self.minima = pg.ScatterPlotItem(symbol="star", size=7 * s, brush="#ffffff")
        self.starts = pg.ScatterPlotItem(symbol="o", size=5 * s, brush="#ffffff")
        self.heads = pg.ScatterPlotItem(symbol="o", size=6 * s)
        self.crosses = pg.ScatterPlotItem(symbol="x", size=8 * s, brush="#000000")
        for z, (item, width) in enumerate(((self.minima, 0.6), (self.starts, 0.8), (self.heads, 0.6),
                                           (self.crosses, 0.4)), start=8):
            pen(item.setPen, "#000000", width)
            item.setZValue(z)
            vb.addItem(item)
        self._brushes = {c: pg.mkBrush(c) for c in self.paths}
        self.set_title_band(0.0)

    # --- layout ------------------------------------------------------------------------------------

    def tile(self, j: int, i: int) -> QtCore.QRectF:
        """Cell (j, i)'s tile (its domain) in the view box's coordinates."""
        return QtCore.QRectF(i * (1 + GAP), j * (self.aspect + self.title + GAP), 1.0, self.aspect)

    def bounds(self) -> QtCore.QRectF:
        """Every tile and title band, with half a gap around."""
        ny, nx = self.g.shape
        return QtCore.QRectF(-GAP / 2, -GAP / 2, nx * (1 + GAP), ny * (self.aspect + self.title + GAP))

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        """The (j, i) whose tile holds view point (x, y), or None."""
        ny, nx = self.g.shape
        i, j = int(np.floor(x / (1 + GAP))), int(np.floor(y / (self.aspect + self.title + GAP)))
        if 0 <= i < nx and 0 <= j < ny and self.tile(j, i).contains(QtCore.QPointF(x, y)):
            return j, i
        return None

    def _to_tiles(self, xy: np.ndarray, j: int, i: int) -> np.ndarray:
        (x0, x1), (y0, y1) = self.g.domain
        r = self.tile(j, i)
        return np.c_[r.left() + (xy[:, 0] - x0) / (x1 - x0), r.top() + (xy[:, 1] - y0) / (y1 - y0) * self.aspect]

    def set_title_band(self, title: float) -> None:
        """Leave ``title`` units above each tile (for a title of a fixed size in pixels) and lay out again."""
        self.title = float(title)
        g = self.g
        pieces = []
        for j, i, background, frame in self.rects:
            r = self.tile(j, i)
            background.setRect(r)
            frame.setRect(r)
            pieces += [self._to_tiles(self._contour_cells, j, i), [[np.nan, np.nan]]]
        lines = np.vstack(pieces) if len(self._contour_cells) else np.empty((0, 2))
        self.contours.setData(lines[:, 0], lines[:, 1])
        cells = list(np.ndindex(g.shape))
        self.minima.setData(pos=np.vstack([self._to_tiles(np.array([p.xy for p in g.minima]).reshape(-1, 2), j, i)
                                           for j, i in cells]))
        (x0, x1), (y0, y1) = g.domain
        inside = x0 <= g.start[0] <= x1 and y0 <= g.start[1] <= y1
        self.starts.setData(pos=np.vstack([self._to_tiles(g.start.reshape(1, 2), j, i) for j, i in cells])
                            if inside else np.empty((0, 2)))
        self.draw(self.k)

    # --- iteration ---------------------------------------------------------------------------------

    def draw(self, k: int) -> None:
        """Every cell's path up to step ``k``, its head there if inside its domain, or a cross at its last finite
        point (if inside) once it has diverged."""
        g = self.g
        self.k = k = int(min(max(k, 0), g.steps))
        if self._clipped_at != k:       # a new step: clip again (a new layout only moves the pieces)
            self._clipped = {(j, i): clip_path(grid_cells.cell_xy(g, j, i, k), g.domain)
                             for j, i in np.ndindex(g.shape)}
            self._clipped_at = k
        segments = {c: [] for c in self.paths}
        heads, brushes, crosses = [], [], []
        (x0, x1), (y0, y1) = g.domain
        for j, i in np.ndindex(g.shape):
            xy = grid_cells.cell_xy(g, j, i, k)
            color = self.colors[j, i]
            segments[color].append(self._to_tiles(self._clipped[(j, i)], j, i))
            end = xy[-1]
            if x0 <= end[0] <= x1 and y0 <= end[1] <= y1:
                crossed = g.diverged[j, i] and k > g.last_finite[j, i]
                (crosses if crossed else heads).append(self._to_tiles(end[None], j, i)[0])
                if not crossed:
                    brushes.append(self._brushes[color])
        for color, curve in self.paths.items():
            xy = np.vstack(segments[color]) if segments[color] else np.empty((0, 2))
            curve.setData(xy[:, 0], xy[:, 1])
        self.heads.setData(pos=np.array(heads).reshape(-1, 2), brush=brushes)
        self.crosses.setData(pos=np.array(crosses).reshape(-1, 2))

    def curves(self) -> list[pg.PlotCurveItem]:
        return [self.contours, *self.paths.values()]
