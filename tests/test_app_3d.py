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
from app.views import surface3d
from app.views.surface3d import Surface3DView, gl_available

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
    ok, reason = surface3d._probe_gl()
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

def _process(app, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


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
    _process(app)
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

    # A new surface rebuilds the mesh once, on the log scale for Rosenbrock.
    session.set_surface("rosenbrock")
    _process(app)
    assert len(mesh_builds) == 1 and view.log_scale
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
    _process(app)
    verts = linear.mesh.opts["meshdata"].vertexes()
    assert not linear.log_scale
    assert np.allclose(verts[:, 2], 2.0 * (f - f.min()) / (2509.0 - f.min()), rtol=1e-5, atol=1e-6)
    linear.close()

    # OpenGL that fails when the widget initialises (an old remote desktop): the message, no crash.
    import pyqtgraph.opengl as gl

    def refuse(self):
        raise RuntimeError("pyqtgraph.opengl: Requires >= OpenGL 2.1; Found 1.4")

    gl.GLViewWidget.initializeGL = refuse
    late = Surface3DView(session)
    late.resize(320, 240)
    late.show()
    _process(app)
    assert not late.available and late.message.isVisible() and "2.1" in late.message.text()
    session.set_iteration(5)                # the failed view no longer listens; nothing breaks
    _process(app)
    print("GL CHECKS PASSED")
    return 0


if __name__ == "__main__" and "--gl-child" in sys.argv:
    sys.exit(_gl_child())
