"""The headless command line: output formats, negative coordinates, one-line errors with status 2."""
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import cli
from core import analysis, optimizers, surfaces

ROOT = Path(__file__).resolve().parents[1]


def run_cli(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_run_json_matches_the_core_in_optimizer_major_order(capsys):
    code, out, err = run_cli(capsys, "run", "--surface", "himmelblau", "--optimizer", "adam:lr=0.1",
                             "--optimizer", "gd", "--start", "-1.5,2", "--start=0.5,-1", "--steps", "20")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["surface"] == {"name": "himmelblau", "formula": "(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
                               "domain": [[-5.0, 5.0], [-5.0, 5.0]]}
    assert data["steps"] == 20
    assert [(r["optimizer"], r["start"]) for r in data["runs"]] == [
        ("adam", [-1.5, 2.0]), ("adam", [0.5, -1.0]), ("gd", [-1.5, 2.0]), ("gd", [0.5, -1.0])]
    tr = optimizers.run(surfaces.get("himmelblau"), optimizers.create("adam:lr=0.1"), [(-1.5, 2), (0.5, -1)], 20)
    np.testing.assert_array_equal(data["runs"][1]["path"], tr.path[:, 1])
    np.testing.assert_array_equal(data["runs"][1]["loss"], tr.loss[:, 1])
    assert data["runs"][0]["params"] == {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                                         "bias_correction": True}
    assert all(r["status"] == "ok" for r in data["runs"])


def test_run_json_stops_a_diverged_path_at_its_last_finite_point(capsys):
    code, out, _ = run_cli(capsys, "run", "--surface", "bowl", "--optimizer", "gd:lr=10", "--start", "1,1",
                           "--steps", "1000")
    run = json.loads(out)["runs"][0]
    assert code == 0 and run["status"] == "diverged"
    assert len(run["path"]) == 3 and len(run["loss"]) == len(run["path"])     # 19^3 > 3000: out of the box
    assert np.isfinite(run["path"]).all()


def test_a_start_where_f_is_undefined_gives_null_loss_not_invalid_json(capsys):
    code, out, _ = run_cli(capsys, "run", "--surface", "log(x) + y^2", "--optimizer", "gd", "--start", "-1,1",
                           "--steps", "3")
    run = json.loads(out)["runs"][0]
    assert code == 0 and run["status"] == "undefined"
    assert run["path"] == [[-1.0, 1.0]] and run["loss"] == [None]


def test_gui_without_a_display_says_so(capsys, monkeypatch):
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    code, _, err = run_cli(capsys, "gui")
    assert code == 2 and err.startswith("error: no display found")


def test_options_without_a_command_go_to_the_gui(monkeypatch):
    seen = {}
    monkeypatch.setitem(cli.COMMANDS, "gui", lambda args: seen.setdefault("lang", args.lang) and 0)
    assert cli.main(["--lang", "fa"]) == 0 and seen == {"lang": "fa"}


def test_run_csv_has_one_row_per_run_and_step(capsys):
    code, out, _ = run_cli(capsys, "run", "--surface", "rosenbrock", "--optimizer", "momentum",
                           "--optimizer", "adam", "--start", "-1,1", "--steps", "5", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 2 * 6
    assert rows[0]["optimizer"] == "momentum" and rows[6]["optimizer"] == "adam"
    assert [int(r["iteration"]) for r in rows[:6]] == list(range(6))
    tr = optimizers.run(surfaces.get("rosenbrock"), optimizers.create("adam"), [(-1, 1)], 5)
    assert float(rows[11]["x"]) == tr.path[5, 0, 0] and float(rows[11]["f"]) == tr.loss[5, 0]   # f: was loss


def test_run_out_writes_a_file(tmp_path, capsys):
    target = tmp_path / "runs.json"
    code, out, _ = run_cli(capsys, "run", "--surface", "x^2 + y^2", "--optimizer", "gd:lr=0.25",
                           "--start", "-2,0", "--steps", "1", "--out", str(target))
    assert code == 0 and out == ""
    data = json.loads(target.read_text())
    assert data["surface"]["name"] == "custom" and data["runs"][0]["path"] == [[-2.0, 0.0], [-1.0, 0.0]]
    assert list(tmp_path.iterdir()) == [target]      # no temporary left behind


def test_critical_json_and_table(capsys):
    code, out, _ = run_cli(capsys, "critical", "--surface", "saddle")
    data = json.loads(out)
    assert code == 0 and len(data["points"]) == 1
    point = data["points"][0]
    assert point["kind"] == "saddle" and point["eigenvalues"] == [-2.0, 2.0]
    assert np.allclose(point["xy"], [0, 0], atol=1e-9)
    code, out, _ = run_cli(capsys, "critical", "--surface", "himmelblau", "--format", "table")
    assert code == 0 and "9 critical point(s) in [-5, 5] × [-5, 5]" in out
    assert out.count("minimum") == 4 and out.count("saddle") == 4 and out.count("maximum") == 1
    assert len(analysis.critical_points(surfaces.get("himmelblau"))) == 9


def test_critical_names_the_box_it_searched(capsys):
    # (x - 4)^2 + y^2 has its minimum outside [-3, 3]^2: the formula's domain is fitted around it
    code, out, _ = run_cli(capsys, "critical", "--surface", "(x - 4)**2 + y**2", "--format", "table")
    assert code == 0 and out.splitlines()[-1] == "1 critical point(s) in [1, 7] × [-3, 3]"
    assert out.splitlines()[2].split() == ["4.00000", "0.00000", "0", "minimum", "2", "2"]
    code, out, _ = run_cli(capsys, "critical", "--surface", "(x - 4)**2 + y**2")
    data = json.loads(out)
    assert data["domain"] == [[1.0, 7.0], [-3.0, 3.0]] and data["surface"]["domain"] == data["domain"]
    assert [p["xy"] for p in data["points"]] == [[4.0, 0.0]] and data["flat_regions"] == []
    # a domain given is the one searched (and named), here without the point
    code, out, _ = run_cli(capsys, "critical", "--surface", "(x - 4)**2 + y**2", "--domain", "-3,3,-2,2",
                           "--format", "table")
    assert code == 0 and out.splitlines()[-1] == "0 critical point(s) in [-3, 3] × [-2, 2]"


def test_critical_reports_a_plateau_as_flat_regions(capsys):
    code, out, _ = run_cli(capsys, "critical", "--surface", "tanh(20*(x**2 + y**2 - 4))")
    data = json.loads(out)
    assert code == 0 and data["points"] == [] and data["domain"] == [[-3.0, 3.0], [-3.0, 3.0]]
    assert [r["value"] for r in data["flat_regions"]] == [1.0, -1.0]
    code, out, _ = run_cli(capsys, "critical", "--surface", "tanh(20*(x**2 + y**2 - 4))", "--format", "table")
    lines = out.splitlines()
    assert lines[2] == "0 critical point(s) in [-3, 3] × [-3, 3]"
    assert lines[3].startswith("flat region: f = 1 on ") and lines[4].startswith("flat region: f = -1 on ")


def test_every_command_that_takes_a_surface_takes_its_domain(capsys, tmp_path):
    formula = "(x - 4)**2 + y**2"
    code, out, _ = run_cli(capsys, "run", "--surface", formula, "--domain", "0,8,-4,4", "--optimizer", "gd",
                           "--start", "1,1", "--steps", "1")
    assert code == 0 and json.loads(out)["surface"]["domain"] == [[0.0, 8.0], [-4.0, 4.0]]
    code, _, _ = run_cli(capsys, "basins", "--surface", formula, "--domain", "0,8,-4,4", "--optimizer",
                         "gd:lr=0.1", "--grid", "4", "--steps", "50", "--out", str(tmp_path / "b.json"))
    basins = json.loads((tmp_path / "b.json").read_text())
    assert code == 0 and basins["domain"] == [[0.0, 8.0], [-4.0, 4.0]]
    assert basins["x"][0] > 0 and basins["x"][-1] < 8          # cell centres of the box given
    code, _, _ = run_cli(capsys, "sweep", "--surface", formula, "--domain", "0,8,-4,4", "--optimizer", "gd",
                         "--start", "1,1", "--lr-range", "0.01,0.1", "--count", "2", "--steps", "10",
                         "--out", str(tmp_path / "s.json"))
    sweep = json.loads((tmp_path / "s.json").read_text())
    assert code == 0 and sweep["tol"] == pytest.approx(1e-3 * np.hypot(8, 8))   # settling: of the box given
    assert [m["xy"] for m in sweep["minima"]] == [[4.0, 0.0]]
    code, _, _ = run_cli(capsys, "export", "--surface", formula, "--domain", "0,8,-4,4", "--optimizer", "gd",
                         "--start", "1,1", "--steps", "2", "--out", str(tmp_path / "e.json"))
    assert code == 0 and json.loads((tmp_path / "e.json").read_text())["scene"]["domain"] == [[0.0, 8.0],
                                                                                               [-4.0, 4.0]]
    for command in ("run", "critical", "basins", "sweep", "gui", "export"):
        code, _, err = run_cli(capsys, command, "--surface", formula, "--domain", "3,1,0,1")
        assert code == 2 and err.startswith("error: argument --domain: XMIN,XMAX: the minimum must be below")


def test_catalogues(capsys):
    code, out, _ = run_cli(capsys, "surfaces")
    assert code == 0 and all(name in out for name in surfaces.names())
    assert "(1 - x)**2 + 100*(y - x**2)**2" in out and "[-2,2]x[-1,3]" in out
    rows = [line for line in out.splitlines() if line.split(" ", 1)[0] in surfaces.names()]
    assert len({line.index(formula) for line, formula in                      # every formula in one column
                zip(rows, [surfaces.get(n).formula for n in surfaces.names()])}) == 1
    code, out, _ = run_cli(capsys, "optimizers", "--format", "json")
    data = {o["name"]: o for o in json.loads(out)}
    assert list(data) == optimizers.names()
    assert data["adam"]["parameters"]["beta2"]["default"] == 0.999
    assert data["rmsprop"]["parameters"]["alpha"]["maximum"] == 1.0


@pytest.mark.parametrize("argv, words", [
    (["run", "--surface", "foo", "--optimizer", "gd", "--start", "1,1"], "unknown surface 'foo'"),
    (["run", "--surface", "__import__('os').system('echo hi')", "--optimizer", "gd", "--start", "1,1"],
     "not allowed"),
    (["run", "--surface", "x**", "--optimizer", "gd", "--start", "1,1"], "cannot read"),
    (["run", "--surface", "bowl", "--optimizer", "adam:lr=-1", "--start", "1,1"], "lr"),
    (["run", "--surface", "bowl", "--optimizer", "adamw2", "--start", "1,1"], "unknown optimizer"),
    (["run", "--surface", "bowl", "--optimizer", "gd", "--start", "1,abc"], "--start"),
    (["run", "--surface", "bowl", "--optimizer", "gd", "--start", "1"], "--start"),
    (["run", "--surface", "bowl", "--optimizer", "gd", "--start", "nan,1"], "finite"),
    (["run", "--surface", "bowl", "--optimizer", "gd", "--start", "1,1", "--steps", "-3"], "--steps"),
    (["run", "--surface", "bowl", "--optimizer", "gd", "--start", "1,1", "--steps", "999999"], "--steps"),
    (["run", "--surface", "bowl", "--optimizer", "gd", "--start", "1,1", "--format", "xml"], "--format"),
    (["run", "--surface", "bowl", "--start", "1,1"], "--optimizer"),
    (["critical", "--surface", "9**9**9"], "too large"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_input_is_one_error_line_and_status_2(capsys, argv, words):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and words in err


def test_unwritable_out_is_an_error_not_a_traceback(capsys, tmp_path):
    code, _, err = run_cli(capsys, "run", "--surface", "bowl", "--optimizer", "gd", "--start", "1,1",
                           "--out", str(tmp_path / "missing" / "x.json"))
    assert code == 2 and err.startswith("error: cannot write")


@pytest.mark.slow
def test_entry_point_as_a_process_with_a_negative_start():
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "run", "--surface", "bowl", "--optimizer",
                           "gd:lr=0.5", "--start", "-1.5,2", "--steps", "1"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["runs"][0]["path"] == [[-1.5, 2.0], [0.0, 0.0]]
    bad = subprocess.run([sys.executable, str(ROOT / "main.py"), "run", "--surface", "nope()", "--optimizer", "gd",
                          "--start", "1,1"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stderr.startswith("error: ") and "Traceback" not in bad.stderr


# --- values that start with a minus ---------------------------------------------------------------

@pytest.mark.parametrize("domain", [["--domain", "-5,5,-5,0"], ["--domain=-5,5,-5,0"], ["--dom", "-5,5,-5,0"],
                                    ["--domain", "-5,5", "-5,0"], ["--domain=-5,5", "-5,0"]])
def test_critical_takes_a_negative_domain_in_every_form(capsys, domain):
    code, out, err = run_cli(capsys, "critical", "--surface", "himmelblau", *domain)
    assert code == 0, err
    expected = analysis.critical_points(surfaces.get("himmelblau"), domain=((-5, 5), (-5, 0)))
    points = json.loads(out)["points"]
    assert len(points) == len(expected) == 5                    # 2 minima, 2 saddles, the maximum (y < 0)
    assert np.allclose([p["xy"] for p in points], [p.xy for p in expected])
    assert all(p["xy"][1] < 0 for p in points)


def test_a_formula_starting_with_a_minus_is_a_surface(capsys):
    code, out, err = run_cli(capsys, "run", "--surface", "-(x^2) + y^2", "--optimizer", "gd:lr=0.5",
                             "--start", "-.5,-1", "--steps", "1")
    assert code == 0, err
    data = json.loads(out)
    assert data["surface"]["formula"] == "-(x**2) + y**2"
    assert data["runs"][0]["path"] == [[-0.5, -1.0], [-1.0, 0.0]]     # x moves away from 0, y to 0
    code, out, err = run_cli(capsys, "critical", "--surface", "-(x^2+y^2)", "--format=json")
    assert code == 0, err
    assert [p["kind"] for p in json.loads(out)["points"]] == ["maximum"]


@pytest.mark.parametrize("argv, words", [
    (["run", "--surface", "bowl", "--optimizer", "gd", "--start", "-inf,0"], "argument --start: coordinates must be"
                                                                              " finite numbers, got '-inf,0'"),
    (["run", "--surface", "-x**", "--optimizer", "gd", "--start", "1,1"], "cannot read"),
    (["run", "--surface", "--optimizer", "gd", "--start", "1,1"], "argument --surface: expected one argument"),
    (["run", "--surface", "bowl", "--optimizer", "gd", "--start"], "argument --start: expected one argument"),
    (["run", "--surface", "bowl", "--optimizer", "-gd", "--start", "1,1"], "unknown optimizer"),
    (["sweep", "--surface", "bowl", "--optimizer", "gd", "--start", "1,1", "--lr-range", "-1,1", "--out", "x.png"],
     "argument --lr-range: expected A,B with 0 < A < B, got '-1,1'"),
    (["critical", "--surface", "bowl", "--domain", "5,-5,-5,5"], "argument --domain: XMIN,XMAX: the minimum must"),
    (["critical", "--surface", "bowl", "--domain", "-5,5"], "four numbers"),
    (["critical", "--surface", "bowl", "--domain", "-5,5", "--format", "table"], "four numbers"),
    (["critical", "--surface", "bowl", "--domain", "-1e300,1e300,-1,1"], "within"),
    (["critical", "--surface", "bowl", "--domain", "0,1,1,1.0000000000001"], "YMIN,YMAX: the range"),
    (["export", "--surface", "bowl", "--optimizer", "gd", "--start", "1,1", "--steps", "-2", "--out", "x.png"],
     "argument --steps: must be between 0 and 100000, got -2"),
])
def test_values_starting_with_a_minus_reach_their_own_validation(capsys, argv, words):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and words in err, err


# --- options -> scene: one rule for gui and export (cli.scenes) -----------------------------------

PRESET = str(ROOT / "resources/presets/saddle_escape.json")      # saddle_escape, 3 runs, start (1.8, 0.001), 150 steps


def _scene(*argv, command="export"):
    from cli.parser import join_values
    from cli.scenes import default_scene, scene_from_options

    extra = ["--out", "x.json"] if command == "export" else []
    parser = cli.build_parser()
    args = parser.parse_args(join_values(parser, [command, *argv, *extra]))
    return scene_from_options(args, None if command == "export" else default_scene())


def test_options_replace_their_parts_of_a_scene_file_in_gui_and_export_alike():
    for command in ("export", "gui"):
        scene = _scene("--scene", PRESET, "--steps", "40", "--optimizer", "adam:lr=0.1", command=command)
        assert (scene.surface, scene.steps, [r.optimizer for r in scene.runs]) == ("saddle_escape", 40, ["adam:lr=0.1"])
        assert scene.starts == [(1.8, 0.001)] and scene.title == ""     # the rest: the file's; other runs: no text
        assert _scene("--scene", PRESET, "--steps", "40", command=command).title.startswith("Saddle escape")
        # another surface: its own domain and its known good start (app.model's table: himmelblau (-0.5, -4))
        scene = _scene("--scene", PRESET, "--surface", "himmelblau", command=command)
        assert (scene.surface, scene.domain, scene.view, scene.starts) == ("himmelblau", None, None, [(-0.5, -4.0)])
        assert len(scene.runs) == 3 and scene.steps == 150
        assert scene.title == scene.description == ""         # the preset's explanation told of its saddle
        scene = _scene("--scene", PRESET, "--surface", "bowl", "--start", "1,-1", command=command)
        assert scene.starts == [(1.0, -1.0)]
        # a domain that leaves the file's start outside gets the default start inside it
        scene = _scene("--scene", PRESET, "--domain", "-4,-2,-1,1", command=command)
        assert scene.domain == ((-4.0, -2.0), (-1.0, 1.0))
        assert all(-4 <= x <= -2 and -1 <= y <= 1 for x, y in scene.starts)
    assert _scene("--surface", "bowl", "--optimizer", "gd", "--start", "1,1").steps == 500    # core.defaults


def test_export_with_a_scene_and_options_writes_the_combined_scene(capsys, tmp_path):
    out = tmp_path / "e.json"
    code, _, err = run_cli(capsys, "export", "--scene", PRESET, "--optimizer", "gd:lr=0.01", "--steps", "7",
                           "--out", str(out))
    assert code == 0 and err == ""
    doc = json.loads(out.read_text())["scene"]
    assert doc["surface"] == "saddle_escape" and doc["steps"] == 7 and doc["starts"] == [[1.8, 0.001]]
    assert [r["optimizer"] for r in doc["runs"]] == ["gd:lr=0.01"]


@pytest.mark.parametrize("argv, words", [
    (["--scene", "{missing}"], "cannot read"),
    (["--scene", PRESET, "--optimizer", "adam:beta1=1.5"], "--optimizer: "),
    (["--scene", PRESET, "--surface", "x**2 +* y"], "--surface: "),
    (["--scene", PRESET, "--iteration", "151"], "--iteration 151 is beyond --steps 150"),
])
def test_gui_bad_input_takes_the_common_exit_path_before_any_window(capsys, tmp_path, argv, words):
    argv = [a.replace("{missing}", str(tmp_path / "no.json")) for a in argv]
    code, out, err = run_cli(capsys, "gui", *argv, "--screenshot", str(tmp_path / "s.png"))
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and words in err, err
    assert list(tmp_path.iterdir()) == []
