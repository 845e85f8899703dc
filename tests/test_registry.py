"""The seams: the registry of built-in rules, input readers, and backends with a lifecycle."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from cleanup import Config, check_text, fix_text
from cleanup.backends import Backends
from cleanup.readers import MARKDOWN, PLAIN, Part, Reader, for_path, reader_named, splice
from cleanup.registry import BUILTIN, CHECKS, FIXES, Check, Context


def test_every_builtin_rule_says_what_it_finds() -> None:
    assert all(rule.message for rule in BUILTIN.values())
    ids = [f.rule_id for f in FIXES] + [c.rule_id for c in CHECKS]
    assert len(ids) == len(set(ids))


def test_rule_file_passes_are_not_rules() -> None:
    assert not any(rule_id.startswith("rules/") for rule_id in BUILTIN)


def test_levels_come_from_the_records() -> None:
    found = {f.rule_id: f.level.value for f in check_text("“A, “B said.\n")}
    assert found == {"quotes/unpaired": "error"}


@pytest.mark.parametrize(("path", "reader"), [
    ("a.md", MARKDOWN), ("b.MARKDOWN", MARKDOWN), ("c.txt", PLAIN), ("-", PLAIN), ("d", PLAIN)])
def test_reader_by_file_name(path: str, reader: object) -> None:
    assert for_path(path) is reader


def test_unknown_reader_is_an_error() -> None:
    with pytest.raises(ValueError, match="no reader 'rst'"):
        reader_named("rst")


def test_markup_chooses_what_is_prose() -> None:
    text = "Code: `a , b` and $ 5 .\n"
    assert fix_text(text, markup="markdown") == "Code: `a , b` and $5.\n"
    assert fix_text(text) == "Code: `a, b` and $5.\n"


def test_splice_puts_each_part_back_where_it_was() -> None:
    text = '{"t": "a"}\n{"t": "b"}\n'
    parts = [(Part(7, 8, "a"), "A"), (Part(18, 19, "b"), "B")]
    assert splice(text, parts, PLAIN) == '{"t": "A"}\n{"t": "B"}\n'


class _Probe:
    """A backend that counts how often it is opened and closed."""

    def __init__(self) -> None:
        self.opened = self.closed = 0

    @contextmanager
    def factory(self, config: Config) -> Iterator[str]:
        self.opened += 1
        try:
            yield "connection"
        finally:
            self.closed += 1


def test_a_backend_opens_once_per_run_and_closes_at_its_end() -> None:
    probe = _Probe()
    with Backends({"probe": probe.factory}) as backends:
        assert backends.get("probe", Config()) == "connection"
        assert backends.get("probe", Config()) == "connection"
        assert (probe.opened, probe.closed) == (1, 0)
    assert (probe.opened, probe.closed) == (1, 1)


def test_a_backend_is_closed_when_the_run_fails() -> None:
    probe = _Probe()
    with pytest.raises(RuntimeError), Backends({"probe": probe.factory}) as backends:
        backends.get("probe", Config())
        raise RuntimeError("a file went wrong")
    assert probe.closed == 1


def test_a_check_gets_its_backend_from_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """A check that uses a backend sees the one the run holds, for every document."""
    import cleanup.pipeline as pipeline

    probe = _Probe()
    seen: list[str] = []

    def uses_backend(ctx: Context) -> list[object]:
        seen.append(ctx.backends.get("probe", ctx.config))
        return []

    extra = Check("test/backend", "uses a backend", uses_backend)  # type: ignore[arg-type]
    monkeypatch.setattr(pipeline, "CHECKS", (*CHECKS, extra))
    pipeline._plan.cache_clear()
    try:
        with Backends({"probe": probe.factory}) as backends:
            for text in ("one", "two", "three"):
                check_text(text, backends=backends)
            assert probe.closed == 0
    finally:
        pipeline._plan.cache_clear()
    assert seen == ["connection"] * 3 and (probe.opened, probe.closed) == (1, 1)


def test_unknown_backend_is_an_error() -> None:
    with pytest.raises(ValueError, match="no backend 'x'"), Backends({}) as backends:
        backends.get("x", Config())


def _lines(text: str) -> list[Part]:
    """A test markup whose documents are its lines (as a JSON Lines corpus has)."""
    parts, start = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        parts.append(Part(start, start + len(body), body))
        start += len(line)
    return parts


def test_a_file_of_many_documents_is_fixed_and_checked_document_by_document(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each part is one document: quote style is chosen per document, each fix lands in
    its own line, and findings are placed in the file."""
    from typer.testing import CliRunner

    from cleanup import readers
    from cleanup.cli import app
    from cleanup.view import plain_view

    monkeypatch.setitem(readers.SUFFIXES, ".lines", Reader("lines", plain_view, _lines))
    path = tmp_path / "corpus.lines"
    path.write_text('He said “yes” , then.\nShe said "no" , then.\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["fix", str(path)])
    assert path.read_text(encoding="utf-8") == 'He said “yes”, then.\nShe said "no", then.\n'
    assert "Fixed 2 issues in 1 file" in result.stdout
    path.write_text("Fine.\nIt cost $ 5.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--format", "json", str(path)])
    found = json.loads(result.stdout)["findings"]
    assert [(f["line"], f["column"], f["rule"]) for f in found] == [(2, 10, "spacing/currency")]


def test_a_rule_file_edited_in_a_running_process_is_read_again(tmp_path: Path) -> None:
    """A library or editor process sees the rule as it is now, not as it was first read."""
    rule = tmp_path / "house.toml"

    def write(phrase: str) -> None:
        rule.write_text(f'[[rule]]\nid = "word"\nkind = "flag"\nmessage = "m"\n'
                        f'phrases = ["{phrase}"]\n', encoding="utf-8")

    config = Config(rule_dirs=(str(tmp_path),), builtin_rules=False)
    write("wibble")
    assert [f.rule_id for f in check_text("a wibble b", config)] == ["house/word"]
    write("wobbling")
    assert [f.rule_id for f in check_text("a wobbling b", config)] == ["house/word"]
    assert check_text("a wibble b", config) == []
