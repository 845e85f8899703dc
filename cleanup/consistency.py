"""One name, one spelling: spellings in a document that differ by an edit or two.

Machine translation transliterates the same Russian name differently from sentence to
sentence (`Rosoboroexport` once, `Rosoboronexport` three times; `Shoigu` and `Shoygu`).
We collect the capitalised words of a document, pair those within two edits of each
other, and report each minority spelling with the counts and the majority one. Only a
`name` rule makes such a change automatic: which spelling is right is a fact about the
world, not about the document.

Pairs are found with a deletion index (two words within two edits share a form with
one letter deleted), so the cost grows with the number of words, not its square.
"""

from collections import Counter
from collections.abc import Collection

import regex

from cleanup.findings import Finding

RULE_ID = "names/consistency"
#: Capitalised words of five letters or more; shorter ones differ by an edit too often.
_NAME_RE = regex.compile(r"(?<![\p{L}\p{N}'’-])\p{Lu}\p{L}{4,}(?![\p{L}\p{N}])")
#: Endings that make a different word of the same stem: Russia/Russian, Ukraine/Ukrainian.
_INFLECTIONS = ("s", "n", "an", "ian", "ns", "ese", "ish", "ic", "i", "a", "e", "y", "es")


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
    """Is one an inflection of the other (Russia/Russians), not a second spelling?"""
    short, long = sorted((a, b), key=len)
    if long.startswith(short) and long[len(short):] in _INFLECTIONS:
        return True
    stem = short[:-1]
    return long.startswith(stem) and long[len(stem):] in _INFLECTIONS \
        and short[len(stem):] in _INFLECTIONS


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


def report_inconsistent_names(text: str, known: Collection[str] = ()) -> list[Finding]:
    """Report the minority spellings of each name that is spelled two ways.

    `known` holds spellings a name rule already covers; they are left to that rule.

    >>> text = "Rosoboronexport said. Rosoboronexport and Rosoboroexport agree."
    >>> [(f.start, f.suggestion) for f in report_inconsistent_names(text)]
    [(42, 'Rosoboronexport')]
    """
    matches = list(_NAME_RE.finditer(text))
    counts = Counter(m[0] for m in matches)
    index: dict[str, set[str]] = {}
    for word in counts:
        for key in _deletions(word.casefold()):
            index.setdefault(key, set()).add(word)
    other: dict[str, str] = {}  # a spelling -> the more frequent (or tied) other one
    for group in index.values():
        for a in group:
            for b in group:
                if a >= b or a in known or b in known or _same_stem(a, b):
                    continue
                # Two edits only in long names: Ministry/Minister are two words.
                if distance(a.casefold(), b.casefold()) > (2 if min(len(a), len(b)) >= 10 else 1):
                    continue
                low, high = sorted((a, b), key=lambda w: counts[w])
                other[low] = high
                if counts[low] == counts[high]:
                    other[high] = low
    findings = []
    for m in matches:
        if m[0] not in other:
            continue
        alt = other[m[0]]
        tie = counts[alt] == counts[m[0]]
        findings.append(Finding(
            m.start(), m.end(), RULE_ID,
            f"‘{m[0]}’ ({counts[m[0]]}×) and ‘{alt}’ ({counts[alt]}×) look like one name "
            f"spelled two ways" + ("; choose one" if tie else f"; most often ‘{alt}’"),
            suggestion=None if tie else alt))
    return findings
