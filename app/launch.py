"""The window's start: is there a display, open the window on a ready Scene or render it to an image file
(``--screenshot``), close it cleanly. The command line (cli.gui_command) turns options into the Scene."""
from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys
from pathlib import Path

# The default scene, defined in core; imported from here by the window's tests and benchmarks
from core.defaults import DEFAULT_RUNS, DEFAULT_START, DEFAULT_STEPS, DEFAULT_SURFACE  # noqa: F401

ORGANIZATION = APPLICATION = "Optiscope"          # where QSettings keep the window's state
# --screenshot's file formats, by extension: those Qt writes on every platform without plugins
SCREENSHOT_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".bmp": "BMP"}

log = logging.getLogger("optiscope")


# Libraries Qt's xcb platform needs beyond libxcb itself: without one it aborts the process (SIGABRT).
XCB_LIBRARIES = {"xcb-cursor": "libxcb-cursor0", "xcb-icccm": "libxcb-icccm4", "xcb-keysyms": "libxcb-keysyms1",
                 "xkbcommon-x11": "libxkbcommon-x11-0"}


def display_problem() -> str | None:
    """Why Qt could not open a window here (one line), or None when it can (or the platform is not X11).

    Without a usable display Qt's xcb platform aborts the whole process with SIGABRT and a misleading message
    about xcb-cursor, so this asks first: a DISPLAY is set, the X server there accepts a connection (through
    libxcb, as Qt will), and the libraries Qt's xcb plugin needs are installed.
    """
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or (platform and not platform.startswith("xcb")):
        return None
    if not platform and os.environ.get("WAYLAND_DISPLAY"):
        return None
    display = os.environ.get("DISPLAY")
    if not display:
        return "no display found (DISPLAY and WAYLAND_DISPLAY are unset)"
    name = ctypes.util.find_library("xcb")
    if name is None:
        return "the X11 library libxcb is not installed (see the README's system libraries)"
    xcb = ctypes.CDLL(name)
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(None, None)          # None: the DISPLAY variable, as Qt does
    failed = xcb.xcb_connection_has_error(connection)
    xcb.xcb_disconnect(connection)
    if failed:
        return f"cannot connect to the X display {display!r} (is an X server running there, and may you use it?)"
    missing = [package for lib, package in XCB_LIBRARIES.items() if ctypes.util.find_library(lib) is None]
    if missing:
        return f"Qt's X11 platform needs the system libraries {', '.join(missing)} (see the README)"
    return None


def remembered_scene():
    """The scene of the last session (app.settings), or None; readable before the application exists."""
    from PySide6 import QtCore

    from . import settings

    QtCore.QCoreApplication.setOrganizationName(ORGANIZATION)
    QtCore.QCoreApplication.setApplicationName(APPLICATION)
    return settings.last_scene()


def run_gui(scene, *, iteration: int | None = None, size: tuple[int, int] = (1400, 900),
            screenshot: str | None = None, lang: str | None = None) -> int:
    """Open the window on ``scene`` (checked by the caller: valid, within the window's budget, ``iteration`` at
    most its steps), or render it to the image file ``screenshot`` and close; return the exit status.
    OSError when the screenshot cannot be written."""
    from PySide6 import QtCore, QtWidgets

    from .errors import route_qt_messages

    route_qt_messages()
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    from . import i18n

    # --lang, else the remembered choice, else the system's; a screenshot is English unless asked otherwise
    i18n.install(app, lang or ("en" if screenshot else None))
    if screenshot is None:
        _setup_logging()

    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True)
    from . import errors
    from .main_window import MainWindow
    from .model import Session

    session = Session.from_scene(scene)
    if iteration is not None:
        session.set_iteration(iteration)

    window = MainWindow(session)
    window.explanation.show_text(scene.title, scene.description)     # a --scene example explains itself
    i18n.keep_plots_ltr(window)          # plots, numbers and formulas stay left to right in Persian
    i18n.keep_ltr(window.playback)
    width, height = size
    window.resize(width, height)
    window.surface_view.show_scene_view(scene)

    if screenshot:
        try:
            save_screenshot(window, screenshot, (width, height))
        finally:
            close_windows([window])
        return 0

    window.restore_settings(QtCore.QSettings())
    window.remember = True
    errors.install(window)
    window.show()
    if session.critical_points is None:          # after the window is on screen: it takes a moment
        QtCore.QTimer.singleShot(0, session.compute_critical_points)
    status = app.exec()
    close_windows([window])
    return status


def close_windows(windows) -> None:
    """Close and delete the app's ``windows`` now, while Python is whole, before the interpreter exits.

    pyqtgraph keeps parts of its plots' context menus (the PlotItem's "Plot options" menu, the forms in it)
    as parentless top-level widgets. Left to PySide's exit hook, every top-level widget is deleted in an
    arbitrary order; when those go before the window whose plots use them, deleting the window crashed
    (SIGSEGV at exit in about 4 starts of 10: the exit status lost, and with it any settings write still
    pending). The windows deleted first, the leftover menus go cleanly at exit.
    """
    import shiboken6

    for window in windows:
        if not shiboken6.isValid(window):
            continue
        if window.isVisible():
            window.close()                # the window remembers its state as at any close
        shiboken6.delete(window)


def screenshot_format(path) -> str:
    """Qt's format name for screenshot file ``path``, from its extension; ValueError for any other."""
    try:
        return SCREENSHOT_FORMATS[Path(path).suffix.lower()]
    except KeyError:
        raise ValueError(f"--screenshot {path}: the file name must end in "
                          f"{', '.join(SCREENSHOT_FORMATS)}") from None


def save_screenshot(window, path, size) -> None:
    """Render the whole window at ``size`` to an image file (PNG, JPEG or BMP after ``path``'s extension),
    atomically, without showing it on a screen."""
    from PySide6 import QtCore, QtWidgets

    from core.files import atomic_path

    window.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.resize(*size)
    window.show()
    if window.session.critical_points is None:
        window.session.compute_critical_points()
    for _ in range(3):                            # layout, then a paint of the settled layout
        QtWidgets.QApplication.processEvents()
    window.surface_view.cover_now()
    QtWidgets.QApplication.processEvents()
    pixmap = window.grab()
    if (pixmap.width(), pixmap.height()) != tuple(size):    # a window cannot shrink below its minimum
        pixmap = pixmap.scaled(size[0], size[1], QtCore.Qt.AspectRatioMode.IgnoreAspectRatio,
                               QtCore.Qt.TransformationMode.SmoothTransformation)
    target = Path(path)
    fmt = screenshot_format(target)
    with atomic_path(target) as tmp:
        if not pixmap.save(str(tmp), fmt):
            raise OSError(f"Qt could not write {target}")


def _setup_logging() -> None:
    """Warnings and errors to stderr and to optiscope.log in the app's data folder."""
    from PySide6 import QtCore

    handlers: list[logging.Handler] = [logging.StreamHandler()]
    folder = QtCore.QStandardPaths.writableLocation(QtCore.QStandardPaths.StandardLocation.AppLocalDataLocation)
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(Path(folder) / "optiscope.log", encoding="utf-8"))
    except OSError:
        pass
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        handlers=handlers)
