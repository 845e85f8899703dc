"""The command as a user runs it: exit codes, stdout against stderr, files, stdin."""

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, load_cases
from typer.testing import CliRunner

from cleanup import Config, __version__, check_text
from cleanup.cli import app
from cleanup.findings import Level

SEED = ROOT / "seeds" / "000_e45498a51890010d.txt"
EXPECTED = ROOT / "seeds" / "000_e45498a51890010d.expected.txt"
runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=stdin)


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    shutil.copyfile(SEED, path)
    return path


def _flags(case: dict[str, Any]) -> list[str]:
    return [f"--{k}={v}" for k, v in case.get("config", {}).items()]


# Markdown is chosen by file name, which standard input has not; those cases go through
# files in test_markdown.py.
@pytest.mark.parametrize("case", [c for c in load_cases() if "markup" not in c],
                         ids=lambda c: f"{c['file']}: {c['label']}")
def test_fix_stdin_matches_the_fixture_table(case: dict[str, Any]) -> None:
    """`cleanup fix -` gives each case's expected text on stdout (the library's own table)."""
    result = run("fix", *_flags(case), "-", stdin=case["input"])
    assert result.stdout_bytes == case["expected"].encode()
    failing = [f for f in check_text(case["expected"], Config(**case.get("config", {})))
               if f.level.rank >= Level.WARNING.rank]  # info findings do not fail a run
    assert result.exit_code == (1 if failing else 0)


def test_seed_fixed_in_place_matches_the_expected_file(seed: Path) -> None:
    """The seed becomes the expected file exactly; the calques are left to a human (exit 1)."""
    result = run("fix", str(seed))
    assert seed.read_bytes() == EXPECTED.read_bytes()
    assert result.stdout.endswith(
        "Fixed 29 issues in 1 file of 1; 38 findings left for a human.\n")
    assert result.exit_code == 1


def test_check_reports_findings_and_exits_1(seed: Path) -> None:
    """check prints path:line:col: rule-id [*] message, a summary, and exits 1."""
    result = run("check", str(seed))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{seed}:1:68: names/triumf not the English spelling")
    assert f"{seed}:3:134: quotes/detached-closing [*] " in result.stdout
    assert lines[-1] == "Found 68 findings in 1 file (29 fixable with `cleanup fix`)."
    assert result.stderr == ""
    assert seed.read_bytes() == SEED.read_bytes()


def test_check_on_fixed_text_has_nothing_fixable() -> None:
    """After fix, check reports only what needs a human, and says so."""
    result = run("check", str(EXPECTED))
    assert result.exit_code == 1
    assert "[*]" not in result.stdout
    assert result.stdout.endswith("(0 fixable with `cleanup fix`).\n")


def test_clean_text_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "clean.txt"
    path.write_text("“We agree,” the minister said.\n", encoding="utf-8")
    result = run("check", str(path))
    assert (result.exit_code, result.stdout) == (0, "All clean: 1 file checked.\n")


def test_check_json_follows_the_schema(seed: Path) -> None:
    """JSON has 1-based lines and columns and code-point offsets into the file's text."""
    result = run("check", "--format", "json", str(seed))
    data = json.loads(result.stdout)
    assert data["schema"] == "cleanup.check/1"
    text = seed.read_text(encoding="utf-8")
    lines = text.split("\n")
    for item in data["findings"]:
        assert text[item["offset"]:item["end_offset"]] == item["text"]
        line = lines[item["line"] - 1]
        assert line[item["column"] - 1:].startswith(item["text"].split("\n")[0])
    assert data["summary"] == {"files": 1, "findings": 68, "fixable": 29, "errors": 0}


def test_diff_prints_and_writes_nothing(seed: Path) -> None:
    result = run("fix", "--diff", str(seed))
    assert result.exit_code == 1
    assert f"--- a/{seed}" in result.stdout and "+for $2.5 billion" not in result.stdout
    assert "-“We are systematically" in result.stdout
    assert seed.read_bytes() == SEED.read_bytes()


def test_check_flag_exits_1_when_a_file_would_change(seed: Path) -> None:
    assert run("fix", "--check", str(seed)).exit_code == 1
    assert seed.read_bytes() == SEED.read_bytes()
    assert run("fix", "--check", str(EXPECTED)).exit_code == 0


def test_stdin_filter_sends_the_report_to_stderr() -> None:
    result = run("fix", "-", stdin="“A, “B said.\n")
    assert result.stdout == "“A, “B said.\n"
    assert "quotes/unpaired" in result.stderr and result.exit_code == 1


def test_binary_stdin_passes_through_unchanged() -> None:
    """A filter never drops data: binary input comes out as it went in, with a notice."""
    data = b"\x89PNG\r\n\x00\x01 $ 5"
    result = runner.invoke(app, ["fix", "-"], input=data)
    assert result.stdout_bytes == data
    assert result.stderr.startswith("-: skipped: binary file\n") and result.exit_code == 0


def test_missing_path_is_reported_and_the_run_goes_on(seed: Path, tmp_path: Path) -> None:
    """A missing path is one line on stderr, exit 2, and the other file is still fixed."""
    missing = tmp_path / "missing.txt"
    result = run("fix", str(missing), str(seed))
    assert result.stderr == f"{missing}: error: no such file or folder\n"
    assert result.exit_code == 2
    assert seed.read_bytes() == EXPECTED.read_bytes()


def test_usage_error_exits_2() -> None:
    assert run("check", "--format", "xml", "x.txt").exit_code == 2
    assert run("fix").exit_code == 2


@pytest.mark.parametrize("command", [[], ["fix"], ["check"]])
def test_help_has_an_example(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Example: cleanup" in result.stdout


def test_installed_script_runs(seed: Path) -> None:
    """The installed `cleanup` script, in a subprocess: version, and a fix through a pipe."""
    script = Path(sys.executable).with_name("cleanup")
    version = subprocess.run([script, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout == f"cleanup {__version__}\n"
    piped = subprocess.run([script, "fix", "-"], input=SEED.read_bytes(), capture_output=True)
    assert piped.stdout == EXPECTED.read_bytes()
    assert piped.returncode == 1  # calques remain for a human


CAPTIONED = ("  • Minister Hulusi Akar\n  • Reuters\n  • © Virginia Mayo / Pool\n\n"
             "Recall that the Turkish side agreed to pay $ 5.\n")


@pytest.mark.parametrize("flag", ["--check", "--diff"])
def test_fix_that_writes_nothing_reports_places_in_the_file_on_disk(tmp_path: Path,
                                                                   flag: str) -> None:
    """Under --check and --diff the findings are those of `check` on the file as it is (an
    editor jumping to line:col lands on them); the number of fixes is that of `fix`."""
    path = tmp_path / "a.txt"
    path.write_text(CAPTIONED, encoding="utf-8")
    checked = run("check", "--format", "concise", str(path)).stdout.splitlines()[:-1]
    assert any(line.startswith(f"{path}:5:1: calques/recall-that") for line in checked)
    result = run("fix", flag, "--format", "concise", str(path))
    assert [line for line in result.stdout.splitlines() if line.startswith(str(path))] == checked
    data = json.loads(run("fix", flag, "--format", "json", str(path)).stdout)
    for item in data["findings"]:
        assert CAPTIONED[item["offset"]:item["end_offset"]] == item["text"]
    would = result.stdout.splitlines()[-1]
    assert path.read_text(encoding="utf-8") == CAPTIONED
    done = run("fix", str(path)).stdout.splitlines()[-1]
    assert would.startswith("Would fix 2 issues in 1 file of 1")
    assert done.startswith("Fixed 2 issues in 1 file of 1")


def test_fix_diff_in_json_is_one_parseable_document(tmp_path: Path) -> None:
    """`fix --diff --format json` keeps each file's diff in the JSON, not beside it."""
    path = tmp_path / "a.txt"
    path.write_text(CAPTIONED, encoding="utf-8")
    data = json.loads(run("fix", "--diff", "--format", "json", str(path)).stdout)
    assert data["diffs"] == [{"path": str(path),
                              "diff": run("fix", "--diff", "--silent", str(path)).stdout}]
    assert data["diffs"][0]["diff"].startswith(f"--- a/{path}\n+++ b/{path}\n@@ -1,5 +1 @@\n")
    assert "diffs" not in json.loads(run("fix", "--check", "--format", "json", str(path)).stdout)


def test_fix_diff_in_sarif_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(CAPTIONED, encoding="utf-8")
    result = run("fix", "--diff", "--format", "sarif", str(path))
    assert result.exit_code == 2 and "'--diff': cannot be combined with --format sarif" in \
        result.output
    assert result.stdout.count("{") == 0


def test_a_suggestion_shows_the_text_it_is_about() -> None:
    """A finding with only a suggestion names what it is about, as a fix does."""
    result = run("check", "-", stdin="The S-400 Triumph arrived.\n")
    assert "names/triumf not the English spelling of this name: 'Triumph' -> suggestion: " \
        "Triumf" in result.stdout


@pytest.mark.parametrize("setup", ["missing", "undecodable", "bad configuration",
                                   "unknown selector"])
def test_an_error_run_is_never_all_clean(tmp_path: Path, setup: str) -> None:
    """Exit code 2 and "All clean" never go together."""
    path = tmp_path / "a.txt"
    path.write_text("“We agree,” the minister said.\n", encoding="utf-8")
    args = [str(path)]
    if setup == "missing":
        args = [str(tmp_path / "missing.txt")]
    elif setup == "undecodable":
        path.write_bytes(b"caf\xe9\n")
    elif setup == "bad configuration":
        (tmp_path / ".cleanup.toml").write_text('quotes = "fancy"\n', encoding="utf-8")
    else:
        args = ["--select", "nmaes", *args]
    result = run("check", *args)
    assert result.exit_code == 2
    assert "All clean" not in result.stdout
    assert result.stdout.startswith("No findings: ") and "1 error" in result.stdout


def test_the_summary_counts_the_files_that_have_findings(tmp_path: Path) -> None:
    for name, text in (("a.txt", "It cost $ 5.\n"), ("b.txt", "It cost $5.\n"),
                       ("c.txt", "It cost $5.\n")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = run("check", str(tmp_path))
    assert result.stdout.splitlines()[-1] == \
        "Found 1 finding in 1 file (1 fixable with `cleanup fix`)."
