"""Fault injection for the one reader and the one writer of core.files: what is at the path (a FIFO, a device,
a symlink, a folder), a failure at every stage of a write, stale temporary files, long names."""
from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import threading
import time

import pytest

from core import scene as scenes
from core.files import (
    FileTooLarge,
    NotARegularFile,
    atomic_path,
    check_target,
    read_limited,
    remove_stale_temporaries,
    write_bytes_atomic,
    write_text_atomic,
)


def _temporaries(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".optiscope-"))


def _char_device(folder, name="null"):
    """A character device node like /dev/null or /dev/full (major 1, minor 3 or 7) made in ``folder``, so that a
    broken writer can only ever replace this copy (mknod needs root; else the system's own node)."""
    path = folder / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, {"null": 3, "full": 7}[name]))
    except PermissionError:
        return f"/dev/{name}"
    return path


# --- reading ------------------------------------------------------------------------------------

def test_a_fifo_is_refused_at_once_instead_of_blocking(tmp_path):
    fifo = tmp_path / "scene.json"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(NotARegularFile):
        read_limited(fifo, 1000)
    with pytest.raises(scenes.SceneError, match="not a regular file"):
        scenes.load(fifo)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_an_endless_device_is_refused_not_read_until_memory_runs_out(device):
    with pytest.raises(scenes.SceneError, match="not a regular file"):
        scenes.load(device)


def test_a_folder_and_a_large_file_are_refused(tmp_path):
    with pytest.raises(scenes.SceneError, match="not a regular file"):
        scenes.load(tmp_path)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (scenes.MAX_FILE_BYTES + 1))
    with pytest.raises(FileTooLarge):
        read_limited(big, scenes.MAX_FILE_BYTES)
    with pytest.raises(scenes.SceneError, match="too large"):
        scenes.load(big)
    assert read_limited(big, scenes.MAX_FILE_BYTES + 1) == big.read_bytes()


# --- what is at the output path -----------------------------------------------------------------

def test_a_symlink_is_followed_and_stays_a_link(tmp_path):
    target, link = tmp_path / "real.json", tmp_path / "link.json"
    target.write_text("old")
    link.symlink_to(target)
    write_text_atomic(link, "new")
    assert link.is_symlink() and target.read_text() == "new"
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "made.json")
    write_text_atomic(dangling, "made")
    assert dangling.is_symlink() and (tmp_path / "made.json").read_text() == "made"


def test_a_character_device_is_written_into_not_replaced(tmp_path):
    device = _char_device(tmp_path)
    write_bytes_atomic(device, b"data")
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert _temporaries(tmp_path) == []


def test_a_full_device_reports_the_failure(tmp_path):
    full = _char_device(tmp_path, "full")
    with pytest.raises(OSError) as info:
        write_text_atomic(full, "x" * 100_000)
    assert info.value.errno == errno.ENOSPC
    assert stat.S_ISCHR(os.stat(full).st_mode)


def test_a_fifo_gets_the_data_when_read_and_is_refused_without_a_reader(tmp_path):
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="no program is reading"):
        write_text_atomic(fifo, "a,b\n")
    received = []
    reader = threading.Thread(target=lambda: received.append(open(fifo, "rb").read()))
    reader.start()
    for _ in range(200):                    # until the reader has opened its end
        try:
            write_text_atomic(fifo, "a,b\n" * 50_000)
            break
        except OSError as exc:
            assert exc.errno == errno.ENXIO
            time.sleep(0.01)
    reader.join(10)
    assert received == [b"a,b\n" * 50_000] and stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.parametrize("bad", ["x.png/", "folder", ""])
def test_a_name_that_is_no_file_is_refused(tmp_path, bad):
    (tmp_path / "folder").mkdir()
    path = str(tmp_path / bad) if bad else ""
    if bad == "x.png/":
        path = str(tmp_path / "x.png") + "/"
    with pytest.raises(OSError):
        check_target(path)
    with pytest.raises(OSError), atomic_path(path) as tmp:
        tmp.write_text("never")
    assert not (tmp_path / "x.png").exists() and _temporaries(tmp_path) == []


def test_a_socket_is_refused(tmp_path):
    import socket

    path = tmp_path / "s.json"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        with pytest.raises(NotARegularFile):
            write_text_atomic(path, "x")
    assert _temporaries(tmp_path) == []


def test_a_name_at_the_length_limit_works(tmp_path):
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    for length in (246, limit):
        target = tmp_path / ("a" * (length - 4) + ".csv")
        write_text_atomic(target, "ok")
        assert target.read_text() == "ok"
    assert _temporaries(tmp_path) == []


def test_a_replaced_file_keeps_its_owner_and_mode(tmp_path):
    target = tmp_path / "theirs.json"
    target.write_text("old")
    owner = (12345, 23456) if os.geteuid() == 0 else (os.getuid(), os.getgid())   # only root gives files away
    os.chown(target, *owner)
    os.chmod(target, 0o640)
    write_text_atomic(target, "new")
    st = os.stat(target)
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (*owner, 0o640)
    assert target.read_text() == "new"


# --- a failure at every stage leaves the old file and no temporary one ---------------------------

STAGES = ["create", "write", "chmod", "replace"]


@pytest.mark.parametrize("stage", STAGES)
def test_a_failure_at_any_stage_keeps_the_old_file(tmp_path, monkeypatch, stage):
    target = tmp_path / "keep.json"
    target.write_text("old")
    real = {"create": os.open, "chmod": os.chmod, "replace": os.replace}

    def fail(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    if stage == "create":
        monkeypatch.setattr(os, "open", lambda path, flags, *a: fail() if ".optiscope-" in str(path)
                            else real["create"](path, flags, *a))
    elif stage != "write":
        monkeypatch.setattr(os, stage, fail)
    with pytest.raises(OSError):
        with atomic_path(target) as tmp:
            if stage == "write":
                with open(tmp, "w") as f:
                    f.write("ha")
                    fail()
            tmp.write_text("new")
    monkeypatch.undo()
    assert target.read_text() == "old" and _temporaries(tmp_path) == []


# --- stale temporaries of killed writers ---------------------------------------------------------

def test_a_killed_writers_temporary_is_removed_by_the_next_write_but_a_live_ones_is_kept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        stale = tmp_path / f".optiscope-{dead_pid}-0123abcd.tmp.png"
        busy = tmp_path / f".optiscope-{live.pid}-89abcdef.tmp.png"
        other = tmp_path / ".optiscope-notes.txt"
        for p in (stale, busy, other):
            p.write_bytes(b"half")
        write_text_atomic(tmp_path / "fig.json", "{}")
        assert not stale.exists() and busy.exists() and other.exists()
        remove_stale_temporaries(tmp_path)
        assert busy.exists()
    finally:
        live.kill()
        live.wait()
    remove_stale_temporaries(tmp_path)
    assert not busy.exists()


# --- a full disk ------------------------------------------------------------------------------------

FULL_DISK = """
set -u
mount -t tmpfs -o size=48k tmpfs "$1" || exit 77
printf old > "$1/fig.$2"
"$3" "$4" export --surface himmelblau --optimizer adam --optimizer gd --start -1,1 --steps 300 --out "$1/fig.$2"
echo "rc=$?"
cat "$1/fig.$2"; echo
ls -a "$1" | grep -c optiscope
"""


@pytest.mark.slow
@pytest.mark.parametrize("ext", ["pdf", "png", "svg", "gif", "csv"])
def test_a_full_disk_leaves_the_old_file_and_exits_2(tmp_path, ext):
    """A real 48 kB tmpfs in a private mount namespace (unshare: root, or user namespaces), filled by the export."""
    import shutil
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    mount = tmp_path / "tiny"
    mount.mkdir()
    command = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-rm"]
    assert shutil.which("unshare"), "util-linux's unshare is needed for this test"
    result = subprocess.run([*command, "sh", "-c", FULL_DISK, "sh", str(mount), ext, sys.executable,
                             str(root / "main.py")], capture_output=True, text=True, timeout=300,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert result.returncode != 77, f"cannot mount a tmpfs here: {result.stderr}"
    lines = result.stdout.splitlines()
    assert lines == ["rc=2", "old", "0"], result.stdout + result.stderr
    assert result.stderr.startswith("error: cannot write") and "No space left" in result.stderr
    assert result.stderr.count("\n") == 1


def test_an_unreported_pdf_failure_cannot_replace_the_old_file(tmp_path, monkeypatch, qapp):
    """Qt's PDF writer reports no error on a full disk: the PDF is made in memory and written by Python, whose
    failure (injected here) leaves the old file."""
    from app import export
    from core import files

    target = tmp_path / "fig.pdf"
    target.write_bytes(b"old")

    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    scene = scenes.Scene("bowl", [scenes.RunSpec("gd")], [(1.0, 1.0)], 5)
    monkeypatch.setattr(files.Path, "write_bytes", full)
    with pytest.raises(OSError, match="No space"):
        export.export(scene, target)
    assert target.read_bytes() == b"old" and _temporaries(tmp_path) == []


def test_a_graph_file_is_read_by_the_same_reader(tmp_path):
    from core import graph

    fifo = tmp_path / "net.graph"
    os.mkfifo(fifo)
    with pytest.raises(graph.GraphError, match="not a regular file"):
        graph.load(fifo)
    with pytest.raises(graph.GraphError, match="not a regular file"):
        graph.load("/dev/zero")
