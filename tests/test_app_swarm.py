"""Swarm panel: basin maps and sweeps in the background (the event loop keeps running), cancel, the overlay's
colours near himmelblau's minima, clicking a sweep point."""
import numpy as np
import pytest
from PySide6 import QtCore, QtGui

from app.model import Session
from app.views.surface_view import SurfaceView
from app.views.swarm_panel import SwarmPanel
from tests.qt_helpers import mouse_click

pytestmark = pytest.mark.slow          # pyqtgraph scenes, background work (naming this file runs it)

# Himmelblau's four minima (the well-known values, to 6 digits).
HIMMELBLAU_MINIMA = [(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)]


@pytest.fixture
def panel(qtbot):
    session = Session("himmelblau", runs=["gd:lr=0.01", "momentum:lr=0.01"], starts=[(-0.5, -4.0)], steps=300)
    p = SwarmPanel(session)
    qtbot.addWidget(p)
    p.resize(420, 760)
    yield p
    p.shutdown()


def paled(rgb, color: str) -> tuple[float, float]:
    """Fit rgb = base (1 - a) + 255 a (``color`` mixed with white): the share a and the worst channel error."""
    base = np.array(QtGui.QColor(color).getRgb()[:3], dtype=float)
    rgb = np.asarray(rgb[:3], dtype=float)
    a = float((rgb - base) @ (255 - base) / ((255 - base) @ (255 - base)))
    return a, float(np.abs(base * (1 - a) + 255 * a - rgb).max())


def test_basins_compute_in_the_background_and_colour_each_minimum_s_neighbourhood(qtbot, panel):
    view = SurfaceView(panel.session)
    qtbot.addWidget(view)
    view.plot_item.addItem(panel.overlay_item())
    ticks = []
    timer = QtCore.QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    assert panel.grid_spin.value() == 200
    with qtbot.waitSignal(panel.sigBasinsChanged, timeout=120_000) as done:
        qtbot.mouseClick(panel.basin_compute, QtCore.Qt.MouseButton.LeftButton)
        assert panel.basin_map is None and panel.basin_runner.busy      # the click returned at once
        assert panel.basin_cancel.isEnabled() and not panel.basin_compute.isEnabled()
    timer.stop()
    assert len(ticks) >= 5                     # the event loop kept running during the computation
    bmap = done.args[0]
    assert bmap is panel.basin_map and bmap.index.shape == (200, 200)
    assert not panel.basin_runner.busy and panel.basin_compute.isEnabled()
    assert panel.basin_progress.value() == 1000

    found = np.array(sorted(tuple(m.xy) for m in bmap.minima))
    assert found == pytest.approx(np.array(sorted(HIMMELBLAU_MINIMA)), abs=1e-5)
    colors = panel.basin_colors()
    assert len(set(colors)) == 4
    for k, m in enumerate(bmap.minima):
        for dx, dy in ((0.2, 0.1), (-0.15, -0.2)):          # a start near minimum k ends at minimum k ...
            x, y = m.xy[0] + dx, m.xy[1] + dy
            assert panel.basin_at(x, y) == k
            rgba = panel.overlay_color_at(x, y)               # ... and is drawn in minimum k's colour
            assert rgba[3] == 255
            share, error = paled(rgba, colors[k])
            assert error <= 1.0 and 0 <= share <= 0.6          # basins.PALEST: the slowest is 60% white
            for other in set(colors) - {colors[k]}:
                assert paled(rgba, other)[1] > 20              # not a pale version of another basin's colour
    rect = panel.overlay_item().mapRectToParent(panel.overlay_item().boundingRect())
    assert (rect.left(), rect.right(), rect.top(), rect.bottom()) == pytest.approx((-5, 5, -5, 5))
    assert panel.overlay_item().isVisible() and panel.overlay_item().opacity() < 1
    panel.show_overlay.setChecked(False)
    assert not panel.overlay_item().isVisible()
    assert "settled" in panel.basin_status.text()


def test_basins_can_be_cancelled(qtbot, panel):
    panel.grid_spin.setValue(500)
    panel.basin_steps.setValue(3000)                          # about half a minute of work
    with qtbot.waitSignal(panel.basin_runner.sigProgress, timeout=60_000):
        panel.compute_basins()
    with qtbot.waitSignal(panel.basin_runner.sigCancelled, timeout=30_000):
        qtbot.mouseClick(panel.basin_cancel, QtCore.Qt.MouseButton.LeftButton)
    assert panel.basin_map is None and not panel.basin_runner.busy
    assert panel.basin_status.text() == "Cancelled." and panel.basin_compute.isEnabled()
    assert not panel.overlay_item().isVisible()


def test_too_much_work_is_refused_with_one_line(qtbot, panel):
    panel.grid_spin.setValue(1000)
    panel.basin_steps.setValue(5000)
    with qtbot.waitSignal(panel.basin_runner.sigFailed, timeout=30_000):
        panel.compute_basins()
    assert "too much work" in panel.basin_status.text() and "\n" not in panel.basin_status.text()
    assert panel.basin_map is None and panel.basin_compute.isEnabled()


def test_sweep_click_loads_that_learning_rate(qtbot):
    session = Session("bowl", runs=["gd:lr=0.01", "momentum:lr=0.01,momentum=0.5"], starts=[(1.0, -2.0)],
                      steps=100)
    panel = SwarmPanel(session)
    qtbot.addWidget(panel)
    panel.resize(420, 760)
    panel.tabs.setCurrentIndex(1)
    panel.count_spin.setValue(10)
    panel.sweep_steps.setValue(200)
    panel.lr_low.setValue(1e-3)
    panel.lr_high.setValue(2.0)
    panel.show()
    qtbot.waitExposed(panel)
    with qtbot.waitSignal(panel.sigSweepChanged, timeout=60_000) as done:
        qtbot.mouseClick(panel.sweep_compute, QtCore.Qt.MouseButton.LeftButton)
    sw = done.args[0]
    assert sw.lrs == pytest.approx(np.geomspace(1e-3, 2.0, 10))
    assert [o.name for o in sw.optimizers] == ["gd", "momentum"]
    # GD on x² + y² is stable for lr < 2/λmax = 1: only the largest rate (2, growth x3 a step) moves away,
    # out of the divergence box (|p| <= 3000) at step 8, long before overflow
    assert (sw.final_loss[0, :9] <= sw.start_loss).all() and sw.diverged[0].tolist() == [False] * 9 + [True]
    qtbot.wait(50)

    x, y = panel.sweep_point_items()[0].getData()          # GD's points, log10 coordinates (log axes)
    _, y_momentum = panel.sweep_point_items()[1].getData()
    k = j = int(np.argmax(np.abs(y[:9] - y_momentum[:9])))   # where momentum's point is elsewhere
    assert abs(y[k] - y_momentum[k]) > 1 and x[k] == pytest.approx(np.log10(sw.lrs[j]))
    vb = panel.loss_plot.getViewBox()
    scene = vb.mapViewToScene(QtCore.QPointF(x[k], y[k]))
    pos = panel.sweep_layout.mapFromScene(scene)
    with qtbot.waitSignal(panel.sigRunRequested) as req:
        mouse_click(panel.sweep_layout.viewport(), pos)
    assert req.args == [0, pytest.approx(sw.lrs[j])]
    assert session.runs[0].optimizer.params["lr"] == pytest.approx(sw.lrs[j], rel=1e-12)
    assert session.runs[0].optimizer.name == "gd"
    # the other run keeps its settings; loading a momentum point keeps its μ
    panel.load_sweep_point(1, 2)
    params = session.runs[1].optimizer.params
    assert params["lr"] == pytest.approx(sw.lrs[2]) and params["momentum"] == 0.5
    panel.shutdown()


def test_a_surface_change_clears_the_basin_map(qtbot, panel):
    panel.grid_spin.setValue(40)
    panel.basin_steps.setValue(200)
    with qtbot.waitSignal(panel.sigBasinsChanged, timeout=60_000):
        panel.compute_basins()
    with qtbot.waitSignal(panel.sigBasinsChanged) as cleared:
        panel.session.set_surface("bowl")                   # the map was for himmelblau: cleared
    assert cleared.args == [None] and panel.basin_map is None and not panel.overlay_item().isVisible()


def test_step_editors_take_the_scene_limit(panel):
    """The basin and sweep step counts go up to the limit that scene files and the session share (core.scene)."""
    from core.scene import MAX_STEPS

    for spin in (panel.basin_steps, panel.sweep_steps):
        assert (spin.minimum(), spin.maximum()) == (1, MAX_STEPS)
        spin.setValue(MAX_STEPS + 1)
        assert spin.value() == MAX_STEPS


def test_the_window_and_the_command_line_colour_every_basin_cell_alike(panel, tmp_path, capsys):
    # Three wells in a row (x = -2pi, 0, 2pi): the outer basins do not touch, so a map colouring would give them
    # one colour; the window and the PNG both give each minimum its own (the command line did not).
    from collections import Counter

    from PIL import Image

    import cli
    from core import surfaces, swarm

    formula, n = "-cos(x) + y**2", 8
    png = tmp_path / "b.png"
    assert cli.main(["basins", "--surface", formula, "--domain", "-9,9,-9,9", "--optimizer", "gd:lr=0.1",
                     "--grid", str(n), "--steps", "300", "--out", str(png)]) == 0
    capsys.readouterr()
    bmap = swarm.basins(surfaces.get(formula, ((-9, 9), (-9, 9))), "gd:lr=0.1", grid=n, steps=300)
    assert len(bmap.minima) == 3
    panel.set_basin_map(bmap)
    assert len(set(panel.basin_colors())) == 3
    with Image.open(png) as im:
        page = np.asarray(im.convert("RGB"))
    left, top, cell = 70, 62, 640 / n            # swarm_png's margins; the map is 640 px wide, square here
    outcomes = set()
    for j in range(n):
        for i in range(n):
            # the most common colour of the cell's middle (faint contour lines and the minima's dots are few)
            y = int(top + (n - 1 - j) * cell)
            x = int(left + i * cell)
            block = page[y + 10:y + int(cell) - 10, x + 10:x + int(cell) - 10].reshape(-1, 3)
            drawn = Counter(map(tuple, block.tolist())).most_common(1)[0][0]
            cx, cy = bmap.xs[i], bmap.ys[j]
            assert panel.overlay_color_at(cx, cy) == (*drawn, 255), (i, j)
            outcomes.add(panel.basin_at(cx, cy))
    assert {0, 1, 2} <= outcomes
