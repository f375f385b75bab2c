"""Data and step-table exports run on the core alone: neither PySide6, pyqtgraph nor Pillow is imported."""
import subprocess
import sys
from pathlib import Path

import pytest

from core import exports, rundata, steptable
from core.scene import RunSpec, Scene

ROOT = Path(__file__).resolve().parent.parent
DRAWING = ("PySide6", "pyqtgraph", "PIL", "shiboken6", "app")


def _imported(stderr: str) -> set[str]:
    """Top-level package names in ``python -X importtime`` output."""
    return {line.split("|")[-1].strip().split(".")[0] for line in stderr.splitlines()
            if line.startswith("import time:") and "|" in line}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["runs.csv", "runs.json", "table.md", "table.tex", "table.steps.csv"])
def test_a_data_export_process_imports_no_qt_nor_pillow(tmp_path, name):
    out = tmp_path / name
    proc = subprocess.run([sys.executable, "-X", "importtime", "main.py", "export", "--surface", "rosenbrock",
                           "--optimizer", "adam:lr=0.05", "--optimizer", "gd", "--start", "-1,1", "--steps", "30",
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    imported = _imported(proc.stderr)
    assert "core" in imported and "numpy" in imported                  # the importtime report is read right
    assert not imported & set(DRAWING), imported & set(DRAWING)
    scene = Scene("rosenbrock", [RunSpec("adam:lr=0.05"), RunSpec("gd")], [(-1.0, 1.0)], steps=30)
    expected = {"runs.csv": lambda: rundata.to_csv(rundata.compute(scene)),
                "runs.json": lambda: rundata.to_json(scene, rundata.compute(scene)),
                "table.md": lambda: steptable.to_markdown(steptable.for_scene(scene, 5)),
                "table.tex": lambda: steptable.to_latex(steptable.for_scene(scene, 5)),
                "table.steps.csv": lambda: steptable.to_csv(steptable.for_scene(scene, 5))}[name]()
    assert out.read_text() == expected


def test_importing_core_exports_pulls_in_no_drawing_code():
    code = ("import sys, core.exports\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {DRAWING!r}))\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_output_kind_and_the_figure_extensions():
    assert [exports.output_kind(n) for n in ("a.PNG", "a.gif", "a.csv", "a.steps.csv", "a.json", "a.tex")] == \
        ["figure", "animation", "data", "table-csv", "data", "table"]
    assert exports.extensions("figure") == (".png", ".svg", ".pdf")
    with pytest.raises(ValueError, match=r"unknown output format '\.txt'"):
        exports.output_kind("a.txt")


def test_write_data_leaves_drawn_formats_to_the_figure_code(tmp_path):
    scene = Scene("bowl", [RunSpec("gd")], [(1.0, 1.0)], steps=3)
    with pytest.raises(ValueError, match="a figure"):
        exports.write_data(scene, tmp_path / "f.png")
    assert exports.write_data(scene, tmp_path / "r.csv") == "r.csv: 1 runs"
    assert list(tmp_path.iterdir()) == [tmp_path / "r.csv"]
