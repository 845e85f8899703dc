"""Spacing repairs, each a pure function from text to edits.

Every pattern works inside one line (`[ \\t]`, never `\\s`, for what it removes) and leaves
numbers (`2.5`, `10:30`, `1,000`), abbreviations (`U.S.`, `e.g.,`) and ellipses alone;
web and e-mail addresses are protected by the pipeline, not here.
"""

import regex

from cleanup.chars import Lazy, holds_any
from cleanup.config import Config
from cleanup.edits import Edit
from cleanup.patterns import finditer
from cleanup.prose import RE as PROSE_RE
from cleanup.prose import lines_of

#: Quote marks that, with spaces on both sides, are debris or a separator (`Home » News`):
#: no spacing fix joins anything to one.
_LONE = "«»“”„\""

# A space before punctuation that ends a clause: followed by a space, a line's end or a
# closing mark. Ellipses (` ...`, ` . . .`) and emoticons (` :)`) are not punctuation here.
_CLOSERS = "\"'\N{RIGHT DOUBLE QUOTATION MARK}\N{RIGHT SINGLE QUOTATION MARK}" \
    "\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}"
# Each pattern starts with its rarest character where it can, and checks what comes
# before that with a lookbehind: a pattern that opens with a lookbehind or with
# `[ \t]+` is tried at every position, and runs several times slower (bench/). Each is
# compiled when a text first holds what it needs (the needles below).
# What Python's `str.isspace` (and so the quote pairing) takes for a space, which the
# `regex` module's `\s` does not: the information separators U+001C to U+001F. A mark
# after one of them stands alone, as after a space, and no fix may close up against it.
_SEP = r"\x1c-\x1f"
_RE = Lazy(
    currency=r"[$\N{EURO SIGN}\N{POUND SIGN}]([ \t]+)(?=\d)",
    repeated_spaces=r"  (?<=\S  ) *(?=\S)",
    # Found at the punctuation; group 1 is the run of spaces before it.
    space_before_punctuation=(
        rf"(?=[,.;:!?])(?<=(?<=[^\s{_SEP}.,;:\N{{HORIZONTAL ELLIPSIS}}{_LONE}]"
        rf"|[^\s{_SEP}][{_LONE}])([ \t]+))"
        rf"(?!\.[ \t]?\.)"
        rf"(?:(?:[,.]+|(?!\?\?)[!?]+)(?=[\s{_CLOSERS})\]]|\Z)|[;:](?<!\d[ \t]+:)"
        rf"(?=[\s{_CLOSERS}]|\Z)(?![ \t]*\d))"),
    # A bracket in an emoticon (`:(`, `;-)`) is no bracket.
    space_after_opening_bracket=(rf"[(\[](?<![:;=]-?[(\[])([ \t]+)"
                                 rf"(?=[^\s)\]{_LONE}]|[{_LONE}][^\s{_SEP}])"),
    space_before_closing_bracket=(rf"[)\]](?<=(?:[^\s{_SEP}(\[{_LONE}]"
                                  rf"|[^\s{_SEP}][{_LONE}])([ \t]+).)"),
    comma_between_letters=r"(?<=\p{L}),(?=\p{L})",
)
_CURRENCIES = "$\N{EURO SIGN}\N{POUND SIGN}"
_SPACED_PUNCTUATION = tuple(space + mark for space in " \t" for mark in ",.;:!?")
_SPACED_BRACKETS = tuple(f"{b}{s}" for b in "([" for s in " \t") + tuple(
    f"{s}{b}" for b in ")]" for s in " \t")


#: The characters every match of a pattern starts with, where they are rare in prose:
#: `str.find` finds them several times faster than `regex` scans for their class.
STARTS = {"currency": _CURRENCIES, "space_after_opening_bracket": "([",
          "space_before_closing_bracket": ")]"}


def _delete(name: str, text: str, rule_id: str) -> list[Edit]:
    """Delete each match of the pattern `name`, or its first group where it has one."""
    pattern: regex.Pattern[str] = getattr(_RE, name)
    group = 1 if pattern.groups else 0
    starts = tuple(STARTS[name]) if name in STARTS else None
    return [Edit(m.start(group), m.end(group), "", rule_id)
            for m in finditer(pattern, text, 0, starts, None)]


def join_currency_amount(text: str, config: Config) -> list[Edit]:
    """`$ 2.5 billion` -> `$2.5 billion`; also for `€` and `£`.

    >>> join_currency_amount("for $ 2.5 billion", Config())
    [Edit(start=5, end=6, replacement='', rule_id='spacing/currency')]
    """
    if not holds_any(text, _CURRENCIES):
        return []
    return _delete("currency", text, "spacing/currency")


def collapse_repeated_spaces(text: str, config: Config) -> list[Edit]:
    """A run of spaces between words becomes one, in prose; indentation and line ends
    are kept, and so are the spaces that lay out a menu or a line of metadata. Outside
    prose, only a double space before a lower-case word, in mid-phrase, is collapsed.

    >>> collapse_repeated_spaces("  The two  spaces were here.  ", Config())
    [Edit(start=9, end=11, replacement=' ', rule_id='spacing/repeated-spaces')]
    >>> collapse_repeated_spaces("25 June 2018    Read: 1746", Config())
    []
    """
    if "  " not in text:
        return []
    lines = lines_of(text)
    return [Edit(m.start(), m.end(), " ", "spacing/repeated-spaces")
            for m in _RE.repeated_spaces.finditer(text)
            if lines.is_prose(m.start()) or (m.end() - m.start() == 2 and text[m.end()].islower())]


def drop_space_before_punctuation(text: str, config: Config) -> list[Edit]:
    """`Anadolu .` -> `Anadolu.`, but ` ...`, ` .NET`, a score (`1 : 5`), an empty entry
    of a scraped list (`Tags: , Russia`), a `??` put for a lost character, and
    template debris (`{{ date : 'HH:mm' }}`) stay.

    >>> text = "a , b ... c .NET d . 1 : 5 Tags: , x"
    >>> [text[e.start - 1:e.end + 1] for e in drop_space_before_punctuation(text, Config())]
    ['a ,', 'd .']
    """
    if not holds_any(text, _SPACED_PUNCTUATION):
        return []
    return [e for e in _delete("space_before_punctuation", text, "spacing/before-punctuation")
            if not lines_of(text).search(PROSE_RE.template, e.start)]


def drop_space_inside_brackets(text: str, config: Config) -> list[Edit]:
    """`( text )` -> `(text)`; an empty `[ ]` (a task box) stays.

    >>> len(drop_space_inside_brackets("(on the S-400 - RT ) and [ ]", Config()))
    1
    """
    if not holds_any(text, _SPACED_BRACKETS):
        return []
    return (_delete("space_after_opening_bracket", text, "spacing/inside-brackets")
            + _delete("space_before_closing_bracket", text, "spacing/inside-brackets"))


def add_space_after_comma(text: str, config: Config) -> list[Edit]:
    """`word,word` -> `word, word`; `1,000` stays.

    >>> add_space_after_comma("Sumy,Kharkiv and 1,000", Config())
    [Edit(start=5, end=5, replacement=' ', rule_id='spacing/after-comma')]
    """
    if "," not in text:
        return []
    return [Edit(m.end(), m.end(), " ", "spacing/after-comma")
            for m in _RE.comma_between_letters.finditer(text)]
