"""core.session: the session's rules without Qt (the window's Session applies them; see test_app_model)."""
import numpy as np
import pytest

from core import session, surfaces
from core.errors import UserInputError
from core.scene import MAX_STEPS
from core.trajectory import Trajectory


def test_default_start_is_a_known_good_one_or_up_left_in_the_domain():
    assert session.default_start(surfaces.get("himmelblau")) == (-0.5, -4.0)
    # a formula's own domain: 0.2 of the width from the left, 0.8 of the height from the bottom
    bowl = surfaces.get("x^2 + y^2", ((-5.0, 5.0), (0.0, 10.0)))
    assert session.default_start(bowl) == pytest.approx((-3.0, 8.0))


@pytest.mark.parametrize("call, message", [
    (lambda: session.check_point((1.0, float("nan"))), "A start point needs finite x and y."),
    (lambda: session.check_starts([]), "A start point needs finite x and y."),
    (lambda: session.check_can_remove_start(1), "At least one start point is needed."),
    (lambda: session.check_steps(MAX_STEPS + 1), f"Steps must be between 0 and {MAX_STEPS}."),
    (lambda: session.check_steps(-1), f"Steps must be between 0 and {MAX_STEPS}."),
    (lambda: session.check_domain(((1.0, 1.0), (0.0, 1.0))), "x: the minimum must be below the maximum, got [1, 1]"),
])
def test_bad_values_are_user_errors_with_one_line(call, message):
    with pytest.raises(UserInputError) as info:
        call()
    assert str(info.value) == message


def test_good_values_come_back_normalised():
    assert session.check_steps(0) == 0 and session.check_steps(12.0) == 12
    assert session.check_domain([(-1, 1), (2, 3)]) == ((-1.0, 1.0), (2.0, 3.0)) and session.check_domain(None) is None
    given = [[1, 2], [3, 4]]
    starts = session.check_starts(given)
    assert starts.dtype == float and starts.tolist() == given
    session.check_can_remove_start(2)


def test_starts_survive_a_new_surface_only_when_all_lie_in_its_domain():
    rosen = surfaces.get("rosenbrock")          # [-2, 2] x [-1, 3]
    kept, moved = session.starts_after_surface_change([(2.0, 3.0), (-2.0, -1.0)], rosen)   # the corners: inside
    assert not moved and kept.tolist() == [[2.0, 3.0], [-2.0, -1.0]]
    kept, moved = session.starts_after_surface_change([(0.0, 0.0), (2.5, 0.0)], rosen)
    assert moved and kept.tolist() == [[-1.5, 2.0]]


def test_stale_jobs_recompute_missing_and_failed_runs_whole_and_the_others_at_the_moved_starts():
    bowl = surfaces.get("bowl")
    ok = Trajectory(np.zeros((3, 2, 2)), np.zeros((3, 2)), ["ok", "ok"], np.array([2, 2]), bowl)
    failed = Trajectory.failed(bowl, [(0, 0), (1, 1)], 2, "boom")
    assert session.stale_jobs([None, ok, failed], {1}) == [(0, None), (1, [1]), (2, None)]
    assert session.stale_jobs([ok, ok], set()) == []
