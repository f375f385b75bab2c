"""``optiscope export``: the command line's options -> a Scene -> one file (figure, animation, data or table)."""
from __future__ import annotations

import gc
from pathlib import Path

from cli.console import UsageError, progress_printer
from cli.scenes import scene_from_options
from core import budget, exports
from core.errors import UserInputError
from core.scene import Scene


def run_export_command(args) -> int:
    """``optiscope export``: check everything, then write the file atomically. Exit 0, or cli.UsageError.

    Run data and step tables are written by the core alone (``core.exports``: no Qt is imported); figures and
    animations import the drawing code (``app.export``, PySide6, pyqtgraph) only when asked for.
    Only bad input becomes a UsageError (one line ``error: ...``, status 2): a user-input error from core or a
    file that cannot be written. Any other exception is a bug and surfaces as one, with its traceback.
    """
    try:
        kind = exports.output_kind(args.out)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    out = Path(args.out)
    if not out.parent.is_dir():
        raise UsageError(f"cannot write {args.out}: the folder {out.parent} does not exist")
    scene = scene_from_options(args)
    try:
        budget.check(len(scene.runs), len(scene.starts), scene.steps, text=kind == "data")
    except budget.BudgetError as exc:
        raise UsageError(str(exc)) from None
    if args.iteration is not None and args.iteration > scene.steps:
        raise UsageError(f"--iteration {args.iteration} is past the last step ({scene.steps})")
    try:
        if kind in exports.DRAWN_KINDS:
            _draw(scene, out, args)
        else:
            exports.write_data(scene, out, table_steps=args.table_steps)
    except OSError as exc:
        raise UsageError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    except UserInputError as exc:
        raise UsageError(str(exc)) from None
    return 0


def _draw(scene: Scene, out: Path, args) -> None:
    """A figure or an animation: Qt and the figure code are imported here, for pictures only."""
    from app import export, i18n

    export.ensure_app()
    i18n.install_for_export(args.lang)     # figure text (title, legend, caption) in that language
    options = export.FigureOptions(dpi=args.dpi or export.DEFAULT_DPI, width_px=args.width_px,
                                   iteration=args.iteration, panels=args.panels)
    export.export(scene, out, options, fps=args.fps, stride=args.stride, table_steps=args.table_steps,
                  progress=progress_printer("frames"))
    gc.collect()    # Qt objects must go before the QApplication does (else a crash at exit)
    # What is left (the Qt and pyqtgraph modules, ~65,000 objects) lives until the process ends: frozen, the
    # interpreter's last garbage collections at exit skip it (~90 ms of a 0.7 s PNG export process).
    gc.freeze()
