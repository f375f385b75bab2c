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


LOGISTIC = "input x = 1\ninput y = 1\nparam w = 0\nparam b = 0\no = w*x + b\nloss L = softplus(o) - y*o"
LOG_SIGMOID = "input x = 1\ninput y = 1\nparam w = 0\nparam b = 0\nloss L = -y*log(sigmoid(w*x + b))"


def _logistic(text=LOGISTIC):
    return ModelSurface(parse(text), "w", "b", datasets.load(os.path.join(DATA, "logistic.csv")))


def _same_run(a, b):
    np.testing.assert_array_equal(a.trajectory.path, b.trajectory.path)
    np.testing.assert_array_equal(a.trajectory.loss, b.trajectory.loss)
    np.testing.assert_array_equal(a.batch_loss, b.batch_loss)
    assert a.trajectory.status == b.trajectory.status
    assert all(np.array_equal(x, y) for x, y in zip(a.batches, b.batches)) and a.epoch_starts == b.epoch_starts


@pytest.mark.parametrize("model", ["linear", "logistic"])
def test_run_many_equals_each_run_alone_bit_for_bit(surface, model, monkeypatch):
    s = surface if model == "linear" else _logistic()
    runs = [(optimizers.create("gd:lr=0.5"), 16, 0), (optimizers.create("momentum:lr=0.2,momentum=0.9"), 7, 3),
            (optimizers.create("nesterov:lr=0.2,momentum=0.9"), 0, None),
            (optimizers.create("rmsprop:lr=0.05,noise=0.2,seed=4"), 5, None),
            (optimizers.create("adam:lr=0.1"), 16, 9), (optimizers.create("gd:lr=1e5"), 3, 1)]  # the last diverges
    together = minibatch.run_many(s, runs, [1.5, -2.0], 120)
    for (opt, batch, seed), many in zip(runs, together):
        _same_run(many, minibatch.run(s, opt, [[1.5, -2.0]], 120, batch, seed=seed))
    assert together[4].trajectory.status == ["ok"] and together[5].trajectory.status == ["diverged"]
    if model == "logistic":                 # the rows gathered a few steps at a time: the same runs
        monkeypatch.setattr(minibatch, "WINDOW_ROWS", 100)
        for a, b in zip(minibatch.run_many(s, runs, [1.5, -2.0], 120), together):
            _same_run(a, b)


def test_lockstep_gradient_replayed_by_hand_on_logistic_regression():
    s = _logistic()
    opt = optimizers.create("momentum:lr=0.3,momentum=0.5")
    result = minibatch.run_many(s, [(optimizers.create("adam:lr=0.1"), 4, 2), (opt, 6, 7)], [0.5, -1.0], 40)[1]
    x, y = s.data.column("x"), s.data.column("y")
    p, buf = np.array([0.5, -1.0]), np.zeros(2)
    path = [p]
    for rows in result.batches:             # dL/do = sigmoid(o) - y, o = w x + b
        r = 1 / (1 + np.exp(-(p[0] * x[rows] + p[1]))) - y[rows]
        buf = 0.5 * buf + np.array([np.mean(r * x[rows]), np.mean(r)])
        p = p - 0.3 * buf
        path.append(p)
    np.testing.assert_allclose(result.trajectory.path[:, 0], path, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(result.trajectory.loss[:, 0], s.value(np.array(path)), rtol=1e-13)
    assert result.batch_loss[5, 0] == pytest.approx(float(s.batch_value(path[5], result.batches[5])), rel=1e-13)


@pytest.mark.parametrize("text", [LOGISTIC, LOG_SIGMOID])
def test_basin_paths_equal_the_full_runs_paths_and_statuses(text):
    s = _logistic(text)
    opt = optimizers.create("adam:lr=2,noise=0.5,seed=3")
    xs = np.linspace(-3, 3, 7)
    starts = np.stack(np.meshgrid(xs, xs), -1).reshape(-1, 2)
    full = minibatch.run(s, opt, starts, 60, 8, seed=5, indices=np.arange(10, 59))
    fast = minibatch.basin_paths(s, opt, starts, 60, 8, seed=5, indices=np.arange(10, 59))
    np.testing.assert_array_equal(fast.path, full.trajectory.path)
    assert fast.status == full.trajectory.status
    np.testing.assert_array_equal(fast.last_finite, full.trajectory.last_finite)
    last = full.trajectory.loss[full.trajectory.last_finite, np.arange(len(starts))]
    np.testing.assert_allclose(fast.final_loss, last, rtol=1e-14)
    # softplus(o) - y o is finite everywhere: proved, so no per-iterate loss; log(sigmoid) underflows to
    # log(0) far out, so every iterate is checked (and the statuses still agree)
    assert fast.checked_every_iterate == (text == LOG_SIGMOID)


def test_basin_paths_find_undefined_runs_as_the_full_run_does():
    s = ModelSurface(parse("input x = 1\nparam w = 0\nparam b = 0\nloss L = sqrt(w*x + b)"), "w", "b",
                     datasets.load(os.path.join(DATA, "logistic.csv")))
    opt = optimizers.create("gd:lr=0.5")
    starts = [[0.0, 5.0], [0.0, 0.5], [1.0, 9.0]]
    full = minibatch.run(s, opt, starts, 30, 4, seed=0)
    fast = minibatch.basin_paths(s, opt, starts, 30, 4, seed=0)
    assert "undefined" in full.trajectory.status
    assert fast.status == full.trajectory.status and fast.checked_every_iterate
    np.testing.assert_array_equal(fast.path, full.trajectory.path)


def test_schedules_are_shared_and_read_only():
    from core.batches import schedule

    a, b = schedule(50, 8, 30, seed=4), schedule(50, 8, 30, seed=4)
    assert a is b and schedule(50, 8, 30, seed=5) is not a
    with pytest.raises(ValueError):
        a.batches[0][0] = 3
