"""The Grid panel: one run's optimizer over a grid of two hyperparameters, as small multiples.

The grid is ``core.hypergrid``'s, computed in the background (``BackgroundRunner``) from one of the session's
start points for the session's step count; it is computed again when that start or the step count changes.
Each cell draws its path on the surface's contours up to the session's current iteration (playback moves every
cell at once), titled with its two values and coloured by outcome as in the exported figure
(``app.grid_figure``). Clicking a cell gives the run that cell's settings.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from core import hypergrid, optimizers

from .. import grid_cells, grid_figure, i18n
from ..grid_tiles import GAP, GridTiles
from ..model import has_data
from .background import BackgroundRunner
from .optimizer_panel import ParamSpinBox

ANY_NUMBER = optimizers.Param("value", 0.0)       # the editors take any number; core checks the range
TITLE_HEIGHT = 26                                 # pixels of a cell's title (two lines)
MIN_CELL = 56                                     # smallest cell width in pixels (the titles need it)


class GridPanel(QtWidgets.QWidget):
    """Small multiples of a hyperparameter grid, synchronized with the session's iteration.

    Signals:
        sigGridChanged(object): a new grid (``core.hypergrid.HyperGrid``) or None (cleared).
        sigCellLoaded(int, int, int): a cell was clicked: the run it was loaded into, its row and column.
    """

    sigGridChanged = QtCore.Signal(object)
    sigCellLoaded = QtCore.Signal(int, int, int)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.result: hypergrid.HyperGrid | None = None
        self.titles: dict[tuple[int, int], QtWidgets.QGraphicsSimpleTextItem] = {}
        self._run = -1                      # the session run the grid was computed for
        self._start = 0
        self._params_of: str | None = None  # the optimizer whose parameters the axis editors list

        self.run_combo = QtWidgets.QComboBox()
        self.run_combo.setToolTip(self.tr("The run whose optimizer is varied (its other settings are kept)"))
        self.run_combo.currentIndexChanged.connect(self._fill_params)
        self.start_combo = QtWidgets.QComboBox()
        self.start_combo.setToolTip(self.tr("Every cell starts here"))
        form = QtWidgets.QFormLayout()
        form.addRow(self.tr("Run"), self.run_combo)
        form.addRow(self.tr("Start"), self.start_combo)
        self.axes = []
        for title in (self.tr("Columns"), self.tr("Rows")):
            param = QtWidgets.QComboBox()
            param.setToolTip(self.tr("The hyperparameter that changes along this axis"))
            low, high = ParamSpinBox(ANY_NUMBER), ParamSpinBox(ANY_NUMBER)
            low.setToolTip(self.tr("First value"))
            high.setToolTip(self.tr("Last value"))
            count = QtWidgets.QSpinBox()
            count.setRange(2, hypergrid.MAX_COUNT)
            count.setValue(5)
            count.setToolTip(self.tr("Number of values"))
            log = QtWidgets.QCheckBox(self.tr("log"))
            log.setToolTip(self.tr("Space the values evenly on a log scale"))
            row = QtWidgets.QHBoxLayout()
            for widget, stretch in ((param, 2), (low, 2), (QtWidgets.QLabel("…"), 0), (high, 2), (count, 1), (log, 0)):
                row.addWidget(widget, stretch)
            form.addRow(title, row)
            axis = {"param": param, "low": low, "high": high, "count": count, "log": log}
            param.currentIndexChanged.connect(lambda _i, a=axis: self._default_range(a))
            self.axes.append(axis)

        self.compute_button = QtWidgets.QPushButton(self.tr("Compute"))
        self.compute_button.setToolTip(self.tr("Run every cell of the grid (in the background)"))
        self.compute_button.clicked.connect(self.compute)
        self.cancel_button = QtWidgets.QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.progress = QtWidgets.QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.save_button = QtWidgets.QPushButton(self.tr("Save…"))
        self.save_button.setToolTip(self.tr("Save the grid as a figure (PNG, SVG, PDF) or its data (CSV, JSON)"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._ask_save)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.compute_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.save_button)
        self.status = QtWidgets.QLabel()
        self.status.setWordWrap(True)
        self.view = pg.GraphicsView()
        self.view.setBackground("w")
        self.vb = pg.ViewBox(enableMenu=False, enableMouse=False)
        self.view.setCentralItem(self.vb)
        self.view.scene().sigMouseClicked.connect(self._on_clicked)
        self.tiles: GridTiles | None = None
        # the cells keep the domain's shape (see _fit); a large grid scrolls
        self.scroll = QtWidgets.QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(QtCore.Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setMinimumHeight(160)              # docked in a short column, a row of cells still shows
        self.scroll.setWidget(self.view)
        self.scroll.viewport().installEventFilter(self)
        self.legend = QtWidgets.QLabel()
        self.legend.setWordWrap(True)
        note = QtWidgets.QLabel(self.tr("Click a cell to give the run its settings. Colour: the minimum the run "
                                        "converged to; grey: not settled within the steps; dark: diverged."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555555;")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.legend)
        layout.addWidget(note)

        self.runner = BackgroundRunner(self)
        self.runner.sigProgress.connect(lambda f: self.progress.setValue(round(1000 * f)))
        self.runner.sigFinished.connect(self._on_done)
        self.runner.sigFailed.connect(lambda m: self._say(m, error=True))
        self.runner.sigCancelled.connect(lambda: self._say(self.tr("Cancelled.")))
        self.runner.sigBusyChanged.connect(self._set_busy)
        self.cancel_button.clicked.connect(self.runner.cancel)
        # a moved start or another step count: the grid is computed again, once a drag has ended
        self._refresh = QtCore.QTimer(self, singleShot=True, interval=100)
        self._refresh.timeout.connect(self._recompute)

        session.sigSurfaceChanged.connect(self._on_surface_changed)
        session.sigRunsChanged.connect(self._on_runs_changed)
        session.sigStartsChanged.connect(self._on_starts_changed)
        session.sigStepsChanged.connect(self._schedule)
        session.sigDraggingChanged.connect(self._schedule)
        session.sigIterationChanged.connect(self.set_iteration)
        self._on_runs_changed()
        self._on_starts_changed()

    def eventFilter(self, watched, event) -> bool:   # noqa: N802
        if event.type() == QtCore.QEvent.Type.Resize and watched is self.scroll.viewport():
            self._fit()
        return False

    def _fit(self) -> None:
        """Size the view so that the whole grid fits the panel if its tiles can be MIN_CELL pixels wide, else
        as wide as the panel (scrolling down), never narrower than MIN_CELL (scrolling across); the titles keep
        TITLE_HEIGHT pixels above their tiles."""
        port = self.scroll.viewport()
        if self.tiles is None:
            self.view.setFixedSize(max(port.width(), 1), max(port.height(), 1))
            return
        ny, nx = self.result.shape
        aspect = self.tiles.aspect
        across = port.width() / (nx * (1 + GAP))
        down = (port.height() / ny - TITLE_HEIGHT) / (aspect + GAP)
        cell = max(min(across, down) if down >= MIN_CELL else across, MIN_CELL)
        self.tiles.set_title_band(TITLE_HEIGHT / cell)
        bounds = self.tiles.bounds()
        self.view.setFixedSize(int(bounds.width() * cell), int(bounds.height() * cell))
        self.vb.setRange(bounds, padding=0)
        for (j, i), title in self.titles.items():      # centred in the band above the tile
            r = self.tiles.tile(j, i)
            title.setPos(r.center().x(), r.bottom() + self.tiles.title)

    # --- settings ----------------------------------------------------------------------------------

    def _optimizer(self):
        run = self.run_combo.currentIndex()
        return self.session.runs[run].optimizer if 0 <= run < len(self.session.runs) else None

    def _fill_params(self, *_) -> None:
        """The numeric parameters of the chosen run's optimizer; at first its first two (lr and momentum, β1, α,
        ...; gd: lr and noise); kept while the optimizer stays the same."""
        opt = self._optimizer()
        same = opt is not None and opt.name == self._params_of
        self._params_of = None if opt is None else opt.name
        names = [] if opt is None else list(hypergrid.variable_parameters(opt))
        if not has_data(self.session.surface):     # minibatches need rows of data
            names = [name for name in names if name != "batch"]
        for n, axis in enumerate(self.axes):
            combo = axis["param"]
            kept = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(names)
            combo.blockSignals(False)
            if same and kept in names:
                combo.setCurrentText(kept)
            elif names:
                combo.setCurrentIndex(min(n, len(names) - 1))
                self._default_range(axis)

    def _default_range(self, axis) -> None:
        """A range around the run's value: a decade either side (log) for positive values, [0, 0.99] for a
        decay rate, 0..4 for a seed, 0..1 otherwise."""
        opt, name = self._optimizer(), axis["param"].currentText()
        if opt is None or not name:
            return
        param = hypergrid.variable_parameters(opt)[name]
        value = float(opt.params.get(name, param.default if param.default is not None else 0.0))
        if param.kind == "int":
            low, high, log = 0.0, 4.0, False
        elif param.maximum == 1.0 and not param.max_inclusive:
            low, high, log = 0.0, 0.99, False
        elif value > 0:
            low, high, log = value / 10, value * 10, True
        else:
            low, high, log = 0.0, 1.0, False
        axis["low"].setValue(low)
        axis["high"].setValue(high)
        axis["log"].setChecked(log)

    def axes_settings(self) -> list[hypergrid.Axis]:
        """The two axes as the editors say (ValueError with a one-line message)."""
        return [hypergrid.make_axis(a["param"].currentText(), a["low"].value(), a["high"].value(),
                                    a["count"].value(), "log" if a["log"].isChecked() else "lin") for a in self.axes]

    # --- computing ---------------------------------------------------------------------------------

    def compute(self) -> None:
        """Start the grid of the chosen run from the chosen start, for the session's step count."""
        opt = self._optimizer()
        if opt is None:
            self._say(self.tr("Add a run first."), error=True)
            return
        try:
            axes = self.axes_settings()
        except ValueError as exc:
            self._say(i18n.error_text(exc), error=True)
            return
        surface, steps = self.session.surface, self.session.steps
        index = max(self.start_combo.currentIndex(), 0)
        start = self.session.starts[index]
        self._run, self._start = self.run_combo.currentIndex(), index
        self.progress.setValue(0)
        self._say(self.tr("Computing {0} runs…").format(axes[0].count * axes[1].count))
        self.runner.start(lambda progress, cancel: hypergrid.compute(
            surface, opt, axes, start, steps, index=index, progress=progress, cancel=cancel))

    def _schedule(self, *_) -> None:
        """Compute the shown (or coming) grid again soon: its start or step count changed."""
        if self.result is not None or self.runner.busy:
            self._refresh.start()

    def _recompute(self) -> None:
        if self.result is not None and not self.session.dragging:
            self.compute()

    def _on_done(self, g) -> None:
        self.progress.setValue(1000)
        self.set_grid(g)

    # --- drawing -----------------------------------------------------------------------------------

    def set_grid(self, g) -> None:
        """Show grid ``g`` (None clears): a tile per cell (``app.grid_tiles``), the largest second value on top."""
        self.vb.clear()
        self.titles = {}
        self.tiles = None
        self.result = g
        self.legend.setText("")
        self.save_button.setEnabled(g is not None)
        if g is None:
            self._fit()
            self.sigGridChanged.emit(None)
            return
        self.tiles = GridTiles(self.vb, g)
        font = self.font()
        font.setPointSizeF(7)
        for j, i in np.ndindex(g.shape):
            title = QtWidgets.QGraphicsSimpleTextItem()
            title.setFlag(QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            title.setFont(font)
            self.vb.addItem(title)
            self.titles[(j, i)] = title
        self._fit()
        i18n.keep_ltr(self.view)               # columns grow to the right, as on a plot, in Persian too
        self.legend.setText("&nbsp;&nbsp; ".join(f"<span style='color:{c}; font-size:13pt'>■</span>&nbsp;{t}"
                                                 for c, t in grid_cells.legend_entries(g)))
        run = self.session.runs[self._run].optimizer if 0 <= self._run < len(self.session.runs) else None
        self._say(self.tr("{0} of {1} cells converged to a minimum; from start {2}, {3} steps.").format(
            int((g.minimum >= 0).sum()), g.minimum.size, g.index + 1, g.steps))
        self.set_iteration(self.session.iteration)
        self._mark(run)
        self.sigGridChanged.emit(g)

    def set_iteration(self, k: int) -> None:
        """Every cell's path up to step ``k`` (the session's iteration)."""
        if self.tiles is not None:
            self.tiles.draw(min(int(k), self.result.steps))

    def _mark(self, opt) -> None:
        """Titles on two lines, centred; bold for the cell whose settings the run has now."""
        g = self.result
        for (j, i), title in self.titles.items():
            font = title.font()
            font.setBold(opt is not None and g.cells[j][i].params == opt.params)
            title.setFont(font)
            title.setText(g.title(j, i).replace(", ", "\n"))
            width = title.boundingRect().width()
            title.setTransform(QtGui.QTransform.fromTranslate(-width / 2, 0))

    # --- saving ------------------------------------------------------------------------------------

    def _ask_save(self) -> None:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, self.tr("Save the grid"), "grid.png",
            self.tr("Figure (*.png *.svg *.pdf);;Data (*.csv *.json)"))
        if path:
            self.save(path)

    def save(self, path) -> None:
        """Write the shown grid to ``path`` (its extension picks the format); says in one line what happened."""
        QtWidgets.QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)
        try:
            self._say(self.tr("Saved {0}").format(grid_figure.save_grid(self.result, path)))
        except (ValueError, OSError) as exc:
            self._say(self.tr("Could not save: {0}").format(i18n.error_text(exc) if isinstance(exc, ValueError)
                                                            else exc.strerror or str(exc)), error=True)
        finally:
            QtWidgets.QApplication.restoreOverrideCursor()

    # --- clicking ----------------------------------------------------------------------------------

    def cell_rect(self, j: int, i: int) -> QtCore.QRectF:
        """The scene rectangle of cell (j, i)'s tile (for tests and clicks)."""
        return self.vb.mapViewToScene(self.tiles.tile(j, i)).boundingRect()

    def _on_clicked(self, ev) -> None:
        if ev.button() != QtCore.Qt.MouseButton.LeftButton or self.tiles is None:
            return
        p = self.vb.mapSceneToView(ev.scenePos())
        cell = self.tiles.cell_at(p.x(), p.y())
        if cell is not None:
            self.load_cell(*cell)

    def load_cell(self, j: int, i: int) -> None:
        """Give the grid's run the settings of cell (j, i)."""
        g, runs = self.result, self.session.runs
        if self._run >= len(runs) or runs[self._run].optimizer.name != g.optimizer.name:
            self._say(self.tr("That run was removed or changed its optimizer; compute the grid again."), error=True)
            return
        opt = g.cells[j][i]
        self.session.set_run_optimizer(self._run, opt)
        self._mark(opt)
        self._say(self.tr("Run {0} now has {1}.").format(self._run + 1, i18n.ltr(g.title(j, i))))
        self.sigCellLoaded.emit(self._run, j, i)

    # --- model -> view -----------------------------------------------------------------------------

    def _on_surface_changed(self, *_) -> None:
        self.runner.cancel_and_wait()
        self.set_grid(None)
        self._say("")
        self._fill_params()

    def _on_runs_changed(self, *_) -> None:
        current = self.run_combo.currentIndex()
        self.run_combo.blockSignals(True)
        self.run_combo.clear()
        for run in self.session.runs:
            pix = QtGui.QPixmap(12, 12)
            pix.fill(QtGui.QColor(run.color))
            self.run_combo.addItem(QtGui.QIcon(pix), i18n.optimizer_label(run.optimizer))
        self.run_combo.setCurrentIndex(min(max(current, 0), len(self.session.runs) - 1))
        self.run_combo.blockSignals(False)
        self._fill_params()
        if self.result is not None:
            self._mark(self.session.runs[self._run].optimizer if self._run < len(self.session.runs) else None)

    def _on_starts_changed(self, *_) -> None:
        current = self.start_combo.currentIndex()
        self.start_combo.clear()
        for k, (x, y) in enumerate(self.session.starts):
            self.start_combo.addItem(self.tr("start {0}: ({1:.4g}, {2:.4g})").format(k + 1, x, y))
        self.start_combo.setCurrentIndex(min(max(current, 0), self.start_combo.count() - 1))
        self._schedule()

    def _set_busy(self, busy: bool) -> None:
        self.compute_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)

    def _say(self, message: str, error: bool = False) -> None:
        self.status.setStyleSheet("color: #c0392b;" if error else "")
        self.status.setText(message)

    def shutdown(self) -> None:
        """Cancel a computation and wait for its thread (before the window closes)."""
        self._refresh.stop()
        self.runner.cancel_and_wait()

