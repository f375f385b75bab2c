"""Defaults shared by the window, the command line and the core: each is defined here once.

The default scene is Rosenbrock's curved valley from the upper left, where the five classic methods visibly
differ (GD crawls, momentum and Nesterov swing along the valley, RMSprop and Adam head down fast).
"""
from __future__ import annotations

DEFAULT_STEPS = 500          # optimizer steps of a run, a scene, a basin map
DEFAULT_SURFACE = "rosenbrock"
DEFAULT_RUNS = ("gd:lr=0.001", "momentum:lr=0.0005", "nesterov:lr=0.0005", "rmsprop:lr=0.01", "adam:lr=0.05")
DEFAULT_START = (-1.5, 2.0)
