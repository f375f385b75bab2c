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
    # bowl: lambda_max = 2, so GD is stable for lr < 2/2 = 1; with lr = 10, p <- -19 p. The divergence box is
    # centred on the domain [-3, 3]^2, 1000 times its half-width 3: |x| or |y| > 3000. From (1, -2), y = -2 (-19)^k
    # is 1444 after 2 steps and 27436 after 3: step 3 left the box, the path keeps iterates 0..2.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        single = optimizers.run(BOWL, optimizers.create("gd:lr=10"), [P0], 400)
        batch = optimizers.run(BOWL, optimizers.create("gd:lr=10"), [P0, (0.5, 0.5), (0.0, 0.0)], 400)
    for tr in (single, batch):
        assert tr.status[0] == "diverged" and tr.last_finite[0] == 2
        np.testing.assert_allclose(tr.path[2, 0], np.array(P0) * (-19.0) ** 2)
        assert np.isnan(tr.path[3:, 0]).all() and np.isnan(tr.loss[3:, 0]).all()
    # from (0.5, 0.5): 0.5 * 19^3 = 3429.5 > 3000 also at step 3
    assert batch.status == ["diverged", "diverged", "ok"]    # the origin is a fixed point: it never moves
    assert batch.last_finite.tolist() == [2, 2, 400]


def test_gd_at_1_1_times_its_stability_bound_is_flagged_long_before_overflow():
    # 0.5 (3x^2 + 0.4y^2): lambda_max = 3, bound 2/3; lr = 1.1 * 2/3 multiplies x by 1 - 3 lr = -1.2 per step
    # (it used to end near 1.5e79 after 1000 steps with status "ok"). Box: |x| <= 3000 on [-3, 3]^2.
    s = surfaces.get("0.5*(3*x**2 + 0.4*y**2)")
    lr = 1.1 * 2 / 3
    first_out = next(k for k in range(1000) if 1.2**k > 3000)          # x_k = (-1.2)^k from x = 1: k = 44
    for tr in (optimizers.run(s, optimizers.create("gd", lr=lr), [(1.0, 1.0)], 1000),
               optimizers.run(s, optimizers.create("gd", lr=lr), [(1.0, 1.0), (0.0, 1.0)], 1000)):
        assert tr.status[0] == "diverged" and tr.last_finite[0] == first_out - 1 == 43
        assert abs(tr.path[43, 0, 0]) == pytest.approx(1.2**43) and abs(tr.path[43, 0, 0]) < 3000
        assert np.isnan(tr.path[44:, 0]).all()
    assert tr.status[1] == "ok"            # from (0, 1) x stays 0 and y shrinks by 1 - 0.4 lr: converges


def test_divergence_box_scales_with_the_domain_and_a_far_start():
    centre, half = optimizers.divergence_box(surfaces.get("ravine"), [(0.0, 0.0), (-50.0, 3.0)])
    assert centre.tolist() == [0.0, 0.0] and half.tolist() == [10_000.0, 50_000.0]   # domain (-10,10) x (-5,5)
    # a run started far outside the domain is not "diverged" for being there: GD on the bowl from (1e5, 0)
    tr = optimizers.run(BOWL, optimizers.create("gd:lr=0.1"), [(1e5, 0.0)], 200)
    assert tr.status == ["ok"] and abs(tr.path[-1, 0, 0]) < 1e-10


def test_converging_runs_on_every_builtin_and_preset_are_not_flagged():
    # The course's optimizers at their defaults and at the learning rates of the presets, from the default
    # start, on every built-in: whatever stays finite for 2000 steps without the box also stays "ok" with it,
    # unless it really went away (more than 1e6 half-widths: far past the box).
    from pathlib import Path

    from core import scene as scene_io

    cases = []
    for name in surfaces.names():
        (x0, x1), (y0, y1) = surfaces.get(name).domain
        for start in ((x0 + 0.2 * (x1 - x0), y0 + 0.8 * (y1 - y0)), (x0 + 0.9 * (x1 - x0), y0 + 0.3 * (y1 - y0))):
            cases += [(name, spec, start) for spec in ("gd", "momentum", "nesterov", "rmsprop", "adam",
                                                        "adam:lr=0.05", "rmsprop:lr=0.05", "momentum:lr=0.001")]
    for path in sorted((Path(__file__).parents[1] / "resources" / "presets").glob("*.json")):
        sc = scene_io.load(path)
        if sc.model is None:            # the built-in and formula surfaces (models on data: test_models_cli)
            cases += [(sc.surface, run.optimizer, tuple(st)) for run in sc.runs for st in sc.starts]
    assert len(cases) > 250
    wide = 1e12
    for name, spec, start in cases:
        s = surfaces.get(name)
        tr = optimizers.run(s, optimizers.create(spec), [start], 2000)
        if tr.status == ["ok"]:
            continue
        original = optimizers.DIVERGENCE_FACTOR
        try:
            optimizers.DIVERGENCE_FACTOR = wide
            free = optimizers.run(s, optimizers.create(spec), [start], 2000)
        finally:
            optimizers.DIVERGENCE_FACTOR = original
        far = np.nanmax(np.abs(free.path[:, 0] - optimizers.divergence_box(s, [start])[0]))
        assert free.status != ["ok"] or far > 1e6 * max(abs(np.subtract(*r)) for r in s.domain), (name, spec, tr.status)


def test_a_step_to_where_f_is_undefined_keeps_that_iterate_with_its_own_status():
    # gd lr=1 on log(x) + y^2 from (0.5, 1): x <- 0.5 - 1/0.5 = -1.5, y <- 1 - 2 = -1: log(-1.5) is undefined
    s = surfaces.get("log(x) + y^2")
    for tr in (optimizers.run(s, optimizers.create("gd:lr=1"), [(0.5, 1.0)], 5),
               optimizers.run(s, optimizers.create("gd:lr=1"), [(0.5, 1.0), (3.0, 0.0)], 5)):
        assert tr.status[0] == "undefined" and tr.last_finite[0] == 1
        assert tr.path[1, 0].tolist() == [-1.5, -1.0] and np.isnan(tr.loss[1, 0])
        assert tr.loss[0, 0] == pytest.approx(math.log(0.5) + 1)
        assert np.isnan(tr.path[2:, 0]).all()
    assert tr.status[1] == "ok"       # x: 3, 2.67, 2.29, 1.86, 1.32, 0.56
    # an undefined start: the start is kept, with the same status
    tr = optimizers.run(s, optimizers.create("gd"), [(-1.0, 0.0)], 5)
    assert tr.status == ["undefined"] and tr.last_finite.tolist() == [0] and tr.path[0, 0].tolist() == [-1.0, 0.0]


def test_trace_stops_where_run_does():
    s = surfaces.get("0.5*(3*x**2 + 0.4*y**2)")
    records = optimizers.trace(s, optimizers.create("gd", lr=1.1 * 2 / 3), (1.0, 1.0), 1000)
    assert len(records) == 44 and abs(records[-1].new_point[0]) > 3000 > abs(records[-1].point[0])
    records = optimizers.trace(surfaces.get("log(x) + y^2"), optimizers.create("gd:lr=1"), (0.5, 1.0), 5)
    assert len(records) == 1 and records[0].new_point.tolist() == [-1.5, -1.0] and math.isnan(records[0].new_value)


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
        opt = optimizers.create(name, lr=1.0 if name == "adadelta" else 0.05)
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
    assert opt.describe_parts(every=True) == ["lr=0.01", "β1=0.8", "β2=0.999", "ε=1e-08", "bias correction on"]
    assert optimizers.create("rmsprop:convention=optax").describe(every=True) == \
        "RMSprop lr=0.01, α=0.99, ε=1e-08, optax form"
    assert optimizers.names() == ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "amsgrad",
                                  "nadam", "adadelta", "adamax", "qhm", "qhadam"]


@pytest.mark.parametrize("value", [0.1, 1e-8, 0.00123456789, 1 / 3, 0.1234561, 2.5e-300, 1e20, 1.0, 4.0])
def test_spec_stores_every_float_exactly(value):
    opt = optimizers.create("momentum", lr=value)
    assert optimizers.create(opt.spec).params["lr"] == value          # the same float, bit for bit
    assert opt.spec.split(",")[0] == f"momentum:lr={optimizers.exact_value(value)}"
    assert optimizers.create(f"momentum:lr={value!r}").spec == opt.spec


def test_spec_text_and_labels():
    opt = optimizers.create("momentum:lr=0.00123456789")
    assert opt.spec == "momentum:lr=0.00123456789,momentum=0.9,convention=pytorch"
    assert opt.label == "Momentum lr=0.00123457, μ=0.9"                 # legends stay short
    assert optimizers.create("adam").spec == "adam:lr=0.001,beta1=0.9,beta2=0.999,eps=1e-08,bias_correction=true"
    assert optimizers.create("adadelta").spec == "adadelta:lr=1,rho=0.9,eps=1e-06"
    assert optimizers.create("gd", lr=1 / 3).spec == "gd:lr=0.3333333333333333"
    # a change in the 7th digit is a change of spec (the GUI compares specs to skip a no-op edit)
    assert optimizers.create("gd:lr=0.1234561").spec != optimizers.create("gd:lr=0.1234564").spec
    noisy = optimizers.create("gd:lr=0.1,noise=0.5,seed=4294967295")
    assert noisy.spec == "gd:lr=0.1,noise=0.5,seed=4294967295"
    assert noisy.label == "GD lr=0.1, noise σ=0.5, seed=4294967295"


@pytest.mark.parametrize("spec, message", [
    ("gd:seed=1e11,noise=1", "Invalid seed value: 100000000000 (must be in [0, 4294967295])"),
    ("adam:beta1=1.0", "Invalid beta1 value: 1 (must be in [0, 1))"),
    ("adam:beta2=1.00000001", "Invalid beta2 value: 1.00000001 (must be in [0, 1))"),
    ("gd:lr=-1.5e-7", "Invalid lr value: -1.5e-07 (must be in (0, inf))"),
    ("qhm:nu=1.0000001", "Invalid nu value: 1.0000001 (must be in [0, 1])"),
])
def test_range_messages_print_numbers_in_full(spec, message):
    with pytest.raises(ValueError) as info:
        optimizers.create(spec)
    assert str(info.value) == message


def test_defaults_are_the_documented_ones():
    defaults = {n: {k: p.default for k, p in optimizers.parameters(n).items() if k not in ("noise", "seed", "batch")}
                for n in optimizers.MISSION + ("adagrad",)}
    off = {"weight_decay": 0.0, "maximize": False}       # torch's options, off by default as in torch
    assert defaults == {
        "gd": {"lr": 0.01, **off},
        "momentum": {"lr": 0.01, "momentum": 0.9, "dampening": 0.0, **off, "convention": "pytorch"},
        "nesterov": {"lr": 0.01, "momentum": 0.9, "dampening": 0.0, **off, "convention": "pytorch"},
        "adagrad": {"lr": 0.1, "lr_decay": 0.0, "weight_decay": 0.0, "initial_accumulator_value": 0.0, "eps": 1e-10,
                    "maximize": False},
        "rmsprop": {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0, "momentum": 0.0, "centered": False,
                    "maximize": False, "convention": "pytorch"},
        "adam": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "bias_correction": True, **off},
    }
    assert all(optimizers.parameters(n)["noise"].default == 0.0 for n in optimizers.names())


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
    ("adam:gamma=3", "'gamma' is a parameter of the step / exponential schedule; this spec has schedule=none"),
    ("adam:delta=3", "unknown parameter 'delta'"),
    ("adam:lr", "param=value"),
    ("adam:bias_correction=maybe", "bias_correction"),
    ("", "optimizer spec"),
    ("nesterov:convention=sideways", "convention"),
    ("gd:seed=1.5", "seed"),
    ("gd:noise=-1", "noise"),
    ("qhm:nu=1.5", "nu"),
    ("adamw:weight_decay=-0.1", "weight_decay"),
])
def test_bad_specs_name_the_parameter(spec, words):
    with pytest.raises(ValueError) as info:
        optimizers.create(spec)
    assert words in str(info.value)


def test_every_optimizer_documents_its_update_rule():
    for name in optimizers.names():
        doc = optimizers._BY_NAME[name].factory.__doc__
        assert ("torch.optim" in doc or "qhoptim" in doc) and "p_t" in doc, name
        assert optimizers.create(name).rule


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


# --- the optimizers beyond the mission's five, by hand on the bowl from p0 = (1, -2), g1 = (2, -4) ----------

def test_adamw_by_hand():
    p1, _ = two_steps("adamw:lr=0.1,weight_decay=0.1")
    # Adam's step (0.1 per coordinate) plus the decoupled decay lr*lambda*p0 = 0.01*(1, -2)
    np.testing.assert_allclose(p1, [1 - 0.1 * 2 / (2 + EPS) - 0.01, -2 + 0.1 * 4 / (4 + EPS) + 0.02], rtol=1e-12)
    assert p1 == pytest.approx([0.89, -1.88], abs=1e-7)


def test_amsgrad_keeps_the_largest_v_by_hand():
    # start (10, 0), lr 5, beta2 0.5: g1 = 20, m1 = 2, v1 = 200; m̂ = 20, v̂ = 400 -> p1 = 10 - 5 = 5
    # g2 = 10: m2 = 2.8, v2 = 0.5*200 + 0.5*100 = 150 < v_max = 200, which stays in the denominator
    tr = optimizers.run(BOWL, optimizers.create("amsgrad:lr=5,beta2=0.5"), [(10.0, 0.0)], 2)
    p1 = tr.path[1, 0, 0]                          # 5 up to eps
    p2_expected = p1 - (5 / 0.19) * (0.9 * 2 + 0.1 * 2 * p1) / (math.sqrt(200) / math.sqrt(0.75) + EPS)
    assert p1 == pytest.approx(5.0, rel=1e-9)
    assert tr.path[2, 0, 0] == pytest.approx(p2_expected, rel=1e-12)
    assert p2_expected == pytest.approx(0.487782, abs=1e-6)
    adam = optimizers.run(BOWL, optimizers.create("adam:lr=5,beta2=0.5"), [(10.0, 0.0)], 2)
    q1 = adam.path[1, 0, 0]
    v2 = 0.5 * 200 + 0.5 * (2 * q1) ** 2          # 150 up to eps: plain Adam lets the denominator shrink
    q2_expected = q1 - (5 / 0.19) * (0.9 * 2 + 0.1 * 2 * q1) / (math.sqrt(v2) / math.sqrt(0.75) + EPS)
    assert adam.path[2, 0, 0] == pytest.approx(q2_expected, rel=1e-12)
    assert q2_expected == pytest.approx(-0.210260, abs=1e-6)


def test_nadam_first_step_by_hand():
    p1, _ = two_steps("nadam:lr=0.1")
    mu1 = 0.9 * (1 - 0.5 * 0.96 ** (1 * 0.004))
    mu2 = 0.9 * (1 - 0.5 * 0.96 ** (2 * 0.004))
    # m1 = 0.1 g, v1 = 0.001 g^2, sqrt(v1 / (1 - 0.999)) = |g|
    # step = lr * ((1 - mu1)/(1 - mu1) * g/|g| + mu2 * 0.1 * g / ((1 - mu1 mu2) |g|))
    size = 0.1 * (1 + mu2 * 0.1 / (1 - mu1 * mu2))
    np.testing.assert_allclose(p1, [1 - size, -2 + size], rtol=1e-7)


def test_adadelta_by_hand():
    p1, p2 = two_steps("adadelta:lr=1,rho=0.9,eps=1e-6")
    # v1 = 0.1 g^2 = (0.4, 1.6); delta = sqrt(0 + eps)/sqrt(v1 + eps) * g; u1 = 0.1 delta^2
    d1 = np.array([math.sqrt(1e-6) / math.sqrt(0.4 + 1e-6) * 2, -math.sqrt(1e-6) / math.sqrt(1.6 + 1e-6) * 4])
    np.testing.assert_allclose(p1, np.array([1.0, -2.0]) - d1, rtol=1e-12)
    assert d1[0] == pytest.approx(0.00316227, abs=1e-8)
    g2 = 2 * p1
    v2 = 0.9 * np.array([0.4, 1.6]) + 0.1 * g2**2
    d2 = np.sqrt(0.1 * d1**2 + 1e-6) / np.sqrt(v2 + 1e-6) * g2
    np.testing.assert_allclose(p2, p1 - d2, rtol=1e-12)


def test_adamax_by_hand():
    p1, p2 = two_steps("adamax:lr=0.1")
    # m1 = 0.1 g = (0.2, -0.4); u1 = |g| + eps = (2, 4); p1 = p0 - (0.1/0.1) * m1/u1 = (0.9, -1.9)
    np.testing.assert_allclose(p1, [1 - 0.2 / (2 + EPS), -2 + 0.4 / (4 + EPS)], rtol=1e-12)
    # g2 = (1.8, -3.8); m2 = (0.36, -0.74); u2 = max(0.999 u1, |g2| + eps) = (1.998, 3.996)
    m2 = 0.9 * np.array([0.2, -0.4]) + 0.1 * (2 * p1)
    np.testing.assert_allclose(p2, p1 - (0.1 / 0.19) * m2 / (0.999 * (np.array([2, 4]) + EPS)), rtol=1e-12)
    assert p2 == pytest.approx([0.805168, -1.802534], abs=1e-6)


def test_qhm_by_hand():
    p1, p2 = two_steps("qhm:lr=0.1,momentum=0.9,nu=0.7")
    # b1 = 0.1 g1 = (0.2, -0.4); direction = 0.3 g1 + 0.7 b1 = (0.74, -1.48); p1 = (0.926, -1.852)
    np.testing.assert_allclose(p1, [0.926, -1.852], rtol=1e-14)
    # g2 = (1.852, -3.704); b2 = 0.9 b1 + 0.1 g2 = (0.3652, -0.7304); direction = (0.81124, -1.62248)
    np.testing.assert_allclose(p2, [0.844876, -1.689752], rtol=1e-13)


def test_qhadam_by_hand():
    p1, p2 = two_steps("qhadam:lr=0.1,beta1=0.9,beta2=0.999,nu1=0.7,nu2=1")
    # t=1: m̂ = g, v̂ = g^2, so the numerator 0.3 g + 0.7 m̂ = g and the step is lr per coordinate, like Adam
    np.testing.assert_allclose(p1, [1 - 0.1 * 2 / (2 + EPS), -2 + 0.1 * 4 / (4 + EPS)], rtol=1e-12)
    m_hat = np.array([0.36, -0.74]) / 0.19
    v_hat = np.array([0.007236, 0.030424]) / (1 - 0.999**2)
    g2 = np.array([1.8, -3.8])
    np.testing.assert_allclose(p2, p1 - 0.1 * (0.3 * g2 + 0.7 * m_hat) / np.sqrt(v_hat), rtol=1e-7)
    assert p2[0] == pytest.approx(0.801907, abs=1e-6)


def test_labels_use_the_symbols_of_the_rule():
    qhm = optimizers.create("qhm")
    assert qhm.label == "QHM lr=0.01, β=0.999, ν=0.7" and "β·b + (1−β)·g" in qhm.rule and "μ" not in qhm.rule
    qhadam = optimizers.create("qhadam")
    assert qhadam.label == "QHAdam lr=0.001, β1=0.995, β2=0.999, ν1=0.7, ν2=1"
    assert all(sym in qhadam.rule for sym in ("β1", "β2", "ν1", "ν2", "ε"))
    assert optimizers.create("momentum").label == "Momentum lr=0.01, μ=0.9" and "μ·b" in optimizers.create(
        "momentum").rule
    # every symbol of every label appears in its rule (or in Adam's, for the rules written "as Adam")
    for name in optimizers.names():
        opt = optimizers.create(name)
        rule = opt.rule + (optimizers.create("adam").rule if "Adam" in opt.rule else "")
        for part in opt.describe_parts(every=True):
            symbol, eq, _ = part.partition("=")
            if eq and symbol not in ("lr", "noise σ", "seed"):
                assert symbol in rule, (name, symbol)


def test_qhm_with_nu_zero_is_gd_and_qhadam_with_nu_one_is_adam():
    s = surfaces.get("himmelblau")
    for a, b in [("qhm:lr=0.01,nu=0", "gd:lr=0.01"), ("qhadam:lr=0.05,nu1=1,nu2=1,beta1=0.9", "adam:lr=0.05")]:
        pa = optimizers.run(s, optimizers.create(a), [(0.5, 0.5)], 100).path
        pb = optimizers.run(s, optimizers.create(b), [(0.5, 0.5)], 100).path
        np.testing.assert_allclose(pa, pb, rtol=1e-10, atol=1e-12)


# --- conventions ----------------------------------------------------------------------------------------------

def test_momentum_lookahead_form_gives_the_same_path_at_constant_lr():
    s = surfaces.get("ravine")
    a = optimizers.run(s, optimizers.create("momentum:lr=0.05"), [(-9.0, 3.0)], 200).path
    b = optimizers.run(s, optimizers.create("momentum:lr=0.05,convention=lookahead"), [(-9.0, 3.0)], 200).path
    np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


def test_nesterov_lookahead_form_by_hand():
    p1, p2 = two_steps("nesterov:lr=0.1,momentum=0.9,convention=lookahead")
    # v1 = -0.1 * g(p0) = (-0.2, 0.4); p1 = (0.8, -1.6)
    # gradient at the look-ahead point p1 + 0.9 v1 = (0.62, -1.24): (1.24, -2.48)
    # v2 = 0.9 v1 - 0.1 (1.24, -2.48) = (-0.304, 0.608); p2 = (0.496, -0.992)
    np.testing.assert_allclose(p1, [0.8, -1.6], rtol=1e-14)
    np.testing.assert_allclose(p2, [0.496, -0.992], rtol=1e-14)
    # PyTorch's iterate is the look-ahead point: its p1 is (0.62, -1.24) = p1 + mu v1
    torch_p1, _ = two_steps("nesterov:lr=0.1,momentum=0.9")
    np.testing.assert_allclose(torch_p1, [0.62, -1.24], rtol=1e-14)


def test_nesterov_lookahead_batched_and_traced_agree():
    opt = optimizers.create("nesterov:lr=0.01,convention=lookahead")
    s = surfaces.get("himmelblau")
    batch = optimizers.run(s, opt, [(0.5, 0.5), (-1.0, 2.0)], 50).path[:, 0]
    single = optimizers.run(s, opt, [(0.5, 0.5)], 50).path[:, 0]
    traced = [r.new_point for r in optimizers.trace(s, opt, (0.5, 0.5), 50)]
    np.testing.assert_allclose(batch, single, rtol=1e-12)
    np.testing.assert_allclose(traced, single[1:], rtol=1e-12)


def test_rmsprop_optax_convention_puts_eps_inside_the_root():
    p1, _ = two_steps("rmsprop:lr=0.01,eps=0.01,convention=optax")
    np.testing.assert_allclose(p1, [1 - 0.01 * 2 / math.sqrt(0.04 + 0.01), -2 + 0.01 * 4 / math.sqrt(0.16 + 0.01)],
                               rtol=1e-14)
    q1, _ = two_steps("rmsprop:lr=0.01,eps=0.01")
    np.testing.assert_allclose(q1, [1 - 0.01 * 2 / (0.2 + 0.01), -2 + 0.01 * 4 / (0.4 + 0.01)], rtol=1e-14)


# --- noisy gradients ------------------------------------------------------------------------------------------

def _reference_draw(seed, index, step):
    """The documented construction of core.optimizers.gradient_noise, on Python integers and floats."""
    mask, gamma = 2**64 - 1, 0x9E3779B97F4A7C15

    def mix(z):
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        return z ^ (z >> 31)

    key = mix((mix((seed + gamma) & mask) + (index + 1) * gamma) & mask)
    word = mix(key ^ mix(((step + 1) * gamma) & mask))
    r = math.sqrt(-2 * math.log(1 - (word >> 23) / 2**41))
    angle = 2 * math.pi * (word & 0x7FFFFF) / 2**23
    return r * math.cos(angle), r * math.sin(angle)


def test_noise_is_reproducible_by_seed_and_matches_the_trace():
    s = surfaces.get("saddle")
    noisy = optimizers.create("gd:lr=0.1,noise=0.5,seed=7")
    a = optimizers.run(s, noisy, [(1.0, 0.0)], 30).path
    b = optimizers.run(s, noisy, [(1.0, 0.0)], 30).path
    c = optimizers.run(s, optimizers.create("gd:lr=0.1,noise=0.5,seed=8"), [(1.0, 0.0)], 30).path
    plain = optimizers.run(s, optimizers.create("gd:lr=0.1"), [(1.0, 0.0)], 30).path
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)
    # without noise GD stays on the saddle's stable axis y = 0 forever; noise shakes it off
    assert np.all(plain[:, 0, 1] == 0.0) and abs(a[-1, 0, 1]) > 0.1
    # the first noisy step by hand: g = (2, 0) + 0.5 * z, z the documented draw of (seed 7, start 0, step 0)
    z = np.array(_reference_draw(7, 0, 0))
    np.testing.assert_allclose(a[1, 0], np.array([1.0, 0.0]) - 0.1 * (np.array([2.0, 0.0]) + 0.5 * z), atol=1e-7)
    traced = optimizers.trace(s, noisy, (1.0, 0.0), 30)
    np.testing.assert_array_equal([r.new_point for r in traced], a[1:, 0])
    np.testing.assert_allclose(traced[0].quantities["noise"], 0.5 * z, rtol=2e-6, atol=1e-7)
    assert "noise σ=0.5" in noisy.label and "seed=7" in noisy.label


def test_gradient_noise_is_the_documented_hash_of_seed_index_and_step():
    z = optimizers.gradient_noise(123, [0, 5, 4_000_000_000], 4)
    assert z.shape == (4, 3, 2)
    for t in range(4):
        for j, index in enumerate([0, 5, 4_000_000_000]):
            # float32 cosine and sine: about 1e-7 relative
            np.testing.assert_allclose(z[t, j], _reference_draw(123, index, t), rtol=2e-6, atol=2e-7)
    np.testing.assert_array_equal(optimizers.gradient_noise(123, [5], 4)[:, 0], z[:, 1])
    np.testing.assert_array_equal(optimizers.gradient_noise(123, [5, 0], 4, scale=0.25)[:, 1], 0.25 * z[:, 0])
    np.testing.assert_array_equal(optimizers.gradient_noise(123, [5], 4, scale=1e200)[:, 0], 1e200 * z[:, 1])


@pytest.mark.parametrize("spec", ["adam:lr=0.05,noise=0.7,seed=3", "nesterov:lr=0.01,noise=2,convention=lookahead",
                                  "rmsprop:lr=0.05,noise=1,seed=4294967295"])
def test_a_starts_path_depends_only_on_seed_its_index_and_step(spec, monkeypatch):
    s = surfaces.get("himmelblau")
    opt = optimizers.create(spec)
    starts = np.random.default_rng(5).uniform(-4, 4, (7, 2))
    whole = optimizers.run(s, opt, starts, 60).path
    assert np.isfinite(whole).all()
    order = [6, 2, 0, 5, 1, 4, 3]
    shuffled = optimizers.run(s, opt, starts[order], 60, indices=order).path
    np.testing.assert_array_equal(shuffled, whole[:, order])
    columns = [1, 4]                                   # the GUI recomputes only the dragged starts
    np.testing.assert_array_equal(optimizers.run(s, opt, starts[columns], 60, indices=columns).path,
                                  whole[:, columns])
    for k in range(7):                                 # alone: the float driver
        alone = optimizers.run(s, opt, starts[k], 60, indices=[k]).path[:, 0]
        np.testing.assert_array_equal(alone, whole[:, k])
        traced = optimizers.trace(s, opt, starts[k], 60, index=k)
        np.testing.assert_array_equal([r.new_point for r in traced], whole[1:, k])
    monkeypatch.setattr(optimizers, "_CHUNK", 3)       # three chunks
    np.testing.assert_array_equal(optimizers.run(s, opt, starts, 60).path, whole)
    # another index is another draw: the same start at position 0 and at position 3 takes other paths
    moved = optimizers.run(s, opt, starts[3], 60, indices=[0]).path[:, 0]
    assert not np.allclose(moved, whole[:, 3])
    np.testing.assert_array_equal(moved, optimizers.run(s, opt, starts[3], 60).path[:, 0])


def test_gradient_noise_is_standard_normal_and_uncorrelated():
    z = optimizers.gradient_noise(9, np.arange(100), 1000)          # 100 starts x 1000 steps x 2 axes
    flat = z.reshape(-1)
    assert abs(flat.mean()) < 0.01 and abs(flat.std() - 1) < 0.01
    assert abs(np.mean(flat**4) - 3) < 0.1                          # a normal's kurtosis
    for x, p in [(-2.0, 0.02275), (-1.0, 0.15866), (0.0, 0.5), (0.5, 0.69146), (1.5, 0.93319)]:
        assert abs(np.mean(flat < x) - p) < 0.005, x                # the normal CDF
    pairs = [(z[..., 0], z[..., 1]),                                # x and y of one draw
             (z[1:, :, 0], z[:-1, :, 0]), (z[1:, :, 1], z[:-1, :, 1]),  # consecutive steps
             (z[:, 1:, 0], z[:, :-1, 0])]                           # neighbouring starts
    for a, b in pairs:
        assert abs(np.corrcoef(a.ravel(), b.ravel())[0, 1]) < 0.02
    other = optimizers.gradient_noise(10, np.arange(100), 1000)     # another seed: other, unrelated draws
    assert abs(np.corrcoef(flat, other.reshape(-1))[0, 1]) < 0.02


def test_bad_indices_are_refused():
    opt = optimizers.create("gd:noise=0.1")
    for bad in ([0], [0, -1], [0.5, 1.0], [[0, 1]]):
        with pytest.raises(ValueError, match="indices"):
            optimizers.run(BOWL, opt, [(1.0, 1.0), (2.0, 2.0)], 3, indices=bad)


def test_batched_results_do_not_depend_on_the_batch_size(monkeypatch):
    s = surfaces.get("himmelblau")
    starts = np.random.default_rng(4).uniform(-5, 5, (10_000, 2))
    opt = optimizers.create("adam:lr=0.05,noise=0.3,seed=11")
    whole = optimizers.run(s, opt, starts, 40)
    monkeypatch.setattr(optimizers, "_CHUNK", 4096)     # three batches instead of one
    split = optimizers.run(s, opt, starts, 40)
    np.testing.assert_array_equal(whole.path, split.path)
    np.testing.assert_array_equal(whole.loss, split.loss)
    assert np.isfinite(whole.path).all() and not np.array_equal(whole.path[5], whole.path[4])
