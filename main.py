"""Optiscope entry point: no arguments opens the GUI, a subcommand runs the command line."""
import sys


def main(argv: list[str] | None = None) -> int:
    from cli import main as cli_main

    return cli_main(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
