"""Reading and writing files safely: every output is whole or absent, every input is a small regular file.

Writing (``atomic_path``): the data goes to a temporary file beside the target, which is renamed over it
only after the writer finished without error, so a reader never sees half a file and a failure (a full
disk, an exception, SIGTERM or Ctrl-C) leaves the old file as it was. What is at the path decides how:

- a regular file or nothing: replaced by rename; the new file keeps the old one's mode (and owner and
  group where the platform allows), a new file gets the mode a plain ``open(target, "w")`` would leave
  (0o666 less the umask; tempfile.mkstemp would make every output private, 0o600);
- a symbolic link: followed, so the file it points to is replaced and the link stays;
- a character device or a FIFO (``/dev/null``, a named pipe): the finished data is written into it (a
  FIFO that nobody reads is refused instead of blocking); the temporary file lives in the temp folder;
- a folder, a block device, a socket, or a name ending in ``/``: refused with an OSError.

Temporary names hold the writer's process id (``.optiscope-PID-RANDOM.tmp.png``): one left behind by a
killed process (SIGKILL cannot be caught) is removed by a later write to the same folder once that process
is gone; a live writer's never is. Names stay short, so a target name of up to the file system's limit works.

Reading (``read_limited``): only a regular file below a size cap, opened so that a FIFO swapped in cannot
block, and read with a limit (``/dev/zero`` would otherwise be read until memory runs out).
"""
from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

_LIVE: set[Path] = set()           # temporaries of this process's writers now under way
_TEMP_NAME = re.compile(r"\.optiscope-(\d+)-[0-9a-f]{8}\.tmp(\.[A-Za-z0-9]{1,8})?")


class NotARegularFile(OSError):
    """The path exists but is a folder, device, FIFO or socket where a regular file is needed."""


class FileTooLarge(OSError):
    """The file is larger than the reader's limit."""


# --- reading ------------------------------------------------------------------------------------

def read_limited(path: str | os.PathLike, limit: int) -> bytes:
    """The bytes of regular file ``path`` if it has at most ``limit`` of them.

    NotARegularFile for a folder, device, FIFO or socket (never opened: a FIFO would block), FileTooLarge
    above ``limit``, another OSError when it cannot be read.
    """
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise NotARegularFile(errno.EINVAL, "not a regular file", str(path))
    # O_NONBLOCK: if a FIFO replaced the file since the stat, opening it still returns at once.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotARegularFile(errno.EINVAL, "not a regular file", str(path))
        data = f.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(errno.EFBIG, f"larger than {limit} bytes", str(path))
    return data


# --- writing ------------------------------------------------------------------------------------

def check_target(target: str | os.PathLike) -> tuple[Path, os.stat_result | None]:
    """The path an output to ``target`` really goes to (symbolic links followed) and what is there now
    (None: nothing yet). OSError with a one-line ``strerror`` if no file can be written there.

    Called by ``atomic_path``; commands call it first too, to refuse a bad ``--out`` before long work.
    """
    text = os.fspath(target)
    if not text:
        raise FileNotFoundError(errno.ENOENT, "the file name is empty")
    if text.endswith(("/", os.sep, os.altsep or "/")):
        raise IsADirectoryError(errno.EISDIR, "the name ends in a path separator: give a file name", text)
    path = Path(os.path.realpath(text)) if os.path.islink(text) else Path(text)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    if st is None and not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"the folder {path.parent} does not exist", text)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, "it is a folder", text)
    if st is not None and not (stat.S_ISREG(st.st_mode) or _is_stream(st)):
        raise NotARegularFile(errno.EINVAL, "it is not a regular file, a character device or a pipe", text)
    return path, st


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path to write; on success its data lands at ``target``, on error it is removed.

    >>> with atomic_path("fig.png") as tmp:
    ...     image.save(str(tmp))          # doctest: +SKIP
    """
    path, st = check_target(target)
    stream = st is not None and _is_stream(st)
    folder = Path(tempfile.gettempdir()) if stream else path.parent
    remove_stale_temporaries(folder)
    tmp = None
    try:
        tmp = _new_file_beside(folder, path.suffix)
        _LIVE.add(tmp)
        new_mode = stat.S_IMODE(os.stat(tmp).st_mode)          # as open() made it: umask applied
        yield tmp
        if stream:
            _write_into(path, tmp)
            return
        os.chmod(tmp, stat.S_IMODE(st.st_mode) if st else new_mode)   # again: a writer may have made tmp anew
        if st is not None and hasattr(os, "chown") and (st.st_uid, st.st_gid) != _owner(tmp):
            with contextlib.suppress(OSError):                 # only root may give a file away
                os.chown(tmp, st.st_uid, st.st_gid)
        os.replace(tmp, path)
    finally:
        _LIVE.discard(tmp)
        if tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()


def remove_stale_temporaries(folder: str | os.PathLike) -> None:
    """Remove the temporary files that writers which no longer run left in ``folder`` (never a live one's)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        m = _TEMP_NAME.fullmatch(entry.name)
        if m and int(m[1]) != os.getpid() and not _alive(int(m[1])):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def remove_own_temporaries() -> None:
    """Remove the temporary files this process is writing now: for a signal handler that ends the process
    at once (an exception raised there can be swallowed by a Qt callback that is painting)."""
    for tmp in list(_LIVE):
        with contextlib.suppress(OSError):
            tmp.unlink()
    _LIVE.clear()


def write_text_atomic(target: str | os.PathLike, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes_atomic(target: str | os.PathLike, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def _is_stream(st: os.stat_result) -> bool:
    return stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)


def _owner(path: Path) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_uid, st.st_gid


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):     # another user's process (or no way to tell): alive
        return True
    return True


def _new_file_beside(folder: Path, suffix: str) -> Path:
    """Create an empty, uniquely named temporary file in ``folder`` with the mode open() would give it.

    The name is short whatever the target's (a 255-byte target name still works) and ends in the target's
    extension, for writers that look at it.
    """
    suffix = suffix if re.fullmatch(r"\.[A-Za-z0-9]{1,8}", suffix) else ""
    for _ in range(100):
        tmp = folder / f".optiscope-{os.getpid()}-{secrets.token_hex(4)}.tmp{suffix}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)    # the kernel applies the umask
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(errno.EEXIST, f"no free temporary name in {folder}")


def _write_into(path: Path, tmp: Path) -> None:
    """Copy the finished ``tmp`` into the device or FIFO ``path``; a FIFO without a reader is refused."""
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OSError(errno.ENXIO, "it is a pipe that no program is reading", str(path)) from None
        raise
    with open(fd, "wb", closefd=True) as out, open(tmp, "rb") as data:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)                     # now that a reader is there, wait for it as usual
        while chunk := data.read(1 << 20):
            out.write(chunk)
