"""Colours, pens and fonts shared by the views: one place for the look of the app."""
from __future__ import annotations

import functools
import html
import re

from core import palette

# Run colours and line styles, in the window and in exported figures alike: Okabe-Ito and six dash patterns
# (core.palette: the one definition).
RUN_COLORS = palette.RUN_COLORS
run_dash = palette.run_dash

# Curvature directions in the inspector: negative curvature gets its own warm colour.
NEGATIVE_CURVATURE = "#e4572e"
POSITIVE_CURVATURE = "#2e86ab"

# Critical point markers by kind: (pyqtgraph symbol, fill colour).
CRITICAL_MARKERS = {
    "minimum": ("star", "#ffffff"),
    "maximum": ("t1", "#ffd166"),
    "saddle": ("d", "#ef476f"),
    "degenerate": ("s", "#adb5bd"),
}

DIVERGED_COLOR = "#111111"
START_COLOR = "#ffffff"
CONTOUR_COLOR = (255, 255, 255, 110)
PLOT_BACKGROUND = "#ffffff"
PLOT_FOREGROUND = "#222222"
CURSOR_COLOR = "#555555"


def set_dash(pen, dash: str) -> None:
    """Give a QPen the pattern of ``dash`` (flat caps, else round caps fill the gaps of short dashes)."""
    from PySide6 import QtCore

    if dash in palette.DASH_PATTERNS:
        pen.setDashPattern(list(palette.DASH_PATTERNS[dash]))
        pen.setCapStyle(QtCore.Qt.PenCapStyle.FlatCap)


def next_color(used: list[str]) -> str:
    """The first palette colour not in ``used`` (cycling when all are taken)."""
    for color in RUN_COLORS:
        if color not in used:
            return color
    return RUN_COLORS[len(used) % len(RUN_COLORS)]


@functools.lru_cache(maxsize=1)
def surface_colormap():
    """The heatmap colour map: a perceptually uniform sequential map, dark at low loss.

    Low loss (where the runs end) is dark so that the vivid run colours stand out there; contour lines are
    drawn in translucent white over it.
    """
    import pyqtgraph as pg

    return pg.colormap.get("viridis")


PIXMAP_CACHE_KB = 160 * 1024


def cache(*items) -> None:
    """Let Qt keep these items as pixmaps until they change (static layers are then blitted, not redrawn).

    Playback repaints the view every frame; without this the heatmap, contours, faint paths, side-plot curves
    and axes (text) were redrawn each time and a frame took ~50 ms instead of a few.
    """
    from PySide6 import QtGui, QtWidgets

    # Qt keeps item caches in QPixmapCache (10 MB by default): far too small for ~60 cached layers of a few
    # hundred KB to 2 MB each, so every frame would miss and redraw everything.
    if QtGui.QPixmapCache.cacheLimit() < PIXMAP_CACHE_KB:
        QtGui.QPixmapCache.setCacheLimit(PIXMAP_CACHE_KB)
    for item in items:
        target = getattr(item, "curve", item)          # a PlotDataItem draws through its curve child
        target.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)


# Qt draws a combining circumflex (U+0302: m̂, v̂) over its letter with some fonts only: DejaVu Sans and
# Vazirmatn, the app's fonts, drop it; DejaVu Serif (in fonts-dejavu-core, which the README asks for) puts
# it over the letter, in plain and in rich text (checked in screenshots under Xvfb, English and Persian).
HAT_FONT = "DejaVu Serif"
_HATTED = re.compile("\\w\u0302")


def hat_html(text: str) -> str:
    """``text`` as rich text (HTML-escaped), every hatted letter in :data:`HAT_FONT` so that its hat shows."""
    return _HATTED.sub(lambda m: f"<span style=\"font-family:'{HAT_FONT}'\">{m.group(0)}</span>",
                       html.escape(text, quote=False))


def hat_font(text: str, font):
    """``font`` (a QFont), in :data:`HAT_FONT` if ``text`` has a hatted letter: for plain-text cells (table
    items, headers), which cannot mix fonts."""
    if "\u0302" not in text:
        return font
    from PySide6 import QtGui

    font = QtGui.QFont(font)
    font.setFamilies([HAT_FONT] + font.families())
    return font
