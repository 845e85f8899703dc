"""Quote repairs, each a pure function from text to edits, built on the pairing in `pairing`.

A paragraph whose marks cannot be paired with certainty gets no repair at all, only the
`quotes/unpaired` finding: a guess there could move a quotation's boundary and put
words into somebody's mouth.
"""

import regex

from cleanup.chars import CURLY_EVIDENCE, QUOTE_STYLES
from cleanup.config import Config, QuoteStyle
from cleanup.edits import Edit
from cleanup.findings import Finding
from cleanup.pairing import Role, Spacing, paragraphs

_ROLE_INDEX = {Role.OPEN: 0, Role.CLOSE: 1, Role.INNER_OPEN: 2, Role.INNER_CLOSE: 3}
_CURLY_RE = regex.compile(f"[{CURLY_EVIDENCE}]")

# `"…," - Kirilenko told`: the Russian dash of attribution after a quotation. After a
# comma it is always attribution; after `?`, `!` or `…` only when the attribution goes on
# in lower case (`"Why?" - asked the coach`), since `"Why?" — I'd like to know` is a dash.
# Group 1 is the dash with its spaces; the pattern starts at the closing mark, to scan fast.
_DASH_AFTER_PUNCT_RE = regex.compile(
    r"[\"\N{RIGHT DOUBLE QUOTATION MARK}\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}]"
    r"(?:(?<=,.)([ \t]+(?:-{1,2}|[\N{EN DASH}\N{EM DASH}])[ \t]+)(?=\w)"
    r"|(?<=[!?\N{HORIZONTAL ELLIPSIS}].)([ \t]+(?:-{1,2}|[\N{EN DASH}\N{EM DASH}])[ \t]+)"
    r"(?=\p{Ll}))"
)
# `"…", - Kirilenko told`: the same with the comma outside, where English puts it inside.
_COMMA_DASH_RE = regex.compile(
    r"([\"\N{RIGHT DOUBLE QUOTATION MARK}\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}]),"
    r"[ \t]+(?:-{1,2}|[\N{EN DASH}\N{EM DASH}])[ \t]+(?=\w)"
)


def document_style(text: str, config: Config) -> str:
    """The quote style a document is repaired to: forced by config, or chosen by evidence.

    >>> document_style('A "b" and “c”', Config()), document_style('A "b"', Config())
    ('curly', 'straight')
    """
    style = QuoteStyle(config.quotes)
    if style is not QuoteStyle.AUTO:
        return style.value
    return "curly" if _CURLY_RE.search(text) else "straight"


def move_detached_closing_quote(text: str, config: Config) -> list[Edit]:
    """Put a closing mark back against its sentence, and the space after it.

    >>> move_detached_closing_quote("“We are in this area, ”Shugaev said.", Config())
    [Edit(start=21, end=23, replacement='” ', rule_id='quotes/detached-closing')]
    """
    return [
        Edit(m.gap[0], m.pos + 1, m.char + " ", "quotes/detached-closing")
        for p in paragraphs(text)
        for m in p.marks
        if m.spacing is Spacing.DETACHED
    ]


def drop_space_inside_quotes(text: str, config: Config) -> list[Edit]:
    """`“ text ”` -> `“text”`.

    >>> drop_space_inside_quotes("He said “ yes ” twice.", Config())
    [Edit(start=9, end=10, replacement='', rule_id='quotes/inner-space'), \
Edit(start=13, end=14, replacement='', rule_id='quotes/inner-space')]
    """
    return [
        Edit(*m.gap, "", "quotes/inner-space")
        for p in paragraphs(text)
        for m in p.marks
        if m.spacing is Spacing.INNER_SPACE
    ]


def unify_quote_style(text: str, config: Config) -> list[Edit]:
    """Give every paired mark the glyph of its role in the document's style.

    Guillemets become double quotes, and marks nested inside them single quotes.

    >>> [e.replacement for e in unify_quote_style('“… denser every year."', Config())]
    ['”']
    >>> [e.replacement for e in unify_quote_style('”We agree,“ he said', Config())]
    ['“', '”']
    """
    glyphs = QUOTE_STYLES[document_style(text, config)]
    edits = []
    for paragraph in paragraphs(text):
        for mark in paragraph.marks:
            if mark.role is Role.INCH:
                continue
            glyph = glyphs[_ROLE_INDEX[mark.role]]
            if mark.char != glyph:
                edits.append(Edit(mark.pos, mark.pos + 1, glyph, "quotes/style"))
    return edits


def drop_attribution_dash(text: str, config: Config) -> list[Edit]:
    """`"…," - Kirilenko told` -> `"…," Kirilenko told`; a comma outside moves inside.

    >>> drop_attribution_dash('"We will," - Kirilenko told', Config())
    [Edit(start=10, end=13, replacement=' ', rule_id='quotes/attribution-dash')]
    >>> drop_attribution_dash('"We will", - Kirilenko told', Config())[0].replacement
    '," '
    """
    edits = [Edit(*m.span(m.lastindex or 1), " ", "quotes/attribution-dash")
             for m in _DASH_AFTER_PUNCT_RE.finditer(text)]
    edits += [Edit(m.start(), m.end(), "," + m[1] + " ", "quotes/attribution-dash")
              for m in _COMMA_DASH_RE.finditer(text)]
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
