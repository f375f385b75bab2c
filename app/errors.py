"""Unexpected exceptions in slots go to the log and the window's status bar instead of ending the app."""
from __future__ import annotations

import logging
import sys
import traceback

log = logging.getLogger("optiscope")


def install(window) -> None:
    """Route uncaught exceptions (Qt slots included: PySide6 reports them via ``sys.excepthook``)."""
    previous = sys.excepthook

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        log.error("unexpected error\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        try:
            window.show_error(f"{exc_type.__name__}: {exc}".splitlines()[0][:200])
        except RuntimeError:                # the window is already gone
            pass

    sys.excepthook = hook
