"""The rule scanners against their plain definitions, and one scan per text."""

import regex
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from cleanup.chars import crosses_paragraph
from cleanup.edits import Edit
from cleanup.findings import Finding
from cleanup.matcher import CompiledRules, Scan
from cleanup.patterns import Pattern, span, wrap_pattern
from cleanup.rule_files import parse_rule
from cleanup.rules import Boundary, FlagRule, RuleSet

#: Pieces of rule patterns: words, classes, groups, repeats and bars at the top level, the
#: openings `leading_literals` reads and those it must refuse (D1 of the 2026-11-29 review).
PIECES = ["side", "in", "a", "b", "ab", " ", r"\w", "[ab]", "[•·]", "-", "'", "(?:a|b)",
          "(?:in|side)", "(?:x)?", "?", "+", "*", "|", r"\s+", "s", "(?:Photo|Фото)"]
patterns = st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join)
texts = st.lists(st.sampled_from(["a", "b", "ab", "side", "inside", "in", " ", "-", "'", "’s",
                                  "\n", "\n\n", "x", "•", "Photo", "фото", "S"]),
                 max_size=20).map("".join)


def _rule(pattern: str, boundary: Boundary, ignorecase: bool) -> FlagRule:
    return FlagRule(id="t/r", message="m", pattern=pattern, boundary=boundary,
                    ignorecase=ignorecase)


@settings(max_examples=1500, deadline=None)
@given(patterns, texts, st.sampled_from(["strict", "word", "none"]), st.booleans())
@example("side|in", "inside in", "strict", False)
@example("a b|b", "xa b", "strict", False)
def test_a_prefiltered_scan_finds_what_the_plain_pattern_finds(
        pattern: str, text: str, boundary: Boundary, ignorecase: bool) -> None:
    """Leading words, the left boundary checked after a match, and the paragraph check
    find exactly the non-empty matches of the wrapped pattern within a paragraph."""
    try:
        whole = regex.compile(wrap_pattern(pattern, _rule(pattern, boundary, ignorecase)))
    except regex.error:
        assume(False)
    assume(not whole.search(""))  # the loader refuses a pattern that matches nothing
    rule = _rule(pattern, boundary, ignorecase)
    scan = CompiledRules.build(RuleSet((rule,))).scan(text)
    found = [span(m) for m in Pattern(rule).find(scan)]
    plain = [m.span() for m in whole.finditer(text)
             if m.start() < m.end() and not crosses_paragraph(text, *m.span())]
    assert found == plain


def test_a_rule_kept_out_of_quotations_neither_removes_nor_reports_there() -> None:
    """`inside_quotes = false` holds for every kind, removals too: a quoted `Photo: AP`
    is what someone said."""
    rules = RuleSet((
        parse_rule({"id": "photo", "kind": "remove", "message": "m", "pattern": "Photo: AP",
                    "fix": "safe", "inside_quotes": False}, family="residue"),
        parse_rule({"id": "flag", "kind": "flag", "message": "m", "phrases": ["Photo"],
                    "inside_quotes": False}, family="calques")))
    text = "He said “Photo: AP, please” and left. Photo: AP"
    scan = CompiledRules.build(rules).scan(text)
    assert [(e.start, text[e.start:e.end]) for e in scan.removals] == [(38, "Photo: AP")]
    assert [(f.start, f.rule_id) for f in scan.findings] == [(38, "calques/flag")]


class _Counting:
    """A batch that says how often it ran."""

    def __init__(self, fix_pass: str | None) -> None:
        self.fix_pass, self.runs = fix_pass, 0

    def run(self, scan: Scan) -> tuple[list[Edit], list[Finding]]:
        self.runs += 1
        return [Edit(0, 1, "X", f"t/{self.fix_pass}")], [Finding(1, 2, "t/f", "m")]


def test_a_scan_runs_each_batch_once_and_fix_passes_only_what_they_write() -> None:
    remove, replace, report = _Counting("remove"), _Counting("replace"), _Counting(None)
    scan = CompiledRules(RuleSet(), (remove, replace, report), frozenset()).scan("abc")
    assert [e.rule_id for e in scan.removals] == ["t/remove"]
    assert [e.rule_id for e in scan.replacements] == ["t/replace"]
    assert (remove.runs, replace.runs, report.runs) == (1, 1, 0)  # `fix` never reports
    assert len(scan.findings) == 3 and scan.findings is scan.findings
    assert (remove.runs, replace.runs, report.runs) == (1, 1, 1)
