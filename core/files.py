"""Writing files so that a reader never sees half of one: write beside the target, then rename.

The file that lands has the permissions a plain ``open(target, "w")`` would leave: those of the file it
replaces, or for a new file 0o666 less the umask (tempfile.mkstemp would make every output private, 0o600).
"""
from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``, on error it is removed.

    >>> with atomic_path("fig.png") as tmp:
    ...     image.save(str(tmp))          # doctest: +SKIP
    """
    target = Path(target)
    tmp = _new_file_beside(target)
    try:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)       # replacing a file: keep its permissions
        except OSError:
            mode = stat.S_IMODE(os.stat(tmp).st_mode)          # a new file: as open() made tmp, umask applied
        yield tmp
        os.chmod(tmp, mode)       # again after writing: a writer may have made the file anew
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def _new_file_beside(target: Path) -> Path:
    """Create an empty, uniquely named file in ``target``'s folder with the mode open() would give it."""
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}{target.suffix}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)    # the kernel applies the umask
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(f"no free temporary name beside {target}")


def write_text_atomic(target: str | os.PathLike, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes_atomic(target: str | os.PathLike, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
