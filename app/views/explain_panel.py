"""Explain this step: every number inside one update of the selected run, and arrows at its head.

At iteration k the head of a run is p_k; the panel explains the step that leaves it, t = k + 1
(p_k -> p_{k+1}): the gradient there, the optimizer's state and intermediates, the effective learning
rate, the step and f before and after. Stepping the playback back shows the previous step's numbers.
The numbers come from ``core.optimizers.trace``, which replays the run with every intermediate recorded;
the trace is cached per (surface, optimizer, start, steps), so scrubbing is a lookup.

``StepArrows`` draws the same step on the surface: -grad f and the momentum direction (directions, in a
fixed screen length) and the step actually taken (to scale), with a legend.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6 import QtCore, QtGui, QtWidgets

from core import optimizers, quantities, steptable

from .. import i18n, style
from .onscreen import OnScreen

DIGITS = 10                 # significant digits in the table (homework wants 3-4; PyTorch checks want more)
TRACE_CHUNK = 256           # the trace is extended in doubling chunks of at least this many steps

# Arrow colours on the (viridis) heatmap; each is drawn over a dark outline so it reads on light and dark.
GRADIENT_COLOR = "#ff4f9a"
MOMENTUM_COLOR = "#ffc94d"
STEP_COLOR = "#ffffff"

_tr = QtCore.QCoreApplication.translate


def _quantity_label(opt_name: str, key: str) -> str:
    """What a quantity of ``core.optimizers.trace`` is, in words, for this optimizer (``core.quantities``)."""
    return i18n.core_text(quantities.meaning(key, opt_name))


def convention_note(opt) -> str:
    """When the convention forms of ``opt`` give the same path and when not ('' for other optimizers)."""
    if opt.name == "momentum":
        return _tr("ExplainPanel",
                   "Conventions: PyTorch's form (b ← μ·b + g; p ← p − lr·b) and the look-ahead form "
                   "(v ← μ·v − lr·g; p ← p + v) give exactly the same path while the learning rate stays "
                   "constant, because v = −lr·b. They part as soon as lr changes during a run (a schedule): "
                   "PyTorch's buffer does not carry lr, the velocity keeps the lr of past steps. The example "
                   "“Conventions part under a schedule” (File › Examples) shows both forms diverging.")
    if opt.name == "nesterov":
        return _tr("ExplainPanel",
                   "Conventions: PyTorch's iterate is the look-ahead point p + μ·v of Sutskever's form, so "
                   "the two paths are one curve shifted by μ·v: they start at the same point and end at the "
                   "same minimum, but the points (and losses) in between differ. The look-ahead form takes "
                   "the gradient at p + μ·v; PyTorch's form takes it at its own iterate. That holds while lr "
                   "is constant: under a schedule the two become different paths (the example “Conventions "
                   "part under a schedule” in File › Examples).")
    if opt.name == "rmsprop":
        return _tr("ExplainPanel",
                   "Conventions: PyTorch adds ε outside the square root, g / (√v + ε); optax inside, "
                   "g / √(v + ε). The two paths differ only where v is comparable to ε (gradients near "
                   "√ε: at the bottom of a minimum or on a flat plateau); elsewhere they agree to many digits. "
                   "The convention moves only ε: α stays as set (0.99 by default, PyTorch's), while "
                   "optax.rmsprop's default decay is 0.9.")
    return ""


def _fmt(v) -> str:
    v = float(v)
    return f"{v:.{DIGITS}g}" if np.isfinite(v) else _tr("ExplainPanel", "— (not finite)")


class StepArrows(pg.GraphicsObject):
    """Arrows at a run's head: −∇f and momentum as directions, and the step taken, to scale.

    Drawn in screen pixels (so direction arrows keep their length when zooming); a legend in the
    view's lower-left corner names them. Use :meth:`attach` to put both on a PlotItem.
    """

    DIRECTION_PX = 70       # length of the direction arrows on screen
    MIN_STEP_PX = 16        # a shorter step is drawn enlarged to this length, dashed
    HEAD_PX = 9

    def __init__(self):
        super().__init__()
        self.setZValue(40)
        self._head: np.ndarray | None = None
        self._arrows: list[tuple[str, np.ndarray, str, bool]] = []   # key, vector, colour, to scale
        # A dark legend: the white step arrow needs a dark sample background.
        self.legend = pg.LegendItem(offset=(10, -10), labelTextColor="#f0f0f0",
                                    brush=pg.mkBrush(30, 30, 30, 200), pen=pg.mkPen("#666666"))
        self._samples = {
            "gradient": pg.PlotDataItem(pen=pg.mkPen(GRADIENT_COLOR, width=3)),
            "momentum": pg.PlotDataItem(pen=pg.mkPen(MOMENTUM_COLOR, width=3)),
            "step": pg.PlotDataItem(pen=pg.mkPen(STEP_COLOR, width=3)),
        }
        self._names = {
            "gradient": _tr("StepArrows", "−∇f: steepest descent (direction)"),
            "momentum": _tr("StepArrows", "momentum / velocity (direction)"),
            "step": _tr("StepArrows", "step taken (to scale; dashed: enlarged)"),
        }
        self._legend_keys: tuple[str, ...] = ()

    # --- data ------------------------------------------------------------------------------------

    def set_step(self, head, gradient=None, momentum=None, step=None) -> None:
        """Show arrows at ``head`` (x, y); any vector may be None (not drawn). ``head=None`` clears."""
        arrows = []
        if head is not None and np.all(np.isfinite(head)):
            for key, vec, color, to_scale in (("gradient", None if gradient is None else -np.asarray(gradient),
                                               GRADIENT_COLOR, False),
                                              ("momentum", momentum, MOMENTUM_COLOR, False),
                                              ("step", step, STEP_COLOR, True)):
                if vec is not None and np.all(np.isfinite(vec)) and np.any(np.asarray(vec) != 0):
                    arrows.append((key, np.asarray(vec, dtype=float), color, to_scale))
            self._head = np.asarray(head, dtype=float)
        else:
            self._head = None
        self._arrows = arrows
        keys = tuple(a[0] for a in arrows)
        if keys != self._legend_keys:
            self._legend_keys = keys
            self.legend.clear()
            for key in keys:
                self.legend.addItem(self._samples[key], self._names[key])
        self.legend.setVisible(bool(keys) and self.isVisible())
        self.update()

    @property
    def arrows(self) -> dict[str, np.ndarray]:
        """The drawn vectors by key ("gradient" is −∇f), for tests and exports."""
        return {key: vec for key, vec, _, _ in self._arrows}

    @property
    def head(self) -> np.ndarray | None:
        return self._head

    # --- placement -------------------------------------------------------------------------------

    def attach(self, plot_item: pg.PlotItem) -> None:
        """Add the arrows (ignored by auto-range) and their legend to ``plot_item``."""
        plot_item.addItem(self, ignoreBounds=True)
        self.legend.setParentItem(plot_item.getViewBox())
        self.legend.anchor(itemPos=(0, 1), parentPos=(0, 1), offset=(10, -10))

    def setVisible(self, visible: bool) -> None:   # noqa: N802 (Qt's name)
        super().setVisible(visible)
        self.legend.setVisible(visible and bool(self._legend_keys))

    # --- drawing ---------------------------------------------------------------------------------

    def boundingRect(self) -> QtCore.QRectF:   # noqa: N802
        # Arrows are measured in pixels: cover the visible view (the item is ignored by auto-range).
        rect = self.viewRect()
        return QtCore.QRectF() if rect is None else rect

    def viewTransformChanged(self) -> None:   # noqa: N802
        self.prepareGeometryChange()

    def paint(self, p: QtGui.QPainter, *args) -> None:
        if self._head is None or not self._arrows:
            return
        transform = p.transform()
        h = transform.map(QtCore.QPointF(*self._head))
        view = self.viewRect()
        unit = 0.05 * max(view.width(), view.height()) if view is not None else 1.0
        p.save()
        p.resetTransform()
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        for _, vec, color, to_scale in self._arrows:
            length = float(np.hypot(*vec))
            # Map a data-sized copy of the direction (a 1e-9 or 1e6 vector loses precision when mapped).
            tip = transform.map(QtCore.QPointF(*(self._head + vec / length * unit)))
            d = tip - h
            d_len = float(np.hypot(d.x(), d.y()))
            if d_len == 0:
                continue
            dashed = False
            if to_scale:
                px = d_len * length / unit
                if px < self.MIN_STEP_PX:
                    px, dashed = self.MIN_STEP_PX, True
            else:
                px = self.DIRECTION_PX
            u = QtCore.QPointF(d.x() / d_len, d.y() / d_len)
            self._draw_arrow(p, h, u, px, color, dashed)
        p.restore()

    def _draw_arrow(self, p, start, u, length, color, dashed) -> None:
        end = start + u * length
        normal = QtCore.QPointF(-u.y(), u.x())
        head = self.HEAD_PX
        base = end - u * head
        polygon = QtGui.QPolygonF([end, base + normal * (head * 0.5), base - normal * (head * 0.5)])
        style = QtCore.Qt.PenStyle.DashLine if dashed else QtCore.Qt.PenStyle.SolidLine
        for pen_color, width in (("#111111", 4.5), (color, 2.5)):      # outline, then the colour
            pen = QtGui.QPen(QtGui.QColor(pen_color), width, style)
            pen.setCapStyle(QtCore.Qt.PenCapStyle.RoundCap)
            p.setPen(pen)
            p.drawLine(start, base)
            p.setBrush(QtGui.QColor(pen_color))
            p.setPen(QtGui.QPen(QtGui.QColor(pen_color), width - 2.0))
            p.drawPolygon(polygon)


class ExplainPanel(QtWidgets.QWidget):
    """The numbers inside the selected run's current step, following the playback cursor.

    Signals:
        sigSelectionChanged(int, int): the explained run and start changed (run index, start index).
    """

    sigSelectionChanged = QtCore.Signal(int, int)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self._run = 0
        self._start = 0
        self._cache_key = None
        self._records: list = []
        self._complete = False
        self._values: dict = {}
        self._stale = True               # refresh deferred while hidden (see refresh)
        self._screen = OnScreen(self)
        self._screen.changed.connect(self._on_screen_changed)
        self.arrows = StepArrows()
        self.arrows.set_step(None)       # no empty legend box until there is a step to show

        self.run_combo = QtWidgets.QComboBox()
        self.run_combo.setToolTip(self.tr("The run whose step is explained"))
        self.run_combo.activated.connect(lambda i: self.set_selection(i, self._start))
        self.start_spin = QtWidgets.QSpinBox()
        self.start_spin.setPrefix(self.tr("start "))
        self.start_spin.setToolTip(self.tr("Which start point's path (numbered from 1)"))
        self.start_spin.valueChanged.connect(lambda v: self.set_selection(self._run, v - 1))
        self.show_arrows = QtWidgets.QCheckBox(self.tr("Arrows on the surface"))
        self.show_arrows.setToolTip(self.tr("Draw −∇f, the momentum direction and the step at the run's head"))
        self.show_arrows.setChecked(True)
        self.show_arrows.toggled.connect(self.arrows.setVisible)
        self.copy_button = QtWidgets.QToolButton()
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the whole table (tab-separated, pastes into a spreadsheet)"))
        self.copy_button.clicked.connect(self.copy_all)

        self.title = QtWidgets.QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.title.setWordWrap(True)
        self.rule = QtWidgets.QLabel()
        self.rule.setWordWrap(True)
        self.rule.setTextFormat(QtCore.Qt.TextFormat.RichText)     # m̂, v̂: see style.hat_html
        self._rule_text = ""
        self.rule.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rule.setToolTip(self.tr("The update rule of this optimizer, in the chosen convention"))

        self.table = QtWidgets.QTableWidget(0, 3)
        i18n.keep_ltr(self.table)         # rows of numbers: minus signs and columns stay left to right
        self.table.setHorizontalHeaderLabels([self.tr("quantity"), "x", "y"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            header.setSectionResizeMode(col, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.table.setToolTip(self.tr("Select cells and press Ctrl+C to copy them"))
        copy = QtGui.QAction(self.table)
        copy.setShortcut(QtGui.QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(QtCore.Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_selection)
        self.table.addAction(copy)

        self.note = QtWidgets.QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555555;")
        self.batch_label = QtWidgets.QLabel()      # a minibatch step: the rows its gradient is the mean over
        self.batch_label.setWordWrap(True)
        self.batch_label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.batch_label.hide()

        bar = QtWidgets.QHBoxLayout()
        bar.addWidget(self.run_combo, 1)
        bar.addWidget(self.start_spin)
        bar.addWidget(self.copy_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.show_arrows)
        layout.addWidget(self.title)
        layout.addWidget(self.rule)
        layout.addWidget(self.batch_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)

        session.sigRunsChanged.connect(self._on_runs_changed)
        session.sigStartsChanged.connect(self._on_starts_changed)
        session.sigTrajectoriesChanged.connect(self.refresh)
        session.sigIterationChanged.connect(self.refresh)
        session.sigInspectedChanged.connect(self._on_inspected)
        self._on_runs_changed()
        self._on_starts_changed()

    # --- selection -------------------------------------------------------------------------------

    @property
    def selection(self) -> tuple[int, int]:
        return self._run, self._start

    def set_selection(self, run: int, start: int = 0) -> None:
        """Explain run ``run`` from start ``start`` (clamped to the session's runs and starts)."""
        run = int(min(max(run, 0), max(len(self.session.runs) - 1, 0)))
        start = int(min(max(start, 0), len(self.session.starts) - 1))
        if (run, start) == (self._run, self._start):
            return
        self._run, self._start = run, start
        self._sync_controls()
        self.refresh()
        self.sigSelectionChanged.emit(run, start)

    def set_run(self, run: int) -> None:
        """Explain run ``run`` (e.g. the runs list's current row); rows the session lacks are ignored.

        (The runs list may announce a new row before this panel has heard of the new run.)
        """
        if 0 <= run < len(self.session.runs):
            self.set_selection(run, self._start)

    def _sync_controls(self) -> None:
        for widget, value in ((self.run_combo, self._run), (self.start_spin, self._start + 1)):
            widget.blockSignals(True)
            if widget is self.run_combo:
                widget.setCurrentIndex(value)
            else:
                widget.setValue(value)
            widget.blockSignals(False)

    def _on_runs_changed(self, *_) -> None:
        runs = self.session.runs
        self.run_combo.blockSignals(True)
        self.run_combo.clear()
        for run in runs:
            pix = QtGui.QPixmap(12, 12)
            pix.fill(QtGui.QColor(run.color))
            self.run_combo.addItem(QtGui.QIcon(pix), i18n.optimizer_label(run.optimizer))
        self.run_combo.blockSignals(False)
        self._run = min(self._run, max(len(runs) - 1, 0))
        self._sync_controls()
        self.refresh()

    def _on_starts_changed(self, *_) -> None:
        n = len(self.session.starts)
        self.start_spin.blockSignals(True)
        self.start_spin.setRange(1, n)
        self.start_spin.blockSignals(False)
        self.start_spin.setVisible(n > 1)
        self._start = min(self._start, n - 1)
        self._sync_controls()
        # no refresh here: sigTrajectoriesChanged follows (once per burst of drag events)

    def _on_inspected(self, *_) -> None:
        what = self.session.inspected
        if what and what[0] == "run":
            self.set_selection(what[1], what[2])

    # --- the trace -------------------------------------------------------------------------------

    def record(self):
        """The StepRecord explained now (step t = iteration + 1 of the selected run), or None."""
        session = self.session
        if not session.runs:
            return None
        self._run = min(self._run, len(session.runs) - 1)
        opt = session.runs[self._run].optimizer
        start = session.starts[self._start]
        key = (session.surface, opt.spec, start, self._start, session.steps)   # the index picks the noise
        if key != self._cache_key:
            self._cache_key, self._records, self._complete = key, [], False
        # the head p_k (where a diverged path stops, its last finite point); explain step t = k + 1
        k = min(session.iteration, int(session.trajectories[self._run].last_finite[self._start]))
        needed = min(k + 1, session.steps + 1)
        if len(self._records) < needed and not self._complete:
            count = min(max(needed, 2 * len(self._records), TRACE_CHUNK), session.steps + 1)
            self._records = optimizers.trace(session.surface, opt, start, count, index=self._start)
            # trace stops early at divergence: then there is nothing more to trace
            self._complete = len(self._records) < count or count == session.steps + 1
        if not self._records:
            return None
        return self._records[min(k, len(self._records) - 1)]

    # --- view ------------------------------------------------------------------------------------

    def refresh(self, *_) -> None:
        """Recompute (from the cache) and show the current step; deferred while the panel is out of sight.

        Out of sight (hidden, or a dock tab behind another) it would otherwise replay the whole run (``trace``,
        ~150 ms for 1000 steps) on every drag event and refill its table on every playback frame. Its arrows
        belong to it: they are cleared while it cannot be seen and come back, up to date, when it can.
        """
        if not self._screen.seen:
            self._stale = True
            if self.arrows.head is not None:
                self.arrows.set_step(None)
            return
        self._stale = False
        rec = self._fill()
        if rec is None:
            self.arrows.set_step(None)
            return
        opt = self.session.runs[self._run].optimizer
        self.arrows.set_step(rec.point, gradient=rec.grad,
                             momentum=quantities.momentum_vector(opt.name, rec.quantities), step=rec.step)

    def _fill(self):
        """Show the current step's title, rule, note and table; returns its StepRecord (None: no run)."""
        session = self.session
        rec = self.record()
        if rec is None:
            self.title.setText(self.tr("No run to explain: add a run."))
            self.rule.setText("")
            self._rule_text = ""
            self.note.setText("")
            self.batch_label.hide()
            self.table.setRowCount(0)
            return None
        opt = session.runs[self._run].optimizer
        head_k = rec.t - 1
        res = session.trajectories[self._run]
        status, last = res.status[self._start], int(res.last_finite[self._start])
        if status == "diverged" and rec.t == last + 1:
            title = self.tr("{0}: the step that diverged, t = {1} (from iteration {2})").format(
                i18n.optimizer_label(opt), rec.t, head_k)
        elif status == "undefined" and rec.t == last:
            title = self.tr("{0}: step t = {1}, from iteration {2} to where f is undefined").format(
                i18n.optimizer_label(opt), rec.t, head_k)
        else:
            title = self.tr("{0}: step t = {1}, from iteration {2} to {3}").format(
                i18n.optimizer_label(opt), rec.t, head_k, rec.t)
        if len(session.starts) > 1:
            title += self.tr(" (start {0})").format(self._start + 1)
        self.title.setText(title)
        self._rule_text = self.tr("Update rule: {0}").format(opt.rule)
        self.rule.setText(style.hat_html(self._rule_text))
        self.note.setText(convention_note(opt))
        self.note.setVisible(bool(self.note.text()))
        self._show_batch(rec)
        self._fill_table(opt, rec)
        return rec

    def _show_batch(self, rec) -> None:
        """The rows of a minibatch step (0-based, as in ``run --format json``'s batches), all of them."""
        rows = getattr(rec, "batch", None)
        self.batch_label.setVisible(rows is not None)
        if rows is None:
            self.batch_label.setText("")
            return
        self.batch_label.setText(self.tr("Batch of step {0}: rows {1} ({2} of {3}; g is the mean of their "
                                         "gradients)").format(rec.t, i18n.ltr(", ".join(map(str, rows))),
                                                              len(rows), self.session.surface.n_rows))

    def _on_screen_changed(self, seen: bool) -> None:
        if seen:
            self.refresh()                      # the deferred work, and the arrows back
        elif shiboken6.isValid(self.arrows):    # (not when the view that held them is already gone)
            self._stale = True
            self.arrows.set_step(None)

    def _current(self) -> None:
        """Fill the panel now if a refresh was deferred (readers want the numbers even when it is hidden)."""
        if self._stale:
            self._stale = False
            self._fill()

    def rows(self) -> list[tuple[str, str, str]]:
        """The table's rows as text (quantity, x, y); the y cell is '' for a scalar."""
        self._current()
        out = []
        for r in range(self.table.rowCount()):
            cells = [self.table.item(r, c) for c in range(3)]
            out.append(tuple(c.text() if c is not None else "" for c in cells))
        return out

    def values(self) -> dict[str, np.ndarray | float]:
        """The numbers shown, by quantity key (point, grad, m, v, ..., step, new_point, value, new_value)."""
        self._current()
        return dict(self._values)

    def _fill_table(self, opt, rec) -> None:
        rows: list[tuple[str, str, object]] = [     # key, label, value (vector (2,) or scalar)
            ("point", self.tr("p: the head, before the step"), rec.point),
            ("value", self.tr("f(p) before"), rec.value),
        ]
        q = rec.quantities
        if "lookahead_point" in q:
            rows.append(("lookahead_point", _quantity_label(opt.name, "lookahead_point"), q["lookahead_point"]))
        if "noise" in q:
            rows.append(("noise", _quantity_label(opt.name, "noise"), q["noise"]))
        rows.append(("grad", self.tr("g = ∇f (the gradient used)"), rec.grad))
        for key, value in q.items():
            if key not in ("lookahead_point", "noise"):
                rows.append((key, _quantity_label(opt.name, key), value))
        if "lr_eff" not in q and opt.name == "gd":
            rows.append(("lr_eff", _quantity_label(opt.name, "lr_eff"), np.full(2, q.get("lr", opt.params.get("lr")))))
        definition = steptable.lr_eff_rule(opt)
        rows = [(key, self.tr("lr_eff = {0}: effective learning rate per coordinate").format(definition[0])
                 if key == "lr_eff" and definition else label, value) for key, label, value in rows]
        with np.errstate(divide="ignore", invalid="ignore"):
            per_grad = np.where(rec.grad != 0, -rec.step / rec.grad, np.nan)
        rows += [
            ("per_grad", self.tr("−Δ / g: distance moved per unit of gradient"), per_grad),
            ("step", self.tr("Δ: the step taken"), rec.step),
            ("new_point", self.tr("p + Δ: the next iterate"), rec.new_point),
            ("new_value", self.tr("f(p + Δ) after"), rec.new_value),
            ("change", self.tr("change in f"), rec.new_value - rec.value),
        ]
        self._values = {key: value for key, _, value in rows}
        self.table.clearSpans()
        self.table.setRowCount(len(rows))
        for r, (key, label, value) in enumerate(rows):
            arr = np.asarray(value, dtype=float)
            label_item = QtWidgets.QTableWidgetItem(label)
            label_item.setFont(style.hat_font(label, label_item.font()))
            label_item.setData(QtCore.Qt.ItemDataRole.UserRole, key)
            self.table.setItem(r, 0, label_item)
            if arr.ndim == 0:
                self.table.setItem(r, 1, self._number(arr))
                self.table.setItem(r, 2, QtWidgets.QTableWidgetItem(""))
                self.table.setSpan(r, 1, 1, 2)
            else:
                for c in (0, 1):
                    self.table.setItem(r, c + 1, self._number(arr[c]))

    @staticmethod
    def _number(v) -> QtWidgets.QTableWidgetItem:
        item = QtWidgets.QTableWidgetItem(_fmt(v))
        item.setTextAlignment(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter)
        item.setFont(QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont))
        return item

    # --- copying ---------------------------------------------------------------------------------

    def as_text(self) -> str:
        """The title, rule and table as tab-separated text."""
        self._current()
        lines = [self.title.text(), self._rule_text, "\t".join([self.tr("quantity"), "x", "y"])]
        lines += ["\t".join(row).rstrip("\t") for row in self.rows()]
        return "\n".join(lines) + "\n"

    def copy_all(self) -> None:
        QtWidgets.QApplication.clipboard().setText(self.as_text())

    def copy_selection(self) -> None:
        """Copy the selected cells, tab-separated, one line per row."""
        cells = sorted((i.row(), i.column()) for i in self.table.selectedIndexes())
        if not cells:
            return
        lines: dict[int, list[str]] = {}
        for r, c in cells:
            item = self.table.item(r, c)
            lines.setdefault(r, []).append(item.text() if item is not None else "")
        QtWidgets.QApplication.clipboard().setText("\n".join("\t".join(v) for v in lines.values()) + "\n")
