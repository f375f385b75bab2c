"""The central view: the loss surface as a heatmap with contours, critical points, runs and start points.

It observes the session and draws; the only writes it makes are through the session's setters (dragging a
start point, adding/removing one, clicking a critical point or a run's head to inspect it).

Items are created once and updated with ``setData``: per run one faint line for the whole path and one
marker for divergence, each covering every start point at once (``connect='finite'`` breaks the line at the
NaN rows between starts). The lines up to the current iteration are all drawn by one ``RunLines`` item
(incrementally during playback); all heads share one scatter item.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from core import grid

from .. import i18n, style
from ..model import is_model
from . import run_lines
from .axes import plain
from .run_lines import RunLines

GRID_POINTS = 300
PIXEL_CELL = 0.5    # iterates closer than this many pixels to the previous one are not drawn
AREA_LIMIT = 10.0   # the heatmap covers the view up to this many domain widths beyond the domain on each side
#                    (a tall narrow equal-axes view beside a wide dock shows ~8 domain heights; sampling stays
#                    at most 2 * GRID_POINTS a side, about 2 px per sample in such a view)
CLIP = 3.0          # paths are drawn clipped to the domain enlarged by this many widths on each side


class StartTarget(pg.TargetItem):
    """A draggable start point; right-click offers to remove it.

    Signals: sigRemoveRequested(int index).
    """

    sigRemoveRequested = QtCore.Signal(int)

    def __init__(self, index: int, pos):
        super().__init__(pos=pos, size=16, symbol="o", pen=pg.mkPen("#111111", width=2),
                         hoverPen=pg.mkPen("#111111", width=3), brush=pg.mkBrush(style.START_COLOR),
                         hoverBrush=pg.mkBrush("#ffe066"))
        self.index = index
        self.setZValue(30)
        self.setToolTip(QtCore.QCoreApplication.translate(
            "SurfaceView", "Start point: drag to move it (every path follows); right-click to remove it"))

    def mouseClickEvent(self, ev):
        if not self.moving and ev.button() == QtCore.Qt.MouseButton.RightButton:
            ev.accept()
            menu = QtWidgets.QMenu()
            remove = menu.addAction(QtCore.QCoreApplication.translate("SurfaceView", "Remove start point"))
            remove.triggered.connect(lambda: self.sigRemoveRequested.emit(self.index))
            self._menu = menu                      # keep it alive while it is shown
            menu.popup(ev.screenPos().toPoint())
            return
        super().mouseClickEvent(ev)


class _RunItems:
    """The graphics items of one run (its line is drawn by the view's RunLines)."""

    def __init__(self, plot: pg.PlotItem, lines: RunLines, color: str):
        self.faint = pg.PlotDataItem(connect="finite")
        self.line = lines.add_line()
        self.cross = pg.ScatterPlotItem(symbol="x", size=16)
        self.faint.setZValue(10)
        self.cross.setZValue(12)
        for item in (self.faint, self.cross):
            plot.addItem(item)
        style.cache(self.faint)                     # changes only with the trajectories
        self.faint_xy: np.ndarray | None = None     # a path not yet given to the hidden faint item
        self.set_color(color)
        self.cross_key = None

    def set_color(self, color: str, dash: str = "solid") -> None:
        """The run's colour and line style (``style.run_dash``: runs differ without colour too)."""
        c = QtGui.QColor(color)
        faint = QtGui.QColor(c)
        faint.setAlpha(90)
        pen = pg.mkPen(c, width=2.5)
        style.set_dash(pen, dash)
        self.line.setPen(pen)
        self.faint.setPen(pg.mkPen(faint, width=1.5))
        self.cross.setPen(pg.mkPen(style.DIVERGED_COLOR, width=1.5))
        self.cross.setBrush(pg.mkBrush(c))

    def set_visible(self, visible: bool, full: bool, at_end: bool = False, crossed: bool = False) -> None:
        """Show or hide the run; the faint full path is hidden at the end, where the line covers it, and
        the divergence cross while there is none (an empty item still costs a paint call per frame)."""
        self.line.setVisible(visible)
        faint = visible and full and not at_end
        if faint and self.faint_xy is not None:
            self.faint.setData(self.faint_xy[:, 0], self.faint_xy[:, 1])
            self.faint_xy = None
        self.faint.setVisible(faint)
        self.cross.setVisible(visible and crossed)

    def set_faint_path(self, xy: np.ndarray) -> None:
        """The whole path (rows, 2); while the faint line is hidden (at the end: the common case while a
        start point is dragged) it is only kept, and handed to the item when it is shown."""
        if self.faint.isVisible():
            self.faint.setData(xy[:, 0], xy[:, 1])
            self.faint_xy = None
        else:
            self.faint_xy = xy

    def remove(self, plot: pg.PlotItem, lines: RunLines) -> None:
        for item in (self.faint, self.cross):
            plot.removeItem(item)
        lines.remove_line()


class SurfaceView(pg.PlotWidget):
    """Heatmap + contours + critical points + runs + draggable starts of a session.

    Signals:
        sigHovered(object): (x, y, f) under the mouse, or None when it leaves the surface.
        sigLogColorsChanged(bool): the colour scale switched between linear and log.
    """

    sigHovered = QtCore.Signal(object)
    sigLogColorsChanged = QtCore.Signal(bool)
    sigEqualAxesChanged = QtCore.Signal(bool)

    def __init__(self, session, parent=None):
        super().__init__(parent=parent, background=style.PLOT_BACKGROUND)
        # One rectangle around what changed: a playback frame changes the lines, the heads and the crosses
        # all over the view, and repainting those as separate rectangles (pyqtgraph's minimal mode) draws the
        # cached layers under each again (~1.5 ms more per frame with ten runs).
        self.setViewportUpdateMode(QtWidgets.QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.session = session
        self._log_colors = False
        self._show_full = True
        self._show_critical = True
        self._Z = None
        self.plot_item = self.getPlotItem()
        self.vb = self.plot_item.getViewBox()
        self.vb.disableAutoRange()
        # Equal scale: one unit of x is as long as one unit of y on screen, kept by the view box itself through
        # resizing, zooming and panning, so that level sets, paths and eigenvectors have their true shape.
        self._equal_axes = True
        self.vb.setAspectLocked(True, ratio=1)
        self.plot_item.setMenuEnabled(False)
        self.plot_item.hideButtons()
        for name in ("left", "bottom"):
            axis = self.plot_item.getAxis(name)
            axis.setPen(style.PLOT_FOREGROUND)
            axis.setTextPen(style.PLOT_FOREGROUND)
        self.plot_item.setLabel("bottom", "x")
        self.plot_item.setLabel("left", "y")
        # A fixed width for the y axis: left to size itself to its tick labels, it re-sizes the plot after a
        # zoom changes them, and with equal axes the new size changes the range again (the view jitters).
        left = self.plot_item.getAxis("left")
        left.setWidth(QtGui.QFontMetrics(left.font()).horizontalAdvance("−0.0000") + 32)

        self.image = pg.ImageItem()
        self.image.setZValue(-20)
        self.plot_item.addItem(self.image)
        self.colorbar = pg.ColorBarItem(colorMap=style.surface_colormap(), interactive=False, width=14)
        self.colorbar.setImageItem(self.image, insert_in=self.plot_item)
        plain(self.colorbar.axis, self.plot_item.getAxis("left"), self.plot_item.getAxis("bottom"))
        self.contours = pg.PlotDataItem(connect="finite", pen=pg.mkPen(style.CONTOUR_COLOR, width=1))
        self.contours.setZValue(-10)
        self.plot_item.addItem(self.contours)
        style.cache(self.image, self.contours, self.plot_item.getAxis("left"), self.plot_item.getAxis("bottom"),
                    self.colorbar.axis, self.colorbar.bar, self.colorbar.getViewBox())

        self.critical = {}
        for kind, (symbol, fill) in style.CRITICAL_MARKERS.items():
            item = pg.ScatterPlotItem(symbol=symbol, size=15, brush=pg.mkBrush(fill),
                                      pen=pg.mkPen("#111111", width=1.2), hoverable=True,
                                      hoverSize=19, tip=None)
            item.setZValue(20)
            item.sigClicked.connect(self._on_critical_clicked)
            self.plot_item.addItem(item)
            self.critical[kind] = item

        self.lines = RunLines()
        self.plot_item.addItem(self.lines, ignoreBounds=True)

        self.heads = pg.ScatterPlotItem(symbol="o", size=11, pen=pg.mkPen("#ffffff", width=1.5), tip=None)
        self.heads.setZValue(25)
        self.heads.sigClicked.connect(self._on_head_clicked)
        self.plot_item.addItem(self.heads)

        # The inspector's curvature directions through the inspected point.
        self.directions = [pg.PlotDataItem() for _ in range(2)]
        self.inspected_marker = pg.ScatterPlotItem(symbol="o", size=22, brush=None,
                                                   pen=pg.mkPen("#111111", width=2))
        for item in (*self.directions, self.inspected_marker):
            item.setZValue(22)
            self.plot_item.addItem(item)

        self.legend = pg.LegendItem(offset=(-10, 10), labelTextColor=style.PLOT_FOREGROUND,
                                    brush=pg.mkBrush(255, 255, 255, 210), pen=pg.mkPen("#999999"))
        self.legend.setParentItem(self.vb)
        self.vb.sigResized.connect(self._fit_legend)

        self._runs: list[_RunItems] = []
        self._targets: list[StartTarget] = []
        self._syncing_targets = False

        self.vb.sigRangeChanged.connect(self._on_trajectories_changed)     # the pixel size changed
        self._cover_timer = QtCore.QTimer(self, singleShot=True, interval=120)   # once a zoom or resize settles
        self._cover_timer.timeout.connect(self._cover_view)
        self.vb.sigRangeChanged.connect(self._cover_timer.start)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.scene().sigMouseClicked.connect(self._on_mouse_clicked)
        self.setToolTip(self.tr("Loss surface: drag a start point, Ctrl+click to add one, scroll to zoom, "
                                "drag to pan; click a critical point or a run's head to inspect it"))

        session.sigSurfaceChanged.connect(self._on_surface_changed)
        session.sigRunsChanged.connect(self._on_runs_changed)
        session.sigStartsChanged.connect(self._sync_targets)
        session.sigTrajectoriesChanged.connect(self._on_trajectories_changed)
        session.sigIterationChanged.connect(self._draw_iteration)
        session.sigCriticalPointsChanged.connect(self._on_critical_changed)
        session.sigInspectedChanged.connect(self._draw_inspected)

        self._on_surface_changed()
        self._on_runs_changed()
        self._sync_targets()
        self._on_critical_changed()

    def _fit_legend(self, *_) -> None:
        """Scale the legend down to fit a view narrower than it (beside a wide dock), still in the top-right
        corner: cut off at the view's edge, it hid the runs' names."""
        self.legend.setScale(1.0)
        room = self.vb.width() - 20                          # its 10 px offset from the edge, on both sides
        wide = self.legend.boundingRect().width()
        scale = min(1.0, room / wide) if wide > 0 and room > 0 else 1.0
        self.legend.setScale(scale)
        self.legend.anchor(itemPos=(1, 0), parentPos=(1, 0), offset=(-10, 10))   # re-placed at its new size

    # --- options ---------------------------------------------------------------------------------

    @property
    def log_colors(self) -> bool:
        return self._log_colors

    def set_log_colors(self, on: bool) -> None:
        """Colour by log10(f - f_min) instead of f (Rosenbrock and Beale need it)."""
        on = bool(on)
        if on == self._log_colors:
            return
        self._log_colors = on
        self._draw_image()
        self.sigLogColorsChanged.emit(on)

    def set_show_full_paths(self, on: bool) -> None:
        """Show the whole path faintly ahead of the current iteration."""
        self._show_full = bool(on)
        self._draw_iteration()

    def set_show_critical(self, on: bool) -> None:
        self._show_critical = bool(on)
        self._on_critical_changed()

    @property
    def equal_axes(self) -> bool:
        return self._equal_axes

    def set_equal_axes(self, on: bool) -> None:
        """Equal scale on both axes (the true shape; the default), or each axis stretched to fill the plot
        (for surfaces whose natural x and y ranges differ wildly). Either way the whole domain is shown."""
        on = bool(on)
        if on == self._equal_axes:
            return
        self._equal_axes = on
        self.vb.setAspectLocked(on, ratio=1)
        self.reset_view()
        self.sigEqualAxesChanged.emit(on)

    def reset_view(self) -> None:
        """Show the surface's whole domain (with equal axes, and more in one direction to fill the plot)."""
        (x0, x1), (y0, y1) = self.session.surface.domain
        self.vb.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def show_scene_view(self, scene) -> None:
        """Take a scene's ``equal_axes`` and show its ``view`` (the whole domain when it has none)."""
        self.set_equal_axes(scene.equal_axes)
        if scene.view is None:
            self.reset_view()
        else:
            (x0, x1), (y0, y1) = scene.view
            self.vb.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def view_range(self) -> tuple[tuple[float, float], tuple[float, float]]:
        (x0, x1), (y0, y1) = self.vb.viewRange()
        return (float(x0), float(x1)), (float(y0), float(y1))

    def data_to_widget(self, x: float, y: float) -> QtCore.QPoint:
        """Widget (viewport) pixel of a data point (for tests and benchmarks)."""
        return self.mapFromScene(self.vb.mapViewToScene(QtCore.QPointF(x, y)))

    # --- the surface -----------------------------------------------------------------------------

    def _on_surface_changed(self, *_):
        surface = self.session.surface
        xs, ys, Z = grid.sample(surface, n=GRID_POINTS)
        # The colour scale and the contour levels come from the domain, whatever part of the plane is drawn.
        finite = Z[np.isfinite(Z)]
        self._z_min = float(finite.min()) if finite.size else 0.0
        log = grid.prefers_log(Z)
        changed = log != self._log_colors
        self._log_colors = log
        self._scales = {on: _finite_range(self._shown(Z, on)) for on in (False, True)}
        self._levels = grid.levels(Z, count=15, log=log)
        self._area = None
        self._sample(surface.domain, (xs, ys, Z))
        # a model's loss: its two parameters are the axes
        names = (surface.p, surface.q) if is_model(surface) else ("x", "y")
        self.plot_item.setLabel("bottom", names[0])
        self.plot_item.setLabel("left", names[1])
        self.reset_view()
        self._cover_timer.start()
        for item in self.critical.values():
            item.setData([])
        if changed:
            self.sigLogColorsChanged.emit(log)

    def _cover_view(self) -> None:
        """Sample the surface over the domain and whatever else the view shows (with equal axes a window of
        another shape shows more than the domain in one direction), up to AREA_LIMIT domain widths around it."""
        if self._Z is None:
            return
        (x0, x1), (y0, y1) = self.session.surface.domain
        (vx0, vx1), (vy0, vy1) = self.view_range()
        w, h = x1 - x0, y1 - y0
        area = ((max(min(x0, vx0), x0 - AREA_LIMIT * w), min(max(x1, vx1), x1 + AREA_LIMIT * w)),
                (max(min(y0, vy0), y0 - AREA_LIMIT * h), min(max(y1, vy1), y1 + AREA_LIMIT * h)))
        if self._area is not None and all(a <= c and d <= b for (a, b), (c, d) in zip(self._area, area, strict=True)):
            return                          # already covered
        self._sample(area)

    def cover_now(self) -> None:
        """Sample what the view shows now if a resize or zoom still waits for the timer (before a screenshot:
        else the area beyond the domain could be caught blank)."""
        if self._cover_timer.isActive():
            self._cover_timer.stop()
            self._cover_view()

    def _sample(self, area, sampled=None) -> None:
        """Draw the heatmap and the contours over ``area`` ((x0, x1), (y0, y1)), sampled at the domain's density
        (at most twice GRID_POINTS a side); ``sampled`` = (xs, ys, Z) when that is already at hand."""
        if sampled is None:
            (x0, x1), (y0, y1) = self.session.surface.domain
            (a0, a1), (b0, b1) = area
            n = int(min(2 * GRID_POINTS, GRID_POINTS * max((a1 - a0) / (x1 - x0), (b1 - b0) / (y1 - y0))))
            sampled = grid.sample(self.session.surface, area, n=max(n, GRID_POINTS))
        self._area = area
        xs, ys, Z = self._xs, self._ys, self._Z = sampled
        self._draw_image()
        dx, dy = xs[1] - xs[0], ys[1] - ys[0]        # after setImage: the rect scales the image's pixels
        self.image.setRect(QtCore.QRectF(xs[0] - dx / 2, ys[0] - dy / 2, xs[-1] - xs[0] + dx,
                                         ys[-1] - ys[0] + dy))
        data = grid.contour_path(xs, ys, Z, self._levels)
        self.contours.setData(data[:, 0], data[:, 1])

    def _shown(self, Z: np.ndarray, log: bool) -> np.ndarray:
        """The values coloured: f, or log10(1 + f − f_min) with f_min the domain's minimum (0 below it)."""
        if not log:
            return Z
        with np.errstate(invalid="ignore"):
            return np.log10(1.0 + np.maximum(Z - self._z_min, 0.0))

    def _draw_image(self) -> None:
        low, high = self._scales[self._log_colors]
        label = self.tr("log₁₀(1 + f − f_min)") if self._log_colors else self.tr("f(x, y)")
        surface = self.session.surface
        if not self._log_colors and is_model(surface):              # a model's loss: f of its two parameters
            label = f"f({surface.p}, {surface.q})"
        shown = self._shown(self._Z, self._log_colors)
        self.image.setImage(np.ascontiguousarray(shown.T), autoLevels=False, levels=(low, high))   # [x, y]
        self.colorbar.setLevels((low, high))
        self.colorbar.axis.setLabel(label)

    def value_at(self, x: float, y: float) -> float:
        return float(self.session.surface.value(np.array([x, y], dtype=float)))

    # --- critical points -------------------------------------------------------------------------

    def _on_critical_changed(self, *_):
        points = self.session.critical_points or []
        for kind, item in self.critical.items():
            chosen = [(i, p) for i, p in enumerate(points) if p.kind == kind]
            item.setData(pos=[p.xy for _, p in chosen] or np.empty((0, 2)), data=[i for i, _ in chosen])
            item.setVisible(self._show_critical and bool(chosen))

    def _on_critical_clicked(self, item, points, ev=None):
        if len(points):
            self.session.inspect_critical(points[0].data())

    def _on_head_clicked(self, item, points, ev=None):
        if len(points):
            run, start = points[0].data()
            self.session.inspect_run(run, start)

    # --- runs ------------------------------------------------------------------------------------

    def _on_runs_changed(self, *_):
        runs = self.session.runs
        while len(self._runs) > len(runs):
            self._runs.pop().remove(self.plot_item, self.lines)
        while len(self._runs) < len(runs):
            self._runs.append(_RunItems(self.plot_item, self.lines, runs[len(self._runs)].color))
        self.legend.clear()
        for k, (items, run) in enumerate(zip(self._runs, runs, strict=False)):
            items.set_color(run.color, style.run_dash(k))
            items.set_visible(run.visible, self._show_full)
            if run.visible:
                self.legend.addItem(items.line, i18n.optimizer_label(run.optimizer))
        # The legend's translucent box and text cost ~1 ms per repaint drawn afresh, and every playback
        # frame repaints the view under it.
        style.cache(self.legend, *(item for pair in self.legend.items for item in pair))
        self._fit_legend()
        self._on_trajectories_changed()

    def _on_trajectories_changed(self, *_):
        results = self.session.trajectories
        if len(results) != len(self._runs):
            return                      # runs changed too; _on_runs_changed redraws
        (x0, x1), (y0, y1) = self.session.surface.domain
        w, h = x1 - x0, y1 - y0
        low, high = np.array([x0 - CLIP * w, y0 - CLIP * h]), np.array([x1 + CLIP * w, y1 + CLIP * h])
        self._shown_paths, self._heads_xy = [], []
        px, py = self.vb.viewPixelSize()
        cell = np.array([px, py]) * PIXEL_CELL
        # Diverging runs reach 1e150: Qt draws such coordinates very slowly (and caches huge pixmaps),
        # so each step is drawn cut to a box around the domain, where what is cut off is off-screen.
        # Both passes work on each path's columns alone: all runs go through them at once when they have as
        # many iterates (a drag's recompute), saving NumPy's per-call overhead per run.
        paths = [res.path for res in results]
        if paths and len({path.shape[0] for path in paths}) == 1:
            shown_all = run_lines.clip_steps(np.concatenate(paths, axis=1), low, high)
            keep_all = run_lines.visible_moves(shown_all, cell)
            ends = np.cumsum([path.shape[1] for path in paths])
            parts = [(shown_all[:, e - path.shape[1]:e], keep_all[:, e - path.shape[1]:e])
                     for path, e in zip(paths, ends, strict=True)]
        else:
            parts = [(shown, run_lines.visible_moves(shown, cell))
                     for shown in (run_lines.clip_steps(path, low, high) for path in paths)]
        for items, res, (shown, keep) in zip(self._runs, results, parts, strict=False):
            self._shown_paths.append((shown, keep))
            self._heads_xy.append(np.clip(res.path, low, high))        # a head out there is off-screen too
            xy = run_lines.flatten(shown, keep)
            items.set_faint_path(xy)
            items.cross_key = None
            items.exit_points = self._exit_points(res)
        self.lines.set_paths(self._shown_paths)
        self._draw_iteration()

    def _exit_points(self, res) -> np.ndarray:
        """Where each diverged path left the (enlarged) domain: the last iterate inside it, marked from the next
        iteration on (the head has then left the view for good), as in the 3D view."""
        (x0, x1), (y0, y1) = self.session.surface.domain
        mx, my = (x1 - x0), (y1 - y0)
        out = np.full((len(res.status), 3), np.nan)       # x, y, iteration at which it is marked
        for j, status in enumerate(res.status):
            if status != "diverged":
                continue
            p = res.path[: res.last_finite[j] + 1, j]
            inside = ((p[:, 0] >= x0 - mx) & (p[:, 0] <= x1 + mx) & (p[:, 1] >= y0 - my) & (p[:, 1] <= y1 + my))
            k = int(np.nonzero(inside)[0][-1]) if inside.any() else 0
            out[j] = (*p[k], k + 1)
        return out

    def _draw_iteration(self, *_):
        """Cut every run at the current iteration: lines, heads and divergence marks."""
        k = self.session.iteration
        runs, results = self.session.runs, self.session.trajectories
        if len(results) != len(self._runs):
            return
        heads, brushes, data = [], [], []
        for r, (items, run, res) in enumerate(zip(self._runs, runs, results, strict=False)):
            kk = min(k, len(res.path) - 1)
            heads_xy = self._heads_xy[r]
            crossed = items.exit_points[:, 2] <= kk              # NaN compares False
            items.set_visible(run.visible, self._show_full, at_end=kk == len(res.path) - 1,
                              crossed=bool(crossed.any()))
            key = tuple(crossed)
            if key != items.cross_key:
                items.cross_key = key
                items.cross.setData(pos=items.exit_points[crossed, :2] if crossed.any() else np.empty((0, 2)))
            if not run.visible:
                continue
            n = res.path.shape[1]
            idx = np.minimum(kk, res.last_finite)
            alive = ~crossed
            pos = heads_xy[idx, np.arange(n)][alive]
            heads.append(pos)
            brushes.extend([run.color] * len(pos))
            data.extend((r, j) for j in np.nonzero(alive)[0])
        self.lines.set_iteration(run_lines.ROWS_PER_STEP * k)
        pos = np.vstack(heads) if heads else np.empty((0, 2))
        self.heads.setData(pos=pos, brush=[_brush(c) for c in brushes], data=data)
        if self.session.inspected and self.session.inspected[0] == "run":
            self._draw_inspected()

    # --- start points ----------------------------------------------------------------------------

    def _sync_targets(self, *_):
        starts = self.session.starts
        self._syncing_targets = True
        try:
            while len(self._targets) > len(starts):
                self.plot_item.removeItem(self._targets.pop())
            while len(self._targets) < len(starts):
                target = StartTarget(len(self._targets), starts[len(self._targets)])
                target.sigPositionChanged.connect(self._on_target_moved)
                target.sigPositionChangeFinished.connect(self._on_target_released)
                target.sigRemoveRequested.connect(self._on_remove_requested)
                self.plot_item.addItem(target)
                self._targets.append(target)
            for target, xy in zip(self._targets, starts, strict=False):
                target.setPos(xy)
        finally:
            self._syncing_targets = False

    def _on_target_moved(self, target):
        if not self._syncing_targets:
            self.lines.set_draft(target.moving)
            self.session.set_dragging(target.moving)
            p = target.pos()
            self.session.set_start(target.index, (p.x(), p.y()))

    def _on_target_released(self, target):
        self.lines.set_draft(False)
        self.session.set_dragging(False)

    def _on_remove_requested(self, index: int):
        try:
            self.session.remove_start(index)
        except ValueError as exc:
            self.window().statusBar().showMessage(i18n.error_text(exc), 4000)

    @property
    def targets(self) -> list[StartTarget]:
        return list(self._targets)

    # --- mouse -----------------------------------------------------------------------------------

    def _on_mouse_moved(self, scene_pos):
        if not self.plot_item.sceneBoundingRect().contains(scene_pos):
            self.sigHovered.emit(None)
            return
        p = self.vb.mapSceneToView(scene_pos)
        self.sigHovered.emit((p.x(), p.y(), self.value_at(p.x(), p.y())))

    def _on_mouse_clicked(self, ev):
        """Ctrl+click on the surface adds a start point there."""
        if (ev.button() == QtCore.Qt.MouseButton.LeftButton
                and ev.modifiers() & QtCore.Qt.KeyboardModifier.ControlModifier
                and self.vb.sceneBoundingRect().contains(ev.scenePos())):
            p = self.vb.mapSceneToView(ev.scenePos())
            self.session.add_start((p.x(), p.y()))
            ev.accept()

    # --- inspector overlay -----------------------------------------------------------------------

    def _draw_inspected(self, *_):
        info = self.session.inspection()
        if info is None:
            for item in self.directions:
                item.setData([], [])
            self.inspected_marker.setData([])
            return
        xy, lam, vec = info["xy"], info["eigenvalues"], info["eigenvectors"]
        self.inspected_marker.setData(pos=[xy])
        (x0, x1), (y0, y1) = self.view_range()
        half = 0.08 * np.hypot(x1 - x0, y1 - y0)
        for i, item in enumerate(self.directions):
            if not np.all(np.isfinite(vec[:, i])):
                item.setData([], [])
                continue
            d = vec[:, i] * half
            color = style.NEGATIVE_CURVATURE if lam[i] < 0 else style.POSITIVE_CURVATURE
            item.setData([xy[0] - d[0], xy[0] + d[0]], [xy[1] - d[1], xy[1] + d[1]],
                         pen=pg.mkPen(color, width=3.5))


def _finite_range(values: np.ndarray) -> tuple[float, float]:
    finite = values[np.isfinite(values)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    return (low, high) if high > low else (low, low + 1.0)


_BRUSHES: dict[str, QtGui.QBrush] = {}


def _brush(color: str) -> QtGui.QBrush:
    if color not in _BRUSHES:
        _BRUSHES[color] = pg.mkBrush(color)
    return _BRUSHES[color]
