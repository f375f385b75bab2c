"""Small multiples of a hyperparameter grid (``core.hypergrid``): one small plot per cell, as PNG, SVG and PDF.

Each cell shows its path on the surface's contour lines, titled with its two values and coloured by outcome:
the path, the frame and a pale tint of the background take the colour of the minimum it converged to (the
basin maps' colours, ``app.render.basins.BASIN_COLORS``), grey when it has not settled, near-black when it
diverged (a cross marks the last finite point). A legend below names the outcomes. Row by row the second
varied value grows upward, as on a plot's y axis.

The figure reuses ``app.export.Figure``'s rendering (pens scaled per render, atomic PNG/SVG/PDF writers,
Persian fonts embedded in SVG): ``GridFigure`` builds its own scene and inherits the writers.
"""
from __future__ import annotations

import contextlib
import math
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from core import exports
from core.files import write_text_atomic

from . import export, i18n
from .grid_cells import legend_entries, subtitle
from .grid_tiles import GridTiles

MAX_PNG_WIDTH = 4000


def _tr(text: str) -> str:
    return QtCore.QCoreApplication.translate("GridFigure", text)


# --- the figure -----------------------------------------------------------------------------------------

class GridFigure(export.Figure):
    """An offscreen scene of the grid's small multiples (``app.grid_tiles`` in one view box, titles above the
    tiles); ``save_png``/``save_svg``/``save_pdf`` are Figure's."""

    MARGIN = 8.0

    def __init__(self, g):        # Figure.__init__ builds another scene: not called
        export.ensure_app()
        self.data = g                              # Figure.save_pdf titles the PDF with data.surface
        self.options = export.FigureOptions()
        self.language = i18n.current_language()
        self.text_families = i18n.font_families(self.language, [export.FONT_FAMILY])
        self._pens = []
        self.run_items, self.side_items = [], []   # Figure.close clears these
        ny, nx = g.shape
        cw = min(max(900.0 / nx, 64.0), 120.0)     # pixels per tile width
        self._scale = 2.0
        self.view = pg.GraphicsView()
        self.view.setBackground("w")
        self.scene = self.view.scene()
        self.vb = pg.ViewBox(enableMenu=False, enableMouse=False)
        self.scene.addItem(self.vb)
        self.tiles = GridTiles(self.vb, g, lambda setter, color, width: self._register(setter, self._pen(color, width),
                                                                                       width))
        title_px = 9.0 if cw >= 90 else 8.0
        band = max(self._title_height(g.title(j, i), cw, title_px) for j, i in np.ndindex(g.shape))
        self.tiles.set_title_band(band / cw)
        bounds = self.tiles.bounds()
        m = self.MARGIN
        W = self.width = max(2 * m + bounds.width() * cw, 420.0)
        y = m
        y = self._text(export.figure_title(g.surface), m, y, W - 2 * m, export.TITLE_PX, bold=True, center=True)
        y = self._text(subtitle(g), m, y, W - 2 * m, export.CAPTION_PX, center=True) + 4
        left = (W - bounds.width() * cw) / 2
        self.vb.setGeometry(QtCore.QRectF(left, y, bounds.width() * cw, bounds.height() * cw))
        self.vb.setRange(bounds, padding=0)
        for j, i in np.ndindex(g.shape):           # each title in the band above its tile
            r = self.tiles.tile(j, i)
            self._text(g.title(j, i), left + (r.left() - bounds.left()) * cw,
                       y + (bounds.bottom() - r.bottom() - self.tiles.title) * cw, cw, title_px, center=True,
                       latin=True)
        y += bounds.height() * cw + 4
        legend = self._text(self._legend_html(g), m, y, W - 2 * m, export.LEGEND_PX, html=True, center=True)
        self.height = math.ceil(legend + m)
        self.scene.setSceneRect(QtCore.QRectF(0, 0, W, self.height))
        self.view.resize(math.ceil(W), self.height)
        self.view.setRange(QtCore.QRectF(0, 0, W, self.height), padding=0)
        i18n.keep_ltr(self.view)
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

    # -- iteration and vector output ---------------------------------------------------------------

    def set_iteration(self, k: int) -> None:
        """Every cell's path up to step ``k``."""
        self.iteration = int(min(max(k, 0), self.data.steps))
        self.tiles.draw(self.iteration)

    @contextlib.contextmanager
    def _vector(self):
        """As Figure's: the curves simplified to what the page resolves while an SVG or PDF is written."""
        full = [(curve, curve.getData()) for curve in self.tiles.curves()]
        tolerance = export._tolerance(self.vb)
        for curve, (x, y) in full:
            if x is not None and len(x):
                thin = export.decimate(np.c_[x, y], tolerance)
                curve.setData(thin[:, 0], thin[:, 1])
        try:
            yield
        finally:
            for curve, (x, y) in full:
                if x is not None:
                    curve.setData(x, y)


def save_grid(g, path) -> str:
    """Write the grid's small multiples to ``path`` (.png, .svg or .pdf), atomically, in the language installed
    (``i18n.install`` in the window, ``i18n.install_for_export`` on the command line); or its data (.json,
    .csv). Returns a one-line description. ValueError for another extension, OSError when it cannot be written."""
    ext = Path(path).suffix.lower()
    if ext in (".json", ".csv"):
        write_text_atomic(path, g.to_json() if ext == ".json" else g.to_csv())
        return f"{Path(path).name}: {g.minimum.size} cells"
    if ext not in exports.extensions("figure"):
        raise ValueError(_tr("A grid is saved as .png, .svg, .pdf, .json or .csv, not {0}").format(ext or path))
    export.ensure_app()
    figure = GridFigure(g)
    try:
        if ext == ".png":
            width = min(MAX_PNG_WIDTH, round(2 * figure.width))
            w, h = figure.save_png(path, width)
            return f"{Path(path).name}: {w}x{h} px"
        figure.save_svg(path) if ext == ".svg" else figure.save_pdf(path)
        return Path(path).name
    finally:
        figure.close()
