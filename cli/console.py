"""The command line's exit path: one-line errors and exit statuses, standard output and error that never fail
with a traceback (a closed pipe, a full disk, a console without the character), progress on a terminal, and
signals that remove the output being written and end the process at once."""
from __future__ import annotations

import contextlib
import json
import os
import sys

EXIT_USAGE = 2


class UsageError(Exception):
    """Bad input from the user: printed as ``error: <message>``, exit status 2."""


def emit(text: str, out: str | None) -> None:
    if out is None:
        if sys.stdout is None:
            raise UsageError("cannot write to standard output: it is closed")
        try:
            sys.stdout.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            silence_stdout()
            raise UsageError(f"cannot write to standard output: {exc.strerror or exc}") from None
        return
    from core.files import write_text_atomic

    try:
        write_text_atomic(out, text)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None


def show_progress(done: int, total: int, seconds: float, what: str) -> None:
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


def to_json(obj) -> str:
    return json.dumps(obj, allow_nan=False, ensure_ascii=False) + "\n"


EXIT_INTERRUPTED = 130                 # 128 + SIGINT, as shells report it
EXIT_TERMINATED = 143                  # 128 + SIGTERM


@contextlib.contextmanager
def remove_temporaries_and_exit_on_signals():
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
def ascii_fallback_streams():
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


def flush_stdout() -> None:
    """Flush standard output now, where a failure (a full disk, a closed descriptor) becomes one line."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        silence_stdout()
        raise UsageError(f"cannot write to standard output: {exc.strerror or exc}") from None


def silence_stdout() -> None:
    """Point standard output at the null device, so the interpreter's last flush at exit cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):     # no real descriptor (tests capture stdout)
        pass


def check_outputs(args) -> None:
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
