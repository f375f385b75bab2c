"""The swarm in the GUI: basin-of-attraction maps and learning-rate sweeps, computed in the background.

Both computations are ``core.swarm``'s (``basins`` and ``sweep``); here they run through
``background.BackgroundRunner`` (a worker on a QThread, progress by queued signals, cancelled at the next
chunk), so the window never freezes. The basin map is drawn in the panel's own plot (with a legend) and as a
semi-transparent image the surface view can overlay (``overlay_item()``). The sweep plots the final loss
and the steps to converge against the learning rate, one curve per optimizer; clicking a point gives that
run the point's learning rate.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from core import optimizers, palette, swarm
from core.defaults import DEFAULT_STEPS
from core.scene import MAX_STEPS, MIN_STEPS

from .. import i18n, style
from ..render import basins
from .axes import FittedAxis, plain
from .background import BackgroundRunner
from .optimizer_panel import ParamSpinBox

OVERLAY_OPACITY = 0.6
MIN_SWARM_STEPS = max(1, MIN_STEPS)   # a basin map or sweep needs steps (0 steps, which scenes allow, only
                                     # show the starts); the maximum is the scenes' and the session's MAX_STEPS
GAP_FLOOR = 1e-15        # final loss − f_min below this (times |f_min|) is drawn at it: round-off


def _style_plot(plot: pg.PlotItem) -> None:
    plot.showGrid(x=True, y=True, alpha=0.15)
    plot.setMenuEnabled(False)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(style.PLOT_FOREGROUND)
        axis.setTextPen(style.PLOT_FOREGROUND)
        plain(axis)


def _legend_html(entries: list[tuple[str, str]], per_line: int = 2) -> str:
    """A colour key as HTML: a coloured square and a text per entry, ``per_line`` entries per line."""
    cells = [f"<span style='color:{color}; font-size:13pt'>■</span>&nbsp;{text}" for color, text in entries]
    return "<br>".join("&nbsp;&nbsp;&nbsp;".join(cells[i:i + per_line]) for i in range(0, len(cells), per_line))


def _percent(share: float) -> str:
    return f"{100 * share:.1f}%"


class SwarmPanel(QtWidgets.QWidget):
    """Basin map and learning-rate sweep of the session's surface, computed in the background.

    Signals:
        sigBasinsChanged(object): a new basin map (``core.swarm.BasinMap``) or None (cleared).
        sigSweepChanged(object): a new sweep (``core.swarm.Sweep``) or None.
        sigRunRequested(int, float): a sweep point was clicked: run index and the learning rate it was given.
    """

    sigBasinsChanged = QtCore.Signal(object)
    sigSweepChanged = QtCore.Signal(object)
    sigRunRequested = QtCore.Signal(int, float)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.basin_map: swarm.BasinMap | None = None
        self.sweep_result: swarm.Sweep | None = None
        self._sweep_runs: list[int] = []          # session run index of each sweep row

        self.overlay = pg.ImageItem()
        self.overlay.setOpacity(OVERLAY_OPACITY)
        self.overlay.setZValue(-5)                # above the heatmap and contours, below the paths
        self.overlay.setVisible(False)

        self.tabs = QtWidgets.QTabWidget()
        self.tabs.addTab(self._build_basins(), self.tr("Basins"))
        self.tabs.addTab(self._build_sweep(), self.tr("Learning-rate sweep"))
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs)

        self.basin_runner = BackgroundRunner(self)
        self.basin_runner.sigProgress.connect(lambda f: self.basin_progress.setValue(round(1000 * f)))
        self.basin_runner.sigFinished.connect(self._on_basins_done)
        self.basin_runner.sigFailed.connect(lambda m: self._done(self.basin_status, m, error=True))
        self.basin_runner.sigCancelled.connect(lambda: self._done(self.basin_status, self.tr("Cancelled.")))
        self.basin_runner.sigBusyChanged.connect(lambda busy: self._set_busy(self._basin_controls(), busy))
        self.sweep_runner = BackgroundRunner(self)
        self.sweep_runner.sigProgress.connect(lambda f: self.sweep_progress.setValue(round(1000 * f)))
        self.sweep_runner.sigFinished.connect(self._on_sweep_done)
        self.sweep_runner.sigFailed.connect(lambda m: self._done(self.sweep_status, m, error=True))
        self.sweep_runner.sigCancelled.connect(lambda: self._done(self.sweep_status, self.tr("Cancelled.")))
        self.sweep_runner.sigBusyChanged.connect(lambda busy: self._set_busy(self._sweep_controls(), busy))

        session.sigSurfaceChanged.connect(self._on_surface_changed)
        session.sigRunsChanged.connect(self._on_runs_changed)
        session.sigStartsChanged.connect(self._on_starts_changed)
        self._on_runs_changed()
        self._on_starts_changed()

    # --- building --------------------------------------------------------------------------------

    def _build_basins(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        self.basin_optimizer = QtWidgets.QComboBox()
        self.basin_optimizer.setToolTip(self.tr("The run whose optimizer is started from every grid cell"))
        self.grid_spin = QtWidgets.QSpinBox()
        self.grid_spin.setRange(2, swarm.MAX_GRID)
        self.grid_spin.setValue(200)
        self.grid_spin.setSuffix(self.tr(" × same"))
        self.grid_spin.setToolTip(self.tr("Starts per side of the grid over the domain"))
        self.basin_steps = QtWidgets.QSpinBox()
        self.basin_steps.setRange(MIN_SWARM_STEPS, MAX_STEPS)
        self.basin_steps.setValue(DEFAULT_STEPS)
        self.basin_steps.setToolTip(self.tr("Steps of every run"))
        self.basin_compute = QtWidgets.QPushButton(self.tr("Compute"))
        self.basin_compute.setToolTip(self.tr("Run the optimizer from every cell (in the background)"))
        self.basin_compute.clicked.connect(self.compute_basins)
        self.basin_cancel = QtWidgets.QPushButton(self.tr("Cancel"))
        self.basin_cancel.setEnabled(False)
        self.basin_cancel.clicked.connect(lambda: self.basin_runner.cancel())
        self.basin_progress = QtWidgets.QProgressBar()
        self.basin_progress.setRange(0, 1000)
        self.basin_progress.setTextVisible(False)
        self.show_overlay = QtWidgets.QCheckBox(self.tr("Show on the surface"))
        self.show_overlay.setToolTip(self.tr("Overlay the basin map on the loss surface, semi-transparent"))
        self.show_overlay.setChecked(True)
        self.show_overlay.toggled.connect(self.set_overlay_visible)
        self.basin_status = QtWidgets.QLabel()
        self.basin_status.setWordWrap(True)

        # plot above, legend below it (a narrow dock has no room beside): one layout
        self.basin_layout = pg.GraphicsLayoutWidget()
        self.basin_layout.setBackground(style.PLOT_BACKGROUND)
        self.basin_plot = self.basin_layout.addPlot(row=0, col=0)
        _style_plot(self.basin_plot)
        self.basin_plot.setAspectLocked(True)
        self.basin_plot.setLabel("bottom", "x")
        self.basin_plot.setLabel("left", "y")
        self.basin_image = pg.ImageItem()
        self.basin_plot.addItem(self.basin_image)
        self.basin_minima = pg.ScatterPlotItem(symbol="star", size=14, brush=pg.mkBrush("#ffffff"),
                                               pen=pg.mkPen("#111111", width=1.2))
        self.basin_minima.setZValue(10)
        self.basin_plot.addItem(self.basin_minima)
        # An HTML label, not a LegendItem: it wraps in a narrow dock.
        self.basin_legend = pg.LabelItem("", color=style.PLOT_FOREGROUND, size="9pt")
        self.basin_layout.addItem(self.basin_legend, row=1, col=0)

        form = QtWidgets.QFormLayout()
        form.addRow(self.tr("Optimizer"), self.basin_optimizer)
        form.addRow(self.tr("Grid"), self.grid_spin)
        form.addRow(self.tr("Steps"), self.basin_steps)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.basin_compute)
        buttons.addWidget(self.basin_cancel)
        buttons.addWidget(self.basin_progress, 1)
        note = QtWidgets.QLabel(self.tr("Colour: the minimum each start ends at (paler: more steps to get "
                                        "there); dark: diverged; grey: not settled within the steps."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555555;")
        layout = QtWidgets.QVBoxLayout(page)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.show_overlay)
        layout.addWidget(self.basin_status)
        layout.addWidget(self.basin_layout, 1)
        layout.addWidget(note)
        return page

    def _build_sweep(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        self.sweep_list = QtWidgets.QListWidget()
        self.sweep_list.setToolTip(self.tr("Tick the runs to sweep (their other settings are kept)"))
        self.sweep_list.setMaximumHeight(110)
        self.sweep_start = QtWidgets.QComboBox()
        self.sweep_start.setToolTip(self.tr("Every run of the sweep starts here"))
        lr_param = optimizers.Param("lr", 1e-4, 0.0, 1e6, min_inclusive=False)
        self.lr_low, self.lr_high = ParamSpinBox(lr_param), ParamSpinBox(lr_param)
        self.lr_low.setValue(1e-4)
        self.lr_high.setValue(1.0)
        self.lr_low.setToolTip(self.tr("Smallest learning rate"))
        self.lr_high.setToolTip(self.tr("Largest learning rate"))
        self.count_spin = QtWidgets.QSpinBox()
        self.count_spin.setRange(1, swarm.MAX_SWEEP)
        self.count_spin.setValue(50)
        self.count_spin.setToolTip(self.tr("Learning rates, log-spaced between the two"))
        self.sweep_steps = QtWidgets.QSpinBox()
        self.sweep_steps.setRange(MIN_SWARM_STEPS, MAX_STEPS)
        self.sweep_steps.setValue(1000)
        self.sweep_compute = QtWidgets.QPushButton(self.tr("Compute"))
        self.sweep_compute.clicked.connect(self.compute_sweep)
        self.sweep_cancel = QtWidgets.QPushButton(self.tr("Cancel"))
        self.sweep_cancel.setEnabled(False)
        self.sweep_cancel.clicked.connect(lambda: self.sweep_runner.cancel())
        self.sweep_progress = QtWidgets.QProgressBar()
        self.sweep_progress.setRange(0, 1000)
        self.sweep_progress.setTextVisible(False)
        self.sweep_status = QtWidgets.QLabel()
        self.sweep_status.setWordWrap(True)

        self.sweep_layout = pg.GraphicsLayoutWidget()
        self.sweep_layout.setBackground(style.PLOT_BACKGROUND)
        left_axes: list[FittedAxis] = []              # one width for both: their x axes line up
        self.loss_plot = self.sweep_layout.addPlot(row=0, col=0, axisItems={"left": FittedAxis(left_axes)})
        self.steps_plot = self.sweep_layout.addPlot(row=1, col=0, axisItems={"left": FittedAxis(left_axes)})
        for plot in (self.loss_plot, self.steps_plot):
            _style_plot(plot)
            plot.setLogMode(x=True)
        self.loss_plot.setLogMode(x=True, y=True)
        self.steps_plot.setXLink(self.loss_plot)
        self.loss_plot.setLabel("left", self.tr("final f − f_min"))
        self.steps_plot.setLabel("left", self.tr("steps to settle"))
        self.steps_plot.setLabel("bottom", self.tr("learning rate"))
        self.sweep_legend = pg.LabelItem("", color=style.PLOT_FOREGROUND, size="9pt")
        self.sweep_layout.addItem(self.sweep_legend, row=2, col=0)
        self._sweep_items: list = []
        self._loss_points: list[pg.PlotDataItem] = []

        form = QtWidgets.QFormLayout()
        form.addRow(self.tr("Runs"), self.sweep_list)
        form.addRow(self.tr("Start"), self.sweep_start)
        lr_row = QtWidgets.QHBoxLayout()
        lr_row.addWidget(self.lr_low)
        lr_row.addWidget(QtWidgets.QLabel("…"))
        lr_row.addWidget(self.lr_high)
        form.addRow(self.tr("Learning rates"), lr_row)
        form.addRow(self.tr("Count"), self.count_spin)
        form.addRow(self.tr("Steps"), self.sweep_steps)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.sweep_compute)
        buttons.addWidget(self.sweep_cancel)
        buttons.addWidget(self.sweep_progress, 1)
        note = QtWidgets.QLabel(self.tr("Click a point to give that run its learning rate. ×: diverged."))
        note.setStyleSheet("color: #555555;")
        layout = QtWidgets.QVBoxLayout(page)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.sweep_status)
        layout.addWidget(self.sweep_layout, 1)
        layout.addWidget(note)
        return page

    # --- the overlay -----------------------------------------------------------------------------

    def overlay_item(self) -> pg.ImageItem:
        """The basin map as a semi-transparent image in data coordinates, for the surface view's PlotItem."""
        return self.overlay

    def set_overlay_visible(self, on: bool) -> None:
        """Show the overlay (when there is a basin map) or hide it; mirrors the checkbox."""
        if self.show_overlay.isChecked() != bool(on):
            self.show_overlay.setChecked(bool(on))          # comes back here through toggled
            return
        self.overlay.setVisible(bool(on) and self.basin_map is not None)

    # --- basins ----------------------------------------------------------------------------------

    def compute_basins(self) -> None:
        """Start the basin map of the chosen run's optimizer in the background."""
        run = self.basin_optimizer.currentIndex()
        if not 0 <= run < len(self.session.runs):
            self._done(self.basin_status, self.tr("Add a run first."), error=True)
            return
        surface, opt = self.session.surface, self.session.runs[run].optimizer
        grid, steps = self.grid_spin.value(), self.basin_steps.value()
        self.basin_progress.setValue(0)
        self.basin_status.setStyleSheet("")
        self.basin_status.setText(self.tr("Computing {0} starts of {1}…").format(grid * grid,
                                                                               i18n.optimizer_label(opt)))
        self.basin_runner.start(lambda progress, cancel: swarm.basins(surface, opt, grid, steps,
                                                                      progress=progress, cancel=cancel))

    def _on_basins_done(self, bmap) -> None:
        self.basin_progress.setValue(1000)
        self.set_basin_map(bmap)

    def set_basin_map(self, bmap) -> None:
        """Show ``bmap`` (a ``core.swarm.BasinMap``) in the panel and the overlay; None clears."""
        self.basin_map = bmap
        if bmap is None:
            self.basin_image.clear()
            self.overlay.clear()
            self.basin_minima.setData([])
            self.basin_legend.setText("")
            self.overlay.setVisible(False)
            self.basin_status.setText("")
            self.sigBasinsChanged.emit(None)
            return
        rgba = np.ascontiguousarray(basins.basin_rgba(bmap).transpose(1, 0, 2))       # ImageItem wants [x, y]
        (x0, x1), (y0, y1) = bmap.domain
        rect = QtCore.QRectF(x0, y0, x1 - x0, y1 - y0)
        for item in (self.basin_image, self.overlay):
            item.setImage(rgba, autoLevels=False, levels=(0, 255))
            item.setRect(rect)
        self.basin_minima.setData(pos=[m.xy for m in bmap.minima] or np.empty((0, 2)))
        self.basin_plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        self.basin_plot.setTitle(self.tr("{0}, {1} steps").format(i18n.optimizer_label(bmap.optimizer), bmap.steps),
                                 color=style.PLOT_FOREGROUND, size="9pt")
        self._fill_basin_legend(bmap)
        self.overlay.setVisible(self.show_overlay.isChecked())
        self.basin_status.setStyleSheet("")
        self.basin_status.setText(self._basin_summary(bmap))
        self.sigBasinsChanged.emit(bmap)

    def basin_colors(self) -> list[str]:
        """The colour of each minimum's basin (before the paling by steps), in ``basin_map.minima`` order."""
        bmap = self.basin_map
        if bmap is None:
            return []
        return basins.basin_colors(bmap)

    def _fill_basin_legend(self, bmap) -> None:
        shares = bmap.fractions()
        entries = [(color, self.tr("({0:.3g}, {1:.3g}): {2}").format(m.xy[0], m.xy[1], _percent(shares.get(k, 0))))
                   for k, (m, color) in enumerate(zip(bmap.minima, self.basin_colors(), strict=True))]
        for code, color, text in ((-2, basins.DIVERGED, self.tr("diverged")),
                                  (-1, basins.NOT_CONVERGED, self.tr("not settled"))):
            if shares.get(code, 0) > 0:
                entries.append((color, f"{text}: {_percent(shares[code])}"))
        self.basin_legend.setText(_legend_html(entries))

    def _basin_summary(self, bmap) -> str:
        shares = bmap.fractions()
        settled = sum(v for k, v in shares.items() if k >= 0)
        text = self.tr("{0} of the starts settled at a minimum, {1} diverged.").format(
            _percent(settled), _percent(shares.get(-2, 0)))
        if shares.get(-3, 0):
            text += " " + self.tr("f is undefined at {0} of the starts or where their runs went.").format(
                _percent(shares[-3]))
        return text

    def basin_at(self, x: float, y: float) -> int | None:
        """The basin map's outcome for the cell containing (x, y): minimum index, -1 not settled, -2 diverged."""
        bmap = self.basin_map
        if bmap is None:
            return None
        i, j = self._cell(x, y)
        return -2 if bmap.diverged[j, i] else int(bmap.index[j, i])

    def overlay_color_at(self, x: float, y: float) -> tuple[int, int, int, int]:
        """RGBA of the overlay image at data point (x, y)."""
        i, j = self._cell(x, y)
        return tuple(int(c) for c in self.overlay.image[i, j])

    def _cell(self, x: float, y: float) -> tuple[int, int]:
        bmap = self.basin_map
        (x0, x1), (y0, y1) = bmap.domain
        nx, ny = len(bmap.xs), len(bmap.ys)
        i = int(np.clip((x - x0) / (x1 - x0) * nx, 0, nx - 1))
        j = int(np.clip((y - y0) / (y1 - y0) * ny, 0, ny - 1))
        return i, j

    # --- sweep -----------------------------------------------------------------------------------

    def compute_sweep(self) -> None:
        """Start the learning-rate sweep of the ticked runs in the background."""
        runs = [i for i in range(self.sweep_list.count())
                if self.sweep_list.item(i).checkState() == QtCore.Qt.CheckState.Checked]
        if not runs:
            self._done(self.sweep_status, self.tr("Tick at least one run to sweep."), error=True)
            return
        surface = self.session.surface
        opts = [self.session.runs[i].optimizer for i in runs]
        start = self.session.starts[max(self.sweep_start.currentIndex(), 0)]
        lr_range = (self.lr_low.value(), self.lr_high.value())
        count, steps = self.count_spin.value(), self.sweep_steps.value()
        self._sweep_runs = runs
        self.sweep_progress.setValue(0)
        self.sweep_status.setStyleSheet("")
        self.sweep_status.setText(self.tr("Computing {0} runs…").format(len(opts) * count))
        self.sweep_runner.start(lambda progress, cancel: swarm.sweep(
            surface, opts, start, lr_range, count, steps, progress=progress, cancel=cancel))

    def _on_sweep_done(self, sw) -> None:
        self.sweep_progress.setValue(1000)
        self.set_sweep(sw, self._sweep_runs)

    def set_sweep(self, sw, runs: list[int]) -> None:
        """Plot sweep ``sw`` whose row i belongs to session run ``runs[i]``; None clears."""
        for plot, item in self._sweep_items:
            plot.removeItem(item)
        self._sweep_items = []
        self._loss_points: list[pg.PlotDataItem] = []
        self.sweep_legend.setText("")
        self.sweep_result, self._sweep_runs = sw, list(runs)
        if sw is None:
            self.sweep_status.setText("")
            self.sigSweepChanged.emit(None)
            return
        finite = sw.final_loss[np.isfinite(sw.final_loss)]
        f_min = min([m.value for m in sw.minima] + ([float(finite.min())] if finite.size else [0.0]))
        # as the command line's picture: the gap to f_min between round-off and a million times the start's
        # gap (a run that ended further away has blown up; drawn at that ceiling, so the rest stays readable)
        floor = GAP_FLOOR * max(1.0, abs(f_min))
        ceiling = max(1e6 * (sw.start_loss - f_min), 1e3 * floor)
        gap = np.clip(sw.final_loss - f_min, floor, ceiling)
        top = float(np.nanmax(gap)) if np.isfinite(gap).any() else ceiling
        legend = []
        for i, opt in enumerate(sw.optimizers):
            run = self._sweep_runs[i]
            color = self.session.runs[run].color if run < len(self.session.runs) else palette.run_color(i)
            pen, brush = pg.mkPen(color, width=1.8), pg.mkBrush(color)
            ok = ~(sw.diverged[i] | sw.undefined[i])
            line = pg.PlotDataItem(sw.lrs, np.where(ok, gap[i], np.nan), pen=pen, connect="finite")
            # PlotDataItems with symbols (not bare scatter items): they follow the plots' log mode
            points = pg.PlotDataItem(sw.lrs[ok], gap[i][ok], pen=None, symbol="o", symbolSize=7,
                                     symbolBrush=brush, symbolPen=pen, data=[(i, j) for j in np.flatnonzero(ok)])
            settled = sw.steps_to_converge[i] >= 0
            steps_line = pg.PlotDataItem(sw.lrs, np.where(settled, sw.steps_to_converge[i], np.nan).astype(float),
                                         pen=pen, connect="finite")
            steps_points = pg.PlotDataItem(sw.lrs[settled], sw.steps_to_converge[i][settled].astype(float),
                                           pen=None, symbol="o", symbolSize=6, symbolBrush=brush, symbolPen=pen,
                                           data=[(i, j) for j in np.flatnonzero(settled)])
            crosses = pg.PlotDataItem(sw.lrs[sw.diverged[i]], np.full(int(sw.diverged[i].sum()), top), pen=None,
                                      symbol="x", symbolSize=11, symbolBrush=brush, symbolPen=pg.mkPen(color, width=2),
                                      data=[(i, j) for j in np.flatnonzero(sw.diverged[i])])
            rings = pg.PlotDataItem(sw.lrs[sw.undefined[i]], np.full(int(sw.undefined[i].sum()), top), pen=None,
                                    symbol="o", symbolSize=9, symbolBrush=None, symbolPen=pg.mkPen(color, width=2),
                                    data=[(i, j) for j in np.flatnonzero(sw.undefined[i])])
            for item in (points, steps_points, crosses, rings):
                item.sigPointsClicked.connect(self._on_sweep_clicked)
            for plot, item in ((self.loss_plot, line), (self.loss_plot, points), (self.loss_plot, crosses),
                               (self.loss_plot, rings),
                               (self.steps_plot, steps_line), (self.steps_plot, steps_points)):
                plot.addItem(item)
                self._sweep_items.append((plot, item))
            self._loss_points.append(points)
            legend.append((color, self.tr("run {0}: {1}").format(run + 1, opt.title)))
        self.sweep_legend.setText(_legend_html(legend))
        for plot in (self.loss_plot, self.steps_plot):
            plot.enableAutoRange()
        self.sweep_status.setStyleSheet("")
        text = self.tr("{0} learning rates from {1:g} to {2:g}, {3} steps each, from ({4:g}, {5:g})").format(
            len(sw.lrs), sw.lrs[0], sw.lrs[-1], sw.steps, *sw.start)
        if sw.undefined.any():           # said only when it happens: ○ is not in the note under the plots
            text += "\n" + self.tr("○: a step landed where f is undefined (the run stopped; no final loss).")
        self.sweep_status.setText(text)
        self.sigSweepChanged.emit(sw)

    def sweep_point_items(self) -> list[pg.PlotDataItem]:
        """The clickable final-loss points, one item per optimizer row (for tests)."""
        return list(self._loss_points)

    def _on_sweep_clicked(self, item, points, ev=None) -> None:
        if len(points):
            self.load_sweep_point(*points[0].data())

    def load_sweep_point(self, i: int, j: int) -> None:
        """Give the run of sweep row ``i`` the learning rate ``lrs[j]`` (its other settings as they are now)."""
        sw = self.sweep_result
        run = self._sweep_runs[i]
        runs = self.session.runs
        if run >= len(runs) or runs[run].optimizer.name != sw.optimizers[i].name:
            self._done(self.sweep_status, self.tr("That run was removed or changed its optimizer; compute "
                                                  "the sweep again."), error=True)
            return
        lr = float(sw.lrs[j])
        current = runs[run].optimizer
        self.session.set_run_optimizer(run, optimizers.create(current.name, **{**current.params, "lr": lr}))
        self.sweep_status.setStyleSheet("")
        self.sweep_status.setText(self.tr("Run {0} now has lr = {1:.4g}.").format(run + 1, lr))
        self.sigRunRequested.emit(run, lr)

    # --- model -> view ---------------------------------------------------------------------------

    def _on_surface_changed(self, *_) -> None:
        """A new surface: running computations are for the old one (cancelled), results are cleared."""
        self.basin_runner.cancel_and_wait()
        self.sweep_runner.cancel_and_wait()
        self.set_basin_map(None)
        self.set_sweep(None, [])

    def _on_runs_changed(self, *_) -> None:
        runs = self.session.runs
        current = self.basin_optimizer.currentIndex()
        self.basin_optimizer.clear()
        for run in runs:
            pix = QtGui.QPixmap(12, 12)
            pix.fill(QtGui.QColor(run.color))
            self.basin_optimizer.addItem(QtGui.QIcon(pix), i18n.optimizer_label(run.optimizer))
        self.basin_optimizer.setCurrentIndex(min(max(current, 0), len(runs) - 1))
        checked = [self.sweep_list.item(i).checkState() for i in range(self.sweep_list.count())]
        self.sweep_list.clear()
        for i, run in enumerate(runs):
            item = QtWidgets.QListWidgetItem(i18n.optimizer_label(run.optimizer))
            item.setFlags(item.flags() | QtCore.Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(checked[i] if i < len(checked) else QtCore.Qt.CheckState.Checked)
            pix = QtGui.QPixmap(12, 12)
            pix.fill(QtGui.QColor(run.color))
            item.setIcon(QtGui.QIcon(pix))
            self.sweep_list.addItem(item)

    def _on_starts_changed(self, *_) -> None:
        current = self.sweep_start.currentIndex()
        self.sweep_start.clear()
        for k, (x, y) in enumerate(self.session.starts):
            self.sweep_start.addItem(self.tr("start {0}: ({1:.4g}, {2:.4g})").format(k + 1, x, y))
        self.sweep_start.setCurrentIndex(min(max(current, 0), self.sweep_start.count() - 1))

    # --- busy state ------------------------------------------------------------------------------

    def _basin_controls(self):
        return self.basin_compute, self.basin_cancel, (self.basin_optimizer, self.grid_spin, self.basin_steps)

    def _sweep_controls(self):
        return self.sweep_compute, self.sweep_cancel, (self.sweep_list, self.sweep_start, self.lr_low,
                                                       self.lr_high, self.count_spin, self.sweep_steps)

    @staticmethod
    def _set_busy(controls, busy: bool) -> None:
        compute, cancel, editors = controls
        compute.setEnabled(not busy)
        cancel.setEnabled(busy)
        for widget in editors:
            widget.setEnabled(not busy)

    def _done(self, label: QtWidgets.QLabel, message: str, error: bool = False) -> None:
        label.setStyleSheet("color: #c0392b;" if error else "")
        label.setText(message)

    def shutdown(self) -> None:
        """Cancel any computation and wait for its thread (call before the window closes)."""
        self.basin_runner.cancel_and_wait()
        self.sweep_runner.cancel_and_wait()

    def closeEvent(self, event) -> None:   # noqa: N802
        self.shutdown()
        super().closeEvent(event)
