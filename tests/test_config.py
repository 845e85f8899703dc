"""Configuration an article repository adopts: what is walked, ignored, fixed, and shown."""

import subprocess
from pathlib import Path
from typing import Any

from conftest import write_tree
from typer.testing import CliRunner

from cleanup.cli import app

runner = CliRunner()
DEFECT = "It cost $ 5. Recall that it rained.\n"


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def test_walk_takes_articles_and_honours_include_and_exclude(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": DEFECT, "b.md": DEFECT, "notes.rst": DEFECT,
                          "drafts/c.md": DEFECT, "d.markdown": DEFECT,
                          ".cleanup.toml": 'exclude = ["drafts/*"]\n'})
    result = run("fix", "--select", "spacing", str(tmp_path))
    fixed = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
             if p.is_file() and "$5" in p.read_text(encoding="utf-8")}
    assert fixed == {"a.txt", "b.md", "d.markdown"}
    assert result.stdout.endswith("of 3.\n")


def test_include_widens_the_walk(tmp_path: Path) -> None:
    write_tree(tmp_path, {"notes.rst": DEFECT, ".cleanup.toml": 'include = ["*.rst"]\n'})
    run("fix", "--select", "spacing", str(tmp_path))
    assert "$5" in (tmp_path / "notes.rst").read_text(encoding="utf-8")


def test_walk_skips_what_git_ignores(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write_tree(tmp_path, {".gitignore": "build/\n*.tmp.md\n", "a.md": DEFECT,
                          "build/b.md": DEFECT, "c.tmp.md": DEFECT})
    run("fix", "--select", "spacing", str(tmp_path))
    assert "$5" in (tmp_path / "a.md").read_text(encoding="utf-8")
    assert (tmp_path / "build/b.md").read_text(encoding="utf-8") == DEFECT
    assert (tmp_path / "c.tmp.md").read_text(encoding="utf-8") == DEFECT


def test_a_named_file_is_read_whatever_the_globs(tmp_path: Path) -> None:
    write_tree(tmp_path, {"notes.rst": DEFECT})
    run("fix", "--select", "spacing", str(tmp_path / "notes.rst"))
    assert "$5" in (tmp_path / "notes.rst").read_text(encoding="utf-8")


def test_per_file_ignores(tmp_path: Path) -> None:
    write_tree(tmp_path, {"interviews/a.txt": DEFECT, "news/b.txt": DEFECT, "pyproject.toml":
                          '[tool.cleanup]\nper-file-ignores = { "interviews/*" = ["calques"] }\n'})
    result = run("check", "--format", "concise", str(tmp_path))
    assert "news/b.txt:1:14: calques/recall-that" in result.stdout
    assert "interviews/a.txt:1:14: calques" not in result.stdout


def test_unfixable_rules_are_reported_not_applied(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": DEFECT, ".cleanup.toml": 'unfixable = ["spacing/currency"]\n'})
    result = run("fix", str(tmp_path / "a.txt"))
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == DEFECT
    assert "spacing/currency space between" in result.stdout
    assert "[*]" not in result.stdout


def test_bad_per_file_ignores_is_an_error(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": DEFECT, ".cleanup.toml": 'per-file-ignores = ["x"]\n'})
    result = run("check", str(tmp_path / "a.txt"))
    assert "'per-file-ignores' must be a table" in result.stderr and result.exit_code == 2


def test_fail_level_from_configuration(tmp_path: Path) -> None:
    """A calque is a warning: it fails at the default level, not at fail-level = "error"."""
    write_tree(tmp_path, {"a.txt": "Recall that it rained.\n"})
    assert run("check", str(tmp_path / "a.txt")).exit_code == 1
    (tmp_path / ".cleanup.toml").write_text('fail-level = "error"\n', encoding="utf-8")
    assert run("check", str(tmp_path / "a.txt")).exit_code == 0


def test_config_command_prints_the_settings_in_force(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.md": DEFECT, "pyproject.toml":
                          '[tool.cleanup]\nquotes = "curly"\nignore = ["calques"]\n'})
    result = run("config", str(tmp_path / "a.md"))
    assert f"# from {tmp_path / 'pyproject.toml'}" in result.stdout
    lines = result.stdout.splitlines()
    for line in ('# read as markdown', 'quotes = "curly"', 'ignore = ["calques"]', 'walked = true'):
        assert any(shown.startswith(line) for shown in lines), line
    assert result.exit_code == 0
