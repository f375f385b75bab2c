"""Redrawing a slow view when the session's paths change: bursts throttled, a drag drawn once on release."""
from __future__ import annotations

from PySide6 import QtCore


class PathsRedrawThrottle(QtCore.QObject):
    """Calls ``redraw()`` after the session's trajectories change, at most every ``interval_ms`` (the last
    change is always drawn); while a start point is dragged the paths change on every mouse move, so the
    view waits for the release and draws its result once.

    The view's ``redraw`` must call :meth:`drawn` (a redraw for any other reason makes the pending one moot).
    """

    def __init__(self, session, redraw, interval_ms: int, parent: QtCore.QObject):
        super().__init__(parent)
        self._session, self._redraw = session, redraw
        self._timer = QtCore.QTimer(self, singleShot=True, interval=interval_ms)
        self._timer.timeout.connect(self._flush)
        self._stale = False
        session.sigTrajectoriesChanged.connect(self._on_trajectories_changed)
        session.sigDraggingChanged.connect(self._on_dragging_changed)

    def drawn(self) -> None:
        self._stale = False

    def _on_trajectories_changed(self, *_) -> None:
        if self._timer.isActive() or self._session.dragging:
            self._stale = True
            return
        self._redraw()
        self._timer.start()

    def _on_dragging_changed(self, dragging: bool) -> None:
        if not dragging and self._stale:
            # after the release's own recomputation, which the session runs on the next loop turn
            QtCore.QTimer.singleShot(0, self, self._flush)

    def _flush(self) -> None:
        if self._stale and not self._session.dragging:
            self._redraw()
