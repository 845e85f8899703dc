"""Ordinary English words, from pyspellchecker's English word-frequency table.

`names/consistency` must not take two ordinary words a letter apart (`There`/`These`,
`Front`/`Frost`, `Might`/`Right`) for one name spelled two ways. pyspellchecker ships a
table of 160,000 English words with how often each occurs in a large corpus of film and
television subtitles; a word seen at least `ORDINARY` times there (19,000 words: `there`,
`front`, `might`, and the commonest Western first names, `david`, `maria`) is ordinary.
Names transliterated from Russian are rare or absent there (`sergei` 301, `shoigu` none).

Why pyspellchecker: it is maintained, pure Python and has no dependencies, and its wheel
is 7 MB; wordfreq, the better table, is 56 MB, which every pre-commit environment would
install. Reading the table takes a fifth of a second, so the ordinary words are kept in
the cache folder (beside the rules), keyed by pyspellchecker's version, and read in a few
milliseconds; and only when a document has two capitalised words a letter apart.
"""

from functools import cache

#: How often a word must occur in pyspellchecker's table to be ordinary.
ORDINARY = 1000


def is_ordinary(word: str) -> bool:
    """Is the word, in lower case, an ordinary English word?

    >>> is_ordinary("There"), is_ordinary("Frost"), is_ordinary("Shoigu")
    (True, True, False)
    """
    return word.casefold() in _ordinary_words()


@cache
def _ordinary_words() -> frozenset[str]:
    from importlib.metadata import version

    from cleanup.cache import cache_dir, load, store

    path = cache_dir() / f"ordinary-words-{version('pyspellchecker')}-{ORDINARY}.pickle"
    cached = load(path, frozenset)
    if cached is not None:
        return cached
    from spellchecker import SpellChecker

    table = SpellChecker(language="en", distance=1).word_frequency.dictionary
    words = frozenset(word for word, count in table.items() if count >= ORDINARY)
    store(path, words)
    return words
