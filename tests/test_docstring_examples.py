"""The docstring examples (``>>>``) of every core module and of app/render run and give what they show."""
import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = [f"core.{p.stem}" for p in sorted((ROOT / "core").glob("*.py")) if p.stem != "__init__"] + \
          [f"app.render.{p.stem}" for p in sorted((ROOT / "app" / "render").glob("*.py")) if p.stem != "__init__"]


@pytest.mark.slow
@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (output above)"


def test_there_are_examples_to_run():
    finder = doctest.DocTestFinder()
    examples = sum(len(t.examples) for name in MODULES for t in finder.find(importlib.import_module(name)))
    assert examples >= 10
