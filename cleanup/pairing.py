"""Which double quote marks open and which close: a state machine run paragraph by paragraph.

English does not nest double quotes, so within a paragraph the double marks alternate:
open, close, open, close. Their *position* in that sequence is the strongest evidence of
their role; machine translation flips glyphs (`”We …,“`) and detaches marks from their
words (`this area, ”Shugaev said`) far more often than it drops one. Two marks of a
Russian original nest: `«…„…“…»`, and a `"` after a digit with no quotation open is an
inch mark. Some wires type a double mark as two single ones (`‘‘…’’`, `''`); those count
as one double mark where that lets the paragraph pair.

A quotation may run on over several paragraphs. In English each paragraph reopens it and
only the last closes it; a Russian original (and the MT of it) opens it once and closes
it once, with no marks between. Both pair: a quotation left open at the end of a
paragraph is carried into the next paragraphs until a mark closes it.

A mark's glyph and the white space around it are then checked against its role. A
paragraph whose marks do not fit, or whose spacing contradicts its role in a way we
cannot repair, is reported and left alone: a guess there could move a quotation's
boundary and put words into somebody's mouth.
"""

import enum
import itertools
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import NamedTuple

from cleanup.attribution import is_attribution
from cleanup.chars import (
    CLOSING_CONTEXT,
    CLOSING_DOUBLES,
    DOUBLE_QUOTES,
    LEFT_DOUBLE,
    LEFT_GUILLEMET,
    LINE_BREAK_RE,
    LOW_DOUBLE,
    OPENING_CONTEXT,
    OPENING_DOUBLES,
    PARAGRAPH_BREAK_RE,
    RIGHT_DOUBLE,
    RIGHT_GUILLEMET,
    SENTENCE_PUNCTUATION,
    STRAIGHT_DOUBLE,
)

#: A double mark, or two single marks typed for one: not three (`'''` is something else),
#: nor two between letters (`Putin''s` is an apostrophe escaped twice).
_MARK_RE = re.compile(  # the standard `re` (`[^\W\d_]` is a letter), compiled faster
    rf"[{re.escape(DOUBLE_QUOTES)}]"
    r"|(?:''|‘‘|’’)(?<!['‘’]..)(?!['‘’])(?!(?<=[^\W\d_]..)[^\W\d_])")
#: What a doubled single mark says of itself: `‘‘` opens, `’’` closes, `''` says nothing.
_DOUBLED = {"‘‘": LEFT_DOUBLE, "’’": RIGHT_DOUBLE, "''": STRAIGHT_DOUBLE}
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
    char: str  # as written: one character, or two single marks typed for a double one
    role: Role
    spacing: Spacing = Spacing.FITS
    gap: tuple[int, int] = (0, 0)  # the space run that `spacing` is about

    @property
    def end(self) -> int:
        return self.pos + len(self.char)


class Paragraph(NamedTuple):
    """The marks of one paragraph, or the reason they cannot be paired with certainty."""

    start: int
    end: int
    marks: tuple[Mark, ...]
    problem: str | None = None
    problem_at: int = 0
    carried: str = ""  # the quotation it began inside, if any ("english", "guillemet")


class _Paired(NamedTuple):
    """A paragraph as paired, and the quotation it leaves open ("", "english", "guillemet")."""

    paragraph: Paragraph
    open_kind: str = ""
    last_open: int = -1  # where the quotation left open was opened, if in this paragraph


def paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Pair the marks of every paragraph that has any.

    >>> [m.role.value for p in paragraphs('“A, ”he said. "B"') for m in p.marks]
    ['open', 'close', 'open', 'close']
    >>> [m.role.value for p in paragraphs('“A long quote.\\n\\nIt goes on, ”he said.')
    ...  for m in p.marks]
    ['open', 'close']
    """
    return _paragraphs_cached(text)


@lru_cache(maxsize=4)
def _paragraphs_cached(text: str) -> tuple[Paragraph, ...]:
    return pair_paragraphs(text)


def pair_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """`paragraphs(text)`, not cached: for the many small texts a repair is tried on,
    which would push the document's own pairing, the costly one, out of the cache."""
    found = _marks(text, 0, len(text))
    if not found:
        return ()
    breaks = [m.span() for m in PARAGRAPH_BREAK_RE.finditer(text)]
    starts = [0] + [end for _, end in breaks]
    ends = [start for start, _ in breaks] + [len(text)]
    blocks: list[list[Paragraph]] = []
    running: _Running | None = None
    i = 0
    while i < len(found):  # only the paragraphs that hold marks: others change nothing
        k = bisect_right(starts, found[i][0]) - 1
        start, end = starts[k], ends[k]
        j = bisect_right(found, (end, ""), lo=i)
        marks, i = found[i:j], j
        if running is not None:
            if _reopens(text, start) and not running.inside:
                running = None  # the English way: each paragraph reopens the quotation
            elif not _reopens(text, start):
                paired = _pair_choosing(text, start, end, marks, running.opener.open_kind)
                if paired.paragraph.problem is None:
                    blocks.append([paired.paragraph])
                    if not paired.open_kind:
                        running = None
                    elif paired.last_open >= 0:  # it closed that one, and opened another
                        running = _Running(paired, len(blocks) - 1, carried_in=True)
                    else:  # still the same quotation
                        running.inside.append((len(blocks) - 1, start, end, marks))
                    continue
                _fail(text, blocks, running)
                running = None
            else:  # reopened after paragraphs that did not reopen: no quotation runs on
                _fail(text, blocks, running)
                running = None
        paired = _pair_choosing(text, start, end, marks, "")
        blocks.append([paired.paragraph])
        if paired.paragraph.problem is not None:
            blocks[-1] = _by_line(text, start, end, paired)
        elif paired.open_kind:
            running = _Running(paired, len(blocks) - 1, carried_in=False)
    if running is not None and not (_cut_short(text) and _opens(text, running.opener)):
        _fail(text, blocks, running)
    return tuple(p for block in blocks for p in block)


def _opens(text: str, opener: _Paired) -> bool:
    """Could the mark left open open a quotation? Not one a verb of saying follows
    (`three days before this event, ”said Vilfand`): that one closes, misplaced."""
    return opener.last_open < 0 or not is_attribution(text, opener.last_open + 1)


#: How a text that was not cut short ends: a sentence's stop, a closing mark or bracket
#: (a mark with a space, a bracket or nothing before it opens: the text was cut after it).
_WHOLE_END_RE = re.compile(r"(?:[.!?…)\]:;]|(?<!\A)(?<![\s(\[])[\"”»’'])\s*\Z")


def _cut_short(text: str) -> bool:
    """Does the text stop in mid-sentence (an excerpt, a truncated scrape)? A quotation
    still open there was cut, not left open: reporting it would be a false alarm.

    >>> _cut_short("He said: “We will go on and"), _cut_short("He said: “We will go on.")
    (True, False)
    >>> _cut_short('He said: "')
    True
    """
    return _WHOLE_END_RE.search(text) is None


class _Running:
    """A quotation left open at the end of a paragraph, carried into the next ones."""

    def __init__(self, opener: _Paired, at: int, *, carried_in: bool) -> None:
        self.opener = opener  # the paragraph that opened it
        self.at = at  # that paragraph's index in the blocks
        self.carried_in = carried_in  # did that paragraph begin inside an earlier one?
        #: The paragraphs paired as inside it: index, start, end, marks.
        self.inside: list[tuple[int, int, int, list[tuple[int, str]]]] = []


def _fail(text: str, blocks: list[list[Paragraph]], running: _Running) -> None:
    """Nothing closed the running quotation: its opener is reported, and the paragraphs
    paired as inside it are paired again on their own, since they are not inside it."""
    blocks[running.at] = _unclosed(text, running.opener, running.carried_in)
    for at, start, end, marks in running.inside:
        paired = _pair_choosing(text, start, end, marks, "")
        blocks[at] = [paired.paragraph] if paired.paragraph.problem is None and \
            not paired.open_kind else _by_line(text, start, end, _as_problem(text, paired))


def _as_problem(text: str, paired: _Paired) -> _Paired:
    """A pairing that leaves a quotation open, as the problem it is."""
    if paired.paragraph.problem is not None or not paired.open_kind:
        return paired
    return _Paired(paired.paragraph._replace(
        marks=(), problem=_open_problem(text, paired.last_open), problem_at=paired.last_open))


def _marks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The quote marks between `start` and `end`: not a guillemet with a space on each
    side (a breadcrumb's separator, `News » Politics`), nor a mark inside an HTML tag
    scraped with the text (`<iframe src="">`)."""
    marks = [(pos, mark) for pos, mark in _mark_places(text, start, end)
             if mark not in "«»" or not (pos and _SEPARATOR_RE.match(text, pos - 1))]
    if marks and text.find("<", start, end) >= 0:
        # Tags are found in order and do not overlap: only the last to start before a
        # mark can hold it.
        tags = [m.span() for m in _TAG_RE.finditer(text, start, end)]
        opens = [a for a, _ in tags]
        marks = [(pos, mark) for pos, mark in marks
                 if not ((i := bisect_left(opens, pos) - 1) >= 0 and pos < tags[i][1])]
    return marks


def _mark_places(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """What `_MARK_RE.finditer(text, start, end)` finds, found by `str.find`, which skips
    through a text many times faster than a scan for an alternation (bench/).

    The same: a double mark is a match wherever it stands, and a doubled single mark
    where `_MARK_RE` matches it; no two matches overlap (a doubled mark needs no third
    single mark after it, a second one starting inside it needs one), so a scan, which
    goes on from the end of each match, misses none of them.

    >>> _mark_places("“a” ‘‘b’’ ‘‘‘c", 0, 14)
    [(0, '“'), (2, '”'), (4, '‘‘'), (7, '’’')]
    """
    found = []
    for char in DOUBLE_QUOTES:
        i = text.find(char, start, end)
        while i >= 0:
            found.append((i, char))
            i = text.find(char, i + 1, end)
    for pair in _DOUBLED:
        i = text.find(pair, start, end)
        while i >= 0:
            if _MARK_RE.match(text, i, end):
                found.append((i, pair))
            i = text.find(pair, i + 1, end)
    found.sort()
    return found


_SEPARATOR_RE = re.compile(r"\s[«»]\s")
_TAG_RE = re.compile(r"<[A-Za-z/!][^<>]{0,500}>")


def pairs_alike(before: str, after: str, carried: str) -> bool:
    """Does a paragraph, changed from `before` to `after`, still pair, and leave the same
    quotation open at its end (so the paragraphs after it pair as they did)?"""
    old = _pair_choosing(before, 0, len(before), _marks(before, 0, len(before)), carried)
    new = _pair_choosing(after, 0, len(after), _marks(after, 0, len(after)), carried)
    return new.paragraph.problem is None and new.open_kind == old.open_kind


def _pair_choosing(text: str, start: int, end: int, marks: list[tuple[int, str]],
                   open_kind: str) -> _Paired:
    """Pair with doubled single marks as double ones where that closes what they open;
    else without them (a lone `''` is a sign of its own, not half a quotation)."""
    paired = _pair(text, start, end, marks, open_kind)
    single = [(pos, char) for pos, char in marks if len(char) == 1]
    if len(single) == len(marks):
        return paired
    without = _pair(text, start, end, single, open_kind) if single else _Paired(
        Paragraph(start, end, ()), open_kind)
    if paired.paragraph.problem is None and paired.open_kind in ("", without.open_kind):
        return paired
    return without


def _unclosed(text: str, carried: _Paired, carried_in: bool) -> list[Paragraph]:
    """A paragraph whose open quotation nothing closed: reported, or paired line by line.

    Not line by line if it began inside an earlier quotation: its first mark closed
    that one, and its lines paired alone would say otherwise.
    """
    p = carried.paragraph
    problem = _as_problem(text, carried)
    return [problem.paragraph] if carried_in else _by_line(text, p.start, p.end, problem)


def _open_problem(text: str, pos: int) -> str:
    """Say which way a mark left alone faces: a closing mark was closed but never opened."""
    char = text[pos]
    after = text[pos + 1:pos + 2] or " "
    if char in CLOSING_DOUBLES or text[pos:pos + 2] == "’’" or (
            char == STRAIGHT_DOUBLE and (after.isspace() or after in _CLOSE_SIDE)
            and pos > 0 and not text[pos - 1].isspace()):
        return "a quotation is closed but never opened"
    return "a quotation is opened but not closed"


def _by_line(text: str, start: int, end: int, whole: _Paired) -> list[Paragraph]:
    """A block that fails as a whole, paired line by line (one paragraph a line).

    Scraped pages hold blocks of lines that are not prose (menus, captions, lists),
    each with quotes of its own; one bad line should not cost the others their repair.
    """
    if not LINE_BREAK_RE.search(text, start, end):
        return [whole.paragraph]
    lines: list[Paragraph] = []
    line_start = start
    for m in [*LINE_BREAK_RE.finditer(text, start, end), None]:
        line_end, after = (m.span() if m else (end, end))
        marks = _marks(text, line_start, line_end)
        if marks:
            paired = _pair_choosing(text, line_start, line_end, marks, "")
            if not (m and _reopens(text, after)):
                paired = _as_problem(text, paired)
            lines.append(paired.paragraph)
        line_start = after
    return lines


def _pair(text: str, start: int, end: int, marks: list[tuple[int, str]],
          open_kind: str) -> _Paired:
    """Give each mark its role by its place in the sequence, starting in `open_kind`."""
    carried = open_kind
    roles: list[Role] = []
    inner_open = False
    last_open = -1
    for pos, written in marks:
        char = _DOUBLED.get(written, written)
        role: Role | None
        if inner_open:
            # Inside “…” only «…» nests; inside «…», „…“ (or “…” or "…") does.
            closes = char == RIGHT_GUILLEMET if open_kind == "english" else (
                char not in LOW_DOUBLE + LEFT_GUILLEMET)
            role, inner_open = (Role.INNER_CLOSE if closes else None), False
        elif open_kind == "guillemet":
            if char in CLOSING_DOUBLES:  # `«…”`: a mismatched pair, common in MT
                role, open_kind = Role.CLOSE, ""
            else:
                role, inner_open = Role.INNER_OPEN, True
        elif open_kind == "english":
            if char == LEFT_GUILLEMET:
                role, inner_open = Role.INNER_OPEN, True
            else:
                role, open_kind = Role.CLOSE, ""
        elif char == RIGHT_GUILLEMET:
            role = None
        elif char == STRAIGHT_DOUBLE and pos > start and text[pos - 1].isdigit() \
                and len(written) == 1:
            role = Role.INCH
        else:
            role, last_open = Role.OPEN, pos
            open_kind = "guillemet" if char == LEFT_GUILLEMET else "english"
        if role is None:
            return _Paired(Paragraph(start, end, (), "a mark out of place", pos))
        roles.append(role)
    if inner_open:
        return _Paired(Paragraph(start, end, (), "a nested quotation is not closed", marks[-1][0]))
    checked = []
    for (pos, written), role in zip(marks, roles, strict=True):
        if role is not Role.INCH and start < pos and pos + len(written) < end and \
                text[pos - 1].isalpha() and text[pos + len(written)].isalpha():
            return _Paired(Paragraph(start, end, (), "a mark between two letters", pos))
        mark = _with_spacing(text, start, end, pos, written, role)
        if mark is None:  # an opening place whose mark closes: `situation,” said X.`
            problem = ("a quotation is closed but never opened" if role is Role.OPEN
                       else "a mark faces the wrong way for its place")
            return _Paired(Paragraph(start, end, (), problem, pos))
        checked.append(mark)
    for opening, closing in itertools.pairwise(checked):
        if opening.role in (Role.OPEN, Role.INNER_OPEN) and closing.role in (
                Role.CLOSE, Role.INNER_CLOSE) and not text[opening.end:closing.pos].strip():
            return _Paired(Paragraph(start, end, (), "an empty quotation", opening.pos))
    return _Paired(Paragraph(start, end, tuple(checked), carried=carried), open_kind, last_open)


def _reopens(text: str, start: int) -> bool:
    """Does the paragraph at `start` begin with an opening mark (a running-on quotation)?"""
    stripped = text[start:start + 16].lstrip()
    return bool(stripped) and (stripped[0] in OPENING_DOUBLES + STRAIGHT_DOUBLE
                               or stripped.startswith(("‘‘", "''")))


def _gap(text: str, pos: int, step: int, start: int, end: int) -> int:
    """The far end of the run of spaces and tabs next to `pos` (before it if `step` is -1)."""
    i = pos
    while start <= i + step < end and text[i + step] in " \t":
        i += step
    return i


def _with_spacing(text: str, start: int, end: int, pos: int, written: str,
                  role: Role) -> Mark | None:
    """Check the spacing around a mark against its role; `None` if they contradict."""
    char = _DOUBLED.get(written, written)
    last = pos + len(written) - 1  # the mark's last character
    before = text[pos - 1] if pos > start else " "
    after = text[last + 1] if last + 1 < end else " "
    open_before = before.isspace() or before in _OPEN_SIDE
    close_after = after.isspace() or after in _CLOSE_SIDE
    if role in (Role.INCH, Role.INNER_OPEN, Role.INNER_CLOSE):
        return Mark(pos, written, role)
    if role is Role.OPEN:
        if not open_before and close_after:
            return None  # `word” next` where a quotation should open
        gap_end = _gap(text, last, 1, start, end) + 1
        if after in " \t" and gap_end < end and (text[gap_end].isalnum() or text[gap_end] in "(["):
            return Mark(pos, written, role, Spacing.INNER_SPACE, (last + 1, gap_end))
        return Mark(pos, written, role)
    # role is CLOSE
    if not (open_before and not close_after):
        gap_start = _gap(text, pos, -1, start, end)
        if before in " \t" and gap_start > start and text[gap_start - 1] not in OPENING_DOUBLES:
            return Mark(pos, written, role, Spacing.INNER_SPACE, (gap_start, pos))
        return Mark(pos, written, role)
    # A closing mark with space before and a word after: `area, ”Shugaev said`. Only a
    # closing glyph after sentence punctuation says "I was moved": a straight mark there
    # may as well open a quotation whose closing mark is missing (`"A, "B said`).
    gap_start = _gap(text, pos, -1, start, end)
    if before not in " \t" or gap_start == start or not after.isalnum():
        return None
    if char not in CLOSING_DOUBLES or text[gap_start - 1] not in SENTENCE_PUNCTUATION:
        return None
    return Mark(pos, written, role, Spacing.DETACHED, (gap_start, pos))


def quotations(text: str) -> list[tuple[Mark, Mark | None, int]]:
    r"""Each quotation: its opening mark, its closing mark (`None` if it only runs on to the
    next paragraph, reopened there), and where it ends. A quotation carried over several
    paragraphs is one, whatever stands between its marks.

    >>> [(o.pos, c.pos if c else None, e) for o, c, e in quotations('“A.\n\nB,” he said.')]
    [(0, 7, 8)]
    """
    found: list[tuple[Mark, Mark | None, int]] = []
    opening: tuple[Mark, int] | None = None  # an open mark, and its paragraph's end
    for paragraph in paragraphs(text):
        for mark in paragraph.marks:
            if mark.role is Role.OPEN:
                if opening is not None:  # reopened: the last one ran on to here
                    found.append((opening[0], None, opening[1]))
                opening = (mark, paragraph.end)
            elif mark.role is Role.CLOSE and opening is not None:
                found.append((opening[0], mark, mark.end))
                opening = None
        if opening is not None:
            opening = (opening[0], paragraph.end)
    if opening is not None:
        found.append((opening[0], None, opening[1]))
    return found


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """The spans between each opening mark and its closing one, marks included.

    >>> quotation_spans('He said “no” and "yes".')
    [(8, 12), (17, 22)]
    """
    return [(opening.pos, end) for opening, _, end in quotations(text)]
