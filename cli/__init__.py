"""The command line: `optiscope SUBCOMMAND ...` (no subcommand opens the GUI).

Bad input of any kind ends with one line ``error: ...`` on stderr and exit status 2, never a traceback.
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import math
import os
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from core.backprop import MAX_DESCENT_STEPS
from core.backprop_tables import FORMATS as BACKPROP_FORMATS
from core.scene import MAX_STEPS, MIN_STEPS, range_problem

if TYPE_CHECKING:
    import numpy as np  # imported where used: `optiscope backprop` starts in well under 0.3 s without it

EXIT_USAGE = 2


class UsageError(Exception):
    """Bad input from the user: printed as ``error: <message>``, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors, which remembers its options that take a value (see `_join_values`)."""

    def __init__(self, *args, **kwargs):
        self.options: set[str] = set()                           # every option string, e.g. "-h", "--start"
        self.value_options: dict[str, argparse.Action] = {}     # "--start" -> its action
        self.commands: dict[str, _Parser] = {}                   # subcommand name -> its parser
        super().__init__(*args, **kwargs)                        # (adds -h/--help through add_argument)

    def add_argument(self, *args, **kwargs):
        action = super().add_argument(*args, **kwargs)
        self.options.update(action.option_strings)
        if action.option_strings and action.nargs != 0:
            self.value_options.update(dict.fromkeys(action.option_strings, action))
        return action

    def error(self, message: str):  # one line, not argparse's usage block
        raise UsageError(message)


# --- small parsers for option values ------------------------------------------------------------

def parse_point(text: str) -> tuple[float, float]:
    """'X,Y' -> (x, y), finite floats."""
    parts = text.split(",")
    if len(parts) != 2:
        raise argparse.ArgumentTypeError(f"expected X,Y (two numbers separated by a comma), got {text!r}")
    try:
        x, y = float(parts[0]), float(parts[1])
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected X,Y with numbers, got {text!r}") from None
    if not (math.isfinite(x) and math.isfinite(y)):
        raise argparse.ArgumentTypeError(f"coordinates must be finite numbers, got {text!r}")
    return x, y


def parse_range(text: str) -> tuple[float, float]:
    """'A,B' with 0 < A < B (a learning-rate range)."""
    a, b = parse_point(text)
    if not 0 < a < b:
        raise argparse.ArgumentTypeError(f"expected A,B with 0 < A < B, got {text!r}")
    return a, b


def parse_domain(text: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """'XMIN,XMAX,YMIN,YMAX' -> ((xmin, xmax), (ymin, ymax)): finite, each range one a view could have."""
    parts = text.split(",")
    if len(parts) != 4:
        raise argparse.ArgumentTypeError(f"expected XMIN,XMAX,YMIN,YMAX (four numbers separated by commas), "
                                         f"got {text!r}")
    box = parse_point(",".join(parts[:2])), parse_point(",".join(parts[2:]))
    for axis, (lo, hi) in zip(("XMIN,XMAX", "YMIN,YMAX"), box):
        problem = range_problem(lo, hi)
        if problem is not None:
            raise argparse.ArgumentTypeError(f"{axis}: {problem}")
    return box


def _int_in(low: int, high: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}, got {value}")
        return value
    return parse


def _size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*[xX]\s*(\d+)\s*", text)
    if not m or not (100 <= int(m[1]) <= 10000 and 100 <= int(m[2]) <= 10000):
        raise argparse.ArgumentTypeError(f"expected WxH in pixels (100 to 10000 each), got {text!r}")
    return int(m[1]), int(m[2])


_steps = _int_in(MIN_STEPS, MAX_STEPS)


def _learning_rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"must be a finite number >= 0, got {text!r}")
    return value


def _is_option(parser: _Parser, token: str) -> bool:
    """Whether ``token`` names an option of ``parser`` (exactly or as an abbreviation, with or without =value)."""
    name = token.split("=", 1)[0]
    return name in parser.options or (name.startswith("--") and len(name) > 2
                                      and any(o.startswith(name) for o in parser.options))


def _value_action(parser: _Parser, name: str) -> argparse.Action | None:
    """The action of the value-taking option ``name`` or of its unique abbreviation, else None."""
    if name in parser.value_options:
        return parser.value_options[name]
    matches = {a for o, a in parser.value_options.items() if name.startswith("--") and o.startswith(name)}
    return matches.pop() if len(matches) == 1 else None


def _join_values(parser: _Parser, argv: Sequence[str]) -> list[str]:
    """Write every `--option VALUE` as `--option=VALUE`, so that any value reaches its own validation.

    argparse takes a token starting with '-' for an option unless it looks like a plain negative number, so
    `--start -1.5,2`, `--surface "-(x^2)"` or `--start -inf,0` would fail with 'expected one argument'.
    The next token stays an option only when it names one of this command's options (or is `--`).
    The older form `--domain XMIN,XMAX YMIN,YMAX` (two values) becomes `--domain=XMIN,XMAX,YMIN,YMAX`.
    """
    argv = list(argv)
    command = parser.commands.get(argv[0]) if argv else None
    if command is None:
        return argv
    out, i = argv[:1], 1
    while i < len(argv):
        token = argv[i]
        i += 1
        if token == "--":                       # everything after it is positional: leave it alone
            out.extend(argv[i - 1:])
            break
        name, eq, value = token.partition("=")
        action = _value_action(command, name) if token.startswith("--") else None
        if action is None:
            out.append(token)
            continue
        if not eq:
            if i >= len(argv) or argv[i] == "--" or _is_option(command, argv[i]):
                out.append(token)               # a missing value: argparse says so
                continue
            value = argv[i]
            i += 1
        if action.dest == "domain" and value.count(",") == 1 and i < len(argv) and argv[i].count(",") == 1 \
                and not _is_option(command, argv[i]):
            value = f"{value},{argv[i]}"        # --domain XMIN,XMAX YMIN,YMAX
            i += 1
        out.append(f"{name}={value}")
    return out


# --- the parser ---------------------------------------------------------------------------------

def _add_domain_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--domain", type=parse_domain, metavar="XMIN,XMAX,YMIN,YMAX",
                   help="the surface's domain, e.g. --domain -5,5,-5,5: searched for critical points, sampled for "
                        "basins, shown (default: a built-in's own; a formula's is fitted to its critical points)")


def _add_scene_options(p: argparse.ArgumentParser, required: bool) -> None:
    p.add_argument("--surface", required=required, help="built-in surface name or a formula in x, y")
    _add_domain_option(p)
    p.add_argument("--optimizer", action="append", metavar="SPEC", required=required,
                   help="optimizer spec, e.g. adam or adam:lr=0.01,beta1=0.9 (repeatable)")
    p.add_argument("--start", action="append", type=parse_point, metavar="X,Y", required=required,
                   help="start point (repeatable); negative values work as typed: --start -1.5,2")
    p.add_argument("--steps", type=_steps, default=None if not required else 500,
                   help=f"number of optimizer steps ({MIN_STEPS} to {MAX_STEPS})")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="optiscope", description="Watch optimizers move on 2D loss surfaces.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    parser.commands = sub.choices

    p = sub.add_parser("surfaces", help="list the built-in surfaces")
    p.add_argument("--format", choices=["table", "json"], default="table")

    p = sub.add_parser("optimizers", help="list the optimizers, their parameters and defaults")
    p.add_argument("--format", choices=["table", "json"], default="table")

    p = sub.add_parser("run", help="run optimizers headless and print their paths")
    _add_scene_options(p, required=True)
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.add_argument("--out", help="write to this file instead of standard output")

    p = sub.add_parser("critical", help="find and classify the critical points of a surface")
    p.add_argument("--surface", required=True, help="built-in surface name or a formula in x, y")
    _add_domain_option(p)
    p.add_argument("--format", choices=["json", "table"], default="json")
    p.add_argument("--out", help="write to this file instead of standard output")

    p = sub.add_parser("basins", help="map which minimum an optimizer reaches from every start of a grid")
    p.add_argument("--surface", required=True, help="built-in surface name or a formula in x, y")
    _add_domain_option(p)
    p.add_argument("--optimizer", required=True, metavar="SPEC", help="optimizer spec, e.g. momentum:lr=0.01")
    p.add_argument("--grid", type=_int_in(2, 1000), default=200, help="starts per axis (default 200)")
    p.add_argument("--steps", type=_steps, default=500, help=f"steps per run ({MIN_STEPS} to {MAX_STEPS}, default 500)")
    p.add_argument("--out", required=True, metavar="FILE", help="FILE.png (picture) or FILE.json (data)")

    p = sub.add_parser("sweep", help="final loss and steps to converge against the learning rate")
    p.add_argument("--surface", required=True, help="built-in surface name or a formula in x, y")
    _add_domain_option(p)
    p.add_argument("--optimizer", action="append", required=True, metavar="SPEC",
                   help="optimizer spec (repeatable); its lr is replaced by the swept values")
    p.add_argument("--start", type=parse_point, required=True, metavar="X,Y", help="start point")
    p.add_argument("--lr-range", type=parse_range, required=True, metavar="A,B",
                   help="lowest and highest learning rate (log-spaced between)")
    p.add_argument("--count", type=_int_in(1, 1000), default=50, help="learning rates (default 50)")
    p.add_argument("--steps", type=_steps, default=1000,
                   help=f"steps per run ({MIN_STEPS} to {MAX_STEPS}, default 1000)")
    p.add_argument("--out", required=True, metavar="FILE", help="FILE.png, FILE.json or FILE.csv")

    p = sub.add_parser("grid", help="one optimizer over a grid of two hyperparameters: outcome and path per cell")
    p.add_argument("--surface", required=True, help="built-in surface name or a formula in x, y")
    p.add_argument("--optimizer", required=True, metavar="SPEC",
                   help="optimizer spec; the varied values replace its own")
    p.add_argument("--vary", action="append", required=True, metavar="NAME=LOW:HIGH:COUNT[:log|lin]",
                   help="a parameter and its values, e.g. lr=1e-3:1:5:log (twice: columns, then rows)")
    p.add_argument("--start", type=parse_point, required=True, metavar="X,Y", help="start point")
    p.add_argument("--steps", type=_steps, default=1000,
                   help=f"steps per run ({MIN_STEPS} to {MAX_STEPS}, default 1000)")
    _add_domain_option(p)
    p.add_argument("--out", required=True, metavar="FILE", help="FILE.png .svg .pdf (small multiples) or .json .csv")
    p.add_argument("--lang", choices=["en", "fa"], help="language of the figure text")

    p = sub.add_parser("gui", help="open the window, optionally in a given state or to take a screenshot")
    _add_scene_options(p, required=False)
    p.add_argument("--scene", help="open this scene file (JSON)")
    p.add_argument("--screenshot", metavar="FILE.png", help="render the window to FILE (.png, .jpg or .bmp) and exit")
    p.add_argument("--iteration", type=_int_in(MIN_STEPS, MAX_STEPS), help="iteration to show (default: the last)")
    p.add_argument("--size", type=_size, default=(1400, 900), metavar="WxH", help="window size (default 1400x900)")
    p.add_argument("--lang", choices=["en", "fa"], help="interface language")

    p = sub.add_parser("export", help="export a figure, animation, data or step table headless")
    _add_scene_options(p, required=False)
    p.add_argument("--scene", help="scene file (JSON) to export instead of --surface/--optimizer/--start")
    p.add_argument("--out", required=True,
                   help="output file; the format follows the extension: .png .svg .pdf .gif .csv .json .md .tex "
                        "(NAME.steps.csv: the step table as CSV; plain .csv: the run data)")
    p.add_argument("--dpi", type=_int_in(30, 1200), help="PNG resolution (default 300)")
    p.add_argument("--width-px", type=_int_in(100, 20000),
                   help="PNG or GIF width in pixels (PNG: overrides --dpi; GIF default 800)")
    p.add_argument("--iteration", type=_int_in(MIN_STEPS, MAX_STEPS),
                   help="draw the figure at step K (default: the last)")
    p.add_argument("--panels", choices=["surface", "all"], default="surface")
    p.add_argument("--fps", type=_int_in(1, 60), default=20, help="GIF frame rate")
    p.add_argument("--stride", type=_int_in(1, 10000), default=None,
                   help="GIF: steps per frame (default: ceil(steps/250))")
    p.add_argument("--table-steps", type=_int_in(1, 1000), default=5, help="step table: iterations to show")
    p.add_argument("--lang", choices=["en", "fa"], help="language of the figure text")

    p = sub.add_parser("backprop", help="forward and backward pass of a computational graph; check answers")
    p.add_argument("graph", nargs="?", metavar="GRAPH_FILE", help="graph file (examples in resources/graphs)")
    p.add_argument("--surface", metavar="FORMULA", help="the graph of a formula in x and y instead of a file")
    p.add_argument("--at", type=parse_point, metavar="X,Y", help="with --surface: the point x, y")
    p.add_argument("--lr", type=_learning_rate, default=0.1, metavar="LR",
                   help="gradient-descent learning rate (default 0.1)")
    p.add_argument("--steps", type=_int_in(0, MAX_DESCENT_STEPS), default=1, metavar="K",
                   help="gradient-descent steps (default 1)")
    p.add_argument("--format", choices=BACKPROP_FORMATS, default="table")
    p.add_argument("--out", metavar="FILE", help="write to this file instead of standard output")
    p.add_argument("--check", metavar="ANSWERS.csv", help="mark these answers (columns name,value,grad)")
    return parser


# --- subcommands --------------------------------------------------------------------------------

def _surface(text: str, domain=None):
    from core import surfaces

    try:
        return surfaces.get(text, domain)
    except ValueError as exc:  # FormulaError is a ValueError
        raise UsageError(str(exc)) from None


def _optimizer(spec: str):
    from core import optimizers

    try:
        return optimizers.create(spec)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _emit(text: str, out: str | None) -> None:
    if out is None:
        if sys.stdout is None:
            raise UsageError("cannot write to standard output: it is closed")
        try:
            sys.stdout.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            _silence_stdout()
            raise UsageError(f"cannot write to standard output: {exc.strerror or exc}") from None
        return
    from core.files import write_text_atomic

    try:
        write_text_atomic(out, text)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None


def _check_budget(runs: int, starts: int, steps: int, text: bool):
    """core.budget's estimate of the request, or UsageError naming the limit it exceeds."""
    from core import budget

    try:
        return budget.check(runs, starts, steps, text=text)
    except budget.BudgetError as exc:
        raise UsageError(str(exc)) from None


def _progress(done: int, total: int, seconds: float, what: str) -> None:
    """'3/200 optimizers' on stderr for a request estimated to take more than two seconds, on a terminal only
    (a pipe or a log file gets nothing: stderr carries only errors)."""
    if seconds >= 2:
        _show(f"{done}/{total} {what}", done == total)


def _show(text: str, last: bool) -> None:
    if sys.stderr is not None and sys.stderr.isatty():
        print(f"\r{text} (Ctrl-C stops)", end="\n" if last else "", file=sys.stderr, flush=True)


def progress_printer(what: str):
    """A ``progress(fraction)`` callback for core.swarm, or ``progress(done, total)`` for exports, that shows
    the percentage done on a terminal; None where stderr is no terminal."""
    if sys.stderr is None or not sys.stderr.isatty():
        return None

    def show(done, total=1.0):
        _show(f"{100 * done / total:3.0f}% {what}", done >= total)
        return True

    return show


def _json(obj) -> str:
    return json.dumps(obj, allow_nan=False, ensure_ascii=False) + "\n"


def cmd_surfaces(args) -> int:
    from core import surfaces

    rows = [surfaces.get(name) for name in surfaces.names()]
    if args.format == "json":
        _emit(_json([{"name": s.name, "formula": s.formula, "domain": [list(r) for r in s.domain]}
                     for s in rows]), None)
        return 0
    domains = [f"[{x0:g},{x1:g}]x[{y0:g},{y1:g}]" for (x0, x1), (y0, y1) in (s.domain for s in rows)]
    width, dwidth = max(len(s.name) for s in rows), max(len(d) for d in domains)
    lines = [f"{'name':<{width}}  {'domain':<{dwidth}}  formula"]
    for s, domain in zip(rows, domains):
        lines.append(f"{s.name:<{width}}  {domain:<{dwidth}}  {s.formula}")
    lines.append("")
    lines.append("Any other text is taken as a formula in x and y, e.g. --surface 'x**2 - 3*y**2'.")
    _emit("\n".join(lines) + "\n", None)
    return 0


def cmd_optimizers(args) -> int:
    from core import optimizers, schedules

    if args.format == "json":
        _emit(_json([{"name": name, "title": optimizers.create(name).title,
                      "rule": optimizers.create(name).rule,
                      "parameters": {p.name: {"default": p.default, "minimum": p.minimum, "maximum": p.maximum,
                                              "kind": p.kind, "choices": list(p.choices), "doc": p.doc}
                                     for p in optimizers.parameters(name).values()}}
                     for name in optimizers.names()]), None)
        return 0
    lines = []
    for name in optimizers.names():
        params = ", ".join(f"{p.name}={optimizers.format_value(p.default)}"
                           + (f" ({'|'.join(p.choices)})" if p.choices else "")
                           for p in optimizers.parameters(name).values() if p not in optimizers.COMMON_PARAMS)
        lines.append(f"{name:<10} {params}")
        lines.append(f"{'':<10} {optimizers.create(name).rule}")
    lines.append("")
    lines.append("Spec syntax: NAME or NAME:param=value,param=value, e.g. adam:lr=0.01,bias_correction=false")
    lines.append("Every optimizer also takes noise=SIGMA,seed=N: Gaussian noise added to each gradient.")
    lines.append("Every optimizer also takes schedule=NAME and that schedule's parameters (torch.optim.lr_scheduler's")
    lines.append("names; no default: required), stepped after every step, e.g. adam:lr=0.1,schedule=cosine,T_max=100:")
    for name in schedules.names():
        d = schedules.definition(name)
        params = ", ".join(p.name if p.default is None else f"{p.name}={optimizers.format_value(p.default)}"
                           for p in d.params)
        lines.append(f"  {name:<12} {params}  ({d.torch_name})")
    _emit("\n".join(lines) + "\n", None)
    return 0


def _finite_rows(a: np.ndarray, last: int) -> list:
    """Rows up to the last finite iterate; a start where f is undefined keeps its point, its loss is null."""
    import numpy as np

    rows = a[: last + 1]
    return [None if not np.isfinite(v) else v for v in rows.tolist()] if rows.ndim == 1 else rows.tolist()


def cmd_run(args) -> int:
    import numpy as np

    from core import optimizers

    surface = _surface(args.surface, args.domain)
    opts = [_optimizer(spec) for spec in args.optimizer]
    starts = np.array(args.start, dtype=float)
    cost = _check_budget(len(opts), len(starts), args.steps, text=True)
    results = []
    for k, opt in enumerate(opts):
        _progress(k, len(opts), cost.seconds, "optimizers")
        try:
            results.append((opt, optimizers.run(surface, opt, starts, args.steps)))
        except ValueError as exc:      # a run longer than a onecycle schedule's total_steps
            raise UsageError(str(exc)) from None
    _progress(len(opts), len(opts), cost.seconds, "optimizers")
    runs = []
    for opt, tr in results:
        for i, start in enumerate(args.start):
            last = int(tr.last_finite[i])
            runs.append({"optimizer": opt.name, "params": opt.params, "start": list(start),
                         "path": _finite_rows(tr.path[:, i], last), "loss": _finite_rows(tr.loss[:, i], last),
                         "status": tr.status[i]})
    if args.format == "json":
        text = _json({"surface": _surface_json(surface), "steps": args.steps, "runs": runs})
    else:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(["run", "optimizer", "spec", "start_x", "start_y", "iteration", "x", "y", "loss", "status"])
        k = 0
        for opt, tr in results:
            for i, start in enumerate(args.start):
                for it in range(int(tr.last_finite[i]) + 1):
                    x, y = tr.path[it, i]
                    writer.writerow([k, opt.name, opt.spec, repr(start[0]), repr(start[1]), it, repr(float(x)),
                                     repr(float(y)), repr(float(tr.loss[it, i])), tr.status[i]])
                k += 1
        text = buf.getvalue()
    _emit(text, args.out)
    return 0


def _surface_json(surface) -> dict:
    return {"name": surface.name, "formula": surface.formula, "domain": [list(r) for r in surface.domain]}


def cmd_critical(args) -> int:
    """The critical points of the surface on its domain (the box searched, always named), and its flat regions."""
    from core import analysis

    surface = _surface(args.surface, args.domain)
    search = analysis.find_critical(surface)
    points, box = search.points, analysis.box_text(search.domain)
    if args.format == "json":
        text = _json({"surface": _surface_json(surface), "domain": [list(r) for r in search.domain],
                      "points": [{"xy": p.xy.tolist(), "value": float(p.value), "kind": p.kind,
                                  "eigenvalues": p.eigenvalues.tolist(), "eigenvectors": p.eigenvectors.tolist()}
                                 for p in points],
                      "flat_regions": [{"value": r.value, "fraction": r.fraction, "box": [list(a) for a in r.box]}
                                       for r in search.flat]})
    else:
        lines = [f"{surface.name}: {surface.formula}",
                 f"{'x':>10} {'y':>10} {'f(x,y)':>12}  {'kind':<10} {'lambda_1':>11} {'lambda_2':>11}"]
        for p in points:
            lines.append(f"{p.xy[0]:>10.5f} {p.xy[1]:>10.5f} {p.value:>12.6g}  {p.kind:<10} "
                         f"{p.eigenvalues[0]:>11.5g} {p.eigenvalues[1]:>11.5g}")
        lines.append(f"{len(points)} critical point(s) in {box}")
        for r in search.flat:
            lines.append(f"flat region: f = {r.value:.6g} on {r.fraction:.0%} of the box, in "
                         f"{analysis.box_text(r.box, digits=4)} (constant to rounding: its zero gradients are not "
                         f"listed as points)")
        text = "\n".join(lines) + "\n"
    _emit(text, args.out)
    return 0


def _out_format(out: str, allowed: tuple[str, ...]) -> str:
    """The output format from the file's extension, checked before any long computation."""
    import os

    ext = os.path.splitext(out)[1].lower().lstrip(".")
    if ext not in allowed:
        raise UsageError(f"--out must end in {' or '.join('.' + a for a in allowed)}, got {out!r}")
    folder = os.path.dirname(out) or "."
    if not os.path.isdir(folder):
        raise UsageError(f"cannot write {out}: no such folder {folder!r}")
    return ext


def _emit_png(image, out: str) -> None:
    from core.files import atomic_path

    try:
        with atomic_path(out) as tmp:
            image.save(tmp, format="PNG")
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None


def cmd_basins(args) -> int:
    from app.render import swarm_png
    from core import swarm

    fmt = _out_format(args.out, ("png", "json"))
    surface = _surface(args.surface, args.domain)
    opt = _optimizer(args.optimizer)
    try:
        bmap = swarm.basins(surface, opt, grid=args.grid, steps=args.steps, progress=progress_printer("basin map"))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if fmt == "png":
        _emit_png(swarm_png.render_basins(bmap, surface), args.out)
    else:
        _emit(_json(bmap.to_dict()), args.out)
    return 0


def cmd_sweep(args) -> int:
    from app.render import swarm_png
    from core import swarm

    fmt = _out_format(args.out, ("png", "json", "csv"))
    surface = _surface(args.surface, args.domain)
    opts = [_optimizer(spec) for spec in args.optimizer]
    try:
        result = swarm.sweep(surface, opts, args.start, lr_range=args.lr_range, count=args.count, steps=args.steps,
                             progress=progress_printer("sweep"))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if fmt == "png":
        _emit_png(swarm_png.render_sweep(result), args.out)
    elif fmt == "json":
        _emit(_json(result.to_dict()), args.out)
    else:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(result.csv_rows())
        _emit(buf.getvalue(), args.out)
    return 0


def cmd_grid(args) -> int:
    from core import hypergrid

    fmt = _out_format(args.out, ("png", "svg", "pdf", "json", "csv"))
    surface = _surface(args.surface, args.domain)
    opt = _optimizer(args.optimizer)
    try:
        result = hypergrid.compute(surface, opt, [hypergrid.parse_vary(v) for v in args.vary], args.start, args.steps)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if fmt in ("json", "csv"):
        _emit(result.to_json() if fmt == "json" else result.to_csv(), args.out)
        return 0
    from app import export, i18n  # Qt: only for pictures
    from app.grid_figure import save_grid

    export.ensure_app()
    i18n.install_for_export(args.lang)
    try:
        save_grid(result, args.out)
    except OSError as exc:
        raise UsageError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    return 0


def cmd_gui(args) -> int:
    import os

    from app.launch import display_problem

    problem = display_problem()
    if problem and args.screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"       # a screenshot needs no screen
    elif problem:
        raise UsageError(f"{problem}; start Optiscope from a desktop session, or use --screenshot FILE.png or "
                         "the headless commands")
    from app.launch import run_gui

    return run_gui(args)


def cmd_export(args) -> int:
    from cli.export_command import run_export_command

    return run_export_command(args)


def cmd_backprop(args) -> int:
    from core import backprop, backprop_tables, graph

    if (args.graph is None) == (args.surface is None):
        raise UsageError("give a GRAPH_FILE or --surface FORMULA --at X,Y (one of the two)")
    if (args.surface is None) != (args.at is None):
        raise UsageError("--surface and --at go together: --surface FORMULA --at X,Y")
    formula = args.surface
    if formula is not None and re.fullmatch(r"[A-Za-z_]\w*", formula) and formula not in ("x", "y", "pi", "e"):
        formula = _surface(formula).formula          # a built-in surface by name: the graph of its formula
    try:
        g = graph.load(args.graph) if formula is None else graph.from_formula(formula, args.at)
        ev = backprop.evaluate(g)
        descent = backprop.descend(g, args.lr, args.steps)
        if args.check is None:
            text = backprop_tables.render(g, ev, descent, args.format)
        else:
            answers = backprop.parse_answers(graph.read_text(args.check, backprop.MAX_ANSWER_BYTES), g)
            text = backprop_tables.render_marks(ev, backprop.check(ev, answers, descent), descent, args.format)
    except ValueError as exc:     # GraphError and the answers' errors are ValueErrors
        raise UsageError(str(exc)) from None
    _emit(text, args.out)
    return 0


COMMANDS = {"surfaces": cmd_surfaces, "optimizers": cmd_optimizers, "run": cmd_run, "critical": cmd_critical,
            "basins": cmd_basins, "sweep": cmd_sweep, "grid": cmd_grid, "gui": cmd_gui, "export": cmd_export,
            "backprop": cmd_backprop}


def main(argv: Sequence[str]) -> int:
    """Run the command line; returns the exit status (0, 2 for bad input, 130 after Ctrl-C, 143 after SIGTERM).

    SIGTERM and Ctrl-C remove the output being written (core.files) rather than leave it half-written, and
    end the process at once without a traceback. Standard output that is closed, full or gone
    (``| head``) ends with one line too; a console that cannot show a character gets an ASCII spelling.
    """
    argv = list(argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["gui", *argv]          # `optiscope --lang fa` opens the window like `optiscope gui --lang fa`
    with _console(), _terminate_as_exception():
        try:
            parser = build_parser()
            args = parser.parse_args(_join_values(parser, argv))
            if args.command is None:
                raise UsageError("missing command; see optiscope --help")
            _check_outputs(args)
            code = COMMANDS[args.command](args)
            _flush_stdout()
            return code
        except UsageError as exc:     # one line, whatever the input echoed in the message holds
            print("error: " + " ".join(str(exc).splitlines()), file=sys.stderr)
            return EXIT_USAGE
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return EXIT_INTERRUPTED
        except BrokenPipeError:        # the reader went away (`optiscope surfaces | head -1`): not our error
            _silence_stdout()
            return 1


EXIT_INTERRUPTED = 130                 # 128 + SIGINT, as shells report it
EXIT_TERMINATED = 143                  # 128 + SIGTERM


@contextlib.contextmanager
def _terminate_as_exception():
    """While the command runs, SIGTERM and SIGINT remove this process's temporaries and end it (main
    thread only: signal's rule)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        # An exception raised here can land inside a Qt callback (a pyqtgraph item painting a GIF frame),
        # which swallows it and carries on: remove this process's temporaries and end at once instead.
        from core.files import remove_own_temporaries
        remove_own_temporaries()
        if signum == signal.SIGINT:
            print("interrupted", file=sys.stderr, flush=True)
        os._exit(EXIT_INTERRUPTED if signum == signal.SIGINT else EXIT_TERMINATED)

    previous = signal.signal(signal.SIGTERM, handler)
    # Ctrl-C ends the command even where SIGINT was inherited ignored (a job started with `&`)
    previous_int = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)


# What a console that cannot show a character gets instead (the rest: a decomposition's ASCII part, or "?").
_ASCII = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "Δ": "Delta", "ε": "eps", "η": "eta",
          "λ": "lambda", "μ": "mu", "ν": "nu", "ρ": "rho", "σ": "sigma", "∇": "grad", "←": "<-", "→": "->",
          "−": "-", "·": "*", "×": "x", "√": "sqrt", "≤": "<=", "≥": ">=", "≈": "~", "∞": "inf", "…": "...",
          "²": "^2", "³": "^3", "ᵗ": "^t", "\u0302": "^", "±": "+-", "‖": "||", "’": "'", "“": '"', "”": '"',
          "–": "-", "—": "-", "\u2066": "", "\u2067": "", "\u2068": "", "\u2069": ""}


def _ascii_fallback(exc: UnicodeError):
    """codecs error handler ``optiscope-ascii``: spell what the console's encoding lacks in ASCII."""
    import unicodedata

    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for char in exc.object[exc.start:exc.end]:
        spelled = _ASCII.get(char)
        if spelled is None:
            plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            spelled = plain or "?"
        out.append(spelled)
    return "".join(out), exc.end


@contextlib.contextmanager
def _console():
    """Standard output and error that never raise UnicodeEncodeError (a cp1252 or ASCII console, a lone
    surrogate from a file name): what cannot be shown is spelled in ASCII (β -> beta, ← -> <-, m̂ -> m^)."""
    import codecs

    codecs.register_error("optiscope-ascii", _ascii_fallback)
    previous = []
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            previous.append((stream, stream.errors))
            stream.reconfigure(errors="optiscope-ascii")
    try:
        yield
    finally:
        for stream, errors in previous:
            with contextlib.suppress(Exception):
                stream.reconfigure(errors=errors)


def _flush_stdout() -> None:
    """Flush standard output now, where a failure (a full disk, a closed descriptor) becomes one line."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        _silence_stdout()
        raise UsageError(f"cannot write to standard output: {exc.strerror or exc}") from None


def _silence_stdout() -> None:
    """Point standard output at the null device, so the interpreter's last flush at exit cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):     # no real descriptor (tests capture stdout)
        pass


def _check_outputs(args) -> None:
    """Refuse an output file that cannot be written (no folder, a folder, a name ending in '/', a socket)
    before any computation: core.files.check_target's rule."""
    from core.files import check_target

    for name in ("out", "screenshot"):
        path = getattr(args, name, None)
        if path is not None:
            try:
                check_target(path)
            except OSError as exc:
                raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
