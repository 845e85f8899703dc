"""Edits: what every fix returns, and the one function that applies them.

A fix never rewrites text itself. It returns `Edit`s, spans of the text it read with
their replacements, so that `check` can report exactly what `fix` would write, and so
that a test can prove no letter changed unless a rule said so.
"""

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from cleanup.chars import EMAIL_RE, URL_RE


class Edit(NamedTuple):
    """Replace `text[start:end]` with `replacement`, on behalf of `rule_id`."""

    start: int
    end: int
    replacement: str
    rule_id: str


def overlaps(edit: Edit, start: int, end: int) -> bool:
    """Does `edit` touch the span `[start, end)`? An insertion touches it only strictly inside.

    >>> overlaps(Edit(3, 3, " ", "x"), 0, 3), overlaps(Edit(2, 2, " ", "x"), 0, 3)
    (False, True)
    """
    if edit.start == edit.end:
        return start < edit.start < end
    return edit.start < end and start < edit.end


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, list[Edit]]:
    """Apply non-overlapping edits; return the new text and the edits applied.

    An edit that overlaps one already accepted is refused, not merged: the pipeline
    runs to a fixed point, so the refused edit is found again on the next pass if it is
    still wanted.

    >>> apply_edits("a ,b", [Edit(1, 2, "", "s"), Edit(1, 3, ", ", "t"), Edit(3, 3, " ", "u")])
    ('a, b', [Edit(start=1, end=2, replacement='', rule_id='s'), Edit(start=3, end=3, \
replacement=' ', rule_id='u')])
    """
    applied: list[Edit] = []
    pieces: list[str] = []
    cursor = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < cursor or (applied and edit.start == edit.end == applied[-1].end
                                   == applied[-1].start):
            continue  # overlaps, or a second insertion at the same place
        pieces += (text[cursor:edit.start], edit.replacement)
        cursor = edit.end
        applied.append(edit)
    pieces.append(text[cursor:])
    return "".join(pieces), applied


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans that no fix may touch: URLs and e-mail addresses.

    >>> protected_spans("see https://x.org/a,b or me@x.org.")
    [(4, 21), (25, 33)]
    """
    found = sorted([(_back_over_word(text, m.start()), m.end()) for m in URL_RE.finditer(text)]
                   + [(_back_over_word(text, m.start()), m.end())
                      for m in EMAIL_RE.finditer(text)])
    merged: list[tuple[int, int]] = []
    for start, end in found:  # an address inside a URL makes one span, not two
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _back_over_word(text: str, pos: int) -> int:
    """The start of the scheme before `://` or the name before `@`."""
    while pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] in "._+-"):
        pos -= 1
    return pos


def drop_protected(edits: Sequence[Edit], spans: Sequence[tuple[int, int]]) -> list[Edit]:
    """Keep the edits that touch no protected span (`spans` sorted, as `protected_spans` gives).

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
