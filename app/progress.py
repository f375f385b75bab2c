"""The modal progress dialog of a long recomputation of the session's paths, with Cancel.

``Session.progress`` (set by the main window) is :func:`shown` bound to the window: the session opens it
for a recomputation estimated above ``model.PROGRESS_SECONDS`` and calls ``advance(fraction)`` between
chunks, which processes events (so the dialog paints and Cancel can be clicked) and returns False once
Cancel was pressed.

While the dialog is up the rest of the application neither paints nor runs its timers: they would read a
session whose paths are half-computed. Its paint events are dropped (every widget is repainted at the end)
and its timer events are held and delivered at the end. Input to the window is blocked by the modality.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import shiboken6
from PySide6 import QtCore, QtWidgets

STEPS = 1000          # resolution of the progress bar


@contextlib.contextmanager
def shown(parent: QtWidgets.QWidget) -> Iterator[Callable[[float], bool]]:
    """Show the dialog over ``parent``; yields ``advance(fraction) -> bool`` (False: cancelled)."""
    tr = QtCore.QCoreApplication.translate
    dialog = QtWidgets.QProgressDialog(tr("Progress", "Computing the paths…"), tr("Progress", "Cancel"),
                                       0, STEPS, parent)
    dialog.setObjectName("recomputeProgress")
    dialog.setWindowTitle(tr("Progress", "Optiscope"))
    dialog.setWindowModality(QtCore.Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    hold = _Hold(dialog)
    app = QtCore.QCoreApplication.instance()
    app.installEventFilter(hold)

    def advance(fraction: float) -> bool:
        dialog.setValue(round(min(max(fraction, 0.0), 1.0) * STEPS))
        QtCore.QCoreApplication.processEvents()
        return not dialog.wasCanceled()

    try:
        dialog.show()
        advance(0.0)
        yield advance
    finally:
        app.removeEventFilter(hold)
        dialog.close()
        dialog.deleteLater()
        hold.release()


class _Hold(QtCore.QObject):
    """Event filter: drops paints and holds timer events of everything but the dialog (see the module)."""

    def __init__(self, dialog: QtWidgets.QWidget):
        super().__init__()
        self._dialog = dialog
        self._timers: dict[tuple[int, int], QtCore.QObject] = {}

    def eventFilter(self, obj, ev) -> bool:
        kind = ev.type()
        if kind == QtCore.QEvent.Type.Paint:
            return not self._in_dialog(obj)
        if kind == QtCore.QEvent.Type.Timer and not self._in_dialog(obj):
            self._timers[(id(obj), ev.timerId())] = obj
            return True
        return False

    def _in_dialog(self, obj) -> bool:
        while obj is not None:
            if obj is self._dialog:
                return True
            obj = obj.parent()
        return False

    def release(self) -> None:
        """Deliver the held timer events (once per timer) and repaint every widget."""
        for (_, timer_id), obj in self._timers.items():
            if shiboken6.isValid(obj):          # a stopped timer ignores its event
                QtCore.QCoreApplication.postEvent(obj, QtCore.QTimerEvent(timer_id))
        self._timers.clear()
        for top in QtWidgets.QApplication.topLevelWidgets():
            if top is not self._dialog and top.isVisible():
                top.update()
                for child in top.findChildren(QtWidgets.QWidget):
                    child.update()
