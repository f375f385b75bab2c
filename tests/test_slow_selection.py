"""Which tests `pytest` selects: the slow ones only when asked (`-m slow`) or when the developer names their
file or node id (tests/conftest.py's pytest_configure). Checked on a copy of our pytest setup (pyproject's
addopts and markers, tests/conftest.py) around a two-test module, in a pytest subprocess."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow          # six pytest subprocesses; `pytest tests/test_slow_selection.py` runs them

ROOT = Path(__file__).resolve().parent.parent
DEMO = '''import pytest


def test_fast():
    pass


@pytest.mark.slow
def test_slow():
    pass
'''


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    shutil.copy(ROOT / "pyproject.toml", root)
    (root / "tests").mkdir()
    shutil.copy(ROOT / "tests" / "conftest.py", root / "tests")
    (root / "tests" / "test_demo.py").write_text(DEMO)
    return root


@pytest.mark.parametrize(("args", "selected"), [
    ([], ["test_fast"]),                                                  # plain pytest: slow left out
    (["tests"], ["test_fast"]),                                           # a directory: the same
    (["tests/test_demo.py"], ["test_fast", "test_slow"]),                 # a named file: all of it
    (["tests/test_demo.py::test_slow"], ["test_slow"]),                   # a named test runs even if slow
    (["-m", "not slow", "tests/test_demo.py"], ["test_fast"]),            # an explicit -m wins
    (["-m", "slow"], ["test_slow"]),                                      # .ci/run's second line
])
def test_slow_tests_run_when_asked_for_or_named(project, args, selected):
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
    proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                           "-p", "no:randomly", *args], cwd=project, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    collected = [line.split("::")[-1] for line in proc.stdout.splitlines() if "::" in line]
    assert collected == selected
