"""Small multiples of a hyperparameter grid (``core.hypergrid``): one small plot per cell, as PNG, SVG and PDF.

Each cell shows its path on the surface's contour lines, titled with its two values and coloured by outcome:
the path, the frame and a pale tint of the background take the colour of the minimum it converged to (the
basin maps' colours, ``core.swarm_png.BASIN_COLORS``), grey when it has not settled, near-black when it
diverged (a cross marks the last finite point). A legend below names the outcomes. Row by row the second
varied value grows upward, as on a plot's y axis.

The figure reuses ``app.export.Figure``'s rendering (pens scaled per render, atomic PNG/SVG/PDF writers,
Persian fonts embedded in SVG): ``GridFigure`` builds its own scene and inherits the writers.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from core import grid, swarm_png

from . import export, i18n

NOT_SETTLED = "#8a8a8a"             # darker than the basin maps' grey: a path must show on white
DIVERGED = swarm_png.DIVERGED
TINT = 0.86                         # the background is the outcome colour mixed this far toward white
CONTOUR_LEVELS = 10
CONTOUR_POINTS = 160                # small cells: a coarser sampling than the main figure's
MAX_PNG_WIDTH = 4000


def _tr(text: str) -> str:
    return QtCore.QCoreApplication.translate("GridFigure", text)


# --- colours and words shared with the Grid panel --------------------------------------------------------

def outcome_colors(g) -> np.ndarray:
    """(ny, nx) hex colours: the reached minima in order of index get the basin palette's colours in turn."""
    reached = sorted({int(k) for k in g.minimum.ravel() if k >= 0})
    palette = {k: swarm_png.BASIN_COLORS[n % len(swarm_png.BASIN_COLORS)] for n, k in enumerate(reached)}
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
    rgb = swarm_png._rgb(color)
    return "#" + "".join(f"{int(round(c + (255 - c) * amount)):02x}" for c in rgb)


def contours(surface, domain) -> np.ndarray:
    """NaN-separated contour lines for a small cell."""
    xs, ys, Z = grid.sample(surface, domain, n=CONTOUR_POINTS)
    return grid.contour_path(xs, ys, Z, grid.levels(Z, count=CONTOUR_LEVELS, log=grid.prefers_log(Z)))


def cell_xy(g, j: int, i: int, k: int) -> np.ndarray:
    """The path of cell (j, i) up to step k (or its last finite point)."""
    return g.path[: min(k, int(g.last_finite[j, i])) + 1, j, i]


# --- the figure -----------------------------------------------------------------------------------------

class GridFigure(export.Figure):
    """An offscreen scene of the grid's small multiples; ``save_png``/``save_svg``/``save_pdf`` as Figure."""

    MARGIN = 8.0
    GAP = 6.0

    def __init__(self, g):        # noqa: D107 (Figure.__init__ builds another scene: not called)
        export.ensure_app()
        self.data = g                              # Figure.save_pdf titles the PDF with data.surface
        self.options = export.FigureOptions()
        self.language = i18n.current_language()
        self.text_families = i18n.font_families(self.language, [export.FONT_FAMILY])
        self._pens = []
        self.run_items, self.side_items = [], []   # Figure.close clears these
        ny, nx = g.shape
        (x0, x1), (y0, y1) = g.domain
        cw = min(max(900.0 / nx, 64.0), 120.0)
        ch = cw * min(max((y1 - y0) / (x1 - x0), 0.5), 1.5)
        m, gap = self.MARGIN, self.GAP
        W = 2 * m + nx * cw + (nx - 1) * gap
        self.width = W
        self._scale = 2.0

        self.view = pg.GraphicsView()
        self.view.setBackground("w")
        self.scene = self.view.scene()
        y = m
        y = self._text(export.figure_title(g.surface), m, y, W - 2 * m, export.TITLE_PX, bold=True, center=True)
        y = self._text(subtitle(g), m, y, W - 2 * m, export.CAPTION_PX, center=True) + 4

        lines = contours(g.surface, g.domain)
        title_px = 9.0 if cw >= 90 else 8.0
        colors = outcome_colors(g)
        self.cells = []
        for row in range(ny):
            j = ny - 1 - row                      # the largest second value on top
            titles = [g.title(j, i) for i in range(nx)]
            height = max(self._title_height(t, cw, title_px) for t in titles)
            for i in range(nx):
                left = m + i * (cw + gap)
                self._text(titles[i], left, y, cw, title_px, center=True, latin=True)
                self.cells.append(self._cell(g, j, i, colors[j, i], lines, QtCore.QRectF(left, y + height, cw, ch)))
            y += height + ch + gap
        legend = self._text(self._legend_html(g), m, y, W - 2 * m, export.LEGEND_PX, html=True, center=True)
        self.height = math.ceil(legend + m)
        self.scene.setSceneRect(QtCore.QRectF(0, 0, W, self.height))
        self.view.resize(math.ceil(W), self.height)
        self.view.setRange(QtCore.QRectF(0, 0, W, self.height), padding=0)
        i18n.keep_ltr(self.view)
        self._vector_ready = False
        self.set_iteration(g.steps)

    # -- building --------------------------------------------------------------------------------

    def _font(self, px: float, bold: bool = False, latin: bool = False) -> QtGui.QFont:
        font = QtGui.QFont()
        font.setFamilies([export.FONT_FAMILY] if latin else self.text_families)
        font.setPixelSize(round(px))
        font.setBold(bold)
        return font

    def _title_height(self, text: str, width: float, px: float) -> float:
        item = QtWidgets.QGraphicsTextItem()
        item.setFont(self._font(px, latin=True))
        item.setTextWidth(width)
        item.setPlainText(text)
        return item.boundingRect().height() - 4

    def _text(self, text: str, x: float, y: float, width: float, px: float, bold=False, center=False,
              latin=False, html=False) -> float:
        """A text block at (x, y), ``width`` wide; returns the y below it."""
        item = QtWidgets.QGraphicsTextItem()
        item.setFont(self._font(px, bold, latin))
        item.setDefaultTextColor(QtGui.QColor(export.INK))
        item.setTextWidth(width)
        body = text if html else export._esc(text)
        item.setHtml(f"<div align='center'>{body}</div>" if center else body)
        item.setPos(x, y - 2)
        self.scene.addItem(item)
        return y + item.boundingRect().height() - 4

    def _legend_html(self, g) -> str:
        cells = [f"<span style='color:{color}'>■</span>&nbsp;{export._esc(text)}" for color, text in legend_entries(g)]
        cells.append("○&nbsp;" + export._esc(_tr("start")) + "&nbsp;&nbsp; ★&nbsp;" + export._esc(_tr("minimum"))
                     + "&nbsp;&nbsp; ×&nbsp;" + export._esc(_tr("last finite point")))
        return "&nbsp;&nbsp;&nbsp; ".join(cells)

    def _cell(self, g, j: int, i: int, color: str, lines: np.ndarray, rect: QtCore.QRectF) -> dict:
        vb = pg.ViewBox(enableMenu=False, enableMouse=False)
        vb.setBackgroundColor(tint(color))
        self.scene.addItem(vb)
        vb.setGeometry(rect)
        (x0, x1), (y0, y1) = g.domain
        vb.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        frame = QtWidgets.QGraphicsRectItem(rect)
        frame.setZValue(20)
        self._register(frame.setPen, self._pen(color, 1.6), 1.6)
        self.scene.addItem(frame)
        raster = export._DeviceLines(lines, QtCore.QRectF(x0, y0, x1 - x0, y1 - y0))
        vector = pg.PlotCurveItem(connect="finite", antialias=True)
        for item in (raster, vector):
            self._register(item.setPen, self._pen(export.CONTOUR_INK, 0.5), 0.5)
            item.setZValue(-10)
            vb.addItem(item)
        vector.setVisible(False)
        minima = pg.ScatterPlotItem(pos=np.array([p.xy for p in g.minima]).reshape(-1, 2), symbol="star", size=7,
                                    brush="#ffffff")
        self._register(lambda p, it=minima: it.setPen(p), self._pen("#000000", 0.6), 0.6)
        path = pg.PlotCurveItem(connect="finite", antialias=True)
        self._register(path.setPen, self._pen(color, 1.3), 1.3)
        start = pg.ScatterPlotItem(pos=g.start.reshape(1, 2), symbol="o", size=5, brush="#ffffff")
        self._register(lambda p, it=start: it.setPen(p), self._pen("#000000", 0.8), 0.8)
        head = pg.ScatterPlotItem(size=6, brush=pg.mkBrush(color))
        self._register(lambda p, it=head: it.setPen(p), self._pen("#000000", 0.6), 0.6)
        for z, item in enumerate((minima, path, start, head), start=5):
            item.setZValue(z)
            vb.addItem(item)
        return {"j": j, "i": i, "vb": vb, "raster": raster, "vector": vector, "path": path, "head": head}

    # -- iteration and vector output ---------------------------------------------------------------

    def set_iteration(self, k: int) -> None:
        """Every cell's path up to step ``k``; its head there, or a cross at its last finite point."""
        g = self.data
        self.iteration = k = int(min(max(k, 0), g.steps))
        for c in self.cells:
            xy = cell_xy(g, c["j"], c["i"], k)
            c["path"].setData(xy[:, 0], xy[:, 1])
            crossed = g.diverged[c["j"], c["i"]] and k > g.last_finite[c["j"], c["i"]]
            c["head"].setData(pos=xy[-1:], symbol="x" if crossed else "o", size=8 if crossed else 6)

    def _vector(self):
        """As Figure's: contours as paths and simplified paths while an SVG or PDF is written."""
        return _VectorCells(self)


class _VectorCells:
    def __init__(self, figure: GridFigure):
        self.figure = figure

    def __enter__(self):
        f = self.figure
        self.full = []
        for c in f.cells:
            if not f._vector_ready:
                lines = c["raster"].xy
                thin = export.decimate(lines, export._tolerance(c["vb"])) if len(lines) else lines
                c["vector"].setData(thin[:, 0], thin[:, 1]) if len(thin) else None
            x, y = c["path"].getData()
            self.full.append((c["path"], x, y))
            if x is not None and len(x):
                thin = export.decimate(np.c_[x, y], export._tolerance(c["vb"]))
                c["path"].setData(thin[:, 0], thin[:, 1])
            c["vector"].setVisible(True)
            c["raster"].setVisible(False)
        f._vector_ready = True

    def __exit__(self, *exc):
        for c in self.figure.cells:
            c["vector"].setVisible(False)
            c["raster"].setVisible(True)
        for curve, x, y in self.full:
            if x is not None and len(x):
                curve.setData(x, y)
        return False


def save_grid(g, path, lang: str | None = None) -> str:
    """Write the grid's small multiples to ``path`` (.png, .svg or .pdf), atomically; text in ``lang``."""
    export.ensure_app()
    i18n.install_for_export(lang)
    figure = GridFigure(g)
    try:
        ext = Path(path).suffix.lower()
        if ext == ".png":
            width = min(MAX_PNG_WIDTH, round(2 * figure.width))
            w, h = figure.save_png(path, width)
            return f"{Path(path).name}: {w}x{h} px"
        figure.save_svg(path) if ext == ".svg" else figure.save_pdf(path)
        return Path(path).name
    finally:
        figure.close()
