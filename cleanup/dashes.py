"""Spaced hyphens: which are sentence dashes, and what the others are.

A hyphen with a space on each side stands for a dash in running prose (`Ankara lost a
little - for Turkey, it pays.`), and `spacing/dash` makes it the house dash. In scraped
news the same three characters are also a range (`2019 - 2021`, `3 May - 9 June`), a
score or a minus (`3 - 1`, `to - 5 degrees`), a compound that MT broke (`anti -
aircraft`), the Russian dash of attribution (`that is all, - the coach said`), a
dialogue dash (`said. - We …`), and a publisher's separator: a dateline (`MOSCOW
(Reuters) - …`), a headline's source (`… crash - police`), a banner or a byline. Each test
below names one of those; a hyphen that passes none of them, in a line of prose, is a
sentence dash. What we cannot tell apart (`Kazakhstan - China`: a relation, a route, a
party's name or a dash) is left as it is.

A line of prose here is one that ends as a sentence ends and has lower-case words before
the hyphen: headlines, menus, datelines and lists have not (`prose.py`).
"""

from typing import Literal

from cleanup.attribution import is_attribution
from cleanup.chars import DASH_STYLES, SPACED_DASHES, Lazy, holds_any
from cleanup.config import Config
from cleanup.edits import Edit
from cleanup.findings import Finding
from cleanup.prose import RE as PROSE_RE
from cleanup.prose import Lines, lines_of

#: What a spaced hyphen is: `sentence`, a dash in prose, made the house dash; `compound`,
#: `anti - aircraft`, reported with the joined word; `attribution`, `all, - the coach
#: said`, which `quotes/attribution-dash` drops; `range` (`2019 - 2021`), `separator` (a
#: dateline, headline, banner, byline or list) and `unsure` (anything else we cannot
#: tell), left alone. (Plain strings: an Enum costs a hook's start-up a fifth of a ms.)
DashKind = Literal["sentence", "compound", "attribution", "range", "separator", "unsure"]


# Found at the hyphen; group 1 the character before the spaces, group 2 the spaces
# before, group 3 the character after. A line's first hyphen is a list or dialogue
# marker, never matched: it has no character before it on its line.
_SPACED_HYPHEN = r"-(?<=(\S)([ \t]+)-)-?[ \t]+(?=(\S))"
_CLOSING_MARKS = "\"\N{RIGHT DOUBLE QUOTATION MARK}\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}"
_WINDOW = 200
#: The patterns needed once a spaced hyphen is found, compiled then.
_RE = Lazy(
    spaced_hyphen=_SPACED_HYPHEN,
    # The same as _SPACED_HYPHEN with an en or em dash, for compounds broken around
    # one (`anti – aircraft`).
    spaced_dash=r"[\N{EN DASH}\N{EM DASH}](?<=(\S)([ \t]+).)[ \t]+(?=(\S))",
    token_before=r"\S+\Z",
    token_after=r"\S+",
    # A spaced en or em dash already in a line, between words (not a range's, 2019 – 2021).
    line_dash=r"(?<=\S[ \t])([\N{EN DASH}\N{EM DASH}])(?=[ \t]\S)(?!(?<=\d[ \t].)[ \t]\d)",
    word=r"\p{L}+",
    # A dateline run into the text after a caption: a city in capitals where a sentence
    # or a caption has ended, then no lower-case word up to the hyphen (`… tear gas)
    # TBILISI, March 7 (Reuters) - Georgian police …`; not `Portugal, USA, Singapore --`).
    dateline=r"(?:^|(?<=[.)\]!?\"\N{RIGHT DOUBLE QUOTATION MARK}»][ \t]{1,3}))"
             r"\p{Lu}{3,}(?:[ -]\p{Lu}{3,})*(?:,|\.|[ \t]\()"
             r"(?:(?!(?<![\p{L}\p{N}])\p{Ll}\p{L}).)*\Z",
    domain=r"(?:[\w-]+\.)+[a-z]{2,6}/?\Z",
    # An editor's note closing a bracket: `(on the use of the S-400. - RT)`.
    editors_note=r"[ \t]*\S+(?:[ \t]+\S+){0,2}?[ \t]*[)\]]",
)

#: Words that make a range with a number or with each other.
_RANGE_WORDS = frozenset("""
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday
    friday saturday sunday mon tue wed thu fri sat sun am pm a.m. p.m. bc ad
""".split())
#: First parts of compounds that are no English word on their own, so `anti - aircraft`
#: is a broken `anti-aircraft` wherever it stands.
_BOUND_PREFIXES = frozenset("""
    anti co ex hyper infra inter intra macro mega micro multi neo non pre pro pseudo quasi
    re self semi socio sub trans ultra vice
""".split())
#: Compounds whose first part is a word of its own, broken by MT often enough to list.
_BROKEN_COMPOUNDS = frozenset("""
    so-called well-known well-being well-off off-line on-line long-term short-term
    mid-term long-range short-range medium-range high-ranking high-level high-tech
    high-speed high-precision low-income large-scale full-scale full-fledged full-time
    part-time cross-border post-war post-soviet post-election counter-offensive
    counter-terrorism counter-terrorist one-time first-ever
""".split())


def replace_spaced_hyphens(text: str, config: Config) -> list[Edit]:
    """A spaced hyphen that is a sentence dash becomes the house dash; the rest stay.

    A line that already has a spaced dash gives the hyphen that dash, so that a pair
    (`half of them – 49% - believe`) is one dash twice, not two dashes.

    >>> text = "(on the S-400. - RT) and 5 - 3 won."
    >>> [e.replacement for e in replace_spaced_hyphens(text, Config())]
    [' — ']
    >>> replace_spaced_hyphens("MOSCOW (Reuters) - The talks ended.", Config())
    []
    >>> [e.replacement for e in replace_spaced_hyphens("half of them – 49% - agree.", Config())]
    [' – ']
    """
    if not holds_any(text, SPACED_DASHES):
        return []
    lines = lines_of(text)
    edits = []
    for m in _RE.spaced_hyphen.finditer(text):
        if classify(text, m.start(2), m.end(), lines) == "sentence":
            line = lines.search(_RE.line_dash, m.start())
            dash = f" {line[1]} " if line else DASH_STYLES[config.dash]
            edits.append(Edit(m.start(2), m.end(), dash, "spacing/dash"))
    return edits


def report_broken_compounds(text: str, config: Config) -> list[Finding]:
    """`anti - aircraft` -> `anti-aircraft`: reported with the joined word, never applied,
    since we cannot know whether the publisher closes it up (`offline`) or hyphenates it.

    >>> [f.suggestion for f in report_broken_compounds("the anti - aircraft gun", Config())]
    ['anti-aircraft']
    """
    if not holds_any(text, SPACED_DASHES):
        return []
    found = []
    lines = lines_of(text)
    for pattern in (_RE.spaced_hyphen, _RE.spaced_dash):
        for m in pattern.finditer(text):
            if classify(text, m.start(2), m.end(), lines) == "compound":
                left, right = _tokens(text, m.start(2), m.end())
                word = _RE.word.match(right)
                right = word[0] if word else right
                found.append(Finding(m.start(2) - len(left), m.end() + len(right),
                                     "spacing/broken-compound",
                                     "a compound broken by spaces around its hyphen",
                                     suggestion=f"{left}-{right}"))
    return found


def classify(text: str, start: int, end: int, lines: "Lines | None" = None) -> DashKind:
    """What the dash (or hyphen) with its spaces at `text[start:end]` is.

    >>> [classify(t, t.index(" -"), t.index("- ") + 2) for t in (
    ...     "It rained - and then it stopped.", "in 2019 - 2021 it grew.",
    ...     "the anti - aircraft gun.", "that is all, - the coach said.",
    ...     "MOSCOW (Reuters) - The talks ended.", "Plane crash kills five - police",
    ...     "the Kazakhstan - China talks went on.", "he said. - We will go.")]
    ['sentence', 'range', 'compound', 'attribution', 'separator', 'separator', 'unsure', \
'unsure']
    """
    left, right = _tokens(text, start, end)
    line_start, line_end = (lines or lines_of(text)).around(start)
    # What the tests read of the line: enough to see a dateline or a sentence, and
    # bounded, so that a megabyte on one line costs no more than many short ones.
    before = text[max(line_start, start - _WINDOW):start]
    after = text[end:min(line_end, end + _WINDOW)]
    ending = text[max(end, line_end - 16):line_end]
    if _is_compound(left, right):
        return "compound"
    if text[start:end].strip() not in ("-", "--"):
        return "unsure"  # an en or em dash is a dash already
    if _is_range(left, right):
        return "range"
    core = left.rstrip(_CLOSING_MARKS)
    quoted = core != left
    if core.endswith(",") or (quoted and core[-1:] in "?!\N{HORIZONTAL ELLIPSIS}"
                              and right[0].islower()):
        # `"…," - he said`, `"Why?" - asked the coach`, `that is all, - the coach said`;
        # a comma and a dash before anything else is Russian, and no English either way.
        return "attribution" if quoted or is_attribution(text, end) else "unsure"
    if core[-1:] in "?!\N{HORIZONTAL ELLIPSIS}":
        return "unsure"  # a dialogue dash, or a dash after a quoted question
    if left[-1] in ".;:":
        # After a sentence: a dialogue dash (`said. - We …`), unless it brings an
        # editor's note to a close (`(… S-400. - RT)`).
        if left.endswith(".") and _RE.editors_note.match(after) and "(" in before:
            return "sentence"
        return "unsure"
    if not PROSE_RE.lower_word.search(before) or _RE.dateline.search(before):
        return "separator"  # a dateline, byline, banner, label or list item
    if _RE.domain.search(left):
        return "separator"  # a site's banner: `example.com - get the latest news`
    if not PROSE_RE.sentence_end.search(ending):
        return "separator"  # a headline (`… crash - police`), a menu, a caption
    if right[0].isdigit() or right[0] in "+\N{MINUS SIGN}":
        return "unsure"  # a minus (`to - 5 degrees`) or a score
    if left[0].isupper() and right[0].isupper() and left[-1].isalpha():
        return "unsure"  # `Kazakhstan - China`: a relation, a route, or a dash
    return "sentence"


def _tokens(text: str, start: int, end: int) -> tuple[str, str]:
    """The runs of non-space characters just before `start` and just after `end`."""
    before = _RE.token_before.search(text, max(0, start - 64), start)
    after = _RE.token_after.match(text, end)
    return (before[0] if before else " "), (after[0] if after else " ")


def _is_range(left: str, right: str) -> bool:
    """Numbers, times, months or weekdays on both sides (`3 May - 9 June`, `8.30 - 17:00`).

    >>> _is_range("2019", "2021"), _is_range("May", "9"), _is_range("products", "1.7%")
    (True, True, False)
    """
    def end(token: str) -> bool:
        return token[-1].isdigit() or token.lower().strip(".,") in _RANGE_WORDS

    def start(token: str) -> bool:
        return token[0].isdigit() or token.lower().strip(".,") in _RANGE_WORDS

    return end(left) and start(right)


def _is_compound(left: str, right: str) -> bool:
    """Is `left - right` a compound broken around its hyphen?

    >>> _is_compound("anti", "aircraft"), _is_compound("so", "called"), _is_compound("so", "we")
    (True, True, False)
    """
    if not (left.isalpha() and left.islower() and right[:1].isalpha()):
        return False
    word = _RE.word.match(right)
    joined = f"{left}-{word[0] if word else right}".lower()
    return left in _BOUND_PREFIXES or joined in _BROKEN_COMPOUNDS
