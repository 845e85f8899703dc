"""Each fast path finds what the plain way it stands for finds (speed: bench/)."""

import dataclasses
import re
from typing import Any, NamedTuple

import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from test_properties import texts

from cleanup import Config, spacing
from cleanup.chars import BOUNDARY_AFTER, BOUNDARY_BEFORE
from cleanup.literals import Names, _boundary_trie, trie_pattern
from cleanup.pairing import _MARK_RE, _mark_places
from cleanup.patterns import Pattern, finditer, lowers_in_place, span
from cleanup.pipeline import plan
from cleanup.rules import FlagRule, PatternRule

#: Every rule-file pattern whose matches start with one of its leading words.
STARTING = [p for p in (Pattern(r) for r in plan(Config()).rules.rules
                        if isinstance(r, PatternRule) and r.pattern) if p.starts]
WORDS = sorted({w for p in STARTING for w in p.starts or ()})
#: Every ignorecase rule-file pattern whose matches start with one of its (ASCII) words.
IGNORECASE = [p for p in (Pattern(r) for r in plan(Config()).rules.rules
                          if isinstance(r, PatternRule) and r.pattern) if p.lower_starts]
CASED_WORDS = sorted({f(w) for p in IGNORECASE for w in p.lower_starts or ()
                      for f in (str.lower, str.upper, str.title)})
#: Characters whose case `regex` and `str.lower` see apart, or that lower to two.
CASE_EDGES = ["İ", "ı", "ſ", "K", "ß", "Σ", "ς", "ǅ", "told", "ſaid", "teİls"]


def test_some_patterns_start_with_words() -> None:
    assert len(STARTING) > 20


@settings(max_examples=300)
@given(st.lists(st.sampled_from(WORDS) | texts, max_size=30).map(" ".join),
       st.integers(0, 5))
def test_finditer_finds_what_a_scan_finds(text: str, pos: int) -> None:
    for pattern in STARTING:  # sparse=0: the fast path, however often the words occur
        scanning = pattern.scanning
        assert [m.span() for m in finditer(scanning, text, pos, pattern.starts, 10.0, 0)] == \
            [m.span() for m in scanning.finditer(text, pos)]


def test_some_ignorecase_patterns_start_with_words() -> None:
    assert len(IGNORECASE) > 5


@settings(max_examples=300)
@given(st.lists(st.sampled_from(CASED_WORDS) | st.sampled_from(CASE_EDGES) | texts,
                max_size=30).map(" ".join), st.integers(0, 5))
def test_finditer_in_lower_case_finds_what_a_scan_finds(text: str, pos: int) -> None:
    lower = text.lower()
    for pattern in IGNORECASE:  # where the lower-cased text lowers in place: the fast path
        scanning = pattern.scanning
        starts = pattern.lower_starts if lowers_in_place(text, lower) else None
        assert [m.span() for m in finditer(scanning, text, pos, starts, 10.0, 0, lower)] == \
            [m.span() for m in scanning.finditer(text, pos)]


def test_lowers_in_place_refuses_what_regex_folds_otherwise() -> None:
    for odd in ["İ", "ı", "ſ"]:  # (?i)i matches İ, (?i)I matches ı, (?i)s matches ſ
        assert not lowers_in_place(f"said {odd}", f"said {odd}".lower())
    assert lowers_in_place("Told K", "told k")


#: What stands around a currency sign or a bracket where the spacing fixes look.
SPACING_EDGES = ["$", "€", "£", "(", ")", "[", "]", " ", "\t", "1", "a", ":", ";-", "=", "«",
                 "”", "\x1c", "\n"]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(SPACING_EDGES) | texts, max_size=30).map("".join))
def test_spacing_starts_find_what_a_scan_finds(text: str) -> None:
    for name, starts in spacing.STARTS.items():  # sparse=0: the fast path, always
        pattern = getattr(spacing._RE, name)
        assert [m.span() for m in finditer(pattern, text, 0, tuple(starts), None, 0)] == \
            [m.span() for m in pattern.finditer(text)]


def test_finditer_overlapping_words() -> None:
    pattern = regex.compile("aba|ab|b")
    text = "ababa b xab"
    assert [m.span() for m in finditer(pattern, text, 0, ("aba", "ab", "b"), 1.0, 0)] == \
        [m.span() for m in pattern.finditer(text)]


#: Every name spelling the built-in rules know, and characters that touch a boundary.
NAMES = sorted({e.word for b in plan(Config()).matcher.batches if isinstance(b, Names)
                for t in b.tries for entries in t.table.values() for e in entries})
EDGES = ["'", "’", "-", "_", "a", "1", " ", "\n", "’s", "x"]


def test_name_tries_check_the_boundary_late() -> None:
    assert "(?<![" not in _boundary_trie(NAMES, "strict", False)[:8]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(NAMES) | st.sampled_from(EDGES) | texts, max_size=30)
       .map("".join), st.sampled_from(["strict", "word", "none"]))
def test_late_boundary_finds_what_the_early_one_finds(text: str, boundary: str) -> None:
    early = re.compile(BOUNDARY_BEFORE[boundary] + f"(?:{trie_pattern(NAMES)})"
                       + BOUNDARY_AFTER[boundary])
    late = re.compile(_boundary_trie(NAMES, boundary, False) + BOUNDARY_AFTER[boundary])
    assert [m.span() for m in late.finditer(text)] == [m.span() for m in early.finditer(text)]


QUOTES = ['"', "“", "”", "„", "«", "»", "‟", "'", "‘", "’", "''", "‘‘", "’’", "a", " ", "1"]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(QUOTES) | texts, max_size=30).map("".join),
       st.integers(0, 5), st.integers(0, 5))
def test_mark_places_finds_what_the_mark_pattern_finds(text: str, start: int, cut: int) -> None:
    end = max(start, len(text) - cut)
    assert _mark_places(text, start, end) == \
        [(m.start(), m[0]) for m in _MARK_RE.finditer(text, start, end)]


#: `calques/the-x-side` starts at its rarest word and looks back for `the X `: the same
#: findings as the pattern read in order, which it was.
X_SIDE = next(r for r in plan(Config()).rules.rules
              if isinstance(r, FlagRule) and r.id == "calques/the-x-side")
X_SIDE_IN_ORDER = dataclasses.replace(
    X_SIDE, pattern=regex.sub(r"^side\(\?<=\(\?P<from>(the .*\) )\)side\)$", r"\1side",
                              X_SIDE.pattern))


class _Scan(NamedTuple):
    text: str
    lower: str
    lowers_in_place: bool


def test_x_side_in_order_is_the_rule_read_in_order() -> None:
    assert X_SIDE_IN_ORDER.pattern.startswith("the (?P<x>Turkish|")
    assert X_SIDE_IN_ORDER.pattern.endswith(") side")
    text = "the Turkish side, bathe Russian side, THE TURKISH SIDE; the Chinese sides"
    scan: Any = _Scan(text, text.lower(), True)
    assert [span(m) for m in Pattern(X_SIDE).find(scan)] == [(0, 16), (38, 54)]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["the", "The", "THE", "bathe", "Russian", "TURKISH", "side",
                                 "Side", "sides", "inside", "ſide", "of", " ", "  ", "-", "\n",
                                 "'", "’s"]) | texts, max_size=30).map(" ".join))
def test_x_side_looking_back_finds_what_the_pattern_in_order_finds(text: str) -> None:
    scan: Any = _Scan(text, text.lower(), lowers_in_place(text, text.lower()))  # as Scan has
    back, forward = Pattern(X_SIDE), Pattern(X_SIDE_IN_ORDER)
    assert [(span(m), m["x"]) for m in back.find(scan)] == \
        [(span(m), m["x"]) for m in forward.find(scan)]
