"""The session model: validation, signals only on real change, partial recomputation, scenes."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtCore

from app.model import Session
from core import optimizers, surfaces
from core.scene import MAX_STEPS, RunSpec, Scene


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


def test_a_moved_start_of_a_noisy_run_gets_the_noise_of_a_full_run(qtbot):
    specs = ["gd:lr=0.1,noise=0.3,seed=5", "adam:lr=0.1,noise=0.3,seed=6"]
    session = Session("bowl", specs, [(1.0, 2.0), (-2.0, 1.0), (0.5, 0.5)], 50)
    assert len(session.trajectories) == 2           # computed: the move then recomputes one column
    with qtbot.waitSignal(session.sigTrajectoriesChanged):
        session.set_start(1, (0.5, -1.5))
    full = Session("bowl", specs, [(1.0, 2.0), (0.5, -1.5), (0.5, 0.5)], 50)
    for a, b in zip(session.trajectories, full.trajectories, strict=True):
        np.testing.assert_array_equal(a.path, b.path)
    assert not np.array_equal(full.trajectories[0].path[:, 2], Session("bowl", specs[:1], [(0.5, 0.5)],
                                                                       50).trajectories[0].path[:, 0])


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
    with pytest.raises(ValueError, match="between 0 and 100000"):
        session.set_steps(-1)
    with pytest.raises(ValueError, match="between 0 and 100000"):
        session.set_steps(MAX_STEPS + 1)
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


def test_zero_steps_show_the_start_points(session):
    """0 steps, as the command line and scene files allow: each path is its start, and the playback is at 0."""
    session.set_steps(0)
    assert session.steps == 0 and session.iteration == 0
    for res in session.trajectories:
        np.testing.assert_array_equal(res.path, [[(1.0, 2.0), (-2.0, 1.0)]])
        np.testing.assert_array_equal(res.loss, [[5.0, 5.0]])
        assert res.status == ["ok", "ok"]
    session.set_iteration(3)
    assert session.iteration == 0
    assert Session.from_scene(Scene("bowl", [RunSpec("gd")], [(1.0, 2.0)], 0)).trajectories[0].path.shape == (1, 1, 2)


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


def _failing_for(optimizer, message="core exploded"):
    """optimizers.run, except that it raises for ``optimizer`` (a stand-in for a bug of the core)."""
    real = optimizers.run

    def run(surface, opt, starts, steps, **kwargs):
        if opt is optimizer:
            raise ZeroDivisionError(message)
        return real(surface, opt, starts, steps, **kwargs)
    return run


def test_a_core_error_fails_one_run_and_keeps_the_others(qtbot, session, monkeypatch):
    starts = np.array([(1.0, 2.0), (0.5, -1.5)])
    monkeypatch.setattr(optimizers, "run", _failing_for(session.runs[1].optimizer))
    with qtbot.waitSignal(session.sigComputationFailed) as failed:
        session.set_start(1, starts[1])
    assert "core exploded" in failed.args[0] and session.runs[1].optimizer.label in failed.args[0]
    monkeypatch.undo()
    good, bad = session.trajectories
    np.testing.assert_array_equal(good.path, optimizers.run(session.surface, session.runs[0].optimizer, starts,
                                                            50).path)
    assert good.error is None and bad.error == "core exploded"
    assert bad.path.shape == (51, 2, 2) and bad.status == ["diverged", "diverged"]
    np.testing.assert_array_equal(bad.path[0], starts)
    assert np.isnan(bad.path[1:]).all() and np.isnan(bad.loss[1:]).all()
    np.testing.assert_array_equal(bad.loss[0], [5.0, 2.5])
    np.testing.assert_array_equal(bad.last_finite, [0, 0])
    assert session.failed_runs() == [1] and session.diverged_runs() == []
    assert np.isnan(session.grad_norm(1)[1:]).all() and session.eigenvalues(1).shape == (51, 2, 2)

    with qtbot.assertNotEmitted(session.sigComputationFailed):     # the core works again: all recomputed
        with qtbot.waitSignal(session.sigTrajectoriesChanged):
            session.set_start(0, (1.5, 0.5))
    starts[0] = (1.5, 0.5)
    for run, res in zip(session.runs, session.trajectories, strict=True):
        assert res.error is None
        np.testing.assert_array_equal(res.path, optimizers.run(session.surface, run.optimizer, starts, 50).path)
    assert session.failed_runs() == []


def test_optimizer_settings_compare_exactly(session):
    """A change in the 7th digit is a change."""
    session.set_run_optimizer(1, "adam:lr=0.1,eps=1e-13")
    session.set_run_optimizer(1, optimizers.create("adam", lr=0.1000001, eps=1e-13))
    assert session.runs[1].optimizer.params["lr"] == 0.1000001


def test_the_failure_message_is_one_line_in_the_interface_language(qtbot, qapp, session, monkeypatch):
    """A core message (UserInputError) is translated, as everywhere in the GUI, through i18n.error_text."""
    from app import i18n
    from core.errors import UserInputError

    exc = UserInputError("Invalid {name} value: {value} (must be in {range})", name="eps", value="0",
                         range="(0, inf)")

    def run(*args, **kwargs):
        raise exc
    monkeypatch.setattr(optimizers, "run", run)
    saved_locale = QtCore.QLocale()
    i18n.install(qapp, "fa")
    try:
        with qtbot.waitSignal(session.sigComputationFailed) as failed:
            session.set_start(0, (0.5, 0.5))
        persian = i18n.error_text(exc)
    finally:
        i18n.install(qapp, "en")
        QtCore.QLocale.setDefault(saved_locale)
    assert persian != str(exc) and "نامعتبر" in persian                               # 'invalid'
    text = failed.args[0]
    assert text.count(persian) == 2 and "محاسبه نشد" in text and "\n" not in text      # both runs failed
    assert [res.error for res in session.trajectories] == [persian, persian]
