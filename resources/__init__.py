"""Data shipped with Optiscope: presets (scene files), translations and fonts.

``resources.path("presets")`` is the folder of the example scenes, in a checkout and in an installed package.
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def path(*parts: str) -> Path:
    """A path inside the shipped resources, e.g. ``path("presets", "ravine_gd_vs_momentum.json")``."""
    return ROOT.joinpath(*parts)
