"""Each fast path finds what the plain way it stands for finds (speed: bench/)."""

import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from test_properties import texts

from cleanup import Config
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
