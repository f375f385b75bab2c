"""Vector figures: SVG through pyqtgraph's exporter (with the Persian fonts embedded) and PDF through QPdfWriter.

Both draw a laid-out figure (``app.export.figure.Figure`` or ``app.grid_figure.GridFigure``) at scale 1 (one
logical pixel at 96 per inch) inside its ``_vector()`` context, where the curves are simplified to what the
page resolves. Written atomically (``core.files``).
"""
from __future__ import annotations

import base64
import re
from pathlib import Path

from PySide6 import QtCore, QtGui

import resources
from core.files import write_bytes_atomic, write_text_atomic

from .. import i18n
from .figure_data import LOGICAL_DPI
from .text import figure_title


def save_svg(figure, path) -> None:
    """SVG through pyqtgraph's exporter (it clips per item, which Qt's generator cannot); the heatmap is
    an embedded raster at the grid's resolution, everything else is vector. Sized in cm like the PDF."""
    from pyqtgraph.exporters import SVGExporter

    figure._set_scale(1.0)
    with figure._vector():
        figure.scene.prepareForPaint()     # view boxes update their data transforms lazily, before a paint
        exporter = SVGExporter(figure.scene)
        params = exporter.parameters()
        params["background"] = QtGui.QColor("white")
        params.param("width").setValue(figure.width, blockSignal=exporter.widthChanged)
        params.param("height").setValue(figure.height, blockSignal=exporter.heightChanged)
        svg = exporter.export(toBytes=True).decode("utf-8")
    # Physical size, and let viewers smooth the heatmap (pyqtgraph asks for pixelated images).
    cm = 2.54 / LOGICAL_DPI
    svg = svg.replace('viewBox =', f'width="{figure.width * cm:.3f}cm" height="{figure.height * cm:.3f}cm" '
                                   'viewBox=', 1)
    svg = re.sub(r"<style>.*?</style>\n", "", svg, count=1, flags=re.S)
    if figure.language == "fa":
        svg = re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + "\n" + _embedded_persian_fonts(), svg, count=1)
    write_text_atomic(path, svg)


def save_pdf(figure, path) -> None:
    """One page of exactly the figure's size: QPdfWriter at 96 dpi (the layout unit), zero margins."""
    figure._set_scale(1.0)
    # Into memory first: QPdfWriter reports no error when the disk fills up (it leaves a truncated file and
    # the painter ends "successfully"); Python's write of the finished bytes does report it.
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    with figure._vector():
        writer = QtGui.QPdfWriter(buffer)
        writer.setResolution(int(LOGICAL_DPI))
        writer.setCreator("Optiscope")
        writer.setTitle(figure_title(figure.data.surface))
        size = QtCore.QSizeF(figure.width * 72 / LOGICAL_DPI, figure.height * 72 / LOGICAL_DPI)
        writer.setPageSize(QtGui.QPageSize(size, QtGui.QPageSize.Unit.Point, "figure",
                                           QtGui.QPageSize.SizeMatchPolicy.ExactMatch))
        writer.setPageMargins(QtCore.QMarginsF(0, 0, 0, 0))
        painter = QtGui.QPainter(writer)
        try:
            painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
            figure._export_mode(True, 1.0, painter)
            target = QtCore.QRectF(0, 0, writer.width(), writer.height())
            figure.scene.render(painter, target, QtCore.QRectF(0, 0, figure.width, figure.height))
        finally:
            figure._export_mode(False)
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


def _tolerance(view_box, pixels: float = 0.1) -> tuple[float, float]:
    """(x, y) data units of ``pixels`` logical pixels in a laid-out view box."""
    (x0, x1), (y0, y1) = view_box.viewRange()
    return (x1 - x0) / (view_box.width() or 1.0) * pixels, (y1 - y0) / (view_box.height() or 1.0) * pixels
