"""The learning-rate schedule of the selected run: a schedule chooser, its parameters (torch's names) and a
small plot of lr(t) over the run's steps.

The editor only reads the run's optimizer and proposes new settings through ``sigSettingsRequested``; the
optimizer panel applies them (``optimizers.create`` validates them and its message is shown there on
refusal). The plotted values are the run's own (``Optimizer.hyperparameters``), the ones the drivers use.

Signals:
    sigSettingsRequested(dict): every hyperparameter the run should have (its spec's parameters).
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from core import optimizers, schedules

from .. import i18n

_tr = QtCore.QCoreApplication.translate

# What a schedule's parameters without a torch default are set to when the schedule is chosen here, from the
# run's steps and learning rate (torch needs them given).
_SUGGESTED = {
    "step_size": lambda steps, lr: max(1, steps // 4),
    "gamma": lambda steps, lr: 0.99,            # exponential's (step's own default is torch's 0.1)
    "T_max": lambda steps, lr: max(1, steps),
    "max_lr": lambda steps, lr: lr,
    "total_steps": lambda steps, lr: max(1, steps),
}


def _schedule_title(name: str) -> str:
    titles = {
        schedules.NONE: _tr("ScheduleEditor", "constant (no schedule)"),
        "step": _tr("ScheduleEditor", "step (StepLR)"),
        "exponential": _tr("ScheduleEditor", "exponential (ExponentialLR)"),
        "cosine": _tr("ScheduleEditor", "cosine (CosineAnnealingLR)"),
        "linear": _tr("ScheduleEditor", "linear warmup (LinearLR)"),
        "onecycle": _tr("ScheduleEditor", "one cycle (OneCycleLR)"),
    }
    return titles[name]


class ScheduleEditor(QtWidgets.QWidget):
    """Schedule chooser, parameter editors and the lr(t) plot of one optimizer."""

    sigSettingsRequested = QtCore.Signal(dict)

    def __init__(self, make_editor, parent=None):
        """``make_editor(param, on_change)``: the hyperparameter editors of the optimizer panel, reused here."""
        super().__init__(parent)
        self._make_editor = make_editor
        self._opt: optimizers.Optimizer | None = None
        self._steps = 0
        self.combo = QtWidgets.QComboBox()
        self.combo.setObjectName("schedule")
        self.combo.setToolTip(self.tr("Learning-rate schedule, stepped after every step as in "
                                      "torch.optim.lr_scheduler"))
        for name in (schedules.NONE, *schedules.names()):
            self.combo.addItem(_schedule_title(name), name)
        self.combo.activated.connect(self._on_schedule_chosen)
        self.form = QtWidgets.QFormLayout()
        self.form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.editors: dict[str, QtWidgets.QWidget] = {}
        self.formula = QtWidgets.QLabel()
        self.formula.setWordWrap(True)
        self.formula.setStyleSheet("color: #555555;")
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("lr_plot")
        self.plot.setBackground("w")
        self.plot.setFixedHeight(110)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.plot.setLabel("bottom", "t")
        self.plot.setLabel("left", "lr")
        for axis in ("left", "bottom"):
            self.plot.getAxis(axis).enableAutoSIPrefix(False)
        self.plot.setToolTip(self.tr("The learning rate of each step of this run"))
        self.curve = self.plot.plot(pen=pg.mkPen("#0072b2", width=2))

        row = QtWidgets.QHBoxLayout()
        row.addWidget(QtWidgets.QLabel(self.tr("Schedule")))
        row.addWidget(self.combo, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addLayout(self.form)
        layout.addWidget(self.formula)
        layout.addWidget(self.plot)

    # --- model -> view ---------------------------------------------------------------------------

    def show_optimizer(self, opt: optimizers.Optimizer, steps: int) -> None:
        """Show ``opt``'s schedule over a run of ``steps`` steps (rebuilding the editors if it changed)."""
        self._opt, self._steps = opt, int(steps)
        name = opt.schedule
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(self.combo.findData(name))
        self.combo.blockSignals(False)
        params = schedules.parameters(name)
        if list(self.editors) != list(params):
            while self.form.rowCount():
                self.form.removeRow(0)
            self.editors = {}
            for key, param in params.items():
                editor = self._make_editor(param, lambda _=None, k=key: self._on_editor_changed(k))
                editor.setObjectName(f"schedule_{key}")
                editor.setToolTip(f"{key}: {i18n.core_text(param.doc)}")
                self.editors[key] = editor
                self.form.addRow(key, editor)
        for key, editor in self.editors.items():
            set_editor(editor, opt.params[key])
        self.formula.setText("" if name == schedules.NONE else i18n.core_text(schedules.definition(name).formula))
        self.formula.setVisible(name != schedules.NONE)
        self.plot.setVisible(name != schedules.NONE)
        self._plot()

    def _plot(self) -> None:
        opt = self._opt
        if opt is None or opt.schedule == schedules.NONE:
            self.curve.setData([], [])
            return
        steps = self._steps if opt.max_steps is None else min(self._steps, opt.max_steps)
        lrs = opt.hyperparameters(steps)[0]
        self.curve.setData(np.arange(1, len(lrs) + 1), np.asarray(lrs, dtype=float))

    def lr_values(self) -> np.ndarray:
        """The plotted learning rates (for tests)."""
        return np.asarray(self.curve.getData()[1] if self.curve.getData()[1] is not None else [], dtype=float)

    # --- view -> model ---------------------------------------------------------------------------

    def _on_schedule_chosen(self, index: int) -> None:
        opt = self._opt
        name = self.combo.itemData(index)
        if opt is None or name == opt.schedule:
            return
        old = schedules.parameters(opt.schedule)
        values = {k: v for k, v in opt.params.items() if k != "schedule" and k not in old}
        lr = float(opt.params.get("lr", opt.params.get("max_lr", optimizers.parameters(opt.name)["lr"].default)))
        values["lr"] = lr                 # back from onecycle, whose peak becomes the lr
        if name != schedules.NONE:
            values["schedule"] = name
            for key, param in schedules.parameters(name).items():
                if param.default is None:
                    values[key] = _SUGGESTED[key](self._steps, lr)
        if name == "onecycle":            # OneCycleLR sets the lr and (cycling) the momentum or beta1 itself
            values.pop("lr")
            cycled = optimizers.cycled_parameter(opt.name)
            if cycled is not None:
                values.pop(cycled, None)
            else:
                values["cycle_momentum"] = False
        self.sigSettingsRequested.emit(values)

    def _on_editor_changed(self, key: str) -> None:
        if self._opt is None:
            return
        values = dict(self._opt.params)
        values[key] = _editor_value(self.editors[key])
        if key == "cycle_momentum" and values[key]:       # onecycle sets the momentum or beta1 again
            values.pop(optimizers.cycled_parameter(self._opt.name) or "", None)
        self.sigSettingsRequested.emit(values)


def set_editor(editor, value) -> None:
    """Show ``value`` in a parameter editor (check box, choice or number) without emitting its signals."""
    editor.blockSignals(True)
    if isinstance(editor, QtWidgets.QCheckBox):
        editor.setChecked(bool(value))
    elif isinstance(editor, QtWidgets.QComboBox):
        editor.setCurrentIndex(editor.findData(value))
    else:
        editor.setValue(float(value))
    editor.blockSignals(False)


def _editor_value(editor):
    if isinstance(editor, QtWidgets.QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QtWidgets.QComboBox):
        return editor.currentData()
    return editor.number()
