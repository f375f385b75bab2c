"""Run data files: every value equals optimizers.run / Surface.grad / analysis.hessian_eigenvalues."""
import csv
import io
import json

import numpy as np
import pytest

from core import analysis, optimizers, rundata, surfaces
from core.scene import RunSpec, Scene


@pytest.fixture
def scene():
    return Scene("rosenbrock", [RunSpec("gd:lr=0.001"), RunSpec("adam:lr=0.05", visible=False)],
                 [(-1.5, 2.0), (0.5, -0.5)], steps=50)


def test_compute_matches_the_core(scene):
    runs = rundata.compute(scene)
    assert [(r.run, r.start_index) for r in runs] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    s = surfaces.get("rosenbrock")
    tr = optimizers.run(s, optimizers.create("adam:lr=0.05"), np.array(scene.starts), 50)
    r = runs[3]
    np.testing.assert_array_equal(r.path, tr.path[:, 1])
    np.testing.assert_array_equal(r.loss, tr.loss[:, 1])
    np.testing.assert_array_equal(r.grad, s.grad(tr.path[:, 1]))
    np.testing.assert_array_equal(r.eigenvalues, analysis.hessian_eigenvalues(s, tr.path[:, 1]))
    # at the start (-1.5, 2): grad = (-2(1-x) - 400x(y-x^2), 200(y-x^2)) = (-5 - 400*(-1.5)*(-0.25), -50)
    np.testing.assert_allclose(runs[0].grad[0], [-155.0, -50.0])
    assert runs[0].grad_norm[0] == pytest.approx(np.hypot(155, 50))
    assert r.visible is False and runs[0].visible is True


def test_csv_values_equal_optimizers_run(scene):
    runs = rundata.compute(scene)
    rows = list(csv.DictReader(io.StringIO(rundata.to_csv(runs))))
    assert tuple(rows[0]) == rundata.CSV_COLUMNS
    assert len(rows) == 4 * 51
    s = surfaces.get("rosenbrock")
    for k, spec in enumerate(["gd:lr=0.001", "adam:lr=0.05"]):
        tr = optimizers.run(s, optimizers.create(spec), np.array(scene.starts), 50)
        for i in range(2):
            mine = [r for r in rows if r["run"] == str(2 * k + i)]
            assert mine[0]["spec"] == optimizers.create(spec).spec and mine[0]["start"] == str(i)
            xy = np.array([[float(r["x"]), float(r["y"])] for r in mine])
            np.testing.assert_array_equal(xy, tr.path[:, i])          # exact: repr round-trips
            np.testing.assert_array_equal([float(r["f"]) for r in mine], tr.loss[:, i])
            lam = analysis.hessian_eigenvalues(s, tr.path[:, i])
            got = [[float(r["lambda_min"]), float(r["lambda_max"])] for r in mine]
            np.testing.assert_array_equal(got, lam)
            assert {r["status"] for r in mine} == {"ok"}


def test_json_values_equal_optimizers_run_and_hold_the_scene(scene):
    doc = json.loads(rundata.to_json(scene, rundata.compute(scene)))
    assert doc["surface"] == {"name": "rosenbrock", "formula": "(1 - x)**2 + 100*(y - x**2)**2",
                              "domain": [[-2.0, 2.0], [-1.0, 3.0]]}      # the domain: as in `run`'s JSON
    assert doc["scene"]["runs"][1] == {"optimizer": "adam:lr=0.05", "color": None, "visible": False}
    gd = optimizers.create("gd:lr=0.001")
    tr = optimizers.run(surfaces.get("rosenbrock"), gd, np.array(scene.starts), 50)
    run = doc["runs"][1]
    assert run["start"] == [0.5, -0.5] and run["status"] == "ok" and run["iteration"] == list(range(51))
    np.testing.assert_array_equal(np.c_[run["x"], run["y"]], tr.path[:, 1])
    np.testing.assert_array_equal(run["f"], tr.loss[:, 1])
    assert run["label"] == "GD lr=0.001" and run["params"] == gd.params and run["params"]["lr"] == 0.001


def test_diverged_run_stops_at_last_finite_with_status_and_valid_json():
    scene = Scene("bowl", [RunSpec("gd:lr=1e200")], [(1.0, 1.0)], steps=20)
    runs = rundata.compute(scene)
    r = runs[0]
    assert r.status == "diverged" and r.last_finite < 20
    rows = list(csv.DictReader(io.StringIO(rundata.to_csv(runs))))
    assert len(rows) == r.last_finite + 1 and {row["status"] for row in rows} == {"diverged"}
    text = rundata.to_json(scene, runs)
    assert "NaN" not in text and "Infinity" not in text
    doc = json.loads(text)
    assert doc["runs"][0]["status"] == "diverged" and len(doc["runs"][0]["x"]) == r.last_finite + 1


# --- one format for `run` and `export`, and run data that opens as a scene ---------------------------

def test_run_and_export_write_the_same_csv_header_and_values(tmp_path, capsys):
    import cli

    args = ["--surface", "himmelblau", "--optimizer", "adam:lr=0.1", "--optimizer", "gd", "--start", "-1,1",
            "--start", "2,2", "--steps", "8", "--domain", "-6,6,-6,6"]
    assert cli.main(["run", *args, "--format", "csv"]) == 0
    ran = capsys.readouterr().out
    assert cli.main(["export", *args, "--out", str(tmp_path / "runs.csv")]) == 0
    exported = (tmp_path / "runs.csv").read_text()
    assert ran.splitlines()[0] == exported.splitlines()[0] == ",".join(rundata.CSV_COLUMNS)
    assert ran == exported
    rows = rundata.read_csv_rows(ran)
    # run 3 = gd from the second start (optimizer-major); grad of Himmelblau at (2, 2): (4x(x²+y-11) + 2(x+y²-7),
    # 2(x²+y-11) + 4y(x+y²-7)) = (8·(-5) + 2·(-1), 2·(-5) + 8·(-1)) = (-42, -18); f = 25 + 1 = 26
    first = next(r for r in rows if r["run"] == "3")
    assert (first["start"], first["start_x"], first["start_y"], first["iteration"]) == ("1", "2.0", "2.0", "0")
    assert (float(first["f"]), float(first["grad_x"]), float(first["grad_y"])) == (26.0, -42.0, -18.0)


def test_old_csv_column_names_read_as_the_new_ones():
    rows = rundata.read_csv_rows("run,optimizer,spec,start_x,start_y,iteration,x,y,loss,status\n"
                                 "0,gd,gd:lr=0.01,1.0,2.0,0,1.0,2.0,5.0,ok\n")
    assert rows[0]["f"] == "5.0" and "loss" not in rows[0]


def test_exported_json_opens_as_the_same_scene_and_regenerates_the_same_paths(tmp_path):
    from core import scene as scene_io

    original = Scene("x^2 + 3*y^2 - x*y", [RunSpec("momentum:lr=0.05", "#0072b2"), RunSpec("adam:lr=0.1", None, False)],
                     [(-2.0, 1.5), (1.0, -1.0)], steps=40, view=((-3.0, 3.0), (-2.0, 2.0)),
                     domain=((-4.0, 4.0), (-4.0, 4.0)))
    runs = rundata.compute(original)
    path = tmp_path / "runs.json"
    path.write_text(rundata.to_json(original, runs))
    loaded = scene_io.load(path)
    assert scene_io.to_dict(loaded) == scene_io.to_dict(original)
    again = rundata.compute(loaded)
    assert [(r.run, r.start_index, r.status) for r in again] == [(r.run, r.start_index, r.status) for r in runs]
    for a, b in zip(runs, again):
        np.testing.assert_array_equal(a.path, b.path)


def test_run_json_opens_as_a_scene(tmp_path, capsys):
    import cli
    from core import scene as scene_io

    target = tmp_path / "runs.json"
    assert cli.main(["run", "--surface", "rosenbrock", "--optimizer", "gd:lr=0.001", "--start", "-1.5,2",
                     "--steps", "12", "--out", str(target)]) == 0
    loaded = scene_io.load(target)
    assert (loaded.surface, loaded.starts, loaded.steps, loaded.domain) == ("rosenbrock", [(-1.5, 2.0)], 12, None)
    assert [r.optimizer for r in loaded.runs] == [optimizers.create("gd:lr=0.001").spec]
    doc = json.loads(target.read_text())
    np.testing.assert_array_equal(doc["runs"][0]["path"], rundata.compute(loaded)[0].path)


@pytest.mark.parametrize("change, field", [
    ({"format": "optiscope-figure"}, "format"),
    ({"version": 7}, "version"),
    ({"scene": [1, 2]}, "scene"),
    ({"scene": {"version": 1, "surface": "bowl", "runs": [{"optimizer": "adam:lr=-1"}], "starts": [[0, 1]],
                "steps": 3}}, "scene.runs[0].optimizer"),
])
def test_a_bad_run_data_document_names_its_field(change, field):
    from core import scene as scene_io

    doc = rundata.to_json_data(Scene("bowl", [RunSpec("gd")], [(1.0, 1.0)], steps=2),
                               rundata.compute(Scene("bowl", [RunSpec("gd")], [(1.0, 1.0)], steps=2)))
    with pytest.raises(scene_io.SceneError) as info:
        scene_io.from_dict(doc | change)
    assert info.value.field == field and str(info.value).startswith(f"scene field '{field}'")


def test_a_large_run_data_file_opens_but_a_large_scene_does_not(tmp_path):
    from core import scene as scene_io

    scene = Scene("bowl", [RunSpec("gd:lr=0.001")] * 8, [(1.0, 1.0)] * 8, steps=600)
    big = tmp_path / "runs.json"
    big.write_text(rundata.to_json(scene, rundata.compute(scene)))
    assert big.stat().st_size > scene_io.MAX_FILE_BYTES
    assert scene_io.load(big).steps == 600
    padded = tmp_path / "padded.json"
    padded.write_text(scene_io.dumps(scene) + " " * scene_io.MAX_FILE_BYTES)
    with pytest.raises(scene_io.SceneError, match="too large to be a scene file"):
        scene_io.load(padded)


# --- the derived quantities: computed once, on the trajectory ------------------------------------------

def test_derived_quantities_are_computed_once_and_dropped_when_paths_change():
    s = surfaces.get("rosenbrock")
    opt = optimizers.create("adam:lr=0.05")
    tr = optimizers.run(s, opt, [(-1.5, 2.0), (0.5, -0.5)], 20).owned()
    assert tr.grad_norm is tr.grad_norm and tr.eigenvalues is tr.eigenvalues
    np.testing.assert_allclose(tr.grad_norm[0, 0], np.hypot(155, 50))
    moved = optimizers.run(s, opt, [(1.0, 1.0)], 20, indices=[1])
    tr.patch([1], moved)
    np.testing.assert_array_equal(tr.path[:, 1], moved.path[:, 0])
    assert tr.grad_norm[0, 1] == 0.0           # (1, 1) is Rosenbrock's minimum: recomputed, not the cached value
    np.testing.assert_array_equal(tr.eigenvalues[:, 1], analysis.hessian_eigenvalues(s, moved.path[:, 0]))


def test_a_failed_run_is_its_starts_then_nan_diverged_at_step_zero():
    tr = optimizers.Trajectory.failed(surfaces.get("bowl"), [(1.0, 2.0)], 5, "boom")
    assert tr.error == "boom" and tr.status == ["diverged"] and tr.last_finite.tolist() == [0]
    np.testing.assert_array_equal(tr.path[0], [[1.0, 2.0]])
    assert np.isnan(tr.path[1:]).all() and np.isfinite(tr.loss[0]).all() and np.isnan(tr.loss[1:]).all()
