"""The 3D view: the message without OpenGL (offscreen, in process) and the real GL view under Xvfb + Mesa.

Qt's offscreen platform cannot show OpenGL widgets, so the GL checks run in a child process on an Xvfb
display with the xcb platform (this file is the child's script: ``python tests/test_app_3d.py --gl-child``).
They skip, saying why, only where Xvfb is not installed or Qt/Mesa cannot make a GL context there.
"""
from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from app.model import Session
from app.views import gl3d, surface3d
from app.views.surface3d import Surface3DView, gl_available

pytestmark = pytest.mark.slow          # Xvfb and OpenGL in subprocesses (naming this file runs it)

ROOT = Path(__file__).resolve().parent.parent
SKIP_EXIT = 3                     # the child's exit code for "no GL context here" (reason on stdout)
CHILD_TIMEOUT = 90


# --- without OpenGL (the test process runs Qt offscreen) ------------------------------------------------

def test_offscreen_has_no_gl_and_says_why(qapp):
    ok, reason = gl_available()
    assert ok is False
    # Without an X display no context can be made; with one, the offscreen platform still has no GL widgets.
    assert "OpenGL context" in reason or "offscreen" in reason


def test_missing_pyopengl_is_reported(monkeypatch, qapp):
    monkeypatch.setitem(sys.modules, "OpenGL.GL", None)          # import OpenGL.GL now raises ImportError
    ok, reason = gl3d._probe_gl()
    assert ok is False
    assert reason.startswith("PyOpenGL is missing")


def test_widget_without_gl_shows_message_and_session_keeps_working(qtbot):
    session = Session("himmelblau", runs=["gd:lr=0.01"], starts=[(-0.5, -4.0)], steps=50)
    view = Surface3DView(session)
    qtbot.addWidget(view)
    view.show()
    assert not view.available and view.gl_view is None
    assert view.message.isVisible()
    text = view.message.text()
    assert gl_available()[1] in text and "Everything else in Optiscope works" in text

    session.set_surface("rosenbrock")
    session.add_run("adam:lr=0.05")
    session.set_start(0, (-1.0, 1.5))
    session.set_iteration(7)
    view.set_log_scale(True)
    view.set_show_critical(False)
    view.reset_camera()                       # no-ops without GL
    results = session.trajectories
    assert session.iteration == 7 and len(results) == 2
    assert results[0].path[0, 0] == pytest.approx((-1.0, 1.5))
    assert view.message.isVisible()


def test_nice_ticks_and_tick_text():
    assert surface3d._nice_ticks(-2.0, 2.0).tolist() == [-2.0, -1.0, 0.0, 1.0, 2.0]
    assert surface3d._nice_ticks(4.5e-5, 2500.0).tolist() == [500.0, 1000.0, 1500.0, 2000.0, 2500.0]
    assert surface3d._nice_ticks(-0.3, 0.7) == pytest.approx([-0.2, 0.0, 0.2, 0.4, 0.6])
    assert [surface3d._tick_text(v) for v in (0.5, 250.0, 1e4, 2.5e-5)] == ["0.5", "250", "1e4", "2.5e-5"]


# --- with OpenGL: a child process on an Xvfb display ----------------------------------------------------

@pytest.fixture(scope="module")
def xvfb_display():
    """An Xvfb display (":N") for this module; skips only where Xvfb is not installed."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed, so no OpenGL context can be made for the 3D view "
                    "(Debian/Ubuntu: apt-get install xvfb libgl1-mesa-dri)")
    read, write = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(write)
    try:
        ready, _, _ = select.select([read], [], [], 15)
        number = os.read(read, 64).decode().strip() if ready else ""
        if not number:
            proc.kill()
            pytest.fail(f"Xvfb did not start: {proc.communicate(timeout=5)[1].decode(errors='replace')[-500:]}")
        yield f":{number}"
    finally:
        os.close(read)
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_gl_view_under_xvfb(xvfb_display):
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb", LIBGL_ALWAYS_SOFTWARE="1",
               PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]))
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--gl-child"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=CHILD_TIMEOUT)
    output = f"--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
    if proc.returncode == SKIP_EXIT:
        pytest.skip(proc.stdout.strip().splitlines()[-1])
    if proc.returncode != 0 and "Could not load the Qt platform plugin" in proc.stderr:
        pytest.skip("Qt's xcb platform plugin cannot load under Xvfb (install libxcb-cursor0 libxcb-icccm4 "
                    "libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 "
                    "libxkbcommon-x11-0)")
    assert proc.returncode == 0, output
    assert "GL CHECKS PASSED" in proc.stdout, output


# --- the child ------------------------------------------------------------------------------------------

def _critical_positions(view) -> dict:
    """Kind -> (M, 3) positions of the critical-point markers drawn, for the kinds that have any."""
    return {kind: layer.pos.tolist() for kind, layer in view.overlay.layers.items()
            if kind in surface3d.style.CRITICAL_MARKERS and len(layer.pos)}


def _rgb(image):
    """(h, w, 3) uint8 array of a QImage."""
    from PySide6 import QtGui

    image = image.convertToFormat(QtGui.QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    return np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())[:, : 3 * w].reshape(h, w, 3)


def _near(rgb, xy, color: str, radius: int = 3, tol: int = 24) -> int:
    """How many pixels within ``radius`` of the point ``xy`` are within ``tol`` of ``color`` (#rrggbb)."""
    c = np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)])
    x, y = (int(round(v)) for v in xy)
    box = rgb[max(y - radius, 0): y + radius + 1, max(x - radius, 0): x + radius + 1].astype(int)
    return int((np.abs(box - c).max(axis=-1) <= tol).sum())


def _check_critical_points(app, view, session, surface) -> None:
    """Himmelblau's critical points are drawn at (x, y, f) on the surface with the 2D view's kind colours."""
    from core import analysis

    session.set_iteration(0)                  # the heads on the starts, away from every critical point
    session.compute_critical_points()
    _process(app)
    points = analysis.critical_points(surface)
    kinds = [p.kind for p in points]
    assert (kinds.count("minimum"), kinds.count("saddle"), kinds.count("maximum")) == (4, 4, 1)
    drawn = _critical_positions(view)
    assert sorted(drawn) == ["maximum", "minimum", "saddle"]
    for kind, pos in drawn.items():
        chosen = [p for p in points if p.kind == kind]
        expected = [(*p.xy, float(view.height(p.value)) + view.lift) for p in chosen]
        assert np.allclose(pos, expected, rtol=0, atol=1e-9), kind
        layer = view.overlay.layers[kind]
        symbol, fill = surface3d.style.CRITICAL_MARKERS[kind]
        assert layer.symbol == symbol and [b.color().name() for b in layer.brushes] == [fill] * len(chosen)
    # The maximum (-0.27, -0.92), f = 181.6, is drawn at 181.6 on the linear heights (0 .. 890 -> 0 .. top).
    (x0, x1), (y0, y1) = surface.domain
    top = surface3d.HEIGHT_RATIO * max(x1 - x0, y1 - y0)
    f_lo = float(surface.value(view.mesh.opts["meshdata"].vertexes()[:, :2].astype(float)).min())
    assert drawn["maximum"][0][2] == pytest.approx((181.6165 - f_lo) / (890.0 - f_lo) * top + view.lift, rel=1e-5)

    # On screen: each marker's centre has its kind's fill colour.
    rgb = _rgb(view.gl_view.grabFramebuffer())
    for kind, layer in view.overlay.layers.items():
        if kind in drawn:
            fill = surface3d.style.CRITICAL_MARKERS[kind][1]
            for xy in view.overlay.project(layer.pos):
                assert _near(rgb, xy, fill, radius=1) >= 3, (kind, xy)

    view.set_show_critical(False)
    assert _critical_positions(view) == {}
    view.set_show_critical(True)
    assert sorted(_critical_positions(view)) == ["maximum", "minimum", "saddle"]

    # The monkey saddle's one critical point is degenerate: grey square, as in 2D.
    session.set_surface("monkey_saddle")
    assert _critical_positions(view) == {}      # the old surface's points are gone until the new ones come
    _process(app)                               # the session finds them from the event loop
    drawn = _critical_positions(view)
    assert list(drawn) == ["degenerate"] and np.allclose(drawn["degenerate"], [[0, 0, view.height(0.0) + view.lift]])
    assert [b.color().name() for b in view.overlay.layers["degenerate"].brushes] == ["#adb5bd"]
    session.set_surface("himmelblau")
    session.compute_critical_points()
    session.set_iteration(10)
    _process(app)


def _check_labels_in_window_screenshot(app, view) -> None:
    """The axis labels are there, and a window screenshot (QWidget.grab, as --screenshot) shows them."""
    texts = [text for _, text, _ in view.overlay.labels]
    assert {"x", "y", "f"} <= set(texts)
    assert {"-4", "-2", "0", "2", "4", "200", "800"} <= set(texts)
    grab = _rgb(view.grab().toImage())
    offset = view.gl_view.mapTo(view, view.gl_view.rect().topLeft())
    for label in ("x", "y", "f"):
        pos = next(p for p, text, _ in view.overlay.labels if text == label)
        x, y = view.overlay.project(pos[None])[0]
        assert _near(grab, (x + offset.x(), y + offset.y()), "#333333", radius=6, tol=40) >= 5, label


def _check_divergence(app) -> None:
    """GD with a huge step on the bowl: a cross at each start's last drawable point, from the next step on."""
    from core import optimizers, surfaces

    bowl = surfaces.get("bowl")
    starts = np.array([(0.02, 0.01), (1.5, -2.0)])
    session = Session("bowl", runs=["gd:lr=50", "gd:lr=0.1"], starts=starts, steps=200)
    view = Surface3DView(session)
    view.resize(640, 480)
    view.show()
    _shown(app, view)
    res = session.trajectories[0]
    expected = optimizers.run(bowl, optimizers.create("gd:lr=50"), starts, 200)
    assert np.array_equal(res.path, expected.path, equal_nan=True)
    # x <- x - 50 * 2x = -99x: start 0 is at (-1.98, -0.99) after one step, then far outside; start 1 leaves
    # the view at once. Both leave the divergence box (|x|, |y| <= 3000) one step later: 0.02 * 99^3 and 2 * 99^2.
    assert res.status == ["diverged", "diverged"] and res.last_finite.tolist() == [2, 1]
    assert session.trajectories[1].status == ["ok", "ok"]

    def lifted(xy):
        return [*xy, float(view.height(bowl.value(np.asarray(xy)))) + view.lift]

    def crosses():
        layer = view.cross_overlay.layers["diverged"]
        return layer.pos.tolist(), [b.color().name() for b in layer.brushes]

    red = session.runs[0].color
    session.set_iteration(0)
    _process(app)
    assert crosses() == ([], [])
    assert len(view.heads.pos) == 4
    session.set_iteration(1)                  # start 1 has left: its cross at the start, no head
    _process(app)
    assert np.allclose(crosses()[0], [lifted(starts[1])]) and crosses()[1] == [red]
    assert np.allclose(view.heads.pos[0], lifted(res.path[1, 0]), atol=1e-5) and len(view.heads.pos) == 3
    for k in (2, 150, 200):                   # start 0 has left too: the cross at (-1.98, -0.99)
        session.set_iteration(k)
        _process(app)
        assert np.allclose(crosses()[0], [lifted((-1.98, -0.99)), lifted(starts[1])]), k
        assert crosses()[1] == [red, red]
        assert len(view.heads.pos) == 2       # the converging run's two heads only
        # The path is drawn only up to the cross: step 0 -> 1 of start 0.
        pos = view._runs[0].line.pos
        assert np.allclose(pos[:, :2], [starts[0], (-1.98, -0.99)], atol=1e-6)
    rgb = _rgb(view.gl_view.grabFramebuffer())
    for xy in view.cross_overlay.project(view.cross_overlay.layers["diverged"].pos):
        assert _near(rgb, xy, surface3d.style.DIVERGED_COLOR, radius=4, tol=40) >= 4, xy
    session.set_run_visible(0, False)          # a hidden run: no cross
    _process(app)
    assert crosses() == ([], [])
    view.close()


def _check_proportions(app) -> None:
    """x and y at one scale, as in the 2D view (only z is scaled): seen from straight above, the ravine's domain
    [-10, 10] x [-5, 5] is twice as wide as it is tall on screen, and a unit of x as long as a unit of y."""
    session = Session("ravine", runs=["gd:lr=0.4"], starts=[(-9.0, 4.0)], steps=5)
    view = Surface3DView(session)
    view.resize(640, 480)
    view.show()
    _shown(app, view)
    view.gl_view.setCameraParams(elevation=90.0, azimuth=-90.0)
    _process(app)
    ends = view.overlay.project(np.array([[-10.0, 0, 0], [10.0, 0, 0], [0, -5.0, 0], [0, 5.0, 0],
                                          [0, 0, 0], [1.0, 0, 0], [0, 1.0, 0]]))
    width, height = np.hypot(*(ends[1] - ends[0])), np.hypot(*(ends[3] - ends[2]))
    unit_x, unit_y = np.hypot(*(ends[5] - ends[4])), np.hypot(*(ends[6] - ends[4]))
    assert width > 100 and width / height == pytest.approx(2.0, rel=0.01)
    assert unit_x == pytest.approx(unit_y, rel=0.01)
    view.close()


def _process(app, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def _shown(app, view, timeout_s: float = 60.0) -> None:
    """Wait for the lazily built 3D page to settle (``sigReady``): a fixed number of event-loop rounds is
    too few on a loaded machine (llvmpipe takes its time over the first frame). The qtbot.waitSignal of a
    plain script."""
    from PySide6 import QtCore

    if not view.ready:
        loop = QtCore.QEventLoop()
        view.sigReady.connect(loop.quit)
        QtCore.QTimer.singleShot(int(timeout_s * 1000), loop.quit)
        loop.exec()
    assert view.ready, f"the 3D view did not settle within {timeout_s} s"


def _gl_child() -> int:
    """Check the GL view for real; runs on an X display with QT_QPA_PLATFORM=xcb."""
    from PySide6 import QtGui, QtWidgets

    from core import surfaces

    app = QtWidgets.QApplication([])
    ok, reason = gl_available()
    if not ok:
        print(f"OpenGL is not available under Xvfb here: {reason}")
        return SKIP_EXIT
    print(reason)

    steps = 40
    starts = np.array([(-0.5, -4.0), (3.5, 3.5)])
    session = Session("himmelblau", runs=["gd:lr=0.01", "adam:lr=0.1"], starts=starts, steps=steps)
    view = Surface3DView(session)
    assert view.available and view.gl_view is None       # the GL widget waits until the view is on screen
    view.resize(640, 480)
    view.show()
    _shown(app, view)
    assert view.available and view.gl_view.isValid()
    surface = surfaces.get("himmelblau")
    (x0, x1), (y0, y1) = surface.domain
    top = surface3d.HEIGHT_RATIO * max(x1 - x0, y1 - y0)

    # The mesh: MESH_POINTS^2 vertices on the domain's grid, z = height(f); lowest at 0, highest at `top`.
    n = surface3d.MESH_POINTS
    verts = view.mesh.opts["meshdata"].vertexes()
    assert verts.shape == (n * n, 3)
    assert view.mesh.opts["meshdata"].faces().shape == (2 * (n - 1) ** 2, 3)
    assert verts[:, 0].min() == x0 and verts[:, 0].max() == x1 and verts[:, 1].min() == y0
    expected = view.height(surface.value(verts[:, :2].astype(float)))
    assert np.allclose(verts[:, 2], expected, rtol=1e-5, atol=1e-5 * top)
    assert verts[:, 2].min() == 0.0 and np.isclose(verts[:, 2].max(), top)
    # Himmelblau on [-5, 5]^2 is highest at the corner (5, 5): f = 19^2 + 23^2 = 890.
    corner = np.argmax(verts[:, 2])
    assert tuple(verts[corner, :2]) == (5.0, 5.0)
    assert np.isclose(surface.value(np.array([5.0, 5.0])), 890.0)
    assert np.isclose(view.lift, surface3d.LIFT_RATIO * top)

    results = session.trajectories
    assert [res.status for res in results] == [["ok", "ok"], ["ok", "ok"]]

    def lifted(xy):
        return np.column_stack([xy, view.height(surface.value(xy)) + view.lift])

    # At the end: every step of both starts drawn as a segment, lifted to f + lift.
    session.set_iteration(steps)
    _process(app)
    for items, res in zip(view._runs, results, strict=True):
        pos = items.line.pos
        assert items.line.visible() and pos.shape == (2 * steps * 2, 3)
        assert np.allclose(pos[:, 2], view.height(surface.value(pos[:, :2].astype(float))) + view.lift,
                           rtol=1e-5, atol=1e-5 * top)
        # Segment t -> t+1 of start 0, then of start 1, for t = 0, 1, ...: the path's own points, in order.
        expected = np.stack([res.path[:-1], res.path[1:]], axis=2).reshape(-1, 2)
        assert np.allclose(pos[:, :2], expected, atol=1e-5)

    # Iteration 0: no lines, the heads sit on the starts.
    session.set_iteration(0)
    _process(app)
    assert not any(items.line.visible() for items in view._runs)
    assert np.allclose(view.heads.pos, lifted(np.vstack([starts, starts])), atol=1e-4)
    assert np.allclose(view.starts_item.pos, lifted(starts), atol=1e-4)

    # Iteration 10: each run's first 10 steps, step by step in order; the heads at path[10].
    mesh_builds = []
    original = view.mesh.setData
    view.mesh.setData = lambda **kw: (mesh_builds.append(1), original(**kw))
    session.set_iteration(10)
    _process(app)
    for items, res in zip(view._runs, results, strict=True):
        pos = items.line.pos
        assert pos.shape == (2 * 10 * 2, 3)
        first = pos[:4, :2]                 # step 0 -> 1 of start 0, then of start 1
        assert np.allclose(first, [res.path[0, 0], res.path[1, 0], res.path[0, 1], res.path[1, 1]], atol=1e-5)
    heads = np.vstack([res.path[10] for res in results])
    assert np.allclose(view.heads.pos, lifted(heads), atol=1e-4)
    assert mesh_builds == []                # playback never rebuilds the mesh

    # A frame that shows the surface, contours and the heads in their run colours.
    image = view.gl_view.grabFramebuffer().convertToFormat(QtGui.QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    rgb = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())[:, : 3 * w].reshape(h, w, 3)
    background = np.all(rgb == 255, axis=-1).mean()
    assert 0.2 < background < 0.9, background
    assert len(np.unique(rgb.reshape(-1, 3), axis=0)) > 500
    for run in session.runs:
        c = np.array([int(run.color[i:i + 2], 16) for i in (1, 3, 5)])
        assert (np.abs(rgb.astype(int) - c).max(axis=-1) <= 8).sum() >= 20, run.color

    _check_critical_points(app, view, session, surface)
    _check_labels_in_window_screenshot(app, view)
    mesh_builds.clear()                     # the surfaces switched in the critical-point checks built meshes
    # Moving a start (a drag frame) recomputes the paths, not the mesh.
    for x in (-0.4, -0.3, -0.2):
        session.set_start(0, (x, -4.0))
        _process(app, 1)
    assert mesh_builds == []

    # A new surface rebuilds the mesh once, on the log scale for Rosenbrock; its critical points come later
    # (without another mesh build): the one minimum (1, 1), f = 0, on the log heights.
    session.set_surface("rosenbrock")
    _process(app)
    assert len(mesh_builds) == 1 and view.log_scale
    session.compute_critical_points()
    _process(app)
    assert len(mesh_builds) == 1
    drawn = _critical_positions(view)
    assert list(drawn) == ["minimum"] and np.allclose(drawn["minimum"], [[1, 1, view.height(0.0) + view.lift]])
    assert view.height(0.0) == 0.0
    verts = view.mesh.opts["meshdata"].vertexes()
    assert verts.shape == (n * n, 3)
    # Rosenbrock on [-2, 2] x [-1, 3] peaks at (-2, -1): f = 3^2 + 100 * 5^2 = 2509, drawn at 0.5 * 4 = 2.
    f = surfaces.get("rosenbrock").value(verts[:, :2].astype(float))
    peak = np.argmax(verts[:, 2])
    assert tuple(verts[peak, :2]) == (-2.0, -1.0) and np.isclose(f[peak], 2509.0) and np.isclose(verts[peak, 2], 2.0)
    expected = 2.0 * np.log10(1 + f - f.min()) / np.log10(1 + 2509.0 - f.min())
    assert np.allclose(verts[:, 2], expected, rtol=1e-5, atol=1e-6)

    # A scale chosen before the view is first shown (the 2D view's toggle) is kept: Rosenbrock on linear heights.
    linear = Surface3DView(session)
    linear.set_log_scale(False)
    linear.resize(320, 240)
    linear.show()
    _shown(app, linear)
    verts = linear.mesh.opts["meshdata"].vertexes()
    assert not linear.log_scale
    assert np.allclose(verts[:, 2], 2.0 * (f - f.min()) / (2509.0 - f.min()), rtol=1e-5, atol=1e-6)
    linear.close()

    _check_divergence(app)
    _check_proportions(app)

    # OpenGL that fails when the widget initialises (an old remote desktop): the message, no crash.
    import pyqtgraph.opengl as gl

    def refuse(self):
        raise RuntimeError("pyqtgraph.opengl: Requires >= OpenGL 2.1; Found 1.4")

    gl.GLViewWidget.initializeGL = refuse
    late = Surface3DView(session)
    late.resize(320, 240)
    late.show()
    _shown(app, late)
    assert not late.available and late.message.isVisible() and "2.1" in late.message.text()
    session.set_iteration(5)                # the failed view no longer listens; nothing breaks
    _process(app)
    print("GL CHECKS PASSED")
    return 0


if __name__ == "__main__" and "--gl-child" in sys.argv:
    sys.exit(_gl_child())
