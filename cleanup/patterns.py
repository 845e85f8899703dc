"""Rules with a regular expression of their own, each pattern scanned on its own.

One alternation of them all would scan the text once, but `regex` then tries every
branch at every position; each pattern alone opens with its rarest words, which `regex`
finds with a fast search, and the lot runs three times faster (bench/). The left word
boundary is checked after a match rather than in the pattern, for the same reason: a
pattern that opens with a lookbehind is tried at every position. A rule whose pattern
opens with plain words runs only where one of them occurs in the text, so a short
article pays to compile only the rules it might need (`leading_literals`).

The `substitute` and `flag` kinds are scanned here: `Substitutes` and `Flags` say what
their matches fix and what they report.
"""

import functools
import re
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar, cast

import regex

from cleanup.chars import BOUNDARY_AFTER, BOUNDARY_BEFORE, CASE_UNLIKE_LOWER, crosses_paragraph
from cleanup.edits import Edit
from cleanup.findings import Finding, Level
from cleanup.literals import Entry, Trie, tries
from cleanup.prose import keep_sentence_end

if TYPE_CHECKING:
    from cleanup.matcher import Batch, Scan
    from cleanup.rules import FlagRule, PatternRule, Rule, SubstituteRule


class RuleTimeout(RuntimeError):
    """Rules whose patterns ran out of time on a text: they backtrack catastrophically.

    The run reports them for the file and goes on without them.
    """

    def __init__(self, rule_ids: tuple[str, ...], seconds: float) -> None:
        super().__init__(f"rule {', '.join(map(repr, rule_ids))} took over {seconds:.1f} s")
        self.rule_ids = rule_ids
        self.seconds = seconds


#: How many times its usual time a scan is given: raised while a file is tried again on
#: a machine too busy to have given us the time we were allowed (`patience`).
_patience = 1.0


def scan_seconds(text: str, more: float = 0.0) -> float:
    """How long one rule scan may take on a text: a second, and a second more per MB
    (and `more`), times the patience in force.

    Our own patterns take a few milliseconds per MB (bench/); a pattern that needs a
    thousand times that backtracks catastrophically, and would otherwise hang the run.
    """
    return _patience * (1.0 + len(text) / 1_000_000 + more)


@contextmanager
def patience(factor: float) -> Iterator[None]:
    """Scans within are given `factor` times their time: the clock of a timeout is the
    wall's, and a loaded machine can take it from a pattern that did nothing wrong."""
    global _patience
    kept, _patience = _patience, factor
    try:
        yield
    finally:
        _patience = kept


def wrap_pattern(pattern: str, rule: "Rule", left: bool = True) -> str:
    """A rule's pattern with its case handling and word boundaries."""
    group = "(?i:" if rule.ignorecase else "(?:"
    before = BOUNDARY_BEFORE[rule.boundary] if left else ""
    return f"{before}{group}{pattern}){BOUNDARY_AFTER[rule.boundary]}"


def span(match: regex.Match[str]) -> tuple[int, int]:
    """A match's span, reaching back to a group named `from` captured in a lookbehind.

    Patterns start with their rarest word and look back for the rest, because that scans
    fastest; `from` lets such a pattern still report the whole phrase.
    """
    start = match.start("from") if "from" in match.re.groupindex and match.start("from") >= 0 \
        else match.start()
    return min(start, match.start()), match.end()


def _left_boundary_ok(text: str, start: int, boundary: str) -> bool:
    if boundary == "none" or start == 0:
        return True
    before = text[start - 1]
    return not (before.isalnum() or before == "_" or (boundary == "strict" and before in "'’-"))


P = TypeVar("P", bound="PatternRule")


class Pattern(Generic[P]):
    """A rule's pattern, compiled when one of its leading words first occurs in a text:
    to scan with (no left boundary, checked after a match), and whole."""

    def __init__(self, rule: P) -> None:
        self.rule = rule
        self.words = leading_literals(rule.pattern, rule.ignorecase)

    def might_occur(self, scan: "Scan") -> bool:
        """Does one of the leading words occur in the text (`None`: the pattern names none)?"""
        if self.words is None:
            return True
        haystack = scan.lower if self.rule.ignorecase else scan.text
        return any(w in haystack for w in self.words)

    @functools.cached_property
    def starts(self) -> tuple[str, ...] | None:
        """Words one of which every match starts with, if the pattern says so (and is not
        ignorecase: `(?i)s` matches `ſ`, which no lower-cased text shows)."""
        return None if self.rule.ignorecase else starting_literals(self.rule.pattern)

    @functools.cached_property
    def lower_starts(self) -> tuple[str, ...] | None:
        """An ignorecase pattern's starting words in lower case, if they are ASCII: one of
        them stands where each match starts in a text that `lowers_in_place`."""
        words = starting_literals(self.rule.pattern) if self.rule.ignorecase else None
        return tuple(w.lower() for w in words) if words and all(map(str.isascii, words)) \
            else None

    @functools.cached_property
    def scanning(self) -> regex.Pattern[str]:
        return regex.compile(wrap_pattern(self.rule.pattern, self.rule, left=False))

    @functools.cached_property
    def whole(self) -> regex.Pattern[str]:
        return regex.compile(wrap_pattern(self.rule.pattern, self.rule))

    def find(self, scan: "Scan") -> list[regex.Match[str]]:
        """Each match in the text, within its word boundaries and its paragraph: what the
        whole pattern finds. A match refused at its left boundary is no match, so the scan
        goes on from just after where it started (`a b|b` finds the `b` in `xa b`)."""
        if not self.might_occur(scan):
            return []
        text, seconds = scan.text, scan_seconds(scan.text)
        starts, haystack = self.starts, text
        if self.lower_starts and scan.lowers_in_place:
            starts, haystack = self.lower_starts, scan.lower
        deadline, found = time.monotonic() + seconds, []
        pos: int | None = 0
        try:
            while pos is not None:
                matches, pos = finditer(self.scanning, text, pos, starts, seconds,
                                        haystack=haystack), None
                for match in matches:
                    start, end = span(match)
                    if not _left_boundary_ok(text, start, self.rule.boundary):
                        pos = match.start() + 1
                        break
                    if start < end and not crosses_paragraph(text, start, end):
                        found.append(match)
                seconds = max(deadline - time.monotonic(), 0.0)  # negative: no limit at all
        except TimeoutError:
            raise RuleTimeout((self.rule.id,), scan_seconds(text)) from None
        return found


#: Where a pattern's starting words occur more often than once in this many characters,
#: trying it at each of them costs more than `regex`'s own scan (bench/).
_SPARSE = 400


def lowers_in_place(text: str, lower: str) -> bool:
    """Does each character of `text` lower to one, and none that matches an ASCII letter
    ignoring case lower to another character (`CASE_UNLIKE_LOWER`)?

    >>> lowers_in_place("Told", "told"), lowers_in_place("İ", "İ".lower())
    (True, False)
    """
    return len(lower) == len(text) and not any(c in text for c in CASE_UNLIKE_LOWER)


def finditer(pattern: regex.Pattern[str], text: str, pos: int, starts: tuple[str, ...] | None,
             seconds: float | None, sparse: int = _SPARSE,
             haystack: str | None = None) -> Iterator[regex.Match[str]]:
    """`pattern.finditer(text, pos, timeout=seconds)`, the same matches, found faster when
    every match starts with one of the words `starts`: `str.find` finds those places many
    times faster than `regex` scans for an alternation, and the pattern is tried at each.
    The words are looked for in `haystack`, if given: the text in lower case, for an
    ignorecase pattern (`Pattern.lower_starts`). `seconds=None`: no time limit.

    A scan finds the leftmost match, then the next from its end; so does this, since a
    match can start nowhere else. The words are not empty, so neither is a match.

    >>> [m.span() for m in finditer(regex.compile("ab|b"), "xab b ab", 0, ("ab", "b"), 1.0)]
    [(1, 3), (4, 5), (6, 8)]
    """
    places = _places(text if haystack is None else haystack, starts, pos,
                     (len(text) - pos) // sparse if sparse else None)
    if places is None:
        yield from pattern.finditer(text, pos, timeout=seconds)
        return
    deadline, end = None if seconds is None else time.monotonic() + seconds, pos
    for place in places:
        if place < end:
            continue
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            raise TimeoutError
        match = pattern.match(text, place, timeout=left)
        if match:
            end = match.end()
            yield match


def _places(text: str, words: tuple[str, ...] | None, pos: int,
            most: int | None) -> list[int] | None:
    """Every place one of `words` starts in `text` from `pos`, in order (overlapping ones
    too); `None` if there are no words, or more than `most` places."""
    if not words:
        return None
    places = []
    for word in set(words):
        i = text.find(word, pos)
        while i >= 0:
            places.append(i)
            if most is not None and len(places) > most:
                return None
            i = text.find(word, i + 1)
    return sorted(set(places))


def _matches(patterns: list[Pattern[P]],
             scan: "Scan") -> list[tuple[regex.Match[str], Pattern[P]]]:
    """Every pattern's matches, in text order. Patterns that run out of time are named
    together, after every other has run: the run then leaves them all out at once,
    rather than trying the text again once for each."""
    found, timed_out = [], []
    for pattern in patterns:
        try:
            found += [(m, pattern) for m in pattern.find(scan)]
        except RuleTimeout as exc:
            timed_out.append(exc)
    if timed_out:
        raise RuleTimeout(tuple(i for exc in timed_out for i in exc.rule_ids),
                          timed_out[0].seconds)
    return sorted(found, key=lambda hit: hit[0].start())


class _Substitution(NamedTuple):
    replacement: str
    certain: bool  # False: the sentence may end at the match; `suggestion` gives both
    suggestion: str


def _substitution(pattern: Pattern["SubstituteRule"], text: str,
                  match: regex.Match[str]) -> _Substitution | None:
    """The rule's replacement, with its own groups, for a match of its scan;
    `None` where the rule's own pattern (with its left boundary) does not match there."""
    start, end = span(match)
    rule_match = pattern.whole.match(text, match.start())
    if rule_match is None or rule_match.end() != end:
        return None
    new = rule_match.expand(pattern.rule.replacement)
    kept = keep_sentence_end(text, start, end, new)
    if kept is None:
        with_stop = keep_sentence_end(text, start, end, new, ends=True) or new
        return _Substitution(new, False, f"{new or '(delete)'}, or {with_stop.strip()!r} "
                                         "if the sentence ends here")
    return _Substitution(kept, True, kept)


class Substitutes(NamedTuple):
    """Substitute rules: a replacement `fix` may write is an edit, where we can tell the
    sentence goes on or ends; any other is reported with the replacement suggested."""

    patterns: list[Pattern["SubstituteRule"]]
    unsafe_fixes: bool
    fix_pass: str | None = "replace"

    def run(self, scan: "Scan") -> tuple[list[Edit], list[Finding]]:
        edits, found = [], []
        for match, pattern in _matches(self.patterns, scan):
            sub, rule = _substitution(pattern, scan.text, match), pattern.rule
            if sub is None:
                continue
            if sub.certain and rule.applies(self.unsafe_fixes):
                edits.append(Edit(*span(match), sub.replacement, rule.id))
            else:
                found.append(Finding(*span(match), rule.id, rule.message,
                                     suggestion=sub.suggestion))
        return edits, found


#: The share of a text's letters and digits one rule's fixes may delete from it: past
#: this, the rule matches far more than it means to (`(?s).+` replaced by nothing).
MOST_DELETED = 0.5
#: Below this many letters and digits, a text is short enough that a rule may take most
#: of them (a line of residue alone in its file).
_SHORT = 200


def letters(text: str) -> int:
    """The letters and digits of a text: what a fix may not sweep away."""
    return sum(c.isalnum() for c in text)


def lost_letters(text: str, edit: Edit) -> int:
    """How many letters and digits of `text` an edit deletes (less those it puts in)."""
    return letters(text[edit.start:edit.end]) - letters(edit.replacement)


def sweeps(lost: int, total: int) -> bool:
    """Would deleting `lost` of a text's `total` letters and digits be too many?"""
    return total >= _SHORT and lost > total * MOST_DELETED


def refuse_sweeping(text: str, edits: list[Edit],
                    watched: Collection[str]) -> tuple[list[Edit], list[Finding]]:
    """The edits, less those of any rule of `watched` (the user's) that would delete over
    `MOST_DELETED` of the text's letters and digits; each such rule is one error finding
    instead, at its first edit, and the text is left as it was. Our own rules are
    measured on real articles, where a caption block may be most of a short one; a
    user's rule that sweeps a text away matches far more than it means to.

    >>> kept, refused = refuse_sweeping("word " * 100, [Edit(0, 500, "", "x/all")],
    ...                                 {"x/all"})
    >>> kept, refused[0].message[:47]
    ([], 'refused: this fix would delete 100% of the text')
    """
    deleted: dict[str, int] = {}
    for edit in edits:
        if edit.rule_id in watched:
            deleted[edit.rule_id] = deleted.get(edit.rule_id, 0) + lost_letters(text, edit)
    if not deleted:  # none of the user's: the text's letters need not be counted
        return edits, []
    total = letters(text)
    sweeping = {rule_id for rule_id, lost in deleted.items() if sweeps(lost, total)}
    if not sweeping:
        return edits, []
    refused = {}
    for edit in edits:
        if edit.rule_id in sweeping and edit.rule_id not in refused:
            share = deleted[edit.rule_id] / total
            refused[edit.rule_id] = Finding(
                edit.start, edit.end, edit.rule_id,
                f"refused: this fix would delete {share:.0%} of the text's letters and "
                "digits (a pattern that matches far more than it means to?)",
                level=Level.ERROR)
    return [e for e in edits if e.rule_id not in sweeping], list(refused.values())


def compile_substitutes(rules: list["SubstituteRule"], unsafe_fixes: bool) -> list["Batch"]:
    return [Substitutes([Pattern(rule) for rule in rules], unsafe_fixes)]


_FIELD_RE = regex.compile(r"\{(\w+)\}")
#: How far `unless_before` looks back from a match.
_CONTEXT = 80


def _suggest(rule: "FlagRule", match: regex.Match[str] | None = None) -> str | None:
    """The rule's suggestions, each with the named groups of what matched in place of
    `{name}` (`the {x} side` suggests `the {x} government`)."""
    if not rule.suggestions:
        return None
    groups = {k: v for k, v in match.groupdict().items() if v is not None} if match else {}
    return " / ".join(_FIELD_RE.sub(lambda f: groups.get(f[1], f[0]), s)
                      for s in rule.suggestions)


@functools.cache
def _context_pattern(source: str, before: bool) -> regex.Pattern[str]:
    return regex.compile(f"(?:{source})\\Z" if before else source)


def _in_context(rule: "FlagRule", text: str, start: int, end: int) -> bool:
    """Does the phrase stand where it is a calque, not where its rule says it is fine?"""
    if rule.unless_before and _context_pattern(rule.unless_before, True).search(
            text, max(0, start - _CONTEXT), start):
        return False
    return not (rule.unless_after and _context_pattern(rule.unless_after, False).match(text, end))


class Flags(NamedTuple):
    """Flag rules, by phrase or by pattern: reported, with their suggestions, where the
    text around them does not make them fine English. Never applied."""

    phrases: list[Trie]
    patterns: list[Pattern["FlagRule"]]
    fix_pass: str | None = None  # never applied

    def run(self, scan: "Scan") -> tuple[list[Edit], list[Finding]]:
        text = scan.text
        hits = [(start, end, cast("FlagRule", entry.rule))  # the tries hold flags alone
                for trie in self.phrases for start, end, entry in trie.find(scan)]
        found = [Finding(start, end, rule.id, rule.message, suggestion=_suggest(rule))
                 for start, end, rule in hits if _in_context(rule, text, start, end)]
        found += [Finding(*span(m), p.rule.id, p.rule.message, suggestion=_suggest(p.rule, m))
                  for m, p in _matches(self.patterns, scan) if _in_context(p.rule, text, *span(m))]
        return [], found


def compile_flags(rules: list["FlagRule"], unsafe_fixes: bool) -> list["Batch"]:
    phrases = tries([Entry(phrase, rule) for rule in rules for phrase in rule.phrases])
    return [Flags(phrases, [Pattern(rule) for rule in rules if rule.pattern])]


_LITERAL = r"(?:[^\\()\[\]{}|*+?.^$]|\\[.\-'’{}()\[\]+*?|$^/\"#&~ ])+"
_CLASS_RE = regex.compile(r"\[((?:[^\\\]\-^\[]|\\[\"'\]\\])+)\]")
_LEADING_RE = regex.compile(rf"(?:\(\?:({_LITERAL}(?:\|{_LITERAL})*)\)|({_LITERAL}))(.?)")


def starting_literals(pattern: str) -> tuple[str, ...] | None:
    """Words one of which every match of `pattern` starts with: its leading words, unless
    an optional group stands before them.

    >>> starting_literals(r"(?:instructed|tasked)[ \t]+to"), starting_literals(r"[•·]?x")
    (('instructed', 'tasked'), None)
    >>> starting_literals(r"(?:[•·][ \t]*)?Advertisement|Ads"), starting_literals("a|(?:b)?c")
    (None, None)
    """
    return leading_literals(pattern, starting=True)


def leading_literals(pattern: str, ignorecase: bool = False,
                     starting: bool = False) -> tuple[str, ...] | None:
    """Words one of which every match of `pattern` must hold, if its opening says so: the
    words it starts with, or that follow an optional group it starts with (a bullet).

    >>> leading_literals(r"penniless(?<=put…)"), leading_literals(r"(?:Photo|Фото)[ \t]*:")
    (('penniless',), ('Photo', 'Фото'))
    >>> leading_literals(r"colou?r"), leading_literals(r"[•·]x"), leading_literals(r"(?:a|b)?c")
    (('colo',), ('·', '•'), ('c',))
    >>> leading_literals("foo|bar"), leading_literals("foo|[a-z]r")
    (('foo', 'bar'), None)
    >>> leading_literals(r"(?:Related (?:news|posts)|More(?: news)?)[ \t]*:?")
    ('Related ', 'More')
    >>> leading_literals(r'[\"“«](?P<name>\\w+)'), leading_literals(r"[•·]?x")
    (('"', '«', '“'), None)
    """
    branches = _top_level_branches(pattern)
    if len(branches) > 1:
        found = [leading_literals(branch, ignorecase, starting) for branch in branches]
        return None if None in found else tuple(w for words in found if words for w in words)
    end = _group_end(pattern)
    if end is not None and pattern[end + 1:end + 2] == "?" and end + 2 < len(pattern):
        if starting:
            return None  # a match may start in the optional group
        return leading_literals(pattern[end + 2:].removeprefix("?"), ignorecase)
    if end is not None and pattern.startswith("(?:") and pattern[end + 1:end + 2] not in ("*", "{"):
        # a group that must match
        return leading_literals(pattern[3:end], ignorecase, starting)
    chars = _CLASS_RE.match(pattern)
    if chars and pattern[chars.end():chars.end() + 1] not in ("?", "*", "{"):
        return tuple(sorted({c for c in chars[1].replace("\\", "")}))  # `[“«]`: one of these
    match = _LEADING_RE.match(pattern)
    if not match:
        return None
    after = match[3]
    if match[1] is not None:
        if after in ("?", "*", "{"):
            return None  # an optional group promises nothing
        words = match[1].split("|")
    else:
        words = [match[2][:-1] if after in ("?", "*", "{") else match[2]]
    words = [w.replace("\\", "") for w in words]
    if not all(words):
        return None
    return tuple(w.lower() for w in words) if ignorecase else tuple(words)


#: What structures a pattern: an escape, a character class (a `]` first in it is a
#: literal), a bracket or a bar; everything between is plain.
_STRUCTURE_RE = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|[()|]", re.DOTALL)


def _structure(pattern: str) -> Iterator[tuple[re.Match[str], int]]:
    """Each token that structures the pattern, with the depth of groups after it."""
    depth = 0
    for token in _STRUCTURE_RE.finditer(pattern):
        if token[0] == "(":
            depth += 1
        elif token[0] == ")":
            depth -= 1
        yield token, depth


def _group_end(pattern: str) -> int | None:
    r"""Where the group that `pattern` opens with closes, if it opens with one.

    >>> _group_end(r"(?:[)]x|\))?y"), _group_end("ab")
    (10, None)
    """
    if not pattern.startswith("("):
        return None
    return next((t.start() for t, depth in _structure(pattern) if t[0] == ")" and not depth),
                None)


def _top_level_branches(pattern: str) -> list[str]:
    r"""The pattern split at each `|` that is outside every group and character class.

    >>> _top_level_branches(r"a(?:b|c)|[|]d|\||e")
    ['a(?:b|c)', '[|]d', '\\|', 'e']
    """
    if "|" not in pattern:
        return [pattern]
    bars = [t for t, depth in _structure(pattern) if t[0] == "|" and not depth]
    starts, ends = [0, *(t.end() for t in bars)], [*(t.start() for t in bars), len(pattern)]
    return [pattern[a:b] for a, b in zip(starts, ends, strict=True)]
