"""Rules compiled by kind, and one scan of a text that asks them what to fix and report.

Each kind of rule (`rules.KINDS`) compiles its rules into batches: a batch runs on a text
once and returns the edits `fix` may write and the findings left to a human. A batch's
`fix_pass` says which fix pass writes its edits: `remove` (scraped residue, taken out
before anything spends time on it) or `replace` (names and substitutions); a batch
without one only reports, so `fix` never runs it.

`CompiledRules.scan(text)` makes a `Scan`: the text, and each part the passes ask for,
computed when first asked and kept as long as the scan. The pipeline makes one per
version of the text, so `check` runs each batch once however many passes read it.
"""

import functools
from collections.abc import Sequence
from typing import NamedTuple, Protocol, TypeVar

from cleanup.edits import Edit
from cleanup.findings import Finding
from cleanup.literals import word_heads
from cleanup.pairing import quotation_spans
from cleanup.patterns import lowers_in_place, refuse_sweeping
from cleanup.rules import KINDS, RuleSet
from cleanup.spans import Spans


class Batch(Protocol):
    """Rules of one kind, compiled to run together."""

    @property
    def fix_pass(self) -> str | None: ...

    def run(self, scan: "Scan") -> tuple[list[Edit], list[Finding]]: ...


class CompiledRules(NamedTuple):
    """A rule set ready to run, batch by batch, in the order of `rules.KINDS`."""

    rules: RuleSet
    batches: tuple[Batch, ...]
    quoted_out: frozenset[str]  # ids of rules that skip quotations
    users: frozenset[str] = frozenset()  # ids of rules from the user's rule files

    @classmethod
    def build(cls, rules: RuleSet, unsafe_fixes: bool = False) -> "CompiledRules":
        from cleanup.rule_files import users_rules

        batches = []
        for name, kind in KINDS.items():
            chosen = [rule for rule in rules.rules if rule.kind == name]
            batches += kind.compile_batch(chosen, unsafe_fixes) if chosen else []
        quoted_out = frozenset(r.id for r in rules.rules if not r.inside_quotes)
        return cls(rules, tuple(batches), quoted_out, users_rules(rules.rules))

    def scan(self, text: str) -> "Scan":
        return Scan(self, text)


T = TypeVar("T", Edit, Finding)


class Scan:
    """One text, as the rules read it: what `fix` removes and replaces, what `check`
    reports, and what those share (the text in lower case, its words, each batch's
    run), each computed when first asked for."""

    def __init__(self, compiled: CompiledRules, text: str) -> None:
        self.compiled = compiled
        self.text = text
        self._runs: dict[int, tuple[list[Edit], list[Finding]]] = {}

    @functools.cached_property
    def lower(self) -> str:
        return self.text.lower()

    @functools.cached_property
    def lowers_in_place(self) -> bool:
        """Does the text in lower case show each character where the text does, as an
        ignorecase match sees it (`patterns.lowers_in_place`)?"""
        return lowers_in_place(self.text, self.lower)

    @functools.cached_property
    def word_heads(self) -> frozenset[str] | None:
        """The text's words and pairs of words, for the literal tries' prefilter."""
        return word_heads(self)

    @functools.cached_property
    def removals(self) -> list[Edit]:
        """Safe removals of scraped residue."""
        return self._edits("remove")

    @functools.cached_property
    def replacements(self) -> list[Edit]:
        """Safe name fixes and substitutions."""
        return self._edits("replace")

    @functools.cached_property
    def findings(self) -> list[Finding]:
        """Everything a human must decide: ambiguous names, suggestions, flags, residue."""
        return self._outside_quotes([f for i in range(len(self.compiled.batches))
                                     for f in self._run(i)[1]])

    def _edits(self, fix_pass: str) -> list[Edit]:
        return self._outside_quotes([e for i, batch in enumerate(self.compiled.batches)
                                     if batch.fix_pass == fix_pass for e in self._run(i)[0]])

    def _run(self, i: int) -> tuple[list[Edit], list[Finding]]:
        """A batch's edits and findings; a rule whose edits would sweep the text away
        (`refuse_sweeping`) gives an error finding instead."""
        if i not in self._runs:
            edits, found = self.compiled.batches[i].run(self)
            kept, refused = refuse_sweeping(self.text, edits, self.compiled.users)
            self._runs[i] = kept, found + refused
        return self._runs[i]

    def _outside_quotes(self, items: Sequence[T]) -> list[T]:
        """Drop what rules with `inside_quotes = false` found inside quotations."""
        quoted_out = self.compiled.quoted_out
        if not quoted_out or not any(i.rule_id in quoted_out for i in items):
            return list(items)
        return [i for i in items if i.rule_id not in quoted_out
                or not self._quotations.holds(i.start)]

    @functools.cached_property
    def _quotations(self) -> Spans:
        return Spans(quotation_spans(self.text))


@functools.lru_cache(maxsize=16)
def compiled(rules: RuleSet, unsafe_fixes: bool = False) -> CompiledRules:
    """The compiled form of a rule set, built once."""
    return CompiledRules.build(rules, unsafe_fixes)
