"""Which lines of a scraped page are prose, for the fixes that are right only in prose.

A scraped article carries menus, breadcrumbs, tag lists, bylines, tables of results and
template debris between its paragraphs. Spacing there means something (`Main Page  >`,
`25 June 2018    Read: 1746`), and a dash is a separator, so the fixes that assume
running text look at the line first: `spacing/repeated-spaces` asks `is_prose`, and
`spacing/dash` asks the same of the words before and after its hyphen. A line is prose
when it ends as a sentence ends and has lower-case words, or, cut by a hard wrap or the
end of an excerpt, when it is long and mostly lower-case words.

Where a substitution takes a full stop, `keep_sentence_end` asks the same of the words
after it: does the sentence end there?
"""

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

import regex

from cleanup.chars import Lazy

#: Compiled when first used (`chars.Lazy`).
RE = Lazy(
    # A word starting in lower case, of two letters or more.
    lower_word=r"(?<![\p{L}\p{N}])\p{Ll}\p{L}+",
    word=r"(?<![\p{L}\p{N}])\p{L}{2,}",
    # How a sentence ends: its punctuation, then closing marks and spaces.
    sentence_end=r"[.!?:\N{HORIZONTAL ELLIPSIS}][\"'\N{RIGHT DOUBLE QUOTATION MARK}"
                 r"\N{RIGHT SINGLE QUOTATION MARK}"
                 r"\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK})\]]*[ \t]*\Z",
    template=r"\{\{|\}\}|\{%|%\}",
    # What `keep_sentence_end` reads: a stop that ends a match, the closing marks after
    # it, and the line's next word.
    stop_at_end=r"[.!?\N{HORIZONTAL ELLIPSIS}]+(?=[ \t]*\Z)",
    closing=r"[\"'\N{RIGHT DOUBLE QUOTATION MARK}\N{RIGHT SINGLE QUOTATION MARK}"
            r"\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK})\]]*",
    next=r"([ \t]*)(\r\n|\r|\n|\Z)?([ \t]*)(\S*)",
)
#: Words that, capitalised, start an English sentence far more often than they continue
#: one: after an abbreviation's full stop, they say the sentence ended there.
SENTENCE_STARTERS = frozenset("""
    a about according after all also although an and another as at because before both
    but by during each earlier either even every few finally first for from further he
    her here his however i if in it its last later many meanwhile more moreover most my
    neither next no nor now on one only other our over several she since so some such
    that the their then there these they this those thus to today under until we what
    when where whether which while who why with within yesterday yet you
""".split())
#: A line break, CRLF as one (the standard `re`, which scans a plain pattern fastest).
_BREAK_RE = re.compile(r"\r\n|\r|\n")
#: A line cut short (a hard wrap, the end of an excerpt) is prose if it has this many
#: words, at least half of them in lower case.
_LONG_LINE_WORDS = 8


@lru_cache(maxsize=2)
def lines_of(text: str) -> "Lines":
    """The lines of a text, built once however many fixes ask about the same text."""
    return Lines(text)


class Lines:
    """Where each line of a text starts and ends, found once for all the fixes' questions."""

    def __init__(self, text: str) -> None:
        self.text = text
        if "\r" in text:
            spans = [m.span() for m in _BREAK_RE.finditer(text)]
            self._starts = [0, *(end for _, end in spans)]
            self._ends = [*(start for start, _ in spans), len(text)]
        else:  # the common case, three times faster by `str.split`
            lines = text.split("\n")
            self._starts = [0, *accumulate(len(line) + 1 for line in lines)][:-1]
            self._ends = [start + len(line) for start, line in zip(self._starts, lines,
                                                                  strict=True)]
        self._prose: dict[int, bool] = {}
        self._found: dict[tuple[regex.Pattern[str], int], regex.Match[str] | None] = {}

    def around(self, pos: int) -> tuple[int, int]:
        """The start and end (before its break) of the line that holds `pos`."""
        i = bisect_right(self._starts, pos) - 1
        return self._starts[i], self._ends[i]

    def search(self, pattern: regex.Pattern[str], pos: int) -> regex.Match[str] | None:
        """`pattern` searched in the line that holds `pos`, once per line however many
        fixes ask: a question asked for each of many edits on one long line stays linear."""
        i = bisect_right(self._starts, pos) - 1
        key = (pattern, i)
        if key not in self._found:
            self._found[key] = pattern.search(self.text, self._starts[i], self._ends[i])
        return self._found[key]

    def is_prose(self, pos: int) -> bool:
        """Is the line that holds `pos` a line of prose?

        >>> [Lines(t).is_prose(0) for t in ("It rained all day , they said.", "Main Page  >",
        ...  "25 June 2018    Read: 1746", "Lokomotiv 1 : 5 Dynamo", "{{ date : 'HH:mm' }}")]
        [True, False, False, False, False]
        """
        i = bisect_right(self._starts, pos) - 1
        if i not in self._prose:
            self._prose[i] = is_prose_line(self.text[self._starts[i]:self._ends[i]])
        return self._prose[i]


def is_prose_line(line: str) -> bool:
    """Does a line read as running text?"""
    if RE.template.search(line):
        return False
    words = RE.word.findall(line)
    lower = sum(w[0].islower() for w in words)
    if RE.sentence_end.search(line):
        return len(words) >= 2 and lower >= 1
    return len(words) >= _LONG_LINE_WORDS and 2 * lower >= len(words)


def keep_sentence_end(text: str, start: int, end: int, replacement: str,
                      ends: bool = False) -> str | None:
    """The replacement for `text[start:end]`, given back the sentence's stop if the match
    took it: an abbreviation's full stop that also ends the sentence ends it still.
    `None` when we cannot tell (`in 2014 г. Crimea was…`: a name may follow either way);
    with `ends`, the replacement as if the sentence ended there.

    >>> text = "It opened in 2020 г. It closed."
    >>> keep_sentence_end(text, 17, 20, ""), keep_sentence_end("in 2020 г. in May", 7, 10, "")
    ('.', '')
    >>> keep_sentence_end("In 2014 г. Crimea was annexed.", 7, 10, "") is None
    True
    """
    stop = RE.stop_at_end.search(text, start, end)
    if stop is None or replacement.rstrip().endswith(stop[0]):
        return replacement
    given_back = replacement.rstrip() + stop[0] + replacement[len(replacement.rstrip()):]
    if ends:
        return given_back
    closing = RE.closing.match(text, end)
    after = RE.next.match(text, closing.end() if closing else end)
    if after is None or (closing and closing.end() > end) or not after[4]:
        return given_back  # a closing mark, or the end of the text or of a paragraph
    word = after[4]
    if word[0].islower():
        return replacement  # the sentence goes on
    if word[0].isupper() and word.strip("\"“«(").lower() in SENTENCE_STARTERS:
        return given_back  # `2020 г. It closed`: a new sentence
    return None
