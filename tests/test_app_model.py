"""The session model: validation, signals only on real change, partial recomputation, scenes."""
from __future__ import annotations

import numpy as np
import pytest

from app.model import Session
from core import optimizers, surfaces
from core.scene import RunSpec, Scene


@pytest.fixture
def session(qtbot):
    return Session("bowl", ["gd:lr=0.1", "adam:lr=0.1"], [(1.0, 2.0), (-2.0, 1.0)], 50)


def test_paths_are_optimizers_run_over_all_starts(session):
    bowl = surfaces.get("bowl")
    for run, res in zip(session.runs, session.trajectories, strict=True):
        expected = optimizers.run(bowl, run.optimizer, np.array([(1.0, 2.0), (-2.0, 1.0)]), 50)
        np.testing.assert_array_equal(res.path, expected.path)
    # GD with lr 0.1 on x^2 + y^2 multiplies the point by 0.8 per step
    np.testing.assert_allclose(session.trajectories[0].path[3, 0], np.array([1.0, 2.0]) * 0.8**3)


def test_moving_one_start_recomputes_only_its_column_and_matches_a_full_run(qtbot, session):
    other_before = session.trajectories[1].path[:, 0].copy()
    with qtbot.waitSignal(session.sigTrajectoriesChanged):
        session.set_start(1, (0.5, -1.5))
    full = Session("bowl", ["gd:lr=0.1", "adam:lr=0.1"], [(1.0, 2.0), (0.5, -1.5)], 50)
    for a, b in zip(session.trajectories, full.trajectories, strict=True):
        np.testing.assert_array_equal(a.path, b.path)
    np.testing.assert_array_equal(session.trajectories[1].path[:, 0], other_before)


def test_signals_only_on_real_change(qtbot, session):
    with qtbot.assertNotEmitted(session.sigStartsChanged):
        session.set_start(0, (1.0, 2.0))
    with qtbot.assertNotEmitted(session.sigIterationChanged):
        session.set_iteration(session.iteration)
        session.set_iteration(10_000)                  # clamped to steps, which it already is
    with qtbot.assertNotEmitted(session.sigRunsChanged):
        session.set_run_visible(0, True)
    with qtbot.waitSignal(session.sigIterationChanged) as blocker:
        session.set_iteration(7)
    assert blocker.args == [7]


def test_bad_input_changes_nothing(session):
    before = session.to_scene()
    with pytest.raises(ValueError):
        session.set_surface("x**2 +")
    with pytest.raises(ValueError, match="lr"):
        session.set_run_optimizer(0, "gd:lr=-1")
    with pytest.raises(ValueError):
        session.add_run("nosuch")
    with pytest.raises(ValueError):
        session.set_steps(0)
    with pytest.raises(ValueError):
        session.set_start(0, (np.nan, 1.0))
    with pytest.raises(ValueError):
        session.apply_scene(Scene("bowl", [RunSpec("adam:beta1=2")], [(0.0, 0.0)], 10))
    assert session.to_scene() == before


def test_last_start_cannot_be_removed(session):
    session.remove_start(0)
    assert session.starts == [(-2.0, 1.0)]
    assert session.trajectories[0].path.shape == (51, 1, 2)
    with pytest.raises(ValueError):
        session.remove_start(0)


def test_steps_keep_an_iteration_at_the_end(session):
    assert session.iteration == 50
    session.set_steps(80)
    assert session.iteration == 80 and session.trajectories[0].path.shape[0] == 81
    session.set_iteration(10)
    session.set_steps(5)
    assert session.iteration == 5


def test_scene_round_trip(qtbot, session):
    session.set_run_color(1, "#123456")
    session.set_run_visible(0, False)
    scene = session.to_scene(view=((-1.0, 1.0), (-2.0, 2.0)))
    other = Session.from_scene(scene)
    assert other.to_scene(view=((-1.0, 1.0), (-2.0, 2.0))) == scene
    fresh = Session()
    fresh.apply_scene(scene)
    assert fresh.to_scene(view=scene.view) == scene
    np.testing.assert_array_equal(fresh.trajectories[1].path, session.trajectories[1].path)


def test_surface_change_moves_starts_outside_the_new_domain(session):
    session.set_start(0, (9.0, 9.0))
    session.set_surface("saddle")
    (x0, x1), (y0, y1) = session.surface.domain
    assert all(x0 <= x <= x1 and y0 <= y <= y1 for x, y in session.starts)
    assert session.trajectories[0].path.shape[1] == len(session.starts)
