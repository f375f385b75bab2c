"""Shared test setup: Qt offscreen before anything imports Qt, test-mode settings paths."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def _qt_test_mode():
    """Keep QSettings/QStandardPaths out of the user's real folders; let synthetic drags through."""
    try:
        import pyqtgraph as pg
        from PySide6 import QtCore
    except ImportError:  # pragma: no cover - Qt is a hard dependency, but core tests must not need it
        yield
        return
    QtCore.QStandardPaths.setTestModeEnabled(True)
    QtCore.QCoreApplication.setOrganizationName("OptiscopeTests")
    QtCore.QCoreApplication.setApplicationName("OptiscopeTests")
    pg.setConfigOption("mouseRateLimit", 0)
    yield
