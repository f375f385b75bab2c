"""``optiscope gui``: the options -> a Scene (cli.scenes), checked here, then the window (app.launch) opens it
or renders it to an image file (``--screenshot``)."""
from __future__ import annotations

import os

from cli.console import UsageError
from cli.scenes import default_scene, has_scene_options, scene_from_options


def run_gui_command(args) -> int:
    """Open the window; every problem with the input is a UsageError raised before the window exists."""
    from app import launch

    problem = launch.display_problem()
    if problem and args.screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"       # a screenshot needs no screen
    elif problem:
        raise UsageError(f"{problem}; start Optiscope from a desktop session, or use --screenshot FILE.png or "
                         "the headless commands")
    if args.screenshot:
        try:
            launch.screenshot_format(args.screenshot)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    # the last session's scene when the command line names none (a screenshot shows what it says)
    remembered = None if args.screenshot or has_scene_options(args) else launch.remembered_scene()
    scene = scene_from_options(args, remembered or default_scene())
    from app.model import check_budget

    try:
        check_budget(len(scene.runs), len(scene.starts), scene.steps)
    except ValueError as exc:             # BudgetError: one line naming the limit
        raise UsageError(str(exc)) from None
    if args.iteration is not None and args.iteration > scene.steps:
        raise UsageError(f"--iteration {args.iteration} is beyond --steps {scene.steps}")
    options = {"iteration": args.iteration, "size": args.size, "screenshot": args.screenshot, "lang": args.lang}
    if not args.screenshot:
        return launch.run_gui(scene, **options)
    try:
        return launch.run_gui(scene, **options)
    except OSError as exc:               # the screenshot could not be written
        raise UsageError(f"cannot write {args.screenshot}: {exc.strerror or exc}") from None
