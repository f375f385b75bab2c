"""The minibatch driver: each step's gradient is the mean over its batch, the update the optimizer's own rule."""
import os

import numpy as np
import pytest

from core import datasets, minibatch, optimizers
from core.graph import parse
from core.model_surface import ModelSurface
from resources import __file__ as _resources

DATA = os.path.join(os.path.dirname(_resources), "datasets")
LINEAR = "input x = 1\ninput y = 2\nparam w = 0\nparam b = 0\nyhat = w*x + b\nloss L = (yhat - y)^2"


@pytest.fixture(scope="module", params=["polynomial", "general"])
def surface(request):
    text = LINEAR if request.param == "polynomial" else LINEAR.replace("(yhat - y)^2", "abs(yhat - y)^2")
    return ModelSurface(parse(text), "w", "b", datasets.load(os.path.join(DATA, "linear_regression.csv")))


def _batch_grad(s, p, rows):
    """The minibatch gradient of linear regression's squared error, by hand."""
    x, y = s.data.column("x")[rows], s.data.column("y")[rows]
    r = p[0] * x + p[1] - y
    return np.array([2 * np.mean(r * x), 2 * np.mean(r)])


def test_sgd_with_momentum_replayed_by_hand_from_the_listed_batches(surface):
    result = minibatch.run(surface, optimizers.create("momentum:lr=0.02,momentum=0.9"), [[-1.0, 3.0]], 60, 8,
                           seed=5)
    assert [len(b) for b in result.batches[:7]] == [8, 8, 8, 8, 8, 8, 2]          # 50 rows: 6 of 8 and one of 2
    assert result.epoch_starts == [0, 7, 14, 21, 28, 35, 42, 49, 56]
    p, buf = np.array([-1.0, 3.0]), np.zeros(2)
    path = [p]
    for rows in result.batches:              # torch.optim.SGD(momentum=0.9): b <- 0.9 b + g; p <- p - lr b
        buf = 0.9 * buf + _batch_grad(surface, p, rows)
        p = p - 0.02 * buf
        path.append(p)
    np.testing.assert_allclose(result.trajectory.path[:, 0], path, rtol=1e-12, atol=1e-12)
    assert result.trajectory.status == ["ok"]
    np.testing.assert_allclose(result.trajectory.loss[:, 0], surface.value(np.array(path)), rtol=1e-13)
    for t in (0, 6, 59):                     # full batches and a short last one
        assert result.batch_loss[t, 0] == pytest.approx(float(surface.batch_value(path[t], result.batches[t])),
                                                        rel=1e-13)


def test_adam_with_noise_replayed_by_hand(surface):
    opt = optimizers.create("adam:lr=0.1,noise=0.3,seed=8")
    result = minibatch.run(surface, opt, [[2.0, -2.0]], 40, 5)
    noise = optimizers.gradient_noise(8, [0], 40, 0.3)[:, 0]
    p, m, v = np.array([2.0, -2.0]), np.zeros(2), np.zeros(2)
    path = [p]
    for t, rows in enumerate(result.batches, 1):
        g = _batch_grad(surface, p, rows) + noise[t - 1]
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        p = p - 0.1 * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
        path.append(p)
    np.testing.assert_allclose(result.trajectory.path[:, 0], path, rtol=1e-12, atol=1e-12)
    # the seed of the spec shuffles the rows too
    assert all(np.array_equal(a, b) for a, b in zip(result.batches, minibatch.run(
        surface, opt, [[0.0, 0.0]], 40, 5, seed=8).batches))


def test_nesterov_in_the_lookahead_form_takes_the_batch_gradient_at_the_lookahead_point(surface):
    opt = optimizers.create("nesterov:lr=0.02,momentum=0.8,convention=lookahead")
    result = minibatch.run(surface, opt, [[0.0, 0.0]], 30, 4, seed=1)
    p, vel = np.zeros(2), np.zeros(2)
    path = [p]
    for rows in result.batches:
        vel = 0.8 * vel - 0.02 * _batch_grad(surface, p + 0.8 * vel, rows)
        p = p + vel
        path.append(p)
    np.testing.assert_allclose(result.trajectory.path[:, 0], path, rtol=1e-12, atol=1e-12)


def test_batch_zero_is_full_batch_gradient_descent_as_the_ordinary_driver(surface):
    opt = optimizers.create("rmsprop:lr=0.05")
    starts = [[-2.0, 1.0], [1.0, 1.0]]
    full = optimizers.run(surface, opt, starts, 80)
    result = minibatch.run(surface, opt, starts, 80, 0)
    np.testing.assert_allclose(result.trajectory.path, full.path, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(result.trajectory.loss, full.loss, rtol=1e-12)


def test_many_starts_share_the_batches_and_match_single_runs(surface):
    opt = optimizers.create("gd:lr=0.03")
    starts = [[-2.0, 1.0], [1.0, 1.0], [0.0, 4.0]]
    together = minibatch.run(surface, opt, starts, 50, 7, seed=2)
    for j, start in enumerate(starts):
        alone = minibatch.run(surface, opt, [start], 50, 7, seed=2)
        np.testing.assert_allclose(together.trajectory.path[:, j], alone.trajectory.path[:, 0], rtol=1e-13)
        np.testing.assert_allclose(together.batch_loss[:, j], alone.batch_loss[:, 0], rtol=1e-13, atol=1e-13)


def test_a_diverging_run_ends_by_the_drivers_rule(surface):
    opt = optimizers.create("gd:lr=5")
    result = minibatch.run(surface, opt, [[1.0, 1.0]], 200, 10, seed=0)
    full = optimizers.run(surface, opt, [[1.0, 1.0]], 200)
    assert result.trajectory.status == full.status == ["diverged"]
    last = int(result.trajectory.last_finite[0])
    _, half = optimizers.divergence_box(surface, [[1.0, 1.0]])
    assert np.isnan(result.trajectory.path[last + 1:]).all() and np.isnan(result.batch_loss[last:]).all()
    assert np.abs(result.trajectory.path[last, 0]).max() <= half[0]
