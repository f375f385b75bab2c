"""The plot items a printed figure is made of, lighter than pyqtgraph's interactive ones: a framed plot
(_Plot), contour lines stroked in device pixels (_DeviceLines), legend samples (_LegendKey, _Sample), and
_set_series, which draws several runs' series in one curve.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from pyqtgraph.graphicsItems.PlotCurveItem import arrayToLineSegments
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
from PySide6 import QtCore, QtGui, QtWidgets

from ..views.axes import FittedAxis


def _set_series(curve, series, k: int, log: bool = False) -> None:
    """One curve through several (values, last_finite) series up to step k, NaN-separated."""
    xs, ys = [], []
    for values, last in series:
        end = min(k, last) + 1
        v = np.asarray(values[:end], dtype=float)
        if log:
            with np.errstate(divide="ignore", invalid="ignore"):
                v = np.where(v > 0, np.log10(v), np.nan)
        xs.extend([np.arange(end, dtype=float), [np.nan]])
        ys.extend([v, [np.nan]])
    curve.setData(np.concatenate(xs), np.concatenate(ys))


class _Plot(pg.GraphicsWidget):
    """A printed plot: a view box framed by four axes, laid out as pyqtgraph's PlotItem lays them out.

    A figure is never clicked, so it needs none of PlotItem's option menus, buttons and widgets, which cost
    three quarters of its ~4.5 ms construction.
    """

    POSITIONS = {"top": (0, 1), "left": (1, 0), "right": (1, 2), "bottom": (2, 1)}

    def __init__(self):
        super().__init__()
        self.layout = QtWidgets.QGraphicsGridLayout()
        self.layout.setContentsMargins(1, 1, 1, 1)
        self.layout.setHorizontalSpacing(0)
        self.layout.setVerticalSpacing(0)
        self.setLayout(self.layout)
        self.vb = pg.ViewBox(parent=self, enableMenu=False, enableMouse=False)
        self.vb.setBackgroundColor(None)
        self.layout.addItem(self.vb, 1, 1)
        self.axes = {}
        for name, (row, col) in self.POSITIONS.items():
            axis = FittedAxis([], orientation=name, parent=self)   # plain labels, never over the title
            axis.linkToView(self.vb)
            axis.setZValue(0.5)             # above images (z 0), under items drawn over the axes (z >= 1)
            axis.setFlag(QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemNegativeZStacksBehindParent)
            self.layout.addItem(axis, row, col)
            self.axes[name] = axis
        for i in range(3):                  # the axes take what they need, the view box the rest
            self.layout.setRowStretchFactor(i, 100 if i == 1 else 1)
            self.layout.setColumnStretchFactor(i, 100 if i == 1 else 1)

    def getViewBox(self):
        return self.vb

    def getAxis(self, name: str):
        return self.axes[name]

    def addItem(self, item) -> None:
        self.vb.addItem(item)

    def setLabel(self, axis: str, text: str, **style) -> None:
        self.axes[axis].setLabel(text, **style)

    def setRange(self, **kwargs) -> None:
        self.vb.setRange(**kwargs)

    def setXRange(self, lo, hi, padding=None) -> None:
        self.vb.setXRange(lo, hi, padding=padding)

    def setYRange(self, lo, hi, padding=None) -> None:
        self.vb.setYRange(lo, hi, padding=padding)

    def setLogMode(self, y: bool) -> None:
        for name in ("left", "right"):
            self.axes[name].setLogMode(y=y)


class _DeviceLines(pg.GraphicsObject):
    """NaN-separated polylines painted as line segments in device pixels (fast raster stroking).

    Qt strokes a long antialiased path with a wide pen slowly, and slower still through the data
    transform of a view box; mapping the points to pixels in NumPy and drawing plain segments is ~20x faster.
    """

    def __init__(self, xy: np.ndarray, bounds: QtCore.QRectF):
        """``xy`` (M, 2) NaN-separated polylines, all inside ``bounds`` (data units)."""
        super().__init__()
        self.xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        self._rect = QtCore.QRectF(bounds) if len(self.xy) else QtCore.QRectF()
        self._pen = QtGui.QPen()
        self._segments = None

    def setPen(self, pen) -> None:
        self._pen = QtGui.QPen(pen)
        self._pen.setCosmetic(False)         # drawn after resetTransform: the width is in device pixels
        self._pen.setCapStyle(QtCore.Qt.PenCapStyle.SquareCap)
        self._pen.setJoinStyle(QtCore.Qt.PenJoinStyle.MiterJoin)
        self.update()

    def boundingRect(self):
        return self._rect

    def paint(self, p, *args):
        if not len(self.xy):
            return
        t = p.transform()
        x, y = self.xy[:, 0], self.xy[:, 1]
        px = t.m11() * x + t.m21() * y + t.dx()
        py = t.m12() * x + t.m22() * y + t.dy()
        self._segments = arrayToLineSegments(px, py, connect="finite", finiteCheck=True,
                                             out=self._segments)
        p.resetTransform()
        p.setRenderHint(p.RenderHint.Antialiasing)
        p.setPen(self._pen)
        p.drawLines(*self._segments.drawargs())


@dataclass(eq=False)
class _LegendKey:
    """What a legend row shows: a marker (symbol, size, fill, black outline) on a line drawn with ``pen``, or
    alone when ``pen`` is None. A plain record: the legend needs no plot item behind it."""

    symbol: str
    size: float
    brush: str
    pen: QtGui.QPen | None = None

    def set_line_pen(self, pen) -> None:
        self.pen = pen


class _Sample(ItemSample):
    """A legend sample long enough to show a dash pattern, with the run's marker in the middle."""

    WIDTH = 34.0

    def __init__(self, key: _LegendKey):
        super().__init__(key)
        self.setFixedWidth(self.WIDTH)
        self.setFixedHeight(18)

    def boundingRect(self):
        return QtCore.QRectF(0, 0, self.WIDTH, 18)

    def paint(self, p, *args):
        key = self.item
        p.setRenderHint(p.RenderHint.Antialiasing)
        if key.pen is not None:
            p.setPen(key.pen)
            p.drawLine(QtCore.QPointF(0, 10), QtCore.QPointF(self.WIDTH, 10))
        p.translate(self.WIDTH / 2, 10)
        drawSymbol(p, key.symbol, key.size, pg.mkPen("#000000"), pg.mkBrush(key.brush))
