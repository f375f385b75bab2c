"""Homework exports: figures (PNG, SVG, PDF), GIF animations, run data (CSV, JSON) and step tables.

The figure is an offscreen pyqtgraph scene built from ``core`` only (never from the GUI's widgets), so the
command line and the GUI produce the same file from the same Scene:

* a heatmap of the surface (``grid.sample``) with contour lines (``grid.contour_path``, contourpy), a colour
  bar, critical points marked by kind, every visible run's path up to iteration K with start and end
  markers, a legend naming each run with its hyperparameters, a title "name: formula", axis labels;
* optionally (``panels="all"``) the loss and the Hessian eigenvalues along each run, side by side;
* optionally (on by default) a caption that makes the figure self-explaining: formula, domain, starts,
  steps, every hyperparameter of every run and each run's final point and loss.

Print theme: white background, dark axes, the Okabe-Ito colour-blind-safe palette, and each run also has
its own line style and marker so that a black-and-white print still tells them apart.

The scene is laid out once in logical pixels at 96 per inch (a 16 cm figure is 605 px wide); a PNG at
300 dpi is the same scene painted with a scale of 300/96. Pens are cosmetic (their width ignores the
painter's scale), so every pen width is multiplied by the scale for the duration of a render.
Every file is written beside its target and renamed into place (``core.files.atomic_path``).
"""
from __future__ import annotations

import base64
import contextlib
import math
import os
import re
import struct
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from isal import isal_zlib
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from pyqtgraph.graphicsItems.PlotCurveItem import arrayToLineSegments
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
from PySide6 import QtCore, QtGui, QtWidgets

import resources
from core import analysis, grid, palette, rundata, steptable, surfaces
from core import scene as scene_io
from core.files import atomic_path, write_bytes_atomic, write_text_atomic
from core.scene import RunSpec, Scene

from . import i18n, style
from .views.axes import FittedAxis, value_range

FIGURE_FORMATS = (".png", ".svg", ".pdf")
FORMATS = {".png": "figure", ".svg": "figure", ".pdf": "figure", ".gif": "animation",
           ".csv": "data", ".json": "data", ".md": "table", ".tex": "table"}
STEP_TABLE_CSV = ".steps.csv"        # "table.steps.csv": the step table as CSV (plain .csv is the run data)

LOGICAL_DPI = 96.0                   # layout unit: one logical pixel is 1/96 inch (CSS, Qt's default)
DEFAULT_WIDTH_CM = 16.0
DEFAULT_DPI = 300
DEFAULT_GIF_WIDTH = 800
MAX_GIF_FRAMES = 250                 # default stride keeps a GIF at about this many frames
MIN_ASPECT, MAX_ASPECT = 0.4, 1.25  # the surface plot's height / width with equal axes (see shown_domain)
SIDE_PLOTS_MIN_PX = 300.0            # the loss and eigenvalue plots together are at least this tall
GRID_POINTS = 400                    # heatmap and contour resolution (SVG/PDF embed the heatmap at this size)

PALETTE = palette.RUN_COLORS        # Okabe-Ito: the window's run colours too
DASHES = palette.RUN_DASHES          # run k: DASHES[k % 6], in the window too
SYMBOLS = ("o", "s", "t", "d", "p", "h", "star", "t1")
INK = "#222222"                      # axes, text
CONTOUR_INK = "#8f979e"             # opaque: Qt strokes translucent wide paths ~10x slower
CRITICAL_STYLE = {                   # kind -> (symbol, fill); every marker has a black outline
    "minimum": ("star", "#ffffff"),
    "saddle": ("d", "#ffffff"),
    "maximum": ("t1", "#ffffff"),
    "degenerate": ("s", "#bbbbbb"),
}
# A pale, light-to-dark blue-grey map: the coloured runs stand out on it and it prints in grey.
HEATMAP_STOPS = ((0.0, "#fbfbf7"), (0.35, "#e3ecf2"), (0.7, "#b9cfe0"), (1.0, "#7fa3c4"))

FONT_FAMILY = "DejaVu Sans"
TITLE_PX, LABEL_PX, TICK_PX, LEGEND_PX, CAPTION_PX = 13.5, 12.0, 11.0, 11.0, 10.5


def tr(text: str) -> str:
    """Figure text goes through Qt's translation (context "export") so a translation can replace it."""
    return QtCore.QCoreApplication.translate("export", text)


# --- options and data ---------------------------------------------------------------------------

@dataclass
class FigureOptions:
    """How a figure looks. ``width_px`` (PNG/GIF) overrides ``dpi`` x ``width_cm``."""

    width_cm: float = DEFAULT_WIDTH_CM
    dpi: int = DEFAULT_DPI
    width_px: int | None = None
    iteration: int | None = None       # draw paths up to this step (default: the last)
    panels: str = "surface"            # "surface" | "all" (adds loss and Hessian eigenvalue plots)
    caption: bool = True
    markers: bool = True               # start and end markers
    critical_points: bool = True
    palette: str = "print"             # "print": Okabe-Ito by run index; "scene": the scene's run colours

    @property
    def logical_width(self) -> float:
        return self.width_cm / 2.54 * LOGICAL_DPI

    def pixel_width(self) -> int:
        """The PNG width: ``width_px`` or ``dpi`` dots per inch over ``width_cm``."""
        if self.width_px:
            return int(self.width_px)
        return int(round(self.width_cm / 2.54 * self.dpi))


@dataclass(eq=False)
class FigureData:
    """Everything a figure draws, computed from the core once (an animation reuses it for every frame)."""

    scene: Scene
    surface: surfaces.Surface
    runs: list[rundata.RunData]
    domain: tuple[tuple[float, float], tuple[float, float]]
    xs: np.ndarray
    ys: np.ndarray
    Z: np.ndarray
    log_colors: bool
    contours: np.ndarray                 # (M, 2), NaN-separated polylines
    critical: list[analysis.CriticalPoint]

    @classmethod
    def compute(cls, scene: Scene, critical_points: bool = True) -> FigureData:
        surface = scene.make_surface()
        domain = shown_domain(scene.view or surface.domain, scene.equal_axes)
        runs = rundata.compute(scene, surface)
        xs, ys, Z, log, contours = _surface_grid(surface, domain)
        critical = _critical_points(surface, domain) if critical_points else []
        return cls(scene, surface, runs, domain, xs, ys, Z, log, contours, critical)


def shown_domain(domain, equal_axes: bool = True) -> tuple[tuple[float, float], tuple[float, float]]:
    """The part of the plane a figure shows: ``domain``, with equal axes widened in x or y (about its centre)
    to an aspect between MIN_ASPECT and MAX_ASPECT, so that one unit of x stays as long as one unit of y on a
    page that can hold the plot."""
    (x0, x1), (y0, y1) = domain
    if not equal_axes:
        return (float(x0), float(x1)), (float(y0), float(y1))
    w, h = x1 - x0, y1 - y0
    if h < MIN_ASPECT * w:
        grow = (MIN_ASPECT * w - h) / 2
        y0, y1 = y0 - grow, y1 + grow
    elif h > MAX_ASPECT * w:
        grow = (h / MAX_ASPECT - w) / 2
        x0, x1 = x0 - grow, x1 + grow
    return (float(x0), float(x1)), (float(y0), float(y1))


def plot_aspect(domain, equal_axes: bool = True) -> float:
    """Height / width of the surface's plot area: the domain's own (true shape), or without equal axes the
    domain's clamped to [0.55, 0.85] (x and y at different scales)."""
    (x0, x1), (y0, y1) = domain
    aspect = (y1 - y0) / (x1 - x0)
    return aspect if equal_axes else min(max(aspect, 0.55), 0.85)


SURFACE_CACHE_SIZE = 4
_GRID_CACHE: OrderedDict[tuple, tuple] = OrderedDict()
_CRITICAL_CACHE: OrderedDict[tuple, list] = OrderedDict()


def _remembered(cache: OrderedDict, surface, domain, compute: Callable):
    """``compute()``, remembered for the last SURFACE_CACHE_SIZE (surface, domain) pairs: what depends only on
    them is the same for figure after figure of one surface (other steps, starts, optimizers)."""
    key = (surface.name, surface.formula, tuple(map(tuple, domain)))
    if key in cache:
        cache.move_to_end(key)
    else:
        cache[key] = compute()
        if len(cache) > SURFACE_CACHE_SIZE:
            cache.popitem(last=False)
    return cache[key]


def _surface_grid(surface, domain) -> tuple:
    """(xs, ys, Z, log colours?, contour lines) of a surface over a domain, read-only arrays (remembered:
    sampling and contouring cost ~13 ms a figure)."""
    def compute():
        xs, ys, Z = grid.sample(surface, domain, n=GRID_POINTS)
        log = grid.prefers_log(Z)
        contours = grid.contour_path(xs, ys, Z, grid.levels(Z, count=15, log=log))
        for a in (xs, ys, Z, contours):
            a.flags.writeable = False
        return xs, ys, Z, log, contours
    return _remembered(_GRID_CACHE, surface, domain, compute)


def _critical_points(surface, domain) -> list:
    """Critical points of a surface over a domain (remembered: a typed formula's search is not free)."""
    return _remembered(_CRITICAL_CACHE, surface, domain, lambda: analysis.critical_points(surface, domain))


def run_style(index: int, spec: RunSpec, palette: str = "print") -> tuple[str, str, str]:
    """(colour, dash, symbol) of run ``index``: colour-blind-safe colour, line style and marker."""
    color = spec.color if palette == "scene" and spec.color else PALETTE[index % len(PALETTE)]
    return color, DASHES[index % len(DASHES)], SYMBOLS[index % len(SYMBOLS)]


# --- text helpers -------------------------------------------------------------------------------

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def pretty_formula(text: str) -> str:
    """A formula for print: x**2 -> x², 3*x -> 3·x, unary and binary minus as '−'."""
    text = re.sub(r"\*\*(\d+)(?![\d.])", lambda m: m.group(1).translate(_SUPERSCRIPT), text)
    text = text.replace("**", "^").replace("*", "·")
    return re.sub(r"(?<![eE\d.])-|(?<=\s)-", "−", text)


def fmt(v: float, digits: int = 4) -> str:
    """A number for figure text: 4 significant digits, a real minus sign."""
    if not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("∞" if v > 0 else "−∞")
    text = f"{v:.{digits}g}".replace("e-0", "e-").replace("e+0", "e")
    return text.replace("-", "−")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def figure_title(surface) -> str:
    formula = f"f(x, y) = {pretty_formula(surface.formula)}"
    if surface.name == "custom":
        return formula
    return f"{surface.name.replace('_', ' ').capitalize()}: {formula}"


def _rule_html(rule: str) -> str:
    """An update rule for the caption: each statement ("b ← μ·b + g", "m̂ = m/(1−β1ᵗ)") kept whole and left to
    right; a line may break only between statements (after "; " or ", "). Hatted letters (m̂, v̂) in
    style.HAT_FONT, the one font whose hat Qt puts over its letter (spelled "m_hat" before)."""
    pieces = re.split(r"(;\s*|,\s+(?=\S+ = ))", rule)
    return "".join(_esc(sep.strip() + " ") if k % 2 else style.hat_html(i18n.formula(sep.strip()))
                   for k, sep in enumerate(pieces))


def caption_html(data: FigureData, iteration: int, panels: str = "surface") -> str:
    """The caption: formula, domain, starts, steps, every run with every hyperparameter, final points."""
    s = data.scene
    (x0, x1), (y0, y1) = data.domain
    starts = "; ".join(i18n.formula(f"({fmt(x)}, {fmt(y)})") for x, y in s.starts)
    shown = tr("after {k} of {n} steps").format(k=iteration, n=s.steps) if iteration < s.steps \
        else tr("{n} steps").format(n=s.steps)
    formula = i18n.ltr(f"f(x, y) = {_esc(pretty_formula(data.surface.formula))}")      # may be long: breaks
    box = i18n.formula(f"[{fmt(x0)}, {fmt(x1)}] × [{fmt(y0)}, {fmt(y1)}]")
    parts = [f"<b>{_esc(tr('Figure.'))}</b> {formula} {_esc(tr('on'))} {box}. "
             f"{_esc(tr('Start') if len(s.starts) == 1 else tr('Starts'))}: {starts}; {_esc(shown)}."]
    visible = [r for r in data.runs if r.visible]
    by_run: dict[int, list[rundata.RunData]] = {}
    for r in visible:
        by_run.setdefault(r.run, []).append(r)
    for n, group in enumerate(by_run.values(), start=1):
        opt = group[0].optimizer
        # Each number and formula in its own left-to-right isolate, the words between them outside: in one
        # isolate with Persian words ("bias correction on") the numbers after them ran right to left.
        ends = []
        for r in group:
            it = min(iteration, r.last_finite)
            x, y = r.path[it]
            end = i18n.formula(f"({fmt(x)}, {fmt(y)})") + ", "
            if r.status == "undefined" and it == r.last_finite:
                end += _esc(tr("f undefined here (step {k})").format(k=it))
            else:
                end += i18n.formula(f"f = {fmt(float(r.loss[it]))}")
            if r.status == "diverged" and iteration > r.last_finite:
                end += " " + _esc(tr("(diverged after step {k})").format(k=r.last_finite))
            ends.append(end)
        params = ", ".join(i18n.ltr(_esc(i18n.core_text(p))) for p in opt.describe_parts(every=True))
        arrow = "←" if i18n.is_rtl() else "→"         # from the settings to the end, in reading order
        parts.append(f"({n}) <b>{_esc(i18n.core_text(opt.title))}</b> {params} {arrow} {'; '.join(ends)}.")
    rules = dict.fromkeys((group[0].optimizer.title, group[0].optimizer.rule) for group in by_run.values())
    if rules:
        parts.append(f"{_esc(tr('Update rules'))}: "
                     + "; ".join(f"<i>{_esc(i18n.core_text(title))}</i>: " + _rule_html(rule)
                                 for title, rule in rules) + ".")
    if panels == "all":
        parts.append(_esc(tr("Right: the loss and the Hessian's eigenvalues along each run (λ_min thick, "
                             "λ_max thin; a negative λ_min means saddle-like curvature).")))
    return " ".join(parts)


# --- Qt setup -----------------------------------------------------------------------------------

def ensure_app():
    """A QApplication (offscreen when there is no display): the figure is a QGraphicsScene."""
    app = QtWidgets.QApplication.instance()
    if app is None:
        if not os.environ.get("QT_QPA_PLATFORM") and not (os.environ.get("DISPLAY")
                                                          or os.environ.get("WAYLAND_DISPLAY")):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from .errors import route_qt_messages

        route_qt_messages()
        app = QtWidgets.QApplication([])
    return app


# --- the figure ---------------------------------------------------------------------------------

class Figure:
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
        self.plot = self._make_plot(tr("x"), tr("y"))
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

    def _pen(self, color, width: float, dash: str = "solid"):
        """A cosmetic pen registered for rescaling; ``dash`` one of DASHES."""
        pen = QtGui.QPen(QtGui.QColor(*color) if isinstance(color, tuple) else QtGui.QColor(color))
        pen.setWidthF(width)
        pen.setCosmetic(True)
        pen.setCapStyle(QtCore.Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(QtCore.Qt.PenJoinStyle.RoundJoin)
        style.set_dash(pen, dash)
        return pen

    def _register(self, setter: Callable, pen, width: float) -> None:
        """Give ``pen`` (``width`` at scale 1) to ``setter`` now, at the current scale, and again on rescaling."""
        self._pens.append((setter, pen, width))
        pen.setWidthF(width * self._scale)
        setter(pen)

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
            shown = _symlog(eig_all) if self.eig_symlog else eig_all
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
                lam = [(_symlog(r.eigenvalues) if self.eig_symlog else r.eigenvalues, r.last_finite) for r in mine]
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

    # -- rendering -----------------------------------------------------------------------------

    def _set_scale(self, scale: float) -> None:
        if scale == self._scale:
            return
        self._scale = scale
        for setter, pen, width in self._pens:
            pen.setWidthF(width * scale)
            setter(pen)

    def _export_mode(self, on: bool, scale: float = 1.0, painter=None) -> None:
        opts = {"antialias": True, "background": QtGui.QColor("white"), "painter": painter,
                "resolutionScale": scale}
        for item in self.scene.items():
            if hasattr(item, "setExportMode"):
                item.setExportMode(on, opts if on else None)

    def size_for_width(self, width_px: int) -> tuple[int, int]:
        return int(width_px), int(round(self.height * width_px / self.width))

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

    def render_image(self, width_px: int, background=None):
        """The figure as a QImage (RGB32) ``width_px`` wide, on white or on a copy of ``background``."""
        w, h = self.size_for_width(width_px)
        scale = w / self.width
        if background is not None:
            image = background.copy()
        else:
            image = _scratch_image(w, h)
            image.fill(QtGui.QColor("white"))
        painter = QtGui.QPainter(image)
        try:
            painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing)
            painter.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform)
            self._set_scale(scale)
            self._export_mode(True, scale, painter)
            self.scene.render(painter, QtCore.QRectF(0, 0, w, h), QtCore.QRectF(0, 0, self.width, self.height))
        finally:
            self._export_mode(False)
            painter.end()
        return QtGui.QImage(image)     # a shallow copy: the scratch image is copied before it is painted again

    def save_png(self, path, width_px: int, dpi: float | None = None) -> tuple[int, int]:
        image = self.render_image(width_px)
        dpi = dpi or width_px / (self.width / LOGICAL_DPI)
        write_bytes_atomic(path, encode_png(image, dpi))
        return image.width(), image.height()

    def save_svg(self, path) -> None:
        """SVG through pyqtgraph's exporter (it clips per item, which Qt's generator cannot); the heatmap is
        an embedded raster at the grid's resolution, everything else is vector. Sized in cm like the PDF."""
        from pyqtgraph.exporters import SVGExporter

        self._set_scale(1.0)
        with self._vector():
            self.scene.prepareForPaint()     # view boxes update their data transforms lazily, before a paint
            exporter = SVGExporter(self.scene)
            params = exporter.parameters()
            params["background"] = QtGui.QColor("white")
            params.param("width").setValue(self.width, blockSignal=exporter.widthChanged)
            params.param("height").setValue(self.height, blockSignal=exporter.heightChanged)
            svg = exporter.export(toBytes=True).decode("utf-8")
        # Physical size, and let viewers smooth the heatmap (pyqtgraph asks for pixelated images).
        cm = 2.54 / LOGICAL_DPI
        svg = svg.replace('viewBox =', f'width="{self.width * cm:.3f}cm" height="{self.height * cm:.3f}cm" '
                                       'viewBox=', 1)
        svg = re.sub(r"<style>.*?</style>\n", "", svg, count=1, flags=re.S)
        if self.language == "fa":
            svg = re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + "\n" + _embedded_persian_fonts(), svg, count=1)
        write_text_atomic(path, svg)

    def save_pdf(self, path) -> None:
        """One page of exactly the figure's size: QPdfWriter at 96 dpi (the layout unit), zero margins."""
        self._set_scale(1.0)
        # Into memory first: QPdfWriter reports no error when the disk fills up (it leaves a truncated file and
        # the painter ends "successfully"); Python's write of the finished bytes does report it.
        buffer = QtCore.QBuffer()
        buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
        with self._vector():
            writer = QtGui.QPdfWriter(buffer)
            writer.setResolution(int(LOGICAL_DPI))
            writer.setCreator("Optiscope")
            writer.setTitle(figure_title(self.data.surface))
            size = QtCore.QSizeF(self.width * 72 / LOGICAL_DPI, self.height * 72 / LOGICAL_DPI)
            writer.setPageSize(QtGui.QPageSize(size, QtGui.QPageSize.Unit.Point, "figure",
                                               QtGui.QPageSize.SizeMatchPolicy.ExactMatch))
            writer.setPageMargins(QtCore.QMarginsF(0, 0, 0, 0))
            painter = QtGui.QPainter(writer)
            try:
                painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
                self._export_mode(True, 1.0, painter)
                target = QtCore.QRectF(0, 0, writer.width(), writer.height())
                self.scene.render(painter, target, QtCore.QRectF(0, 0, self.width, self.height))
            finally:
                self._export_mode(False)
                painter.end()
        data = bytes(buffer.data())
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-32:]:
            raise OSError(f"Qt did not finish the PDF of {Path(path).name}")
        write_bytes_atomic(path, data)


def _embedded_persian_fonts() -> str:
    """An SVG <style> with the bundled Vazirmatn fonts as data (@font-face): a Persian SVG then shows its text
    with real glyphs in a browser on a machine without Persian fonts, as the PNG and the PDF (which embeds the
    font itself) do. ~330 KB, in Persian figures only; nothing when the bundled fonts are broken (a system
    font was used instead, see i18n.persian_font_family)."""
    if not i18n.bundled_persian_font():
        return ""
    faces = []
    for name, weight in (("Vazirmatn-Regular.ttf", "normal"), ("Vazirmatn-Bold.ttf", "bold")):
        data = base64.b64encode(resources.path("fonts", name).read_bytes()).decode("ascii")
        faces.append(f'@font-face {{ font-family: "{i18n.PERSIAN_FONT_FAMILY}"; font-weight: {weight}; '
                     f'src: url(data:font/ttf;base64,{data}) format("truetype"); }}')
    return "<defs><style>\n" + "\n".join(faces) + "\n</style></defs>"


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


def _tolerance(view_box, pixels: float = 0.1) -> tuple[float, float]:
    """(x, y) data units of ``pixels`` logical pixels in a laid-out view box."""
    (x0, x1), (y0, y1) = view_box.viewRange()
    return (x1 - x0) / (view_box.width() or 1.0) * pixels, (y1 - y0) / (view_box.height() or 1.0) * pixels


def _symlog(a: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.sign(a) * np.log10(1.0 + np.abs(a))


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


# --- PNG encoding -------------------------------------------------------------------------------

def encode_png(image, dpi: float) -> bytes:
    """QImage -> PNG bytes, fast: 'Up' filter in NumPy, ISA-L's deflate (isal), dpi in pHYs.

    Qt's and Pillow's encoders spend 100+ ms on a 300-dpi figure (adaptive filtering, zlib level 6), and even
    zlib's fastest run-length mode takes ~40 ms on its 12 MB of pixels. After the Up filter a figure is mostly
    zero bytes (white space, smooth heatmap), which ISA-L's level 1 packs better than that in ~8 ms.
    """
    rgb = image.convertToFormat(QtGui.QImage.Format.Format_RGB888)
    w, h, bpl = rgb.width(), rgb.height(), rgb.bytesPerLine()
    a = np.frombuffer(rgb.constBits(), np.uint8, count=h * bpl).reshape(h, bpl)[:, : w * 3]
    filtered = _scratch_array("png rows", (h, 1 + w * 3))
    filtered[:, 0] = 2                       # filter type 2: Up
    filtered[0, 0] = 0                       # the first row has nothing above it
    filtered[0, 1:] = a[0]
    np.subtract(a[1:], a[:-1], out=filtered[1:, 1:])
    ppm = int(round(dpi / 0.0254))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return b"".join([b"\x89PNG\r\n\x1a\n", chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)),
                     chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1)),
                     chunk(b"IDAT", isal_zlib.compress(memoryview(filtered).cast("B"), 1)), chunk(b"IEND", b"")])


# Scratch buffers kept from one export to the next: a 300-dpi figure's 16 MB image and 12 MB of PNG rows,
# allocated afresh, cost ~8 ms of page faults each time (the kernel zeroes every new page).
_SCRATCH: dict[str, object] = {}


def _scratch_image(w: int, h: int) -> QtGui.QImage:
    """An RGB32 image w x h to paint on, the previous one's memory when the size matches. Safe to reuse: Qt
    copies a QImage's pixels before painting on them while another QImage still shares them."""
    image = _SCRATCH.get("image")
    if image is None or (image.width(), image.height()) != (w, h):
        image = _SCRATCH["image"] = QtGui.QImage(w, h, QtGui.QImage.Format.Format_RGB32)
    return image


def _scratch_array(name: str, shape: tuple[int, int]) -> np.ndarray:
    """A uint8 array of ``shape`` for data consumed before the next call asks for it (PNG rows)."""
    a = _SCRATCH.get(name)
    if a is None or a.shape != shape:
        a = _SCRATCH[name] = np.empty(shape, np.uint8)
    return a


# --- animation ----------------------------------------------------------------------------------

def default_stride(steps: int) -> int:
    return max(1, math.ceil(steps / MAX_GIF_FRAMES))


def frame_iterations(steps: int, stride: int) -> list[int]:
    """The steps shown by a GIF: stride, 2*stride, ..., and always the last (ceil(steps/stride) frames)."""
    its = list(range(stride, steps + 1, stride))
    if not its or its[-1] != steps:
        its.append(steps)
    return its


def save_gif(figure: Figure, path, width_px: int = DEFAULT_GIF_WIDTH, fps: int = 20, stride: int | None = None,
             progress: Callable[[int, int], bool] | None = None) -> int:
    """Write the playback as an animated GIF, frame by frame, and return the number of frames.

    Memory stays flat: each frame is rendered, reduced to palette indices and only the rectangle that
    changed since the previous frame is encoded and written out (the GIF keeps earlier pixels). The palette
    is taken once from the finished figure, which holds every colour the animation will show.
    ``progress(done, total)`` may return False to cancel (the target is then left untouched).
    """
    from PIL import GifImagePlugin, Image

    steps = figure.data.scene.steps
    stride = stride or default_stride(steps)
    its = frame_iterations(steps, stride)
    duration = max(20, int(round(1000 / fps)))
    figure.set_iteration(steps)
    full = _rgb_array(figure.render_image(width_px))
    h, w, _ = full.shape
    palette = _gif_palette(full, figure.run_colors())
    lut = _palette_lut(palette)
    palette_bytes = palette.astype(np.uint8).ravel().tobytes()
    previous = None
    with figure.dynamic_only(width_px) as background, atomic_path(path) as tmp, open(tmp, "wb") as out:
        for n, k in enumerate(its):
            figure.set_iteration(k)
            index = _palette_indices(figure.render_image(width_px, background), lut)
            if previous is None:
                box = (0, 0, w, h)
            else:   # only the rectangle that changed; the GIF keeps the rest (disposal 1)
                changed = index != previous
                rows, cols = np.flatnonzero(changed.any(axis=1)), np.flatnonzero(changed.any(axis=0))
                box = (int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1) if rows.size \
                    else (0, 0, 1, 1)
            frame = Image.frombuffer("L", (box[2] - box[0], box[3] - box[1]),
                                     np.ascontiguousarray(index[box[1]:box[3], box[0]:box[2]]).tobytes(),
                                     "raw", "L", 0, 1).convert("P")
            frame.putpalette(palette_bytes)
            if previous is None:
                header, _ = GifImagePlugin.getheader(frame, info={"loop": 0, "duration": duration})
                out.write(b"".join(header))
            last = n == len(its) - 1     # hold the finished picture for two seconds
            for piece in GifImagePlugin.getdata(frame, offset=box[:2], disposal=1,
                                                duration=max(duration, 2000) if last else duration):
                out.write(piece)
            previous = index
            if progress is not None and progress(n + 1, len(its)) is False:
                raise ExportCancelled()
        out.write(b";")
    return len(its)


def _gif_palette(rgb: np.ndarray, run_colors: list[str]) -> np.ndarray:
    """256 colours: the runs' exact colours with their antialiasing blends toward white, black and the
    ink, then the most frequent others (median cut). Median cut alone gives thin coloured lines away to
    the large pale heatmap."""
    from PIL import Image

    fixed = [(0, 0, 0), (255, 255, 255), tuple(int(INK[i:i + 2], 16) for i in (1, 3, 5))]
    for color in run_colors:
        c = np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)])
        for t in (0.0, 0.35, 0.65):
            fixed.append(tuple(int(v) for v in np.round(c + (255 - c) * t)))
    fixed = list(dict.fromkeys(fixed))
    rest = Image.fromarray(rgb).quantize(colors=256 - len(fixed), method=Image.Quantize.MEDIANCUT,
                                         dither=Image.Dither.NONE)
    others = np.array(rest.getpalette()[: 3 * (256 - len(fixed))], dtype=np.int32).reshape(-1, 3)
    return np.vstack([np.array(fixed, dtype=np.int32), others])


class ExportCancelled(Exception):
    """The user cancelled a long export; nothing was written."""


def _rgb_array(image) -> np.ndarray:
    rgb = image.convertToFormat(QtGui.QImage.Format.Format_RGB888)
    w, h, bpl = rgb.width(), rgb.height(), rgb.bytesPerLine()
    view = np.frombuffer(rgb.constBits(), np.uint8, count=h * bpl).reshape(h, bpl)[:, : w * 3]
    return view.reshape(h, w, 3).copy()      # a copy: the QImage's memory goes with it


def _palette_lut(palette: np.ndarray) -> np.ndarray:
    """Nearest palette index for every RGB555 colour (32,768 entries): frames map through it in one take.

    |c - p|² = |c|² - 2 c·p + |p|²; the |c|² term is the same for every p, so one matrix product decides.
    """
    key = np.arange(32768)
    rgb = np.stack([(key >> 10) & 31, (key >> 5) & 31, key & 31], axis=1).astype(np.float32) * (255 / 31)
    p = palette.astype(np.float32)
    return (rgb @ (-2.0 * p.T) + (p * p).sum(axis=1)).argmin(axis=1).astype(np.uint8)


def _palette_indices(image, lut: np.ndarray) -> np.ndarray:
    """Palette index of every pixel of an RGB32 QImage, straight from its 0xffRRGGBB words."""
    w, h, bpl = image.width(), image.height(), image.bytesPerLine()
    px = np.frombuffer(image.constBits(), np.uint32, count=h * bpl // 4).reshape(h, bpl // 4)[:, :w]
    return lut[((px >> 9) & 0x7C00) | ((px >> 6) & 0x3E0) | ((px >> 3) & 0x1F)]   # RGB555 key, a new array


# --- one entry point per kind of file -----------------------------------------------------------

def output_kind(path) -> str:
    """'figure' | 'animation' | 'data' | 'table' | 'table-csv' from the file name, or ValueError."""
    name = Path(path).name.lower()
    if name.endswith(STEP_TABLE_CSV):
        return "table-csv"
    ext = Path(name).suffix
    if ext not in FORMATS:
        raise ValueError(f"unknown output format '{ext or name}': use one of {' '.join(FORMATS)} "
                         f"(or {STEP_TABLE_CSV} for a step table as CSV)")
    return FORMATS[ext]


def export(scene: Scene, path, options: FigureOptions | None = None, fps: int = 20, stride: int | None = None,
           table_steps: int = 5, progress: Callable[[int, int], bool] | None = None) -> str:
    """Write ``scene`` to ``path`` in the format its extension names; returns a one-line description.

    Raises ValueError for a bad scene or format, OSError when the file cannot be written,
    ExportCancelled when ``progress`` returned False.
    """
    options = options or FigureOptions()
    kind = output_kind(path)
    scene_io.validate(scene)
    if options.iteration is not None and not 0 <= options.iteration <= scene.steps:
        raise ValueError(f"the iteration must be between 0 and the step count {scene.steps}, "
                         f"got {options.iteration}")
    path = Path(path)
    ext = path.suffix.lower()
    if kind in ("figure", "animation"):
        figure = Figure(FigureData.compute(scene, options.critical_points), options)
        try:
            if ext == ".gif":
                n = save_gif(figure, path, options.width_px or DEFAULT_GIF_WIDTH, fps, stride, progress)
                return f"{path.name}: {n} frames"
            if ext == ".png":
                w, h = figure.save_png(path, options.pixel_width(), None if options.width_px else options.dpi)
                return f"{path.name}: {w}x{h} px"
            if ext == ".svg":
                figure.save_svg(path)
            else:
                figure.save_pdf(path)
            cm = 2.54 / LOGICAL_DPI
            return f"{path.name}: {figure.width * cm:.1f} x {figure.height * cm:.1f} cm"
        finally:
            figure.close()
    if kind == "data":
        runs = rundata.compute(scene)
        write_text_atomic(path, rundata.to_csv(runs) if ext == ".csv" else rundata.to_json(scene, runs))
        return f"{path.name}: {len(runs)} runs"
    tables = steptable.for_scene(scene, table_steps)
    text = {"table-csv": steptable.to_csv, "table": steptable.to_latex if ext == ".tex"
            else steptable.to_markdown}[kind](tables)
    write_text_atomic(path, text)
    return f"{path.name}: {len(tables)} step tables"
