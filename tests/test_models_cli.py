"""Models on data through the command line, run data, scenes and step tables (issue 14): the CLI words
--graph FILE --axes P,Q [--data CSV], the minibatch batches listed in run JSON and replayed by hand, the
same seed giving the same batches everywhere, scenes with inline data and with a data path."""
import csv
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

import cli
from core import optimizers, rundata, runs, steptable
from core import scene as scene_io

ROOT = Path(__file__).resolve().parents[1]
LINEAR = str(ROOT / "resources/graphs/linear_regression.graph")
LINEAR_DATA = str(ROOT / "resources/datasets/linear_regression.csv")
BCE = str(ROOT / "resources/graphs/logistic_bce.graph")
LOGISTIC_DATA = str(ROOT / "resources/datasets/logistic.csv")
MODEL = ["--graph", LINEAR, "--axes", "w,b", "--data", LINEAR_DATA]


def run_cli(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _rows(path):
    with open(path, newline="") as f:
        return np.array([[float(v) for v in row] for row in list(csv.reader(f))[1:]])


def test_a_minibatch_run_replays_from_its_listed_batches_by_hand(capsys):
    """PyTorch's momentum rule (b ← μ·b + g; p ← p − lr·b) with g the mean over each listed batch of the
    squared error's gradient 2·(w·x + b − y)·(x, 1), by an explicit loop over the listed batches."""
    code, out, err = run_cli(capsys, "run", *MODEL, "--optimizer", "momentum:lr=0.02,batch=8,seed=5",
                             "--start", "-1,2", "--steps", "20")
    assert code == 0 and err == ""
    run = json.loads(out)["runs"][0]
    assert run["batch"] == 8 and run["seed"] == 5 and len(run["batches"]) == 20
    data = _rows(LINEAR_DATA)
    p, buf, path = np.array([-1.0, 2.0]), np.zeros(2), [[-1.0, 2.0]]
    for rows in run["batches"]:
        x, y = data[rows, 0], data[rows, 1]
        r = p[0] * x + p[1] - y
        g = np.array([np.mean(2 * r * x), np.mean(2 * r)])
        buf = 0.9 * buf + g
        p = p - 0.02 * buf
        path.append(p.tolist())
    np.testing.assert_allclose(run["path"], path, rtol=0, atol=1e-12)
    # the batch losses are the mean squared error on each step's rows at the iterate before it
    for k, rows in enumerate(run["batches"][:3]):
        w, b = run["path"][k]
        assert run["batch_loss"][k] == pytest.approx(np.mean((w * data[rows, 0] + b - data[rows, 1]) ** 2),
                                                     rel=1e-12)


def test_each_epoch_is_a_permutation_of_the_rows_cut_into_batches(capsys):
    code, out, _ = run_cli(capsys, "run", *MODEL, "--optimizer", "gd:lr=0.01,batch=8,seed=3", "--start", "0,0",
                           "--steps", "21")
    run = json.loads(out)["runs"][0]
    assert run["epoch_starts"] == [0, 7, 14]           # 50 rows in batches of 8: 6 of 8 and one of 2
    batches = run["batches"]
    assert [len(b) for b in batches[:7]] == [8] * 6 + [2]
    for start in run["epoch_starts"]:
        epoch = [i for b in batches[start:start + 7] for i in b]
        assert sorted(epoch) == list(range(50))
    assert batches[:7] != batches[7:14]                # a fresh permutation each epoch


def test_the_same_seed_gives_the_same_batches_in_run_json_export_json_and_a_reloaded_scene(capsys, tmp_path):
    spec = "adam:lr=0.05,batch=4,seed=11"
    code, out, _ = run_cli(capsys, "run", *MODEL, "--optimizer", spec, "--start", "0.5,0.5", "--steps", "30")
    ran = json.loads(out)
    exported = tmp_path / "runs.json"
    assert run_cli(capsys, "export", *MODEL, "--optimizer", spec, "--start", "0.5,0.5", "--steps", "30",
                   "--out", str(exported))[0] == 0
    again = json.loads(exported.read_text())
    assert ran["runs"][0]["batches"] == again["runs"][0]["batches"]
    assert ran["runs"][0]["path"] == again["runs"][0]["path"]
    scene = scene_io.load(exported)                    # the run-data file opens as a scene
    tr = runs.run(scene.make_surface(), optimizers.create(scene.runs[0].optimizer), scene.starts, scene.steps)
    assert [b.tolist() for b in tr.batches] == ran["runs"][0]["batches"]
    assert tr.path[:, 0].tolist() == ran["runs"][0]["path"]
    # another seed, other batches
    other = runs.run(scene.make_surface(), optimizers.create("adam:lr=0.05,batch=4,seed=12"), scene.starts, 30)
    assert [b.tolist() for b in other.batches] != ran["runs"][0]["batches"]


def test_run_csv_has_the_epoch_batch_loss_and_rows_of_each_step(capsys):
    code, out, _ = run_cli(capsys, "run", *MODEL, "--optimizer", "gd:lr=0.05,batch=25,seed=1",
                           "--optimizer", "gd:lr=0.05", "--start", "0,0", "--steps", "3", "--format", "csv")
    rows = list(csv.DictReader(out.splitlines()))
    mini = [r for r in rows if r["run"] == "0"]
    assert [r["epoch"] for r in mini] == ["", "1", "1", "2"]
    assert len(mini[1]["batch"].split()) == 25 and float(mini[1]["batch_loss"]) > 0
    assert all(r["epoch"] == r["batch"] == r["batch_loss"] == "" for r in rows if r["run"] == "1")


def test_the_step_table_of_a_minibatch_run_lists_its_rows_and_follows_its_path():
    scene = scene_io.Scene("m", [scene_io.RunSpec("rmsprop:lr=0.05,batch=5,seed=2")], [(0.0, 0.0)], 10,
                           model=scene_io.model_spec(LINEAR, "w,b", LINEAR_DATA))
    (table,) = steptable.for_scene(scene, steps=10)
    tr = runs.run(scene.make_surface(), optimizers.create(scene.runs[0].optimizer), scene.starts, 10)
    assert [r.batch.tolist() for r in table.records] == [b.tolist() for b in tr.batches]
    np.testing.assert_allclose([r.new_point for r in table.records], tr.path[1:, 0], rtol=1e-12, atol=1e-13)
    data = _rows(LINEAR_DATA)
    rec = table.records[0]
    r = data[rec.batch, 0] * 0 + 0 - data[rec.batch, 1]         # at (0, 0)
    np.testing.assert_allclose(rec.grad, [np.mean(2 * r * data[rec.batch, 0]), np.mean(2 * r)], rtol=1e-13)
    assert rec.batch_value == pytest.approx(np.mean(r ** 2), rel=1e-13)
    text = steptable.to_markdown([table])
    assert "| rows |" in text and " ".join(map(str, rec.batch.tolist())) in text
    assert "Minibatches of 5 of the 50 rows" in text
    assert "rows" in steptable.to_csv([table]).splitlines()[0].split(",")


def test_linear_regression_critical_point_is_the_least_squares_solution(capsys):
    code, out, err = run_cli(capsys, "critical", *MODEL, "--format", "json")
    assert code == 0
    (point,) = json.loads(out)["points"]
    data = _rows(LINEAR_DATA)
    solution = np.linalg.lstsq(np.column_stack([data[:, 0], np.ones(len(data))]), data[:, 1], rcond=None)[0]
    np.testing.assert_allclose(point["xy"], solution, rtol=0, atol=1e-10)
    assert point["kind"] == "minimum"
    # the Hessian of the mean squared error is 2·mean([[x², x], [x, 1]]): its eigenvalues
    h = 2 * np.array([[np.mean(data[:, 0] ** 2), np.mean(data[:, 0])], [np.mean(data[:, 0]), 1.0]])
    np.testing.assert_allclose(point["eigenvalues"], np.linalg.eigvalsh(h), rtol=1e-10)


@pytest.mark.parametrize("argv, message", [
    (["run", "--graph", LINEAR, "--data", LINEAR_DATA, "--optimizer", "gd", "--start", "0,0"],
     "error: missing --axes P,Q: the two parameters of " + LINEAR + " to plot as x and y; its parameters are w, b"),
    (["run", "--surface", "bowl", *MODEL, "--optimizer", "gd", "--start", "0,0"],
     "error: --graph takes the place of --surface: give one of the two (--graph FILE --axes P,Q [--data CSV])"),
    (["run", "--surface", "bowl", "--optimizer", "gd:batch=16", "--start", "0,0"],
     "error: batch=16 needs a model on data: --graph FILE --axes P,Q --data CSV"),
    (["run", "--graph", LINEAR, "--axes", "w,b", "--optimizer", "gd:batch=16", "--start", "0,0"],
     "error: batch=16 needs a model on data: --graph FILE --axes P,Q --data CSV"),
    (["critical", "--axes", "w,b"], "error: --axes goes with --graph: --graph FILE --axes P,Q [--data CSV]"),
    (["critical"], "error: missing --surface (a name or a formula) or --graph FILE --axes P,Q [--data CSV]"),
    (["critical", "--graph", LINEAR, "--axes", "w,c"], "error: unknown axis 'c': the graph's parameters are w, b"),
    (["critical", "--graph", LINEAR, "--axes", "w,b", "--data", "/dev/zero"],
     "error: /dev/zero is not a regular file"),
    (["run", "--optimizer", "gd:batch=-1", "--start", "0,0", *MODEL], "error: Invalid batch value: -1"),
])
def test_model_words_and_their_one_line_errors(capsys, argv, message):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1


@pytest.mark.parametrize("content", [b"x,y\n1,2\n3,abc\n", b"x,y\n1,2\n3\n", b"\x00\x01\x02binary", b""])
def test_hostile_data_files_are_refused_and_nothing_is_written(capsys, tmp_path, content):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    out = tmp_path / "runs.json"
    code, _, err = run_cli(capsys, "export", "--graph", LINEAR, "--axes", "w,b", "--data", str(bad),
                           "--optimizer", "gd", "--start", "0,0", "--out", str(out))
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1 and "bad.csv" in err
    assert not out.exists()


def test_hostile_graph_file_is_one_line_naming_it(capsys, tmp_path):
    bad = tmp_path / "bad.graph"
    bad.write_text("import os\n")
    code, _, err = run_cli(capsys, "run", "--graph", str(bad), "--axes", "w,b", "--optimizer", "gd",
                           "--start", "0,0")
    assert code == 2 and err.startswith(f"error: {bad}: line 1") and err.count("\n") == 1


def test_basins_and_sweep_on_logistic_regression(capsys, tmp_path):
    args = ["--graph", BCE, "--axes", "w,b", "--data", LOGISTIC_DATA]
    code, _, err = run_cli(capsys, "basins", *args, "--optimizer", "gd:lr=2", "--grid", "6", "--steps", "300",
                           "--out", str(tmp_path / "b.json"))
    assert code == 0
    bmap = json.loads((tmp_path / "b.json").read_text())
    assert len(bmap["minima"]) == 1 and bmap["minima"][0]["kind"] == "minimum"
    code, _, _ = run_cli(capsys, "sweep", *args, "--optimizer", "gd", "--optimizer", "gd:batch=10,seed=1",
                         "--start", "0,0", "--lr-range", "0.1,10", "--count", "4", "--steps", "50",
                         "--out", str(tmp_path / "s.json"))
    sweep = json.loads((tmp_path / "s.json").read_text())
    assert [r["params"].get("batch") for r in sweep["runs"]] == [None, 10]


# --- scenes ---------------------------------------------------------------------------------------

def test_a_scene_with_inline_data_round_trips_and_needs_no_file(tmp_path):
    copy = tmp_path / "points.csv"
    shutil.copy(LINEAR_DATA, copy)
    model = scene_io.model_spec(LINEAR, "w,b", copy)
    assert model.data_rows is not None and len(model.data_rows) == 50      # small: inline
    scene = scene_io.Scene(model.label, [scene_io.RunSpec("gd:lr=0.1,batch=8,seed=4")], [(0.0, 0.0)], 20,
                           model=model)
    path = tmp_path / "s.json"
    scene_io.save(scene, path)
    copy.unlink()                                      # the inline rows are used: the file is not needed
    again = scene_io.load(path)
    assert again.model == model and again.runs == scene.runs
    before = runs.run(scene.make_surface(), optimizers.create("gd:lr=0.1,batch=8,seed=4"), [(0, 0)], 20)
    after = runs.run(again.make_surface(), optimizers.create("gd:lr=0.1,batch=8,seed=4"), [(0, 0)], 20)
    np.testing.assert_array_equal(before.path, after.path)
    assert again.make_surface().formula == scene.make_surface().formula


def test_a_scene_with_a_data_path_reads_the_file_and_refuses_a_changed_one(tmp_path):
    copy = tmp_path / "points.csv"
    shutil.copy(LINEAR_DATA, copy)
    model = scene_io.model_spec(LINEAR, "w,b", copy)
    model.data_columns = model.data_rows = None        # as for a large dataset: by path and hash only
    scene = scene_io.Scene(model.label, [scene_io.RunSpec("gd")], [(0.0, 0.0)], 5, model=model)
    path = tmp_path / "s.json"
    scene_io.save(scene, path)
    assert "rows" not in json.loads(path.read_text())["model"]["data"]
    assert scene_io.load(path).make_surface().n_rows == 50
    copy.write_text(copy.read_text().replace("2.047", "2.048"))
    with pytest.raises(scene_io.SceneError) as info:
        scene_io.load(path)
    assert str(info.value) == (f"scene field 'model': {copy} has changed since the scene was saved (its sha256 "
                               "differs); open it again to use its new contents")


def test_old_scenes_open_unchanged_and_bad_model_fields_are_named():
    old = scene_io.loads('{"version": 1, "surface": "bowl", "runs": [{"optimizer": "gd"}], "starts": [[1, 1]], '
                         '"steps": 5}')
    assert old.model is None and "model" not in scene_io.to_dict(old)
    base = {"version": 1, "runs": [{"optimizer": "gd"}], "starts": [[0, 0]], "steps": 5}
    graph = Path(LINEAR).read_text()
    for model, field in [({"graph": graph, "axes": ["w"]}, "model.axes"),
                         ({"graph": graph, "axes": ["w", "b"], "data": {"columns": ["x", "y"], "rows": [[1, "a"]]}},
                          "model.data.rows[0][1]"),
                         ({"graph": graph, "axes": ["w", "b"], "extra": 1}, "model.extra"),
                         ({"graph": "param w = 1\nloss L = w*", "axes": ["w", "b"]}, "model")]:
        with pytest.raises(scene_io.SceneError) as info:
            scene_io.from_dict({**base, "model": model})
        assert info.value.field == field


def test_a_batch_on_a_formula_scene_is_refused_naming_the_run():
    with pytest.raises(scene_io.SceneError) as info:
        scene_io.from_dict({"version": 1, "surface": "bowl", "runs": [{"optimizer": "gd:batch=2"}],
                            "starts": [[0, 0]], "steps": 5})
    assert info.value.field == "runs[0].optimizer"


def test_specs_keep_their_printed_form_and_the_seed_without_noise():
    assert optimizers.create("gd:lr=0.1").spec == "gd:lr=0.1"
    assert optimizers.create("gd:lr=0.1,batch=0,seed=0").spec == "gd:lr=0.1"
    assert optimizers.create("gd:lr=0.1,seed=7").spec == "gd:lr=0.1,seed=7"
    assert optimizers.create("gd:lr=0.1,batch=8,seed=7").spec == "gd:lr=0.1,seed=7,batch=8"
    assert optimizers.create("gd:lr=0.1,noise=0.5").spec == "gd:lr=0.1,noise=0.5,seed=0"
    with pytest.raises(ValueError, match="Invalid batch: expected a whole number"):
        optimizers.create("gd:batch=2.5")


def test_noise_adds_to_the_minibatch_gradient():
    """One GD step with noise: the batch-mean gradient plus the run's documented noise draw."""
    surface = scene_io.model_spec(LINEAR, "w,b", LINEAR_DATA).make_surface()
    opt = optimizers.create("gd:lr=0.1,batch=8,seed=3,noise=0.5")
    tr = runs.run(surface, opt, [(0.0, 0.0)], 1)
    g = surface.batch_value_grad(np.zeros(2), tr.batches[0])[1]
    z = optimizers.gradient_noise(3, [0], 1, 0.5)[0, 0]
    np.testing.assert_allclose(tr.path[1, 0], -0.1 * (g + z), rtol=1e-14)


def test_rundata_schema_lists_the_minibatch_keys():
    assert {"epoch", "batch_loss", "batch"} <= set(rundata.CSV_COLUMNS)
    for key in ("``batches``", "``epoch_starts``", "``batch_loss``", "``seed``"):
        assert key in rundata.__doc__


# --- presets ----------------------------------------------------------------------------------------

MODEL_PRESETS = ["linear_regression_gd_sgd_minibatch", "logistic_regression_cross_entropy",
                 "logistic_regression_squared_error", "xor_single_neuron", "network_2_2_2_w5_w6"]


def _preset_runs(name):
    scene = scene_io.load(ROOT / "resources/presets" / f"{name}.json")
    surface = scene.make_surface()
    return scene, surface, [runs.run(surface, optimizers.create(r.optimizer), scene.starts, scene.steps)
                            for r in scene.runs]


@pytest.mark.parametrize("name", MODEL_PRESETS)
def test_model_presets_open_self_contained_and_run(name):
    scene, surface, trs = _preset_runs(name)
    assert scene.model is not None and scene.title and scene.description
    assert scene.model.data_path is None or scene.model.data_rows is not None       # inline: no file needed
    assert all(tr.status == ["ok"] for tr in trs)
    for spec, tr in zip(scene.runs, trs):
        assert (tr.batches is not None) == (optimizers.create(spec.optimizer).batch > 0)


def test_the_presets_show_what_their_explanations_say():
    _, _, (gd, sgd, mini) = _preset_runs("linear_regression_gd_sgd_minibatch")
    assert sgd.loss[-1, 0] > 3 * gd.loss[-1, 0] and mini.loss[-1, 0] < 1.1 * gd.loss[-1, 0]   # SGD wanders
    assert sgd.epoch_starts[:2] == [0, 50] and mini.epoch_starts[:2] == [0, 7]
    _, _, (bce, _) = _preset_runs("logistic_regression_cross_entropy")
    _, _, (mse, _) = _preset_runs("logistic_regression_squared_error")
    assert bce.loss[15, 0] < 0.25 and mse.loss[25, 0] > 0.45      # the plateau of squared error after a sigmoid
    _, surface, trs = _preset_runs("xor_single_neuron")
    assert surface.value(np.zeros(2)) == pytest.approx(0.25, abs=1e-15)   # p = 0.5 on every row
    assert all(abs(tr.loss[-1, 0] - 0.25) < 0.01 for tr in trs)
    _, _, (gd, momentum) = _preset_runs("network_2_2_2_w5_w6")
    assert gd.path[1, 0, 0] == pytest.approx(0.35891648, abs=1e-8)      # the homework's updated w5
    assert momentum.loss[50, 0] < gd.loss[50, 0]


def test_a_minibatch_basin_map_has_the_paths_of_the_runs_it_stands_for():
    from core import swarm

    surface = scene_io.model_spec(BCE, "w,b", LOGISTIC_DATA).make_surface()
    opt = optimizers.create("adam:lr=0.2,batch=16,seed=2")
    bmap = swarm.basins(surface, opt, grid=5, steps=60)
    starts = np.stack(np.meshgrid(bmap.xs, bmap.ys), axis=-1).reshape(-1, 2)
    tr = runs.run(surface, opt, starts, 60)
    np.testing.assert_array_equal(bmap.final.reshape(-1, 2), tr.path[-1])


def test_inline_rows_without_a_file_hash_are_named_by_their_own_hash():
    graph = Path(LINEAR).read_text()
    base = {"version": 1, "runs": [{"optimizer": "gd:batch=1"}], "starts": [[0, 0]], "steps": 3}
    rows = {"columns": ["x", "y"], "rows": [[1, 2], [2, 4.5]]}
    one = scene_io.from_dict({**base, "model": {"graph": graph, "axes": ["w", "b"], "data": rows}})
    other = scene_io.from_dict({**base, "model": {"graph": graph, "axes": ["w", "b"],
                                                  "data": {**rows, "rows": [[1, 2], [2, 4.25]]}}})
    formulas = {s.make_surface().formula for s in (one, other)}
    assert len(formulas) == 2 and all("sha256 )" not in f for f in formulas)
    assert one.make_surface().value(np.array([2.0, 0.0])) == pytest.approx(((2 - 2) ** 2 + (4 - 4.5) ** 2) / 2)
