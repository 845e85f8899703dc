"""The output formats, as the tools that read them expect them."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleanup.cli import app

runner = CliRunner()
TEXT = "It cost $ 5.\nRecall that it rained, 100%.\n"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_concise_has_no_snippets(article: Path) -> None:
    lines = runner.invoke(app, ["check", "--format", "concise", str(article)]).stdout.splitlines()
    assert lines[0] == f"{article}:1:10: spacing/currency [*] space between a currency sign " \
        "and the amount"
    assert lines[-1].startswith("Found 2 findings")


def test_github_annotations_escape_their_properties(tmp_path: Path) -> None:
    path = tmp_path / "a, b.txt"
    path.write_text(TEXT, encoding="utf-8")
    lines = runner.invoke(app, ["check", "--format", "github", str(path)]).stdout.splitlines()
    assert lines[0].startswith(f"::error file={str(path).replace(',', '%2C')},line=1,col=10,"
                               "endLine=1,endColumn=11,title=spacing/currency::")
    assert lines[1].startswith("::warning ") and "title=calques/recall-that" in lines[1]
    assert len(lines) == 2  # no summary line to confuse the annotation parser


def test_sarif_is_a_valid_shape_with_code_point_columns(article: Path) -> None:
    log = json.loads(runner.invoke(app, ["check", "--format", "sarif", str(article)]).stdout)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {"spacing/currency",
                                                                 "calques/recall-that"}
    currency = next(r for r in run["results"] if r["ruleId"] == "spacing/currency")
    assert currency["level"] == "error"
    region = currency["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["charOffset"]) == (1, 10, 9)
    assert currency["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] \
        == {"text": ""}


def test_json_records_carry_the_level(article: Path) -> None:
    data = json.loads(runner.invoke(app, ["check", "--format", "json", str(article)]).stdout)
    assert {(f["rule"], f["level"]) for f in data["findings"]} == {
        ("spacing/currency", "error"), ("calques/recall-that", "warning")}


def test_statistics_count_per_rule(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    out = runner.invoke(app, ["check", "--statistics", str(tmp_path)]).stdout.splitlines()
    assert out[0].split() == ["2", "calques/recall-that", "[", "]", "‘Recall", "that’", "is",
                              "a", "calque", "of", "«напомним,", "что»:", "state", "the",
                              "background", "directly"]
    assert out[1].split()[:3] == ["2", "spacing/currency", "[*]"]
    assert out[-1] == "Found 4 findings in 2 files (2 fixable with `cleanup fix`)."


def test_fail_level_decides_the_exit_code(article: Path) -> None:
    article.write_text("Recall that it rained.\n", encoding="utf-8")
    assert runner.invoke(app, ["check", str(article)]).exit_code == 1
    assert runner.invoke(app, ["check", "--fail-level", "error", str(article)]).exit_code == 0
