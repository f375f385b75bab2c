"""One entry point for every kind of export file: ``export(scene, path)`` draws figures (PNG, SVG, PDF) and
animations (GIF) here and leaves run data and step tables to ``core.exports`` (which needs no Qt).
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from core import exports
from core import scene as scene_io
from core.exports import output_kind
from core.scene import Scene

from .figure import Figure
from .figure_data import DEFAULT_GIF_WIDTH, LOGICAL_DPI, FigureData, FigureOptions
from .gif import save_gif


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
    return exports.write_data(scene, path, table_steps)
