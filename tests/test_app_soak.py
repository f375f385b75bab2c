"""Soak: 2,000 animation frames, 500 drag moves and 200 surface switches in one window, without a crash or
growing memory (marked slow: `pytest -m slow`, run by .ci/run).

(PySide6 6.12.0 leaked a reference to None per void Qt call and died after a few hundred frames of
exactly this loop; see the shared PITFALLS.)
"""
from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtWidgets
from qt_helpers import mouse_move, mouse_press, mouse_release, rss_bytes

from app.launch import DEFAULT_RUNS
from app.main_window import MainWindow
from app.model import Session
from core import optimizers

pytestmark = pytest.mark.slow          # builds windows (tests/conftest.py: naming this file runs it)

FRAMES = 2000
MOVES = 500
WARM_FRAMES = 300
WARM_MOVES = 60
SWITCHES = 200
WARM_SWITCHES = 40
SURFACES = ("himmelblau", "x**2 - y**2 + 0.1*x*y", "rastrigin", "rosenbrock")
STEPS = 200
GROWTH_LIMIT = 40 * 2**20        # bytes; a leak per frame or per move would exceed it


def _frames(session, playback, count, start):
    for i in range(start, start + count):
        if i % STEPS == 0:
            session.set_iteration(0)
        playback.advance(1)
        QtWidgets.QApplication.processEvents()


def _moves(view, count, phase):
    viewport = view.viewport()
    xs = -1.5 + 0.5 * np.sin(np.linspace(phase, phase + 6 * np.pi, count))
    ys = 2.0 - 0.6 * (1 - np.cos(np.linspace(phase, phase + 4 * np.pi, count)))
    x, y = view.session.starts[0]
    mouse_press(viewport, view.data_to_widget(x, y))
    for px, py in zip(xs, ys, strict=True):
        mouse_move(viewport, view.data_to_widget(px, py))
        QtWidgets.QApplication.processEvents()
    mouse_release(viewport, view.data_to_widget(xs[-1], ys[-1]))
    QtWidgets.QApplication.processEvents()


def _switches(session, count, start):
    for i in range(start, start + count):
        session.set_surface(SURFACES[i % len(SURFACES)])
        QtWidgets.QApplication.processEvents()
    session.set_surface("rosenbrock")
    QtWidgets.QApplication.processEvents()


@pytest.mark.slow
def test_soak_animation_drags_and_surface_switches_keep_memory_flat(qtbot):
    session = Session("rosenbrock", DEFAULT_RUNS, [(-1.5, 2.0)], STEPS)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(900, 600)
    window.show()
    qtbot.waitExposed(window)
    view = window.surface_view

    _frames(session, window.playback, WARM_FRAMES, 0)
    _moves(view, WARM_MOVES, 0.0)
    _switches(session, WARM_SWITCHES, 0)
    before = rss_bytes()
    _frames(session, window.playback, FRAMES - WARM_FRAMES, WARM_FRAMES)
    _moves(view, MOVES - WARM_MOVES, 1.0)
    _switches(session, SWITCHES - WARM_SWITCHES, WARM_SWITCHES)
    after = rss_bytes()

    assert after - before < GROWTH_LIMIT, f"memory grew by {(after - before) / 2**20:.1f} MiB"
    start = np.array(session.starts[0])
    assert not np.allclose(start, (-1.5, 2.0))           # the drags really moved the start
    expected = optimizers.run(session.surface, session.runs[0].optimizer, start, STEPS)
    np.testing.assert_array_equal(session.trajectories[0].path, expected.path)
