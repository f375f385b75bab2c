"""Scene files: JSON round trip, validation naming the bad field, presets that open and run."""
import json
from pathlib import Path

import numpy as np
import pytest

from core import optimizers, runs, scene, surfaces
from core.scene import RunSpec, Scene, SceneError

PRESETS = sorted((Path(__file__).resolve().parent.parent / "resources" / "presets").glob("*.json"))


def _example() -> Scene:
    return Scene(surface="rosenbrock",
                 runs=[RunSpec("gd:lr=0.001", "#0072b2"), RunSpec("adam:lr=0.05,beta1=0.8", None, False)],
                 starts=[(-1.5, 2.0), (0.5, -0.5)], steps=300, view=((-2.0, 2.0), (-1.0, 3.0)),
                 title="Rosenbrock", description="the valley")


def _good() -> dict:
    return scene.to_dict(_example())


def test_round_trip_gives_the_same_scene_and_trajectories(tmp_path):
    original = _example()
    target = tmp_path / "s.json"
    scene.save(original, target)
    loaded = scene.load(target)
    assert loaded == original
    data = json.loads(target.read_text())
    assert data["version"] == scene.SCENE_VERSION
    assert data["runs"][1] == {"optimizer": "adam:lr=0.05,beta1=0.8", "color": None, "visible": False}

    surface = surfaces.get(loaded.surface)
    for a, b in zip(original.runs, loaded.runs, strict=True):
        before = optimizers.run(surfaces.get(original.surface), optimizers.create(a.optimizer),
                                np.array(original.starts), original.steps)
        after = optimizers.run(surface, optimizers.create(b.optimizer), np.array(loaded.starts), loaded.steps)
        np.testing.assert_array_equal(before.path, after.path)


def test_formula_surface_and_no_view_round_trip(tmp_path):
    s = Scene(surface="x**2 - 3*y**2 + x*y", runs=[RunSpec("momentum:lr=0.02,momentum=0.5")],
              starts=[(0.1, 0.2)], steps=0)
    scene.save(s, tmp_path / "f.json")
    assert scene.load(tmp_path / "f.json") == s


def _with(**changes) -> dict:
    data = _good()
    for key, value in changes.items():
        if value is _DELETE:
            del data[key]
        else:
            data[key] = value
    return data


_DELETE = object()


@pytest.mark.parametrize("data, field", [
    (_with(version=2), "version"),
    (_with(version="1"), "version"),
    (_with(version=_DELETE), "version"),
    (_with(surface=_DELETE), "surface"),
    (_with(steps=_DELETE), "steps"),
    (_with(runs=_DELETE), "runs"),
    (_with(starts=_DELETE), "starts"),
    (_with(steps="500"), "steps"),
    (_with(steps=12.5), "steps"),
    (_with(steps=True), "steps"),
    (_with(steps=100_001), "steps"),
    (_with(steps=-1), "steps"),
    (_with(surface=3), "surface"),
    (_with(surface="__import__('os').system('echo hacked')"), "surface"),
    (_with(surface="x.__class__"), "surface"),
    (_with(surface="9**9**9"), "surface"),
    (_with(starts=[[1.0, float("nan")]]), "starts[0][1]"),
    (_with(starts=[[1.0, 2.0], [float("inf"), 0]]), "starts[1][0]"),
    (_with(starts=[[1.0]]), "starts[0]"),
    (_with(starts=[]), "starts"),
    (_with(starts=[["1", 2]]), "starts[0][0]"),
    (_with(runs="adam"), "runs"),
    (_with(runs=[{"color": "#000000"}]), "runs[0].optimizer"),
    (_with(runs=[{"optimizer": "adam:lr=-1"}]), "runs[0].optimizer"),
    (_with(runs=[{"optimizer": "gd"}, {"optimizer": "sgdd"}]), "runs[1].optimizer"),
    (_with(runs=[{"optimizer": "gd", "color": "red"}]), "runs[0].color"),
    (_with(runs=[{"optimizer": "gd", "visible": "yes"}]), "runs[0].visible"),
    (_with(runs=[{"optimizer": "gd", "colour": "#000000"}]), "runs[0].colour"),
    (_with(view=[[1.0, 0.0], [0.0, 1.0]]), "view[0]"),
    (_with(view=[[0.0, 1.0], [0.0, float("nan")]]), "view[1][1]"),
    (_with(view="all"), "view"),
    (_with(domain=[[1.0, 0.0], [0.0, 1.0]]), "domain[0]"),
    (_with(domain=[[0.0, 1.0], [0.0, 1e200]]), "domain[1]"),
    (_with(domain=[[0.0, 1.0]]), "domain"),
    (_with(title=["x"]), "title"),
    (_with(stepz=10), "stepz"),
])
def test_bad_scene_is_refused_naming_the_field(data, field, tmp_path):
    target = tmp_path / "bad.json"
    # json.dumps writes NaN/Infinity literally, as a careless writer would: refused by field
    target.write_text(json.dumps(data))
    with pytest.raises(SceneError) as info:
        scene.load(target)
    assert info.value.field == field
    message = str(info.value)
    assert f"'{field}'" in message and "\n" not in message


@pytest.mark.parametrize("text", ["", "{", "[1, 2]", "null", '"scene"'])
def test_unreadable_json_is_one_line_error(text, tmp_path):
    target = tmp_path / "bad.json"
    target.write_text(text)
    with pytest.raises(SceneError) as info:
        scene.load(target)
    assert info.value.field is None and "\n" not in str(info.value)


def test_missing_file_and_binary_file(tmp_path):
    with pytest.raises(SceneError, match="cannot read"):
        scene.load(tmp_path / "nope.json")
    (tmp_path / "b.json").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(SceneError, match="UTF-8"):
        scene.load(tmp_path / "b.json")


def test_save_refuses_an_invalid_scene_and_keeps_the_target(tmp_path):
    target = tmp_path / "s.json"
    target.write_text("old")
    bad = _example()
    bad.steps = 200_000
    with pytest.raises(SceneError) as info:
        scene.save(bad, target)
    assert info.value.field == "steps"
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]   # no temporary file left behind


def test_presets_exist_and_cover_the_issue():
    names = {p.stem for p in PRESETS}
    assert len(PRESETS) >= 6, names
    surfaces_used = {scene.load(p).surface for p in PRESETS}
    assert {"ravine", "saddle_escape", "saddle", "rosenbrock", "himmelblau"} <= surfaces_used


@pytest.mark.parametrize("path", PRESETS, ids=lambda p: p.stem)
def test_every_preset_opens_and_runs(path):
    s = scene.load(path)
    assert s.title and s.description and s.runs and s.starts
    surface = s.make_surface()
    for run in s.runs:
        tr = runs.run(surface, optimizers.create(run.optimizer), np.array(s.starts), s.steps)
        assert tr.path.shape == (s.steps + 1, len(s.starts), 2)
        assert tr.status == ["ok"] * len(s.starts), (run.optimizer, tr.status)


# --- view ranges that cannot be drawn (brief F) ---------------------------------------------------

@pytest.mark.parametrize("view, field, message", [
    ([[-1e308, 1e308], [0, 1]], "view[0]", "the coordinates must be within ±1e+100, got [-1e+308, 1e+308]"),
    ([[0, 1], [1e200, 1.5e200]], "view[1]", "within ±1e+100"),
    ([[0, 1e-300], [0, 1]], "view[0]", "the range [0, 1e-300] is too narrow: its width must be at least 1e-100"),
    ([[0, 1], [1, 1.0000000000001]], "view[1]", "[1, 1.0000000000001] is too narrow: its width must be at least 1e-09"),
    ([[1e15, 1e15 + 1e5], [0, 1]], "view[0]", "at least 1e+06"),
])
def test_a_view_too_wide_or_too_narrow_to_draw_is_refused_naming_the_axis(view, field, message):
    with pytest.raises(SceneError) as info:
        scene.from_dict(_with(view=view))
    assert info.value.field == field
    assert str(info.value) == f"scene field '{field}': " + str(info.value.detail) and message in str(info.value)
    assert info.value.detail.template.startswith("the ")          # a template of its own, translated


@pytest.mark.parametrize("view", [[[-1e100, 1e100], [0, 1e-100]], [[1e15, 1e15 + 1e7], [-1e-6, 1e-6]],
                                  [[-5, 5], [-5, 5]]])
def test_wide_and_narrow_views_within_the_bounds_load(view):
    assert scene.from_dict(_with(view=view)).view == tuple(map(tuple, view))


def test_the_step_range_is_one_constant():
    import cli

    assert (scene.MIN_STEPS, scene.MAX_STEPS) == (0, 100_000)
    assert cli.MAX_STEPS is scene.MAX_STEPS and cli.MIN_STEPS is scene.MIN_STEPS
    assert scene.from_dict(_with(steps=scene.MAX_STEPS)).steps == scene.MAX_STEPS
    for steps in (scene.MIN_STEPS - 1, scene.MAX_STEPS + 1):
        with pytest.raises(SceneError, match="steps"):
            scene.from_dict(_with(steps=steps))


def test_a_domain_set_by_the_student_round_trips_and_old_files_have_none(tmp_path):
    s = Scene(surface="(x - 4)**2 + y**2", runs=[RunSpec("gd:lr=0.1")], starts=[(2.0, 1.0)], steps=10,
              domain=((0.0, 8.0), (-2.0, 2.0)))
    scene.save(s, tmp_path / "d.json")
    assert json.loads((tmp_path / "d.json").read_text())["domain"] == [[0.0, 8.0], [-2.0, 2.0]]
    loaded = scene.load(tmp_path / "d.json")
    assert loaded == s and loaded.make_surface().domain == ((0.0, 8.0), (-2.0, 2.0))
    # a file written before domains existed (and a scene without one) has none: the surface's own is used
    old = scene.from_dict(_good())
    assert old.domain is None and "domain" not in scene.to_dict(old)
    assert old.make_surface().domain == surfaces.get("rosenbrock").domain
    assert Scene("(x - 4)**2 + y**2", starts=[(4.0, 0.0)]).make_surface().domain == ((1.0, 7.0), (-3.0, 3.0))
