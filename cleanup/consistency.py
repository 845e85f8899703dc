"""One name, one spelling: a name a document spells two ways.

Machine translation romanises the same Russian name differently from sentence to
sentence (`Sergey` and `Sergei`, `Aksenov` and `Aksyonov`, `Zelensky` and `Zelenskyy`),
and misspells a long one (`Rosoboroexport` once, `Rosoboronexport` three times). Two
checks find them, each reporting a pair once, with both counts:

- `names/consistency`: two spellings with one romanisation key (`romanisation.key`):
  one name in two systems, whatever their edit distance;
- `names/near-spelling`: two capitalised words a letter apart (two in names of ten
  letters or more) that are not one romanisation, not inflections of one word
  (`Russia`/`Russian`), and not ordinary English words (`There`/`These`,
  `Front`/`Frost`: `wordlist.py`). Weaker evidence: `David`/`Davis` are two people.

Words are compared in lower case, so a dateline or heading in capitals (`ASTANA`) is the
same word as `Astana`. Neither check suggests a spelling: which one is right is a fact
about the world, and the majority in a machine translation is no evidence of it. Where a
`name` rule knows the name, the rule reports it, with its canonical spelling.

Pairs within the distance are found with a deletion index (two words within two edits
share a form with at most two letters deleted), so the cost grows with the number of
words, not its square.
"""

from collections import Counter
from collections.abc import Callable, Collection
from functools import lru_cache
from itertools import combinations
from typing import NamedTuple

import regex

from cleanup.findings import Finding
from cleanup.romanisation import key
from cleanup.wordlist import is_ordinary

RULE_ID = "names/consistency"
NEAR_ID = "names/near-spelling"
#: Capitalised words of four letters or more (or in capitals); near spellings need five.
_NAME_RE = regex.compile(r"(?<![\p{L}\p{N}'’-])\p{Lu}\p{L}{3,}(?![\p{L}\p{N}])")
_NEAR_LENGTH = 5
#: From this length on, two spellings may be two edits apart (`Ministry`/`Minister` are
#: two words; `Abramovichev`/`Abrumovichiv` are one name).
_LONG = 10
#: Longer words are no names (a run of letters, a URL's slug): not compared at all.
_LONGEST = 40
#: A word with more near spellings than this (or a romanisation key with more spellings)
#: is one of a crowd: reported once for the crowd, not pair by pair. News has at most 10
#: (`Kaito`, `Kaiko`, `Keiko`… over 10 MB of WMT news joined into one text).
_CROWD = 16
#: How many candidates a word's neighbours are sought among, at most.
_CANDIDATES = 400
#: Endings that make a different word of the same stem: Russia/Russian, Ukraine/Ukrainian.
_INFLECTIONS = ("s", "n", "an", "ian", "ns", "ese", "ish", "ic", "i", "a", "e", "y", "es",
                "is", "ni", "ans")
#: Russian surnames have a feminine form: Ivanov/Ivanova, Korostyshevsky/Korostyshevskaya.
_GENDERED = (("ov", "ova"), ("ev", "eva"), ("in", "ina"), ("sky", "skaya"), ("ski", "skaya"),
             ("skiy", "skaya"), ("skii", "skaya"), ("ky", "kaya"), ("yn", "yna"))
_LATIN_WORD_RE = regex.compile(r"\p{Latin}+")


class _Words(NamedTuple):
    counts: Counter[str]  # each word in lower case, and how often it occurs
    first: dict[str, tuple[int, int, str]]  # where it first occurs, and as written there


@lru_cache(maxsize=2)
def _words(text: str) -> _Words:
    counts: Counter[str] = Counter()
    first: dict[str, tuple[int, int, str]] = {}
    for match in _NAME_RE.finditer(text):
        word = match[0].casefold()
        counts[word] += 1
        # A word in capitals is shown as written in running text, where there is any.
        if word not in first or (first[word][2].isupper() and not match[0].isupper()):
            first[word] = (match.start(), match.end(), match[0])
    return _Words(counts, first)


def report_romanisations(text: str, known: Collection[str] = ()) -> list[Finding]:
    """Report each name spelled in two romanisations, once.

    `known` holds the spellings a name rule covers: that rule reports them.

    >>> text = "Sergey Lavrov spoke. Then Sergei Lavrov left. SERGEY LAVROV"
    >>> [f.message for f in report_romanisations(text)]
    ['‘Sergei’ (1×) and ‘Sergey’ (2×): one name in two romanisations']
    """
    words = _words(text)
    skip = {k.casefold() for k in known}
    groups: dict[str, list[str]] = {}
    for word in words.counts:
        groups.setdefault(key(word), []).append(word)
    found = []
    for group in groups.values():
        if len(group) > _CROWD:  # not one name spelled two ways: a crowd, reported once
            crowd = [w for w in group if w not in skip]
            if len(crowd) > _CROWD:
                found.append(_crowd_finding(words, crowd, RULE_ID, "romanisations of one name"))
                continue
        found += [_finding(words, a, b, RULE_ID, "one name in two romanisations")
                  for a, b in combinations(group, 2)
                  if a not in skip and b not in skip
                  and not (is_ordinary(a) and is_ordinary(b))]
    return found


def report_near_spellings(text: str, known: Collection[str] = ()) -> list[Finding]:
    """Report each pair of capitalised words a letter or two apart that may be one name.

    >>> text = "Rosoboronexport said. Rosoboronexport and Rosoboroexport agree."
    >>> [f.message for f in report_near_spellings(text)]
    ['‘Rosoboroexport’ (1×) and ‘Rosoboronexport’ (2×): one name spelled two ways?']
    >>> report_near_spellings("There and These, Front and Frost, Russia and Russian.")
    []
    """
    words = _words(text)
    skip = {k.casefold() for k in known}
    # A pair with a known or an ordinary word is never reported: leave those out at once.
    latin = [w for w in words.counts if _NEAR_LENGTH <= len(w) <= _LONGEST
             and _LATIN_WORD_RE.fullmatch(w) and w not in skip and not is_ordinary(w)]
    pairs, crowds = _near_pairs(latin, _reportable)
    return ([_finding(words, a, b, NEAR_ID, "one name spelled two ways?") for a, b in pairs]
            + [_crowd_finding(words, crowd, NEAR_ID, "spellings a letter or two apart")
               for crowd in crowds])


def _reportable(a: str, b: str) -> bool:
    """Is a near pair worth a finding: not one word inflected, nor one romanisation?"""
    return not (_same_stem(a, b) or key(a) == key(b))


def _finding(words: _Words, a: str, b: str, rule_id: str, what: str) -> Finding:
    """One finding for a pair, where the rarer spelling (or the later, if as common)
    first occurs; the message names both, as written, with their counts."""
    rare, common = sorted((a, b), key=lambda w: (words.counts[w], -words.first[w][0]))
    start, end, shown = words.first[rare]
    other = words.first[common][2]
    first, second = sorted(((shown, words.counts[rare]), (other, words.counts[common])))
    return Finding(start, end, rule_id,
                   f"‘{first[0]}’ ({first[1]}×) and ‘{second[0]}’ ({second[1]}×): {what}")


def _crowd_finding(words: _Words, crowd: list[str], rule_id: str, what: str) -> Finding:
    """One finding for a crowd of spellings, where the first of them first occurs."""
    first = min(crowd, key=lambda w: words.first[w][0])
    start, end, shown = words.first[first]
    return Finding(start, end, rule_id,
                   f"‘{shown}’ ({words.counts[first]}×) and {len(crowd) - 1} other {what}: "
                   "too many to be one name misspelt, and too many to pair one by one")


def _near_pairs(words: list[str], reportable: Callable[[str, str], bool]
                ) -> tuple[list[tuple[str, str]], list[list[str]]]:
    """Each reportable pair of words within the edit distance their length allows, once,
    in order; and the crowds: words with more than `_CROWD` such neighbours, which are
    not paired (their pairs grow with the square of their number), each crowd once.

    A word's neighbours are sought until `_CROWD` + 1 are found, among at most
    `_CANDIDATES` candidates, so the cost is linear in the number of words.
    """
    index: dict[str, list[str]] = {}
    for word in sorted(words):
        for form in sorted(_deletions(word, _depth(word))):
            index.setdefault(form, []).append(word)
    near: dict[str, list[str]] = {}
    crowded: set[str] = set()
    for a in sorted(words):
        found: list[str] = []
        tried = {a}
        for form in sorted(_deletions(a, _depth(a))):
            for b in index[form]:
                if b in tried:
                    continue
                tried.add(b)
                limit = min(_depth(a), _depth(b))
                if distance(a, b, limit) <= limit and reportable(a, b):
                    found.append(b)
                if len(found) > _CROWD or len(tried) > _CANDIDATES:
                    break
            if len(found) > _CROWD or len(tried) > _CANDIDATES:
                crowded.add(a)
                break
        near[a] = found
    pairs = [(a, b) for a in sorted(near) if a not in crowded
             for b in sorted(near[a]) if a < b and b not in crowded]
    # Crowds: the crowded words, joined through the neighbours each was found to have.
    parent = {w: w for w in crowded}

    def root(w: str) -> str:
        while parent[w] != w:
            parent[w] = parent[parent[w]]
            w = parent[w]
        return w

    for a in sorted(crowded):
        for b in near[a]:
            if b in crowded:
                parent[root(b)] = root(a)
    crowds: dict[str, list[str]] = {}
    for w in sorted(crowded):
        crowds.setdefault(root(w), []).append(w)
    return pairs, list(crowds.values())


def _depth(word: str) -> int:
    return 2 if len(word) >= _LONG else 1


def _deletions(word: str, depth: int) -> set[str]:
    """The word with up to `depth` letters deleted.

    >>> sorted(_deletions("abc", 1))
    ['ab', 'abc', 'ac', 'bc']
    """
    forms = {word}
    for _ in range(depth):
        forms |= {form[:i] + form[i + 1:] for form in forms for i in range(len(form))}
    return forms


def distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal string alignment distance, stopping early above `limit`.

    >>> distance("Rosoboroexport", "Rosoboronexport"), distance("Shoigu", "Shoygu")
    (1, 1)
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _same_stem(a: str, b: str) -> bool:
    """Is one an inflection of the other (Russia/Russians), or the feminine form of a
    surname (Ivanov/Ivanova), not a second spelling?"""
    short, long = sorted((a, b), key=len)
    for masculine, feminine in _GENDERED:
        if short.endswith(masculine) and long.endswith(feminine) and \
                short[:-len(masculine)] == long[:-len(feminine)]:
            return True
    if long.startswith(short) and long[len(short):] in _INFLECTIONS:
        return True
    stem = short[:-1]
    return long.startswith(stem) and long[len(stem):] in _INFLECTIONS \
        and short[len(stem):] in _INFLECTIONS
