"""The Backprop panel on a graph's loss over data: one row of the current batch, and the batch-mean gradient.

The loss surface of a model on data is the mean of the graph's loss over rows; the panel draws the graph for
one row (its inputs fed by that row's columns, the two axis parameters at the selected run's current iterate),
chosen in ``RowPicker`` among the rows of the current step's batch (all the rows for a full-batch run), and
states beside it the gradient the step actually uses: the mean over the batch (``ModelSurface.batch_value_grad``).
"""
from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtWidgets

from .. import i18n
from ..model import has_data, is_model, minibatch
from .minibatch_items import batch_step


def graph_values(surface, xy, row: int | None) -> dict[str, float]:
    """The graph's given values replaced for the surface at ``xy``: P and Q, and (with data) each data-fed input
    from row ``row``."""
    values = {surface.p: float(xy[0]), surface.q: float(xy[1])}
    if row is not None and has_data(surface):
        for name, column in surface.fed.items():
            if column:
                values[name] = float(surface.data.column(column)[row])
    return values


class RowPicker(QtWidgets.QWidget):
    """A combo box over the rows of the current batch and a label with the batch-mean gradient.

    Signals:
        sigRowChanged(int): another row was chosen (its index in the data)
    """

    sigRowChanged = QtCore.Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.combo = QtWidgets.QComboBox()
        self.combo.setToolTip(self.tr("The row of the data whose graph is drawn (0-based, as in the batches that "
                                      "run --format json lists)"))
        self.combo.currentIndexChanged.connect(lambda _: self.sigRowChanged.emit(self.row()))
        self.mean = QtWidgets.QLabel()
        self.mean.setWordWrap(True)
        self.mean.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QtWidgets.QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(self.tr("Row"), self.combo)
        layout.addRow(self.mean)
        self.rows = np.empty(0, dtype=int)

    def row(self) -> int | None:
        data = self.combo.currentData()
        return None if data is None else int(data)

    def update_for(self, session, run: int, xy) -> None:
        """Offer the rows of run ``run``'s current batch (all rows on the full data) and state the gradient the
        step uses, at ``xy``."""
        surface = session.surface
        shown = has_data(surface)
        self.setVisible(shown)
        if not shown:
            return
        info = minibatch(session, run)
        if info is not None:
            t = batch_step(session.iteration, len(info.batches))
            rows = np.asarray(info.batches[t])
            which = self.tr("the batch of step {0}").format(t + 1)
        else:
            rows, which = np.arange(surface.n_rows), self.tr("all the rows")
        if not np.array_equal(rows, self.rows):
            keep = self.row()
            self.rows = rows
            self.combo.blockSignals(True)
            self.combo.clear()
            for r in rows.tolist():
                self.combo.addItem(str(r), r)
            index = self.combo.findData(keep)
            self.combo.setCurrentIndex(max(index, 0))
            self.combo.blockSignals(False)
        with np.errstate(all="ignore"):
            _, g = surface.batch_value_grad(np.asarray(xy, dtype=float), rows)
        self.mean.setText(self.tr("The step's gradient is the mean over {0} ({1} rows): ∂L/∂{2} = {3}, "
                                  "∂L/∂{4} = {5}").format(which, len(rows), surface.p, i18n.ltr(f"{g[0]:.6g}"),
                                                          surface.q, i18n.ltr(f"{g[1]:.6g}")))


def applies(session) -> bool:
    """True when the panel's surface mode shows a model's graph (the session's surface is a ModelSurface)."""
    return session is not None and is_model(session.surface)
