"""core/ is pure NumPy + sympy: importing every core module must work with Qt and pyqtgraph blocked."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_core_imports_without_qt():
    modules = sorted(p.stem for p in (ROOT / "core").glob("*.py") if p.stem != "__init__")
    code = (
        "import sys\n"
        "for banned in ('PySide6', 'pyqtgraph', 'app', 'shiboken6'):\n"
        "    sys.modules[banned] = None  # any import of them now raises ImportError\n"
        f"for name in {modules!r}:\n"
        "    __import__('core.' + name)\n"
        "print('ok', len(sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok")
    assert len(modules) >= 6


@pytest.mark.slow
def test_core_draws_nothing_and_app_render_needs_no_qt():
    # core computes (no Pillow); the command line's pictures are drawn by app/render, which must not pull in Qt.
    core_code = ("import sys\nsys.modules['PIL'] = None\n"
                 + "".join(f"import core.{p.stem}\n" for p in sorted((ROOT / "core").glob("*.py"))
                           if p.stem != "__init__"))
    proc = subprocess.run([sys.executable, "-c", core_code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    render_code = ("import sys\n"
                   "for banned in ('PySide6', 'pyqtgraph', 'shiboken6', 'cli'):\n"
                   "    sys.modules[banned] = None\n"
                   "import app.render.basins, app.render.swarm_png\n")
    proc = subprocess.run([sys.executable, "-c", render_code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
