"""What minibatch runs add to the surface view and the loss plot.

A run with ``batch`` > 0 on a graph's loss over data (its Trajectory carries ``batches``, ``epoch_starts`` and
``batch_loss``: see ``app.model.minibatch``) moves by the gradient of the loss on each step's batch, while its
path is drawn on the full-data loss. To show why it wanders:

- ``BatchContours``: the contours of the loss on the selected run's batch at the current step, on a
  ``GRID`` x ``GRID`` grid over the visible part of the surface (``ModelSurface.batch_value``), recomputed at
  every change of step; a toggle (View menu and the surface view's right-click menu) shows them.
- epoch marks: a small tick (a bar) on each minibatch path at the iterate where a new epoch begins, and a
  vertical line at that step on the loss plot (for the selected run).
- the loss on each step's batch beside the full-data loss on the loss plot, thinner and dotted, with a legend.
"""
from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from core import grid

from .. import style
from ..model import minibatch

GRID = 60            # the batch loss is sampled on GRID x GRID points of the visible part of the surface
LEVELS = 9


def _tr(text: str) -> str:
    return QtCore.QCoreApplication.translate("BatchContours", text)


def batch_step(k: int, steps: int) -> int:
    """The 0-based step whose batch the contours show at iteration ``k``: the batch of the step taken from the
    current iterate (k), or the last step's at the end of the run."""
    return min(k, steps - 1)


class BatchContours(QtCore.QObject):
    """The selected run's current minibatch loss as contour lines over the surface view.

    Signals:
        sigChanged(str): the overlay was redrawn; the text says which batch and what it cost ("" when off).
    """

    sigChanged = QtCore.Signal(str)

    def __init__(self, session, surface_view, parent=None):
        super().__init__(parent)
        self.session, self.view = session, surface_view
        self.run = 0
        self.enabled = False
        self.item = pg.PlotDataItem(connect="finite")
        self.item.setZValue(-5)                       # over the full-data contours, under the paths
        self.item.setVisible(False)
        surface_view.plot_item.addItem(self.item, ignoreBounds=True)
        style.cache(self.item)        # dashed antialiased lines take ~8 ms to stroke: not again on every drag move
        self.last = None                              # (step, rows, xs, ys, Z) of the last drawing, for tests
        self._key = None                              # what the last drawing depends on besides the rows
        self.caption = ""
        session.sigIterationChanged.connect(self.redraw)
        session.sigTrajectoriesChanged.connect(self.redraw)
        session.sigRunsChanged.connect(self.redraw)
        surface_view.vb.sigRangeChanged.connect(self.redraw)

    def set_enabled(self, on: bool) -> None:
        self.enabled = bool(on)
        self.redraw()

    def set_run(self, run: int) -> None:
        self.run = max(int(run), 0)
        self.redraw()

    def redraw(self, *_) -> None:
        info = minibatch(self.session, self.run) if self.enabled else None
        if info is None or not self.session.runs[self.run].visible:
            self.item.setVisible(False)
            self.last, self.caption = None, ""
            self.sigChanged.emit("")
            return
        began = time.perf_counter()
        steps = len(info.batches)
        t = batch_step(self.session.iteration, steps)
        rows = info.batches[t]
        (x0, x1), (y0, y1) = self.view.vb.viewRange()
        key = (self.session.surface, self.run, self.session.runs[self.run].color, t, x0, x1, y0, y1)
        if self.last is not None and self._key == key and np.array_equal(self.last[1], rows):
            return          # a drag moves the paths, not the batch or the view: the same contours
        self._key = key
        xs, ys = np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID)
        X, Y = np.meshgrid(xs, ys)
        with np.errstate(all="ignore"):
            Z = self.session.surface.batch_value(np.stack([X, Y], -1), rows)
        log = grid.prefers_log(Z)
        shown = grid.log_transform(Z) if log else Z
        path = grid.contour_path(xs, ys, shown, grid.levels(shown, LEVELS))
        color = QtGui.QColor(self.session.runs[self.run].color)
        self.item.setPen(pg.mkPen(color, width=1.5, style=QtCore.Qt.PenStyle.DashLine))
        self.item.setData(path[:, 0], path[:, 1]) if len(path) else self.item.setData([], [])
        self.item.setVisible(True)
        self.last = (t, rows, xs, ys, Z)
        ms = 1000 * (time.perf_counter() - began)
        self.caption = self.tr("Dashed contours: the loss on the batch of step {0} ({1} rows), {2}×{2} grid, "
                               "{3:.1f} ms").format(t + 1, len(rows), GRID, ms)
        self.sigChanged.emit(self.caption)


class EpochMarks(QtCore.QObject):
    """Ticks on the minibatch paths where an epoch begins, and on the loss plot vertical lines at those steps
    (selected run) and each minibatch run's batch loss (thin, dotted).

    The loss plot's part waits for the end of a drag, like the side plots (it is drawn once, then); the ticks
    follow every move. Items are made once and reused (making pyqtgraph items costs ~0.5 ms each)."""

    def __init__(self, session, surface_view, loss_plot, parent=None):
        super().__init__(parent)
        self.session, self.loss_plot = session, loss_plot
        self.run = 0
        self.ticks = pg.ScatterPlotItem(symbol="s", size=6, pen=pg.mkPen("#111111", width=1), tip=None)
        self.ticks.setZValue(24)
        surface_view.plot_item.addItem(self.ticks, ignoreBounds=True)
        self.lines: list[pg.InfiniteLine] = []
        self._line_steps: list[int] = []
        self.batch_curves: list[pg.PlotDataItem] = []
        self.legend = None
        self._brushes: dict[str, QtGui.QBrush] = {}
        session.sigTrajectoriesChanged.connect(self.redraw)
        session.sigRunsChanged.connect(self.redraw)
        session.sigDraggingChanged.connect(self.redraw)

    def set_run(self, run: int) -> None:
        self.run = max(int(run), 0)
        self.redraw()

    def redraw(self, *_) -> None:
        session = self.session
        xs, ys, brushes, curves = [], [], [], []
        for r, run in enumerate(session.runs):
            info = minibatch(session, r)
            if info is None or not run.visible:
                continue
            epochs = [e for e in info.epoch_starts if e > 0]
            points = info.path[epochs].reshape(-1, 2)
            points = points[np.isfinite(points).all(axis=1)]
            xs.append(points[:, 0])
            ys.append(points[:, 1])
            brush = self._brushes.get(run.color) or self._brushes.setdefault(run.color, pg.mkBrush(run.color))
            brushes += [brush] * len(points)
            curves.append((run.color, info.batch_loss))
        if xs:
            self.ticks.setData(np.concatenate(xs), np.concatenate(ys), brush=brushes)
        else:
            self.ticks.setData([], [])
        if not session.dragging:
            self._draw_loss(curves)

    def _draw_loss(self, curves) -> None:
        plot = self.loss_plot
        info = minibatch(self.session, self.run)
        steps = [e for e in (info.epoch_starts if info is not None else []) if e > 0]
        if steps != self._line_steps:
            for line in self.lines:
                plot.removeItem(line)
            self.lines, self._line_steps = [], steps
            pen = pg.mkPen("#888888", width=1, style=QtCore.Qt.PenStyle.DotLine)
            for e in steps:
                line = pg.InfiniteLine(pos=e, angle=90, pen=pen)
                line.setToolTip(self.tr("An epoch begins at step {0}").format(e + 1))
                plot.addItem(line, ignoreBounds=True)
                self.lines.append(line)
        while len(self.batch_curves) > len(curves):
            plot.removeItem(self.batch_curves.pop())
        while len(self.batch_curves) < len(curves):
            self.batch_curves.append(pg.PlotDataItem(connect="finite"))
            plot.addItem(self.batch_curves[-1])
        for curve, (color, batch_loss) in zip(self.batch_curves, curves):
            steps_, n = batch_loss.shape          # each start's losses, then a NaN that ends its line
            x = np.vstack([np.arange(steps_, dtype=float)[:, None].repeat(n, 1), np.full((1, n), np.nan)]).T.ravel()
            y = np.vstack([batch_loss, np.full((1, n), np.nan)]).T.ravel()
            curve.setPen(pg.mkPen(color, width=1, style=QtCore.Qt.PenStyle.DotLine))
            curve.setData(x, y)
        if curves and self.legend is None:
            self.legend = plot.addLegend(offset=(-5, 5), labelTextColor="#222222", labelTextSize="8pt",
                                         brush=pg.mkBrush(255, 255, 255, 200), verSpacing=-6)
            self._full_sample = pg.PlotDataItem(pen=pg.mkPen("#444444", width=1))
            self._batch_sample = pg.PlotDataItem(pen=pg.mkPen("#444444", width=1, style=QtCore.Qt.PenStyle.DotLine))
            self.legend.addItem(self._full_sample, self.tr("full-data loss"))
            self.legend.addItem(self._batch_sample, self.tr("loss on the step's batch"))
        if self.legend is not None:
            self.legend.setVisible(bool(curves))


def install(window) -> None:
    """The overlay, the epoch marks and the View menu's toggle (also on the surface view's right-click menu)."""
    view = window.surface_view
    window.batch_contours = BatchContours(window.session, view, window)
    window.epoch_marks = EpochMarks(window.session, view, window.side_plots.loss_plot, window)
    action = QtGui.QAction(_tr("Show the current &batch's loss"), window)
    action.setCheckable(True)
    action.setStatusTip(_tr("Overlay the selected minibatch run's loss on the current step's batch as "
                                  "dashed contours: the surface its step actually descends"))
    action.toggled.connect(window.batch_contours.set_enabled)
    window.batch_contours_action = action
    window.batch_contours.sigChanged.connect(lambda text: text and window.statusBar().showMessage(text, 4000))
    runs_list = window.optimizer_panel.runs_list
    for target in (window.batch_contours, window.epoch_marks):
        runs_list.currentRowChanged.connect(target.set_run)
        target.set_run(max(runs_list.currentRow(), 0))

    def context_menu(ev) -> None:
        if (ev.button() == QtCore.Qt.MouseButton.RightButton
                and view.vb.sceneBoundingRect().contains(ev.scenePos()) and not ev.isAccepted()):
            menu = QtWidgets.QMenu(view)
            menu.addAction(action)
            view._batch_menu = menu                 # kept alive while shown
            menu.popup(ev.screenPos().toPoint())
            ev.accept()

    view.scene().sigMouseClicked.connect(context_menu)
