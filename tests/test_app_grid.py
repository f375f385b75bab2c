"""The Grid panel through its widgets: compute in the background, outcomes per cell, playback moves every cell,
a click on a cell gives the run that cell's settings; the exported small multiples (PNG, SVG, PDF)."""
import numpy as np
import pytest
from PySide6 import QtCore

import cli
from app.grid_cells import outcome_colors
from app.grid_tiles import clip_path
from app.main_window import MainWindow
from app.model import Session
from core import optimizers
from tests.qt_helpers import mouse_click

pytestmark = pytest.mark.slow          # builds windows (tests/conftest.py: naming this file runs it)


@pytest.fixture
def window(qtbot):
    session = Session("ravine", runs=["gd:lr=0.1", "momentum:lr=0.05"], starts=[(-9.0, 3.0), (5.0, 1.0)],
                      steps=3000)
    w = MainWindow(session)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    w.grid_dock.toggleViewAction().trigger()           # as from the View menu: it floats over the window
    assert w.grid_dock.isVisible() and w.grid_dock.isFloating() and w.grid_dock.width() == 2 * 1280 // 3
    yield w
    w.grid_panel.shutdown()


def set_axis(axis, name, low, high, count, log=False):
    axis["param"].setCurrentText(name)
    axis["low"].setValue(low)
    axis["high"].setValue(high)
    axis["count"].setValue(count)
    axis["log"].setChecked(log)


def test_click_a_cell_loads_its_settings_into_the_run(qtbot, window):
    panel, session = window.grid_panel, window.session
    panel.run_combo.setCurrentIndex(1)
    combo = panel.axes[0]["param"]
    assert [combo.itemText(k) for k in range(combo.count())] == ["lr", "momentum", "dampening", "weight_decay",
                                                                 "noise", "seed"]
    assert panel.axes[1]["param"].currentText() == "momentum"
    # ravine: λmax = 4; momentum is stable for lr < 2(1 + μ)/4: 0.75 at μ = 0.5, 0.95 at μ = 0.9
    set_axis(panel.axes[0], "lr", 0.7, 1.0, 2)
    set_axis(panel.axes[1], "momentum", 0.5, 0.9, 2)
    with qtbot.waitSignal(panel.sigGridChanged, timeout=30_000) as done:
        qtbot.mouseClick(panel.compute_button, QtCore.Qt.MouseButton.LeftButton)
    g = done.args[0]
    assert g.outcomes().tolist() == [["converged", "diverged"], ["converged", "diverged"]]
    assert g.index == 0 and g.steps == 3000 and g.optimizer.name == "momentum"
    colors = outcome_colors(g)
    tiles = panel.tiles
    frames = {(j, i): frame for j, i, _background, frame in tiles.rects}
    assert frames[(1, 0)].pen().color().name() == colors[1, 0] != colors[1, 1]
    assert "converged to (0, 0): 2" in panel.legend.text() and "diverged: 2" in panel.legend.text()
    # the top row holds the largest momentum, columns grow to the right
    assert panel.cell_rect(1, 0).top() < panel.cell_rect(0, 0).top()
    assert panel.cell_rect(0, 0).left() < panel.cell_rect(0, 1).left()
    assert panel.titles[(1, 0)].text() == "lr=0.7\nμ=0.9"

    # playback: every cell shows its path up to the session's iteration, clipped to its tile
    session.set_iteration(10)
    x, y = tiles.paths[colors[1, 0]].getData()
    drawn = np.c_[x, y]
    # step 1 leaves the domain (y: 3 - 0.7·4·3 = -5.4 < -5): the path stops at the tile's edge and comes back in
    path = g.path[:11, 1, 0]
    assert path[1, 1] == pytest.approx(-5.4)
    expected = tiles._to_tiles(clip_path(path, g.domain), 1, 0)
    # two pieces: NaN, p0, the edge; NaN, the edge, p2, ..., p10
    assert len(expected) == 3 + 3 + 8 and np.isnan(expected[[0, 3]]).all()
    assert expected[2, 1] == pytest.approx(tiles.tile(1, 0).top()) == expected[4, 1]    # the tile's lower edge
    at = int(np.flatnonzero(np.all(drawn == expected[1], axis=1))[0]) - 1
    np.testing.assert_array_equal(drawn[at:at + len(expected)], expected)
    ends = tiles._to_tiles(path, 1, 0)
    assert any(np.allclose(head, ends[-1]) for head in zip(*tiles.heads.getData()))
    session.set_iteration(3000)          # the diverged runs' last finite points lie far outside: no head, no cross
    assert len(tiles.heads.getData()[0]) == 2 and len(tiles.crosses.getData()[0]) == 0

    # a real click in the cell μ = 0.9, lr = 0.7 (top left)
    view = panel.view
    centre = view.mapFromScene(panel.cell_rect(1, 0).center())
    with qtbot.waitSignal(panel.sigCellLoaded) as loaded:
        mouse_click(view.viewport(), centre)
    assert loaded.args == [1, 1, 0]
    opt = session.runs[1].optimizer
    assert opt.params == {"lr": 0.7, "momentum": 0.9, "convention": "pytorch"}
    assert session.runs[0].optimizer.spec == "gd:lr=0.1"                          # the other run is untouched
    assert window.optimizer_panel.runs_list.currentRow() == 1
    assert "lr=0.7, μ=0.9" in panel.status.text()
    single = optimizers.run(session.surface, opt, (-9.0, 3.0), 3000)             # the cell is that run
    np.testing.assert_array_equal(g.path[:, 1, 0], single.path[:, 0])


def test_save_writes_the_figure_and_the_data(qtbot, window, tmp_path):
    panel = window.grid_panel
    assert not panel.save_button.isEnabled()
    set_axis(panel.axes[0], "lr", 0.01, 0.1, 2)
    set_axis(panel.axes[1], "momentum", 0, 0.5, 3)
    with qtbot.waitSignal(panel.sigGridChanged, timeout=30_000) as done:
        panel.compute()
    assert panel.save_button.isEnabled()
    panel.save(tmp_path / "g.csv")
    assert panel.status.text() == "Saved g.csv: 6 cells"
    assert (tmp_path / "g.csv").read_text() == done.args[0].to_csv() and done.args[0].to_csv().count("\n") == 7
    panel.save(tmp_path / "g.png")
    assert (tmp_path / "g.png").read_bytes().startswith(b"\x89PNG") and panel.status.text().startswith("Saved g.png")
    panel.save(tmp_path / "g.txt")
    assert panel.status.text() == "Could not save: A grid is saved as .png, .svg, .pdf, .json or .csv, not .txt"
    panel.save(tmp_path / "missing" / "g.json")
    assert panel.status.text().startswith("Could not save: ") and not (tmp_path / "missing").exists()


def test_bad_settings_say_so_in_one_line_and_compute_nothing(qtbot, window):
    panel = window.grid_panel
    set_axis(panel.axes[0], "lr", 0.0, 1.0, 3, log=True)
    qtbot.mouseClick(panel.compute_button, QtCore.Qt.MouseButton.LeftButton)
    assert panel.status.text() == "lr: log spacing needs LOW > 0, got 0" and panel.result is None
    assert not panel.runner.busy


def test_moving_the_start_computes_the_grid_again(qtbot, window):
    panel, session = window.grid_panel, window.session
    panel.run_combo.setCurrentIndex(0)
    assert panel.axes[1]["param"].currentText() == "weight_decay"
    set_axis(panel.axes[0], "lr", 0.1, 0.6, 2)
    set_axis(panel.axes[1], "seed", 0, 1, 2)
    with qtbot.waitSignal(panel.sigGridChanged, timeout=30_000):
        panel.compute()
    with qtbot.waitSignal(panel.sigGridChanged, timeout=30_000) as done:
        session.set_start(0, (2.0, 1.0))
    assert done.args[0].start.tolist() == [2.0, 1.0]
    with qtbot.waitSignal(panel.sigGridChanged, timeout=30_000) as done:
        session.set_surface("bowl")
    assert done.args[0] is None and panel.tiles is None and panel.titles == {}


@pytest.mark.parametrize("ext, magic", [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_grid_figure_files(tmp_path, ext, magic):
    out = tmp_path / f"g.{ext}"
    assert cli.main(["grid", "--surface", "himmelblau", "--optimizer", "momentum", "--vary", "lr=1e-3:0.1:3:log",
                     "--vary", "momentum=0:0.99:2", "--start", "0,0", "--steps", "500", "--out", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(magic) and len(data) > 10_000
    if ext == "svg":
        text = data.decode()
        assert "lr=0.001, " in text and "converged to (3, 2)" in text
