"""Character knowledge in one place: quote marks, dashes, spaces and the patterns built on them.

Every non-ASCII character is spelled with its Unicode name, so a reader can tell
U+201C from U+201D without a hex table.
"""

import re
from typing import Final

import regex

STRAIGHT_DOUBLE: Final = '"'
STRAIGHT_SINGLE: Final = "'"
LEFT_DOUBLE: Final = "\N{LEFT DOUBLE QUOTATION MARK}"
RIGHT_DOUBLE: Final = "\N{RIGHT DOUBLE QUOTATION MARK}"
LOW_DOUBLE: Final = "\N{DOUBLE LOW-9 QUOTATION MARK}"
REVERSED_DOUBLE: Final = "\N{DOUBLE HIGH-REVERSED-9 QUOTATION MARK}"
LEFT_GUILLEMET: Final = "\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}"
RIGHT_GUILLEMET: Final = "\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}"
LEFT_SINGLE: Final = "\N{LEFT SINGLE QUOTATION MARK}"
RIGHT_SINGLE: Final = "\N{RIGHT SINGLE QUOTATION MARK}"

#: Marks whose glyph says "I open a quotation" or "I close one". A straight mark says neither.
OPENING_DOUBLES: Final = LEFT_DOUBLE + LOW_DOUBLE + REVERSED_DOUBLE + LEFT_GUILLEMET
CLOSING_DOUBLES: Final = RIGHT_DOUBLE + RIGHT_GUILLEMET
DOUBLE_QUOTES: Final = STRAIGHT_DOUBLE + OPENING_DOUBLES + CLOSING_DOUBLES
#: Any of these in a document makes `quotes = "auto"` choose curly quotes.
CURLY_EVIDENCE: Final = OPENING_DOUBLES + CLOSING_DOUBLES

#: (open double, close double, open single, close single) for each quote style.
QUOTE_STYLES: Final = {
    "curly": (LEFT_DOUBLE, RIGHT_DOUBLE, LEFT_SINGLE, RIGHT_SINGLE),
    "straight": (STRAIGHT_DOUBLE, STRAIGHT_DOUBLE, STRAIGHT_SINGLE, STRAIGHT_SINGLE),
}

EM_DASH: Final = "\N{EM DASH}"
EN_DASH: Final = "\N{EN DASH}"
#: What a spaced hyphen used as a dash becomes, by house style.
DASH_STYLES: Final = {
    "em": f" {EM_DASH} ",
    "en": f" {EN_DASH} ",
    "em-closed": EM_DASH,
}
ELLIPSIS: Final = "\N{HORIZONTAL ELLIPSIS}"
#: A hyphen, en dash or em dash followed by a space or a tab: every pattern about a spaced
#: dash needs one, so a text without any skips them all.
SPACED_DASHES: Final = tuple(dash + space for dash in "-" + EN_DASH + EM_DASH for space in " \t")

#: Punctuation that may stand right after a closing quote or end a quoted sentence.
SENTENCE_PUNCTUATION: Final = ",.;:!?" + ELLIPSIS
#: What may stand before an opening quote in place of a space.
OPENING_CONTEXT: Final = "([{/" + EM_DASH + EN_DASH + "-"
#: What may stand after a closing quote in place of a space.
CLOSING_CONTEXT: Final = SENTENCE_PUNCTUATION + ")]}/" + EM_DASH + EN_DASH + "-"

#: A line break; a `\r` before `\n` is never a break of its own, or `\r\n` would read as
#: two breaks (a blank line) wherever a pattern backtracks.
LINE_BREAK: Final = r"(?:\r\n|\r(?!\n)|\n)"
#: One or more blank lines: quotes are paired within the text between them.
PARAGRAPH_BREAK_RE: Final = regex.compile(rf"{LINE_BREAK}(?:[ \t]*{LINE_BREAK})+")
LINE_BREAK_RE: Final = regex.compile(LINE_BREAK)
_ANY_BREAK_RE: Final = re.compile(r"\r\n|\r|\n")

#: What a rule's `boundary` refuses just before and just after a match, as lookarounds:
#: `strict` refuses a letter, digit, hyphen or apostrophe (a possessive `'s` may follow);
#: `word` refuses a letter or digit.
BOUNDARY_BEFORE: Final = {"strict": r"(?<![\w'\N{RIGHT SINGLE QUOTATION MARK}-])",
                          "word": r"(?<!\w)", "none": ""}
BOUNDARY_AFTER: Final = {"strict": r"(?![\w-])(?!['\N{RIGHT SINGLE QUOTATION MARK}](?![sS]\b)\w)",
                         "word": r"(?!\w)", "none": ""}
DOUBLE_QUOTE_RE: Final = regex.compile(f"[{regex.escape(DOUBLE_QUOTES)}]")

#: The characters besides ASCII letters that `regex` matches, ignoring case, to an ASCII
#: letter (V0, simple case folding: `(?i)s` matches the long s) though they do not lower
#: to one, or lower to two characters. A text free of them, lowered, shows each ignorecase
#: match of ASCII words where the words stand, in lower case (`Pattern.find`).
CASE_UNLIKE_LOWER: Final = ("\N{LATIN CAPITAL LETTER I WITH DOT ABOVE}"
                            "\N{LATIN SMALL LETTER DOTLESS I}\N{LATIN SMALL LETTER LONG S}")

#: What a reader puts for each character that is not prose (Markdown code, markup): the
#: first private-use code point, which has no name, is neither a letter nor a space nor
#: a mark, and so matches no rule; every fix treats it as opaque.
MASK = "\ue000"

#: Spans no fix may touch: web addresses and e-mail addresses. Both patterns start
#: with a literal (`://`, `www.`, `@`) and look back for the rest, to scan fast.
URL_RE: Final = regex.compile(
    r"(?:://(?<=\b(?i:https?|ftp)://)|(?:www|WWW)\.(?<!\w(?:www|WWW)\.))"
    r"[^\s<>\"\N{LEFT DOUBLE QUOTATION MARK}\N{RIGHT DOUBLE QUOTATION MARK}"
    r"\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}]*"
    r"[\w/#=&%~+-]",
)
EMAIL_RE: Final = regex.compile(r"@(?<=[\w.+-]@)[\w-]+(?:\.[\w-]+)+")

#: Cyrillic letters drawn exactly as a Latin one in the common typefaces (Unicode's
#: confusables list gives each the Latin letter as its prototype), with that letter.
#: Pairs that are only alike (Cyrillic У and Y; lower-case в, к, м, н, т, which are
#: small capitals) are not twins: a reader would see the difference, and so should we.
CYRILLIC_TWINS: Final = {
    "\N{CYRILLIC CAPITAL LETTER A}": "A",
    "\N{CYRILLIC CAPITAL LETTER VE}": "B",
    "\N{CYRILLIC CAPITAL LETTER IE}": "E",
    "\N{CYRILLIC CAPITAL LETTER KA}": "K",
    "\N{CYRILLIC CAPITAL LETTER EM}": "M",
    "\N{CYRILLIC CAPITAL LETTER EN}": "H",
    "\N{CYRILLIC CAPITAL LETTER O}": "O",
    "\N{CYRILLIC CAPITAL LETTER ER}": "P",
    "\N{CYRILLIC CAPITAL LETTER ES}": "C",
    "\N{CYRILLIC CAPITAL LETTER TE}": "T",
    "\N{CYRILLIC CAPITAL LETTER HA}": "X",
    "\N{CYRILLIC CAPITAL LETTER DZE}": "S",
    "\N{CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I}": "I",
    "\N{CYRILLIC CAPITAL LETTER JE}": "J",
    "\N{CYRILLIC CAPITAL LETTER STRAIGHT U}": "Y",
    "\N{CYRILLIC CAPITAL LETTER QA}": "Q",
    "\N{CYRILLIC CAPITAL LETTER WE}": "W",
    "\N{CYRILLIC SMALL LETTER A}": "a",
    "\N{CYRILLIC SMALL LETTER IE}": "e",
    "\N{CYRILLIC SMALL LETTER O}": "o",
    "\N{CYRILLIC SMALL LETTER ER}": "p",
    "\N{CYRILLIC SMALL LETTER ES}": "c",
    "\N{CYRILLIC SMALL LETTER U}": "y",
    "\N{CYRILLIC SMALL LETTER HA}": "x",
    "\N{CYRILLIC SMALL LETTER DZE}": "s",
    "\N{CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I}": "i",
    "\N{CYRILLIC SMALL LETTER JE}": "j",
    "\N{CYRILLIC SMALL LETTER SHHA}": "h",
    "\N{CYRILLIC SMALL LETTER QA}": "q",
    "\N{CYRILLIC SMALL LETTER WE}": "w",
}
#: Twins whose Latin letter stands for another sound (В is V, not B; Н is N; Р is R; С
#: is S; Х is Kh; У is U), with the letters they stand for: at the head of a word they
#: may be a letter left untransliterated (`Нovosibirsk`), so there the twin is no sure
#: repair.
TWINS_SOUNDING_APART: Final = {
    "\N{CYRILLIC CAPITAL LETTER VE}": "V",
    "\N{CYRILLIC CAPITAL LETTER EN}": "N",
    "\N{CYRILLIC CAPITAL LETTER ER}": "R",
    "\N{CYRILLIC CAPITAL LETTER ES}": "S",
    "\N{CYRILLIC CAPITAL LETTER HA}": "Kh",
    "\N{CYRILLIC CAPITAL LETTER STRAIGHT U}": "U",
    "\N{CYRILLIC SMALL LETTER ER}": "r",
    "\N{CYRILLIC SMALL LETTER ES}": "s",
    "\N{CYRILLIC SMALL LETTER U}": "u",
    "\N{CYRILLIC SMALL LETTER HA}": "kh",
}
#: A Cyrillic letter: the blocks Cyrillic, Supplement, Extended-A, -B and -C, spelled out
#: for the standard `re`, which compiles them at import in a tenth of the time.
CYRILLIC_RE: Final = re.compile("[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]")
#: The same pairs the other way: the Cyrillic twin of each Latin letter that has one in
#: the alphabets of the region's news (Russian, Ukrainian, Belarusian, Kazakh). Komi's
#: Ԛ and Ԝ and Macedonian's Ѕ and Ј are left out: a `W` is no sign of a Cyrillic word.
LATIN_TWINS: Final = {latin: cyrillic for cyrillic, latin in CYRILLIC_TWINS.items()
                      if latin not in "QWSJqwsj"}


def holds_any(text: str, needles: "tuple[str, ...] | str") -> bool:
    """Does the text hold any of the needles? A check at memory speed that lets a fix
    skip a text no match could be in, and never compile its pattern for it.

    >>> holds_any("pay $ 5", "$€£"), holds_any("pay 5", ("$ ", "€ "))
    (True, False)
    """
    return any(needle in text for needle in needles)


def crosses_paragraph(text: str, start: int, end: int) -> bool:
    """Does `text[start:end]` hold a blank line? No rule's match may: a paragraph break
    is a boundary, and a fix across it would join two paragraphs.

    >>> crosses_paragraph("a\\n\\nb", 0, 4), crosses_paragraph("a\\nb", 0, 3)
    (True, False)
    """
    return _ANY_BREAK_RE.search(text, start, end) is not None and \
        PARAGRAPH_BREAK_RE.search(text, start, end) is not None


class Lazy:
    """Regular expressions by name, each compiled when first used.

    A pre-commit hook starts on every commit, and most articles never reach most of our
    patterns (the dateline test runs only where a spaced hyphen is found): compiling
    them all at import would cost every run several milliseconds.

    >>> found = Lazy(word=r"\\p{L}+")
    >>> found.word.findall("two words")
    ['two', 'words']
    """

    def __init__(self, **sources: str) -> None:
        self._sources = sources

    def __getattr__(self, name: str) -> "regex.Pattern[str]":
        if name.startswith("_") or name not in self._sources:
            raise AttributeError(name)
        compiled = regex.compile(self._sources[name])
        setattr(self, name, compiled)
        return compiled


#: Patterns few texts need, compiled when first used.
SCRIPTS = Lazy(latin=r"\p{Latin}", cyrillic=r"\p{Cyrillic}")
