"""torch.optim's remaining options and the learning-rate schedules, against values computed by hand.

The optimizer steps are on the bowl f = x^2 + y^2 (gradient 2p) from p0 = (1, -2), so g1 = (2, -4), as in
test_optimizers; the schedules' values are worked out from torch's definitions (core/schedules.py states them).
tools/check_against_torch.py compares every combination with torch itself.
"""
import json
import math

import numpy as np
import pytest

import cli
from core import optimizers, scene, schedules, steptable, surfaces
from core.scene import RunSpec, Scene

BOWL = surfaces.get("bowl")
P0 = (1.0, -2.0)


def path(spec, steps=2):
    tr = optimizers.run(BOWL, optimizers.create(spec), [P0], steps)
    assert tr.status == ["ok"]
    return tr.path[:, 0]


def lrs(spec, steps):
    return optimizers.create(spec).hyperparameters(steps)[0]


# --- schedules -----------------------------------------------------------------------------------------

def test_step_and_exponential_by_hand():
    assert lrs("gd:lr=1,schedule=step,step_size=2,gamma=0.5", 5) == [1, 1, 0.5, 0.5, 0.25]
    assert lrs("gd:lr=1,schedule=step,step_size=2", 3) == [1, 1, 0.1]          # torch's default gamma
    assert lrs("gd:lr=1,schedule=exponential,gamma=0.5", 4) == [1, 0.5, 0.25, 0.125]


def test_cosine_by_hand_including_after_t_max():
    # T_max = 2: lr = (1 + cos(pi e / 2)) / 2 = 1, 1/2, 0, then up again 1/2, 1 (a period of 2 T_max)
    np.testing.assert_allclose(lrs("gd:lr=1,schedule=cosine,T_max=2", 7), [1, 0.5, 0, 0.5, 1, 0.5, 0], atol=1e-15)
    # eta_min = 0.2: halfway is 0.2 + 0.8 / 2
    np.testing.assert_allclose(lrs("gd:lr=1,schedule=cosine,T_max=2,eta_min=0.2", 3), [1, 0.6, 0.2], atol=1e-15)


def test_linear_warmup_by_hand():
    # start 0.5, end 1 over 2 steps: 0.5, 0.5 * (1 + 0.5 / 1) = 0.75, 0.75 * (1 + 0.5 / 1.5) = 1, then 1
    np.testing.assert_allclose(lrs("gd:lr=1,schedule=linear,start_factor=0.5,total_iters=2", 4),
                               [0.5, 0.75, 1, 1], rtol=1e-15)
    assert lrs("gd:lr=3,schedule=linear", 1) == [1.0]            # torch's default start_factor 1/3


def test_onecycle_by_hand():
    opt = optimizers.create("momentum:schedule=onecycle,max_lr=1,total_steps=10")
    lr, mu = opt.hyperparameters(10)
    # initial 1/25 = 0.04, rising to 1 at step pct_start * 10 - 1 = 2 (cosine: halfway at e = 1), momentum
    # 0.95 -> 0.85 against it; then down to 0.04 / 1e4 at e = 9 and the momentum back to 0.95
    np.testing.assert_allclose(lr[:3], [0.04, 0.52, 1.0], rtol=1e-15)
    np.testing.assert_allclose(mu[:3], [0.95, 0.90, 0.85], rtol=1e-15)
    assert lr[9] == pytest.approx(4e-6, rel=1e-12) and mu[9] == pytest.approx(0.95, rel=1e-15)
    # the middle of the second phase (e = 2 + 3.5 would be exact; e = 5 is pct 3/7)
    pct = 3 / 7
    assert lr[5] == pytest.approx(4e-6 + (1 - 4e-6) / 2 * (1 + math.cos(math.pi * pct)), rel=1e-14)
    linear = optimizers.create("adam:schedule=onecycle,max_lr=1,total_steps=10,anneal_strategy=linear")
    np.testing.assert_allclose(linear.hyperparameters(3)[0], [0.04, 0.52, 1.0], rtol=1e-15)
    three = optimizers.create("adam:schedule=onecycle,max_lr=1,total_steps=10,three_phase=true").hyperparameters(10)
    # three phases: up to 1 at e = 2, back to 0.04 at e = 2 * 3 - 2 = 4, down to 4e-6 at 9
    np.testing.assert_allclose([three[0][2], three[0][4]], [1.0, 0.04], rtol=1e-15)


def test_a_scheduled_run_uses_the_lr_of_each_step():
    # gd with lr 0.1 then 0.05: p1 = p0 - 0.1 * 2 p0 = 0.8 p0, p2 = p1 - 0.05 * 2 p1 = 0.9 p1
    p = path("gd:lr=0.1,schedule=step,step_size=1,gamma=0.5")
    np.testing.assert_allclose(p[2], [0.72, -1.44], rtol=1e-15)
    # onecycle sets the lr (0.25 / 25) and the momentum (0.95) of the first step
    np.testing.assert_allclose(path("momentum:schedule=onecycle,max_lr=0.25,total_steps=10", 1)[1], [0.98, -1.96],
                               rtol=1e-15)


def test_batched_and_float_drivers_and_trace_agree_under_a_schedule():
    starts = [(1.0, -2.0), (0.5, 0.3)]
    opt = optimizers.create("adam:weight_decay=0.1,schedule=onecycle,max_lr=0.3,total_steps=40,anneal_strategy=linear")
    batched = optimizers.run(BOWL, opt, starts, 40).path
    single = optimizers.run(BOWL, opt, starts[:1], 40).path[:, 0]
    np.testing.assert_allclose(batched[:, 0], single, rtol=1e-14, atol=1e-300)
    records = optimizers.trace(BOWL, opt, starts[0], 40)
    np.testing.assert_allclose([r.new_point for r in records], single[1:], rtol=1e-14)
    lr, beta1 = opt.hyperparameters(40)
    assert [float(r.quantities["lr"]) for r in records] == lr
    assert [float(r.quantities["beta1"]) for r in records] == beta1


def test_pytorch_and_lookahead_momentum_part_under_a_schedule():
    """The convention note: v = -lr b holds only while lr is constant. With lr_1 = 0.1, lr_2 = 0.05 the
    second steps differ by mu * g1 * (lr_2 - lr_1): PyTorch's buffer b2 = mu g1 + g2 is scaled by the new lr,
    the velocity v2 = -mu lr_1 g1 - lr_2 g2 keeps the old one."""
    sched = "schedule=exponential,gamma=0.5"
    torch_form = path(f"momentum:lr=0.1,momentum=0.9,{sched}")
    velocity = path(f"momentum:lr=0.1,momentum=0.9,convention=lookahead,{sched}")
    np.testing.assert_array_equal(torch_form[1], velocity[1])
    g1 = 2 * np.array(P0)
    np.testing.assert_allclose(velocity[2] - torch_form[2], -0.9 * g1 * (0.1 - 0.05), rtol=1e-12)
    assert not np.allclose(path(f"nesterov:lr=0.1,{sched}", 5), path(f"nesterov:lr=0.1,convention=lookahead,{sched}",
                                                                        5))


# --- options -------------------------------------------------------------------------------------------

def test_weight_decay_and_maximize_by_hand():
    # coupled L2: g = 2 p0 + 0.5 p0 = (2.5, -5); p1 = p0 - 0.1 g
    np.testing.assert_allclose(path("gd:lr=0.1,weight_decay=0.5", 1)[1], [0.75, -1.5], rtol=1e-15)
    # maximize ascends: p1 = p0 + 0.1 * 2 p0
    np.testing.assert_allclose(path("gd:lr=0.1,maximize=true", 1)[1], [1.2, -2.4], rtol=1e-15)
    # Adam: the decay enters m and v (coupled), so the first step is still lr per coordinate ...
    np.testing.assert_allclose(path("adam:lr=0.1,weight_decay=0.5", 1)[1], [0.9, -1.9], rtol=1e-7)
    # ... while AdamW's decoupled decay is added to it: p1 = p0 - 0.1 sign(g) - 0.1 * 0.5 * p0
    np.testing.assert_allclose(path("adamw:lr=0.1,weight_decay=0.5", 1)[1], [0.85, -1.8], rtol=1e-7)
    np.testing.assert_allclose(path("adamw:lr=0.1,weight_decay=0.5,maximize=true", 1)[1], [1.05, -2.0], rtol=1e-7)


def test_nesterov_with_weight_decay_by_hand():
    # g = 2 p0 + 0.5 p0 = (2.5, -5); b1 = g; p1 = p0 - 0.1 (g + 0.9 b1) = p0 - 0.19 g
    np.testing.assert_allclose(path("nesterov:lr=0.1,weight_decay=0.5", 1)[1], [0.525, -1.05], rtol=1e-15)


def test_dampening_spares_the_first_step():
    # b1 = g1 = (2, -4) (torch clones the first gradient); p1 = (0.8, -1.6); g2 = (1.6, -3.2);
    # b2 = 0.9 b1 + (1 - 0.5) g2 = (2.6, -5.2); p2 = p1 - 0.1 b2 = (0.54, -1.08)
    p = path("momentum:lr=0.1,momentum=0.9,dampening=0.5")
    np.testing.assert_allclose(p[1], [0.8, -1.6], rtol=1e-15)
    np.testing.assert_allclose(p[2], [0.54, -1.08], rtol=1e-15)


def test_rmsprop_centered_and_momentum_by_hand():
    # centered, alpha 0.5: v = 0.5 g^2 = (2, 8), gbar = 0.5 g = (1, -2), v - gbar^2 = (1, 4): d = (1, 2) + eps
    eps = 1e-8
    p = path("rmsprop:lr=0.1,alpha=0.5,centered=true", 1)
    np.testing.assert_allclose(p[1], [1 - 0.1 * 2 / (1 + eps), -2 + 0.1 * 4 / (2 + eps)], rtol=1e-15)
    # momentum 0.5: b1 = g / (sqrt(v) + eps) = (2 / (sqrt 2 + eps), -4 / (sqrt 8 + eps)), p1 = p0 - 0.1 b1;
    # then v2 = 0.5 v1 + 0.5 g2^2, b2 = 0.5 b1 + g2 / (sqrt v2 + eps), p2 = p1 - 0.1 b2
    p = path("rmsprop:lr=0.1,alpha=0.5,momentum=0.5")
    g1 = np.array([2.0, -4.0])
    v1 = 0.5 * g1**2
    b1 = g1 / (np.sqrt(v1) + eps)
    p1 = np.array(P0) - 0.1 * b1
    g2 = 2 * p1
    v2 = 0.5 * v1 + 0.5 * g2**2
    b2 = 0.5 * b1 + g2 / (np.sqrt(v2) + eps)
    np.testing.assert_allclose(p[1], p1, rtol=1e-15)
    np.testing.assert_allclose(p[2], p1 - 0.1 * b2, rtol=1e-15)
    np.testing.assert_allclose(p1, [1 - 0.1 * math.sqrt(2), -2 + 0.1 * math.sqrt(2)], rtol=1e-8)


def test_adagrad_lr_decay_and_initial_accumulator_by_hand():
    # s0 = 1: s1 = 1 + g^2 = (5, 17); step 1 at lr 0.1, step 2 at 0.1 / (1 + 1 * lr_decay) = 0.05
    p = path("adagrad:lr=0.1,lr_decay=1,initial_accumulator_value=1,eps=1e-300")
    p1 = np.array([1 - 0.1 * 2 / math.sqrt(5), -2 + 0.1 * 4 / math.sqrt(17)])
    np.testing.assert_allclose(p[1], p1, rtol=1e-15)
    g2 = 2 * p1
    np.testing.assert_allclose(p[2], p1 - 0.05 * g2 / np.sqrt(np.array([5.0, 17.0]) + g2**2), rtol=1e-15)


@pytest.mark.parametrize("spec, words", [
    ("nesterov:dampening=0.1", "Nesterov momentum requires a momentum and zero dampening"),
    ("nesterov:momentum=0", "Nesterov momentum requires a momentum and zero dampening"),
    ("momentum:dampening=0.1,convention=lookahead", "dampening is an option of torch.optim.SGD's form"),
    ("nesterov:weight_decay=0.1,convention=lookahead", "weight_decay is an option of torch.optim.SGD's form"),
    ("gd:dampening=0.5", "unknown parameter 'dampening' for gd"),
    ("adam:weight_decay=-1", "Invalid weight_decay value: -1"),
    ("adagrad:lr_decay=-1", "Invalid lr_decay value: -1"),
    ("adagrad:initial_accumulator_value=-1", "Invalid initial_accumulator_value value: -1"),
    ("rmsprop:momentum=-0.5", "Invalid momentum value: -0.5"),
    ("rmsprop:centered=maybe", "Invalid centered"),
    ("adamw:amsgrad=true", "unknown parameter 'amsgrad'"),
    ("adam:schedule=sometimes", "Invalid schedule: expected one of none, step, exponential, cosine, linear, onecycle"),
    ("adam:schedule=cosine", "the cosine schedule needs T_max"),
    ("adam:schedule=cosine,T_max=0", "Invalid T_max value: 0"),
    ("adam:schedule=cosine,T_max=10,gamma=0.5", "'gamma' is a parameter of the step / exponential schedule; "
                                                "this spec has schedule=cosine"),
    ("adam:T_max=10", "this spec has schedule=none"),
    ("adam:schedule=linear,start_factor=0", "Invalid start_factor value: 0"),
    ("adam:schedule=linear,end_factor=1.5", "Invalid end_factor value: 1.5"),
    ("adam:schedule=onecycle,total_steps=10", "the onecycle schedule needs max_lr"),
    ("adam:schedule=onecycle,max_lr=1,total_steps=10,lr=0.1", "lr is set by the onecycle schedule"),
    ("adam:schedule=onecycle,max_lr=1,total_steps=10,beta1=0.9", "beta1 is set by the onecycle schedule"),
    ("adagrad:schedule=onecycle,max_lr=1,total_steps=10", "cycles the momentum or beta1, which adagrad has not"),
    ("adam:schedule=onecycle,max_lr=1,total_steps=10,anneal_strategy=cosine", "Invalid anneal_strategy"),
    ("adam:schedule=onecycle,max_lr=1,total_steps=10,pct_start=1.5", "Invalid pct_start value: 1.5"),
])
def test_refused_combinations_have_one_line_errors(spec, words):
    with pytest.raises(ValueError) as info:
        optimizers.create(spec)
    assert words in str(info.value) and "\n" not in str(info.value)


def test_onecycle_refuses_to_step_past_total_steps_as_torch():
    opt = optimizers.create("adam:schedule=onecycle,max_lr=1,total_steps=10")
    optimizers.run(BOWL, opt, [P0], 10)
    with pytest.raises(ValueError, match="total_steps=10 but the run has 11 steps"):
        optimizers.run(BOWL, opt, [P0], 11)
    with pytest.raises(ValueError, match="a phase of no steps"):       # refused when made, not mid-run
        optimizers.create("adam:schedule=onecycle,max_lr=1,total_steps=10,pct_start=0.1")
    assert opt.lr_at(10) == opt.hyperparameters(10)[0][9] and opt.lr_at(11) is None and opt.lr_at(0) is None
    assert len(optimizers.trace(BOWL, opt, P0, 50)) == 10      # the explain panel's trace stops there


def test_specs_round_trip_and_stay_short_when_the_options_are_off():
    assert optimizers.create("gd:lr=0.1").spec == "gd:lr=0.1"
    for spec in ["momentum:lr=0.01,momentum=0.9,dampening=0.25,weight_decay=0.5,maximize=true,convention=pytorch",
                 "rmsprop:lr=0.01,alpha=0.99,eps=1e-08,momentum=0.5,centered=true,convention=pytorch",
                 "adam:lr=0.001,beta1=0.9,beta2=0.999,eps=1e-08,bias_correction=true,schedule=cosine,T_max=100,"
                 "eta_min=0",
                 "adam:beta2=0.999,eps=1e-08,bias_correction=true,schedule=onecycle,max_lr=0.1,total_steps=10,"
                 "pct_start=0.3,anneal_strategy=cos,cycle_momentum=true,base_momentum=0.85,max_momentum=0.95,"
                 "div_factor=25,final_div_factor=10000,three_phase=false"]:
        assert optimizers.create(spec).spec == spec
    label = optimizers.create("adam:lr=0.1,schedule=cosine,T_max=100").label
    assert label == "Adam lr=0.1, β1=0.9, β2=0.999, cosine schedule, T_max=100"
    assert optimizers.create("adam:schedule=none").spec == optimizers.create("adam").spec


def test_printed_rules_name_the_options_in_use():
    assert optimizers.create("gd:weight_decay=0.1,maximize=true").rule == \
        "g ← −g (maximize);  g ← g + λ·p;  p ← p − lr·g"
    assert optimizers.create("momentum:dampening=0.5").rule.startswith("b ← μ·b + (1−τ)·g (b = g at t = 1)")
    assert "ḡ ← α·ḡ + (1−α)·g;  d = √(v − ḡ²) + ε;  b ← μ·b + g/d" in \
        optimizers.create("rmsprop:centered=true,momentum=0.9").rule
    assert "lr/(1 + (t−1)·lr_decay)" in optimizers.create("adagrad:lr_decay=0.1").rule
    assert optimizers.create("adam:schedule=exponential,gamma=0.9").rule.endswith(
        ";  lr = lrₜ of the exponential schedule")
    assert optimizers.create("nesterov:schedule=onecycle,max_lr=1,total_steps=9").rule.endswith(
        "lr = lrₜ, μ = μₜ of the onecycle schedule")
    # the look-ahead form writes its gradient as ∇f: ascending flips the sign of the step
    assert optimizers.create("nesterov:maximize=true,convention=lookahead").rule == \
        "v ← μ·v + lr·∇f(p + μ·v);  p ← p + v"


def test_step_tables_show_the_lr_and_the_extra_state_by_name():
    table = steptable.build("bowl", "rmsprop:lr=0.1,centered=true,momentum=0.5,schedule=exponential,gamma=0.5",
                            P0, 2)
    header = table.header()
    assert {"lr_t", "ḡ (mean of g)", "b (buffer)", "v"} <= set(header)
    lr_column = header.index("lr_t")
    assert [row[lr_column] for row in table.cells()] == ["0.1", "", "0.05", ""]
    assert "lr = lrₜ of the exponential schedule" in steptable.to_markdown([table])


def test_scene_round_trip_keeps_schedules_and_options(tmp_path):
    specs = ["momentum:lr=0.05,dampening=0.1,weight_decay=0.01,schedule=cosine,T_max=50,eta_min=0.001",
             "adam:schedule=onecycle,max_lr=0.1,total_steps=60,three_phase=true",
             "rmsprop:lr=0.01,centered=true,momentum=0.5,maximize=true"]
    original = Scene(surface="ravine", runs=[RunSpec(s) for s in specs], starts=[(-9.0, 3.0)], steps=60)
    scene.save(original, tmp_path / "s.json")
    loaded = scene.load(tmp_path / "s.json")
    assert [r.optimizer for r in loaded.runs] == specs
    for spec in specs:
        assert optimizers.create(spec).spec == optimizers.create(optimizers.create(spec).spec).spec
    surface = surfaces.get("ravine")
    for a, b in zip(original.runs, loaded.runs, strict=True):
        np.testing.assert_array_equal(optimizers.run(surface, optimizers.create(a.optimizer), original.starts, 60).path,
                                      optimizers.run(surface, optimizers.create(b.optimizer), loaded.starts, 60).path)


def test_every_schedule_is_documented_with_its_torch_name():
    for name in schedules.names():
        d = schedules.definition(name)
        assert d.torch_name in schedules.__doc__ and f"``{name}``" in schedules.__doc__
        assert all(p.doc for p in d.params)


def test_command_line_takes_schedules_and_refuses_a_run_past_total_steps(capsys):
    code = cli.main(["run", "--surface", "bowl", "--optimizer", "gd:lr=0.1,schedule=step,step_size=1,gamma=0.5",
                     "--start", "1,-2", "--steps", "2"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["runs"][0]["path"][2] == pytest.approx([0.72, -1.44])
    code = cli.main(["run", "--surface", "bowl", "--optimizer", "adam:schedule=onecycle,max_lr=1,total_steps=10",
                     "--start", "1,-2", "--steps", "30"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: the onecycle schedule has total_steps=10") and err.count("\n") == 1
