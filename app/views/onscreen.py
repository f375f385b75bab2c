"""Whether a panel can be seen, so that panels can skip their work while they cannot.

A dock tabbed behind another is not hidden by Qt: it stays "visible" and is moved off-screen. So
``isVisible()`` is not enough; the visible region tells. ``OnScreen`` watches the widget and its ancestors
(moves, resizes, show, hide, re-docking) and says when the answer changes.
"""
from __future__ import annotations

import shiboken6
from PySide6 import QtCore

_WATCHED = {QtCore.QEvent.Type.Show, QtCore.QEvent.Type.Hide, QtCore.QEvent.Type.Move,
            QtCore.QEvent.Type.Resize, QtCore.QEvent.Type.ParentChange}


def on_screen(widget) -> bool:
    """True when some part of ``widget`` can be seen (shown, and not a dock tab behind another)."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


class OnScreen(QtCore.QObject):
    """Emits ``changed(bool)`` when ``widget`` starts or stops being seen (checked once per event-loop pass)."""

    changed = QtCore.Signal(bool)

    def __init__(self, widget):
        super().__init__(widget)
        self._widget = widget
        self._seen = on_screen(widget)
        self._watched: list = []
        self._timer = QtCore.QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._check)
        self._watch()

    @property
    def seen(self) -> bool:
        return on_screen(self._widget)

    def _watch(self) -> None:
        """Filter the events of the widget and of its ancestors below the window (they change when re-docked)."""
        for w in self._watched:
            if shiboken6.isValid(w):
                w.removeEventFilter(self)
        self._watched = []
        w = self._widget
        while w is not None:
            w.installEventFilter(self)
            self._watched.append(w)
            w = w.parentWidget()
            if w is not None and w.isWindow():      # a window passes its show and hide on to its children
                break

    def eventFilter(self, obj, event) -> bool:   # noqa: N802 (Qt's name)
        if event.type() in _WATCHED:
            if event.type() == QtCore.QEvent.Type.ParentChange:
                self._watch()
            self._timer.start()          # layouts move several widgets in a row: look once they are done
        return False

    def _check(self) -> None:
        seen = on_screen(self._widget)
        if seen != self._seen:
            self._seen = seen
            self.changed.emit(seen)
