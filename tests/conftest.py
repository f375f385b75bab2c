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


@pytest.fixture(autouse=True)
def _collect_garbage_after_each_test():
    """Collect each test's dropped widgets right after pytest-qt closed them, not at whatever moment Python's
    cyclic GC next runs: a collection that landed inside a later test's event processing deleted a plot's
    ViewBox under its scene's pending update, and the AxisItem.boundingRect error that followed crashed
    shiboken (segfault in the full suite, depending on how much the earlier tests had allocated)."""
    yield
    import gc

    gc.collect()
