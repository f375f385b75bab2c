"""The Backprop panel: a computational graph drawn, its forward/backward tables, gradient descent one step at a
time, and a student's own numbers marked right or wrong as they are typed.

The numbers are all core's (core/backprop.py and core/backprop_tables.py): at step k the panel shows
``evaluate(graph, points[k])`` where ``points`` are ``descend(graph, lr, n).points``; the tables and the exports
are ``backprop_tables`` of the graph at that point with one more step (``descend(graph, lr, 1, points[k])``),
so that at step 0 they are exactly ``optiscope backprop GRAPH --lr LR``. A typed answer is marked by
``core.backprop.mark_number`` (right when within one unit of its last written digit).

Two sources: a graph file (File > Open graph…, File > Examples), or the typed surface's formula
(``core.graph.from_formula`` on the text as typed) at the current point of the selected run, following the
playback, or at a point clicked on the surface. ``install(window)`` adds the dock and the menu entries.

One file (about 700 lines) on purpose: it is one widget whose sources, stepping, tables, answer check and export
all read and reset the same state (graph, step, evaluation, descent); the graph drawing is graph_view.py's.
"""
from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from types import SimpleNamespace

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from core import backprop, backprop_tables
from core import graph as graphs
from core.files import write_text_atomic

from .. import i18n, style
from .graph_view import GraphView
from .optimizer_panel import ParamSpinBox

GRAPHS = Path(__file__).resolve().parents[2] / "resources" / "graphs"
DEFAULT_LR = 0.1                    # optiscope backprop's default
EXAMPLE_LR = {"sigmoid_2_2_2": 0.5}     # the learning rate of the published worked example
RIGHT_COLOR, WRONG_COLOR = "#c8efcf", "#f8c9c4"
EXPORT_FORMATS = (("md", "Markdown"), ("tex", "LaTeX"), ("csv", "CSV"), ("json", "JSON"))
MIN_CENTRAL = 260                   # px the surface view keeps when the Backprop dock is widened
MIN_GRAPH = 240                     # px of height the Backprop dock keeps beside the plots when it opens
CHECK_COLUMNS = (3, 4)              # the answer columns of the check table
CONTEXT = "BackpropPanel"


def _tr(text: str) -> str:
    return QtCore.QCoreApplication.translate(CONTEXT, text)


_EXAMPLES = {   # file stem -> menu title
    "sigmoid_neuron": QtCore.QT_TRANSLATE_NOOP("BackpropPanel", "Sigmoid neuron (lecture)"),
    "sigmoid_2_2_2": QtCore.QT_TRANSLATE_NOOP("BackpropPanel", "2-2-2 sigmoid network"),
    "leaky_relu_2_2_1": QtCore.QT_TRANSLATE_NOOP("BackpropPanel", "2-2-1 leaky-ReLU network"),
    "batchnorm_two_values": QtCore.QT_TRANSLATE_NOOP("BackpropPanel", "Batch normalization of two values"),
}
_KINDS = {
    "input": QtCore.QT_TRANSLATE_NOOP("BackpropPanel", "input"),
    "param": QtCore.QT_TRANSLATE_NOOP("BackpropPanel", "param"),
    "node": QtCore.QT_TRANSLATE_NOOP("BackpropPanel", "node"),
    "loss": QtCore.QT_TRANSLATE_NOOP("BackpropPanel", "loss"),
}


def example_graphs() -> list[Path]:
    """The graphs shipped in resources/graphs, in menu order (the lecture's neuron first)."""
    order = list(_EXAMPLES)
    return sorted(GRAPHS.glob("*.graph"), key=lambda p: (order.index(p.stem) if p.stem in order else 99, p.stem))


def example_title(path: Path) -> str:
    return _tr(_EXAMPLES[path.stem]) if path.stem in _EXAMPLES else path.stem


def _first_comment(path: Path) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            line = f.readline().strip()
    except OSError:
        return ""
    return line.lstrip("# ") if line.startswith("#") else ""


class _Table(QtWidgets.QTableWidget):
    """A read-only table of text cells, left to right, that copies its selection as tab-separated text."""

    def __init__(self, header: list[str], parent=None):
        super().__init__(0, len(header), parent)
        self.setHorizontalHeaderLabels(header)
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ContiguousSelection)
        self.horizontalHeader().setStretchLastSection(True)
        i18n.keep_ltr(self)
        copy = QtGui.QAction(_tr("Copy"), self)
        copy.setShortcut(QtGui.QKeySequence.StandardKey.Copy)
        copy.triggered.connect(self.copy_selection)
        self.addAction(copy)

    def set_rows(self, rows: list[list[str]]) -> None:
        """Set the cells' texts; the items are made once and only their texts change afterwards."""
        if self.rowCount() != len(rows):
            self.setRowCount(len(rows))
            for r in range(len(rows)):
                for c in range(self.columnCount()):
                    if self.item(r, c) is None and self.cellWidget(r, c) is None:
                        self.setItem(r, c, QtWidgets.QTableWidgetItem())
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = self.item(r, c)
                if item.text() != text:
                    item.setText(text)

    def copy_selection(self) -> None:
        ranges = self.selectedRanges()
        if not ranges:
            return
        r = ranges[0]
        cols = range(r.leftColumn(), r.rightColumn() + 1)
        lines = ["\t".join(self.horizontalHeaderItem(c).text() for c in cols)]
        for row in range(r.topRow(), r.bottomRow() + 1):
            lines.append("\t".join(self.item(row, c).text() if self.item(row, c) else "" for c in cols))
        QtWidgets.QApplication.clipboard().setText("\n".join(lines) + "\n")


class BackpropPanel(QtWidgets.QWidget):
    """The panel; ``graph``, ``step``, ``evaluation`` and ``points`` say what it shows.

    Signals: sigGraphChanged(object) another graph is shown; sigStepChanged(int) the evaluation changed
    (a step, another learning rate, another point of the surface).
    """

    sigGraphChanged = QtCore.Signal(object)
    sigStepChanged = QtCore.Signal(int)

    def __init__(self, session=None, parent=None):
        super().__init__(parent)
        self.session = session
        self.graph: graphs.Graph | None = None
        self.evaluation: backprop.Evaluation | None = None
        self.step = 0
        self.surface_mode = False       # the graph of the session's surface formula
        self._descent: backprop.Descent | None = None
        self._worksheet = None          # (graph, evaluation, one-step descent) of the tables, made on demand
        self._run = 0
        self._pinned: tuple[float, float] | None = None
        self._formula = ""
        self._behind = False            # the session moved while the panel was hidden

        self.title = QtWidgets.QLabel(_tr("Open a graph (File > Open graph…) or show the surface's graph."))
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)

        bar = QtWidgets.QHBoxLayout()
        bar.setSpacing(4)
        bar.addWidget(QtWidgets.QLabel(_tr("lr")))
        self.lr_box = ParamSpinBox(SimpleNamespace(kind="float", minimum=0.0, maximum=None))
        self.lr_box.setValue(DEFAULT_LR)
        self.lr_box.setToolTip(_tr("Learning rate of gradient descent: p ← p − lr·dL/dp"))
        self.lr_box.setMinimumWidth(70)
        i18n.keep_ltr(self.lr_box)
        self.lr_box.valueChanged.connect(self._on_lr)
        bar.addWidget(self.lr_box)
        icon = QtWidgets.QStyle.StandardPixmap
        self.reset_button = self._button(icon.SP_MediaSkipBackward, _tr("Back to the given values (step 0)"),
                                         self.reset)
        self.back_button = self._button(icon.SP_MediaSeekBackward, _tr("One gradient-descent step back"),
                                        self.step_back)
        self.step_button = self._button(icon.SP_MediaSeekForward, _tr("One gradient-descent step forward"),
                                        self.step_forward)
        for b in (self.reset_button, self.back_button, self.step_button):
            bar.addWidget(b)
        self.step_label = QtWidgets.QLabel()
        bar.addWidget(self.step_label)
        bar.addStretch(1)
        self.edges_box = QtWidgets.QCheckBox(_tr("Local derivatives"))
        self.edges_box.setToolTip(_tr("Label every edge with its local derivative ∂dst/∂src"))
        bar.addWidget(self.edges_box)
        self.check_box = QtWidgets.QCheckBox(_tr("Check my answers"))
        self.check_box.setToolTip(_tr("Type your own values and gradients: each turns green when right, red "
                                      "when wrong"))
        bar.addWidget(self.check_box)
        self.surface_button = QtWidgets.QPushButton(_tr("Surface's graph"))
        self.surface_button.setToolTip(_tr("The graph of the surface's formula at the selected run's current "
                                           "point (or a clicked point)"))
        self.surface_button.clicked.connect(self.show_surface)
        self.surface_button.setEnabled(session is not None)
        bar.addWidget(self.surface_button)

        self.view = GraphView()
        self.edges_box.toggled.connect(self.view.set_edge_labels)

        self.check_table = _Table([_tr("node"), _tr("value"), _tr("dL/dnode"), _tr("your value"),
                                   _tr("your dL/dnode")])
        self.forward_table = _Table([_tr("node"), _tr("kind"), _tr("expression"), _tr("value")])
        self.backward_table = _Table([_tr("gradient"), _tr("chain rule"), _tr("value")])
        self.params_table = _Table([_tr("parameter"), _tr("value"), _tr("gradient"), _tr("updated")])
        self.answers: dict[tuple[str, str], QtWidgets.QLineEdit] = {}
        self.loss_plot = pg.PlotWidget(background=style.PLOT_BACKGROUND)
        for side in ("left", "bottom"):
            axis = self.loss_plot.getAxis(side)
            axis.enableAutoSIPrefix(False)
            axis.setPen(style.PLOT_FOREGROUND)
            axis.setTextPen(style.PLOT_FOREGROUND)
        self.loss_plot.setLabel("bottom", _tr("step"))
        self.loss_plot.setLabel("left", _tr("loss"))
        self.loss_plot.setMenuEnabled(False)
        self.loss_curve = self.loss_plot.plot(pen=pg.mkPen("#c0392b", width=2))
        self.loss_marker = self.loss_plot.plot(pen=None, symbol="o", symbolBrush="#c0392b", symbolSize=8)
        i18n.keep_ltr(self.loss_plot)

        self.tabs = QtWidgets.QTabWidget()
        self.tabs.addTab(self.check_table, _tr("Nodes"))
        self.tabs.addTab(self.forward_table, _tr("Forward"))
        self.tabs.addTab(self.backward_table, _tr("Backward"))
        self.tabs.addTab(self.params_table, _tr("Parameters"))
        self.tabs.addTab(self.loss_plot, _tr("Loss"))
        self.tabs.currentChanged.connect(self._refresh_tables)
        self.tabs.currentChanged.connect(self._update_loss)

        self.splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        buttons = QtWidgets.QHBoxLayout()
        self.copy_buttons = {}
        for fmt, name in EXPORT_FORMATS[:3]:
            b = QtWidgets.QPushButton(_tr("Copy as {0}").format(name))
            b.setToolTip(_tr("The worksheet (forward pass, backward pass, update) on the clipboard"))
            b.clicked.connect(lambda _=False, f=fmt: self.copy_as(f))
            buttons.addWidget(b)
            self.copy_buttons[fmt] = b
        self.export_button = QtWidgets.QPushButton(_tr("Export…"))
        self.export_button.setToolTip(_tr("Save the worksheet as Markdown, LaTeX, CSV or JSON"))
        self.export_button.clicked.connect(self.export_dialog)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        self.status = QtWidgets.QLabel()
        self.status.setWordWrap(True)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.check_box.toggled.connect(self._on_check_mode)
        self._on_check_mode(False)
        self._enable()

        if session is not None:
            session.sigIterationChanged.connect(self._follow_session)
            session.sigTrajectoriesChanged.connect(self._follow_session)
            session.sigSurfaceChanged.connect(self._on_surface_changed)

    def _button(self, pixmap, tip: str, slot) -> QtWidgets.QToolButton:
        b = QtWidgets.QToolButton()
        b.setIcon(self.style().standardIcon(pixmap))
        b.setToolTip(tip)
        b.clicked.connect(slot)
        return b

    # --- sources ---------------------------------------------------------------------------------

    def open_graph(self, path, lr: float | None = None) -> bool:
        """Show the graph file at ``path`` (a bad file: one message, nothing changes)."""
        try:
            g = graphs.load(path)
        except ValueError as exc:
            self.show_message(_tr("Cannot open {0}: {1}").format(Path(path).name, i18n.error_text(exc)))
            return False
        if lr is not None:
            self.lr_box.setValue(lr)
        self.surface_mode = False
        self.set_graph(g)
        self.show_message(_tr("Opened {0}").format(Path(path).name))
        return True

    def set_graph(self, g: graphs.Graph) -> None:
        """Show ``g`` from its given values (step 0)."""
        self.graph = g
        self.step = 0
        self._descent = None
        self.view.set_graph(g)
        self._build_check_table()
        self._update()
        self.sigGraphChanged.emit(g)

    def show_surface(self) -> None:
        """Show the graph of the session's surface formula at the selected run's current point."""
        if self.session is None:
            return
        self.surface_mode = True
        self._pinned = None
        self._formula = ""
        self._follow_session(force=True)

    def set_run(self, run: int) -> None:
        """Follow run ``run`` of the session (the selected row of the runs list)."""
        self._run = max(int(run), 0)
        self._pinned = None
        self._follow_session()

    def show_point(self, x: float, y: float) -> None:
        """Show the surface's graph at (x, y) until the playback or the runs move."""
        if self.surface_mode:
            self._pinned = (float(x), float(y))
            self._follow_session()

    def surface_formula(self) -> str:
        """The formula as the student typed it (a built-in surface: its formula)."""
        s = self.session
        text = s.surface_text
        return text if text != s.surface.name else s.surface.formula

    def session_point(self) -> tuple[float, float]:
        """The selected run's point at the session's iteration (start 0), or the pinned point."""
        if self._pinned is not None:
            return self._pinned
        s = self.session
        results = s.trajectories
        if not results:
            return s.starts[0]
        run = min(self._run, len(results) - 1)
        x, y = results[run].path[min(s.iteration, len(results[run].path) - 1), 0]
        return float(x), float(y)

    def _on_surface_changed(self, *_) -> None:
        self._pinned = None
        self._follow_session()

    def _follow_session(self, *args, force: bool = False) -> None:
        if not self.surface_mode or self.session is None:
            return
        if args and isinstance(args[0], int):           # the iteration moved: leave a clicked point
            self._pinned = None
        if not (force or self.isVisible()):              # hidden: catch up when shown (playback stays fast)
            self._behind = True
            return
        self._behind = False
        x, y = self.session_point()
        formula = self.surface_formula()
        if formula != self._formula or self.graph is None:
            try:
                g = graphs.from_formula(formula, (x, y))
            except ValueError as exc:
                self.show_message(_tr("This surface has no graph: {0}").format(i18n.error_text(exc)))
                return
            self._formula = formula
            self.set_graph(g)
        else:
            self._show({"x": x, "y": y})
        self._enable()

    # --- stepping --------------------------------------------------------------------------------

    @property
    def lr(self) -> float:
        return float(self.lr_box.value())

    @property
    def points(self) -> list[dict[str, float]]:
        """The parameters after 0, 1, ... steps computed so far (file graphs)."""
        return self._descent.points if self._descent is not None else []

    def step_forward(self) -> None:
        if self.graph is None or self.surface_mode:
            return
        if not self._ensure(self.step + 1):
            self.show_message(_tr("Stopped at step {0}: the loss or a gradient is not finite there").format(
                self.step))
            return
        self.step += 1
        self._update()

    def step_back(self) -> None:
        if self.graph is not None and not self.surface_mode and self.step > 0:
            self.step -= 1
            self._update()

    def reset(self) -> None:
        if self.graph is not None and not self.surface_mode:
            self.step = 0
            self._update()

    def _on_lr(self, *_) -> None:
        if self.graph is None:
            return
        self._descent = None            # the path depends on lr: recompute it up to the current step
        if not self.surface_mode:
            self._ensure(self.step)
            self.step = min(self.step, len(self.points) - 1)
        self._update()

    def _ensure(self, k: int) -> bool:
        """Whether step ``k`` exists, computing the descent up to it if needed: from the start when there is
        none yet (another graph or lr), else one step at a time from the last point (the same arithmetic as
        one longer ``descend``, without recomputing the path on every step)."""
        d = self._descent
        if d is None:
            d = self._descent = backprop.descend(self.graph, self.lr, k)
        while len(d.points) <= k and d.stopped is None:
            more = backprop.descend(self.graph, self.lr, 1, values=d.points[-1])
            stopped = None if more.stopped is None else len(d.points) - 1 + more.stopped
            d = self._descent = backprop.Descent(d.lr, len(d.points), d.points + more.points[1:],
                                                 d.losses + more.losses[1:], stopped)
        return k < len(d.points)

    def _update(self) -> None:
        """Show step ``self.step`` of a file graph."""
        if self.surface_mode:
            x, y = self.session_point()
            self._show({"x": x, "y": y})
            return
        self._ensure(self.step)
        self._show(self.points[self.step])

    def _show(self, values: dict[str, float]) -> None:
        """Evaluate at ``values`` and update the texts (never the scene's structure)."""
        g = self.graph
        self.evaluation = ev = backprop.evaluate(g, values)
        self._worksheet = None
        self.view.set_evaluation(ev)
        self._update_check_values()
        self._refresh_tables()
        self._update_loss()
        self._update_labels(values)
        self._enable()
        self.sigStepChanged.emit(self.step)

    def _update_labels(self, values) -> None:
        g = self.graph
        source = g.source
        if self.surface_mode:
            source = i18n.ltr(source)
            self.title.setText(_tr("Surface {0} at x = {1}, y = {2}").format(
                source, i18n.ltr(f"{values['x']:.6g}"), i18n.ltr(f"{values['y']:.6g}")))
            self.step_label.setText("")
        else:
            self.title.setText(_tr("{0}: {1} nodes, loss {2} = {3}").format(
                Path(source).name, len(g.nodes), g.loss.name, i18n.ltr(backprop_tables.num(self.evaluation.loss))))
            self.step_label.setText(_tr("step {0}").format(self.step))

    def _enable(self) -> None:
        has = self.graph is not None
        stepping = has and not self.surface_mode
        self.reset_button.setEnabled(stepping and self.step > 0)
        self.back_button.setEnabled(stepping and self.step > 0)
        self.step_button.setEnabled(stepping)
        for b in (*self.copy_buttons.values(), self.export_button):
            b.setEnabled(has)

    # --- tables ----------------------------------------------------------------------------------

    def worksheet(self):
        """(graph, evaluation, descent) of the tables and exports at the current point: the graph with the
        point's values as its given values, and one gradient-descent step from it with the panel's lr."""
        if self._worksheet is None:
            g, ev = self.graph, self.evaluation
            nodes = tuple(dataclasses.replace(n, expr=repr(ev.values[n.name]).removesuffix(".0"),
                                              value=ev.values[n.name]) if n.kind == "param" else n
                          for n in g.nodes)
            source = g.source
            if self.step and not self.surface_mode:
                source = f"{g.source}, after {self.step} step(s) with lr {self.lr:g}"
            shown = dataclasses.replace(g, nodes=nodes, source=source)
            self._worksheet = (shown, ev, backprop.descend(shown, self.lr, 1))
        return self._worksheet

    def sections(self):
        return backprop_tables.sections(*self.worksheet())

    def _refresh_tables(self, *_) -> None:
        """The forward, backward and parameter tables, when one of them is shown (they are text-heavy)."""
        if self.graph is None:
            return
        current = self.tabs.currentWidget()
        tables = (self.forward_table, self.backward_table, self.params_table)
        if current not in tables:
            return
        forward, backward, params, _loss = self.sections()
        rows = {self.forward_table: forward[2], self.backward_table: backward[2], self.params_table: params[2]}
        kinds = {k: _tr(v) for k, v in _KINDS.items()}
        rows[self.forward_table] = [[r[0], kinds.get(r[1], r[1]), *r[2:]] for r in forward[2]]
        current.set_rows(rows[current])
        current.resizeColumnsToContents()

    def _build_check_table(self) -> None:
        """One row per node; the answer cells are line edits, marked as they are typed."""
        t = self.check_table
        t.clearContents()
        t.setRowCount(0)
        self.answers = {}
        nodes = self.graph.nodes
        t.setRowCount(len(nodes))
        for r, n in enumerate(nodes):
            for c in range(3):
                t.setItem(r, c, QtWidgets.QTableWidgetItem(n.name if c == 0 else ""))
            for c, quantity in zip(CHECK_COLUMNS, ("value", "grad")):
                edit = QtWidgets.QLineEdit()
                edit.setFrame(False)
                edit.setPlaceholderText("?")
                edit.setLayoutDirection(QtCore.Qt.LayoutDirection.LeftToRight)
                edit.textChanged.connect(lambda _t, name=n.name, q=quantity: self._mark(name, q))
                t.setCellWidget(r, c, edit)
                self.answers[(n.name, quantity)] = edit
        t.resizeColumnToContents(0)
        # numbers change on every step: columns as wide as the widest number num() writes, set once
        width = t.fontMetrics().horizontalAdvance("-0.000123457") + 14
        for c in (1, 2, *CHECK_COLUMNS):
            t.setColumnWidth(c, width)

    def _update_check_values(self) -> None:
        ev, t = self.evaluation, self.check_table
        for r, n in enumerate(self.graph.nodes):
            t.item(r, 1).setText(backprop_tables.num(ev.values[n.name]))
            t.item(r, 2).setText(backprop_tables.num(ev.grads[n.name]))
        for name, quantity in self.answers:
            if self.answers[(name, quantity)].text():
                self._mark(name, quantity)

    def _on_check_mode(self, on: bool) -> None:
        """Answer columns in place of the exact ones (a wrong answer's tooltip gives the exact number)."""
        for c in CHECK_COLUMNS:
            self.check_table.setColumnHidden(c, not on)
        for c in (1, 2):
            self.check_table.setColumnHidden(c, on)
        if on:
            self.tabs.setCurrentWidget(self.check_table)

    def mark(self, name: str, quantity: str) -> bool | None:
        """Whether the answer typed for ``quantity`` ("value" or "grad") of ``name`` is right (None: blank)."""
        edit = self.answers[(name, quantity)]
        return edit.property("right")

    def _mark(self, name: str, quantity: str) -> None:
        edit = self.answers[(name, quantity)]
        text = edit.text().strip()
        ev = self.evaluation
        if not text or ev is None:
            edit.setProperty("right", None)
            edit.setStyleSheet("")
            edit.setToolTip("")
            return
        exact = ev.values[name] if quantity == "value" else ev.grads[name]
        if not backprop.is_number(text):
            right, tip = False, _tr("Not a number: write it like 0.51, -3 or 1.2e-3")
        else:
            right, unit = backprop.mark_number(text, exact)
            m = backprop.Mark(name, quantity, text, exact, right, unit, backprop.rounded_like(text, exact))
            if right:
                tip = _tr("Right (within one unit of the last digit written, {0})").format(i18n.ltr(unit))
            else:
                how = backprop_tables.how(ev, m)
                tip = _tr("Wrong: the exact value is {0}\n{1}").format(i18n.ltr(backprop_tables.num(exact)),
                                                                       i18n.ltr(how))
        edit.setProperty("right", right)
        edit.setStyleSheet(f"background: {RIGHT_COLOR if right else WRONG_COLOR}; color: #111")
        edit.setToolTip(tip)

    # --- loss ------------------------------------------------------------------------------------

    def _update_loss(self, *_) -> None:
        """The loss curve up to the current step, when its tab is shown."""
        if self.graph is None or self.tabs.currentWidget() is not self.loss_plot:
            return
        if self.surface_mode:
            s = self.session
            results = s.trajectories
            if not results:
                self.loss_curve.setData([], [])
                self.loss_marker.setData([], [])
                return
            run = min(self._run, len(results) - 1)
            loss = results[run].loss[:, 0]
            k = min(s.iteration, len(loss) - 1)
            self.loss_curve.setData(range(k + 1), loss[:k + 1])
            self.loss_marker.setData([k], [loss[k]])
            return
        losses = self._descent.losses[:self.step + 1]
        finite = [v if math.isfinite(v) else float("nan") for v in losses]
        self.loss_curve.setData(range(len(finite)), finite)
        self.loss_marker.setData([self.step], [finite[-1]])

    # --- copy and export -------------------------------------------------------------------------

    def text_as(self, fmt: str) -> str:
        """The worksheet at the current point, as ``optiscope backprop --format fmt`` writes it."""
        return backprop_tables.render(*self.worksheet(), fmt)

    def copy_as(self, fmt: str) -> None:
        if self.graph is not None:
            QtWidgets.QApplication.clipboard().setText(self.text_as(fmt))
            self.show_message(_tr("Copied the worksheet"))

    def export(self, path: str) -> bool:
        """Write the worksheet to ``path`` (format from its suffix; atomically). One message either way."""
        fmt = Path(path).suffix.lower().lstrip(".")
        if fmt not in dict(EXPORT_FORMATS):
            self.show_message(_tr("Cannot export: choose a .md, .tex, .csv or .json file"))
            return False
        try:
            write_text_atomic(path, self.text_as(fmt))
        except OSError as exc:
            self.show_message(_tr("Cannot export {0}: {1}").format(Path(path).name, exc.strerror or exc))
            return False
        self.show_message(_tr("Saved {0}").format(path))
        return True

    def export_dialog(self) -> None:
        if self.graph is None:
            return
        filters = ";;".join(f"{name} (*.{fmt})" for fmt, name in EXPORT_FORMATS)
        path, chosen = QtWidgets.QFileDialog.getSaveFileName(self, _tr("Export worksheet"), "backprop.md", filters)
        if not path:
            return
        if Path(path).suffix.lower().lstrip(".") not in dict(EXPORT_FORMATS):
            path += "." + next(f for f, name in EXPORT_FORMATS if chosen.startswith(name))
        self.export(path)

    def show_message(self, text: str) -> None:
        self.status.setText(text)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._behind:
            self._follow_session()

    def resizeEvent(self, event) -> None:
        """Graph beside the tables when the panel is wide, above them when it is narrow."""
        super().resizeEvent(event)
        wide = self.width() > 1.25 * self.height()
        orientation = QtCore.Qt.Orientation.Horizontal if wide else QtCore.Qt.Orientation.Vertical
        if orientation != self.splitter.orientation():
            self.splitter.setOrientation(orientation)
            total = self.width() if wide else self.height()
            self.splitter.setSizes([int(total * 0.62), int(total * 0.38)])


# --- the main window's part ---------------------------------------------------------------------

def install(window) -> BackpropPanel:
    """The Backprop dock (tabbed with the inspector, hidden until used), File > Open graph…, the shipped graphs in
    File > Examples, the dock in the View menu, and the runs list and surface clicks wired to the panel."""
    panel = BackpropPanel(window.session)
    window.backprop_panel = panel
    dock = window._dock(_tr("Backprop"), "backprop", panel, QtCore.Qt.DockWidgetArea.RightDockWidgetArea)
    window.backprop_dock = dock
    window.tabifyDockWidget(window.inspector_dock, dock)     # the plots above keep a strip of the height
    dock.hide()

    def reveal():
        dock.show()
        dock.raise_()
        if not dock.isFloating():        # room for a graph: wide, and most of the right column's height
            QtCore.QTimer.singleShot(0, make_room)

    def make_room():
        # wider at the expense of the surface view only (the left column keeps its width), which keeps
        # MIN_CENTRAL pixels
        left = [d for d in (window.setup_dock, window.swarm_dock) if d.isVisible() and not d.isFloating()]
        left_w = max((d.width() for d in left), default=0)
        width = min(int(window.width() * 0.55), window.width() - left_w - MIN_CENTRAL)
        if width > dock.width():
            window.resizeDocks([*left[:1], dock], [left_w, width][-1 - len(left[:1]):],
                               QtCore.Qt.Orientation.Horizontal)
        # the plots above keep their content's minimum height (0.3 of the window squeezed them to a strip)
        # (resizeDocks scales sizes that do not add up to the docks' present total)
        total = window.plots_dock.height() + dock.height()
        plots_h = min(max(int(window.height() * 0.3), window.fitting_height(window.plots_dock)), total - MIN_GRAPH)
        window.resizeDocks([window.plots_dock, dock], [plots_h, total - plots_h], QtCore.Qt.Orientation.Vertical)

    def open_file(path=None, lr=None):
        if path is None:
            path, _ = QtWidgets.QFileDialog.getOpenFileName(window, _tr("Open graph"), str(GRAPHS),
                                                            _tr("Computational graphs (*.graph);;All files (*)"))
            if not path:
                return
        if panel.open_graph(path, lr):
            reveal()
        else:
            QtWidgets.QMessageBox.warning(window, _tr("Cannot open {0}").format(Path(path).name), panel.status.text())

    window.open_graph = open_file
    actions = window.export_actions
    open_action = QtGui.QAction(_tr("Open &graph…"), window)
    open_action.setStatusTip(_tr("Open a computational graph file: forward and backward pass, step by step"))
    open_action.triggered.connect(lambda: open_file())
    window.file_menu.insertAction(actions.save_action, open_action)
    window.open_graph_action = open_action
    examples = actions.examples_menu
    examples.addSection(_tr("Computational graphs"))
    for path in example_graphs():
        a = examples.addAction(example_title(path))
        tip = _first_comment(path)
        a.setToolTip(tip)
        a.setStatusTip(tip)
        a.triggered.connect(lambda _=False, p=path: open_file(p, EXAMPLE_LR.get(p.stem, DEFAULT_LR)))
    panel.surface_button.clicked.connect(reveal)
    window.show_backprop = reveal
    view_menu = next((m for m in window.reset_view_action.associatedObjects() if isinstance(m, QtWidgets.QMenu)),
                     None)
    if view_menu is not None:
        view_menu.addAction(dock.toggleViewAction())

    runs_list = window.optimizer_panel.runs_list
    runs_list.currentRowChanged.connect(panel.set_run)
    panel.set_run(max(runs_list.currentRow(), 0))

    def clicked(ev):
        vb = window.surface_view.vb
        if (panel.surface_mode and ev.button() == QtCore.Qt.MouseButton.LeftButton and not ev.modifiers()
                and vb.sceneBoundingRect().contains(ev.scenePos())):
            p = vb.mapSceneToView(ev.scenePos())
            panel.show_point(p.x(), p.y())

    window.surface_view.scene().sigMouseClicked.connect(clicked)
    return panel
