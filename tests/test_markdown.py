"""Markdown files through the command line: prose only, places in the original file."""

from pathlib import Path

from typer.testing import CliRunner

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
