"""The one conversion "command-line options -> Scene", shared by ``optiscope gui`` and ``optiscope export``.

The rule: the scene starts as the ``--scene`` file when one is given, else as the caller's base scene (the
window's remembered or default scene); then each option given replaces its part of it, as the window's
controls do:

- ``--surface`` another surface; a different one drops the file's domain and view (they were the old one's),
- ``--domain`` the domain (and drops the view),
- ``--optimizer`` all the runs, ``--start`` all the starts, ``--steps`` the step count;
- a new surface or ``--optimizer`` also drops the file's title and description (a preset's explanation tells
  of its own surface and runs).

A new surface or domain without ``--start`` gets the surface's default start when the scene's starts are no
longer inside its domain (always for a new surface). With neither a file nor a base scene (``export``),
``--surface``, ``--optimizer`` and ``--start`` are all required. Every problem is a UsageError naming the
option, or the file for a problem in a part the options left alone.
"""
from __future__ import annotations

import dataclasses

from cli.console import UsageError
from core import scene as scene_io
from core.defaults import DEFAULT_RUNS, DEFAULT_START, DEFAULT_STEPS, DEFAULT_SURFACE
from core.scene import RunSpec, Scene

SCENE_OPTIONS = ("surface", "domain", "optimizer", "start", "steps")     # the parts of a scene options set
_FIELD_OPTIONS = {"surface": "surface", "domain": "domain", "runs": "optimizer", "starts": "start",
                  "steps": "steps"}                                        # scene field -> its option


def default_scene() -> Scene:
    """The scene the window opens with nothing remembered and no options (core.defaults)."""
    return Scene(DEFAULT_SURFACE, [RunSpec(s) for s in DEFAULT_RUNS], [DEFAULT_START], DEFAULT_STEPS)


def has_scene_options(args) -> bool:
    """Whether the command line sets any part of a scene (--scene or one of SCENE_OPTIONS)."""
    return any(getattr(args, name, None) not in (None, [], "") for name in ("scene", *SCENE_OPTIONS))


def scene_from_options(args, base: Scene | None = None) -> Scene:
    """The Scene the options describe, after the module's rule; ``base`` is not changed. UsageError on bad input."""
    path = getattr(args, "scene", None)
    if path:
        try:
            scene = scene_io.load(path)
        except scene_io.SceneError as exc:
            raise UsageError(f"{path}: {exc}") from None
    elif base is not None:
        scene = dataclasses.replace(base, runs=list(base.runs), starts=list(base.starts))
    else:
        for name in ("surface", "optimizer", "start"):
            if not getattr(args, name, None):
                raise UsageError(f"missing --{name} (or give a --scene file)")
        scene = Scene(surface=args.surface)
    _override(scene, args)
    try:
        scene_io.validate(scene)
    except scene_io.SceneError as exc:
        option = _FIELD_OPTIONS.get((exc.field or "").split("[")[0].split(".")[0])
        if option is None or getattr(args, option, None) is None:       # a part the file (or base) holds
            raise UsageError(f"{path}: {exc}" if path else str(exc)) from None
        raise UsageError(f"--{option}: {str(exc).split(': ', 1)[-1]}") from None
    return scene


def _override(scene: Scene, args) -> None:
    """Replace the parts of ``scene`` that the options give (the module's rule)."""
    surface, domain = getattr(args, "surface", None), getattr(args, "domain", None)
    new_surface = bool(surface) and surface != scene.surface
    if new_surface:
        scene.surface, scene.domain, scene.view = surface, None, None    # the old domain was the old surface's
    if new_surface or getattr(args, "optimizer", None):
        scene.title = scene.description = ""     # a preset's explanation told of its own surface and runs
    if domain is not None:
        scene.domain, scene.view = domain, None
    if getattr(args, "optimizer", None):
        scene.runs = [RunSpec(spec) for spec in args.optimizer]
    if getattr(args, "start", None):
        scene.starts = [(float(x), float(y)) for x, y in args.start]
    elif new_surface or domain is not None:
        try:
            made = scene.make_surface()
        except ValueError as exc:          # FormulaError is a ValueError
            raise UsageError(f"--surface: {exc}") from None
        if new_surface or not _inside(scene.starts, made.domain):
            from core.session import default_start

            scene.starts = [default_start(made)]
    if getattr(args, "steps", None) is not None:
        scene.steps = int(args.steps)


def _inside(starts, domain) -> bool:
    (x0, x1), (y0, y1) = domain
    return all(x0 <= x <= x1 and y0 <= y <= y1 for x, y in starts)
