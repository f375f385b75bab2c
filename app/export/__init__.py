"""Homework exports: figures (PNG, SVG, PDF), GIF animations, run data (CSV, JSON) and step tables.

One module per job (the names the rest of the app uses are re-exported here):

* ``figure_data``  what a figure draws and how it looks: FigureData, FigureOptions, the print theme,
                   shown_domain, plot_aspect, and SURFACE_CACHE (grids and critical points per surface)
* ``text``         caption and label text: figure_title, caption_html, pretty_formula, fmt
* ``figure``       the offscreen pyqtgraph scene (Figure), built from the core only; ensure_app
* ``items``        its light plot items: the framed plot, device-pixel contour lines, legend samples
* ``render``       painting a figure at a scale (pens rescaled per render), PNG/SVG/PDF files
* ``png``          PNG encoding (encode_png) and the scratch buffers kept between exports (SCRATCH)
* ``gif``          GIF animations streamed frame by frame (save_gif, frame_iterations)
* ``vector``       SVG (with the Persian fonts embedded) and PDF writing
* ``dispatch``     export(scene, path): the format the file name asks for

Run data and step tables need no drawing: ``core.exports`` writes them without Qt (the command line calls it
directly), and ``export()`` hands them over to it.
"""
from core.exports import FORMATS, STEP_TABLE_CSV, output_kind
from core.paths import decimate

from .dispatch import export
from .figure import Figure, ensure_app
from .figure_data import (
    CAPTION_PX,
    CONTOUR_INK,
    CRITICAL_STYLE,
    DASHES,
    DEFAULT_DPI,
    DEFAULT_GIF_WIDTH,
    DEFAULT_WIDTH_CM,
    FONT_FAMILY,
    GRID_POINTS,
    INK,
    LABEL_PX,
    LEGEND_PX,
    LOGICAL_DPI,
    PALETTE,
    SURFACE_CACHE,
    SYMBOLS,
    TICK_PX,
    TITLE_PX,
    FigureData,
    FigureOptions,
    SurfaceCache,
    plot_aspect,
    run_style,
    shown_domain,
)
from .gif import ExportCancelled, default_stride, frame_iterations, save_gif
from .png import SCRATCH, encode_png
from .text import _esc, caption_html, figure_title, fmt, pretty_formula, tr
from .vector import _tolerance

__all__ = [
    "CAPTION_PX", "CONTOUR_INK", "CRITICAL_STYLE", "DASHES", "DEFAULT_DPI", "DEFAULT_GIF_WIDTH", "DEFAULT_WIDTH_CM",
    "FONT_FAMILY", "FORMATS", "GRID_POINTS", "INK", "LABEL_PX", "LEGEND_PX", "LOGICAL_DPI", "PALETTE", "SCRATCH",
    "STEP_TABLE_CSV", "SURFACE_CACHE", "SYMBOLS", "TICK_PX", "TITLE_PX", "ExportCancelled", "Figure", "FigureData",
    "FigureOptions", "SurfaceCache", "_esc", "_tolerance", "caption_html", "decimate", "default_stride",
    "encode_png", "ensure_app", "export", "figure_title", "fmt", "frame_iterations", "output_kind",
    "plot_aspect", "pretty_formula", "run_style", "save_gif", "shown_domain", "tr",
]
