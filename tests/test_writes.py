"""Writes under faults: what `fix` does with files it must not, or cannot, replace.

The rules (`files.AtomicWriter`): a read-only file, a file with other hard links and a
file saved by someone else while it was being fixed are left as they were, with one
error line each; owner, group, mode (setuid and setgid too) and extended attributes are
kept, or the file is not written; a walk never writes through a link out of its folder;
a killed run leaves every file old or new, and its leftovers go with the next run.
"""

import ctypes
import fcntl
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from cleanup import pipeline, tasks
from cleanup.cli import app

DEFECT = "It cost $ 5.\n"
FIXED = "It cost $5.\n"
ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to make the fault")


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def cleanup(*args: str, **options: Any) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "cleanup", *args], capture_output=True,
                          text=True, cwd=ROOT, **options)


def article(folder: Path, name: str = "a.txt", text: str = DEFECT) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def debris(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.cleanup-tmp"))


def test_a_read_only_file_is_not_rewritten_and_the_run_goes_on(tmp_path: Path) -> None:
    """As black and ruff (which write in place, and so cannot), we leave what the user
    protected: a 0444 file is an error, even for root, who could replace it."""
    locked, open_ = article(tmp_path, "a.txt"), article(tmp_path, "b.txt")
    locked.chmod(0o444)
    result = run("fix", str(locked), str(open_))
    assert result.exit_code == 2
    assert "a.txt: error: not fixed: it is read-only (mode 0444); make it writable" in \
        result.stderr
    assert locked.read_text() == DEFECT and stat.S_IMODE(locked.stat().st_mode) == 0o444
    assert f"{locked}:1:10: spacing/currency [*]" in result.stdout  # what it still holds
    assert "Fixed 1 issue in 1 file of 2; 1 error." in result.stdout
    assert open_.read_text() == FIXED


def test_a_file_with_hard_links_is_refused_not_split(tmp_path: Path) -> None:
    path = article(tmp_path)
    os.link(path, tmp_path / "same.txt")
    result = run("fix", str(path))
    assert result.exit_code == 2
    assert "not fixed: it has 2 hard links, which a new file would split" in result.stderr
    assert path.read_text() == (tmp_path / "same.txt").read_text() == DEFECT
    assert path.stat().st_ino == (tmp_path / "same.txt").stat().st_ino


def test_mode_setuid_owner_group_and_extended_attributes_are_kept(tmp_path: Path) -> None:
    path = article(tmp_path)
    os.setxattr(path, "user.source", b"wire service")
    owner = (1234, 5678) if os.geteuid() == 0 else (os.getuid(), os.getgid())
    os.chown(path, *owner)
    path.chmod(0o6764)
    assert run("fix", str(path)).exit_code == 0
    info = path.stat()
    assert path.read_text() == FIXED
    assert stat.S_IMODE(info.st_mode) == 0o6764
    assert (info.st_uid, info.st_gid) == owner
    assert os.getxattr(path, "user.source") == b"wire service"


def test_a_named_link_is_fixed_through_to_its_target(tmp_path: Path) -> None:
    target = article(tmp_path, "real.txt")
    link = tmp_path / "link.txt"
    link.symlink_to("real.txt")
    assert run("fix", str(link)).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == "real.txt"
    assert target.read_text() == FIXED


def test_a_walk_writes_nothing_through_a_link_out_of_its_folder(tmp_path: Path) -> None:
    """A link in the folder that leads inside it is fixed through; one that leads out is
    read by `check`, but `fix` does not write it."""
    folder = tmp_path / "articles"
    folder.mkdir()
    outside = article(tmp_path, "outside.txt")
    inside = article(folder, "real.txt")
    (folder / "out.txt").symlink_to(outside)
    (folder / "in.txt").symlink_to("real.txt")
    result = run("fix", str(folder))
    assert result.exit_code == 2
    assert f"out.txt: error: not fixed: it links to {outside}, outside {folder}" in \
        result.stderr
    assert outside.read_text() == DEFECT
    assert inside.read_text() == FIXED
    assert "out.txt:1:" in run("check", str(folder)).stdout


def _append(path: Path) -> None:
    with path.open("a") as handle:
        handle.write("A line the editor added.\n")


def _rename(path: Path) -> None:
    path.with_name("new").write_text("Saved by the editor.\n")
    os.replace(path.with_name("new"), path)


def _same_size(path: Path) -> None:
    path.write_text(DEFECT.upper())


EDITORS = {"appended in place": _append, "saved by rename": _rename,
           "same size, in place": _same_size}


@pytest.mark.parametrize("save", EDITORS.values(), ids=EDITORS.keys())
def test_a_file_saved_while_being_fixed_is_not_overwritten(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, save: Callable[[Path], None]) -> None:
    """An editor saves the file after `fix` read it and before it writes: the save stands."""
    path = article(tmp_path)
    fix = pipeline.fix_and_check

    def meanwhile(*args: Any, **kwargs: Any) -> Any:
        save(path)
        return fix(*args, **kwargs)

    monkeypatch.setattr(tasks, "fix_and_check", meanwhile)
    result = run("fix", "--no-cache", str(path))
    saved = path.read_text()
    assert result.exit_code == 2
    assert "a.txt: error: not fixed: it changed while it was being fixed" in result.stderr
    assert saved != DEFECT and saved != FIXED  # the editor's text
    assert debris(tmp_path) == []


def test_a_large_file_saved_while_its_blocks_are_fixed_is_not_overwritten(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = article(tmp_path, text=DEFECT * 4000)
    monkeypatch.setattr("cleanup.files.STREAM_OVER", 1000)
    fix = pipeline.fix_and_check

    def meanwhile(*args: Any, **kwargs: Any) -> Any:
        if path.stat().st_size == len(DEFECT) * 4000:
            with path.open("a") as handle:
                handle.write("Added.\n")
        return fix(*args, **kwargs)

    monkeypatch.setattr(tasks, "fix_and_check", meanwhile)
    result = run("fix", "-j", "1", str(path))
    assert "not fixed: it changed while it was being fixed" in result.stderr
    assert "Fixed 0 issues in 0 files of 1;" in result.stdout  # read whole, not written
    assert path.read_text() == DEFECT * 4000 + "Added.\n"
    assert debris(tmp_path) == []


def test_a_full_disk_fails_every_write_and_nothing_is_counted_as_fixed(tmp_path: Path) -> None:
    """A real fault: a file size limit (RLIMIT_FSIZE) fails the writes as a full disk does."""
    import resource

    paths = [article(tmp_path, f"{n}.txt", DEFECT * 200) for n in "ab"]

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))

    result = cleanup("fix", "--no-cache", str(tmp_path), preexec_fn=small_files)
    assert result.returncode == 2
    assert result.stderr.count("error: cannot write: File too large") == 2
    assert "Fixed 0 issues in 0 files of 2; 2 errors." in result.stdout
    assert all(p.read_text() == DEFECT * 200 for p in paths)
    assert debris(tmp_path) == []


def _without_privileges() -> None:
    """Drop every capability root has (as a child, before exec): root then meets the
    permissions a user does, yet can still read the root-owned project and venv."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in range(64):
        libc.prctl(24, capability, 0, 0, 0)  # PR_CAPBSET_DROP; past the last: EINVAL


@ROOT_ONLY
def test_without_privileges_permission_faults_are_one_line_each(tmp_path: Path) -> None:
    """A read-only folder, a file of another user's in a folder we may write, and a
    read-only file: each left as it was, one error line each, and the rest is fixed."""
    shut, shared = tmp_path / "shut", tmp_path / "shared"
    shut.mkdir()
    shared.mkdir()
    in_shut = article(shut)
    theirs, locked, mine = (article(shared, n) for n in ("theirs.txt", "locked.txt", "mine.txt"))
    shut.chmod(0o555)
    shared.chmod(0o777)
    os.chown(theirs, 1234, 1234)
    theirs.chmod(0o666)
    locked.chmod(0o444)
    result = cleanup("fix", "--no-cache", str(shut), str(shared), preexec_fn=_without_privileges)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 3, lines
    assert "shut/a.txt: error: cannot write: Permission denied" in result.stderr
    assert "theirs.txt: error: not fixed: it is owned by another user or group" in result.stderr
    assert "locked.txt: error: not fixed: it is read-only (mode 0444)" in result.stderr
    assert [p.read_text() for p in (in_shut, theirs, locked, mine)] == [DEFECT] * 3 + [FIXED]
    assert theirs.stat().st_uid == 1234
    assert debris(tmp_path) == []


def test_a_dead_runs_leftovers_go_and_a_live_runs_stay(tmp_path: Path) -> None:
    """Our temporary files are known by their name and are dead when no one holds their
    lock; look-alike names are the user's and stay."""
    path = article(tmp_path)
    dead = tmp_path / ".a.txt.k3x9_q2z.cleanup-tmp"
    live = tmp_path / ".b.txt.a1b2c3d4.cleanup-tmp"
    theirs = [tmp_path / n for n in (".a.txt.tmp", "notes.cleanup-tmp", ".a.txt.x.cleanup-tmp")]
    for leftover in (dead, live, *theirs):
        leftover.write_text("half")
    with live.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert run("fix", str(path)).exit_code == 0
        assert not dead.exists() and live.exists()
    assert all(p.exists() for p in theirs)
    assert path.read_text() == FIXED


def test_sigkill_at_random_moments_leaves_every_file_old_or_new(tmp_path: Path) -> None:
    """Kill a run (and its workers) at random moments while it fixes 300 files: every
    file is exactly old or new; the next run removes what the kill left and finishes."""
    old = {f"{n:03}.txt": f"Article {n} cost $ {n}.\n" * (1 + n % 40) for n in range(300)}
    model = tmp_path / "model"
    _write(model, old)
    assert cleanup("fix", "--no-cache", "-q", str(model)).returncode == 0
    new = {name: (model / name).read_text() for name in old}
    assert all(new[n] != old[n] for n in old)
    began = time.monotonic()
    cleanup("fix", "--no-cache", "-q", str(_write(tmp_path / "timed", old)))
    whole = time.monotonic() - began
    pick = random.Random(13)
    for trial in range(4):
        folder = _write(tmp_path / f"trial{trial}", old)
        process = subprocess.Popen([sys.executable, "-m", "cleanup", "fix", "--no-cache",
                                    "-j", "2", "-q", str(folder)], cwd=ROOT,
                                   start_new_session=True, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(pick.uniform(0.2, whole))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        for name in old:
            assert (folder / name).read_text() in (old[name], new[name]), name
        assert cleanup("fix", "--no-cache", "-q", str(folder)).returncode == 0
        assert debris(folder) == []
        assert {name: (folder / name).read_text() for name in old} == new


def _write(folder: Path, texts: dict[str, str]) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_two_runs_at_once_on_one_folder_agree(tmp_path: Path) -> None:
    """Two `fix` runs over the same 300 files at once: each file is fixed once, no run
    reports the other's write as an editor's save, and nothing is left behind."""
    texts = {f"{n:03}.txt": f"Article {n} cost $ {n}.\n" * (1 + n % 30) for n in range(300)}
    folder = _write(tmp_path / "shared", texts)
    runs = [subprocess.Popen([sys.executable, "-m", "cleanup", "fix", "--no-cache", "-j", "1",
                              "-q", str(folder)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    errors = [process.communicate()[1] for process in runs]
    assert errors == ["", ""]
    assert all((folder / name).read_text() == text.replace("$ ", "$")
               for name, text in texts.items())
    assert debris(folder) == []


@pytest.fixture
def small_disk(tmp_path: Path) -> Any:
    """A real 64 KB file system (tmpfs), where this process may mount one."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)],
                      capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (not root, or not allowed)")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=True)


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_a_real_full_or_read_only_file_system_leaves_every_file_intact(
        small_disk: Path, fault: str) -> None:
    paths = [article(small_disk, f"{n}.txt", DEFECT * 1000) for n in "ab"]
    if fault == "full":
        with (small_disk / "filler").open("wb", buffering=0) as filler, \
                pytest.raises(OSError):
            while True:
                filler.write(b"\0" * 4096)
    else:
        subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = cleanup("fix", "--no-cache", str(paths[0]), str(paths[1]))
    reason = {"full": "cannot write: No space left on device",
              "read-only": "not fixed: its file system is read-only"}[fault]
    assert result.returncode == 2
    assert [line.split(": error: ", 1)[1] for line in result.stderr.splitlines()] == [reason] * 2
    assert "Fixed 0 issues in 0 files of 2; 2 errors." in result.stdout
    assert all(p.read_text() == DEFECT * 1000 for p in paths)
    assert debris(small_disk) == []
