"""The figure as an offscreen pyqtgraph scene, built from ``core`` only (never from the GUI's widgets), so the
command line and the GUI produce the same file from the same Scene:

* a heatmap of the surface (``grid.sample``) with contour lines (``grid.contour_path``, contourpy), a colour
  bar, critical points marked by kind, every visible run's path up to iteration K with start and end
  markers, a legend naming each run with its hyperparameters, a title "name: formula", axis labels;
* optionally (``panels="all"``) the loss and the Hessian eigenvalues along each run, side by side;
* optionally (on by default) a caption that makes the figure self-explaining: formula, domain, starts,
  steps, every hyperparameter of every run and each run's final point and loss.

Painting and saving it is ``render.Printable``'s job.
"""
from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from core import grid
from core.paths import decimate, symlog

from .. import i18n
from ..views.axes import value_range
from .figure_data import (
    CAPTION_PX,
    CONTOUR_INK,
    CRITICAL_STYLE,
    FONT_FAMILY,
    HEATMAP_STOPS,
    INK,
    LABEL_PX,
    LEGEND_PX,
    SIDE_PLOTS_MIN_PX,
    TICK_PX,
    TITLE_PX,
    FigureData,
    FigureOptions,
    plot_aspect,
    run_style,
)
from .items import _DeviceLines, _LegendKey, _Plot, _Sample, _set_series
from .render import Printable
from .text import _esc, caption_html, figure_title
from .vector import _tolerance


def tr(text: str) -> str:
    """Figure text in context "export", as text.tr (each module has its own helper: the translation tool
    reads the helpers per file)."""
    return QtCore.QCoreApplication.translate("export", text)


def ensure_app():
    """A QApplication (offscreen when there is no display): the figure is a QGraphicsScene."""
    app = QtWidgets.QApplication.instance()
    if app is None:
        if not os.environ.get("QT_QPA_PLATFORM") and not (os.environ.get("DISPLAY")
                                                          or os.environ.get("WAYLAND_DISPLAY")):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from ..errors import route_qt_messages

        route_qt_messages()
        app = QtWidgets.QApplication([])
    return app


class Figure(Printable):
    """An offscreen pyqtgraph scene drawing a FigureData; renders to QImage, PNG, SVG and PDF.

    ``set_iteration(k)`` redraws the paths up to step k (the animation calls it per frame).
    """

    MARGIN = 8.0

    def __init__(self, data: FigureData, options: FigureOptions | None = None):
        ensure_app()
        self.data = data
        self.options = options or FigureOptions()
        self.iteration = data.scene.steps if self.options.iteration is None \
            else min(int(self.options.iteration), data.scene.steps)
        self._pens: list[tuple[Callable, object, float]] = []   # (setter, pen, base width): rescaled on render
        self.language = i18n.current_language()                 # of the text: a Persian SVG embeds its font
        # Pens start at the PNG's scale (the commonest export): rendering it then rescales none of them.
        self._scale = self.options.pixel_width() / self.options.logical_width

        self.view = pg.GraphicsView()
        self.view.setBackground("w")
        self.scene = self.view.scene()
        W = self.options.logical_width
        self.width = W
        m = self.MARGIN
        # Text in the figure's language: Vazirmatn first in Persian (a Persian SVG embeds it), else DejaVu Sans
        self.text_families = i18n.font_families(self.language, [FONT_FAMILY])
        font = QtGui.QFont()
        font.setFamilies(self.text_families)

        # title (wraps when a formula is long)
        self.title = QtWidgets.QGraphicsTextItem()
        f = QtGui.QFont(font)
        f.setPixelSize(round(TITLE_PX))
        f.setBold(True)
        self.title.setFont(f)
        self.title.setDefaultTextColor(QtGui.QColor(INK))
        self.title.setTextWidth(W - 2 * m)
        self.title.setHtml(f"<div align='center'>{_esc(figure_title(data.surface))}</div>")
        self.title.setPos(m, m)
        self.scene.addItem(self.title)
        y = m + self.title.boundingRect().height()

        # plots
        self.layout = pg.GraphicsLayout()
        self.layout.setContentsMargins(0, 0, 0, 0)
        self.layout.layout.setHorizontalSpacing(14)
        self.layout.layout.setVerticalSpacing(6)
        self.scene.addItem(self.layout)
        all_panels = self.options.panels == "all"
        rows = 2 if all_panels else 1
        surface = self.data.surface       # a model on data names its axes by its two parameters
        p, q = getattr(surface, "p", None), getattr(surface, "q", None)
        self.plot = self._make_plot(p, q) if p and q else self._make_plot(tr("x"), tr("y"))
        self.layout.addItem(self.plot, 0, 0, rowspan=rows, colspan=1)
        self._draw_surface()
        self.colorbar = self._make_colorbar()
        self.layout.addItem(self.colorbar, 0, 1, rowspan=rows, colspan=1)
        for item in (self.plot, self.colorbar):    # centred beside side plots taller than the surface
            self.layout.layout.setAlignment(item, QtCore.Qt.AlignmentFlag.AlignVCenter)
        (x0, x1), (y0, y1) = data.domain
        self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        self.loss_plot = self.eig_plot = None
        if all_panels:
            self.loss_plot = self._make_plot(tr("iteration"), tr("loss f(x, y)"))
            self.eig_plot = self._make_plot(tr("iteration"), tr("Hessian eigenvalues λ"))
            self.layout.addItem(self.loss_plot, 0, 2)
            self.layout.addItem(self.eig_plot, 1, 2)
            self._draw_side_plots()
        layout_h = self._fit_layout(QtCore.QPointF(m, y), W - 2 * m, plot_aspect(data.domain, data.scene.equal_axes),
                                    SIDE_PLOTS_MIN_PX if all_panels else 0.0)
        y += layout_h + 4

        # legend below the plots
        self.legend = self._make_legend()
        if self.legend.boundingRect().width() > W - 2 * m - 40:    # long labels (a schedule, many options):
            self.legend.setColumnCount(1)                          # one column rather than cut off
            self.legend.updateSize()
        self.legend.setPos(m + 40, y)
        self.legend.layout.activate()
        y += self.legend.boundingRect().height() + 2

        # caption
        self.caption = None
        if self.options.caption:
            self.caption = QtWidgets.QGraphicsTextItem()
            f = QtGui.QFont(font)
            f.setPixelSize(round(CAPTION_PX))
            self.caption.setFont(f)
            self.caption.setDefaultTextColor(QtGui.QColor(INK))
            self.caption.setTextWidth(W - 2 * m)
            self.caption.setPos(m, y)
            # fixed text: an animation's caption describes the finished runs
            self.caption.setHtml(caption_html(data, self.iteration, self.options.panels))
            self.scene.addItem(self.caption)
            y += self.caption.boundingRect().height()
        self.height = math.ceil(y + m)
        self.scene.setSceneRect(QtCore.QRectF(0, 0, W, self.height))
        # The (never shown) view maps the scene 1:1: pyqtgraph's SVG exporter and pixel-size symbols read
        # the device transform from it.
        self.view.resize(math.ceil(W), self.height)
        self.view.setRange(QtCore.QRectF(0, 0, W, self.height), padding=0)
        i18n.keep_ltr(self.view)          # a figure is a plot: never mirrored, even from the Persian window
        self.set_iteration(self.iteration)

    # -- building ------------------------------------------------------------------------------

    def _plots(self) -> list:
        return [p for p in (self.plot, self.colorbar, self.loss_plot, self.eig_plot) if p is not None]

    def _fit_layout(self, origin: QtCore.QPointF, width: float, aspect: float, min_height: float) -> float:
        """Lay the plots out once and for all, the surface's plot area exactly ``aspect`` times as tall as it is
        wide (1 for a square domain with equal axes); return the layout's height (at least ``min_height``).

        An axis sizes itself to its tick labels when it is first painted, and its new size re-lays the
        figure out on the event loop's next pass: a GIF written while the event loop ran (a progress dialog)
        then drew its paths against a moved plot over a background drawn before. So the axes measure their
        labels here, the layout is repeated until the plot area has the aspect asked for, and every axis
        keeps the size it then has.
        """
        plot_h = 0.6 * width
        for _ in range(10):
            # the colour bar as wide as its labels need, the surface plot half the width beside side plots
            bar = self.colorbar
            bar_w = bar.BAR_PX + sum(bar.axes[name].maximumWidth() for name in ("left", "right")) + 2
            plot_w = 0.52 * width if min_height else width - bar_w - self.layout.layout.horizontalSpacing()
            for item, item_w in ((self.plot, plot_w), (self.colorbar, bar_w)):
                item.setMinimumSize(item_w, plot_h)
                item.setMaximumSize(item_w, plot_h)
            height = max(plot_h, min_height)
            self.layout.setGeometry(QtCore.QRectF(origin.x(), origin.y(), width, height))
            self.layout.layout.activate()
            resized = self._measure_axes()
            self.layout.layout.activate()
            vb = self.plot.getViewBox()
            error = vb.width() * aspect - vb.height()
            if abs(error) < 1e-3 and not resized:
                break
            plot_h += error
        for plot in self._plots():
            for name, axis in plot.axes.items():
                if name in ("left", "right"):
                    axis.setWidth(axis.maximumWidth())
                else:
                    axis.setHeight(axis.maximumHeight())
        self.layout.layout.activate()
        return height

    def _measure_axes(self) -> bool:
        """Let every axis size itself to its tick labels now (pyqtgraph does it in its first paint); True if
        any axis changed size."""
        picture = QtGui.QPicture()
        painter = QtGui.QPainter(picture)
        changed = False
        try:
            for plot in self._plots():
                plot.getViewBox().prepareForPaint()
                for axis in plot.axes.values():
                    before = (axis.maximumWidth(), axis.maximumHeight())
                    if axis.style["tickFont"]:
                        painter.setFont(axis.style["tickFont"])
                    axis.generateDrawSpecs(painter)
                    axis.picture = None
                    changed |= before != (axis.maximumWidth(), axis.maximumHeight())
        finally:
            painter.end()
        for name in ("top", "bottom"):        # the bar spans exactly the surface's plot area
            self.colorbar.axes[name].setHeight(self.plot.axes[name].maximumHeight())
        return changed


    def _make_plot(self, xlabel: str, ylabel: str):
        plot = _Plot()
        tick_font = QtGui.QFont(FONT_FAMILY)
        tick_font.setPixelSize(round(TICK_PX))
        for name in ("left", "bottom", "top", "right"):
            axis = plot.getAxis(name)
            axis.setStyle(tickFont=tick_font, tickLength=-4, tickTextOffset=3)
            pen = self._pen(INK, 1.0)
            self._register(lambda p, a=axis: (a.setPen(p), a.setTextPen(INK)), pen, 1.0)
            if name in ("top", "right"):
                axis.setStyle(showValues=False)
        label_style = {"color": INK, "font-size": f"{LABEL_PX}px", "font-family": self.text_families[0]}
        plot.setLabel("bottom", xlabel, **label_style)
        plot.setLabel("left", ylabel, **label_style)
        return plot

    def _draw_surface(self) -> None:
        d = self.data
        shown = grid.log_transform(d.Z) if d.log_colors else d.Z
        finite = shown[np.isfinite(shown)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if hi <= lo:
            hi = lo + 1.0
        self._levels = (lo, hi)
        self.cmap = pg.ColorMap([p for p, _ in HEATMAP_STOPS], [c for _, c in HEATMAP_STOPS])
        self.image = pg.ImageItem(np.where(np.isfinite(shown), shown, hi).T, levels=(lo, hi),
                                  lut=self.cmap.getLookupTable(nPts=256))
        xs, ys = d.xs, d.ys
        dx, dy = xs[1] - xs[0], ys[1] - ys[0]
        self.image.setRect(QtCore.QRectF(xs[0] - dx / 2, ys[0] - dy / 2, xs[-1] - xs[0] + dx,
                                         ys[-1] - ys[0] + dy))
        self.image.setZValue(-20)
        self.plot.addItem(self.image)
        # Contours twice: a path for SVG/PDF (vector, cheap there) and device-pixel segments for PNG/GIF,
        # where Qt takes ~0.5 s to stroke the path at 300 dpi and ~20 ms for the segments.
        self.contours_vector = pg.PlotCurveItem(connect="finite", antialias=True)   # data set by _vector()
        self._register(self.contours_vector.setPen, self._pen(CONTOUR_INK, 0.8), 0.8)
        self.contours_raster = _DeviceLines(d.contours, QtCore.QRectF(xs[0], ys[0], xs[-1] - xs[0], ys[-1] - ys[0]))
        self._register(self.contours_raster.setPen, self._pen(CONTOUR_INK, 0.8), 0.8)
        for item in (self.contours_vector, self.contours_raster):
            item.setZValue(-10)
            self.plot.addItem(item)
        self.contours_vector.setVisible(False)
        self._vector_ready = False

        # critical points, by kind
        self.critical_items = {}
        if self.options.critical_points:
            for kind, (symbol, fill) in CRITICAL_STYLE.items():
                pts = [c.xy for c in d.critical if c.kind == kind]
                if not pts:
                    continue
                item = pg.ScatterPlotItem(pos=np.array(pts), symbol=symbol, size=12, brush=fill)
                self._register(lambda p, it=item: it.setPen(p), self._pen("#000000", 1.0), 1.0)
                item.setZValue(5)
                self.plot.addItem(item)
                self.critical_items[kind] = item

        # runs: one curve and one item of sparse markers per run (starts NaN-separated); the heads and the
        # diverged crosses of all runs in one item each (fewer items: each costs ~0.5 ms to build and paint)
        self.run_items = []
        for k, spec in enumerate(d.scene.runs):
            if not spec.visible:
                continue
            color, dash, symbol = run_style(k, spec, self.options.palette)
            curve = pg.PlotCurveItem(connect="finite", antialias=True)
            self._register(curve.setPen, self._pen(color, 1.8, dash), 1.8)
            curve.setZValue(10)
            dots = pg.ScatterPlotItem(symbol=symbol, size=6, brush="#ffffff")
            self._register(lambda p, it=dots: it.setPen(p), self._pen(color, 1.0), 1.0)
            dots.setZValue(11)
            for item in (curve, dots):
                self.plot.addItem(item)
            mine = [r for r in d.runs if r.run == k]
            self.run_items.append((k, spec, (color, dash, symbol), mine, curve, dots))
        self.heads = pg.ScatterPlotItem(size=10)
        self._register(lambda p: self.heads.setPen(p), self._pen("#000000", 0.9), 0.9)
        self.heads.setZValue(12)
        self.crosses = pg.ScatterPlotItem(symbol="x", size=13)
        self._register(lambda p: self.crosses.setPen(p), self._pen("#000000", 0.6), 0.6)
        self.crosses.setZValue(13)
        for item in (self.heads, self.crosses):
            self.plot.addItem(item)
        self._brushes = {color: pg.mkBrush(color) for _k, _spec, (color, _d, _s), *_ in self.run_items}

        self.start_item = pg.ScatterPlotItem(pos=np.asarray(d.scene.starts, dtype=float).reshape(-1, 2),
                                             symbol="o", size=9, brush="#ffffff")
        self._register(lambda p: self.start_item.setPen(p), self._pen("#000000", 1.3), 1.3)
        self.start_item.setZValue(14)
        self.start_item.setVisible(self.options.markers)
        self.plot.addItem(self.start_item)

    def _make_colorbar(self):
        """The colour scale: the heatmap's colour map as a thin bar framed by axes, its values on the right.

        A bare _Plot (pyqtgraph's interactive ColorBarItem builds a PlotItem and two menus: ~4x the cost)."""
        label = tr("log₁₀(1 + f − f_min)") if self.data.log_colors else tr("f(x, y)")
        lo, hi = self._levels
        bar = _Plot()
        bar.BAR_PX = 11.0
        bar.layout.setColumnFixedWidth(1, bar.BAR_PX)         # column 1 holds the view box: the bar's width
        gradient = pg.ImageItem(np.linspace(lo, hi, 256).reshape(1, 256), levels=(lo, hi),
                                lut=self.cmap.getLookupTable(nPts=256))
        gradient.setRect(QtCore.QRectF(0, lo, 1, hi - lo))
        bar.addItem(gradient)
        bar.setRange(xRange=(0, 1), yRange=(lo, hi), padding=0)
        tick_font = QtGui.QFont(FONT_FAMILY)
        tick_font.setPixelSize(round(TICK_PX))
        label_style = {"font-size": f"{LABEL_PX}px", "font-family": self.text_families[0]}
        for name in ("left", "right", "top", "bottom"):
            axis = bar.getAxis(name)
            if name == "right":             # the values
                axis.setStyle(tickFont=tick_font, tickLength=-3, tickTextOffset=3)
                axis.setLabel(label, color=INK, **label_style)
                self._register(lambda p, a=axis: (a.setPen(p), a.setTextPen(INK)), self._pen(INK, 1.0), 1.0)
            elif name == "left":            # the bar's other edge
                axis.setStyle(showValues=False)
                axis.setTicks([[]])
                self._register(axis.setPen, self._pen(INK, 1.0), 1.0)
            else:
                # Invisible top and bottom axes as tall as the surface plot's, so that the bar spans its plot area.
                axis.setStyle(tickFont=tick_font, tickLength=-4, tickTextOffset=3, showValues=name == "bottom")
                axis.setTicks([[]])
                axis.setPen(pg.mkPen(None))
                if name == "bottom":
                    axis.setLabel(" ", **label_style)
        return bar

    def _draw_side_plots(self) -> None:
        d = self.data
        loss_all = np.concatenate([r.loss for r in d.runs if r.visible] or [np.array([1.0])])
        finite = loss_all[np.isfinite(loss_all)]
        self.loss_log = bool(finite.size and finite.min() > 0 and finite.max() / finite.min() > 100)
        self.loss_plot.setLogMode(self.loss_log)
        eig_all = np.concatenate([r.eigenvalues.ravel() for r in d.runs if r.visible] or [np.zeros(1)])
        eig_all = eig_all[np.isfinite(eig_all)]
        self.eig_symlog = bool(eig_all.size and np.abs(eig_all).max() > 100)
        if self.eig_symlog:
            self.eig_plot.setLabel("left", tr("sign(λ)·log₁₀(1 + |λ|)"), color=INK,
                                   **{"font-size": f"{LABEL_PX}px", "font-family": self.text_families[0]})
        zero = pg.InfiniteLine(pos=0, angle=0)
        self._register(zero.setPen, self._pen("#888888", 0.8, "dash"), 0.8)
        self.eig_plot.addItem(zero)
        self.side_items = []
        for _k, _spec, (color, dash, _symbol), mine, *_ in self.run_items:
            loss_curve = pg.PlotCurveItem(connect="finite", antialias=True)
            eig_lo = pg.PlotCurveItem(connect="finite", antialias=True)
            eig_hi = pg.PlotCurveItem(connect="finite", antialias=True)
            self._register(loss_curve.setPen, self._pen(color, 1.5, dash), 1.5)
            self._register(eig_lo.setPen, self._pen(color, 1.5, dash), 1.5)
            self._register(eig_hi.setPen, self._pen(color, 0.9, dash), 0.9)
            self.loss_plot.addItem(loss_curve)
            self.eig_plot.addItem(eig_lo)
            self.eig_plot.addItem(eig_hi)
            self.side_items.append((mine, loss_curve, eig_lo, eig_hi))
        self.cursors = []
        for plot in (self.loss_plot, self.eig_plot):
            line = pg.InfiniteLine(pos=0, angle=90)
            self._register(line.setPen, self._pen("#666666", 0.8, "dot"), 0.8)
            plot.addItem(line)
            self.cursors.append(line)
        steps = max(d.scene.steps, 1)
        for plot in (self.loss_plot, self.eig_plot):
            plot.setXRange(0, steps, padding=0.02)
        fitted = value_range(finite, self.loss_log)     # a constant loss around its value
        if fitted is not None:
            self.loss_plot.setYRange(*fitted, padding=0)
        if eig_all.size:
            shown = symlog(eig_all) if self.eig_symlog else eig_all
            lo, hi = float(min(shown.min(), 0.0)), float(max(shown.max(), 0.0))
            self.eig_plot.setYRange(lo, hi if hi > lo else lo + 1, padding=0.05)

    def _make_legend(self):
        legend = pg.LegendItem(labelTextColor=INK, labelTextSize=f"{LEGEND_PX}px", frame=False,
                               sampleType=_Sample, horSpacing=6, verSpacing=-6)
        # pyqtgraph's legend ignores transformations (a fixed size on screen); ours scales with the figure
        legend.setFlag(legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
        self.scene.addItem(legend)
        n = 0
        for _k, _spec, (color, dash, symbol), mine, *_ in self.run_items:
            key = _LegendKey(symbol, 9, color, pen=self._pen(color, 1.8, dash))
            self._register(key.set_line_pen, key.pen, 1.8)
            legend.addItem(key, _esc(i18n.optimizer_label(mine[0].optimizer)) if mine else "")
            n += 1
        if self.options.markers:
            legend.addItem(_LegendKey("o", 8, "#ffffff"), tr("start"))
            n += 1
        if any(r.status == "diverged" for r in self.data.runs if r.visible):
            legend.addItem(_LegendKey("x", 11, "#555555"), tr("diverged (last finite point)"))
            n += 1
        names = {"minimum": tr("minimum"), "saddle": tr("saddle point"), "maximum": tr("maximum"),
                 "degenerate": tr("degenerate critical point")}
        for kind in self.critical_items:
            symbol, fill = CRITICAL_STYLE[kind]
            legend.addItem(_LegendKey(symbol, 11, fill), names[kind])
            n += 1
        if n > 4:
            legend.setColumnCount(2)
        for _sample, label in legend.items:          # the figure's font, not the application's
            f = label.item.font()
            f.setFamilies(self.text_families)
            label.item.setFont(f)
            label.setText(label.text)                # lays the label out again in that font
        legend.updateSize()
        return legend

    # -- iteration ---------------------------------------------------------------------------------

    def set_iteration(self, k: int) -> None:
        """Draw every path up to step ``k`` (heads at step k, or at the last finite point)."""
        k = int(min(max(k, 0), self.data.scene.steps))
        self.iteration = k
        heads, head_symbols, head_brushes, crosses, cross_brushes = [], [], [], [], []
        every = max(1, self.data.scene.steps // 8)     # fixed places: markers do not jump in a GIF
        for _k, _spec, (color, _dash, symbol), mine, curve, dots in self.run_items:
            pieces, marks = [], []
            for r in mine:
                end = min(k, r.last_finite)
                pieces.append(r.path[: end + 1])
                pieces.append([[np.nan, np.nan]])
                if self.options.markers:
                    heads.append(r.path[end])
                    head_symbols.append(symbol)
                    head_brushes.append(self._brushes[color])
                    marks.extend(r.path[every:end:every])
                if r.status == "diverged" and k > r.last_finite:
                    crosses.append(r.path[r.last_finite])
                    cross_brushes.append(self._brushes[color])
            xy = np.vstack(pieces)
            curve.setData(xy[:, 0], xy[:, 1])
            dots.setData(pos=np.array(marks).reshape(-1, 2))
        self.heads.setData(pos=np.array(heads).reshape(-1, 2), symbol=head_symbols, brush=head_brushes)
        self.crosses.setData(pos=np.array(crosses).reshape(-1, 2), brush=cross_brushes)
        if self.loss_plot is not None:
            for mine, loss_curve, eig_lo, eig_hi in self.side_items:
                _set_series(loss_curve, [(r.loss, r.last_finite) for r in mine], k, log=self.loss_log)
                lam = [(symlog(r.eigenvalues) if self.eig_symlog else r.eigenvalues, r.last_finite) for r in mine]
                _set_series(eig_lo, [(a[:, 0], n) for a, n in lam], k)
                _set_series(eig_hi, [(a[:, 1], n) for a, n in lam], k)
            for line in self.cursors:
                line.setValue(k)

    def run_colors(self) -> list[str]:
        return [style[0] for _k, _spec, style, *_ in self.run_items]

    def _dynamic_items(self) -> list:
        """The items an animation changes from frame to frame: paths, markers, side curves, cursors."""
        items = []
        for _k, _spec, _style, _mine, *drawn in self.run_items:
            items.extend(drawn)
        items += [self.heads, self.crosses]
        for _mine, *drawn in getattr(self, "side_items", []):
            items.extend(drawn)
        return items + list(getattr(self, "cursors", []))

    @contextlib.contextmanager
    def dynamic_only(self, width_px: int):
        """Render the static part once and yield it; meanwhile only the dynamic items are drawn, so that
        ``render_image(width_px, background)`` paints an animation frame at a fraction of the full cost."""
        dynamic = self._dynamic_items()
        keep = set(dynamic)
        for item in dynamic:
            parent = item.parentItem()
            while parent is not None:
                keep.add(parent)
                parent = parent.parentItem()
        for item in dynamic:
            item.setVisible(False)
        background = self.render_image(width_px)
        hidden = [item for item in self.scene.items() if item not in keep and item.isVisible()]
        for item in hidden:
            item.setVisible(False)
        for item in dynamic:
            item.setVisible(True)
        try:
            yield background
        finally:
            for item in hidden:
                item.setVisible(True)

    def close(self) -> None:
        """Drop the Qt objects now: left to the garbage collector they may outlive the QApplication,
        which crashes the interpreter on exit."""
        self._pens.clear()
        self.run_items = []
        self.side_items = []
        self.scene.clear()
        self.view.close()


    @contextlib.contextmanager
    def _vector(self):
        """Vector drawing (SVG, PDF): the contours as one path instead of device-pixel segments, and every
        curve simplified to what the page resolves (0.1 px): pyqtgraph's SVG exporter costs ~50 us a point."""
        if not self._vector_ready:      # once: PNG and GIF never need it
            thin = decimate(self.data.contours, _tolerance(self.plot.getViewBox()))
            self.contours_vector.setData(thin[:, 0], thin[:, 1])
            self._vector_ready = True
        curves = [item for _k, _spec, _style, _mine, item, *_ in self.run_items]
        curves += [item for _mine, *items in getattr(self, "side_items", []) for item in items]
        full = [(curve, curve.getData()) for curve in curves]
        for curve, (x, y) in full:
            if x is not None and len(x):
                thin = decimate(np.c_[x, y], _tolerance(curve.getViewBox()))
                curve.setData(thin[:, 0], thin[:, 1])
        self.contours_vector.setVisible(True)
        self.contours_raster.setVisible(False)
        try:
            yield
        finally:
            self.contours_vector.setVisible(False)
            self.contours_raster.setVisible(True)
            for curve, (x, y) in full:
                if x is not None and len(x):
                    curve.setData(x, y)
