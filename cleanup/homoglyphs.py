"""Words that mix Latin and Cyrillic letters drawn alike (`Ukrаine` with a Cyrillic `а`).

Machine translation and scrapers leave them, and OCR makes them; a reader cannot see
them, but search, spell checking and name rules miss the word. A word counts as Latin
when it has a Latin letter with no Cyrillic twin (`U`, `k`, `n` in `Ukrаine`) and
every Cyrillic letter in it has a Latin twin (`chars.CYRILLIC_TWINS`): then the Cyrillic
letters are made Latin, safely. Anything else that mixes the two scripts is reported:
Latin letters in a Russian word (`Мoсква`), or a word every letter of which could be
either (`Соре`), where we cannot say which script was meant.

A Cyrillic letter that sounds apart from its Latin twin (`Н` is N) at the head of a word
in lower case (`Нovosibirsk`) is reported, not fixed: it may be a letter left
untransliterated as well as one typed for its look.

A token with no Latin letter at all (`С-400`) is not a Latin word: its `С` stands for
an `S`, not the `C` it looks like, so a name rule has to say what it is.
"""

from collections.abc import Iterator

from cleanup.chars import (
    CYRILLIC_RE,
    CYRILLIC_TWINS,
    LATIN_TWINS,
    SCRIPTS,
    TWINS_SOUNDING_APART,
    Lazy,
)
from cleanup.config import Config
from cleanup.edits import Edit
from cleanup.findings import Finding

#: A word's letters after a point, and (found backwards) before it; compiled when a text
#: first has a Cyrillic letter.
_RE = Lazy(letters_after=r"[\p{L}\p{M}]*", letters_before=r"(?r)[\p{L}\p{M}]*")


def latin_for_cyrillic_twins(text: str, config: Config) -> list[Edit]:
    """`Ukrаine` (Cyrillic `а`) -> `Ukraine`, where the word is otherwise Latin.

    >>> latin_for_cyrillic_twins("Ukr\\N{CYRILLIC SMALL LETTER A}ine and Москва", Config())
    [Edit(start=0, end=7, replacement='Ukraine', rule_id='script/cyrillic-in-latin')]
    """
    return [Edit(start, end, "".join(CYRILLIC_TWINS.get(c, c) for c in word),
                 "script/cyrillic-in-latin")
            for start, end, word in _mixed_words(text) if _is_latin(word)]


def report_mixed_words(text: str, config: Config) -> list[Finding]:
    """Report a word that mixes the scripts and is not a Latin word with Cyrillic twins.

    >>> [f.suggestion for f in report_mixed_words("in M\\N{LATIN SMALL LETTER O}сква", Config())]
    ['Москва']
    """
    found = []
    for start, end, word in _mixed_words(text):
        if _is_latin(word):
            continue
        cyrillic = [c for c in word if CYRILLIC_RE.match(c)]
        latin = [c for c in word if SCRIPTS.latin.match(c)]
        suggestion = None
        if all(c in LATIN_TWINS for c in latin) and any(c not in CYRILLIC_TWINS for c in cyrillic):
            suggestion = "".join(LATIN_TWINS.get(c, c) for c in word)
        elif _head_sounds_apart(word) and all(c in CYRILLIC_TWINS for c in cyrillic):
            rest = "".join(CYRILLIC_TWINS.get(c, c) for c in word[1:])
            suggestion = (f"{TWINS_SOUNDING_APART[word[0]]}{rest} / "
                          f"{CYRILLIC_TWINS[word[0]]}{rest}")
        found.append(Finding(start, end, "script/mixed-word",
                             "a word that mixes Latin and Cyrillic letters", suggestion=suggestion))
    return found


def _is_latin(word: str) -> bool:
    """A Latin letter no Cyrillic one looks like, and only Cyrillic letters that look Latin,
    none of them a letter that sounds apart at the head of a word in lower case.

    >>> _is_latin("Ukr\N{CYRILLIC SMALL LETTER A}ine")
    True
    >>> _is_latin("\N{CYRILLIC CAPITAL LETTER EN}ovosibirsk")
    False
    """
    if _head_sounds_apart(word):
        return False  # `Нovosibirsk`: Novosibirsk half transliterated, or Hovosibirsk?
    return (all(c in CYRILLIC_TWINS for c in word if CYRILLIC_RE.match(c))
            and any(c not in LATIN_TWINS for c in word if SCRIPTS.latin.match(c)))


def _head_sounds_apart(word: str) -> bool:
    return word[0] in TWINS_SOUNDING_APART and word[1:] != word[1:].upper()


def _mixed_words(text: str) -> Iterator[tuple[int, int, str]]:
    """Each run of letters that holds both a Cyrillic and a Latin letter.

    We look for Cyrillic letters first (an English article has none, and the scan is
    over at once) and grow each to its word, once per word.
    """
    done = 0
    for match in CYRILLIC_RE.finditer(text):
        if match.start() < done:
            continue
        before = _RE.letters_before.match(text, 0, match.start())
        after = _RE.letters_after.match(text, match.start())
        start = before.start() if before else match.start()
        end = after.end() if after else match.end()
        done = end
        word = text[start:end]
        if SCRIPTS.latin.search(word):
            yield start, end, word
