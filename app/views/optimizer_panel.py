"""The list of runs (colour, visibility, divergence) and the hyperparameter editor of the selected run.

Editors take their ranges and defaults from ``optimizers.parameters(name)``; a value the spin box allows
but the core refuses (an exclusive bound such as beta1 = 1) shows the core's message under the editor and
the editor returns to the run's current value. Editing one parameter changes only that one: the others keep
the run's exact values (never what a spin box shows).
"""
from __future__ import annotations

import math
import sys

from PySide6 import QtCore, QtGui, QtWidgets

from core import optimizers, schedules

from .. import i18n, style
from ..model import has_data
from ..shortcuts import PlaybackKeys
from .schedule_editor import ScheduleEditor, set_editor

# Parameters named by a word get a translated label (the tooltip keeps the spec name); symbols (lr, beta1, eps)
# stay as they are typed on the command line.
PARAM_LABELS = {
    "noise": QtCore.QT_TRANSLATE_NOOP("OptimizerPanel", "noise"),
    "seed": QtCore.QT_TRANSLATE_NOOP("OptimizerPanel", "seed"),
    "batch": QtCore.QT_TRANSLATE_NOOP("OptimizerPanel", "batch"),
    "convention": QtCore.QT_TRANSLATE_NOOP("OptimizerPanel", "convention"),
    "momentum": QtCore.QT_TRANSLATE_NOOP("OptimizerPanel", "momentum"),
    "bias_correction": QtCore.QT_TRANSLATE_NOOP("OptimizerPanel", "bias_correction"),
    "weight_decay": QtCore.QT_TRANSLATE_NOOP("OptimizerPanel", "weight_decay"),
    "momentum_decay": QtCore.QT_TRANSLATE_NOOP("OptimizerPanel", "momentum_decay"),
    "dampening": QtCore.QT_TRANSLATE_NOOP("OptimizerPanel", "dampening"),
    "maximize": QtCore.QT_TRANSLATE_NOOP("OptimizerPanel", "maximize"),
    "centered": QtCore.QT_TRANSLATE_NOOP("OptimizerPanel", "centered"),
    "lr_decay": QtCore.QT_TRANSLATE_NOOP("OptimizerPanel", "lr_decay"),
    "initial_accumulator_value": QtCore.QT_TRANSLATE_NOOP("OptimizerPanel", "initial_accumulator_value"),
}
SYMBOL_PARAMS = ("lr", "alpha", "beta1", "beta2", "eps", "nu", "nu1", "nu2", "rho")     # shown as they are
UNBOUNDED = sys.float_info.max     # the core allows any finite value where a parameter has no bound
FULL_PRECISION = 323               # Qt's largest number of decimals: QDoubleSpinBox then rounds no double


class ParamSpinBox(PlaybackKeys, QtWidgets.QDoubleSpinBox):
    """A number editor that shows a value as its shortest exact text (0.001, 1e-13, 2.5e+07) and keeps it
    exactly: ``value()`` is the double that was set or typed, never one rounded to a number of decimals.
    Space and R play / reset rather than type (``PlaybackKeys``)."""

    def __init__(self, param, parent=None):
        super().__init__(parent)
        self.whole = param.kind == "int"        # a whole-number parameter (e.g. the noise's seed)
        self.setDecimals(0 if self.whole else FULL_PRECISION)
        low = -UNBOUNDED if param.minimum is None else param.minimum
        high = UNBOUNDED if param.maximum is None else param.maximum
        self.setRange(low, high)
        self.setKeyboardTracking(False)          # commit on Enter / focus out, not per keystroke
        self.setAccelerated(True)

    def number(self) -> float | int:
        """The value, as an int for a whole-number parameter."""
        return int(self.value()) if self.whole else self.value()

    def textFromValue(self, value: float) -> str:
        if self.whole:
            return str(int(value))
        text = repr(float(value))               # the shortest text that reads back as the same double
        return text[:-2] if text.endswith(".0") else text

    def valueFromText(self, text: str) -> float:
        try:
            return float(text.strip())
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        stripped = text.strip()
        if stripped in ("", "-", "+", ".", "-.", "+.") or stripped.lower().endswith(("e", "e-", "e+")):
            return QtGui.QValidator.State.Intermediate, text, pos
        try:
            value = float(stripped)
        except ValueError:
            return QtGui.QValidator.State.Invalid, text, pos
        if not math.isfinite(value):
            return QtGui.QValidator.State.Invalid, text, pos
        if self.minimum() <= value <= self.maximum():
            return QtGui.QValidator.State.Acceptable, text, pos
        return QtGui.QValidator.State.Intermediate, text, pos

    def stepBy(self, steps: int) -> None:
        """Arrow keys scale positive values by 10 % per step (learning rates span decades); other values move
        by a tenth of their leading digit's unit (0.9 -> 0.91), or 0.01 from zero; whole numbers by 1."""
        v = self.value()
        if self.whole:
            super().stepBy(steps)
        elif v > 0 and self.minimum() >= 0 and self.maximum() > 1:
            self.setValue(v * 1.1 ** steps)
        else:
            digits = 2 if v == 0 else 1 - math.floor(math.log10(abs(v)))
            self.setValue(round(v + steps * 10.0 ** -digits, digits))   # round: no 0.7999999999999999


def make_editor(param, on_change) -> QtWidgets.QWidget:
    """The editor of one hyperparameter: a check box, a choice or a :class:`ParamSpinBox`, calling
    ``on_change`` when the user changes it."""
    if param.kind == "bool":
        editor = QtWidgets.QCheckBox()
        editor.toggled.connect(on_change)
    elif param.kind == "choice":
        editor = QtWidgets.QComboBox()
        for choice in param.choices:
            editor.addItem(choice, choice)
        editor.currentIndexChanged.connect(on_change)
    else:
        editor = ParamSpinBox(param)
        editor.valueChanged.connect(on_change)
    return editor


class OptimizerPanel(QtWidgets.QWidget):
    """Runs list with add / duplicate / remove, and the editor of the selected run."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.runs_list = QtWidgets.QListWidget()
        self.runs_list.setToolTip(self.tr("Runs: tick to show or hide, double-click to change the colour")
                                  + "\n\n" + self.status_rule())
        self.runs_list.setIconSize(QtCore.QSize(14, 14))
        self.runs_list.currentRowChanged.connect(self._on_current_changed)
        self.runs_list.itemChanged.connect(self._on_item_changed)
        self.runs_list.itemDoubleClicked.connect(self._choose_color)

        self.add_button = QtWidgets.QToolButton()
        self.add_button.setText(self.tr("Add"))
        self.add_button.setToolTip(self.tr("Add a run with another optimizer"))
        self.add_button.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QtWidgets.QMenu(self.add_button)
        for name in optimizers.names():
            action = menu.addAction(i18n.core_text(optimizers.create(name).title))
            action.setToolTip(style.hat_html(optimizers.create(name).rule))      # m̂, v̂: see style.hat_html
            action.triggered.connect(lambda _=False, n=name: self.add_run(n))
        self.add_button.setMenu(menu)
        self.duplicate_button = QtWidgets.QToolButton()
        self.duplicate_button.setText(self.tr("Duplicate"))
        self.duplicate_button.setToolTip(self.tr("Copy the selected run, to compare it with other settings"))
        self.duplicate_button.clicked.connect(self.duplicate_current)
        self.remove_button = QtWidgets.QToolButton()
        self.remove_button.setText(self.tr("Remove"))
        self.remove_button.setToolTip(self.tr("Remove the selected run"))
        self.remove_button.clicked.connect(self.remove_current)
        buttons = QtWidgets.QHBoxLayout()
        for b in (self.add_button, self.duplicate_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.kind_combo = QtWidgets.QComboBox()
        self.kind_combo.setToolTip(self.tr("Optimizer of the selected run"))
        for name in optimizers.names():
            opt = optimizers.create(name)
            self.kind_combo.addItem(i18n.core_text(opt.title), name)
            self.kind_combo.setItemData(self.kind_combo.count() - 1, style.hat_html(opt.rule),
                                        QtCore.Qt.ItemDataRole.ToolTipRole)
        self.kind_combo.activated.connect(self._on_kind_chosen)
        self.form = QtWidgets.QFormLayout()
        self.form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.rule_label = QtWidgets.QLabel()
        self.rule_label.setWordWrap(True)
        self.rule_label.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.rule_label.setStyleSheet("color: #555555;")
        self.message = QtWidgets.QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        self.message.hide()
        self.editors: dict[str, QtWidgets.QWidget] = {}

        editor_box = QtWidgets.QGroupBox(self.tr("Selected run"))
        editor_layout = QtWidgets.QVBoxLayout(editor_box)
        editor_layout.addWidget(self.kind_combo)
        editor_layout.addLayout(self.form)
        self.schedule_editor = ScheduleEditor(make_editor)
        self.schedule_editor.sigSettingsRequested.connect(self._on_schedule_settings)
        editor_layout.addWidget(self.schedule_editor)
        editor_layout.addWidget(self.rule_label)
        editor_layout.addWidget(self.message)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.runs_list, 1)
        layout.addLayout(buttons)
        # The editor scrolls: with torch's options and a schedule it is taller than a 720-pixel screen leaves
        scroll = QtWidgets.QScrollArea()
        scroll.setWidget(editor_box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(scroll, 2)
        self.editor_box = editor_box

        session.sigRunsChanged.connect(self._on_runs_changed)
        session.sigTrajectoriesChanged.connect(self._update_status)
        session.sigStepsChanged.connect(self._fill_editor)       # the lr(t) plot spans the run's steps
        session.sigSurfaceChanged.connect(self._fill_editor)     # batch: only on a model with data
        self._on_runs_changed()
        if session.runs:
            self.runs_list.setCurrentRow(0)

    # --- actions ---------------------------------------------------------------------------------

    def add_run(self, name: str) -> None:
        index = self.session.add_run(name)
        self.runs_list.setCurrentRow(index)

    def duplicate_current(self) -> None:
        row = self.runs_list.currentRow()
        if row >= 0:
            self.runs_list.setCurrentRow(self.session.duplicate_run(row))

    def remove_current(self) -> None:
        row = self.runs_list.currentRow()
        if row >= 0:
            self.session.remove_run(row)
            self.runs_list.setCurrentRow(min(row, len(self.session.runs) - 1))

    def _choose_color(self, item) -> None:
        row = self.runs_list.row(item)
        color = QtWidgets.QColorDialog.getColor(QtGui.QColor(self.session.runs[row].color), self,
                                                self.tr("Run colour"))
        if color.isValid():
            self.session.set_run_color(row, color.name())

    # --- model -> view ---------------------------------------------------------------------------

    def _on_runs_changed(self, *_):
        runs = self.session.runs
        before = current = self.runs_list.currentRow()
        self.runs_list.blockSignals(True)
        try:
            while self.runs_list.count() > len(runs):
                self.runs_list.takeItem(self.runs_list.count() - 1)
            while self.runs_list.count() < len(runs):
                item = QtWidgets.QListWidgetItem()
                item.setFlags(item.flags() | QtCore.Qt.ItemFlag.ItemIsUserCheckable)
                self.runs_list.addItem(item)
            for i, run in enumerate(runs):
                item = self.runs_list.item(i)
                pix = QtGui.QPixmap(14, 14)
                pix.fill(QtGui.QColor(run.color))
                item.setIcon(QtGui.QIcon(pix))
                item.setCheckState(QtCore.Qt.CheckState.Checked if run.visible else QtCore.Qt.CheckState.Unchecked)
            if current >= len(runs):
                current = len(runs) - 1
            self.runs_list.setCurrentRow(current)
        finally:
            self.runs_list.blockSignals(False)
        if current != before:            # the selection moved with signals blocked: followers must hear of it
            self.runs_list.currentRowChanged.emit(current)
        self._update_status()
        self._fill_editor()

    def status_rule(self) -> str:
        """How a run ends, as ``optimizers.run`` decides it (the README says the same)."""
        return self.tr("A run is marked diverged when an iterate leaves the box centred on the surface's domain "
                       "and {0:g} times as wide (or as far as the start, if that is farther out); its path stops "
                       "at the last iterate inside. \"f undefined\": a step landed where f is undefined (or "
                       "infinite); that iterate is kept and the run stops there.").format(
            optimizers.DIVERGENCE_FACTOR)

    def _update_status(self, *_):
        """Run labels, with divergence spelt out (a diverged run is listed, not dropped)."""
        results = self.session.trajectories
        # Signals blocked: a new label is no edit of the tick box. This can run before _on_runs_changed (another
        # view reads the trajectories first), when row i still shows the old run i; an itemChanged from it gave
        # that run the old row's visibility (removing run 0 showed a hidden run 2 again).
        blocked = self.runs_list.blockSignals(True)
        try:
            self._label_runs(results)
        finally:
            self.runs_list.blockSignals(blocked)

    def _label_runs(self, results) -> None:
        for i, run in enumerate(self.session.runs):
            item = self.runs_list.item(i)
            if item is None or i >= len(results):
                continue
            res = results[i]
            text = i18n.optimizer_label(run.optimizer)
            if res.error is not None:
                text += "  " + self.tr("— could not be computed")
                item.setForeground(QtGui.QColor("#c0392b"))
            elif res.diverged:
                bad = [j for j, s in enumerate(res.status) if s == "diverged"]
                steps = ", ".join(str(int(res.last_finite[j]) + 1) for j in bad)
                text += "  " + self.tr("— diverged at step {0}").format(steps)
                item.setForeground(QtGui.QColor("#c0392b"))
            elif "undefined" in res.status:
                steps = ", ".join(str(int(res.last_finite[j])) for j, s in enumerate(res.status) if s == "undefined")
                text += "  " + self.tr("— f undefined here, at step {0}").format(steps)
                item.setForeground(QtGui.QColor("#c0392b"))
            else:
                item.setForeground(QtGui.QColor(self.palette().color(QtGui.QPalette.ColorRole.Text)))
            if item.text() != text:
                item.setText(text)
            tip = run.optimizer.spec if res.error is None else f"{run.optimizer.spec}\n{res.error}"
            if res.error is None and set(res.status) != {"ok"}:
                tip += "\n\n" + self.status_rule()
            item.setToolTip(tip)

    def _on_item_changed(self, item) -> None:
        row = self.runs_list.row(item)
        self.session.set_run_visible(row, item.checkState() == QtCore.Qt.CheckState.Checked)

    def _on_current_changed(self, row: int) -> None:
        self.message.hide()
        self._fill_editor()

    # --- the editor ------------------------------------------------------------------------------

    def _fill_editor(self) -> None:
        """Rebuild the editor rows for the selected run (only when its optimizer kind changed)."""
        row = self.runs_list.currentRow()
        runs = self.session.runs
        self.editor_box.setEnabled(0 <= row < len(runs))
        self.duplicate_button.setEnabled(0 <= row < len(runs))
        self.remove_button.setEnabled(0 <= row < len(runs))
        if not 0 <= row < len(runs):
            return
        opt = runs[row].optimizer
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(opt.name))
        self.rule_label.setText(style.hat_html(opt.rule))
        params = optimizers.parameters(opt.name)
        if list(self.editors) != list(params) or getattr(self, "_editor_kind", None) != opt.name:
            self._build_editors(opt.name, params)
        for name, editor in self.editors.items():
            # noise, seed and torch's options are absent while unused; lr (and the momentum or beta1) while a
            # onecycle schedule sets them
            value = opt.params.get(name, params[name].default)
            by_schedule = name not in opt.params and opt.schedule == "onecycle" and name in ("lr", opt.cycled)
            # minibatches need data rows: batch is shown on a model with data (or where a run still has one)
            no_rows = name == "batch" and not has_data(self.session.surface) and not value
            self.form.setRowVisible(editor, not (by_schedule or no_rows))   # a value shown would not be the one used
            set_editor(editor, value)
        self.schedule_editor.show_optimizer(opt, self.session.steps)

    def _build_editors(self, name: str, params: dict) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors = {}
        self._editor_kind = name
        for pname, param in params.items():
            editor = make_editor(param, lambda _=None, n=pname: self._on_editor_changed(n))
            allowed = ("true/false" if param.kind == "bool" else " | ".join(param.choices) if param.kind == "choice"
                       else param.range_text())
            editor.setToolTip(style.hat_html(self.tr("{0}: {1}; allowed {2}; default {3}").format(
                pname, i18n.core_text(param.doc), allowed, param.default)))
            editor.setObjectName(f"param_{pname}")
            self.editors[pname] = editor
            label = QtCore.QCoreApplication.translate("OptimizerPanel", PARAM_LABELS.get(pname, pname))
            self.form.addRow(label, editor)

    def _on_editor_changed(self, pname: str) -> None:
        """Editor ``pname`` changed: give the run that one new value, every other parameter as it is."""
        row = self.runs_list.currentRow()
        if row < 0:
            return
        opt = self.session.runs[row].optimizer
        editor = self.editors[pname]
        if isinstance(editor, QtWidgets.QCheckBox):
            value = editor.isChecked()
        elif isinstance(editor, QtWidgets.QComboBox):
            value = editor.currentData()
        else:
            value = editor.number()
        self.set_params(row, opt.name, {**opt.params, pname: value})

    def _on_schedule_settings(self, values: dict) -> None:
        row = self.runs_list.currentRow()
        if row >= 0:
            self.set_params(row, self.session.runs[row].optimizer.name, values)

    def set_params(self, row: int, name: str, values: dict) -> bool:
        """Give run ``row`` these settings; on refusal show the core's message and restore the editors."""
        try:
            opt = optimizers.create(name, **values)
            self.session.set_run_optimizer(row, opt)
        except ValueError as exc:
            self.message.setText(i18n.error_text(exc))
            self.message.show()
            self._fill_editor()
            return False
        self.message.hide()
        return True

    def _on_kind_chosen(self, index: int) -> None:
        """Switch the selected run to another optimizer, keeping the learning rate where both have one."""
        row = self.runs_list.currentRow()
        if row < 0:
            return
        name = self.kind_combo.itemData(index)
        old = self.session.runs[row].optimizer
        if name == old.name:
            return
        keep = {k: v for k, v in old.params.items() if k == "lr" and k in optimizers.parameters(name)}
        if old.schedule != "onecycle":       # the schedule too (onecycle depends on what the optimizer cycles)
            keep.update({k: v for k, v in old.params.items() if k == "schedule" or k in schedules.ALL_PARAMS})
        self.set_params(row, name, keep)
        self._fill_editor()
