"""The command line: `optiscope SUBCOMMAND ...` (no subcommand opens the GUI).

Bad input of any kind ends with one line ``error: ...`` on stderr and exit status 2, never a traceback.

The package's modules: ``parser`` (argparse, the option value types, every subcommand's options),
``console`` (the exit path: errors, exit statuses, standard streams, signals, progress), ``commands`` (the
headless subcommands), ``scenes`` (options -> Scene, for ``gui`` and ``export``), ``gui_command`` and
``export_command``. What other code uses is importable from here.
"""
from __future__ import annotations

import sys
from collections.abc import Sequence

from cli.commands import (
    cmd_backprop,
    cmd_basins,
    cmd_critical,
    cmd_grid,
    cmd_optimizers,
    cmd_run,
    cmd_surfaces,
    cmd_sweep,
)
from cli.console import (
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    EXIT_USAGE,
    UsageError,
    ascii_fallback_streams,
    check_outputs,
    flush_stdout,
    progress_printer,
    remove_temporaries_and_exit_on_signals,
    silence_stdout,
)
from cli.parser import build_parser, join_values, parse_domain, parse_point, parse_range
from core.scene import MAX_STEPS, MIN_STEPS

__all__ = ["COMMANDS", "EXIT_INTERRUPTED", "EXIT_TERMINATED", "EXIT_USAGE", "MAX_STEPS", "MIN_STEPS", "UsageError",
           "build_parser", "main", "parse_domain", "parse_point", "parse_range", "progress_printer"]


def cmd_gui(args) -> int:
    from cli.gui_command import run_gui_command

    return run_gui_command(args)


def cmd_export(args) -> int:
    from cli.export_command import run_export_command

    return run_export_command(args)


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
    with ascii_fallback_streams(), remove_temporaries_and_exit_on_signals():
        try:
            parser = build_parser()
            args = parser.parse_args(join_values(parser, argv))
            if args.command is None:
                raise UsageError("missing command; see optiscope --help")
            check_outputs(args)
            code = COMMANDS[args.command](args)
            flush_stdout()
            return code
        except UsageError as exc:     # one line, whatever the input echoed in the message holds
            print("error: " + " ".join(str(exc).splitlines()), file=sys.stderr)
            return EXIT_USAGE
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return EXIT_INTERRUPTED
        except BrokenPipeError:        # the reader went away (`optiscope surfaces | head -1`): not our error
            silence_stdout()
            return 1
