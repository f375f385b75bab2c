"""OpenGL for the 3D view: whether it can be used here (:func:`gl_available`, never crashing), the lit shader
and per-item GL state, the GL widget that reports a failed initialisation, and the 2D overlay (labels and flat
markers) drawn over it. pyqtgraph.opengl is imported only when the GL classes are first needed.
"""
from __future__ import annotations

import functools
import importlib
import logging
import re
from typing import NamedTuple

import numpy as np
from PySide6 import QtCore, QtGui

from .. import i18n

log = logging.getLogger(__name__)

TEXT_COLOR = QtGui.QColor("#333333")
HALO_PEN = QtGui.QPen(QtGui.QColor(255, 255, 255, 220), 3.0)
# Qt platforms without QOpenGLWidget support ("QOpenGLWidget is not supported on this platform"): a context
# may still be created there (offscreen with an X display), but the widget would draw nothing.
_NO_GL_WIDGETS = {"offscreen", "minimal", "vnc", "linuxfb"}


def _tr(text: str) -> str:
    return QtCore.QCoreApplication.translate("Surface3DView", text)


@functools.cache
def gl_available() -> tuple[bool, str]:
    """(True, "OpenGL <version>") if the 3D view can be shown, else (False, why); checked once per process.

    Needs a QGuiApplication. Checks that PyOpenGL and pyqtgraph.opengl import, that an OpenGL context can be
    created and made current on an offscreen surface, that its version is at least 2.1 (pyqtgraph's need),
    and that the Qt platform can show OpenGL widgets. Never raises.
    """
    try:
        return _probe_gl()
    except Exception as exc:          # a broken driver must not take the app down: no 3D view then
        log.exception("OpenGL probe")
        return False, _tr("Checking OpenGL failed: {0}").format(exc)


def _probe_gl() -> tuple[bool, str]:
    try:
        GL = importlib.import_module("OpenGL.GL")
        importlib.import_module("pyqtgraph.opengl")
    except Exception as exc:          # ImportError, or PyOpenGL failing to load the system's libGL
        return False, _tr("PyOpenGL is missing or cannot load the system's OpenGL library ({0}).").format(
            i18n.error_text(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    if QtGui.QGuiApplication.instance() is None:
        return False, _tr("No Qt application is running.")
    context = QtGui.QOpenGLContext()
    if not context.create():
        return False, _tr("No OpenGL context could be created (no OpenGL driver, or a remote desktop "
                          "without OpenGL).")
    surface = QtGui.QOffscreenSurface()
    surface.setFormat(context.format())
    surface.create()
    try:
        if not surface.isValid() or not context.makeCurrent(surface):
            return False, _tr("An OpenGL context was created but could not be used.")
        raw = GL.glGetString(GL.GL_VERSION) or b""
        context.doneCurrent()
    finally:
        surface.destroy()
    version = raw.decode("ascii", "replace")
    match = re.search(r"(\d+)\.(\d+)", version)
    if not context.isOpenGLES() and (match is None or (int(match[1]), int(match[2])) < (2, 1)):
        return False, _tr("OpenGL {0} is too old: the 3D view needs version 2.1 or newer.").format(
            version or "?")
    platform = QtGui.QGuiApplication.platformName()
    if platform in _NO_GL_WIDGETS:
        return False, _tr("The Qt platform “{0}” cannot show OpenGL views.").format(platform)
    return True, _tr("OpenGL {0}").format(version)


@functools.cache
def lit_shader():
    """Two-sided diffuse + a soft highlight, light from above-right of the camera (the vertex colours lit).

    pyqtgraph's "shaded" shader lights from one side only and leaves faces turned away almost black.
    """
    from pyqtgraph.opengl import shaders

    return shaders.ShaderProgram(None, [
        shaders.VertexShader("""
            uniform mat4 u_mvp;
            uniform mat3 u_normal;
            attribute vec4 a_position;
            attribute vec3 a_normal;
            attribute vec4 a_color;
            varying vec4 v_color;
            varying vec3 v_normal;
            void main() {
                v_normal = normalize(u_normal * a_normal);
                v_color = a_color;
                gl_Position = u_mvp * a_position;
            }
        """),
        shaders.FragmentShader("""
            #ifdef GL_ES
            precision mediump float;
            #endif
            varying vec4 v_color;
            varying vec3 v_normal;
            void main() {
                vec3 n = normalize(v_normal);
                vec3 light = normalize(vec3(0.35, 0.6, 1.0));
                float diffuse = abs(dot(n, light));
                float shine = pow(abs(dot(n, normalize(light + vec3(0.0, 0.0, 1.0)))), 48.0);
                vec3 rgb = v_color.rgb * (0.5 + 0.6 * diffuse) + 0.18 * shine;
                gl_FragColor = vec4(min(rgb, vec3(1.0)), v_color.a);
            }
        """),
    ])


def gl_options(depth: bool, blend: bool, offset: bool = False) -> dict:
    """GL state for an item: depth test, alpha blending, and pushing filled polygons back (for the mesh)."""
    from OpenGL import GL

    opts = {GL.GL_DEPTH_TEST: depth, GL.GL_BLEND: blend, GL.GL_CULL_FACE: False,
            GL.GL_POLYGON_OFFSET_FILL: offset}
    if blend:
        opts["glBlendFuncSeparate"] = (GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA, GL.GL_ONE,
                                       GL.GL_ONE_MINUS_SRC_ALPHA)
    if offset:                        # lines lying on the mesh then win the depth test
        opts["glPolygonOffset"] = (1.5, 1.5)
    return opts


class MarkerLayer(NamedTuple):
    """Flat markers (pyqtgraph symbols, as in the 2D view) at 3D points, drawn by the overlay."""

    pos: np.ndarray                   # (M, 3) display coordinates
    symbol: str                       # a pyqtgraph symbol name: "star", "d", "x", ...
    size: float                       # pixels
    pen: QtGui.QPen
    brushes: list                     # M QBrushes


def _text_outline(text: str, font: QtGui.QFont, align) -> QtGui.QPainterPath:
    """The text's outline placed so that its anchor (per ``align``, as GLTextItem's) is at (0, 0)."""
    path = QtGui.QPainterPath()
    path.addText(0.0, 0.0, font, text)
    rect = QtGui.QFontMetricsF(font).tightBoundingRect(text)
    flags = QtCore.Qt.AlignmentFlag
    dx = rect.width() if align & flags.AlignRight else rect.width() / 2 if align & flags.AlignHCenter else 0.0
    dy = rect.height() if align & flags.AlignTop else rect.height() / 2 if align & flags.AlignVCenter else 0.0
    return path.translated(-dx, dy)


@functools.cache
def gl_classes():
    """The GL widget and overlay classes, defined on first use (importing pyqtgraph.opengl needs PyOpenGL)."""
    import pyqtgraph.opengl as gl
    from pyqtgraph.graphicsItems.ScatterPlotItem import Symbols
    from PySide6 import QtOpenGL

    class GLView(gl.GLViewWidget):
        """A GLViewWidget that reports a failed initialisation instead of raising from the paint machinery.

        Signals: sigFailed(str reason), emitted when OpenGL cannot be initialised after all; sigPainted(), after
        the first frame drawn.
        """

        sigFailed = QtCore.Signal(str)
        sigPainted = QtCore.Signal()
        _failed = _painted = False

        def initializeGL(self):
            try:
                super().initializeGL()
            except Exception as exc:          # e.g. "Requires >= OpenGL 2.1" on an old remote desktop
                self._failed = True
                self.sigFailed.emit(i18n.error_text(exc))

        def paintGL(self):
            super().paintGL()
            if not (self._painted or self._failed):
                self._painted = True
                self.sigPainted.emit()

    class Overlay(gl.GLGraphicsItem.GLGraphicsItem):
        """Text labels and flat markers at 3D points, painted with one QPainter over the GL scene.

        It paints on a QOpenGLPaintDevice (the framebuffer being drawn), not on the widget: QWidget.grab (the
        window screenshot) redirects a painter opened on the widget into the screenshot image, under the GL
        picture, which then covered every label. Text outlines are built once (~0.7 ms per label per frame
        otherwise). Markers are drawn without a depth test, like the heads: a point behind a ridge still shows.

        ``labels``: list of (pos (3,), text, outline); ``layers``: name -> MarkerLayer, drawn in that order.
        """

        def __init__(self):
            super().__init__()
            self.labels: list = []
            self.layers: dict[str, MarkerLayer] = {}

        def set_labels(self, labels) -> None:
            """``labels``: (pos, text, QFont, alignment) each; the text's anchor is at ``pos``."""
            self.labels = [(np.asarray(pos, dtype=float), text, _text_outline(text, font, align))
                           for pos, text, font, align in labels]
            self.update()

        def set_layer(self, name: str, layer: MarkerLayer) -> None:
            self.layers[name] = layer
            self.update()

        def project(self, pos: np.ndarray) -> np.ndarray:
            """(M, 3) points -> (M, 2) widget pixels (logical); NaN for points behind the camera."""
            rect = QtCore.QRectF(self.view().rect())
            to_pixels = QtGui.QMatrix4x4()
            to_pixels.viewport(rect.left(), rect.bottom(), rect.width(), -rect.height())
            m = np.array((to_pixels * self.mvpMatrix()).copyDataTo(), dtype=float).reshape(4, 4)
            h = np.column_stack([pos, np.ones(len(pos))]) @ m.T
            with np.errstate(divide="ignore", invalid="ignore"):
                xy = h[:, :2] / h[:, 3:]
            xy[h[:, 3] <= 0] = np.nan
            return xy

        def paint(self):
            layers = [layer for layer in self.layers.values() if len(layer.pos)]
            if not self.labels and not layers:
                return
            self.setupGLState()
            view = self.view()
            ratio = view.devicePixelRatioF()
            device = QtOpenGL.QOpenGLPaintDevice(QtCore.QSize(round(view.width() * ratio),
                                                              round(view.height() * ratio)))
            device.setDevicePixelRatio(ratio)
            painter = QtGui.QPainter(device)
            painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
            for layer in layers:
                painter.setPen(layer.pen)
                path = Symbols[layer.symbol]
                for (x, y), brush in zip(self.project(layer.pos), layer.brushes, strict=True):
                    if np.isfinite(x) and np.isfinite(y):
                        painter.setTransform(QtGui.QTransform(layer.size, 0, 0, layer.size, x, y))
                        painter.setBrush(brush)
                        painter.drawPath(path)
            if self.labels:
                at = self.project(np.array([pos for pos, _, _ in self.labels]))
                for (x, y), (_, _, outline) in zip(at, self.labels, strict=True):
                    if np.isfinite(x) and np.isfinite(y):
                        painter.setTransform(QtGui.QTransform.fromTranslate(x, y))
                        painter.strokePath(outline, HALO_PEN)
                        painter.fillPath(outline, TEXT_COLOR)
            painter.end()

    return GLView, Overlay
