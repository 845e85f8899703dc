"""Markdown files through the command line: prose only, places in the original file."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleanup import check_text, fix_text
from cleanup.cli import app
from cleanup.markdown import MarkdownSpans

runner = CliRunner()

ARTICLE = """---
title: "Deal , signed"
---

# Ankara buys more

The deal is worth $ 2.5 billion. Run `cleanup fix "a" , b` to see.

```
"code" , stays
```
"""


def test_markdown_file_fixes_only_prose(tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    path.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["fix", str(path)])
    assert result.exit_code == 0, result.output
    fixed = path.read_text(encoding="utf-8")
    assert fixed == ARTICLE.replace("$ 2.5", "$2.5")


def test_finding_places_count_in_the_original_file(tmp_path: Path) -> None:
    """Line and column after front matter are those of the file, not of its prose."""
    path = tmp_path / "article.md"
    path.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["check", "--format", "concise", str(path)])
    assert f"{path}:7:20: spacing/currency [*]" in result.stdout


def test_same_text_as_plain_text_is_fixed_everywhere(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    runner.invoke(app, ["fix", str(path)])
    assert '"code", stays' in path.read_text(encoding="utf-8")


def test_spans_are_code_point_offsets_in_non_ascii_text() -> None:
    """tree-sitter counts bytes; we count code points, so Cyrillic before code is fine."""
    text = "Сказал «да» и `код , тут` — end.\n"
    spans = MarkdownSpans(text)
    (start, end), = spans.code
    assert text[start:end] == "`код , тут`"


def test_lone_surrogates_through_the_library_do_not_crash_the_reader() -> None:
    """A str may hold what no UTF-8 file can; the parser is given U+FFFD in its place,
    and every offset holds: the code span is masked where it stands."""
    text = "A \ud800 said `code , here` and \udfff , then.\n"
    spans = MarkdownSpans(text)
    (start, end), = spans.code
    assert text[start:end] == "`code , here`"
    assert check_text(text, markup="markdown")
    fixed = fix_text(text, markup="markdown")
    assert "`code , here`" in fixed


RUNS_OF_STARS = [
    "Meta* is banned in Russia. " * 2000,  # a long paragraph, a star after each name
    "*" * 20_000,  # a line of stars
    "word " + "*" * 20_000 + " word",
    "*a " * 10_000,  # openers that never close
    "_a " * 10_000,
    "![a " * 10_000,  # images that never close
]


@pytest.mark.parametrize("text", RUNS_OF_STARS, ids=lambda t: repr(t[:12]))
def test_runs_of_stars_are_read(text: str) -> None:
    """Each once took seconds to minutes (the inline grammar's openers cost the square of
    their number); now they are read, and a code span after them is still code."""
    text += "\n\nSee `x , y` here.\n"
    spans = MarkdownSpans(text)
    assert [text[s:e] for s, e in spans.code] == ["`x , y`"]


@pytest.mark.parametrize("text", [
    ">" * 5_000 + " quoted , deep",
    "".join("  " * i + "- item\n" for i in range(300)) + "  " * 300 + "- last , one",
    "[" * 5_000 + "link , text" + "]" * 5_000,
    "*" * 2_000 + "a , b" + "*" * 2_000,
], ids=["block-quotes", "lists", "brackets", "emphasis"])
def test_deep_nesting_is_read(text: str) -> None:
    """Thousands of levels of nesting: read, and the space before the comma is fixed."""
    assert fix_text(text, markup="markdown") == text.replace(" , ", ", ")
