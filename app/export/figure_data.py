"""The figure's data and options: what a figure draws (FigureData, computed from the core once), how it looks
(FigureOptions, the print theme's constants, each run's colour, dash and marker) and which part of the plane
it shows (shown_domain, plot_aspect). No Qt here.

Print theme: white background, dark axes, the Okabe-Ito colour-blind-safe palette, and each run also has
its own line style and marker so that a black-and-white print still tells them apart.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core import analysis, grid, palette, rundata, surfaces
from core.scene import RunSpec, Scene

LOGICAL_DPI = 96.0                   # layout unit: one logical pixel is 1/96 inch (CSS, Qt's default)
DEFAULT_WIDTH_CM = 16.0
DEFAULT_DPI = 300
DEFAULT_GIF_WIDTH = 800
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
        xs, ys, Z, log, contours = SURFACE_CACHE.grid(surface, domain)
        critical = SURFACE_CACHE.critical_points(surface, domain) if critical_points else []
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


class SurfaceCache:
    """What a figure needs that depends only on (surface, domain), remembered for the last ``size`` pairs: the
    sampled grid with its contour lines (~13 ms a figure) and the critical points (a typed formula's search is
    not free). Figure after figure of one surface (other steps, starts, optimizers) reuses them.

    Lifetime: one instance, ``SURFACE_CACHE``, owned by this module and shared by every figure of the process
    (window and command line); the least recently used pair is dropped beyond ``size``, so it holds at most
    ``size`` grids of GRID_POINTS² values (~1.3 MB each) and their critical points. ``clear()`` frees them all
    (tests and benchmarks call it to measure or check a figure of a surface not yet drawn).
    """

    def __init__(self, size: int = 4):
        self.size = size
        self.grids: OrderedDict[tuple, tuple] = OrderedDict()
        self.critical: OrderedDict[tuple, list] = OrderedDict()

    def clear(self) -> None:
        self.grids.clear()
        self.critical.clear()

    def _remembered(self, cache: OrderedDict, surface, domain, compute: Callable):
        """``compute()``, remembered in ``cache`` for the last ``size`` (surface, domain) pairs."""
        key = (surface.name, surface.formula, tuple(map(tuple, domain)))
        if key in cache:
            cache.move_to_end(key)
        else:
            cache[key] = compute()
            if len(cache) > self.size:
                cache.popitem(last=False)
        return cache[key]

    def grid(self, surface, domain) -> tuple:
        """(xs, ys, Z, log colours?, contour lines) of a surface over a domain, read-only arrays."""
        def compute():
            xs, ys, Z = grid.sample(surface, domain, n=GRID_POINTS)
            log = grid.prefers_log(Z)
            contours = grid.contour_path(xs, ys, Z, grid.levels(Z, count=15, log=log))
            for a in (xs, ys, Z, contours):
                a.flags.writeable = False
            return xs, ys, Z, log, contours
        return self._remembered(self.grids, surface, domain, compute)

    def critical_points(self, surface, domain) -> list:
        """Critical points of a surface over a domain."""
        return self._remembered(self.critical, surface, domain, lambda: analysis.critical_points(surface, domain))


SURFACE_CACHE = SurfaceCache()


def run_style(index: int, spec: RunSpec, palette: str = "print") -> tuple[str, str, str]:
    """(colour, dash, symbol) of run ``index``: colour-blind-safe colour, line style and marker."""
    color = spec.color if palette == "scene" and spec.color else PALETTE[index % len(PALETTE)]
    return color, DASHES[index % len(DASHES)], SYMBOLS[index % len(SYMBOLS)]
