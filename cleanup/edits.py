"""Edits: what every fix returns, and the one function that applies them.

A fix never rewrites text itself. It returns `Edit`s, spans of the text it read with
their replacements, so that `check` can report exactly what `fix` would write, and so
that a test can prove no letter changed unless a rule said so.
"""

from collections.abc import Iterable
from typing import NamedTuple


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
