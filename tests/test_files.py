"""Files round-trip exactly: BOM, encoding, line endings, final newline and mode."""

import os
import shutil
import stat
from pathlib import Path

import pytest
from conftest import FIXTURES

from cleanup import files
from cleanup.config_files import Overrides
from cleanup.runner import check_paths, fix_paths

PAIRS = sorted(p.stem for p in (FIXTURES / "files").glob("*.in"))


@pytest.mark.parametrize("name", PAIRS)
def test_fix_file_byte_for_byte(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                ) -> None:
    """fix turns NAME.in into NAME.out exactly and keeps the file's mode."""
    path = tmp_path / f"{name}.txt"
    shutil.copyfile(FIXTURES / "files" / f"{name}.in", path)
    path.chmod(0o640)
    fix_paths([str(path)], Overrides())
    assert path.read_bytes() == (FIXTURES / "files" / f"{name}.out").read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_unchanged_file_is_not_rewritten(tmp_path: Path) -> None:
    """A file that needs nothing keeps its inode and modification time."""
    path = tmp_path / "clean.txt"
    shutil.copyfile(FIXTURES / "files" / "clean.in", path)
    before = path.stat()
    fix_paths([str(path)], Overrides())
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_binary_file_is_skipped_with_a_notice(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """A binary file gets one notice on stderr, is left alone, and is no error."""
    path = tmp_path / "image.txt"
    shutil.copyfile(FIXTURES / "files" / "binary.bad", path)
    report = fix_paths([str(path)], Overrides())
    assert capsys.readouterr().err == f"{path}: skipped: binary file\n"
    assert report.errors == 0
    assert path.read_bytes() == (FIXTURES / "files" / "binary.bad").read_bytes()


def test_undecodable_file_names_the_place_and_the_run_goes_on(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Undecodable bytes get `path:line:col: error: …`, and the next file is still fixed."""
    bad, good = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copyfile(FIXTURES / "files" / "latin1.bad", bad)
    good.write_text("for $ 5\n", encoding="utf-8")
    report = fix_paths([str(bad), str(good)], Overrides())
    assert capsys.readouterr().err == (
        f"{bad}:2:4: error: not valid UTF-8 (byte 0xe9 at offset 14)\n")
    assert report.errors == 1 and report.exit_code() == 2
    assert good.read_text(encoding="utf-8") == "for $5\n"


def test_crash_during_write_leaves_the_old_file(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """If the rename fails, the original is whole and no temporary file is left behind."""
    path = tmp_path / "a.txt"
    path.write_bytes(b"for $ 5\n")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        files.write_atomic(str(path), b"for $5\n")
    assert path.read_bytes() == b"for $ 5\n"
    assert os.listdir(tmp_path) == ["a.txt"]


def test_write_follows_a_symlink(tmp_path: Path) -> None:
    """Fixing a link changes its target and leaves the link a link."""
    target, link = tmp_path / "real.txt", tmp_path / "link.txt"
    target.write_text("for $ 5\n", encoding="utf-8")
    link.symlink_to(target)
    fix_paths([str(link)], Overrides())
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "for $5\n"


def test_folders_are_walked_in_order_skipping_hidden_ones(tmp_path: Path) -> None:
    """A walk yields every visible file, in order; configuration picks the articles."""
    for name in ["b.md", "a.txt", "c.py", "sub/d.txt", ".git/e.txt", ".hidden.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    targets = list(files.iter_targets([str(tmp_path)]))
    assert [os.path.relpath(t.path, tmp_path) for t in targets] == [
        "a.txt", "b.md", "c.py", os.path.join("sub", "d.txt")]
    assert all(t.walked for t in targets)


def test_missing_path_is_an_error_in_its_place(tmp_path: Path) -> None:
    """A path that does not exist yields its error; the others still come."""
    good = tmp_path / "a.txt"
    good.write_text("x", encoding="utf-8")
    targets = list(files.iter_targets([str(tmp_path / "nope.txt"), str(good)]))
    assert targets[0].error == f"{tmp_path / 'nope.txt'}: error: no such file or folder"
    assert targets[1] == files.Target(str(good))


def test_unreadable_file_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file we may not read is one error line with the reason (simulated: CI runs as root)."""
    path = tmp_path / "secret.txt"
    path.write_text("x", encoding="utf-8")

    def deny(name: str, *args: object) -> object:
        raise PermissionError(13, "Permission denied", name)

    monkeypatch.setattr(files, "open", deny, raising=False)
    with pytest.raises(files.InputError, match=r"secret\.txt: error: Permission denied$"):
        files.read_bytes(str(path))


def test_folder_given_as_a_file_is_walked_not_read(tmp_path: Path) -> None:
    """A folder is walked; an empty one yields nothing and no error."""
    assert list(files.iter_targets([str(tmp_path)])) == []


@pytest.mark.parametrize(("data", "place"), [
    (b"a\rb\rc\xff", "3:2"), (b"a\r\nb\xff", "2:2"), (b"\xff", "1:1")])
def test_an_undecodable_byte_is_placed_by_every_kind_of_line_break(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, place: str) -> None:
    """CR-only files are supported, so a CR ends a line in error positions too."""
    path = tmp_path / "cr.txt"
    path.write_bytes(data)
    check_paths([str(path)], Overrides())
    assert capsys.readouterr().err.startswith(f"{path}:{place}: error: not valid UTF-8")


def test_a_folder_whose_files_git_ignores_says_so(tmp_path: Path) -> None:
    """Otherwise `check` on it says "All clean: 0 files checked", as if it had looked."""
    import subprocess

    from typer.testing import CliRunner

    from cleanup.cli import app

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("corpus/\n")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("It cost $ 5.\n")
    result = CliRunner().invoke(app, ["check", str(tmp_path / "corpus")])
    assert result.exit_code == 0
    assert "corpus: every file in it is ignored by git (.gitignore); none was read" \
        in result.output


@pytest.mark.parametrize("command", ["check", "fix"])
def test_a_walk_skips_fifos_and_reports_looping_links_and_goes_on(
        tmp_path: Path, command: str) -> None:
    """A FIFO would block the run forever; a link loop ended it with a traceback."""
    import subprocess
    import sys

    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "ok.txt").write_text("It cost $ 5.\n")
    os.mkfifo(folder / "pipe.txt")
    (folder / "loop2.txt").symlink_to(folder / "loop1.txt")
    (folder / "loop1.txt").symlink_to(folder / "loop2.txt")
    (folder / b"caf\xe9.txt".decode("utf-8", "surrogateescape")).write_text("It cost $ 6.\n")
    result = subprocess.run([sys.executable, "-m", "cleanup", command, str(folder)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    for name in ("loop1.txt", "loop2.txt"):
        assert f"{folder / name}: error: Too many levels of symbolic links" in result.stderr
    assert "pipe.txt" not in result.stderr + result.stdout
    if command == "fix":
        assert (folder / "ok.txt").read_text() == "It cost $5.\n"
        assert "Fixed 2 issues in 2 files of 2" in result.stdout
    else:
        assert "caf\\xe9.txt:1:10: spacing/currency" in result.stdout
