"""Long computations (basin maps, sweeps, hyperparameter grids) off the GUI thread: ``BackgroundRunner`` runs a
function ``fn(progress, cancel)`` in a worker QObject moved to a QThread, reports progress and the outcome through
queued signals, and cancels at the function's next check. The swarm and grid panels use it.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6 import QtCore

from core import swarm

from .. import i18n

log = logging.getLogger(__name__)


class _Job(QtCore.QObject):
    """Runs ``fn(progress, cancel)`` once in whatever thread it lives in and reports the outcome."""

    sigProgress = QtCore.Signal(float)
    sigFinished = QtCore.Signal(object)
    sigFailed = QtCore.Signal(str)
    sigCancelled = QtCore.Signal()

    def __init__(self, fn: Callable):
        super().__init__()
        self._fn = fn
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @QtCore.Slot()
    def run(self) -> None:
        try:
            result = self._fn(self.sigProgress.emit, self._cancel.is_set)
        except swarm.Cancelled:
            self.sigCancelled.emit()
        except ValueError as exc:                    # bad settings: core's one-line message
            self.sigFailed.emit(i18n.error_text(exc))
        except Exception as exc:  # a strange formula must not take the window down
            log.exception("background computation")
            self.sigFailed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.sigFinished.emit(result)


class BackgroundRunner(QtCore.QObject):
    """One background computation at a time, each in its own QThread; results arrive on the GUI thread.

    Signals: sigProgress(float) in [0, 1], sigFinished(object) the result, sigFailed(str) a one-line
    message, sigCancelled(), sigBusyChanged(bool).
    """

    sigProgress = QtCore.Signal(float)
    sigFinished = QtCore.Signal(object)
    sigFailed = QtCore.Signal(str)
    sigCancelled = QtCore.Signal()
    sigBusyChanged = QtCore.Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._thread: QtCore.QThread | None = None
        self._job: _Job | None = None

    @property
    def busy(self) -> bool:
        return self._job is not None

    def start(self, fn: Callable) -> None:
        """Run ``fn(progress, cancel)`` in a new thread (a running job is cancelled and waited for first)."""
        self.cancel_and_wait()
        thread = QtCore.QThread()
        job = _Job(fn)
        job.moveToThread(thread)
        thread.started.connect(job.run)
        # bound methods of this GUI-thread object: the connections are queued to the GUI thread
        job.sigProgress.connect(self._on_progress)
        job.sigFinished.connect(self._on_finished)
        job.sigFailed.connect(self._on_failed)
        job.sigCancelled.connect(self._on_cancelled)
        self._thread, self._job = thread, job
        thread.start()
        self.sigBusyChanged.emit(True)

    def cancel(self) -> None:
        """Ask the running job to stop at its next check (sigCancelled follows)."""
        if self._job is not None:
            self._job.cancel()

    def cancel_and_wait(self) -> None:
        """Stop the running job, if any, and wait for its thread (its late signals are dropped)."""
        if self._job is None:
            return
        self._job.cancel()
        for signal in (self._job.sigProgress, self._job.sigFinished, self._job.sigFailed, self._job.sigCancelled):
            signal.disconnect()
        self._end()

    def _end(self) -> None:
        thread, self._thread, self._job = self._thread, None, None
        thread.quit()
        thread.wait()
        self.sigBusyChanged.emit(False)

    @QtCore.Slot(float)
    def _on_progress(self, fraction: float) -> None:
        self.sigProgress.emit(fraction)

    @QtCore.Slot(object)
    def _on_finished(self, result) -> None:
        self._end()
        self.sigFinished.emit(result)

    @QtCore.Slot(str)
    def _on_failed(self, message: str) -> None:
        self._end()
        self.sigFailed.emit(message)

    @QtCore.Slot()
    def _on_cancelled(self) -> None:
        self._end()
        self.sigCancelled.emit()
