"""The window's environment: a settings file holding anything, no usable display, a broken installation (a
preset that is no scene, missing or corrupt Persian fonts), requests over the work budget."""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6 import QtCore

from app import errors, export_ui, i18n, launch
from app import settings as app_settings
from app.launch import DEFAULT_RUNS
from app.main_window import MainWindow
from app.model import Session
from core import budget

pytestmark = pytest.mark.slow          # builds windows (tests/conftest.py: naming this file runs it)

ROOT = Path(__file__).resolve().parents[1]
KEYS = ["window/geometry", "window/state", app_settings.SCENE_KEY, i18n.SETTINGS_KEY]


@pytest.fixture
def window(qtbot):
    w = MainWindow(Session("rosenbrock", DEFAULT_RUNS, [(-1.5, 2.0)], 100))
    qtbot.addWidget(w)
    w.resize(900, 600)
    return w


@pytest.fixture
def clean_settings(qapp):
    store = QtCore.QSettings()
    for key in KEYS:
        store.remove(key)
    yield store
    for key in KEYS:
        store.remove(key)
    store.sync()


# --- a settings file holding anything -----------------------------------------------------------

ini_values = st.one_of(
    st.text(max_size=30), st.integers(min_value=-2**63, max_value=2**63 - 1), st.floats(), st.booleans(),
    st.lists(st.text(max_size=5), max_size=3),
    st.binary(max_size=40), st.sampled_from(["hello", "1, 2, 3", "@Variant(\\0\\0\\0\\x7f\\0\\0)", "@ByteArray()",
                                             "@Invalid()", "{\"version\": 1}", "[]", "@Rect(1 2 3 4)"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.fixed_dictionaries({key: ini_values for key in KEYS}), raw=st.booleans())
def test_any_remembered_value_is_used_or_ignored_never_fatal(window, clean_settings, values, raw):
    store = QtCore.QSettings()
    if raw:                      # hand-edited text in the file itself (what a user or another version wrote)
        store.sync()
        path = Path(store.fileName())
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = []
        for key, value in values.items():
            section, name = key.split("/")
            lines += [f"[{section}]", f"{name}={' '.join(str(value).splitlines())}"]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="replace")
        store = QtCore.QSettings()
    else:
        for key, value in values.items():
            store.setValue(key, value)
        store.sync()
    window.restore_settings(QtCore.QSettings())
    assert app_settings.last_scene() is None or app_settings.last_scene().runs is not None
    assert i18n.remembered_language() in (None, "en", "fa")


def test_the_reported_settings_file_starts_the_window(window, clean_settings, caplog):
    clean_settings.setValue("window/geometry", "hello")
    clean_settings.setValue("window/state", ["1", "2"])
    clean_settings.setValue(i18n.SETTINGS_KEY, 3)
    with caplog.at_level(logging.WARNING):
        window.restore_settings(QtCore.QSettings())
        assert i18n.remembered_language() is None
    assert "ignoring the remembered window/geometry: expected QByteArray, found str" in caplog.text


def test_a_remembered_session_over_the_budget_is_ignored(clean_settings, caplog):
    scene = {"version": 1, "surface": "bowl", "runs": [{"optimizer": "adam"}] * 32, "starts": [[1, 1]] * 64,
             "steps": 100000}
    clean_settings.setValue(app_settings.SCENE_KEY, json.dumps(scene))
    with caplog.at_level(logging.WARNING):
        assert app_settings.last_scene() is None
    assert "ignoring the remembered session" in caplog.text and "at most" in caplog.text


# --- the work budget in the window --------------------------------------------------------------

def test_the_session_refuses_what_would_freeze_the_window_and_keeps_its_state(qapp):
    session = Session("bowl", ["gd"] * 10, [(1.0, 1.0)] * 64, 100)
    with pytest.raises(budget.BudgetError, match="at most"):
        session.set_steps(100_000)
    assert session.steps == 100
    with pytest.raises(budget.BudgetError):
        Session("bowl", ["adam"] * 32, [(1.0, 1.0)] * 64, 100_000)


def test_a_refusal_in_a_slot_is_shown_as_its_message_not_as_unexpected(window, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    errors.install(window)
    for _ in range(63):
        window.session.add_start((1.0, 1.0))
    try:
        window.playback._on_steps_edited(100_000)          # 5 runs x 64 starts x 100,000 steps: refused
    except budget.BudgetError:
        sys.excepthook(*sys.exc_info())
    message = window.statusBar().currentMessage()
    assert "at most" in message and "Unexpected" not in message
    assert window.session.steps == 100 and window.playback.steps.value() == 100


# --- no usable display ---------------------------------------------------------------------------

@pytest.mark.parametrize("display", [None, ":97", "nohost.invalid:3"])
def test_no_usable_display_is_one_line_and_status_2_not_sigabrt(display):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    if display:
        env["DISPLAY"] = display
    assert not Path("/tmp/.X11-unix/X97").exists()
    result = subprocess.run([sys.executable, str(ROOT / "main.py")], capture_output=True, text=True, env=env,
                            timeout=60, cwd=ROOT)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


def test_a_screenshot_without_a_display_uses_offscreen_by_itself(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = ":97"
    out = tmp_path / "s.png"
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "gui", "--size", "400x300", "--screenshot",
                             str(out)], capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_display_problem_names_the_cause(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    assert "DISPLAY and WAYLAND_DISPLAY are unset" in launch.display_problem()
    monkeypatch.setenv("DISPLAY", ":97")
    assert "cannot connect to the X display ':97'" in launch.display_problem()
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert launch.display_problem() is None


# --- a broken installation -----------------------------------------------------------------------

def test_a_preset_that_is_no_scene_is_skipped_with_a_message(tmp_path, monkeypatch, window, caplog):
    (tmp_path / "a_list.json").write_text("[1, 2]")
    (tmp_path / "b_good.json").write_text(json.dumps({"title": "Good one", "version": 1}))
    (tmp_path / "c_bytes.json").write_bytes(b"\xff\xfe")
    os.mkfifo(tmp_path / "d_fifo.json")
    monkeypatch.setattr(export_ui, "PRESETS", tmp_path)
    with caplog.at_level(logging.WARNING):
        menu = export_ui.ExportActions(window).examples_menu
    assert [a.text() for a in menu.actions()] == ["Good one"]
    assert "skipping the example a_list.json" in caplog.text and "d_fifo.json" in caplog.text


FONT_DRIVER = """
import sys
from pathlib import Path
import resources
real = resources.path
broken = Path(sys.argv[1])
resources.path = lambda *parts: broken / parts[-1] if parts[0] == "fonts" else real(*parts)
import cli
sys.exit(cli.main(sys.argv[2:]))
"""


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_persian_export_falls_back_to_a_system_font_when_the_bundled_one_is_broken(tmp_path, damage):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    if damage == "corrupt":
        for name in i18n.PERSIAN_FONT_FILES:
            (fonts / name).write_bytes(b"not a font" * 100)
    for ext in ("svg", "png"):
        out = tmp_path / f"fig.{ext}"
        result = subprocess.run([sys.executable, "-c", FONT_DRIVER, str(fonts), "export", "--surface", "bowl",
                                 "--optimizer", "gd", "--start", "1,1", "--steps", "5", "--lang", "fa", "--out",
                                 str(out)], capture_output=True, text=True, cwd=ROOT, timeout=120,
                                env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr and "Persian text uses a system font" in result.stderr
        assert out.stat().st_size > 1000
