"""Unexpected exceptions in slots go to the log and the window's status bar instead of ending the app.

A user-input error that reaches here (core's UserInputError, e.g. a request over the work budget refused by a
session setter) is no bug: its one-line message is shown as it is, without "Unexpected error" or a traceback.
"""
from __future__ import annotations

import logging
import sys
import traceback

from core.errors import UserInputError

log = logging.getLogger("optiscope")


def install(window) -> None:
    """Route uncaught exceptions (Qt slots included: PySide6 reports them via ``sys.excepthook``)."""
    previous = sys.excepthook

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        if isinstance(exc, UserInputError):
            from .i18n import error_text

            log.warning("refused: %s", exc)
            try:
                window.statusBar().showMessage(error_text(exc), 15000)
            except RuntimeError:
                pass
            return
        log.error("unexpected error\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        try:
            window.show_error(f"{exc_type.__name__}: {exc}".splitlines()[0][:200])
        except RuntimeError:                # the window is already gone
            pass

    sys.excepthook = hook


def route_qt_messages() -> None:
    """Send Qt's own diagnostics (``This plugin does not support propagateSizeHints()``, font warnings) to the
    log instead of stderr: the command line's stderr carries only our one-line errors."""
    from PySide6 import QtCore

    levels = {QtCore.QtMsgType.QtDebugMsg: logging.DEBUG, QtCore.QtMsgType.QtInfoMsg: logging.DEBUG,
              QtCore.QtMsgType.QtWarningMsg: logging.INFO, QtCore.QtMsgType.QtCriticalMsg: logging.WARNING,
              QtCore.QtMsgType.QtFatalMsg: logging.ERROR}

    def handler(kind, context, message):
        logging.getLogger("optiscope.qt").log(levels.get(kind, logging.INFO), "%s", message)

    QtCore.qInstallMessageHandler(handler)
