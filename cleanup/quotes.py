"""Quote repairs, each a pure function from text to edits, built on the pairing in `pairing`.

A paragraph whose marks cannot be paired with certainty gets no repair at all, only the
`quotes/unpaired` finding: a guess there could move a quotation's boundary and put
words into somebody's mouth.
"""

from bisect import bisect_right

import regex

from cleanup.attribution import ends_in_attribution, is_attribution
from cleanup.chars import (
    CURLY_EVIDENCE,
    CYRILLIC_RE,
    QUOTE_STYLES,
    SCRIPTS,
    SPACED_DASHES,
    Lazy,
    holds_any,
)
from cleanup.config import Config, QuoteStyle
from cleanup.edits import Edit, apply_edits
from cleanup.findings import Finding
from cleanup.pairing import (
    Role,
    Spacing,
    pair_paragraphs,
    pairs_alike,
    paragraphs,
    quotations,
)
from cleanup.spans import Spans

_RE = Lazy(
    # `"…," - Kirilenko told`: the Russian dash of attribution after a quotation. After a
    # comma it is always attribution; after `?`, `!` or `…` only when the attribution
    # goes on in lower case (`"Why?" - asked the coach`), since `"Why?" — I'd like to
    # know` is a dash. Group 1 is the dash with its spaces; the pattern starts at the
    # closing mark, to scan fast.
    dash_after_punctuation=(
        r"[\"\N{RIGHT DOUBLE QUOTATION MARK}\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}]"
        r"(?:(?<=,.)([ \t]+(?:-{1,2}|[\N{EN DASH}\N{EM DASH}])[ \t]+)(?=\w)"
        r"|(?<=[!?\N{HORIZONTAL ELLIPSIS}].)([ \t]+(?:-{1,2}|[\N{EN DASH}\N{EM DASH}])[ \t]+)"
        r"(?=\p{Ll}))"),
    # `that is all, - the coach said`: the same with no quotation marks; group 1 the dash
    # with its spaces.
    bare_comma_dash=(
        r",(?<=[^\s\"\N{RIGHT DOUBLE QUOTATION MARK}"
        r"\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}],)"
        r"([ \t]+(?:-{1,2}|[\N{EN DASH}\N{EM DASH}])[ \t]+)(?=\p{L})"),
    # `"…", - Kirilenko told`: the same with the comma outside, where English puts it.
    comma_dash=(
        r"([\"\N{RIGHT DOUBLE QUOTATION MARK}\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}]),"
        r"[ \t]+(?:-{1,2}|[\N{EN DASH}\N{EM DASH}])[ \t]+(?=\w)"),
    # A closing glyph detached after sentence punctuation, before a word: group 1 the space.
    detached=r"(?<=[,.!?\N{HORIZONTAL ELLIPSIS}])([ \t]+)"
             r"([\N{RIGHT DOUBLE QUOTATION MARK}\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}]"
             r"|\N{RIGHT SINGLE QUOTATION MARK}{2})(?=\p{L})",
)
_ROLE_INDEX = {Role.OPEN: 0, Role.CLOSE: 1, Role.INNER_OPEN: 2, Role.INNER_CLOSE: 3}
_CURLY_RE = regex.compile(f"[{CURLY_EVIDENCE}]|‘‘|’’")

def choose_quote_style(text: str, config: Config) -> str:
    """The quote style a document is repaired to: forced by config, or chosen by evidence.

    >>> choose_quote_style('A "b" and “c”', Config()), choose_quote_style('A "b"', Config())
    ('curly', 'straight')
    >>> choose_quote_style("A ‘‘b’’", Config())
    'curly'
    """
    style = QuoteStyle(config.quotes)
    if style is not QuoteStyle.AUTO:
        return style.value
    return "curly" if _CURLY_RE.search(text) else "straight"


def move_detached_closing_quote(text: str, config: Config) -> list[Edit]:
    """Put a closing mark back against its sentence, and the space after it.

    In a paragraph we cannot pair (the opening mark lost, say), a closing mark before
    an attribution is moved all the same: its glyph, the punctuation before it and the
    verb of saying after it leave no doubt where it belongs, unless the words before
    it say who speaks (`Peskov added, ”Putin told him…`: an opening mark, misdrawn).

    >>> move_detached_closing_quote("“We are in this area, ”Shugaev said.", Config())
    [Edit(start=21, end=23, replacement='” ', rule_id='quotes/detached-closing')]
    >>> move_detached_closing_quote("We will tell you later, ”said Vilfand.", Config())
    [Edit(start=23, end=25, replacement='” ', rule_id='quotes/detached-closing')]
    """
    edits = [Edit(m.gap[0], m.end, m.char + " ", "quotes/detached-closing")
             for p in paragraphs(text) for m in p.marks if m.spacing is Spacing.DETACHED]
    for p in paragraphs(text):
        if p.problem:
            edits += [Edit(m.start(1), m.end(), m[2] + " ", "quotes/detached-closing")
                      for m in _RE.detached.finditer(text, p.start, p.end)
                      if is_attribution(text, m.end())
                      and not ends_in_attribution(text, m.start(1))]
    return _pairing_kept(text, edits)


def drop_space_inside_quotes(text: str, config: Config) -> list[Edit]:
    """`“ text ”` -> `“text”`.

    >>> drop_space_inside_quotes("He said “ yes ” twice.", Config())
    [Edit(start=9, end=10, replacement='', rule_id='quotes/inner-space'), \
Edit(start=13, end=14, replacement='', rule_id='quotes/inner-space')]
    """
    return _pairing_kept(text, [
        Edit(*m.gap, "", "quotes/inner-space")
        for p in paragraphs(text)
        for m in p.marks
        if m.spacing is Spacing.INNER_SPACE
    ])


def unify_quote_style(text: str, config: Config) -> list[Edit]:
    """Give every paired mark the glyph of its role in the document's style.

    Guillemets become double quotes, and marks nested inside them single quotes; but a
    quotation in Russian (Cyrillic letters and no Latin ones) keeps its guillemets,
    which are right for Russian.

    >>> [e.replacement for e in unify_quote_style('“… denser every year."', Config())]
    ['”']
    >>> [e.replacement for e in unify_quote_style('”We agree,“ he said', Config())]
    ['“', '”']
    >>> unify_quote_style('The club «Локомотив» won, “we” said.', Config())
    []
    """
    glyphs = QUOTE_STYLES[choose_quote_style(text, config)]
    edits = []
    russian = Spans(_russian_quotations(text))
    for paragraph in paragraphs(text):
        for mark in paragraph.marks:
            if mark.role is Role.INCH or russian.holds(mark.pos):
                continue
            glyph = glyphs[_ROLE_INDEX[mark.role]]
            if mark.char != glyph:
                edits.append(Edit(mark.pos, mark.end, glyph, "quotes/style"))
    return _pairing_kept(text, edits)


def _russian_quotations(text: str) -> list[tuple[int, int]]:
    """The spans of the «…» quotations written in Cyrillic alone."""
    return [(opening.pos, closing.end) for opening, closing, _ in quotations(text)
            if closing is not None and (opening.char, closing.char) == (
                "\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}",
                "\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}")
            and CYRILLIC_RE.search(text, opening.end, closing.pos)
            and not SCRIPTS.latin.search(text, opening.end, closing.pos)]


def _pairing_kept(text: str, edits: list[Edit]) -> list[Edit]:
    """The edits, less those of any paragraph they would leave unpairable.

    A repair must not produce a mark with nothing to pair with: a straightened mark
    after a digit reads as an inch mark, say. So each paragraph is paired again with
    its edits made, in the quotation it began inside, and keeps its marks as they were
    unless it still pairs and leaves the same quotation open for the paragraphs after.
    """
    if not edits:
        return edits
    found = [p for p in paragraphs(text) if not p.problem]
    starts = [p.start for p in found]
    groups: dict[int, list[Edit]] = {}
    kept = []
    for edit in edits:
        i = bisect_right(starts, edit.start) - 1
        if i >= 0 and edit.end <= found[i].end:
            groups.setdefault(i, []).append(edit)
        else:
            kept.append(edit)  # in a paragraph we do not pair: its edits answer to no pairing
    for i, inside in groups.items():
        p = found[i]
        if all(_same_pairing(text, e) for e in inside):
            kept += inside
            continue
        local = [e._replace(start=e.start - p.start, end=e.end - p.start) for e in inside]
        before = text[p.start:p.end]
        after, _ = apply_edits(before, local)
        if pairs_alike(before, after, p.carried) and not _reads_worse(before, after):
            kept += inside
    return sorted(kept)


def _reads_worse(before: str, after: str) -> bool:
    """Would the paragraph, standing alone, have more marks we cannot pair? (A lone
    opening mark at the end of a text reads as a text cut short; made straight after a
    symbol, `*"`, it reads as a closing mark never opened.)"""
    return _unpaired(after) > _unpaired(before)


def _unpaired(text: str) -> int:
    """How many paragraphs `report_unpaired_quotes` reports (paired past the cache)."""
    return sum(1 for p in pair_paragraphs(text) if p.problem)


_DOUBLE_GLYPHS = '"\N{LEFT DOUBLE QUOTATION MARK}\N{RIGHT DOUBLE QUOTATION MARK}'


def _same_pairing(text: str, edit: Edit) -> bool:
    """Is the edit one that cannot change how its paragraph pairs? A straight or curly
    double mark given a curly one: no curly mark is an inch mark, and each is one
    double mark as before. (Checking these too would pair a whole corpus twice.)"""
    return (edit.end - edit.start == 1 and text[edit.start] in _DOUBLE_GLYPHS
            and edit.replacement in _DOUBLE_GLYPHS[1:])


def drop_attribution_dash(text: str, config: Config) -> list[Edit]:
    """`"…," - Kirilenko told` -> `"…," Kirilenko told`; a comma outside moves inside.

    Without quotation marks (`that is all, - the coach said`) the dash goes only before
    a clause of attribution: after a comma, a Russian dash may also stand for a verb.

    >>> drop_attribution_dash('"We will," - Kirilenko told', Config())
    [Edit(start=10, end=13, replacement=' ', rule_id='quotes/attribution-dash')]
    >>> drop_attribution_dash('"We will", - Kirilenko told', Config())[0].replacement
    '," '
    >>> drop_attribution_dash('That is all, - the coach said.', Config())
    [Edit(start=12, end=15, replacement=' ', rule_id='quotes/attribution-dash')]
    """
    if not holds_any(text, SPACED_DASHES):
        return []
    edits = [Edit(*m.span(m.lastindex or 1), " ", "quotes/attribution-dash")
             for m in _RE.dash_after_punctuation.finditer(text)]
    edits += [Edit(m.start(), m.end(), "," + m[1] + " ", "quotes/attribution-dash")
              for m in _RE.comma_dash.finditer(text)]
    edits += [Edit(*m.span(1), " ", "quotes/attribution-dash")
              for m in _RE.bare_comma_dash.finditer(text) if is_attribution(text, m.end())]
    return edits


def report_unpaired_quotes(text: str, config: Config) -> list[Finding]:
    """Report each paragraph whose double quotes cannot be paired with certainty.

    >>> [f.rule_id for f in report_unpaired_quotes("“A, “B said", Config())]
    ['quotes/unpaired']
    """
    return [
        Finding(p.problem_at, p.problem_at + 1, "quotes/unpaired",
                f"quotation marks cannot be paired with certainty: {p.problem}")
        for p in paragraphs(text)
        if p.problem
    ]
