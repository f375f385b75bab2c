"""Optimizers: the first two steps of each computed by hand on the bowl f = x^2 + y^2 (gradient 2p),
as on a homework sheet, from p0 = (1, -2), so g1 = (2, -4)."""
import math
import warnings

import numpy as np
import pytest

from core import optimizers, surfaces

BOWL = surfaces.get("bowl")
P0 = (1.0, -2.0)
EPS = 1e-8   # the default eps of RMSprop and Adam, kept in the hand formulas


def two_steps(spec):
    tr = optimizers.run(BOWL, optimizers.create(spec), [P0], 2)
    assert tr.status == ["ok"]
    return tr.path[1, 0], tr.path[2, 0]


def test_gd_by_hand():
    p1, p2 = two_steps("gd:lr=0.1")
    # p1 = p0 - 0.1 * (2, -4) = (0.8, -1.6); g2 = (1.6, -3.2); p2 = p1 - 0.1 * g2
    np.testing.assert_allclose(p1, [0.8, -1.6], rtol=1e-15)
    np.testing.assert_allclose(p2, [0.64, -1.28], rtol=1e-15)


def test_momentum_by_hand():
    p1, p2 = two_steps("momentum:lr=0.1,momentum=0.9")
    # b1 = g1 = (2, -4); p1 = (0.8, -1.6); g2 = (1.6, -3.2); b2 = 0.9*b1 + g2 = (3.4, -6.8); p2 = p1 - 0.1*b2
    np.testing.assert_allclose(p1, [0.8, -1.6], rtol=1e-15)
    np.testing.assert_allclose(p2, [0.46, -0.92], rtol=1e-14)


def test_nesterov_by_hand():
    p1, p2 = two_steps("nesterov:lr=0.1,momentum=0.9")
    # b1 = (2, -4); g1 + 0.9*b1 = (3.8, -7.6); p1 = (0.62, -1.24)
    # g2 = (1.24, -2.48); b2 = 0.9*b1 + g2 = (3.04, -6.08); g2 + 0.9*b2 = (3.976, -7.952); p2 = p1 - 0.1*that
    np.testing.assert_allclose(p1, [0.62, -1.24], rtol=1e-14)
    np.testing.assert_allclose(p2, [0.2224, -0.4448], rtol=1e-13)


def test_adagrad_by_hand():
    p1, p2 = two_steps("adagrad:lr=0.1,eps=1e-10")
    # s1 = g1^2 = (4, 16); p1 = p0 - 0.1 * g1/sqrt(s1) = (0.9, -1.9)
    # g2 = (1.8, -3.8); s2 = (4 + 3.24, 16 + 14.44) = (7.24, 30.44)
    np.testing.assert_allclose(p1, [0.9, -1.9], rtol=1e-9)
    np.testing.assert_allclose(p2, [0.9 - 0.1 * 1.8 / math.sqrt(7.24), -1.9 + 0.1 * 3.8 / math.sqrt(30.44)],
                               rtol=1e-9)
    assert p2 == pytest.approx([0.833103, -1.831125], abs=1e-6)


def test_rmsprop_by_hand():
    p1, p2 = two_steps("rmsprop:lr=0.01,alpha=0.99")
    # v1 = 0.01 * (4, 16) = (0.04, 0.16); sqrt = (0.2, 0.4); step = 0.01 * (2/0.2, -4/0.4) = (0.1, -0.1)
    # g2 = (1.8, -3.8); v2 = 0.99*v1 + 0.01*g2^2 = (0.072, 0.3028)
    np.testing.assert_allclose(p1, [1 - 0.01 * 2 / (0.2 + EPS), -2 + 0.01 * 4 / (0.4 + EPS)], rtol=1e-12)
    x1, y1 = p1
    np.testing.assert_allclose(p2, [x1 - 0.01 * 2 * x1 / (math.sqrt(0.99 * 0.04 + 0.01 * (2 * x1) ** 2) + EPS),
                                    y1 - 0.01 * 2 * y1 / (math.sqrt(0.99 * 0.16 + 0.01 * (2 * y1) ** 2) + EPS)],
                               rtol=1e-12)
    assert p2 == pytest.approx([0.832918, -1.830943], abs=1e-6)


def test_adam_by_hand():
    p1, p2 = two_steps("adam:lr=0.1")
    # m1 = 0.1*g1 = (0.2, -0.4); v1 = 0.001*g1^2 = (0.004, 0.016); m̂ = (2, -4); v̂ = (4, 16)
    # p1 = p0 - 0.1 * m̂/sqrt(v̂) = (0.9, -1.9): every coordinate moves by lr
    np.testing.assert_allclose(p1, [1 - 0.1 * 2 / (2 + EPS), -2 + 0.1 * 4 / (4 + EPS)], rtol=1e-12)
    # g2 = (1.8, -3.8); m2 = 0.9*m1 + 0.1*g2 = (0.36, -0.74); v2 = 0.999*v1 + 0.001*g2^2 = (0.007236, 0.030424)
    # m̂2 = m2/0.19, v̂2 = v2/0.001999
    m_hat = np.array([0.36, -0.74]) / 0.19
    v_hat = np.array([0.007236, 0.030424]) / (1 - 0.999**2)
    np.testing.assert_allclose(p2, np.array([0.9, -1.9]) - 0.1 * m_hat / np.sqrt(v_hat), rtol=1e-7)
    assert p2 == pytest.approx([0.800412, -1.800166], abs=1e-6)


def test_adam_without_bias_correction_by_hand():
    p1, _ = two_steps("adam:lr=0.1,bias_correction=false")
    # m1/sqrt(v1) = (0.2/sqrt(0.004), -0.4/sqrt(0.016)) = (3.1623, -3.1623): the first step is 3.16 lr, not lr
    expected = [1 - 0.1 * 0.2 / (math.sqrt(0.004) + EPS), -2 + 0.1 * 0.4 / (math.sqrt(0.016) + EPS)]
    np.testing.assert_allclose(p1, expected, rtol=1e-12)
    assert p1 == pytest.approx([0.683772, -1.683772], abs=1e-6)


@pytest.mark.parametrize("lr", [0.001, 0.01, 0.3])
def test_adams_first_step_moves_every_coordinate_by_lr(lr):
    rng = np.random.default_rng(1)
    starts = rng.uniform(-2, 2, (50, 2))
    tr = optimizers.run(surfaces.get("rosenbrock"), optimizers.create("adam", lr=lr), starts, 1)
    np.testing.assert_allclose(np.abs(tr.path[1] - tr.path[0]), lr, rtol=1e-6)


def test_gd_diverges_past_the_stability_bound_and_is_flagged_without_warnings():
    # bowl: lambda_max = 2, so GD is stable for lr < 2/2 = 1; with lr = 10, p <- -19 p grows until overflow
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        single = optimizers.run(BOWL, optimizers.create("gd:lr=10"), [P0], 400)
        batch = optimizers.run(BOWL, optimizers.create("gd:lr=10"), [P0, (0.5, 0.5), (0.0, 0.0)], 400)
    for tr in (single, batch):
        assert tr.status[0] == "diverged"
        k = int(tr.last_finite[0])
        assert 100 < k < 400
        assert np.isfinite(tr.path[: k + 1, 0]).all() and np.isfinite(tr.loss[: k + 1, 0]).all()
        assert np.isnan(tr.path[k + 1:, 0]).all() and np.isnan(tr.loss[k + 1:, 0]).all()
        np.testing.assert_allclose(tr.path[3, 0], np.array(P0) * (-19.0) ** 3)
    assert batch.status == ["diverged", "diverged", "ok"]    # the origin is a fixed point: it never moves
    assert single.last_finite[0] == batch.last_finite[0]


def test_leaving_the_function_domain_counts_as_diverged():
    s = surfaces.get("log(x) + y^2")
    tr = optimizers.run(s, optimizers.create("gd:lr=2"), [(0.5, 1.0), (1.0, 0.0)], 5)
    # from x=0.5: x <- 0.5 - 2*(1/0.5) = -3.5, where log is undefined
    assert tr.status[0] == "diverged" and tr.last_finite[0] == 0
    assert np.isnan(tr.path[1:, 0]).all()


@pytest.mark.parametrize("spec", ["gd:lr=0.05", "momentum:lr=0.05", "nesterov:lr=0.05", "adagrad:lr=0.5",
                                  "rmsprop:lr=0.05", "adam:lr=0.1", "adam:lr=0.1,bias_correction=false"])
def test_float_and_batched_drivers_agree(spec, monkeypatch):
    monkeypatch.setattr(optimizers, "_CHUNK", 3)       # exercise several chunks too
    s = surfaces.get("booth")
    starts = np.random.default_rng(2).uniform(-5, 5, (7, 2))
    batch = optimizers.run(s, optimizers.create(spec), starts, 200)
    for i, start in enumerate(starts):
        single = optimizers.run(s, optimizers.create(spec), start, 200)
        np.testing.assert_allclose(single.path[:, 0], batch.path[:, i], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(single.loss[:, 0], batch.loss[:, i], rtol=1e-12, atol=1e-12)


def test_trajectory_shapes_and_starts():
    tr = optimizers.run(BOWL, optimizers.create("gd"), [[1, 1], [2, 2], [3, 3]], 10)
    assert tr.path.shape == (11, 3, 2) and tr.loss.shape == (11, 3)
    np.testing.assert_array_equal(tr.path[0], [[1, 1], [2, 2], [3, 3]])
    np.testing.assert_allclose(tr.loss, BOWL.value(tr.path))
    assert tr.status == ["ok"] * 3 and list(tr.last_finite) == [10] * 3
    assert optimizers.run(BOWL, optimizers.create("gd"), [1, 1], 0).path.shape == (1, 1, 2)


def test_each_rule_converges_on_the_bowl():
    for name in optimizers.names():
        opt = optimizers.create(name, lr=0.05)
        tr = optimizers.run(BOWL, opt, [P0], 3000)
        assert np.linalg.norm(tr.path[-1, 0]) < 0.05, name


# --- specs and validation -----------------------------------------------------------------------------

def test_spec_parsing_defaults_and_round_trip():
    opt = optimizers.create("adam:lr=0.01, beta1=0.8")
    assert opt.params == {"lr": 0.01, "beta1": 0.8, "beta2": 0.999, "eps": 1e-8, "bias_correction": True}
    assert optimizers.create(opt.spec).params == opt.params
    assert optimizers.create("rmsprop", lr=0.5).params["lr"] == 0.5
    assert optimizers.create("adam:bias_correction=false").params["bias_correction"] is False
    assert opt.label == "Adam lr=0.01, β1=0.8, β2=0.999"
    assert optimizers.create("adam:bias_correction=off").label.endswith("bias correction off")
    assert optimizers.names() == ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]


def test_defaults_are_the_documented_ones():
    defaults = {n: {k: p.default for k, p in optimizers.parameters(n).items()} for n in optimizers.names()}
    assert defaults == {
        "gd": {"lr": 0.01}, "momentum": {"lr": 0.01, "momentum": 0.9}, "nesterov": {"lr": 0.01, "momentum": 0.9},
        "adagrad": {"lr": 0.1, "eps": 1e-10}, "rmsprop": {"lr": 0.01, "alpha": 0.99, "eps": 1e-8},
        "adam": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "bias_correction": True},
    }


@pytest.mark.parametrize("spec, words", [
    ("sgd2", "unknown optimizer 'sgd2'"),
    ("adam:lr=0", "lr"),
    ("adam:lr=-1", "lr"),
    ("gd:lr=abc", "lr"),
    ("gd:lr=nan", "lr"),
    ("momentum:momentum=1", "momentum"),
    ("momentum:momentum=-0.1", "momentum"),
    ("adam:beta1=1.0", "beta1"),
    ("adam:beta2=2", "beta2"),
    ("rmsprop:eps=0", "eps"),
    ("rmsprop:alpha=1", "alpha"),
    ("adam:gamma=3", "unknown parameter 'gamma'"),
    ("adam:lr", "param=value"),
    ("adam:bias_correction=maybe", "bias_correction"),
    ("", "optimizer spec"),
])
def test_bad_specs_name_the_parameter(spec, words):
    with pytest.raises(ValueError) as info:
        optimizers.create(spec)
    assert words in str(info.value)


def test_every_optimizer_documents_its_update_rule():
    for name in optimizers.names():
        doc = optimizers._BY_NAME[name].factory.__doc__
        assert "torch.optim" in doc and "p_t" in doc, name


# --- worked steps -------------------------------------------------------------------------------------

def test_trace_gives_every_quantity_of_adams_first_two_steps():
    steps = optimizers.trace(BOWL, optimizers.create("adam:lr=0.1"), P0, 2)
    s1, s2 = steps
    assert (s1.t, s2.t) == (1, 2)
    np.testing.assert_allclose(s1.grad, [2, -4])
    np.testing.assert_allclose(s1.quantities["m"], [0.2, -0.4])
    np.testing.assert_allclose(s1.quantities["v"], [0.004, 0.016])
    np.testing.assert_allclose(s1.quantities["m_hat"], [2, -4])
    np.testing.assert_allclose(s1.quantities["v_hat"], [4, 16])
    assert s1.quantities["bias1"] == pytest.approx(0.1) and s1.quantities["bias2"] == pytest.approx(0.001)
    np.testing.assert_allclose(s1.new_point, [0.9, -1.9])
    np.testing.assert_allclose(s2.quantities["m"], [0.36, -0.74])      # not overwritten by later steps
    np.testing.assert_allclose(s2.quantities["v"], [0.007236, 0.030424])
    assert s1.value == 5.0 and s1.new_value == pytest.approx(0.81 + 3.61)
    np.testing.assert_allclose(s2.point, s1.new_point)
