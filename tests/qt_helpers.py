"""Helpers for GUI tests: real mouse events on a widget (pyqtgraph views take them on their viewport)."""
from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

LEFT = QtCore.Qt.MouseButton.LeftButton
NO_BUTTON = QtCore.Qt.MouseButton.NoButton
NO_MODIFIER = QtCore.Qt.KeyboardModifier.NoModifier


def mouse_event(widget, kind, pos, button=LEFT, buttons=LEFT, modifiers=NO_MODIFIER) -> None:
    """Send one QMouseEvent of ``kind`` at widget pixel ``pos`` to ``widget``."""
    local = QtCore.QPointF(pos)
    global_ = QtCore.QPointF(widget.mapToGlobal(local.toPoint()))
    event = QtGui.QMouseEvent(kind, local, global_, button, buttons, modifiers)
    QtWidgets.QApplication.sendEvent(widget, event)


def mouse_press(widget, pos, button=LEFT, modifiers=NO_MODIFIER) -> None:
    mouse_event(widget, QtCore.QEvent.Type.MouseButtonPress, pos, button, button, modifiers)


def mouse_move(widget, pos, buttons=LEFT, modifiers=NO_MODIFIER) -> None:
    mouse_event(widget, QtCore.QEvent.Type.MouseMove, pos, NO_BUTTON, buttons, modifiers)


def mouse_release(widget, pos, button=LEFT, modifiers=NO_MODIFIER) -> None:
    mouse_event(widget, QtCore.QEvent.Type.MouseButtonRelease, pos, button, NO_BUTTON, modifiers)


def mouse_click(widget, pos, button=LEFT, modifiers=NO_MODIFIER) -> None:
    mouse_press(widget, pos, button, modifiers)
    mouse_release(widget, pos, button, modifiers)


def mouse_drag(widget, start, end, steps: int = 8) -> None:
    """Press at ``start``, move in ``steps`` straight steps to ``end``, release there (events processed)."""
    start, end = QtCore.QPointF(start), QtCore.QPointF(end)
    mouse_press(widget, start)
    for i in range(1, steps + 1):
        mouse_move(widget, start + (end - start) * (i / steps))
        QtWidgets.QApplication.processEvents()
    mouse_release(widget, end)
    QtWidgets.QApplication.processEvents()


def rss_bytes() -> int:
    """Resident memory of this process (Linux /proc)."""
    import os

    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
