"""Smoke test of the window for the default (fast) run: one MainWindow for the module, a drag and a typed
surface, each recomputing every run. The window's full tests (marked slow) are in tests/test_app_*.py."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtCore
from qt_helpers import mouse_drag

from app.launch import DEFAULT_RUNS
from app.main_window import MainWindow
from app.model import Session
from core import optimizers, surfaces

STEPS = 200


@pytest.fixture(scope="module")
def window(qapp):
    w = MainWindow(Session("rosenbrock", DEFAULT_RUNS, [(-1.5, 2.0)], STEPS))
    w.resize(1200, 800)
    w.show()
    yield w
    w.close()
    w.deleteLater()
    qapp.processEvents()


def _assert_runs_follow(session, surface, start):
    for r, run in enumerate(session.runs):
        expected = optimizers.run(surface, run.optimizer, start, STEPS)
        np.testing.assert_array_equal(session.trajectories[r].path, expected.path)


def test_dragging_the_start_recomputes_every_run(qtbot, window):
    qtbot.waitExposed(window)
    view, session = window.surface_view, window.session
    x, y = session.starts[0]
    with qtbot.waitSignal(view.targets[0].sigPositionChangeFinished, timeout=3000):
        mouse_drag(view.viewport(), view.data_to_widget(x, y), view.data_to_widget(x + 0.5, y - 0.5))
    new = np.array(session.starts[0])
    assert new == pytest.approx((x + 0.5, y - 0.5), abs=0.05)
    _assert_runs_follow(session, surfaces.get("rosenbrock"), new)


def test_typing_a_surface_recomputes_every_run(qtbot, window):
    picker, session = window.surface_picker, window.session
    picker.formula.setText("x^2 + 3*y^2")
    qtbot.keyClick(picker.formula, QtCore.Qt.Key.Key_Return)
    assert not picker.message.isVisible()
    assert session.surface.formula == "x**2 + 3*y**2"
    _assert_runs_follow(session, session.surface, np.array(session.starts[0]))
    before = optimizers.run(surfaces.get("rosenbrock"), session.runs[0].optimizer, session.starts[0], STEPS)
    assert not np.array_equal(session.trajectories[0].path, before.path)      # really the new surface's
