"""Each fast path finds what the plain way it stands for finds (speed: bench/)."""

import re

import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from test_properties import texts

from cleanup import Config
from cleanup.chars import BOUNDARY_AFTER, BOUNDARY_BEFORE
from cleanup.literals import Names, _boundary_trie, trie_pattern
from cleanup.pairing import _MARK_RE, _mark_places
from cleanup.patterns import Pattern, finditer
from cleanup.pipeline import plan
from cleanup.rules import PatternRule

#: Every rule-file pattern whose matches start with one of its leading words.
STARTING = [p for p in (Pattern(r) for r in plan(Config()).rules.rules
                        if isinstance(r, PatternRule) and r.pattern) if p.starts]
WORDS = sorted({w for p in STARTING for w in p.starts or ()})


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
