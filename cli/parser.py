"""The command line's parser: argparse with one-line errors, the option value types, and every subcommand's options
(the words and options are a contract: see the README)."""
from __future__ import annotations

import argparse
import math
import re
from collections.abc import Sequence

from cli.console import UsageError
from core.backprop import MAX_DESCENT_STEPS
from core.backprop_tables import FORMATS as BACKPROP_FORMATS
from core.defaults import DEFAULT_STEPS
from core.scene import MAX_STEPS, MIN_STEPS, range_problem


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors, which remembers its options that take a value (see `join_values`)."""

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


def join_values(parser: _Parser, argv: Sequence[str]) -> list[str]:
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
    p.add_argument("--steps", type=_steps, default=None if not required else DEFAULT_STEPS,
                   help=f"number of optimizer steps ({MIN_STEPS} to {MAX_STEPS})")


# --scene with options: the rule of cli.scenes
_SCENE_OVERRIDE = ("--surface, --domain, --optimizer, --start and --steps given too replace that part of it "
                   "(a new surface gets its own domain and, without --start, its default start)")


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
    p.add_argument("--steps", type=_steps, default=DEFAULT_STEPS,
                   help=f"steps per run ({MIN_STEPS} to {MAX_STEPS}, default {DEFAULT_STEPS})")
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
    p.add_argument("--scene", help="open this scene file (JSON); " + _SCENE_OVERRIDE)
    p.add_argument("--screenshot", metavar="FILE.png", help="render the window to FILE (.png, .jpg or .bmp) and exit")
    p.add_argument("--iteration", type=_int_in(MIN_STEPS, MAX_STEPS), help="iteration to show (default: the last)")
    p.add_argument("--size", type=_size, default=(1400, 900), metavar="WxH", help="window size (default 1400x900)")
    p.add_argument("--lang", choices=["en", "fa"], help="interface language")

    p = sub.add_parser("export", help="export a figure, animation, data or step table headless")
    _add_scene_options(p, required=False)
    p.add_argument("--scene", help="scene file (JSON) to export; " + _SCENE_OVERRIDE)
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
