"""Which double quote marks open and which close: a state machine run paragraph by paragraph.

English does not nest double quotes, so within a paragraph the double marks alternate:
open, close, open, close. Their *position* in that sequence is the strongest evidence of
their role; machine translation flips glyphs (`”We …,“`) and detaches marks from their
words (`this area, ”Shugaev said`) far more often than it drops one. Two marks of a
Russian original nest: `«…„…“…»`, and a `"` after a digit with no quotation open is an
inch mark. A paragraph whose marks do not fit this pattern, or whose spacing contradicts
the pattern in a way we cannot repair, is reported and left alone.

A paragraph left open is correct English when the next one reopens: a quotation running
on over several paragraphs closes only at its end.
"""

import enum
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

from cleanup.chars import (
    CLOSING_CONTEXT,
    CLOSING_DOUBLES,
    DOUBLE_QUOTE_RE,
    LEFT_GUILLEMET,
    LINE_BREAK_RE,
    LOW_DOUBLE,
    OPENING_CONTEXT,
    OPENING_DOUBLES,
    PARAGRAPH_BREAK_RE,
    RIGHT_GUILLEMET,
    SENTENCE_PUNCTUATION,
    STRAIGHT_DOUBLE,
)

#: Characters that count as "space" beside a mark, on top of white space and the text's ends.
_QUOTE_NEIGHBOURS = "'\N{RIGHT SINGLE QUOTATION MARK}\N{LEFT SINGLE QUOTATION MARK}*_"
_OPEN_SIDE = OPENING_CONTEXT + _QUOTE_NEIGHBOURS
_CLOSE_SIDE = CLOSING_CONTEXT + _QUOTE_NEIGHBOURS


class Role(enum.Enum):
    OPEN = "open"
    CLOSE = "close"
    INNER_OPEN = "inner-open"
    INNER_CLOSE = "inner-close"
    INCH = "inch"


class Spacing(enum.Enum):
    """What the white space beside a mark says, and what to do about it."""

    FITS = "fits"  # the spacing agrees with the role, or says nothing
    INNER_SPACE = "inner-space"  # `“ text` or `text ”`: drop the space inside
    DETACHED = "detached"  # `area, ”Shugaev`: the closing mark belongs before the space


class Mark(NamedTuple):
    pos: int
    char: str
    role: Role
    spacing: Spacing = Spacing.FITS
    gap: tuple[int, int] = (0, 0)  # the space run that `spacing` is about


class Paragraph(NamedTuple):
    """The marks of one paragraph, or the reason they cannot be paired with certainty."""

    start: int
    end: int
    marks: tuple[Mark, ...]
    problem: str | None = None
    problem_at: int = 0


def paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Pair the marks of every paragraph that has any.

    >>> [m.role.value for p in paragraphs('“A, ”he said. "B"') for m in p.marks]
    ['open', 'close', 'open', 'close']
    """
    return _paragraphs_cached(text)


@lru_cache(maxsize=4)
def _paragraphs_cached(text: str) -> tuple[Paragraph, ...]:
    positions = [m.start() for m in DOUBLE_QUOTE_RE.finditer(text)]
    if not positions:
        return ()
    breaks = [m.span() for m in PARAGRAPH_BREAK_RE.finditer(text)]
    starts = [0] + [end for _, end in breaks]
    ends = [start for start, _ in breaks] + [len(text)]
    result: list[Paragraph] = []
    i = 0
    while i < len(positions):
        k = bisect_right(starts, positions[i]) - 1
        j = bisect_right(positions, ends[k], lo=i)
        next_start = starts[k + 1] if k + 1 < len(starts) else len(text)
        result += _pair_block(text, starts[k], ends[k], positions[i:j], next_start)
        i = j
    return tuple(result)


def _pair_block(
    text: str, start: int, end: int, positions: list[int], next_start: int
) -> list[Paragraph]:
    """Pair a block as one paragraph; failing that, line by line (one paragraph a line)."""
    whole = _pair(text, start, end, positions, next_start)
    if whole.problem is None or not LINE_BREAK_RE.search(text, start, end):
        return [whole]
    lines: list[Paragraph] = []
    line_start = start
    for m in [*LINE_BREAK_RE.finditer(text, start, end), None]:
        line_end, after = (m.span() if m else (end, next_start))
        inside = [p for p in positions if line_start <= p < line_end]
        if inside:
            lines.append(_pair(text, line_start, line_end, inside, after))
        line_start = after
    return lines


def _pair(text: str, start: int, end: int, positions: list[int], next_start: int) -> Paragraph:
    roles: list[Role] = []
    open_kind = ""  # "", "english" or "guillemet"
    inner_open = False
    for pos in positions:
        char = text[pos]
        role: Role | None
        if inner_open:
            # Inside “…” only «…» nests; inside «…», „…“ (or “…” or "…") does.
            closes = char == RIGHT_GUILLEMET if open_kind == "english" else (
                char not in LOW_DOUBLE + LEFT_GUILLEMET)
            role, inner_open = (Role.INNER_CLOSE if closes else None), False
        elif open_kind == "guillemet":
            if char == RIGHT_GUILLEMET:
                role, open_kind = Role.CLOSE, ""
            else:
                role, inner_open = Role.INNER_OPEN, True
                if char in CLOSING_DOUBLES:
                    role = None
        elif open_kind == "english":
            if char == LEFT_GUILLEMET:
                role, inner_open = Role.INNER_OPEN, True
            else:
                role, open_kind = Role.CLOSE, ""
        elif char == RIGHT_GUILLEMET:
            role = None
        elif char == STRAIGHT_DOUBLE and pos > start and text[pos - 1].isdigit():
            role = Role.INCH
        else:
            role = Role.OPEN
            open_kind = "guillemet" if char == LEFT_GUILLEMET else "english"
        if role is None:
            return Paragraph(start, end, (), "a mark out of place", pos)
        roles.append(role)
    if inner_open:
        return Paragraph(start, end, (), "a nested quotation is not closed", positions[-1])
    if open_kind and not _reopens(text, next_start):
        last_open = positions[max(i for i, r in enumerate(roles) if r is Role.OPEN)]
        return Paragraph(start, end, (), "a quotation is opened but not closed", last_open)
    marks = []
    for pos, role in zip(positions, roles, strict=True):
        mark = _with_spacing(text, start, end, pos, role)
        if mark is None:
            return Paragraph(start, end, (), "a mark faces the wrong way for its place", pos)
        marks.append(mark)
    return Paragraph(start, end, tuple(marks))


def _reopens(text: str, start: int) -> bool:
    """Does the paragraph at `start` begin with an opening mark (a running-on quotation)?"""
    stripped = text[start:start + 16].lstrip()
    return bool(stripped) and stripped[0] in OPENING_DOUBLES + STRAIGHT_DOUBLE


def _gap(text: str, pos: int, step: int, start: int, end: int) -> int:
    """The far end of the run of spaces and tabs next to `pos` (before it if `step` is -1)."""
    i = pos
    while start <= i + step < end and text[i + step] in " \t":
        i += step
    return i


def _with_spacing(text: str, start: int, end: int, pos: int, role: Role) -> Mark | None:
    """Check the spacing around a mark against its role; `None` if they contradict."""
    char = text[pos]
    before = text[pos - 1] if pos > start else " "
    after = text[pos + 1] if pos + 1 < end else " "
    open_before = before.isspace() or before in _OPEN_SIDE
    close_after = after.isspace() or after in _CLOSE_SIDE
    if role in (Role.INCH, Role.INNER_OPEN, Role.INNER_CLOSE):
        return Mark(pos, char, role)
    if role is Role.OPEN:
        if not open_before and close_after:
            return None  # `word” next` where a quotation should open
        gap_end = _gap(text, pos, 1, start, end) + 1
        if after in " \t" and gap_end < end and (text[gap_end].isalnum() or text[gap_end] in "(["):
            return Mark(pos, char, role, Spacing.INNER_SPACE, (pos + 1, gap_end))
        return Mark(pos, char, role)
    # role is CLOSE
    if not (open_before and not close_after):
        gap_start = _gap(text, pos, -1, start, end)
        if before in " \t" and gap_start > start and text[gap_start - 1] not in OPENING_DOUBLES:
            return Mark(pos, char, role, Spacing.INNER_SPACE, (gap_start, pos))
        return Mark(pos, char, role)
    # A closing mark with space before and a word after: `area, ”Shugaev said`.
    gap_start = _gap(text, pos, -1, start, end)
    if before not in " \t" or gap_start == start or not after.isalnum():
        return None
    held = text[gap_start - 1]
    if char in OPENING_DOUBLES:
        return None  # `“A, “B said`: a mark may be missing, not misplaced
    if char == STRAIGHT_DOUBLE and held not in SENTENCE_PUNCTUATION:
        return None  # a straight mark gives no direction, so ask for punctuation too
    return Mark(pos, char, role, Spacing.DETACHED, (gap_start, pos))


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """The spans between each opening mark and its closing one, marks included.

    >>> quotation_spans('He said “no” and "yes".')
    [(8, 12), (17, 22)]
    """
    spans = []
    for paragraph in paragraphs(text):
        start = None
        for mark in paragraph.marks:
            if mark.role is Role.OPEN:
                start = mark.pos
            elif mark.role is Role.CLOSE and start is not None:
                spans.append((start, mark.pos + 1))
                start = None
        if start is not None:  # a quotation running on to the next paragraph
            spans.append((start, paragraph.end))
    return spans
