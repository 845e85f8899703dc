"""What the rules read: a document's text, the spans no edit may touch, its suppressions.

An input reader (`readers.py`) turns a document into a `View`: for plain text the text
itself; for Markdown the text with everything but prose masked, at the same offsets.
Every fix and check reads the view, never the raw document, so what it may not touch
is decided once, here and in the reader.
"""

from bisect import bisect_right
from collections.abc import Sequence
from typing import NamedTuple

from cleanup import suppression
from cleanup.chars import EMAIL_RE, URL_RE
from cleanup.edits import Edit, overlaps

Span = tuple[int, int]


class View(NamedTuple):
    """The text the rules read (same length as the document), the spans no edit may
    touch, the suppressions in force, and aligned table cells (`markdown.keep_columns`)."""

    text: str
    protected: list[Span]
    suppressed: list[suppression.Suppression]
    cells: tuple[tuple[int, int, int], ...] = ()


def plain_view(text: str) -> View:
    """The view of plain text: all of it is read; addresses are protected."""
    return View(text, protected_spans(text), suppression.suppressions(text))


def protected_spans(text: str) -> list[Span]:
    """Spans that no fix may touch: URLs and e-mail addresses.

    >>> protected_spans("see https://x.org/a,b or me@x.org.")
    [(4, 21), (25, 33)]
    """
    return merge([(_back_over_word(text, m.start()), m.end()) for m in URL_RE.finditer(text)]
                 + [(_back_over_word(text, m.start()), m.end())
                    for m in EMAIL_RE.finditer(text)])


def _back_over_word(text: str, pos: int) -> int:
    """The start of the scheme before `://` or the name before `@`."""
    while pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] in "._+-"):
        pos -= 1
    return pos


def merge(spans: Sequence[Span]) -> list[Span]:
    """Sorted, disjoint spans covering the same ground (an address inside a URL is one
    span, not two); empty spans are dropped.

    >>> merge([(5, 9), (0, 2), (1, 3), (4, 4), (9, 10)])
    [(0, 3), (5, 10)]
    """
    merged: list[Span] = []
    for start, end in sorted(spans):
        if start == end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def drop_protected(edits: Sequence[Edit], spans: Sequence[Span]) -> list[Edit]:
    """Keep the edits that touch no protected span (`spans` sorted and disjoint).

    >>> drop_protected([Edit(0, 1, "", "x"), Edit(6, 7, "", "y")], [(5, 9)])
    [Edit(start=0, end=1, replacement='', rule_id='x')]
    """
    if not spans:
        return list(edits)
    starts = [s for s, _ in spans]
    kept = []
    for edit in edits:
        # Spans are sorted and disjoint, so if any span touches the edit, the last one
        # starting inside or before it does.
        i = bisect_right(starts, max(edit.end - 1, edit.start))
        if i == 0 or not overlaps(edit, *spans[i - 1]):
            kept.append(edit)
    return kept
