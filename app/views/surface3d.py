"""The 3D view: the loss surface as a lit mesh with every run lifted onto it, linked to the playback.

It observes the session like the 2D view and never changes it. Heights use the 2D view's colour scale
(f, or log10(1 + f - f_min) when the values span many decades) so that a Rosenbrock valley is not a flat
sheet beside one tall wall; colours are the 2D heatmap's colour map over the same range.

Work is split by signal so that playback stays cheap:
    sigSurfaceChanged       rebuild the mesh, contours, floor grid, axis labels and camera (the only mesh work)
    sigCriticalPointsChanged
                            put the critical points on the surface (the 2D view's symbol and colour per kind)
    sigRunsChanged / sigTrajectoriesChanged
                            lift every path onto the surface once, as line segments sorted by step, and find
                            where each diverged run was last drawable
    sigIterationChanged     show the first segments up to the iteration (an array slice), move the heads, and
                            put a cross where a diverged run left (as the 2D view does)

Where OpenGL cannot be used (no driver, a remote desktop without OpenGL, Qt's offscreen platform) the widget
shows a message saying why instead of the GL view; :func:`gl_available` decides without crashing.
"""
from __future__ import annotations

import logging
import re

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from core import grid

from .. import style
from . import gl3d
from .gl3d import gl_available

log = logging.getLogger(__name__)

MESH_POINTS = 150          # grid points per side of the mesh (150 x 150 vertices)
HEIGHT_RATIO = 0.5         # the highest point stands this fraction of the domain's larger side above the lowest
LIFT_RATIO = 0.012         # paths float this fraction of the height above the surface so it never hides them
CONTOUR_LIFT_RATIO = 0.003
FLOOR_RATIO = 0.06         # the floor grid lies this fraction of the height below the lowest point
CONTOUR_COUNT = 15
OUTSIDE_MARGIN = 0.05      # paths are drawn up to this fraction of the domain outside it
CAMERA = {"elevation": 42.0, "azimuth": -100.0, "fov": 40.0}
CAMERA_DISTANCE = 3.0      # x the domain's larger side
NAN_COLOR = (0.8, 0.8, 0.8, 1.0)
GHOST_ALPHA = 0.4          # opacity of the part of a path hidden behind the surface
# Critical points and divergence crosses as in the 2D view (style.CRITICAL_MARKERS, style.DIVERGED_COLOR).
CRITICAL_SIZE = 15
CRITICAL_PEN = QtGui.QPen(QtGui.QColor("#111111"), 1.2)
CROSS_SIZE = 16
CROSS_PEN = QtGui.QPen(QtGui.QColor(style.DIVERGED_COLOR), 1.5)
for _pen in (CRITICAL_PEN, CROSS_PEN):
    _pen.setCosmetic(True)            # widths in pixels, whatever the symbol's scale



def _rgba(color: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    c = QtGui.QColor(color)
    return c.redF(), c.greenF(), c.blueF(), alpha


def _nice_ticks(lo: float, hi: float, count: int = 5) -> np.ndarray:
    """Round tick values (1, 2 or 5 x 10^k apart) inside [lo, hi], about ``count`` of them."""
    span = hi - lo
    if not span > 0:
        return np.array([lo])
    raw = span / count
    step = 10.0 ** np.floor(np.log10(raw))
    step *= next(m for m in (1, 2, 5, 10) if m * step >= raw)
    first = np.ceil(lo / step - 1e-9) * step
    ticks = np.arange(first, hi + step * 1e-9, step)
    ticks[np.abs(ticks) < step * 1e-9] = 0.0          # no "-0"
    return ticks


def _tick_text(value: float) -> str:
    """4 significant digits, exponents short: 0.5, 250, 1e4, 2.5e-5."""
    return re.sub(r"e([+-])0*(\d)", lambda m: "e" + m[1].replace("+", "") + m[2], f"{value:.4g}")


class _RunItems:
    """The GL items and lifted segments of one run."""

    def __init__(self, gl, view):
        # The line where it is in front, and a faint copy drawn over everything, so that the part of a path
        # behind a ridge or inside a valley still shows (x-ray style) while the front part reads as in front.
        self.line = gl.GLLinePlotItem(mode="lines", width=3.0, antialias=True,
                                      glOptions=gl3d.gl_options(depth=True, blend=True))
        self.ghost = gl.GLLinePlotItem(mode="lines", width=1.5, antialias=True,
                                       glOptions=gl3d.gl_options(depth=False, blend=True))
        self.line.setDepthValue(10)
        self.ghost.setDepthValue(11)
        view.addItem(self.line)
        view.addItem(self.ghost)
        self.segments = np.empty((0, 3), np.float32)   # (2 * S, 3): segment endpoints, sorted by step
        self.counts = np.zeros(1, int)                 # counts[k]: segments of steps < k
        self.exit_pos = np.empty((0, 3))               # (N, 3): where each diverged start is marked, else NaN
        self.cross_at = np.empty(0, int)               # (N,): iteration from which that mark shows

    def set_color(self, color: str) -> None:
        self.line.setData(color=_rgba(color))
        self.ghost.setData(color=_rgba(color, GHOST_ALPHA))

    def show(self, segments: np.ndarray, visible: bool) -> None:
        for item in (self.line, self.ghost):
            item.setVisible(visible and len(segments) > 0)
            if len(segments):
                item.setData(pos=segments)

    def remove(self, view) -> None:
        view.removeItem(self.line)
        view.removeItem(self.ghost)


class Surface3DView(QtWidgets.QWidget):
    """The surface in 3D with the runs lifted onto it; rotate by dragging, zoom with the wheel.

    Attributes (for the main window and tests): ``gl_view`` (the GLViewWidget, None without OpenGL),
    ``message`` (the label shown without OpenGL), ``mesh``, ``heads`` and ``starts_item`` (GL items),
    ``overlay`` (the labels, and a marker layer per critical-point kind), ``cross_overlay`` (the layer
    "diverged"), ``lift`` (height of the paths above the surface, in display units). :meth:`height` maps f
    to display z.

    Signals: sigReady(bool available), emitted once the lazily built 3D page has settled: True after the GL
    view's first paint (the attributes above exist and are drawn), False when there is no OpenGL after all
    (the probe or the widget's initialisation failed) and the message is shown. ``ready``: whether it was
    emitted (wait on the signal only while it is False).
    """

    sigReady = QtCore.Signal(bool)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.gl_view = None
        self._log: bool | None = None        # None: as the surface prefers (grid.prefers_log), like the 2D view
        self._runs: list[_RunItems] = []
        self._show_critical = True
        self._domain = ((0.0, 1.0), (0.0, 1.0))
        self._f_lo, self._f_hi, self._s_lo, self._z_scale = 0.0, 1.0, 0.0, 1.0
        self.lift = 0.0

        self._stack = QtWidgets.QStackedLayout(self)
        self.message = QtWidgets.QLabel(alignment=QtCore.Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.message.setMargin(24)
        self.message.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        # The GL widget is made when the view is first painted on screen: once a window holds a QOpenGLWidget,
        # Qt composes the whole window through OpenGL, which made playback several times slower with software
        # OpenGL (llvmpipe) even while the 3D tab was behind another. A window whose 3D view is never looked at
        # pays nothing. (Not showEvent: a dock tabbed behind another is "shown", off-screen, but never painted.)
        # OpenGL is probed then too, or when asked (``available``): the probe takes 0.2-0.3 s of the launch.
        self._gl_pending: bool | None = None         # None: not probed yet; True: to build when painted
        self._gl_scheduled = False
        self.ready = False
        self._stack.addWidget(self.message)          # empty until the probe says why there is no GL

    @property
    def available(self) -> bool:
        """True if the GL view is (or will be, when first shown) there; False: the message is shown instead."""
        self._probe()
        return self._gl_pending or self.gl_view is not None

    def _probe(self) -> None:
        """Decide once whether there will be a GL view; without one show the message saying why."""
        if self._gl_pending is None:
            ok, reason = gl_available()
            self._gl_pending = ok
            if not ok:
                self._show_unavailable(reason)
                self._set_ready(False)

    def paintEvent(self, event):
        if self._gl_pending is not False and not self._gl_scheduled:
            self._gl_scheduled = True                  # not while painting: build on the next loop turn
            QtCore.QTimer.singleShot(0, self, self._build_pending_gl)
        super().paintEvent(event)

    def _build_pending_gl(self) -> None:
        self._probe()
        if self._gl_pending:
            self._gl_pending = False
            self._build_gl()

    # --- without OpenGL --------------------------------------------------------------------------

    def _show_unavailable(self, reason: str) -> None:
        self.message.setText(self.tr("The 3D view needs OpenGL, which is not available here:\n{0}\n\n"
                                     "Everything else in Optiscope works as usual; the 2D view shows the "
                                     "same surface and runs.").format(reason))
        if self._stack.indexOf(self.message) < 0:
            self._stack.addWidget(self.message)
        self._stack.setCurrentWidget(self.message)

    def _on_gl_failed(self, reason: str) -> None:
        """The GL widget could not initialise after all (seen on some remote desktops): show the message."""
        log.warning("3D view disabled: %s", reason)
        self._disconnect()
        page, self.gl_view = self._page, None
        self._show_unavailable(reason)
        self._stack.removeWidget(page)
        page.deleteLater()
        self._set_ready(False)

    def _set_ready(self, available: bool) -> None:
        if not self.ready:
            self.ready = True
            self.sigReady.emit(available)

    # --- building --------------------------------------------------------------------------------

    def _build_gl(self) -> None:
        import pyqtgraph.opengl as gl

        self._gl = gl
        page = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        bar = QtWidgets.QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 0)
        self.reset_button = QtWidgets.QPushButton(self.tr("Reset camera"))
        self.reset_button.setToolTip(self.tr("Look at the whole surface from the default angle"))
        self.reset_button.clicked.connect(self.reset_camera)
        bar.addWidget(self.reset_button)
        hint = QtWidgets.QLabel(self.tr("Drag to rotate, scroll to zoom, Ctrl+drag or middle-drag to pan"))
        hint.setStyleSheet("color: #666666;")
        bar.addWidget(hint, 1)
        layout.addLayout(bar)

        self.gl_view = gl3d.gl_classes()[0]()
        self.gl_view.sigFailed.connect(self._on_gl_failed, QtCore.Qt.ConnectionType.QueuedConnection)
        self.gl_view.sigPainted.connect(lambda: self._set_ready(True), QtCore.Qt.ConnectionType.QueuedConnection)
        self.gl_view.setBackgroundColor(style.PLOT_BACKGROUND)
        self.gl_view.setToolTip(self.tr("The loss surface in 3D: drag to rotate, scroll to zoom"))
        layout.addWidget(self.gl_view, 1)
        self._stack.addWidget(page)
        self._page = page

        view = self.gl_view
        self.mesh = gl.GLSurfacePlotItem(shader=gl3d.lit_shader(), smooth=True,
                                         glOptions=gl3d.gl_options(depth=True, blend=False, offset=True))
        self.contours = gl.GLLinePlotItem(mode="lines", width=1.0, antialias=True, color=(1, 1, 1, 0.45),
                                          glOptions=gl3d.gl_options(depth=True, blend=True))
        self.floor = gl.GLLinePlotItem(mode="lines", width=1.0, antialias=True, color=(0, 0, 0, 0.16),
                                       glOptions=gl3d.gl_options(depth=True, blend=True))
        self.axes = gl.GLLinePlotItem(mode="lines", width=1.5, antialias=True, color=(0.2, 0.2, 0.2, 0.8),
                                      glOptions=gl3d.gl_options(depth=True, blend=True))
        # Markers are drawn over everything (no depth test): a head behind a ridge is still where it is.
        markers = gl3d.gl_options(depth=False, blend=True)
        self.starts_ring = gl.GLScatterPlotItem(size=15, color=_rgba("#111111"), glOptions=markers)
        self.starts_item = gl.GLScatterPlotItem(size=10, color=_rgba(style.START_COLOR), glOptions=markers)
        self.heads_ring = gl.GLScatterPlotItem(size=15, color=(1, 1, 1, 1), glOptions=markers)
        self.heads = gl.GLScatterPlotItem(size=11, glOptions=markers)
        for depth, item in enumerate((self.floor, self.axes, self.mesh, self.contours)):
            item.setDepthValue(depth - 10)
            view.addItem(item)
        # Labels and critical points (flat symbols, as in 2D) under the starts and heads, crosses over them.
        self.overlay, self.cross_overlay = gl3d.gl_classes()[1](), gl3d.gl_classes()[1]()
        self.overlay.setDepthValue(15)
        self.cross_overlay.setDepthValue(30)
        view.addItem(self.overlay)
        view.addItem(self.cross_overlay)
        for depth, item in enumerate((self.starts_ring, self.starts_item, self.heads_ring, self.heads)):
            item.setDepthValue(20 + depth)
            view.addItem(item)

        s = self.session
        self._connections = [(s.sigSurfaceChanged, self._on_surface_changed),
                             (s.sigRunsChanged, self._on_runs_changed),
                             (s.sigStartsChanged, self._draw_starts),
                             (s.sigTrajectoriesChanged, self._on_trajectories_changed),
                             (s.sigIterationChanged, self._draw_iteration),
                             (s.sigCriticalPointsChanged, self._draw_critical)]
        for signal, slot in self._connections:
            signal.connect(slot)
        self._stack.setCurrentWidget(page)
        self._load_surface(auto_log=self._log is None)

    def _disconnect(self) -> None:
        for signal, slot in getattr(self, "_connections", []):
            signal.disconnect(slot)
        self._connections = []

    # --- options ---------------------------------------------------------------------------------

    @property
    def log_scale(self) -> bool:
        return bool(self._log)

    def set_log_scale(self, on: bool) -> None:
        """Heights and colours by log10(1 + f - f_min) instead of f (follow the 2D view's toggle with this)."""
        on = bool(on)
        if on == self._log:
            return
        self._log = on
        if self.gl_view is not None:
            self._draw_surface()
            self._on_trajectories_changed()

    def set_show_critical(self, on: bool) -> None:
        """Show or hide the critical points (follow the 2D view's toggle with this)."""
        self._show_critical = bool(on)
        if self.gl_view is not None:
            self._draw_critical()

    def reset_camera(self) -> None:
        """Look at the whole domain from the front (low y), a little to the left and above."""
        if self.gl_view is None:
            return
        from pyqtgraph import Vector

        (x0, x1), (y0, y1) = self._domain
        span = max(x1 - x0, y1 - y0)
        self.gl_view.setCameraParams(center=Vector((x0 + x1) / 2, (y0 + y1) / 2, 0.3 * HEIGHT_RATIO * span),
                                     distance=CAMERA_DISTANCE * span, **CAMERA)

    # --- heights ---------------------------------------------------------------------------------

    def height(self, f) -> np.ndarray:
        """Display z of loss values ``f``: clipped to the sampled range, log-scaled if on, then scaled."""
        f = np.clip(np.asarray(f, dtype=float), self._f_lo, self._f_hi)
        shown = np.log10(1.0 + f - self._f_lo) if self._log else f
        return (shown - self._s_lo) * self._z_scale

    # --- the surface -----------------------------------------------------------------------------

    def _on_surface_changed(self, *_):
        self._load_surface(auto_log=True)       # a new surface starts on its preferred scale, as in 2D

    def _load_surface(self, auto_log: bool) -> None:
        surface = self.session.surface
        self._domain = tuple(tuple(float(v) for v in pair) for pair in surface.domain)
        self._xs, self._ys, self._Z = grid.sample(surface, n=MESH_POINTS)
        if auto_log:
            self._log = grid.prefers_log(self._Z)
        self._draw_surface()
        self.reset_camera()
        self._on_runs_changed()

    def _draw_surface(self) -> None:
        """Mesh, lifted contours, floor grid and axes from the sampled grid and the current scale."""
        xs, ys, Z = self._xs, self._ys, self._Z
        finite = Z[np.isfinite(Z)]
        self._f_lo, self._f_hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        if self._f_hi <= self._f_lo:
            self._f_hi = self._f_lo + 1.0
        (x0, x1), (y0, y1) = self._domain
        span = max(x1 - x0, y1 - y0)
        top = HEIGHT_RATIO * span
        self._s_lo = 0.0 if self._log else self._f_lo
        s_hi = float(np.log10(1.0 + self._f_hi - self._f_lo)) if self._log else self._f_hi
        self._z_scale = top / (s_hi - self._s_lo)
        self.lift = LIFT_RATIO * top

        heights = self.height(np.where(np.isfinite(Z), Z, self._f_lo))          # undefined: lowest, grey
        colors = style.surface_colormap().map(heights / top, mode="float").astype(np.float32)
        colors[~np.isfinite(Z)] = NAN_COLOR
        self.mesh.setData(x=xs, y=ys, z=heights.T.astype(np.float32),                # GL wants z[x, y]
                          colors=np.ascontiguousarray(colors.transpose(1, 0, 2)).reshape(-1, 4))

        pieces = []
        levels = grid.levels(Z, count=CONTOUR_COUNT, log=self._log)
        for level, lines in zip(levels, grid.contour_lines(xs, ys, Z, levels), strict=True):
            z = float(self.height(level)) + CONTOUR_LIFT_RATIO * top
            for line in lines:
                if len(line) > 1:
                    pts = np.column_stack([line, np.full(len(line), z)])
                    pieces.append(np.stack([pts[:-1], pts[1:]], axis=1).reshape(-1, 3))
        self._set_lines(self.contours, np.vstack(pieces) if pieces else np.empty((0, 3)))
        self._draw_frame(top)
        self._draw_critical()

    def _draw_frame(self, top: float) -> None:
        """Floor grid at round x and y values with their labels, and a vertical f axis at the back corner."""
        (x0, x1), (y0, y1) = self._domain
        span = max(x1 - x0, y1 - y0)
        floor = -FLOOR_RATIO * top
        xt, yt = _nice_ticks(x0, x1), _nice_ticks(y0, y1)
        seg = [((x, y0, floor), (x, y1, floor)) for x in (x0, *xt, x1)]
        seg += [((x0, y, floor), (x1, y, floor)) for y in (y0, *yt, y1)]
        self._set_lines(self.floor, np.array(seg, dtype=float).reshape(-1, 3))
        ft = self._f_ticks()
        zt = self.height(ft)
        keep = np.concatenate([[True], np.diff(zt) >= 0.12 * top])     # no labels on top of each other
        ft, zt = ft[keep], zt[keep]
        axis = [((x0, y1, floor), (x0, y1, top))]
        axis += [((x0, y1, z), (x0 - 0.015 * span, y1, z)) for z in zt]
        self._set_lines(self.axes, np.array(axis, dtype=float).reshape(-1, 3))

        pad = 0.05 * span
        small, big = QtGui.QFont(), QtGui.QFont()
        small.setPointSize(9)
        big.setPointSize(12)
        big.setBold(True)
        center = QtCore.Qt.AlignmentFlag.AlignHCenter | QtCore.Qt.AlignmentFlag.AlignVCenter
        right = QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
        labels = [((x, y0 - pad, floor), _tick_text(x), small, center) for x in xt]
        labels += [((x1 + pad, y, floor), _tick_text(y), small, center) for y in yt]
        labels += [((x0 - 0.03 * span, y1, z), _tick_text(f), small, right)
                   for z, f in zip(zt, ft, strict=True)]
        labels += [(((x0 + x1) / 2, y0 - 2.6 * pad, floor), "x", big, center),
                   ((x1 + 2.6 * pad, (y0 + y1) / 2, floor), "y", big, center),
                   ((x0, y1, top * 1.12), self.tr("f (log scale)") if self._log else "f", big, center)]
        self.overlay.set_labels(labels)

    def _f_ticks(self) -> np.ndarray:
        """Values of f for the vertical axis: round values, or f_min + 0, 1, 10, 100, ... on the log scale."""
        lo, hi = self._f_lo, self._f_hi
        if not self._log:
            return _nice_ticks(lo, hi)
        decades = 10.0 ** np.arange(0, int(np.floor(np.log10(hi - lo))) + 1)
        decades = decades[::-(-len(decades) // 5)]                  # at most 5 of them
        ticks = lo + np.concatenate([[0.0], decades])
        ticks[np.abs(ticks) < 1e-3] = 0.0             # Rosenbrock's grid minimum 4.5e-05: its minimum is 0
        return ticks

    # --- critical points -------------------------------------------------------------------------

    def _draw_critical(self, *_):
        """One marker layer per kind at (x, y, f) lifted onto the surface; none until they are computed."""
        points = (self.session.critical_points or []) if self._show_critical else []
        for kind, (symbol, fill) in style.CRITICAL_MARKERS.items():
            chosen = [p for p in points if p.kind == kind]
            xy = np.array([p.xy for p in chosen], dtype=float).reshape(-1, 2)
            pos = self._lifted(xy, np.array([p.value for p in chosen], dtype=float))
            pos = pos[np.isfinite(pos).all(axis=1)]
            self.overlay.set_layer(kind, gl3d.MarkerLayer(pos, symbol, CRITICAL_SIZE, CRITICAL_PEN,
                                                      [QtGui.QBrush(QtGui.QColor(fill))] * len(pos)))

    @staticmethod
    def _set_lines(item, pos: np.ndarray) -> None:
        item.setVisible(len(pos) > 0)
        if len(pos):
            item.setData(pos=pos)

    # --- runs ------------------------------------------------------------------------------------

    def _on_runs_changed(self, *_):
        runs = self.session.runs
        while len(self._runs) > len(runs):
            self._runs.pop().remove(self.gl_view)
        while len(self._runs) < len(runs):
            self._runs.append(_RunItems(self._gl, self.gl_view))
        for items, run in zip(self._runs, runs, strict=True):
            items.set_color(run.color)
        self._on_trajectories_changed()

    def _on_trajectories_changed(self, *_):
        """Lift every path onto the surface once; playback then only slices these segments."""
        results = self.session.trajectories
        if len(results) != len(self._runs):
            return                      # runs changed too; _on_runs_changed redraws
        for items, res in zip(self._runs, results, strict=True):
            items.segments, items.counts = self._lift(res.path, res.loss)
            items.exit_pos, items.cross_at = self._exits(res)
        self._draw_starts()
        self._draw_iteration()

    def _lifted(self, xy: np.ndarray, f: np.ndarray) -> np.ndarray:
        """(..., 2) points and their f -> (..., 3) points just above the surface; NaN where undrawable."""
        (x0, x1), (y0, y1) = self._domain
        mx, my = OUTSIDE_MARGIN * (x1 - x0), OUTSIDE_MARGIN * (y1 - y0)
        with np.errstate(invalid="ignore"):
            inside = ((xy[..., 0] >= x0 - mx) & (xy[..., 0] <= x1 + mx)
                      & (xy[..., 1] >= y0 - my) & (xy[..., 1] <= y1 + my) & np.isfinite(f))
        out = np.concatenate([xy, (self.height(f) + self.lift)[..., None]], axis=-1)
        out[~inside] = np.nan
        return out

    def _lift(self, path: np.ndarray, loss: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Segments (step t -> t+1 of every start, drawable ends only) sorted by t, and counts per step.

        counts[k] is the number of segments with t < k, so the path up to iteration k is segments[:2*counts[k]].
        """
        pts = self._lifted(path, loss)                                  # (K, N, 3)
        pairs = np.stack([pts[:-1], pts[1:]], axis=2)                   # (K-1, N, 2, 3), step-major
        ok = np.isfinite(pairs).all(axis=(2, 3))                        # (K-1, N)
        counts = np.concatenate([[0], np.cumsum(ok.sum(axis=1))])
        return np.ascontiguousarray(pairs[ok].reshape(-1, 3), dtype=np.float32), counts

    def _exits(self, res) -> tuple[np.ndarray, np.ndarray]:
        """Where each diverged start is marked: (N, 3) lifted points and (N,) iterations from which it is.

        The mark is the last iterate kept that is drawable (inside the domain and its margin), where its
        drawn path ends. It shows from the iteration after that one (the head has then left the view for
        good, or the next step left the divergence box), as in 2D. Others: NaN and never.
        """
        n = len(res.status)
        pos, cross_at = np.full((n, 3), np.nan), np.full(n, np.iinfo(np.int64).max)
        for j, status in enumerate(res.status):
            last = int(res.last_finite[j])
            if status != "diverged" or last < 0:
                continue
            drawable = np.isfinite(self._lifted(res.path[: last + 1, j], res.loss[: last + 1, j])).all(axis=1)
            if drawable.any():
                k = int(np.flatnonzero(drawable)[-1])
                pos[j] = self._lifted(res.path[k, j], res.loss[k, j])
                cross_at[j] = k + 1
        return pos, cross_at

    def _draw_starts(self, *_):
        starts = self.session.starts_array
        with np.errstate(all="ignore"):
            f = self.session.surface.value(starts)
        pos = self._lifted(starts, f)
        pos = pos[np.isfinite(pos).all(axis=1)]
        for item in (self.starts_ring, self.starts_item):
            self._set_points(item, pos)

    def _draw_iteration(self, *_):
        """Cut every run at the current iteration and put its heads there."""
        k = self.session.iteration
        runs, results = self.session.runs, self.session.trajectories
        if len(results) != len(self._runs):
            return
        heads, colors, crosses, cross_brushes = [], [], [], []
        for items, run, res in zip(self._runs, runs, results, strict=True):
            kk = min(k, len(res.path) - 1)
            items.show(items.segments[: 2 * items.counts[kk]], run.visible)
            if not run.visible:
                continue
            crossed = items.cross_at <= kk
            crosses.append(items.exit_pos[crossed])
            cross_brushes += [_brush(run.color)] * int(crossed.sum())
            n = res.path.shape[1]
            idx = np.minimum(kk, res.last_finite)
            cols = np.arange(n)
            pos = self._lifted(res.path[idx, cols], res.loss[idx, cols])[~crossed]
            pos = pos[np.isfinite(pos).all(axis=1)]                     # out of the view: no head
            heads.append(pos)
            colors.append(np.tile(_rgba(run.color), (len(pos), 1)))
        pos = np.vstack(heads) if heads else np.empty((0, 3))
        self._set_points(self.heads_ring, pos)
        self._set_points(self.heads, pos, np.vstack(colors) if colors else None)
        crossed = np.vstack(crosses) if crosses else np.empty((0, 3))
        self.cross_overlay.set_layer("diverged", gl3d.MarkerLayer(crossed, "x", CROSS_SIZE, CROSS_PEN, cross_brushes))

    @staticmethod
    def _set_points(item, pos: np.ndarray, color: np.ndarray | None = None) -> None:
        item.setVisible(len(pos) > 0)
        if len(pos):
            if color is None:
                item.setData(pos=pos)
            else:
                item.setData(pos=pos, color=color)


_BRUSHES: dict[str, QtGui.QBrush] = {}


def _brush(color: str) -> QtGui.QBrush:
    if color not in _BRUSHES:
        _BRUSHES[color] = QtGui.QBrush(QtGui.QColor(color))
    return _BRUSHES[color]
