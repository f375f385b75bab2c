"""The data beside the surface: a scatter of the rows with the current model's prediction.

Shown for a graph's loss on data (File > Open data…). The model's features are the data-fed inputs that its
prediction (``ModelSurface.output_node``) depends on; the other data-fed inputs are targets. With one feature:
the rows as (feature, target) points and the prediction as a curve over the feature's range (the regression
line, the sigmoid), from ``ModelSurface.predict`` at the selected run's current iterate (its first start), so
it moves as the run plays. With two features: the rows in the feature plane coloured by target (class), each
ringed in the colour of the model's prediction for it. The rows of the current step's batch are highlighted.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from .. import style
from ..model import has_data, minibatch
from .axes import plain
from .minibatch_items import batch_step

CURVE_POINTS = 200
CLASS_COLORS = ("#2c7bb6", "#d7191c")          # target below / at least 0.5


def _tr(text: str) -> str:
    return QtCore.QCoreApplication.translate("DataView", text)


def roles(surface) -> tuple[list[str], list[str]]:
    """(features, targets): the data-fed inputs the prediction depends on, and the other data-fed inputs."""
    output = surface.output_node()
    needed, graph = {output}, surface.graph
    for n in reversed(graph.nodes):
        if n.name in needed:
            needed.update(n.inputs)
    fed = [name for name, column in surface.fed.items() if column]
    return [n for n in fed if n in needed], [n for n in fed if n not in needed]


def current_point(session, run: int):
    """The selected run's iterate at the current iteration (first start; its last kept one after divergence),
    or None."""
    if not 0 <= run < len(session.runs):
        return None
    res = session.trajectories[run]
    k = min(session.iteration, int(res.last_finite[0]))
    xy = res.path[k, 0]
    return xy if np.isfinite(xy).all() else None


class DataView(QtWidgets.QWidget):
    """Scatter of the rows, the prediction at the current iterate, the current batch highlighted."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.run = 0
        self.plot_widget = pg.PlotWidget(background=style.PLOT_BACKGROUND)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        plain(self.plot.getAxis("left"), self.plot.getAxis("bottom"))
        for name in ("left", "bottom"):
            self.plot.getAxis(name).setPen(style.PLOT_FOREGROUND)
            self.plot.getAxis(name).setTextPen(style.PLOT_FOREGROUND)
        self.points = pg.ScatterPlotItem(size=6, pen=pg.mkPen("#333333", width=0.5), tip=None)
        self.batch_points = pg.ScatterPlotItem(size=12, brush=None, pen=pg.mkPen("#111111", width=2), tip=None)
        self.prediction = pg.PlotDataItem(pen=pg.mkPen("#e67e22", width=2.5))
        for item in (self.points, self.prediction, self.batch_points):
            self.plot.addItem(item)
        self.caption = QtWidgets.QLabel()
        self.caption.setWordWrap(True)
        self.empty = QtWidgets.QLabel(self.tr("Open a graph as a loss surface and a dataset (File > Open graph as a "
                                              "loss surface…, Open data…) to see the rows and the model's "
                                              "prediction here."))
        self.empty.setWordWrap(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.empty)
        layout.addWidget(self.plot_widget, 1)
        layout.addWidget(self.caption)
        self.plot_widget.setMinimumHeight(200)
        self.features: list[str] = []
        self.targets: list[str] = []
        self.curve_x = np.empty(0)
        session.sigSurfaceChanged.connect(self._on_surface_changed)
        session.sigIterationChanged.connect(self.redraw)
        session.sigTrajectoriesChanged.connect(self.redraw)
        session.sigRunsChanged.connect(self.redraw)
        self._on_surface_changed()

    def set_run(self, run: int) -> None:
        self.run = max(int(run), 0)
        self.redraw()

    def _on_surface_changed(self, *_) -> None:
        surface = self.session.surface
        shown = has_data(surface)
        self.empty.setVisible(not shown)
        self.plot_widget.setVisible(shown)
        self.caption.setVisible(shown)
        self.features, self.targets = roles(surface) if shown else ([], [])
        if not shown:
            return
        data = surface.data
        cols = {name: data.column(surface.fed[name]) for name in self.features + self.targets}
        self.columns = cols
        if len(self.features) == 1 and self.targets:
            f, t = self.features[0], self.targets[0]
            self.plot.setLabel("bottom", f)
            self.plot.setLabel("left", t)
            x = cols[f]
            lo, hi = float(np.min(x)), float(np.max(x))
            pad = 0.05 * (hi - lo) if hi > lo else 1.0
            self.curve_x = np.linspace(lo - pad, hi + pad, CURVE_POINTS)
            self.points.setData(x, cols[t], size=6, brush=pg.mkBrush("#7f8c8d"))
        elif len(self.features) >= 2:
            f1, f2 = self.features[:2]
            self.plot.setLabel("bottom", f1)
            self.plot.setLabel("left", f2)
            target = cols[self.targets[0]] if self.targets else np.zeros(data.n_rows)
            self.points.setData(cols[f1], cols[f2], size=14,
                                brush=[pg.mkBrush(CLASS_COLORS[int(v >= 0.5)]) for v in target])
            self.prediction.setData([], [])
        else:                                 # no feature or no target: the rows against their index
            name = (self.features + self.targets)[0]
            self.plot.setLabel("bottom", self.tr("row"))
            self.plot.setLabel("left", name)
            self.points.setData(np.arange(data.n_rows), cols[name], size=6, brush=pg.mkBrush("#7f8c8d"))
        self.plot.autoRange()
        self.redraw()

    def redraw(self, *_) -> None:
        surface = self.session.surface
        if not has_data(surface):
            return
        xy = current_point(self.session, self.run)
        info = minibatch(self.session, self.run)
        rows = None
        if info is not None:
            rows = info.batches[batch_step(self.session.iteration, len(info.batches))]
        self._draw_batch(rows)
        if xy is None:
            self.prediction.setData([], [])
            self.caption.setText(self.tr("The run has no finite iterate here."))
            return
        self.current = xy
        if len(self.features) == 1 and self.targets:
            y = surface.predict(xy, self.features[0], self.curve_x)
            color = self.session.runs[self.run].color      # the followed run's colour, not another run's
            self.prediction.setData(self.curve_x, y, pen=pg.mkPen(color, width=2.5))
        elif len(self.features) >= 2:
            predicted = surface.predict(xy)
            self.points.setPen([pg.mkPen(CLASS_COLORS[int(v >= 0.5)], width=3) for v in predicted])
        text = self.tr("Prediction {0} at {1} = {2}, {3} = {4} (step {5})").format(
            surface.output_node(), surface.p, f"{xy[0]:.4g}", surface.q, f"{xy[1]:.4g}", self.session.iteration)
        if len(self.features) >= 2:
            text += "  " + self.tr("Fill: the target's class; ring: the class predicted (blue below 0.5, red at "
                                   "or above).")
        if rows is not None:
            text += "  " + self.tr("Ringed: the {0} rows of the current batch.").format(len(rows))
        self.caption.setText(text)

    def _draw_batch(self, rows) -> None:
        if rows is None:
            self.batch_points.setData([], [])
            return
        x, y = self.points.getData()
        self.batch_points.setData(np.asarray(x)[rows], np.asarray(y)[rows], size=22 if len(self.features) >= 2 else 12)


def install(window) -> DataView:
    """The data view in a dock beside the surface (tabbed with the inspector, shown when a surface with data
    opens), following the selected run."""
    view = DataView(window.session)
    window.data_view = view
    right = QtCore.Qt.DockWidgetArea.RightDockWidgetArea
    dock = window._dock(_tr("Data"), "data", view, right)
    window.data_dock = dock
    window._homes.remove((dock, right))      # View > Reset layout: see home(), not a dock of its own

    def home(*_):
        """Docked, tabbed with the inspector and shown while data is open; else docked and hidden."""
        dock.setFloating(False)
        if has_data(window.session.surface):
            window.tabifyDockWidget(window.inspector_dock, dock)
            dock.show()
            dock.raise_()
        else:
            window.addDockWidget(right, dock)
            dock.hide()

    window.session.sigSurfaceChanged.connect(lambda *_: has_data(window.session.surface) and home())
    window.reset_layout_action.triggered.connect(home)
    home()
    runs_list = window.optimizer_panel.runs_list
    runs_list.currentRowChanged.connect(view.set_run)
    view.set_run(max(runs_list.currentRow(), 0))
    return view


