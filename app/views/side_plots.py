"""Side plots sharing the iteration cursor: loss, gradient norm and the Hessian's eigenvalues along each run.

One layout (a single QGraphicsView, so one repaint) with three x-linked plots. Per run one curve per plot
(two in the eigenvalue plot: lambda_min solid, lambda_max thin), each covering every start point with NaN
breaks. The cursor lines are draggable and scrub the iteration.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from .. import i18n, style
from .axes import FittedAxis, plain, value_range
from .throttle import PathsRedrawThrottle

THROTTLE_MS = 200


class SidePlots(QtWidgets.QWidget):
    """Loss, |grad f| and Hessian eigenvalues versus iteration, with a shared iteration cursor."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.layout_widget = pg.GraphicsLayoutWidget()
        # The three cursors move together: one strip repainted, not three rectangles (see SurfaceView).
        self.layout_widget.setViewportUpdateMode(
            QtWidgets.QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.layout_widget.setBackground(style.PLOT_BACKGROUND)
        self._left_axes: list[FittedAxis] = []          # one width for the three, so their x axes line up
        self.loss_plot = self._plot(self.tr("loss f"), 0)
        self.grad_plot = self._plot(self.tr("|∇f|"), 1)
        self.eig_plot = self._plot(self.tr("Hessian λ"), 2)
        self.eig_plot.setLabel("bottom", self.tr("iteration"))
        self.grad_plot.setLogMode(y=True)
        for plot in (self.grad_plot, self.eig_plot):
            plot.setXLink(self.loss_plot)
        self.zero_line = pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen("#888888", width=1,
                                                                      style=QtCore.Qt.PenStyle.DashLine))
        self.eig_plot.addItem(self.zero_line, ignoreBounds=True)

        self.cursors = []
        for plot in (self.loss_plot, self.grad_plot, self.eig_plot):
            cursor = pg.InfiniteLine(angle=90, movable=True, pen=pg.mkPen(style.CURSOR_COLOR, width=1.5),
                                     hoverPen=pg.mkPen("#d62728", width=2.5))
            cursor.setZValue(50)
            cursor.sigDragged.connect(self._on_cursor_dragged)
            plot.addItem(cursor, ignoreBounds=True)
            self.cursors.append(cursor)

        self.log_loss = QtWidgets.QCheckBox(self.tr("Log scale for the loss"))
        self.log_loss.setToolTip(self.tr("Plot the loss on a logarithmic axis (non-positive values are not shown)"))
        self.log_loss.toggled.connect(self._on_log_loss)
        self.eig_note = QtWidgets.QLabel(self.tr("solid: λ_min   dashed: λ_max   below zero: negative curvature"))
        self.eig_note.setStyleSheet("color: #555555;")
        self.eig_note.setWordWrap(True)          # a narrow dock wraps it rather than scrolling sideways
        self.eig_note.setToolTip(self.tr("A saddle has one negative eigenvalue: watch λ_min dip below zero "
                                         "while a run crawls past it"))

        bar = QtWidgets.QHBoxLayout()
        bar.addWidget(self.log_loss)
        bar.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.layout_widget, 1)
        layout.addWidget(self.eig_note)

        self._curves: list[tuple[pg.PlotDataItem, ...]] = []
        self._start_labels: list[tuple[pg.PlotItem, pg.TextItem]] = []
        # Bursts of changes (a learning-rate slider) are drawn at most every THROTTLE_MS, the last one always.
        # While a start point is dragged the paths change on every mouse move: the surface follows them, these
        # plots (a redraw and refit cost ~20 ms) wait for the release and draw its result once.
        self._throttle = PathsRedrawThrottle(session, self._redraw, THROTTLE_MS, self)
        session.sigRunsChanged.connect(self._on_runs_changed)
        session.sigIterationChanged.connect(self._move_cursor)
        session.sigStepsChanged.connect(self._on_steps_changed)
        self._on_runs_changed()
        self._on_steps_changed()
        self._move_cursor(session.iteration)

    def _plot(self, label: str, row: int) -> pg.PlotItem:
        plot = self.layout_widget.addPlot(row=row, col=0, axisItems={"left": FittedAxis(self._left_axes)})
        plot.setLabel("left", label)
        plot.showGrid(x=True, y=True, alpha=0.15)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.getViewBox().setMouseEnabled(x=True, y=False)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(style.PLOT_FOREGROUND)
            axis.setTextPen(style.PLOT_FOREGROUND)
        plain(plot.getAxis("bottom"))
        style.cache(plot.getAxis("left"), plot.getAxis("bottom"))
        return plot

    @property
    def plots(self) -> tuple[pg.PlotItem, pg.PlotItem, pg.PlotItem]:
        return self.loss_plot, self.grad_plot, self.eig_plot

    def curves(self, run: int) -> dict[str, pg.PlotDataItem]:
        """The curves of run ``run``: keys loss, grad, lambda_min, lambda_max."""
        return dict(zip(("loss", "grad", "lambda_min", "lambda_max"), self._curves[run], strict=False))

    # --- model -> view ---------------------------------------------------------------------------

    def _on_runs_changed(self, *_):
        runs = self.session.runs
        while len(self._curves) > len(runs):
            for plot, curve in zip((self.loss_plot, self.grad_plot, self.eig_plot, self.eig_plot),
                                   self._curves.pop(), strict=False):
                plot.removeItem(curve)
        while len(self._curves) < len(runs):
            curves = tuple(pg.PlotDataItem(connect="finite") for _ in range(4))
            targets = (self.loss_plot, self.grad_plot, self.eig_plot, self.eig_plot)
            for plot, curve in zip(targets, curves, strict=True):
                plot.addItem(curve)
            style.cache(*curves)                  # only the cursors move during playback
            self._curves.append(curves)
        for k, (curves, run) in enumerate(zip(self._curves, runs, strict=False)):
            c = QtGui.QColor(run.color)
            thin = QtGui.QColor(c)
            thin.setAlpha(170)
            for i, curve in enumerate(curves[:3]):      # width 1: Qt's fast path for antialiased lines
                pen = pg.mkPen(c, width=1)
                if i < 2:                 # the run's line style (the eigenvalue plot's dashes mean λ_max)
                    style.set_dash(pen, style.run_dash(k))
                curve.setPen(pen)
            curves[3].setPen(pg.mkPen(thin, width=1, style=QtCore.Qt.PenStyle.DashLine))
            for curve in curves:
                curve.setVisible(run.visible)
        self._redraw()

    def _redraw(self) -> None:
        self._throttle.drawn()
        session = self.session
        results = session.trajectories
        if len(results) != len(self._curves):
            return
        for r, (curves, res) in enumerate(zip(self._curves, results, strict=False)):
            loss = res.loss
            grad = session.grad_norm(r)
            lam = session.eigenvalues(r)
            it = np.arange(loss.shape[0], dtype=float)
            for curve, values in zip(curves, (loss, grad, lam[..., 0], lam[..., 1]), strict=False):
                x, y = _series(it, values)
                curve.setData(x, y)
        self._fit_ranges()
        self._label_starts()

    def _on_log_loss(self, on: bool) -> None:
        self.loss_plot.setLogMode(y=on)
        self._fit_ranges()
        self._label_starts()

    def _shown(self) -> list[int]:
        results = self.session.trajectories
        return [r for r, run in enumerate(self.session.runs) if run.visible and r < len(results)]

    def _fit_ranges(self) -> None:
        """Fit y to the visible runs' values once per new data (autorange left on would refit on every
        playback frame), a constant series around its value (see axes.value_range)."""
        shown, session = self._shown(), self.session
        series = (
            (self.loss_plot, [session.trajectories[r].loss for r in shown], self.log_loss.isChecked()),
            (self.grad_plot, [session.grad_norm(r) for r in shown], True),
            (self.eig_plot, [session.eigenvalues(r) for r in shown], False),
        )
        for plot, values, log in series:
            fitted = value_range(np.concatenate([np.ravel(v) for v in values]) if values else [], log)
            if fitted is not None:
                plot.setYRange(*fitted, padding=0)

    def _label_starts(self) -> None:
        """With several start points, name each one where its curves begin (iteration 0, where every run from
        that start has the same loss, gradient and curvature): "start 2 (1.5, −1)"."""
        for plot, label in self._start_labels:
            plot.removeItem(label)
        self._start_labels = []
        shown, session = self._shown(), self.session
        if len(session.starts) < 2 or not shown:
            return
        r = shown[0]
        at_start = (session.trajectories[r].loss[0], session.grad_norm(r)[0], session.eigenvalues(r)[0, :, 0])
        for plot, values, log in zip(self.plots, at_start,
                                     (self.log_loss.isChecked(), True, False), strict=True):
            for j, (x, y) in enumerate(session.starts):
                v = float(values[j])
                if not np.isfinite(v) or (log and v <= 0):
                    continue
                text = self.tr("start {0} {1}").format(j + 1, i18n.ltr(f"({x:.3g}, {y:.3g})"))
                label = pg.TextItem(text, color=style.PLOT_FOREGROUND, anchor=(0, 1))
                label.setPos(0, np.log10(v) if log else v)
                plot.addItem(label, ignoreBounds=True)
                self._start_labels.append((plot, label))

    def _on_steps_changed(self, *_):
        self.loss_plot.setXRange(0, max(self.session.steps, 1), padding=0.02)   # 0 steps: still 0..1
        for cursor in self.cursors:
            cursor.setBounds((0, self.session.steps))

    def _move_cursor(self, k: int):
        for cursor in self.cursors:
            if cursor.value() != k:
                cursor.blockSignals(True)
                cursor.setValue(k)
                cursor.blockSignals(False)

    def _on_cursor_dragged(self, cursor):
        self.session.set_iteration(int(round(cursor.value())))


def _series(it: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(K,) iterations and (K, N) values -> one x/y pair with NaN breaks between the N starts.

    Values that are not finite (divergence) or not positive where a log axis will take them are left to
    pyqtgraph, which drops them.
    """
    if values.shape[1] == 1:
        return it, values[:, 0].copy()     # not a view: the session updates its results in place
    n = values.shape[1]
    x = np.tile(np.append(it, np.nan), n)
    y = np.hstack([values.T, np.full((n, 1), np.nan)]).reshape(-1)
    return x, y
