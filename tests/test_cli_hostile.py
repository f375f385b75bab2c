"""Hostile input on the command line: the contract is exit status 2, one line ``error: ...`` on stderr, no file
changed, and never a traceback, a stray warning, a hang or an OverflowError. Property tests (hypothesis) over
formulas, specs, start points, steps and scene JSON, and subprocess tests for signals and standard output."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cli
from core import budget, formula, surfaces
from core import scene as scenes
from core.errors import FormulaError

ROOT = Path(__file__).resolve().parents[1]
HUGE = "1" + "0" * 400              # an integer beyond float64: float() raises OverflowError
HUGER = "1" + "0" * 5000            # beyond Python's 4300-digit int() limit


def _cli(*argv, env=None, cwd=ROOT, **kwargs):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {}))
    return subprocess.run([sys.executable, "-W", "error", str(ROOT / "main.py"), *argv], capture_output=True,
                          env=env, timeout=120, cwd=cwd, **kwargs)


def _one_error_line(result) -> str:
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, err
    assert err.count("\n") == 1 and err.startswith("error: "), err
    return err


def _scene(**fields) -> dict:
    data = {"version": 1, "surface": "bowl", "runs": [{"optimizer": "gd"}], "starts": [[1, 1]], "steps": 10}
    data.update(fields)
    return data


# --- every error path, in a real process with warnings as errors ---------------------------------

BAD = [
    ["run", "--surface", f"x*{HUGE}", "--optimizer", "gd", "--start", "1,1"],
    ["run", "--surface", f"x**{HUGE}", "--optimizer", "gd", "--start", "1,1"],
    ["critical", "--surface", f"x**2 + {HUGE}*y"],
    ["run", "--surface", "bowl", "--optimizer", f"gd:lr={HUGE}", "--start", "1,1"],
    ["run", "--surface", "bowl", "--optimizer", "gd", "--start", f"{HUGE},1"],
    ["run", "--surface", "bowl", "--optimizer", "gd", "--start", "1,1", "--steps", HUGER],
    ["run", "--surface", "(-8)**(1/3)*x", "--optimizer", "gd", "--start", "1,1"],
    ["run", "--surface", "sqrt(-1)*x + y", "--optimizer", "gd", "--start", "1,1"],
    ["run", "--surface", "(x # a comment\n + y)", "--optimizer", "gd", "--start", "1,1"],
    ["run", "--surface", "bowl", "--optimizer", "gd", "--start", "1,1", "--out", "x.json/"],
    ["run", "--surface", "bowl", "--optimizer", "gd", "--start", "1,1", "--out", "/no/such/folder/x.json"],
    ["export", "--scene", "/dev/zero", "--out", "x.png"],
    ["export", "--surface", "bowl", "--optimizer", "gd", "--start", "1,1", "--out", "x.png/"],
    ["basins", "--surface", f"{HUGE}*x", "--optimizer", "gd", "--out", "b.png"],
    ["sweep", "--surface", "bowl", "--optimizer", "gd", "--start", f"1,{HUGE}", "--lr-range", "0.1,1",
     "--out", "s.json"],
]


@pytest.mark.slow
@pytest.mark.parametrize("argv", BAD, ids=range(len(BAD)))
def test_every_error_path_is_one_line_without_warnings(argv, tmp_path):
    result = _cli(*argv, cwd=tmp_path)
    err = _one_error_line(result)
    assert "Traceback" not in err and "Warning" not in err
    assert not list(tmp_path.iterdir())


def test_the_complex_constant_is_refused_by_the_parser_with_its_column():
    with pytest.raises(FormulaError, match=r"'\(-8\) \*\* \(1 / 3\)' is not real \(a complex number\) at column 1"):
        formula.parse("(-8)**(1/3)*x")


# --- properties over numbers, formulas, specs ----------------------------------------------------

numbers = st.one_of(st.integers(min_value=-10**1000, max_value=10**1000).map(str),
                    st.floats(allow_nan=True, allow_infinity=True).map(repr),
                    st.sampled_from([HUGE, "-" + HUGE, "1e400", "nan", "inf", "0x10", "1_000", "", " ", "١"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(x=numbers, y=numbers, steps=numbers)
def test_any_start_and_steps_give_a_result_or_one_error_line(x, y, steps, capsys, tmp_path):
    out = tmp_path / "runs.json"
    out.write_text("old")
    code = cli.main(["run", "--surface", "bowl", "--optimizer", "gd", "--start", f"{x},{y}", "--steps", steps,
                     "--out", str(out)])
    err = capsys.readouterr().err
    if code == 0:
        assert err == "" and json.loads(out.read_text())["steps"] == int(steps)
    else:
        assert code == 2 and err.count("\n") == 1 and err.startswith("error: ") and out.read_text() == "old"


ALPHABET = "xy0123456789.+-*/^()e ,#;\\\n\t_[]{}'\"=<>!@$%&|~`:?ab\ud800é"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40) | st.sampled_from([f"x*{HUGE}", f"{HUGE}**x", "(x # c\n + y)"]))
def test_a_formula_parses_or_raises_formula_error_and_its_canonical_form_parses_back(text):
    try:
        expr = formula.parse(text)
    except FormulaError as exc:
        assert "\n" not in str(exc)
        return
    canonical = surfaces._canonical(text)
    assert formula.parse(canonical) == expr


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_an_optimizer_spec_is_created_or_refused_with_a_value_error(spec):
    from core import optimizers

    try:
        opt = optimizers.create(spec)
    except ValueError as exc:
        assert "\n" not in str(exc).strip()
        return
    assert opt.name in optimizers.names()


# --- properties over scene JSON ------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-10**500, max_value=10**500) | st.floats()
    | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)
fields = st.sampled_from(["version", "title", "description", "surface", "runs", "starts", "steps", "view"])


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.dictionaries(fields, json_values, max_size=8) | json_values)
def test_any_json_loads_as_a_scene_or_raises_scene_error(data):
    try:
        text = json.dumps(data)
    except ValueError:
        return
    try:
        scenes.loads(text, check_specs=False)
    except scenes.SceneError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=100, deadline=None)
@given(field=st.sampled_from(["starts", "view", "steps", "title"]),
       value=st.sampled_from([[[int(HUGE), 1]], [[1, 2], [3, int(HUGE)]], int(HUGE), "\ud800", "a\udcffb"]))
def test_huge_numbers_and_surrogates_in_a_scene_are_scene_errors(field, value):
    with pytest.raises(scenes.SceneError):
        scenes.from_dict(_scene(**{field: value}), check_specs=False)


def test_a_steps_field_of_thousands_of_digits_is_one_line(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(_scene()).replace('"steps": 10', f'"steps": {HUGER}'))
    with pytest.raises(scenes.SceneError, match="too many digits"):
        scenes.load(path)


def test_a_title_with_a_surrogate_cannot_reach_an_encoder(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(_scene(title="\ud800")))
    out = tmp_path / "fig.json"
    result = _cli("export", "--scene", str(path), "--out", str(out))
    assert "U+D800" in _one_error_line(result) and not out.exists()


# --- the work budget -----------------------------------------------------------------------------

def test_a_run_too_large_for_memory_is_refused_naming_the_limit(capsys):
    starts = [arg for _ in range(1_000) for arg in ("--start", "1,1")]
    code = cli.main(["run", "--surface", "bowl", "--optimizer", "gd", *starts, "--steps", "100000"])
    err = capsys.readouterr().err
    assert code == 2 and "of memory (at most 1.5 GB)" in err and err.count("\n") == 1


@pytest.mark.slow
def test_a_scene_at_the_documented_limits_is_refused_by_export_and_the_window(tmp_path):
    data = _scene(runs=[{"optimizer": "adam"}] * scenes.MAX_RUNS, starts=[[1, 1]] * scenes.MAX_STARTS,
                  steps=scenes.MAX_STEPS)
    path = tmp_path / "limits.json"
    path.write_text(json.dumps(data))
    assert budget.estimate(32, 64, 100_000).bytes > budget.MAX_BYTES
    for argv in (["export", "--scene", str(path), "--out", str(tmp_path / "f.png")],
                 ["gui", "--scene", str(path), "--screenshot", str(tmp_path / "s.png")]):
        assert "at most" in _one_error_line(_cli(*argv))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["limits.json"]


def test_the_budget_estimates_grow_with_the_request_and_allow_the_usual_ones():
    usual = budget.check(5, 1, 500)
    assert usual.points == 5 * 501 and usual.seconds < 1
    assert budget.estimate(2, 64, 1000).bytes == 2 * 64 * 1001 * budget.BYTES_PER_POINT
    assert budget.estimate(1, 1, 10, text=True).bytes > budget.estimate(1, 1, 10).bytes
    with pytest.raises(budget.BudgetError, match="would take about"):
        budget.check(1, 64, 1000, max_seconds=1e-3)


# --- standard output ----------------------------------------------------------------------------

def test_a_full_stdout_is_one_line_not_a_traceback():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-W", "error", str(ROOT / "main.py"), "optimizers"], stdout=full,
                                stderr=subprocess.PIPE, env=env, timeout=60, cwd=ROOT)
    assert "cannot write to standard output" in _one_error_line(result)


@pytest.mark.slow
def test_a_closed_stdout_and_a_closed_pipe_give_no_traceback():
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "optimizers"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, cwd=ROOT, timeout=60, close_fds=True,
                            preexec_fn=lambda: os.close(1))
    assert result.returncode == 2 and result.stderr.decode().startswith("error: ")
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "run", "--surface", "bowl", "--optimizer", "gd",
                             "--start", "1,1", "--steps", "100000", "--format", "csv"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT)
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(60) in (0, 1) and err == ""       # 0 when the kernel took the rest before the close


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_a_legacy_console_gets_ascii_spellings(encoding):
    result = _cli("optimizers", env={"PYTHONIOENCODING": encoding})
    assert result.returncode == 0 and result.stderr == b""
    text = result.stdout.decode(encoding)
    assert "beta1" in text and "<-" in text and "m^" in text


# --- signals -------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_mid_write_leaves_the_old_file_and_no_temporary(tmp_path, sig, code):
    out = tmp_path / "anim.gif"
    out.write_bytes(b"old")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "export", "--surface", "rosenbrock",
                             "--optimizer", "adam", "--optimizer", "gd", "--start", "-1,1", "--steps", "3000",
                             "--stride", "1", "--out", str(out)], stderr=subprocess.PIPE, env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".optiscope-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(tmp_path.glob(".optiscope-*")), "the writer never started"
    proc.send_signal(sig)
    err = proc.stderr.read().decode()
    assert proc.wait(60) == code, err
    assert "Traceback" not in err and err.count("\n") <= 1, err
    assert out.read_bytes() == b"old" and not list(tmp_path.glob(".optiscope-*"))


@pytest.mark.slow
def test_a_long_command_shows_progress_on_a_terminal_only(tmp_path):
    import pty

    argv = [sys.executable, str(ROOT / "main.py"), "basins", "--surface", "bowl", "--optimizer", "gd", "--grid",
            "100", "--steps", "50", "--out", str(tmp_path / "b.json")]
    master, slave = pty.openpty()
    proc = subprocess.Popen(argv, stderr=slave, cwd=ROOT)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 1024)
        except OSError:             # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert proc.wait(60) == 0
    assert b"100% basin map (Ctrl-C stops)" in seen
    piped = subprocess.run(argv, capture_output=True, cwd=ROOT, timeout=60)
    assert piped.returncode == 0 and piped.stderr == b""


@pytest.mark.slow
def test_a_temporary_left_by_sigkill_is_removed_by_the_next_write_to_the_folder(tmp_path):
    out = tmp_path / "anim.gif"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "export", "--surface", "rosenbrock",
                             "--optimizer", "adam", "--start", "-1,1", "--steps", "3000", "--stride", "1",
                             "--out", str(out)], stderr=subprocess.PIPE, env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".optiscope-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.kill()                                  # SIGKILL: nothing can clean up
    proc.wait(30)
    left = list(tmp_path.glob(".optiscope-*"))
    assert len(left) == 1 and str(proc.pid) in left[0].name and not out.exists()
    code = cli.main(["run", "--surface", "bowl", "--optimizer", "gd", "--start", "1,1", "--steps", "2",
                     "--out", str(tmp_path / "runs.json")])
    assert code == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["runs.json"]
