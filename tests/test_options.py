"""The options a ruff user reaches for, as a user runs them."""

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, write_tree
from typer.testing import CliRunner

from cleanup.cli import app
from cleanup.formats import LineIndex, Record, Show, source_lines, text_line, wants_color

runner = CliRunner()
DEFECT = "It cost $ 5. Recall that it rained.\n"
MARKDOWN = "```\nkeep  this ,as is\n```\n\nIt cost $ 5.\n"


def run(*args: str, stdin: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=stdin)


def test_stdin_filename_chooses_markdown_and_names_the_input() -> None:
    """`--stdin-filename x.md` reads stdin as Markdown (code stays) and shows it as x.md."""
    fixed = run("fix", "--stdin-filename", "notes/x.md", "-", stdin=MARKDOWN)
    assert fixed.stdout == MARKDOWN.replace("$ 5", "$5")
    plain = run("fix", "-", stdin=MARKDOWN)
    assert "keep this" in plain.stdout or ", as is" in plain.stdout  # code rewritten as prose
    checked = run("check", "--stdin-filename", "notes/x.md", stdin=MARKDOWN)  # no PATH: stdin
    assert checked.stdout.startswith("notes/x.md:5:10: spacing/currency")


def test_stdin_filename_takes_the_configuration_of_that_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, {"pyproject.toml": '[tool.cleanup]\nper-file-ignores = '
                                            '{ "interviews/*" = ["calques"] }\n'})
    monkeypatch.chdir(tmp_path)
    interview = run("check", "--stdin-filename", "interviews/a.txt", "-", stdin=DEFECT)
    news = run("check", "--stdin-filename", "news/a.txt", "-", stdin=DEFECT)
    assert "calques/recall-that" not in interview.stdout
    assert "news/a.txt:1:14: calques/recall-that" in news.stdout


def test_no_path_and_no_stdin_filename_is_a_usage_error() -> None:
    assert run("check").exit_code == 2


def test_force_exclude_leaves_out_named_files_the_configuration_excludes(
        tmp_path: Path) -> None:
    """pre-commit names every staged file; `--force-exclude` still honours `exclude`."""
    write_tree(tmp_path, {".cleanup.toml": 'exclude = ["drafts/*"]\n', "drafts/x.txt": DEFECT,
                          "a.txt": DEFECT})
    draft, article = tmp_path / "drafts" / "x.txt", tmp_path / "a.txt"
    result = run("fix", "--force-exclude", "--select", "spacing", str(draft), str(article))
    assert draft.read_text(encoding="utf-8") == DEFECT
    assert article.read_text(encoding="utf-8") != DEFECT
    assert result.stdout.endswith("of 1.\n")
    run("fix", "--select", "spacing", str(draft))  # without it, a named file is read
    assert draft.read_text(encoding="utf-8") != DEFECT


def test_force_exclude_passes_excluded_stdin_through(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, {".cleanup.toml": 'exclude = ["drafts/*"]\n'})
    monkeypatch.chdir(tmp_path)
    result = run("fix", "--force-exclude", "--stdin-filename", "drafts/x.txt", "-",
                 stdin=DEFECT)
    assert result.stdout == DEFECT and result.exit_code == 0


def test_the_pre_commit_hooks_force_exclude() -> None:
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    entries = [line.split(":", 1)[1].strip() for line in hooks.splitlines()
               if line.strip().startswith("entry:")]
    assert entries == ["cleanup fix --force-exclude", "cleanup check --force-exclude"]


def test_extend_select_adds_to_the_configured_select(tmp_path: Path) -> None:
    write_tree(tmp_path, {".cleanup.toml": 'select = ["spacing"]\n', "a.txt": DEFECT})
    path = str(tmp_path / "a.txt")
    assert "calques/" not in run("check", path).stdout
    extended = run("check", "--extend-select", "calques/recall-that", path).stdout
    assert "spacing/currency" in extended and "calques/recall-that" in extended
    assert run("check", "--extend-select", "nmaes", path).exit_code == 2


def test_extend_select_without_a_select_keeps_every_rule(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": DEFECT})
    result = run("check", "--extend-select", "names", str(tmp_path / "a.txt"))
    assert "spacing/currency" in result.stdout and "calques/recall-that" in result.stdout


def test_exit_zero_forgives_findings_but_not_errors(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": DEFECT})
    path = str(tmp_path / "a.txt")
    assert run("check", "--exit-zero", path).exit_code == 0
    assert run("fix", "--check", "--exit-zero", path).exit_code == 0
    assert run("check", "--exit-zero", path, str(tmp_path / "missing.txt")).exit_code == 2


def test_quiet_prints_the_findings_only_and_silent_nothing(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": DEFECT})
    (tmp_path / "b.txt").write_bytes(b"\x00binary")
    path, binary = str(tmp_path / "a.txt"), str(tmp_path / "b.txt")
    quiet = run("check", "-q", path, binary)
    assert quiet.stdout.splitlines() == [line for line in run("check", path).stdout.splitlines()
                                         if line.startswith(path)]
    assert quiet.stderr == "" and quiet.exit_code == 1
    for flag in ("-qq", "--silent"):
        silent = run("check", flag, path, str(tmp_path / "missing.txt"))
        assert silent.stdout == "" and silent.exit_code == 2
        assert silent.stderr == f"{tmp_path / 'missing.txt'}: error: no such file or folder\n"


def test_output_file_takes_the_report(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": DEFECT})
    report = tmp_path / "out" / "report.json"
    result = run("check", "--format", "json", "--output-file", str(report),
                 str(tmp_path / "a.txt"))
    assert result.stdout == "" and result.exit_code == 1
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["findings"] == 2
    piped = run("fix", "-o", str(report), "-", stdin=DEFECT)  # a filter: text out, report aside
    assert piped.stdout == DEFECT.replace("$ 5", "$5") and piped.stderr == ""
    assert report.read_text(encoding="utf-8").startswith("-:1:13: calques/recall-that")


def test_output_file_that_cannot_be_written_is_an_error(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": DEFECT})
    result = run("check", "-o", str(tmp_path / "a.txt" / "x"), str(tmp_path / "a.txt"))
    assert result.exit_code == 2 and "cannot write the report" in result.stderr


def test_show_source_puts_a_caret_under_the_span(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": DEFECT})
    lines = run("check", "--show-source", str(tmp_path / "a.txt")).stdout.splitlines()
    assert lines[:4] == [f"{tmp_path / 'a.txt'}:1:10: spacing/currency [*] space between a "
                         "currency sign and the amount: ' ' -> ''",
                         "  |", "1 | It cost $ 5. Recall that it rained.", "  | " + " " * 9 + "^"]
    assert lines[7] == "  | " + " " * 13 + "^" * len("Recall that")
    assert "\x1b[" not in "".join(lines)  # not a terminal: no colour
    concise = run("check", "--show-source", "--format", "concise", str(tmp_path / "a.txt"))
    assert concise.stdout.splitlines()[1:4] == lines[1:4]


def test_show_source_cuts_a_long_line_around_the_finding() -> None:
    text = "word " * 100 + "$ 5 " + "word " * 100
    record = Record("a.txt", "spacing/currency", "error", "m", 1, 502, 1, 503, 501, 502, " ",
                    "", None)
    _, line, carets = source_lines(record, text, LineIndex(text), Show(source=True))
    assert line.startswith("1 | …") and line.endswith("…") and len(line) == 4 + 102
    assert line[carets.index("^")] == " " and line[carets.index("^") - 1] == "$"


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert wants_color(Terminal()) and not wants_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not wants_color(Terminal())
    record = Record("a.txt", "x/y", "error", "m", 1, 1, 1, 2, 0, 1, "a", "b", None)
    assert text_line(record, show=Show(color=True)) == (
        "\x1b[1ma.txt:1:1:\x1b[0m \x1b[31mx/y\x1b[0m \x1b[36m[*]\x1b[0m m: 'a' -> 'b'")


def test_config_names_the_one_configuration_file(tmp_path: Path) -> None:
    """`--config FILE` replaces the files found upward; pyproject.toml is read for its table."""
    write_tree(tmp_path, {"articles/.cleanup.toml": 'select = ["calques"]\n',
                          "articles/a.txt": DEFECT, "shared/house.toml": 'select = ["spacing"]\n',
                          "shared/pyproject.toml": '[project]\nname = "x"\n[tool.cleanup]\n'
                                                   'ignore = ["spacing"]\n'})
    path = str(tmp_path / "articles" / "a.txt")
    assert "spacing/" not in run("check", path).stdout
    house = run("check", "--config", str(tmp_path / "shared" / "house.toml"), path).stdout
    assert "spacing/currency" in house and "calques/" not in house
    project = run("check", "--config", str(tmp_path / "shared" / "pyproject.toml"), path).stdout
    assert "spacing/" not in project and "calques/recall-that" in project
    missing = run("check", "--config", str(tmp_path / "nope.toml"), path)
    assert missing.exit_code == 2 and "nope.toml: error: cannot read" in missing.stderr


def test_isolated_reads_no_configuration(tmp_path: Path) -> None:
    write_tree(tmp_path, {".cleanup.toml": 'select = ["calques"]\n', "a.txt": DEFECT})
    path = str(tmp_path / "a.txt")
    assert "spacing/currency" in run("check", "--isolated", path).stdout
    assert run("check", "--isolated", "--config", "x.toml", path).exit_code == 2


def test_the_installed_script_takes_the_new_options(tmp_path: Path) -> None:
    """Through the installed script, as a hook runs it: stdin named, quiet, exit zero."""
    script = Path(sys.executable).with_name("cleanup")
    result = subprocess.run([script, "fix", "--stdin-filename", "x.md", "--exit-zero", "-q"],
                            input=MARKDOWN.encode(), capture_output=True, cwd=tmp_path)
    assert result.stdout == MARKDOWN.replace("$ 5", "$5").encode()
    assert result.returncode == 0 and result.stderr == b""
