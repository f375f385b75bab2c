"""A scene: everything needed to regenerate a picture exactly (surface, runs, starts, steps, view).

Qt-free. The GUI's session converts to and from a Scene; exports and presets are Scenes on disk.
(JSON reading/writing and validation: issue 4.)
"""
from __future__ import annotations

from dataclasses import dataclass, field

SCENE_VERSION = 1


@dataclass
class RunSpec:
    """One run: an optimizer spec string as accepted by ``optimizers.create`` and how it is drawn."""

    optimizer: str                 # e.g. "adam:lr=0.01,beta1=0.9"
    color: str | None = None       # "#rrggbb"; None lets the app pick from its palette
    visible: bool = True


@dataclass
class Scene:
    surface: str                                   # built-in name or a formula in x, y
    runs: list[RunSpec] = field(default_factory=list)
    starts: list[tuple[float, float]] = field(default_factory=list)
    steps: int = 500
    view: tuple[tuple[float, float], tuple[float, float]] | None = None   # ((xmin, xmax), (ymin, ymax))
    version: int = SCENE_VERSION
