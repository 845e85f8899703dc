"""Cyrillic text left untranslated in an English article.

Machine translation skips what its input marked as not text (a date in the page
template, a caption, a "you may also be interested" teaser), and scrapers keep the
site's Russian menus. A reader of the English article cannot read them; we report each
run of Cyrillic words, and for a month name say what it is in English. A text mostly
in Cyrillic is not an English article, and is left alone. Words that mix the scripts
are `homoglyphs`' business. Left alone too: a gloss (a few words in quotes or brackets
on a line of English: 'the term «спецоперация»'), a Cyrillic domain name
(`стопкоронавирус.рф`), and single letters: an abbreviation (`2014 г.`, which a rule
reports), initials, or a letter drawn like a Latin one (`22°С`, `90х190`).
"""

from cleanup.chars import CYRILLIC_RE, SCRIPTS, Lazy
from cleanup.config import Config
from cleanup.findings import Finding
from cleanup.prose import lines_of

RULE_ID = "script/untranslated"

#: A run of Cyrillic words on one line, with the spaces, digits and punctuation between
#: them, not touching a letter of another script.
_RE = Lazy(
    run=r"(?<![\p{L}\p{M}])\p{Cyrillic}[\p{Cyrillic}\p{M}]*(?:['’-][\p{Cyrillic}\p{M}]+)*"
        r"(?:[ \t\d.,:;!?()«»\"“”„/–—-]+\p{Cyrillic}[\p{Cyrillic}\p{M}]*"
        r"(?:['’-][\p{Cyrillic}\p{M}]+)*)*(?![\p{L}\p{M}])",
    word=r"\p{Cyrillic}+",
    domain=r"\.(?:рф|рус|укр|бел|срб|қаз|москва|онлайн|сайт)\Z",
)

#: What opens and closes a gloss.
_OPENING, _CLOSING = frozenset("«“\"„("), frozenset("»”\")")

#: Russian month names, as a date writes them (genitive) and alone (nominative).
MONTHS = dict(zip(
    ("января февраля марта апреля мая июня июля августа сентября октября ноября декабря "
     "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь").split(),
    ("January February March April May June July August September October November "
     "December").split() * 2, strict=True))


def report_untranslated(text: str, config: Config) -> list[Finding]:
    """Each run of Cyrillic words in a text written mostly in Latin letters.

    >>> [(f.start, f.end, f.suggestion) for f in report_untranslated(
    ...     "Posted 24 мая 2022. The minister met the governor.\\nНовости по теме", Config())]
    [(10, 13, 'May'), (51, 66, None)]
    """
    if not CYRILLIC_RE.search(text):
        return []
    cyrillic = len(SCRIPTS.cyrillic.findall(text))
    # Letters are most of any prose, so a text a third Cyrillic at most is mostly Latin;
    # only a text with more is counted, which spares a long one a count of every letter.
    if cyrillic * 3 > len(text) and cyrillic > len(SCRIPTS.latin.findall(text)):
        return []  # a Russian text, not an English one
    return [Finding(m.start(), m.end(), RULE_ID, "Cyrillic text left untranslated",
                    suggestion=MONTHS.get(m.group().lower()))
            for m in _RE.run.finditer(text) if not _not_prose(text, m.start(), m.end())]


def _not_prose(text: str, start: int, end: int) -> bool:
    """Single letters, a domain name or a gloss: Cyrillic an English text may hold."""
    run = text[start:end]
    words = _RE.word.findall(run)
    if all(len(w) == 1 for w in words) or _RE.domain.search(run):
        return True
    if len(words) > 3:
        return False
    # The line is found by the lines' index and read in place, not cut out: a text of
    # one long line with many runs would cost the square of its length.
    line_start, line_end = lines_of(text).around(start)
    before, after = start, end
    while before > line_start and text[before - 1].isspace():
        before -= 1
    while after < line_end and text[after].isspace():
        after += 1
    return (text[before - 1:before] in _OPENING and before > line_start
            and text[after:after + 1] in _CLOSING and after < line_end
            and bool(SCRIPTS.latin.search(text, line_start, start)
                     or SCRIPTS.latin.search(text, end, line_end)))

