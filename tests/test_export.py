"""Figure, animation, data and step-table exports, in process and through `optiscope export`."""
import csv
import io
import json
import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6 import QtGui

import cli
from app import export
from core import optimizers, rundata, scene, surfaces
from core.scene import RunSpec, Scene

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def ravine():
    """Three runs on the ravine, the middle one hidden."""
    return Scene("ravine", [RunSpec("gd:lr=0.45"), RunSpec("adam:lr=0.3", visible=False),
                            RunSpec("momentum:lr=0.05,momentum=0.8")], [(-9.0, 4.0)], steps=40)


def _rgb(hex_color):
    return np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)])


def _pixels_near(img: np.ndarray, hex_color: str, tol: int = 12) -> int:
    return int((np.abs(img.astype(int) - _rgb(hex_color)).max(axis=-1) <= tol).sum())


# --- PNG ------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_png_default_is_300_dpi_at_16_cm_and_shows_every_visible_run(qapp, ravine, tmp_path):
    out = tmp_path / "fig.png"
    export.export(ravine, out)
    img = Image.open(out)
    assert img.size[0] == round(16 / 2.54 * 300) == 1890
    assert img.info["dpi"] == pytest.approx((300, 300), abs=0.5)
    a = np.asarray(img.convert("RGB"))
    packed = (a[..., 0].astype(np.int32) << 16) | (a[..., 1].astype(np.int32) << 8) | a[..., 2]
    assert a.std() > 20 and len(np.unique(packed)) > 1000                            # not blank
    for k in (0, 2):                                                                 # visible runs
        assert _pixels_near(a, export.PALETTE[k]) > 2000, k
    assert _pixels_near(a, export.PALETTE[1]) < 50                                   # the hidden run


def test_png_width_px_and_dpi_options(qapp, ravine, tmp_path):
    export.export(ravine, tmp_path / "a.png", export.FigureOptions(width_px=800))
    export.export(ravine, tmp_path / "b.png", export.FigureOptions(dpi=100))
    a, b = Image.open(tmp_path / "a.png"), Image.open(tmp_path / "b.png")
    assert a.size[0] == 800 and b.size[0] == round(16 / 2.54 * 100)
    assert a.size[1] / a.size[0] == pytest.approx(b.size[1] / b.size[0], abs=0.01)   # same layout


def test_figure_at_iteration_k_draws_paths_up_to_k(qapp, ravine):
    data = export.FigureData.compute(ravine)
    fig = export.Figure(data, export.FigureOptions(iteration=7))
    try:
        run0 = next(item for item in fig.run_items if item[0] == 0)
        x, y = run0[4].getData()
        expected = optimizers.run(surfaces.get("ravine"), optimizers.create("gd:lr=0.45"), [-9.0, 4.0], 40).path
        np.testing.assert_array_equal(np.c_[x, y][:8], expected[:8, 0])                 # steps 0..7
        assert len(x) == 8 + 1 and math.isnan(x[-1])                                     # then the separator
        hx, hy = fig.heads.getData()                     # one head per run and start, in run order
        assert len(hx) == len(fig.run_items)
        assert (hx[0], hy[0]) == tuple(expected[7, 0])                                  # head at step 7
        assert [spot.symbol() for spot in fig.heads.points()] == [style[2] for _, _, style, *_ in fig.run_items]
        assert "after 7 of 40 steps" in fig.caption.toPlainText()
    finally:
        fig.close()


def test_caption_names_every_hyperparameter_and_final_point(qapp, ravine):
    fig = export.Figure(export.FigureData.compute(ravine))
    try:
        text = fig.caption.toPlainText()
        assert "f(x, y) = 0.1·x² + 2·y²" in text and "Start: (−9, 4)" in text and "40 steps" in text
        assert "GD lr=0.45" in text and "Momentum lr=0.05, μ=0.8" in text and "Adam" not in text
        tr = optimizers.run(surfaces.get("ravine"), optimizers.create("gd:lr=0.45"), [-9.0, 4.0], 40)
        x, y = tr.path[-1, 0]
        assert f"({export.fmt(x)}, {export.fmt(y)}), f = {export.fmt(tr.loss[-1, 0])}" in text
        assert fig.title.toPlainText() == "Ravine: f(x, y) = 0.1·x² + 2·y²"
    finally:
        fig.close()


def test_caption_says_where_f_is_undefined_and_names_a_slow_divergence(qapp):
    s = Scene("log(x) + y^2", [RunSpec("gd:lr=1")], [(0.5, 1.0)], steps=10)
    fig = export.Figure(export.FigureData.compute(s))
    try:
        text = fig.caption.toPlainText()
        assert "(−1.5, −1), f undefined here (step 1)" in text and "nan" not in text    # U+2212 minus
    finally:
        fig.close()
    # GD at 1.1 times its stability bound 2/3 on 0.5 (3x^2 + 0.4y^2): x <- -1.2 x leaves |x| <= 3000 at step 44
    s = Scene("0.5*(3*x**2 + 0.4*y**2)", [RunSpec(f"gd:lr={1.1 * 2 / 3!r}")], [(1.0, 1.0)], steps=1000)
    fig = export.Figure(export.FigureData.compute(s))
    try:
        assert fig.data.runs[0].status == "diverged" and "diverged after step 43" in fig.caption.toPlainText()
    finally:
        fig.close()


def test_caption_prints_adams_rule_without_bias_correction_as_applied(qapp):
    s = Scene("bowl", [RunSpec("adam:lr=0.05,bias_correction=false")], [(1.0, -2.0)], steps=5)
    fig = export.Figure(export.FigureData.compute(s))
    try:
        text = fig.caption.toPlainText()
        assert "p ← p − lr·m/(√v + ε) (no bias correction)" in " ".join(text.replace("\u2060", "").split())
        assert "m_hat" not in text and "β1ᵗ" not in text and "β1^t" not in text
    finally:
        fig.close()


def test_caption_draws_adams_hats_in_the_hat_font(qapp):
    """m̂ and v̂ as hatted letters (not "m_hat"), each in the font whose hat Qt puts over its letter."""
    from app import style

    s = Scene("rosenbrock", [RunSpec("adam:lr=0.05")], [(-1.5, 2.0)], steps=100)
    fig = export.Figure(export.FigureData.compute(s))
    try:
        doc = fig.caption.document()
        text = doc.toPlainText()
        assert "m_hat" not in text and "v_hat" not in text
        words = " ".join(text.replace("\u2060", "").split())                # word joiners keep "v/(1" whole
        assert "p ← p − lr·m̂/(√v̂ + ε), m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ)" in words
        hats = [k for k, c in enumerate(text) if c == "\u0302"]
        assert len(hats) == 4
        for k in hats:
            for at in (k - 1, k):                                       # the letter and its hat
                cursor = QtGui.QTextCursor(doc)
                cursor.setPosition(at)
                cursor.setPosition(at + 1, QtGui.QTextCursor.MoveMode.KeepAnchor)
                assert cursor.charFormat().font().families()[0] == style.HAT_FONT, (at, text[at])
    finally:
        fig.close()


def test_diverged_run_is_marked(qapp, tmp_path):
    s = Scene("bowl", [RunSpec("gd:lr=1.5")], [(1.0, 1.0)], steps=2000)
    fig = export.Figure(export.FigureData.compute(s))
    try:
        cx, cy = fig.crosses.getData()
        r = fig.data.runs[0]
        assert r.status == "diverged" and (cx.tolist(), cy.tolist()) == ([r.path[r.last_finite][0]],
                                                                         [r.path[r.last_finite][1]])
        assert fig.crosses.points()[0].brush().color().name() == fig.run_colors()[0].lower()   # the run's colour
        fig.set_iteration(r.last_finite)                 # not yet diverged at its last finite step: no cross
        assert len(fig.crosses.getData()[0]) == 0
        assert "diverged after step" in fig.caption.toPlainText()
    finally:
        fig.close()


def test_panels_all_plots_the_loss_and_eigenvalues_of_each_run(qapp, ravine):
    fig = export.Figure(export.FigureData.compute(ravine), export.FigureOptions(panels="all"))
    try:
        runs = [r for r in rundata.compute(ravine) if r.visible]
        mine, loss_curve, eig_lo, eig_hi = fig.side_items[0]
        _, loss = loss_curve.getData()
        expected = np.log10(runs[0].loss) if fig.loss_log else runs[0].loss
        np.testing.assert_allclose(loss[:41], expected)
        _, lo = eig_lo.getData()
        np.testing.assert_allclose(lo[:41], 0.2)            # ravine: Hessian diag(0.2, 4) everywhere
        _, hi = eig_hi.getData()
        np.testing.assert_allclose(hi[:41], 4.0)
    finally:
        fig.close()


# --- SVG and PDF -----------------------------------------------------------------------------------

def test_svg_parses_and_holds_one_path_per_visible_run(qapp, ravine, tmp_path):
    out = tmp_path / "fig.svg"
    export.export(ravine, out)
    root = ET.parse(out).getroot()
    assert root.attrib["width"] == "16.000cm"
    curves = [g for g in root.iter(f"{SVG}g") if g.attrib.get("id", "").startswith("PlotCurveItem")]
    strokes = [inner.attrib.get("stroke") for g in curves for inner in g.iter(f"{SVG}g")
               if inner.find(f"{SVG}path") is not None]
    for k, run in enumerate(ravine.runs):
        assert strokes.count(export.PALETTE[k].lower()) == (1 if run.visible else 0), k
    text = "".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "GD lr=0.45" in text                          # legend and caption are text, not pixels
    assert root.find(f"{SVG}defs/{SVG}style") is None      # an English figure embeds no font (a Persian one does)


def test_a_surface_is_sampled_once_for_figure_after_figure(qapp, ravine):
    """The heatmap grid and contour lines depend only on the surface and the domain: the last few are reused,
    read-only; a zoomed view (another domain) or another surface gets its own."""
    from core import grid

    export.SURFACE_CACHE.clear()
    first = export.FigureData.compute(ravine)
    again = export.FigureData.compute(Scene("ravine", [RunSpec("adam:lr=0.3")], [(5.0, -2.0)], steps=7))
    assert again.Z is first.Z and again.contours is first.contours and not first.Z.flags.writeable
    xs, ys, Z = grid.sample(surfaces.get("ravine"), n=export.GRID_POINTS)
    np.testing.assert_array_equal(first.Z, Z)                        # what sampling gives, not a stale grid
    zoomed = export.FigureData.compute(Scene("ravine", ravine.runs, ravine.starts, 40, view=((-2, 2), (-1, 1))))
    assert zoomed.Z is not first.Z and zoomed.xs[0] == -2 and zoomed.ys[-1] == 1
    for name in ("bowl", "booth", "matyas", "saddle"):                # the caches keep the last four
        export.FigureData.compute(Scene(name, [RunSpec("gd")], [(0.5, 0.5)], steps=3))
    cache = export.SURFACE_CACHE
    assert len(cache.grids) == len(cache.critical) == cache.size == 4
    latest = export.FigureData.compute(ravine)
    assert latest.Z is not first.Z
    cache.clear()                                                     # frees them all; the next figure samples again
    assert not cache.grids and not cache.critical
    assert export.FigureData.compute(ravine).Z is not latest.Z and len(cache.grids) == len(cache.critical) == 1


def test_vector_contours_are_made_on_demand_after_a_png(qapp, ravine, tmp_path):
    """PNG/GIF frames never need the simplified vector contours; an SVG from the same figure still has them."""
    fig = export.Figure(export.FigureData.compute(ravine))
    try:
        fig.save_png(tmp_path / "fig.png", 400)
        fig.save_svg(tmp_path / "fig.svg")
        n_data = int(np.isfinite(fig.data.contours).all(axis=1).sum())
    finally:
        fig.close()
    root = ET.parse(tmp_path / "fig.svg").getroot()
    contours = [p.attrib["d"] for g in root.iter(f"{SVG}g") if g.attrib.get("stroke") == export.CONTOUR_INK
                for p in g.iter(f"{SVG}path")]
    assert len(contours) == 1
    points = contours[0].count("M") + contours[0].count("L")
    assert 100 < points < n_data                       # every level is there, simplified


def test_vector_paths_are_simplified_to_a_tenth_of_a_pixel_and_restored(qapp, ravine, tmp_path):
    fig = export.Figure(export.FigureData.compute(ravine))
    try:
        curve = fig.run_items[0][4]
        x, y = (a.copy() for a in curve.getData())
        with fig._vector():
            tx, ty = curve.getData()
            tol = np.array(export._tolerance(curve.getViewBox()))
        fig.save_svg(tmp_path / "fig.svg")
        np.testing.assert_array_equal(curve.getData()[0], x)           # the full path is back for PNG/GIF
        np.testing.assert_array_equal(curve.getData()[1], y)
    finally:
        fig.close()
    assert 2 < len(tx) < len(x)
    assert (tx[0], ty[0]) == (x[0], y[0]) and math.isnan(tx[-1])       # same start, separator kept
    # every dropped iterate lies within the tolerance of the simplified polyline (in units of the tolerance)
    full, thin = np.c_[x, y][:-1] / tol, np.c_[tx, ty][:-1] / tol
    a, b = thin[:-1, None], thin[1:, None]
    t = np.clip(((full - a) * (b - a)).sum(-1) / np.maximum(((b - a) ** 2).sum(-1), 1e-300), 0, 1)
    dist = np.hypot(*np.moveaxis(full - (a + t[..., None] * (b - a)), -1, 0)).min(axis=0)
    assert dist.max() <= 1.0 + 1e-9


def test_pdf_has_one_page_of_the_figure_size(qapp, ravine, tmp_path):
    out = tmp_path / "fig.pdf"
    export.export(ravine, out)
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == 1
    box = [float(v) for v in re.search(rb"/MediaBox\s*\[([^\]]*)\]", data).group(1).split()]
    fig = export.Figure(export.FigureData.compute(ravine))
    try:
        assert box[2] - box[0] == pytest.approx(16 / 2.54 * 72, abs=0.5)         # 16 cm in points
        assert box[3] - box[1] == pytest.approx(fig.height * 72 / 96, abs=0.5)
    finally:
        fig.close()


# --- GIF ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("steps, stride, frames", [(40, 4, 10), (41, 4, 11), (12, 1, 12)])
def test_gif_frame_count_is_steps_over_stride(qapp, ravine, tmp_path, steps, stride, frames):
    ravine.steps = steps
    out = tmp_path / "a.gif"
    assert export.export(ravine, out, export.FigureOptions(width_px=300), stride=stride) == f"a.gif: {frames} frames"
    img = Image.open(out)
    assert img.n_frames == frames and img.size[0] == 300
    img.seek(frames - 1)
    last = np.asarray(img.convert("RGB"))
    assert _pixels_near(last, export.PALETTE[0], tol=30) > 20     # the run is drawn, in its colour


def test_gif_default_stride_keeps_frames_bounded():
    assert export.default_stride(500) == 2 and len(export.frame_iterations(500, 2)) == 250
    assert export.frame_iterations(10, 3) == [3, 6, 9, 10]


def test_cancelled_gif_leaves_the_target_untouched(qapp, ravine, tmp_path):
    out = tmp_path / "a.gif"
    out.write_bytes(b"old")
    with pytest.raises(export.ExportCancelled):
        export.export(ravine, out, export.FigureOptions(width_px=200), stride=1, progress=lambda d, t: d < 3)
    assert out.read_bytes() == b"old" and list(tmp_path.iterdir()) == [out]


# --- the command line -----------------------------------------------------------------------------

def _cli(args, capsys):
    code = cli.main(["export", *args])
    return code, capsys.readouterr().err


def test_cli_data_exports_equal_the_core(qapp, tmp_path, capsys):
    args = ["--surface", "rosenbrock", "--optimizer", "adam:lr=0.05", "--optimizer", "gd:lr=0.001",
            "--start", "-1.5,2", "--start", "0.5,-0.5", "--steps", "30"]
    assert _cli([*args, "--out", str(tmp_path / "d.csv")], capsys) == (0, "")
    assert _cli([*args, "--out", str(tmp_path / "d.json")], capsys) == (0, "")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "d.csv").read_text())))
    tr = optimizers.run(surfaces.get("rosenbrock"), optimizers.create("adam:lr=0.05"),
                        np.array([[-1.5, 2.0], [0.5, -0.5]]), 30)
    mine = [r for r in rows if r["run"] == "1"]                     # adam from the second start
    np.testing.assert_array_equal([[float(r["x"]), float(r["y"])] for r in mine], tr.path[:, 1])
    doc = json.loads((tmp_path / "d.json").read_text())
    np.testing.assert_array_equal(doc["runs"][1]["f"], tr.loss[:, 1])
    assert scene.from_dict(doc["scene"]).runs[0].optimizer == "adam:lr=0.05"


def test_cli_step_tables(qapp, tmp_path, capsys):
    args = ["--scene", str(ROOT / "resources/presets/adam_bias_correction.json"), "--table-steps", "3"]
    for name in ("t.md", "t.tex", "t.steps.csv"):
        assert _cli([*args, "--out", str(tmp_path / name)], capsys) == (0, "")
    md = (tmp_path / "t.md").read_text()
    assert md.count("### Adam") == 2 and md.count("| 3 | x |") == 2
    assert (tmp_path / "t.tex").read_text().count(r"\begin{tabular}") == 2
    assert len((tmp_path / "t.steps.csv").read_text().splitlines()) == 1 + 2 * 3


@pytest.mark.parametrize("args, message", [
    (["--scene", "{preset}", "--out", "{out}.bmp"], "unknown output format '.bmp'"),
    (["--scene", "{missing}", "--out", "{out}.png"], "cannot read"),
    (["--scene", "{bad}", "--out", "{out}.png"], "scene field 'steps'"),
    (["--scene", "{preset}", "--optimizer", "adam:beta1=1.5", "--out", "{out}.png"], "--optimizer: "),
    (["--surface", "bowl", "--start", "1,1", "--out", "{out}.png"], "missing --optimizer"),
    (["--surface", "bowl", "--optimizer", "adam:lr=-1", "--start", "1,1", "--out", "{out}.png"], "--optimizer"),
    (["--surface", "__import__('os')", "--optimizer", "gd", "--start", "1,1", "--out", "{out}.png"], "--surface"),
    (["--scene", "{preset}", "--iteration", "5000", "--out", "{out}.png"], "--iteration 5000"),
    (["--scene", "{preset}", "--out", "{nodir}/x.png"], "does not exist"),
])
def test_cli_bad_input_is_one_error_line_exit_2_and_target_untouched(tmp_path, capsys, args, message):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**scene.to_dict(Scene("bowl", [RunSpec("gd")], [(1, 1)])), "steps": 10**6}))
    target = tmp_path / "fig"
    for ext in (".png", ".bmp"):
        Path(f"{target}{ext}").write_bytes(b"old")
    subs = {"{preset}": str(ROOT / "resources/presets/saddle_escape.json"), "{missing}": str(tmp_path / "no.json"),
            "{bad}": str(bad), "{out}": str(target), "{nodir}": str(tmp_path / "nodir")}
    for key, value in subs.items():
        args = [a.replace(key, value) for a in args]
    code, err = _cli(args, capsys)
    assert code == 2
    assert err.startswith("error: ") and err.count("\n") == 1 and message in err, err
    assert Path(f"{target}.png").read_bytes() == b"old" and Path(f"{target}.bmp").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "fig.bmp", "fig.png"]


@pytest.mark.slow
def test_cli_png_in_a_fresh_process(tmp_path):
    """The real command: exit 0, a valid PNG, and no crash when Qt shuts down."""
    out = tmp_path / "fig.png"
    proc = subprocess.run([sys.executable, "main.py", "export", "--surface", "saddle", "--optimizer", "adam:lr=0.05",
                           "--start", "1.5,0.001", "--steps", "40", "--out", str(out), "--width-px", "600"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "" and Image.open(out).size[0] == 600


# --- hostile values (brief F) ---------------------------------------------------------------------

@pytest.mark.parametrize("view, message", [
    ([[-1e308, 1e308], [-1, 1]], "scene field 'view[0]': the coordinates must be within ±1e+100"),
    ([[0, 1], [0, 1e-300]], "scene field 'view[1]': the range [0, 1e-300] is too narrow"),
])
def test_cli_a_scene_view_that_cannot_be_drawn_is_one_error_line(tmp_path, capsys, view, message):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({**scene.to_dict(Scene("himmelblau", [RunSpec("gd")], [(1, 1)], steps=20)),
                                "view": view}))
    for ext in (".svg", ".png"):
        code, err = _cli(["--scene", str(path), "--out", str(tmp_path / f"fig{ext}")], capsys)
        assert code == 2 and err.startswith(f"error: {path}: {message}")
        assert err.count("\n") == 1 and "Warning" not in err
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]


def test_cli_an_internal_error_is_not_passed_off_as_bad_input(qapp, tmp_path, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("cannot convert float NaN to integer")     # a bug inside the export, not the input

    monkeypatch.setattr(export.FigureData, "compute", broken)
    args = ["--surface", "bowl", "--optimizer", "gd", "--start", "1,1", "--steps", "5",
            "--out", str(tmp_path / "f.png")]
    with pytest.raises(ValueError, match="NaN"):
        cli.main(["export", *args])
    assert capsys.readouterr().err == ""

    def refused(*args, **kwargs):
        raise scene.SceneError("starts[0]", "must be a finite number, got {value}", value="nan")

    monkeypatch.setattr(export.FigureData, "compute", refused)            # user input found late: still one line
    assert _cli(args, capsys) == (2, "error: scene field 'starts[0]': must be a finite number, got nan\n")
    assert not (tmp_path / "f.png").exists()


def test_a_rendered_image_stays_as_it_was_after_the_next_render(qapp, ravine):
    """Renders reuse one scratch image: an image still held is copied by Qt before the next paint, not overwritten."""
    fig = export.Figure(export.FigureData.compute(ravine))
    try:
        a = fig.render_image(400)
        before = _pixels(a)
        fig.set_iteration(0)                              # same size, other content: the scratch image is reused
        b = fig.render_image(400)
        assert (b.width(), b.height()) == (a.width(), a.height())
        assert not np.array_equal(_pixels(b), before)     # the paths are gone from the new render...
        np.testing.assert_array_equal(_pixels(a), before)  # ...and the first image still has them
    finally:
        fig.close()


def _pixels(image) -> np.ndarray:
    image = image.convertToFormat(image.Format.Format_RGB32)
    return np.frombuffer(image.constBits(), np.uint8, count=image.sizeInBytes()).reshape(image.height(), -1).copy()
