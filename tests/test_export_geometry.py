"""Geometry of exported figures: true shape (a square domain gives a square plot box, measured in the layout and
in the PNG's pixels) and GIF frames from the window identical to the command line's."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6 import QtWidgets

from app import export, export_ui
from app.main_window import MainWindow
from app.model import Session
from core import scene as scenes
from core.scene import RunSpec, Scene

pytestmark = pytest.mark.slow          # builds windows (tests/conftest.py: naming this file runs it)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def qapp():
    return export.ensure_app()


def plot_box_in_png(figure: export.Figure, path: Path, width_px: int) -> tuple[int, int]:
    """(width, height) in pixels of the surface's framed plot area as drawn in the PNG at ``path``.

    The layout says roughly where the frame is; the frame lines themselves are found in the pixels: near each
    side of the layout's box, the row or column that is dark along most of that side."""
    dark = (np.asarray(Image.open(path).convert("RGB")).astype(int).max(axis=-1) < 90)
    s = width_px / figure.width
    r = figure.plot.getViewBox().sceneBoundingRect()
    left, right, top, bottom = (round(v * s) for v in (r.left(), r.right(), r.top(), r.bottom()))
    inner_rows, inner_cols = slice(top + 8, bottom - 8), slice(left + 8, right - 8)

    def edge(guess, along_rows):
        near = range(guess - 6, guess + 7)
        cover = [dark[inner_rows, c].mean() if along_rows else dark[c, inner_cols].mean() for c in near]
        assert max(cover) > 0.95, "no frame line near the layout's plot box"
        return near[int(np.argmax(cover))]

    return edge(right, True) - edge(left, True), edge(bottom, False) - edge(top, False)


@pytest.mark.parametrize("panels", ["surface", "all"])
@pytest.mark.parametrize("surface, aspect", [("bowl", 1.0), ("rosenbrock", 1.0), ("ravine", 0.5)])
def test_figure_plot_box_has_the_domains_shape(qapp, tmp_path, panels, surface, aspect):
    scene = Scene(surface, [RunSpec("gd:lr=0.05"), RunSpec("adam:lr=0.1")], [(1.0, 1.5)], 30)
    figure = export.Figure(export.FigureData.compute(scene), export.FigureOptions(panels=panels))
    try:
        vb = figure.plot.getViewBox()
        assert vb.height() / vb.width() == pytest.approx(aspect, rel=1e-3)
        (x0, x1), (y0, y1) = vb.viewRange()
        assert (y1 - y0) / (x1 - x0) == pytest.approx(aspect, rel=1e-9)   # and it shows the domain exactly
        figure.save_png(tmp_path / "f.png", 1500)
        w, h = plot_box_in_png(figure, tmp_path / "f.png", 1500)
        assert w > 300 and h / w == pytest.approx(aspect, rel=0.01)
    finally:
        figure.close()


def test_equal_axes_widen_an_extreme_domain_and_can_be_turned_off(qapp):
    thin = Scene("x**2 + y**2", [RunSpec("gd")], [(1.0, 0.1)], 5, view=((-10.0, 10.0), (-1.0, 1.0)))
    data = export.FigureData.compute(thin)
    assert data.domain == ((-10.0, 10.0), (-4.0, 4.0))          # height 0.4 x width: the flattest page plot
    figure = export.Figure(data)
    vb = figure.plot.getViewBox()
    assert vb.height() / vb.width() == pytest.approx(0.4, rel=1e-3)
    figure.close()
    thin.equal_axes = False                                      # stretched: the view as given, a 0.55 box
    data = export.FigureData.compute(thin)
    assert data.domain == ((-10.0, 10.0), (-1.0, 1.0))
    figure = export.Figure(data)
    vb = figure.plot.getViewBox()
    assert vb.height() / vb.width() == pytest.approx(0.55, rel=1e-3)
    figure.close()


def test_event_loop_between_frames_changes_nothing(qapp, tmp_path):
    """The cause of displaced GIF paths: the axes re-laid the figure out on the event loop after its first
    render, under a background drawn before. A progress callback that runs the loop must change no pixel."""
    scene = scenes.load(export_ui.PRESETS / "ravine_momentum_nesterov_rmsprop.json")

    def pump(done, total):
        QtWidgets.QApplication.processEvents()
        return True

    export.export(scene, tmp_path / "a.gif", export.FigureOptions(width_px=400), stride=10, progress=pump)
    export.export(scene, tmp_path / "b.gif", export.FigureOptions(width_px=400), stride=10)
    assert_same_frames(tmp_path / "a.gif", tmp_path / "b.gif", 10)


def assert_same_frames(a: Path, b: Path, count: int) -> None:
    with Image.open(a) as ga, Image.open(b) as gb:
        assert ga.n_frames == gb.n_frames == count
        for i in range(count):
            ga.seek(i)
            gb.seek(i)
            pa, pb = np.asarray(ga.convert("RGB")), np.asarray(gb.convert("RGB"))
            assert pa.shape == pb.shape
            differ = int((pa != pb).any(axis=-1).sum())
            assert differ == 0, f"frame {i}: {differ} pixels differ"


def test_gif_from_the_window_equals_the_command_lines(qtbot, tmp_path, monkeypatch):
    """File > Export animation… (progress dialog, event loop between frames) against `optiscope export` of the
    scene the window saves, in a fresh process: every frame identical."""
    window = MainWindow(Session("bowl", ["gd"], [(1.0, 1.0)], 10))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    assert window.export_actions.load_scene(export_ui.PRESETS / "ravine_momentum_nesterov_rmsprop.json")
    monkeypatch.setattr(export_ui.AnimationDialog, "exec", lambda self: QtWidgets.QDialog.DialogCode.Accepted)
    monkeypatch.setattr(export_ui.AnimationDialog, "values", lambda self: (500, 20, 5))
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "gui.gif"), ""))
    exported, real_export = [], export.export
    monkeypatch.setattr(export, "export", lambda scene, *a, **k: exported.append(scene) or real_export(scene, *a, **k))
    window.export_actions.animation_action.trigger()
    scene_file = tmp_path / "scene.json"
    scenes.save(exported[0], scene_file)           # the scene the window exported, as Save scene… writes it
    proc = subprocess.run([sys.executable, "main.py", "export", "--scene", str(scene_file), "--out",
                           str(tmp_path / "cli.gif"), "--width-px", "500", "--fps", "20", "--stride", "5"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr
    assert_same_frames(tmp_path / "gui.gif", tmp_path / "cli.gif", 20)
