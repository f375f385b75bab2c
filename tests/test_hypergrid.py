"""Hyperparameter grids: every cell is the single run of its spec; outcomes against the momentum stability bound
on a quadratic; --vary checks; the JSON and CSV of `optiscope grid`, written without Qt."""
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import cli
from core import hypergrid, optimizers, surfaces, swarm

ROOT = Path(__file__).resolve().parents[1]


def grid(surface, spec, a, b, start, steps, **kw):
    return hypergrid.compute(surfaces.get(surface), spec, [hypergrid.parse_vary(a), hypergrid.parse_vary(b)],
                             start, steps, **kw)


@pytest.mark.parametrize("surface, spec, a, b, start, kw", [
    ("rosenbrock", "momentum:convention=lookahead", "lr=1e-4:1e-2:4:log", "momentum=0:0.95:3", (-1.5, 2), {}),
    ("beale", "adam:bias_correction=false", "lr=1e-3:0.5:3:log", "beta1=0.5:0.99:3", (1, 1), {}),
    ("himmelblau", "nesterov:noise=0.5,seed=3", "lr=1e-3:1e-2:3", "momentum=0.1:0.9:2", (0, 0), {"index": 2}),
    ("six_hump_camel", "qhm", "nu=0:1:3", "lr=0.01:0.3:3:log", (1, -1), {}),
    ("bowl", "gd", "lr=0.1:0.5:2", "seed=0:2:3", (1, -1), {}),               # without noise: seed is not in the spec
    ("bowl", "gd:seed=4", "lr=0.1:0.5:2", "noise=0:2:3", (1, -1), {}),       # nor noise while it is 0
    ("himmelblau", "adam:lr=0.1,schedule=step,step_size=50", "gamma=0.1:0.9:3", "step_size=10:100:2", (0, 0), {}),
    ("ravine", "momentum:dampening=0.5", "weight_decay=0:0.1:2", "lr=0.05:0.5:3", (-9, 3), {}),
])
def test_each_cell_is_exactly_the_single_run_of_its_spec(surface, spec, a, b, start, kw):
    g = grid(surface, spec, a, b, start, 300, **kw)
    s = surfaces.get(surface)
    for j in range(g.shape[0]):
        for i in range(g.shape[1]):
            opt = optimizers.create(g.cells[j][i].spec)
            for name, value in g.values(j, i).items():
                if name in opt.params:
                    assert opt.params[name] == value
                else:       # a spec leaves out a parameter that is off (noise, weight_decay 0), and seed without noise
                    default = hypergrid.variable_parameters(opt)[name].default
                    assert value == default or (name == "seed" and opt.noise == 0)
            single = optimizers.run(s, opt, start, 300, indices=[kw.get("index", 0)])
            np.testing.assert_array_equal(g.path[:, j, i], single.path[:, 0])       # bit for bit, NaN included
            np.testing.assert_array_equal(g.loss[:, j, i], single.loss[:, 0])
            assert g.diverged[j, i] == (single.status[0] == "diverged")
            assert g.last_finite[j, i] == single.last_finite[0]
    base = optimizers.create(spec)          # the parameters not varied are the spec's
    kept = {k: v for k, v in base.params.items() if k not in (g.axes[0].name, g.axes[1].name)}
    assert all(kept.items() <= c.params.items() for row in g.cells for c in row)


def test_momentum_on_a_quadratic_diverges_exactly_past_the_stability_bound():
    # ravine 0.1x² + 2y²: λmax = 4, so heavy-ball momentum is stable for lr < 2(1 + μ)/4 = 0.75 (μ = 0.5), 0.95
    # (μ = 0.9). lr = 0.7 is inside both; lr = 1 outside both: the y iterate grows by the root of z² + (4lr - 1
    # - μ)z + μ of largest modulus, 2.28 (μ = 0.5) and 1.5 (μ = 0.9) per step, and overflows within 3000 steps.
    g = grid("ravine", "momentum", "lr=0.7:1:2", "momentum=0.5:0.9:2", (-9, 3), 3000)
    assert g.outcomes().tolist() == [["converged", "diverged"], ["converged", "diverged"]]
    for j, mu in enumerate((0.5, 0.9)):
        for i, lr in enumerate((0.7, 1.0)):
            assert (lr < 2 * (1 + mu) / 4) == (g.minimum[j, i] == 0)
    assert g.minima[0].xy.tolist() == [0.0, 0.0]
    for j in range(2):                      # steps to converge: from the path, independently of swarm.settle
        far = np.hypot(*g.path[:, j, 0].T) > g.tol
        assert g.steps_to_converge[j, 0] == np.flatnonzero(far)[-1] + 1
    # μ = 0.5, lr = 1, by hand (PyTorch's buffer form): the run has diverged once an iterate leaves the box
    # 1000 x 10 around the domain's centre (0, 0) (10: the domain's larger half-width); the path keeps the one before
    x, y, bx, by, k = -9.0, 3.0, 0.0, 0.0, 0
    while max(abs(x), abs(y)) <= 1000 * 10:
        bx, by = 0.5 * bx + 0.2 * x, 0.5 * by + 4 * y
        x, y, k = x - bx, y - by, k + 1
    assert g.status[0, 1] == "diverged" and g.last_finite[0, 1] == k - 1 == 9
    assert g.tol == pytest.approx(swarm.TOL * np.hypot(20, 10))


def test_a_run_too_short_to_arrive_is_not_settled_and_minima_are_told_apart():
    g = grid("himmelblau", "momentum", "lr=1e-4:1e-3:2:log", "momentum=0:0.9:2", (0, 0), 5)
    assert (g.outcomes() == "not_settled").all() and (g.steps_to_converge == -1).all()
    # himmelblau from (0, 0), lr = 0.01: without momentum to (3, 2); with μ = 0.99 it swings past to (-2.805, 3.131)
    g = grid("himmelblau", "momentum", "lr=0.0046:0.01:2", "momentum=0:0.99:2", (0, 0), 1000)
    assert g.outcomes().tolist() == [["converged"] * 2] * 2
    ends = [[g.minima[k].xy.round(3).tolist() for k in row] for row in g.minimum]
    assert ends == [[[3.0, 2.0], [3.0, 2.0]], [[3.0, 2.0], [-2.805, 3.131]]]
    assert g.steps_to_converge.tolist() == [[41, 19], [996, 1000]]      # the last: arrived at the last step


@pytest.mark.parametrize("text, message", [
    ("lr=1:2", "expected NAME=LOW:HIGH:COUNT[:log|lin]"),
    ("lr", "expected NAME=LOW:HIGH:COUNT[:log|lin]"),
    ("lr=0:1:5:log", "lr: log spacing needs LOW > 0, got 0"),
    ("lr=1e-3:1:5:exp", "lr: the spacing is log or lin, got 'exp'"),
    ("lr=1:0.1:3", "lr: LOW must be less than HIGH, got 1 and 0.1"),
    ("lr=1:1:3", "lr: LOW must be less than HIGH"),
    ("lr=a:1:3", "lr: LOW and HIGH must be numbers"),
    ("lr=1e999:1e9999:3", "lr: LOW and HIGH must be finite"),
    ("lr=0.1:1:2.5", "lr: COUNT must be a whole number, got '2.5'"),
    ("lr=0.1:1:26", "lr: COUNT must be from 2 to 25, got 26"),
    ("lr=0.1:1:1", "lr: COUNT must be from 2 to 25, got 1"),
])
def test_bad_vary_text_says_what_is_wrong_with_which_parameter(text, message):
    with pytest.raises(ValueError) as info:
        hypergrid.parse_vary(text)
    assert message in str(info.value)


@pytest.mark.parametrize("spec, a, b, message", [
    ("gd", "lr=0.1:1:2", "momentum=0:0.9:2", "gd:lr=0.01 has no parameter momentum; it takes lr, weight_decay,"),
    ("gd", "lr=0.1:1:2", "gamma=0.1:0.9:2", "gd:lr=0.01 has no parameter gamma"),      # no schedule, no gamma
    ("momentum", "lr=0.1:1:2", "momentum=0:1:3", "Invalid momentum value: 1 (must be in [0, 1))"),
    ("momentum", "lr=0.1:1:2", "lr=0.2:1:2", "lr is varied twice"),
    ("adam", "lr=0.1:1:2", "bias_correction=0:1:2", "bias_correction is not a number and cannot be varied"),
    ("gd", "lr=0.1:1:2", "seed=0:1:3", "Invalid seed: expected a whole number, got 0.5"),
    ("momentum", "lr=-1:1:3", "momentum=0:0.5:2", "Invalid lr value: -1"),
])
def test_varying_what_the_optimizer_does_not_take_is_an_error(spec, a, b, message):
    with pytest.raises(ValueError) as info:
        grid("bowl", spec, a, b, (1, 1), 10)
    assert message in str(info.value)


def test_work_limits_and_undefined_start_are_errors():
    with pytest.raises(ValueError, match="625 cells x 5000 steps is too much work"):
        grid("bowl", "momentum", "lr=0.1:1:25", "momentum=0:0.5:25", (1, 1), 5000)
    with pytest.raises(ValueError, match="not defined at the start point"):
        grid("log(x) + y^2", "momentum", "lr=0.1:1:2", "momentum=0:0.5:2", (-1, 0), 10)
    with pytest.raises(ValueError, match="a grid varies two parameters"):
        hypergrid.compute(surfaces.get("bowl"), "gd", [hypergrid.parse_vary("lr=0.1:1:2")], (1, 1), 10)


def test_cancel_stops_and_progress_reaches_one():
    seen = []
    g = grid("bowl", "momentum", "lr=0.1:1:3", "momentum=0:0.5:4", (1, 1), 10, progress=seen.append)
    assert seen == [0.25, 0.5, 0.75, 1.0] and g.shape == (4, 3)
    with pytest.raises(swarm.Cancelled):
        grid("bowl", "momentum", "lr=0.1:1:3", "momentum=0:0.5:4", (1, 1), 10, cancel=lambda: True)


# --- the command line ------------------------------------------------------------------------------------

ARGS = ["grid", "--surface", "ravine", "--optimizer", "momentum:convention=lookahead", "--vary", "lr=0.7:1:2",
        "--vary", "momentum=0.5:0.9:2", "--start", "-9,3", "--steps", "3000"]


def test_grid_json_has_axes_and_every_cell(tmp_path, capsys):
    out = tmp_path / "g.json"
    assert cli.main([*ARGS, "--out", str(out)]) == 0
    data = json.loads(out.read_text(), parse_constant=lambda c: pytest.fail(f"not JSON: {c}"))
    assert set(data) == {"surface", "optimizer", "start", "steps", "tol", "domain", "axes", "minima", "cells"}
    assert data["axes"] == [{"name": "lr", "scale": "lin", "values": [0.7, 1.0]},
                            {"name": "momentum", "scale": "lin", "values": [0.5, 0.9]}]
    assert data["optimizer"] == "momentum:lr=0.01,momentum=0.9,convention=lookahead" and data["steps"] == 3000
    cells = {(c["row"], c["column"]): c for c in data["cells"]}
    assert len(cells) == 4
    ok, bad = cells[(1, 0)], cells[(1, 1)]
    assert ok["values"] == {"lr": 0.7, "momentum": 0.9} and ok["params"]["convention"] == "lookahead"
    assert ok["spec"] == "momentum:lr=0.7,momentum=0.9,convention=lookahead"
    assert ok["outcome"] == "converged" and ok["minimum"] == 0 and ok["minimum_xy"] == [0.0, 0.0]
    assert np.hypot(*ok["final"]) < data["tol"] and ok["final_loss"] < 1e-6 and ok["steps_to_converge"] > 0
    assert bad["outcome"] == bad["status"] == "diverged" and ok["status"] == "ok"
    assert bad["minimum"] is None and bad["steps_to_converge"] is None
    tr = optimizers.run(surfaces.get("ravine"), optimizers.create(bad["spec"]), (-9, 3), 3000)
    assert bad["last_finite_step"] == tr.last_finite[0] and bad["final"] == tr.path[tr.last_finite[0], 0].tolist()


def test_grid_domain_option_sets_the_box_of_minima_and_tol(tmp_path):
    out = tmp_path / "g.json"
    assert cli.main([*ARGS, "--domain", "-20,20,-10,10", "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["domain"] == [[-20, 20], [-10, 10]] and data["tol"] == pytest.approx(swarm.TOL * np.hypot(40, 20))


def test_grid_csv_has_one_row_per_cell(tmp_path):
    out = tmp_path / "g.csv"
    assert cli.main([*ARGS, "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert list(rows[0]) == ["row", "column", "lr", "momentum", "spec", "outcome", "status", "minimum_x", "minimum_y",
                             "final_x", "final_y", "final_loss", "last_finite_step", "steps_to_converge"]
    assert [(r["lr"], r["momentum"], r["outcome"]) for r in rows] == [
        ("0.7", "0.5", "converged"), ("1.0", "0.5", "diverged"), ("0.7", "0.9", "converged"),
        ("1.0", "0.9", "diverged")]
    assert rows[1]["minimum_x"] == "" and rows[1]["steps_to_converge"] == "" and rows[0]["minimum_x"] == "0.0"


@pytest.mark.parametrize("argv, message", [
    (["--vary", "lr=0:1:5:log", "--vary", "momentum=0:0.9:2"], "error: lr: log spacing needs LOW > 0, got 0"),
    (["--vary", "lr=0.1:1:2"], "error: a grid varies two parameters (give --vary twice), got 1"),
    (["--vary", "lr=0.1:1:2", "--vary", "beta1=0:0.9:2"], "error: momentum:lr=0.01,momentum=0.9,"),
    (["--vary", "lr=0.1:1:2", "--vary", "momentum=0:0.9:2", "--out", "g.txt"], "error: --out must end in .png"),
])
def test_grid_errors_are_one_line_with_status_2(capsys, tmp_path, argv, message):
    base = ["grid", "--surface", "bowl", "--optimizer", "momentum", "--start", "1,1"]
    out = ["--out", str(tmp_path / "g.json")] if "--out" not in argv else []
    code = cli.main([*base, *argv, *out])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith(message) and err.count("\n") == 1
    assert not (tmp_path / "g.json").exists()


def test_grid_data_export_imports_no_qt(tmp_path):
    code = ("import sys, cli; assert cli.main(sys.argv[1:]) == 0; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6', 'app')]; "
            "assert not bad, bad")
    for ext in ("json", "csv"):
        subprocess.run([sys.executable, "-c", code, *ARGS, "--out", str(tmp_path / f"g.{ext}")], cwd=ROOT,
                       check=True, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})


def test_axis_values_are_the_decimals_asked_for():
    assert hypergrid.parse_vary("momentum=0:0.99:7").values.tolist() == [0, 0.165, 0.33, 0.495, 0.66, 0.825, 0.99]
    assert hypergrid.parse_vary("lr=1e-3:1:4:log").values.tolist() == [0.001, 0.01, 0.1, 1.0]
    assert hypergrid.parse_vary("lr=0.1234567890123456:1:3").values[0] == 0.1234567890123456   # ends as typed
    assert hypergrid.parse_vary("seed=0:4:5").text == "seed=0:4:5:lin"


def test_a_step_where_f_is_undefined_counts_as_diverged_and_keeps_its_status():
    # log(x) + y²: gd from (0.5, 1) with lr = 2 steps to x = 0.5 - 2·(1/0.5) = -3.5, where log is undefined
    g = grid("log(x) + y^2", "gd", "lr=0.01:2:2", "weight_decay=0:0.1:2", (0.5, 1), 5)
    assert g.status[:, 1].tolist() == ["undefined"] * 2 and g.outcomes()[:, 1].tolist() == ["diverged"] * 2
    assert g.path[1, 0, 1].tolist() == [-3.5, 1 - 2 * 2]          # the undefined iterate is kept (weight decay 0)
    assert g.last_finite[0, 1] == 1 and g.status[0, 0] == "ok"
