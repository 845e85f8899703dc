"""Literal spellings and phrases, found in one scan of a trie-shaped pattern.

Name variants and flag phrases are plain strings, hundreds of them. For each kind of
word boundary we compile one pattern with their common prefixes factored out
(`trie_pattern`), so a position costs about the length of a word whatever the number of
entries, and look up what matched in a table. The standard `re` compiles it, and its
prefix-set scan keeps the trie nearly flat in cost (bench/bench_rules.py: 1,000 literals
cost about what 10 do). Compiling a trie costs a few milliseconds, which a hook on one
short article notices, so `Trie.might_match` first asks whether the first words of some
entry stand together in the text.

The `name` kind is scanned here: `Names` says what its hits fix and what they report.
"""

import functools
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from cleanup.chars import BOUNDARY_AFTER, BOUNDARY_BEFORE, crosses_paragraph
from cleanup.edits import Edit
from cleanup.findings import Finding

if TYPE_CHECKING:
    from cleanup.matcher import Batch, Scan
    from cleanup.rules import NameRule, Rule

_SPACE_RUN = re.compile(r"\s+")
_BREAK_RE = re.compile(r"\r\n|\r|\n")
#: Above this length we compile a trie rather than split the text into words to ask.
_PREFILTER_LIMIT = 100_000
#: A word as the strict boundary sees one: a strict match starts such a run of characters.
_RUN_RE = re.compile(r"[\w'’-]+")


class Entry(NamedTuple):
    """A literal and what it stands for: a name's `canonical` spelling (empty for a
    phrase), and whether `fix` may write it."""

    word: str
    rule: "Rule"
    canonical: str = ""
    safe: bool = False


class Hit(NamedTuple):
    start: int
    end: int
    entry: Entry


def trie_pattern(words: Iterable[str], after_first: str = "") -> str:
    """One regular expression matching any of `words`, longest first, prefixes shared;
    `after_first` (a lookbehind) stands after each word's first character.

    A space in a word matches any run of white space, so phrases survive line wrapping;
    `Trie.find` drops a match that crosses a paragraph break.

    >>> trie_pattern(["Ros", "Rosoboro", "Rosoboroexport"])
    'Ros(?:oboro(?:export)?)?'
    >>> trie_pattern(["Ab", "Cd"], "(?<!x.)")
    '(?:A(?<!x.)b|C(?<!x.)d)'
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any], after: str = "") -> str:
        branches = [(r"\s+" if char == " " else re.escape(char)) + after + emit(child)
                    for char, child in sorted(node.items(), key=lambda kv: kv[0]) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"

    return emit(trie, after_first)


@dataclass
class Trie:
    """A trie of literal strings, and what each one stands for.

    The trie ignores case if any entry does; a case-sensitive entry is then held to its
    exact spelling when looked up, so one scan serves both.
    """

    source: str  # the trie's pattern
    fold: bool  # does any entry ignore case?
    table: dict[str, list[Entry]]  # lower-cased -> entries
    heads: frozenset[str] = frozenset()  # each entry's first one or two words, lower-cased

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        """The trie, ignoring case if any entry does; compiled when first needed."""
        return re.compile(self.source, re.IGNORECASE if self.fold else 0)

    @functools.cached_property
    def lower(self) -> re.Pattern[str]:
        """The trie, case-sensitive, for a lower-cased copy of the text."""
        return re.compile(self.source)

    def might_match(self, scan: "Scan") -> bool:
        """A cheap necessary condition: do the first words of some entry stand together?"""
        heads = scan.word_heads
        return not self.heads or heads is None or not self.heads.isdisjoint(heads)

    def find(self, scan: "Scan") -> list[Hit]:
        if not self.might_match(scan):
            return []
        text, hits = scan.text, []
        # Ignoring case costs a case-insensitive trie about three times a plain one, so we
        # match a lower-cased copy instead, wherever lowering keeps every offset.
        matches = (self.lower.finditer(scan.lower) if self.fold and len(scan.lower) == len(text)
                   else self.pattern.finditer(text))
        for match in matches:
            if crosses_paragraph(text, match.start(), match.end()):
                continue
            found = _SPACE_RUN.sub(" ", text[match.start():match.end()])
            for entry in self.table.get(found.lower(), ()):
                if entry.rule.ignorecase or found == entry.word:
                    hits.append(Hit(match.start(), match.end(), entry))
                    break
        return hits


def tries(entries: Sequence[Entry]) -> list[Trie]:
    """One trie per kind of word boundary (and nearly always there is one kind)."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.rule.boundary, []).append(entry)
    compiled = []
    for boundary, items in groups.items():
        fold = any(entry.rule.ignorecase for entry in items)
        table: dict[str, list[Entry]] = {}
        for item in items:
            table.setdefault(item.word.lower(), []).append(item)
        words = sorted({e.word.lower() if fold else e.word for e in items})
        body = _boundary_trie(words, boundary, fold) + BOUNDARY_AFTER[boundary]
        # Only a strict boundary promises that a match starts a word as `word_heads` splits.
        heads = frozenset(_head(w) for w in words) if boundary == "strict" else frozenset()
        compiled.append(Trie(body, fold, table, heads))
    return compiled


def _boundary_trie(words: list[str], boundary: str, fold: bool) -> str:
    r"""The trie of `words`, each held to its left word boundary.

    A pattern that opens with the boundary's lookbehind is tried at every position of
    the text; one that opens with a character from a set lets `re` skip to the next
    character of the set. So where words open with characters that are rare in prose
    (capitals: names), the lookbehind `(?<!B)` is checked after the first character, as
    `(?<!B.)`: the same condition on the same character. (Lower-case openings are
    everywhere, and there the early lookbehind fails faster: bench/.)

    >>> _boundary_trie(["Ab", "Cd"], "word", False)
    '(?:(?:A(?<!\\w.)b|C(?<!\\w.)d))'
    >>> _boundary_trie(["ab"], "word", False)
    '(?<!\\w)(?:ab)'
    """
    before = BOUNDARY_BEFORE[boundary]
    late = before.startswith("(?<!") and before.endswith(")") and not fold and all(
        w and not w[0].islower() and not w[0].isspace() for w in words)
    if late:
        return f"(?:{trie_pattern(words, before[:-1] + '.)')})"
    return before + f"(?:{trie_pattern(words)})"


def word_heads(scan: "Scan") -> frozenset[str] | None:
    """Each word of the text in lower case, and each pair of words, cut as `_cuts` cuts
    them: what `Trie.might_match` compares with its entries' heads. `None` for a long
    text, where compiling the trie costs nothing beside the scan (and lowering a text
    costs as much as scanning it, so we do not lower it for this)."""
    if len(scan.text) > _PREFILTER_LIMIT:
        return None
    words = _RUN_RE.findall(scan.lower)
    grams = {p for w in words for p in _cuts(w)}
    grams |= {f"{a} {p}" for a, b in itertools.pairwise(words) for p in _cuts(b)}
    return frozenset(grams)


def _cuts(word: str) -> list[str]:
    """A word, and each of its beginnings that ends before an apostrophe (a match may stop
    there: the strict boundary lets a possessive follow).

    >>> _cuts("antei's's")
    ['antei', "antei's", "antei's's"]
    """
    cuts = [word[:i] for i, c in enumerate(word) if c in "'’" and i]
    return [*cuts, word]


def _head(word: str) -> str:
    """An entry's first one or two words, as `word_heads` sees words.

    >>> _head("According to him,"), _head("Recall,"), _head("military-technical")
    ('according to', 'recall', 'military-technical')
    """
    return " ".join(_RUN_RE.findall(word.lower())[:2])


class Names(NamedTuple):
    """Name rules: a variant is fixed to its canonical spelling where its rule may write
    it; an ambiguous variant, or one `fix` may not write, is reported with the canonical
    spelling as the suggestion."""

    tries: list[Trie]
    unsafe_fixes: bool
    fix_pass: str | None = "replace"

    def run(self, scan: "Scan") -> tuple[list[Edit], list[Finding]]:
        edits, found = [], []
        for trie in self.tries:
            for start, end, (_, rule, canonical, safe) in trie.find(scan):
                new = name_replacement(scan.text[start:end], canonical) \
                    if safe and rule.applies(self.unsafe_fixes) else None
                if new is None:
                    found.append(Finding(start, end, rule.id, rule.message, suggestion=canonical))
                else:
                    edits.append(Edit(start, end, new, rule.id))
        return edits, found


def compile_names(rules: list["NameRule"], unsafe_fixes: bool) -> list["Batch"]:
    return [Names(tries([e for rule in rules for e in _name_entries(rule)]), unsafe_fixes)]


def _name_entries(rule: "NameRule") -> Iterator[Entry]:
    """Each spelling of a name, and its capitals: `NORD STREAM` is the name shouted."""
    for safe, words in ((True, rule.variants), (False, rule.ambiguous)):
        for word in words:
            yield Entry(word, rule, rule.canonical, safe)
            if not rule.ignorecase and word.upper() != word:
                yield Entry(word.upper(), rule, rule.canonical.upper(), safe)


def name_replacement(found: str, canonical: str) -> str | None:
    r"""The canonical spelling in the found one's case, keeping its white space.

    A variant wrapped over two lines keeps its line break, where the canonical has as
    many words; where it has not, we cannot say where the break goes, so `None`: the
    name is reported, not fixed.

    >>> name_replacement("NORTH STREAM", "Nord Stream")
    'NORD STREAM'
    >>> name_replacement("North\nStream", "Nord Stream")
    'Nord\nStream'
    >>> name_replacement("Almaz\r\nAntei", "Almaz-Antey") is None
    True
    """
    canonical = canonical.upper() if found.isupper() and len(found) > 1 else canonical
    gaps = _SPACE_RUN.findall(found)
    words = canonical.split(" ")
    if len(words) == len(gaps) + 1:
        return "".join(w + g for w, g in zip(words, [*gaps, ""], strict=True))
    if any(_BREAK_RE.search(gap) for gap in gaps):
        return None
    return canonical
