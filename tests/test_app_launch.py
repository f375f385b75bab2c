"""`optiscope gui`: screenshots and bad arguments, through the real command line."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6 import QtGui

pytestmark = pytest.mark.slow          # builds windows (tests/conftest.py: naming this file runs it)

ROOT = Path(__file__).resolve().parents[1]


def _gui(*args, timeout=60):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "gui", *args], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=ROOT)


def test_screenshot_writes_a_png_of_the_requested_size(tmp_path, qapp):
    out = tmp_path / "shot.png"
    result = _gui("--surface", "saddle_escape", "--optimizer", "gd:lr=0.05", "--optimizer", "adam:lr=0.05",
                  "--start", "-1.8,0.05", "--steps", "120", "--iteration", "60", "--size", "900x600",
                  "--screenshot", str(out))
    assert result.returncode == 0, result.stderr
    image = QtGui.QImage(str(out))
    assert (image.width(), image.height()) == (900, 600)
    ptr = image.convertToFormat(QtGui.QImage.Format.Format_RGB32).constBits()
    pixels = np.frombuffer(ptr, dtype=np.uint32)
    assert len(np.unique(pixels)) > 500                   # a real picture, not a blank or flat window
    assert not list(tmp_path.glob(".shot.png*"))          # no temporary file left behind
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _is_picture(path, size) -> bool:
    image = QtGui.QImage(str(path))
    pixels = np.frombuffer(image.convertToFormat(QtGui.QImage.Format.Format_RGB32).constBits(), dtype=np.uint32)
    return (image.width(), image.height()) == size and len(np.unique(pixels)) > 500


def test_screenshot_format_follows_the_extension(tmp_path, qapp):
    for name, magic in (("shot.JPG", b"\xff\xd8\xff"), ("shot.bmp", b"BM")):
        out = tmp_path / name
        result = _gui("--surface", "himmelblau", "--size", "640x480", "--screenshot", str(out))
        assert result.returncode == 0, result.stderr
        assert out.read_bytes()[:len(magic)] == magic
        assert _is_picture(out, (640, 480))


def test_screenshot_with_another_extension_is_refused_and_nothing_is_written(tmp_path):
    for name in ("shot.gif", "shot", "shot.png.txt"):
        out = tmp_path / name
        result = _gui("--screenshot", str(out))
        assert result.returncode == 2
        assert result.stderr.startswith("error: --screenshot ") and result.stderr.count("\n") == 1
        assert ".png, .jpg, .jpeg, .bmp" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_scene_of_zero_steps_opens_and_shows_its_start_points(tmp_path, qapp):
    """0 steps (a figure of the start points) is accepted by run, export and scene files: the GUI opens it too."""
    scene = tmp_path / "steps0.json"
    scene.write_text(json.dumps({"version": 1, "surface": "himmelblau", "runs": [{"optimizer": "adam:lr=0.1"}],
                                 "starts": [[-0.5, -4.0], [2.0, 2.0]], "steps": 0}))
    out = tmp_path / "steps0.png"
    result = _gui("--scene", str(scene), "--size", "800x600", "--screenshot", str(out))
    assert result.returncode == 0, result.stderr
    assert _is_picture(out, (800, 600))
    result = _gui("--steps", "0", "--size", "800x600", "--screenshot", str(out))
    assert result.returncode == 0, result.stderr
    result = _gui("--steps", "-1", "--screenshot", str(out))
    assert result.returncode == 2 and "steps" in result.stderr


def test_bad_arguments_give_one_error_line_and_status_2(tmp_path):
    out = tmp_path / "never.png"
    result = _gui("--surface", "x**2 +* y", "--screenshot", str(out))
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert not out.exists()
    result = _gui("--optimizer", "adam:beta1=1.5", "--screenshot", str(out))
    assert result.returncode == 2 and "beta1" in result.stderr


def test_gui_domain_option_reaches_the_scene():
    import cli
    from cli.scenes import default_scene, scene_from_options

    args = cli.build_parser().parse_args(["gui", "--surface", "(x - 4)**2 + y**2", "--domain", "0,8,-4,4"])
    scene = scene_from_options(args, default_scene())
    assert scene.domain == ((0.0, 8.0), (-4.0, 4.0)) and scene.make_surface().domain == scene.domain
    x, y = scene.starts[0]
    assert 0 <= x <= 8 and -4 <= y <= 4


# The window's start/close cycle as a user runs it: `optiscope gui`, the window closed once it is up.
OPEN_AND_CLOSE = """
import sys
from PySide6 import QtCore, QtWidgets
import main
app = QtWidgets.QApplication(sys.argv[:1])
QtCore.QTimer.singleShot(300, lambda: [w.close() for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow"])
sys.exit(main.main(["gui", "--steps", "30"]))
"""


def _child(script, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path),
               XDG_DATA_HOME=str(tmp_path / "data"), LANG="C.UTF-8", LC_ALL="C.UTF-8")
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120,
                          cwd=ROOT)


@pytest.mark.slow
def test_opening_and_closing_the_window_exits_cleanly_every_time(tmp_path):
    """The process ends with status 0 and the window's state written, start after start."""
    settings = tmp_path / "Optiscope" / "Optiscope.conf"
    for start in range(6):
        settings.unlink(missing_ok=True)
        result = _child(OPEN_AND_CLOSE, tmp_path)
        assert result.returncode == 0, f"start {start}: status {result.returncode}\n{result.stderr}"
        text = settings.read_text()
        assert "[window]" in text and "geometry=" in text and "[session]" in text
