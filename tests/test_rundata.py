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
