"""Rules compiled into as few passes over the text as possible.

Literal spellings (name variants) and literal phrases (flags) go into one trie-shaped
pattern per kind: common prefixes are factored out, so a position costs about the
length of a word whatever the number of rules, and what matched is looked up in a
table. We compile those with the standard `re`, whose prefix-set scan makes the trie
nearly flat in cost (bench/bench_rules.py: 1,000 literals cost about twice what 10 do).
Rules with a regular expression of their own are joined into one `regex` alternation
per kind, each in a named group, so the engine runs once however many there are.
"""

import functools
import itertools
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple, TypeVar, cast

import regex

from cleanup.chars import LINE_BREAK, PARAGRAPH_BREAK_RE, Lazy
from cleanup.edits import Edit
from cleanup.findings import Finding
from cleanup.pairing import quotation_spans
from cleanup.prose import SENTENCE_STARTERS
from cleanup.rules import (
    FlagRule,
    NameRule,
    RemoveRule,
    Rule,
    RuleSet,
    RuleTimeout,
    SubstituteRule,
)

_LEFT = {"strict": r"(?<![\w'’-])", "word": r"(?<!\w)", "none": ""}
_RIGHT = {"strict": r"(?![\w-])(?!['’](?![sS]\b)\w)", "word": r"(?!\w)", "none": ""}
_SPACE_RUN = re.compile(r"\s+")
_BREAK_RE = re.compile(r"\r\n|\r|\n")


def trie_pattern(words: Iterable[str]) -> str:
    """One regular expression matching any of `words`, longest first, prefixes shared.

    A space in a word matches any run of white space, so phrases survive line wrapping;
    `find` drops a match that crosses a paragraph break.

    >>> trie_pattern(["Ros", "Rosoboro", "Rosoboroexport"])
    'Ros(?:oboro(?:export)?)?'
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [(r"\s+" if char == " " else re.escape(char)) + emit(child)
                    for char, child in sorted(node.items(), key=lambda kv: kv[0]) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"

    return emit(trie)


S = TypeVar("S")
T = TypeVar("T")


def per_text(method: Callable[[S, str], T]) -> Callable[[S, str], T]:
    """Remember a method's result for the last text it was given (compared by identity).

    `check` hands the same text to a rule set's fixes and its findings, and `fix` hands
    it the same text until something changes it, so each scan runs once per text.
    """
    slot = f"_last_{method.__name__}"

    @functools.wraps(method)
    def remembered(self: S, text: str) -> T:
        last = self.__dict__.get(slot)
        if last is not None and last[0] is text:
            return cast(T, last[1])
        result = method(self, text)
        self.__dict__[slot] = (text, result)
        return result

    return remembered


@lru_cache(maxsize=2)
def lowered(text: str) -> str:
    """The text in lower case, made once per text however many scans ask for it."""
    return text.lower()


class _Hit(NamedTuple):
    start: int
    end: int
    rule: Rule
    canonical: str
    safe: bool


@dataclass
class _Literals:
    """A trie of literal strings, and what each one stands for.

    The trie ignores case if any entry does; a case-sensitive entry is then held to its
    exact spelling when looked up, so one scan serves both.
    """

    source: str  # the trie's pattern
    fold: bool  # does any entry ignore case?
    table: dict[str, list[tuple[str, Rule, str, bool]]]  # lower-cased -> entries
    heads: frozenset[str] = frozenset()  # each entry's first one or two words, lower-cased

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        """The trie, ignoring case if any entry does; compiled when first needed."""
        return re.compile(self.source, re.IGNORECASE if self.fold else 0)

    @functools.cached_property
    def lower(self) -> re.Pattern[str]:
        """The trie, case-sensitive, for a lower-cased copy of the text."""
        return re.compile(self.source)

    def might_match(self, text: str) -> bool:
        """A cheap necessary condition: do the first words of some entry stand together?

        Compiling a trie costs a few milliseconds, which a pre-commit hook running on one
        short article notices; on a long text we compile, which costs nothing beside the
        scan, rather than split it into words.
        """
        if not self.heads or len(text) > _PREFILTER_LIMIT:
            return True
        words = _RUN_RE.findall(lowered(text))
        grams = {p for w in words for p in _cuts(w)}
        grams |= {f"{a} {p}" for a, b in itertools.pairwise(words) for p in _cuts(b)}
        return not self.heads.isdisjoint(grams)

    @per_text
    def find(self, text: str) -> list[_Hit]:
        if not self.might_match(text):
            return []
        hits = []
        # Ignoring case costs a case-insensitive trie about three times a plain one, so we
        # match a lower-cased copy instead, wherever lowering keeps every offset.
        low = lowered(text) if self.fold else text
        matches = (self.lower.finditer(low) if self.fold and len(low) == len(text)
                   else self.pattern.finditer(text))
        for match in matches:
            if crosses_paragraph(text, match.start(), match.end()):
                continue
            found = _SPACE_RUN.sub(" ", text[match.start():match.end()])
            for word, rule, canonical, safe in self.table.get(found.lower(), ()):
                if rule.ignorecase or found == word:
                    hits.append(_Hit(match.start(), match.end(), rule, canonical, safe))
                    break
        return hits


@dataclass
class _Patterns:
    """Rules' own patterns, each scanned on its own.

    One alternation of them all would scan the text once, but `regex` then tries every
    branch at every position; each pattern alone opens with its rarest words, which
    `regex` finds with a fast search, and the lot runs three times faster (bench/). The
    left word boundary is checked after a match rather than in the pattern, for the same
    reason: a pattern that opens with a lookbehind is tried at every position. A rule
    whose pattern opens with plain words runs only when one of them occurs in the text,
    so a short article pays to compile only the rules it might need (`leading_literals`).
    """

    rules: list[tuple[Rule, str, tuple[str, ...] | None]]  # rule, pattern, leading words

    @per_text
    def find(self, text: str) -> list[tuple[regex.Match[str], Rule, regex.Pattern[str]]]:
        seconds = scan_seconds(text)
        found = []
        for i, (rule, _, words) in enumerate(self.rules):
            if words is not None and not any(
                    w in (lowered(text) if rule.ignorecase else text) for w in words):
                continue
            scan, own = self._compiled(i)
            try:
                matches = list(scan.finditer(text, timeout=seconds))
            except TimeoutError:
                raise RuleTimeout((rule.id,), seconds) from None
            for match in matches:
                start, end = _span(match)
                if (start < end and _left_boundary_ok(text, start, rule.boundary)
                        and not crosses_paragraph(text, start, end)):
                    found.append((match, rule, own))
        return sorted(found, key=lambda hit: hit[0].start())

    @functools.cache  # noqa: B019 (one pair a rule, held as long as the rules)
    def _compiled(self, i: int) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
        """The rule's pattern to scan with (no left boundary), and whole."""
        rule, pattern, _ = self.rules[i]
        return (regex.compile(wrap_pattern(pattern, rule, left=False)),
                regex.compile(wrap_pattern(pattern, rule)))

    def __hash__(self) -> int:
        return id(self)


_LITERAL = r"(?:[^\\()\[\]{}|*+?.^$]|\\[.\-'’{}()\[\]+*?|$^/\"#&~ ])+"
_CLASS_RE = regex.compile(r"\[((?:[^\\\]\-^\[]|\\[\"'\]\\])+)\]")
_LEADING_RE = regex.compile(rf"(?:\(\?:({_LITERAL}(?:\|{_LITERAL})*)\)|({_LITERAL}))(.?)")


def leading_literals(pattern: str, ignorecase: bool = False) -> tuple[str, ...] | None:
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
        found = [leading_literals(branch, ignorecase) for branch in branches]
        return None if None in found else tuple(w for words in found if words for w in words)
    end = _group_end(pattern)
    if end is not None and pattern[end + 1:end + 2] == "?" and end + 2 < len(pattern):
        return leading_literals(pattern[end + 2:].removeprefix("?"), ignorecase)
    if end is not None and pattern.startswith("(?:") and pattern[end + 1:end + 2] not in ("*", "{"):
        return leading_literals(pattern[3:end], ignorecase)  # a group that must match
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


def _group_end(pattern: str) -> int | None:
    r"""Where the group that `pattern` opens with closes, if it opens with one.

    >>> _group_end(r"(?:[)]x|\))?y"), _group_end("ab")
    (10, None)
    """
    if not pattern.startswith("("):
        return None
    depth = 0
    for token in _STRUCTURE_RE.finditer(pattern):
        if token[0] == "(":
            depth += 1
        elif token[0] == ")":
            depth -= 1
            if depth == 0:
                return token.start()
    return None


def _top_level_branches(pattern: str) -> list[str]:
    r"""The pattern split at each `|` that is outside every group and character class.

    >>> _top_level_branches(r"a(?:b|c)|[|]d|\||e")
    ['a(?:b|c)', '[|]d', '\\|', 'e']
    """
    branches, depth, start = [], 0, 0
    for token in _STRUCTURE_RE.finditer(pattern):
        if token[0] == "(":
            depth += 1
        elif token[0] == ")":
            depth -= 1
        elif token[0] == "|" and depth == 0:
            branches.append(pattern[start:token.start()])
            start = token.end()
    return [*branches, pattern[start:]]


def scan_seconds(text: str) -> float:
    """How long one rule scan may take on a text: a second, and a second more per MB.

    Our own patterns take a few milliseconds per MB (bench/); a pattern that needs a
    thousand times that backtracks catastrophically, and would otherwise hang the run.
    """
    return 1.0 + len(text) / 1_000_000


def crosses_paragraph(text: str, start: int, end: int) -> bool:
    """Does `text[start:end]` hold a blank line? No rule's match may: a paragraph break
    is a boundary, and a fix across it would join two paragraphs."""
    return _BREAK_RE.search(text, start, end) is not None and \
        PARAGRAPH_BREAK_RE.search(text, start, end) is not None


def _left_boundary_ok(text: str, start: int, boundary: str) -> bool:
    if boundary == "none" or start == 0:
        return True
    before = text[start - 1]
    return not (before.isalnum() or before == "_" or (boundary == "strict" and before in "'’-"))


def wrap_pattern(pattern: str, rule: Rule, left: bool = True) -> str:
    """A rule's pattern with its case handling and word boundaries."""
    group = "(?i:" if rule.ignorecase else "(?:"
    return f"{_LEFT[rule.boundary] if left else ''}{group}{pattern}){_RIGHT[rule.boundary]}"


_PREFILTER_LIMIT = 100_000
#: A word as the strict boundary sees one: a strict match starts such a run of characters.
_RUN_RE = re.compile(r"[\w'’-]+")


def _cuts(word: str) -> list[str]:
    """A word, and each of its beginnings that ends before an apostrophe (a match may stop
    there: the strict boundary lets a possessive follow).

    >>> _cuts("antei's's")
    ['antei', "antei's", "antei's's"]
    """
    cuts = [word[:i] for i, c in enumerate(word) if c in "'’" and i]
    return [*cuts, word]


def _head(word: str) -> str:
    """An entry's first one or two words, as `might_match` sees words.

    >>> _head("According to him,"), _head("Recall,"), _head("military-technical")
    ('according to', 'recall', 'military-technical')
    """
    return " ".join(_RUN_RE.findall(word.lower())[:2])


def _literals(entries: list[tuple[str, Rule, str, bool]]) -> list[_Literals]:
    """One trie per kind of word boundary (and nearly always there is one kind)."""
    groups: dict[str, list[tuple[str, Rule, str, bool]]] = {}
    for entry in entries:
        groups.setdefault(entry[1].boundary, []).append(entry)
    compiled = []
    for boundary, items in groups.items():
        fold = any(rule.ignorecase for _, rule, _, _ in items)
        table: dict[str, list[tuple[str, Rule, str, bool]]] = {}
        for item in items:
            table.setdefault(item[0].lower(), []).append(item)
        words = sorted({word.lower() if fold else word for word, *_ in items})
        body = _LEFT[boundary] + f"(?:{trie_pattern(words)})" + _RIGHT[boundary]
        # Only a strict boundary promises that a match starts a word as `might_match` splits.
        heads = frozenset(_head(w) for w in words) if boundary == "strict" else frozenset()
        compiled.append(_Literals(body, fold, table, heads))
    return compiled


def _patterns(rules: list[tuple[Rule, str]]) -> _Patterns | None:
    if not rules:
        return None
    return _Patterns([(rule, pattern, leading_literals(pattern, rule.ignorecase))
                         for rule, pattern in rules])


def _name_entries(rule: NameRule) -> Iterator[tuple[str, Rule, str, bool]]:
    for safe, words in ((True, rule.variants), (False, rule.ambiguous)):
        for word in words:
            yield word, rule, rule.canonical, safe
            if not rule.ignorecase and word.upper() != word:
                yield word.upper(), rule, rule.canonical.upper(), safe


class _Residue:
    """A remove rule, compiled when its leading words first occur in a text."""

    def __init__(self, rule: RemoveRule) -> None:
        self.rule = rule
        self.words = leading_literals(rule.pattern, rule.ignorecase)

    def might_match(self, text: str) -> bool:
        haystack = lowered(text) if self.rule.ignorecase else text
        return self.words is None or any(w in haystack for w in self.words)

    @functools.cached_property
    def pattern(self) -> regex.Pattern[str]:
        return regex.compile(_remove_pattern(self.rule))


@functools.lru_cache(maxsize=8)
def _lines_pattern(lines: tuple[_Residue, ...]) -> regex.Pattern[str]:
    """What one of these line rules may cover: a whole line, spaces aside."""
    bodies = "|".join(f"(?i:{r.rule.pattern})" if r.rule.ignorecase else f"(?:{r.rule.pattern})"
                      for r in lines)
    return regex.compile(rf"(?:{bodies})[ \t]*")


#: The text of a line short enough for a line rule (page furniture is short; prose runs
#: on): a pattern with no leading word costs a full scan of the text, so line rules look
#: only at the starts of such lines, together.
LINE_RULE_LIMIT = 1000
_SHORT_LINE_RE = re.compile(rf"(?<![^\r\n])[ \t]*([^\r\n]{{1,{LINE_RULE_LIMIT}}})(?![^\r\n])")


def _short_lines(pattern: regex.Pattern[str], text: str,
                 rules: tuple[_Residue, ...]) -> list[int]:
    """Where each short line that `pattern` covers starts its text."""
    seconds, starts = scan_seconds(text), []
    deadline = time.monotonic() + seconds
    try:
        for line in _SHORT_LINE_RE.finditer(text):
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            if pattern.fullmatch(text, line.start(1), line.end(1), timeout=left):
                starts.append(line.start(1))
    except TimeoutError:
        raise RuleTimeout(tuple(r.rule.id for r in rules), seconds) from None
    return starts


def _residue(removes: list[_Residue], text: str) -> list[tuple[RemoveRule, regex.Match[str]]]:
    """Each match of these remove rules: line rules on the short lines they may cover,
    the others over the whole text."""
    active = [r for r in removes if r.might_match(text)]
    lines = tuple(r for r in active if r.rule.scope == "line")
    matches = [(r.rule, m) for start in _short_lines(_lines_pattern(lines), text, lines)
               for r in lines for m in [r.pattern.match(text, start)] if m] if lines else []
    for residue in active:
        if residue.rule.scope == "line":
            continue
        try:
            matches += [(residue.rule, m) for m in
                        residue.pattern.finditer(text, timeout=scan_seconds(text))]
        except TimeoutError:
            raise RuleTimeout((residue.rule.id,), scan_seconds(text)) from None
    return [(rule, m) for rule, m in matches
            if m.start() < m.end() and not crosses_paragraph(text, *_span(m))]


@dataclass
class CompiledRules:
    """A rule set ready to run: `residue_edits` and `replacement_edits` are its safe fixes,
    `findings` everything else."""

    rules: RuleSet
    unsafe_fixes: bool = False
    names: list[_Literals] = field(default_factory=list)
    phrases: list[_Literals] = field(default_factory=list)
    flags: _Patterns | None = None
    substitutes: _Patterns | None = None
    removes: list[_Residue] = field(default_factory=list)
    quoted_out: frozenset[str] = frozenset()  # ids of rules that skip quotations

    @classmethod
    def build(cls, rules: RuleSet, unsafe_fixes: bool = False) -> "CompiledRules":
        kinds: dict[type[Rule], list[Any]] = {}
        for rule in rules.rules:
            kinds.setdefault(type(rule), []).append(rule)
        flags: list[FlagRule] = kinds.get(FlagRule, [])
        return cls(
            rules, unsafe_fixes,
            names=_literals([e for r in kinds.get(NameRule, []) for e in _name_entries(r)]),
            phrases=_literals([(p, r, "", False) for r in flags for p in r.phrases]),
            flags=_patterns([(r, r.pattern) for r in flags if r.pattern]),
            substitutes=_patterns([(r, r.pattern) for r in kinds.get(SubstituteRule, [])]),
            removes=[_Residue(r) for r in kinds.get(RemoveRule, [])],
            quoted_out=frozenset(r.id for r in rules.rules if not r.inside_quotes),
        )

    def _applies(self, rule: Rule) -> bool:
        return rule.fix == "safe" or (rule.fix == "unsafe" and self.unsafe_fixes)

    def residue_edits(self, text: str) -> list[Edit]:
        """Safe removals of scraped residue."""
        return [Edit(*_removal_span(text, m, r), "", r.id)
                for r, m in self._removed(text)]

    @per_text
    def _removed(self, text: str) -> list[tuple[RemoveRule, regex.Match[str]]]:
        """What the safe remove rules match: all `fix` needs, on every pass."""
        return _residue([r for r in self.removes if r.rule.fix == "safe"], text)

    @per_text
    def _reported(self, text: str) -> list[tuple[RemoveRule, regex.Match[str]]]:
        return _residue([r for r in self.removes if r.rule.fix != "safe"], text)

    def _fixes_name(self, hit: _Hit, text: str) -> str | None:
        """The canonical spelling that replaces a name hit, if `fix` may write it."""
        if not (hit.safe and self._applies(hit.rule)):
            return None
        return name_replacement(text[hit.start:hit.end], hit.canonical)

    def replacement_edits(self, text: str) -> list[Edit]:
        """Safe name fixes and substitutions."""
        edits = [Edit(h.start, h.end, new, h.rule.id)
                 for literals in self.names for h in literals.find(text)
                 for new in [self._fixes_name(h, text)] if new is not None]
        if self.substitutes:
            edits += [Edit(*_span(m), sub.replacement, rule.id)
                      for m, rule, own in self.substitutes.find(text) if self._applies(rule)
                      for sub in [_substitution(rule, own, text, m)] if sub and sub.certain]
        return self._outside_quotes(text, edits)

    def findings(self, text: str) -> list[Finding]:
        """Everything a human must decide: ambiguous names, suggestions, flags, residue."""
        found = [Finding(h.start, h.end, h.rule.id, h.rule.message, suggestion=h.canonical)
                 for literals in self.names for h in literals.find(text)
                 if self._fixes_name(h, text) is None]
        if self.substitutes:
            found += [Finding(*_span(m), rule.id, rule.message, suggestion=sub.suggestion)
                      for m, rule, own in self.substitutes.find(text)
                      for sub in [_substitution(rule, own, text, m)]
                      if sub and not (sub.certain and self._applies(rule))]
        found += [Finding(h.start, h.end, h.rule.id, h.rule.message, suggestion=_suggest(h.rule))
                  for literals in self.phrases for h in literals.find(text)
                  if _in_context(h.rule, text, h.start, h.end)]
        if self.flags:
            found += [Finding(*_span(m), rule.id, rule.message, suggestion=_suggest(rule, m))
                      for m, rule, _ in self.flags.find(text)
                      if _in_context(rule, text, *_span(m))]
        removed = [e[:2] for e in self.residue_edits(text)]  # what fix deletes anyway
        found += [Finding(s, e, r.id, r.message, suggestion="remove")
                  for r, m in self._reported(text)
                  for s, e in [_removal_span(text, m, r)]
                  if not any(a <= s and e <= b for a, b in removed)]
        return self._outside_quotes(text, found)

    def _outside_quotes(self, text: str, items: list[Any]) -> list[Any]:
        """Drop what rules with `inside_quotes = false` found inside quotations."""
        if not self.quoted_out or not any(i.rule_id in self.quoted_out for i in items):
            return items
        spans = quotation_spans(text)
        return [i for i in items if i.rule_id not in self.quoted_out
                or not any(s <= i.start < e for s, e in spans)]


def _span(match: regex.Match[str]) -> tuple[int, int]:
    """A match's span, reaching back to a group named `from` captured in a lookbehind.

    Patterns start with their rarest word and look back for the rest, because that scans
    fastest; `from` lets such a pattern still report the whole phrase.
    """
    start = match.start("from") if "from" in match.re.groupindex and match.start("from") >= 0 \
        else match.start()
    return min(start, match.start()), match.end()


def _suggest(rule: Rule, match: regex.Match[str] | None = None) -> str | None:
    """The rule's suggestions, each with the named groups of what matched in place of
    `{name}` (`the {x} side` suggests `the {x} government`)."""
    suggestions = getattr(rule, "suggestions", ())
    if not suggestions:
        return None
    groups = {k: v for k, v in match.groupdict().items() if v is not None} if match else {}
    return " / ".join(_FIELD_RE.sub(lambda f: groups.get(f[1], f[0]), s) for s in suggestions)


_FIELD_RE = regex.compile(r"\{(\w+)\}")
#: How far `unless_before` looks back from a match.
_CONTEXT = 80


@functools.cache
def _context_pattern(source: str, before: bool) -> regex.Pattern[str]:
    return regex.compile(f"(?:{source})\\Z" if before else source)


def _in_context(rule: Rule, text: str, start: int, end: int) -> bool:
    """Does the phrase stand where it is a calque, not where its rule says it is fine?"""
    unless_before = getattr(rule, "unless_before", "")
    unless_after = getattr(rule, "unless_after", "")
    if unless_before and _context_pattern(unless_before, True).search(
            text, max(0, start - _CONTEXT), start):
        return False
    return not (unless_after and _context_pattern(unless_after, False).match(text, end))


class _Substitution(NamedTuple):
    replacement: str
    certain: bool  # False: the sentence may end at the match; `suggestion` gives both
    suggestion: str


def _substitution(rule: Rule, own: regex.Pattern[str], text: str,
                  match: regex.Match[str]) -> _Substitution | None:
    """The rule's replacement, with its own groups, for a match of its scan;
    `None` where the rule's own pattern (with its left boundary) does not match there."""
    start, end = _span(match)
    rule_match = own.match(text, match.start())
    if rule_match is None or rule_match.end() != end:
        return None
    new = rule_match.expand(getattr(rule, "replacement", ""))
    kept = keep_sentence_end(text, start, end, new)
    if kept is None:
        with_stop = keep_sentence_end(text, start, end, new, ends=True) or new
        return _Substitution(new, False, f"{new or '(delete)'}, or {with_stop.strip()!r} "
                                         "if the sentence ends here")
    return _Substitution(kept, True, kept)


#: What `keep_sentence_end` reads, compiled when a substitution first matches.
_SENTENCE_RE = Lazy(
    stop_at_end=r"[.!?\N{HORIZONTAL ELLIPSIS}]+(?=[ \t]*\Z)",
    closing=r"[\"'\N{RIGHT DOUBLE QUOTATION MARK}\N{RIGHT SINGLE QUOTATION MARK}"
            r"\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK})\]]*",
    next=r"([ \t]*)(\r\n|\r|\n|\Z)?([ \t]*)(\S*)",
)


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
    stop = _SENTENCE_RE.stop_at_end.search(text, start, end)
    if stop is None or replacement.rstrip().endswith(stop[0]):
        return replacement
    given_back = replacement.rstrip() + stop[0] + replacement[len(replacement.rstrip()):]
    if ends:
        return given_back
    closing = _SENTENCE_RE.closing.match(text, end)
    after = _SENTENCE_RE.next.match(text, closing.end() if closing else end)
    if after is None or (closing and closing.end() > end) or not after[4]:
        return given_back  # a closing mark, or the end of the text or of a paragraph
    word = after[4]
    if word[0].islower():
        return replacement  # the sentence goes on
    if word[0].isupper() and word.strip("\"“«(").lower() in SENTENCE_STARTERS:
        return given_back  # `2020 г. It closed`: a new sentence
    return None


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


def _remove_pattern(rule: RemoveRule) -> str:
    """A remove rule's pattern, held to its scope: a whole line, or a whole paragraph."""
    body = f"(?i:{rule.pattern})" if rule.ignorecase else f"(?:{rule.pattern})"
    if rule.scope == "line":  # the line's start is checked in _line_start
        return rf"{body}[ \t]*(?![^\r\n])"
    if rule.scope == "paragraph":
        blank = rf"{LINE_BREAK}[ \t]*{LINE_BREAK}"
        return rf"(?<=\A|{blank}){body}(?=[ \t]*(?:{blank}|{LINE_BREAK}?\Z))"
    return body


_LINE_BREAK_RE = regex.compile(LINE_BREAK)


def _line_start(text: str, pos: int) -> int:
    r"""Where the line holding `pos` starts, if only spaces and tabs stand before `pos`; else -1.

    >>> _line_start("a\n  b", 4), _line_start("a b", 2)
    (2, -1)
    """
    start = pos
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    return start if start == 0 or text[start - 1] in "\r\n" else -1
_BLANK_AFTER_RE = regex.compile(rf"{LINE_BREAK}[ \t]*{LINE_BREAK}")
_BLANK_BEFORE_RE = regex.compile(rf"{LINE_BREAK}[ \t]*{LINE_BREAK}\Z")


def _removal_span(text: str, match: regex.Match[str], rule: RemoveRule) -> tuple[int, int]:
    """What removing a match takes with it: a line its break; a paragraph one blank line."""
    start, end = _span(match)
    if rule.scope == "line":
        brk = _LINE_BREAK_RE.match(text, end)
        return _line_start(text, start), brk.end() if brk else end
    if rule.scope == "paragraph":
        after = _BLANK_AFTER_RE.match(text, end)
        if after:
            return start, after.end()
        before = _BLANK_BEFORE_RE.search(text, max(0, start - 64), start)
        if before:
            return before.start(), end
    return start, end


@lru_cache(maxsize=16)
def compiled(rules: RuleSet, unsafe_fixes: bool = False) -> CompiledRules:
    """The compiled form of a rule set, built once."""
    return CompiledRules.build(rules, unsafe_fixes)
