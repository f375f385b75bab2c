"""A long recomputation in the window: computed in chunks under a modal progress dialog with Cancel.

The thresholds are lowered (``PROGRESS_SECONDS``, ``SLICE_STARTS``) so that small requests take the long path
and are cut into several slices of starts: the results must be bit-identical to one unchunked computation,
Cancel must leave the previous scene and results exactly as they were, and a drag never opens the dialog.
"""
from __future__ import annotations

import contextlib

import numpy as np
import pytest
from PySide6 import QtCore, QtTest, QtWidgets
from qt_helpers import mouse_drag

from app import model
from app.main_window import MainWindow
from app.model import Session
from core.scene import Scene

pytestmark = pytest.mark.slow          # builds windows (tests/conftest.py: naming this file runs it)

# noisy runs: a start's noise depends on its index, so a wrongly indexed slice would give other paths
RUNS = ["gd:lr=0.001,noise=0.5,seed=3", "adam:lr=0.05,noise=0.2,seed=9", "momentum:lr=0.0005"]
STARTS = [(-1.5, 2.0), (1.2, -0.5), (0.3, 1.7), (-0.8, -0.9), (1.9, 2.5)]


@pytest.fixture
def window(qtbot, monkeypatch):
    monkeypatch.setattr(model, "PROGRESS_SECONDS", 0.0)     # every recomputation is "long" ...
    monkeypatch.setattr(model, "SLICE_STARTS", 2)           # ... and cut into slices of two starts
    monkeypatch.setattr(model, "CHUNK_SECONDS", 0.0)
    w = MainWindow(Session("rosenbrock", RUNS, STARTS, 100))
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def _watch(window, cancel_at=None):
    """Wrap ``session.progress``: record the dialog's visibility and the fractions; press its Cancel button
    (a real click) before the ``cancel_at``-th advance."""
    session = window.session
    real, seen = session.progress, {"visible": [], "fractions": []}

    @contextlib.contextmanager
    def watched():
        with real() as advance:
            shown = [d for d in window.findChildren(QtWidgets.QProgressDialog, "recomputeProgress") if d.isVisible()]
            assert len(shown) == 1                   # (an earlier, closed one may wait for its deletion)
            dialog = shown[0]

            def watched_advance(fraction):
                seen["visible"].append(dialog.isVisible() and dialog.isModal())
                seen["fractions"].append(fraction)
                if len(seen["fractions"]) == cancel_at:
                    button = dialog.findChild(QtWidgets.QPushButton)
                    QtTest.QTest.mouseClick(button, QtCore.Qt.MouseButton.LeftButton)
                return advance(fraction)
            yield watched_advance
    session.progress = watched
    return seen


def _state(session):
    return (session.surface_text, session.starts, session.steps, session.iteration,
            [r.optimizer.spec for r in session.runs], session.can_undo, session.can_redo)


def _arrays(results):
    return [(r.path.copy(), r.loss.copy(), list(r.status), r.last_finite.copy()) for r in results]


def _assert_equal(results, expected):
    assert len(results) == len(expected)
    for res, (path, loss, status, last) in zip(results, expected, strict=True):
        np.testing.assert_array_equal(res.path, path)
        np.testing.assert_array_equal(res.loss, loss)
        assert res.status == status
        np.testing.assert_array_equal(res.last_finite, last)


def test_a_long_recomputation_shows_the_dialog_and_equals_one_unchunked_computation(qtbot, window):
    session = window.session
    seen = _watch(window)
    with qtbot.waitSignal(session.sigTrajectoriesChanged, timeout=10000):
        session.set_steps(300)
    results = session.trajectories
    assert seen["visible"] and all(seen["visible"])
    assert len(seen["fractions"]) == len(RUNS) * 2                 # after each slice (3 and 2 of the 5 starts)
    assert seen["fractions"] == sorted(seen["fractions"]) and seen["fractions"][-1] == pytest.approx(1.0)
    assert not any(d.isVisible() for d in window.findChildren(QtWidgets.QProgressDialog, "recomputeProgress"))
    unchunked = Session("rosenbrock", RUNS, STARTS, 300)           # no window: no progress, one call per run
    assert unchunked.progress is None
    _assert_equal(results, _arrays(unchunked.trajectories))


def test_cancel_leaves_the_previous_scene_and_its_results_exactly_as_they_were(qtbot, window):
    session = window.session
    session.set_iteration(40)
    state, results = _state(session), _arrays(session.trajectories)
    objects = list(session.trajectories)
    seen = _watch(window, cancel_at=3)
    with qtbot.waitSignal(session.sigRecomputationCancelled, timeout=10000):
        session.set_steps(400)
        assert len(session.trajectories) == len(RUNS)
    assert len(seen["fractions"]) == 3                              # stopped at the first chance
    assert _state(session) == state
    assert list(session.trajectories) == objects                   # the very same results, untouched
    _assert_equal(session.trajectories, results)
    assert "cancel" in window.statusBar().currentMessage().lower()
    assert window.surface_view.grab() is not None
    # a whole scene: nothing of it is applied, and apply_scene says so
    seen = _watch(window, cancel_at=2)
    scene = Scene(surface="bowl", runs=session.to_scene().runs, starts=[(1.0, 1.0)], steps=250)
    assert session.apply_scene(scene) is False
    assert _state(session) == state
    _assert_equal(session.trajectories, results)
    # without Cancel the same change goes through
    seen = _watch(window)
    assert session.apply_scene(scene) is True
    assert (session.surface_text, session.steps, session.can_undo) == ("bowl", 250, True)
    assert len(seen["fractions"]) > 1


def test_a_drag_never_shows_the_dialog(qtbot, window):
    session, view = window.session, window.surface_view
    seen = _watch(window)
    with qtbot.waitSignal(view.targets[0].sigPositionChangeFinished, timeout=3000):
        mouse_drag(view.viewport(), view.data_to_widget(-1.5, 2.0), view.data_to_widget(-1.0, 1.5))
    assert session.starts[0] == pytest.approx((-1.0, 1.5), abs=0.05)
    assert len(session.trajectories) == len(RUNS)
    assert seen["fractions"] == []
    assert window.findChild(QtWidgets.QProgressDialog, "recomputeProgress") is None
