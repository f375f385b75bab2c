"""`optiscope gui`: screenshots and bad arguments, through the real command line."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from PySide6 import QtGui

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


def test_bad_arguments_give_one_error_line_and_status_2(tmp_path):
    out = tmp_path / "never.png"
    result = _gui("--surface", "x**2 +* y", "--screenshot", str(out))
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert not out.exists()
    result = _gui("--optimizer", "adam:beta1=1.5", "--screenshot", str(out))
    assert result.returncode == 2 and "beta1" in result.stderr
