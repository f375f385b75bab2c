"""Painting a laid-out figure at any size: the print scale of its pens, and its PNG, SVG and PDF files.

The scene is laid out once in logical pixels at 96 per inch (a 16 cm figure is 605 px wide); a PNG at
300 dpi is the same scene painted with a scale of 300/96. Pens are cosmetic (their width ignores the
painter's scale), so every pen width is multiplied by the scale for the duration of a render.
Every file is written beside its target and renamed into place (``core.files.atomic_path``).
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore, QtGui

from core.files import write_bytes_atomic

from .. import style
from . import vector
from .figure_data import LOGICAL_DPI
from .png import SCRATCH, encode_png


class Printable:
    """What a figure (``Figure``, ``app.grid_figure.GridFigure``) needs to be painted and saved. The subclass
    builds ``scene`` (``width`` x ``height`` logical pixels), sets ``_pens = []`` and ``_scale``, gives every pen
    through ``_register``, and provides ``_vector()`` (the context SVG and PDF are drawn in)."""

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


    def render_image(self, width_px: int, background=None):
        """The figure as a QImage (RGB32) ``width_px`` wide, on white or on a copy of ``background``."""
        w, h = self.size_for_width(width_px)
        scale = w / self.width
        if background is not None:
            image = background.copy()
        else:
            image = SCRATCH.image(w, h)
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
        vector.save_svg(self, path)

    def save_pdf(self, path) -> None:
        vector.save_pdf(self, path)
