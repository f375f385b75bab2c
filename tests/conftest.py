"""Shared test setup: Qt offscreen before anything imports Qt, test-mode settings paths, the Persian interface."""
import gc
import os
import shlex
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

DEFAULT_MARKEXPR = "not slow"      # pyproject's addopts: a plain `pytest` leaves the slow tests out


def pytest_configure(config):
    """Run the slow tests of the files a developer names: when every command-line argument is a test file or
    a node id (`pytest tests/test_app_window.py`, `pytest tests/test_cli.py::test_x`) and no `-m` was given
    (on the command line or in PYTEST_ADDOPTS), addopts' `-m 'not slow'` is dropped. A plain `pytest`, a
    directory (`pytest tests`) or an explicit `-m` keep their usual selection."""
    if config.option.markexpr != DEFAULT_MARKEXPR or config.args_source != pytest.Config.ArgsSource.ARGS:
        return
    given = [*config.invocation_params.args, *shlex.split(os.environ.get("PYTEST_ADDOPTS", ""))]
    if any(str(arg).startswith("-m") for arg in given):
        return
    root = config.invocation_params.dir
    if config.args and all((root / arg.split("::")[0]).is_file() for arg in config.args):
        config.option.markexpr = ""


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


_ENGLISH_LOCALE: list = []         # the default QLocale before a module first installed Persian


@pytest.fixture(scope="module")
def persian(qapp):
    """The interface in Persian for the tests of a module that ask for it; English (and the default locale)
    again after the module. Installed once per module, not per test: a test that does not ask for it is put
    back in English by ``_english_unless_persian`` (and the next one that asks gets Persian again)."""
    from PySide6 import QtCore

    from app import i18n

    _ENGLISH_LOCALE[:] = [QtCore.QLocale()]
    i18n.install(qapp, "fa")
    yield
    _to_english(qapp)


def _to_english(qapp) -> None:
    from PySide6 import QtCore

    from app import i18n

    i18n.install(qapp, "en")
    if _ENGLISH_LOCALE:
        QtCore.QLocale.setDefault(_ENGLISH_LOCALE[0])


@pytest.fixture(autouse=True)
def _english_unless_persian(request):
    """Each test in the language it asks for: Persian with the ``persian`` fixture, else English, even when an
    earlier test of the module had Persian (the module-wide fixture is still installed)."""
    i18n = sys.modules.get("app.i18n")
    if i18n is not None:
        wants = "fa" if "persian" in request.fixturenames else "en"
        if i18n.current_language() != wants:
            qapp = request.getfixturevalue("qapp")
            if wants == "fa":
                i18n.install(qapp, "fa")
            else:
                _to_english(qapp)
    yield


@pytest.fixture(autouse=True, scope="module")
def _collect_all_garbage_after_each_module():
    """Once a module is done (its module-scoped windows closed too), collect every object, frozen ones included."""
    yield
    gc.unfreeze()
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def _collect_garbage_after_each_test():
    """Collect each test's dropped widgets right after pytest-qt closed them, not at whatever moment Python's
    cyclic GC next runs: a collection that landed inside a later test's event processing deleted a plot's
    ViewBox under its scene's pending update, and the AxisItem.boundingRect error that followed crashed
    shiboken (segfault in the full suite, depending on how much the earlier tests had allocated).

    What survives is then frozen (gc.freeze): the next test's collection looks only at the objects created
    since, so it costs milliseconds instead of a walk over every live object (Qt, sympy, hypothesis: about
    0.1 s a test, half of the suite's time). Garbage that holds a frozen object waits for the module's end."""
    yield
    gc.collect()
    gc.freeze()
