"""Atomic writes: all or nothing, and the permissions a plain open() would give (not mkstemp's 0600)."""
import os
import stat

import pytest

import cli
from core.files import atomic_path, write_bytes_atomic, write_text_atomic


@pytest.fixture
def umask():
    """Set the process umask for one test: ``umask(0o022)``; the old one comes back afterwards."""
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_gets_the_mode_open_would_give(tmp_path, umask, mask, expected):
    umask(mask)
    write_text_atomic(tmp_path / "new.txt", "hello")
    with open(tmp_path / "plain.txt", "w") as f:
        f.write("hello")
    assert _mode(tmp_path / "new.txt") == _mode(tmp_path / "plain.txt") == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.txt", "plain.txt"]


@pytest.mark.parametrize("existing", [0o644, 0o640, 0o600, 0o664])
def test_a_replaced_file_keeps_its_mode(tmp_path, umask, existing):
    umask(0o022)
    target = tmp_path / "keep.bin"
    target.write_bytes(b"old")
    os.chmod(target, existing)
    write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"new" and _mode(target) == existing


def test_a_writer_that_makes_the_file_anew_still_gets_the_mode(tmp_path, umask):
    umask(0o022)
    target = tmp_path / "fig.png"
    with atomic_path(target) as tmp:
        tmp.unlink()                                   # as some writers do: remove, then create private
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, b"png")
        os.close(fd)
    assert target.read_bytes() == b"png" and _mode(target) == 0o644


def test_a_failed_write_leaves_the_target_and_no_temporary_file(tmp_path, umask):
    target = tmp_path / "keep.json"
    target.write_text("old")
    os.chmod(target, 0o640)
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("writer failed")
    assert target.read_text() == "old" and _mode(target) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["keep.json"]


def test_cli_out_keeps_a_readable_file_readable(tmp_path, umask, capsys):
    """The reported case: with umask 022 a 0644 keep.json became -rw------- after `run --out keep.json`."""
    umask(0o022)
    keep, new = tmp_path / "keep.json", tmp_path / "new.csv"
    keep.write_text("{}")
    os.chmod(keep, 0o644)
    for out, fmt in ((keep, "json"), (new, "csv")):
        code = cli.main(["run", "--surface", "bowl", "--optimizer", "gd", "--start", "1,1", "--steps", "2",
                         "--format", fmt, "--out", str(out)])
        assert code == 0, capsys.readouterr().err
    assert _mode(keep) == _mode(new) == 0o644
    assert keep.read_text().startswith('{"surface"') and new.read_text().startswith("run,optimizer")
