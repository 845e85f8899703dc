"""The pipeline: the registry's fixes and checks run over one document's view.

`fix_and_explain` applies the fixes in order and repeats the whole pass until it changes
nothing, so a repair that makes another one possible (a bracket closed up, then a quote
moved against it) is found on the next pass. `check_text` runs the same fixes on the
text as it is and reports their edits, so every fix is also a finding and `check`
on fixed text has no fixable finding by construction.

`fix_and_check` is the two at once, as `fix` reports what is left: the pass that finds
nothing to apply is the check's own run of the fixes on the fixed text, so it is run
once, not twice; and a fix that meets again the very text it last read is not run again.
"""

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple, TypeVar

from cleanup import markdown, suppression
from cleanup.backends import BackendFailure, Backends
from cleanup.config import Config, rule_matches
from cleanup.edits import Edit, apply_edits
from cleanup.findings import Finding, Level
from cleanup.matcher import CompiledRules, compiled
from cleanup.patterns import letters, lost_letters, sweeps
from cleanup.readers import Reader, reader_named
from cleanup.registry import BUILTIN, CHECKS, FINISH, FIXES, RULE_IDS, Check, Context, Finish, Fix
from cleanup.rule_files import load_rules, stamps
from cleanup.rules import NameRule, RuleSet
from cleanup.view import View, drop_protected

__all__ = ["RULE_IDS", "check_text", "fix_and_check", "fix_and_explain", "fix_text", "plan"]

MAX_PASSES = 10
T = TypeVar("T")
DEFAULT_CONFIG = Config()


@dataclass(frozen=True)
class Plan:
    """What runs for a config: the registry's passes it selects, and the rules they apply."""

    fixes: tuple[Fix, ...]
    checks: tuple[Check, ...]
    finish: tuple[Finish, ...]
    messages: dict[str, str]  # every rule's message, by id
    levels: dict[str, Level]  # set levels; the rest: error if fixable, else warning
    rules: RuleSet
    unsafe_fixes: bool
    known_names: frozenset[str]  # every spelling a name rule knows
    known_ids: frozenset[str]  # every rule id, selected or not: what a selector may name

    @cached_property
    def matcher(self) -> CompiledRules:
        """The rules compiled, when a text is first worked: a run whose every file the
        result cache answers, or that only reports the rule files' errors, never needs it."""
        return compiled(self.rules, self.unsafe_fixes)

    def context(self, view: View, config: Config, backends: Backends) -> Context:
        return Context(view, config, self.matcher, self.known_names, backends)


def plan(config: Config) -> Plan:
    """Load and compile the rules a config asks for, and pick the passes it selects; again
    only when a rule file has changed since (a long-lived process sees an edit)."""
    return _plan(config, stamps(config.rule_dirs, builtin=config.builtin_rules))


@lru_cache(maxsize=256)
def _plan(config: Config, rule_files: tuple[object, ...]) -> Plan:
    loaded = load_rules(config.rule_dirs, builtin=config.builtin_rules)
    rules = RuleSet(tuple(r for r in loaded.rules if config.selects(r.id)), loaded.errors)
    known = frozenset(w for r in rules.rules if isinstance(r, NameRule)
                      for w in (r.canonical, *r.variants, *r.ambiguous))
    fixes = tuple(f for f in FIXES if f.is_pass or config.selects(f.rule_id))
    checks = tuple(c for c in CHECKS if c.is_pass or config.selects(c.rule_id))
    messages = {r.rule_id: r.message for r in BUILTIN.values()} | {
        r.id: r.message for r in loaded.rules}
    levels = {r.rule_id: r.level for r in CHECKS} | {f.rule_id: f.level for f in FINISH} | {
        r.id: Level(r.level) for r in rules.rules if r.level}
    known_ids = frozenset(RULE_IDS) | {r.id for r in loaded.rules}
    return Plan(fixes, checks, FINISH, messages, levels, rules, config.unsafe_fixes, known,
                known_ids)


def _proposed(fix: Fix, ctx: Context) -> list[Edit]:
    """What a fix proposes, less what it may not touch and what would change nothing.

    An edit that writes what is already there is no edit: counted, it would make `fix`
    report a repair it did not make, and repeat it until the passes run out. A fix whose
    backend fails proposes nothing, and the failure is kept for the run to report.
    """
    text = ctx.text
    try:
        proposed = fix.function(ctx)
    except BackendFailure as exc:
        ctx.backends.failed(fix.rule_id, exc)
        return []
    return [e for e in drop_protected(proposed, ctx.view.protected)
            if text[e.start:e.end] != e.replacement]


def _edits(fix: Fix, ctx: Context, proposed: list[Edit] | None = None) -> list[Edit]:
    """What a fix applies: what it proposes, less the unfixable and the suppressed, with
    the padding that keeps a table's columns."""
    edits = _proposed(fix, ctx) if proposed is None else proposed
    if ctx.config.unfixable:
        edits = [e for e in edits if not rule_matches(e.rule_id, ctx.config.unfixable)]
    edits = suppression.drop_suppressed_edits(edits, ctx.view.suppressed)
    return markdown.keep_columns(ctx.text, edits, ctx.view.cells)


class Step(NamedTuple):
    """One fix that changed the text, with the edits it made (offsets into its input)."""

    rule_id: str
    edits: tuple[Edit, ...]


class ExplainedText(NamedTuple):
    text: str
    steps: tuple[Step, ...]

    @property
    def edits(self) -> int:
        """The repairs made, as a report counts them: a table's padding is not one."""
        return sum(e.rule_id != markdown.PADDING for step in self.steps for e in step.edits)


class LeftOut(RuntimeError):
    """Rules the run leaves out of this text, trying it again without them (`why`)."""

    def __init__(self, rule_ids: set[str], why: str) -> None:
        super().__init__(f"{', '.join(sorted(rule_ids))} {why}")
        self.rule_ids, self.why = tuple(sorted(rule_ids)), why


class NotConverged(LeftOut):
    """The fixes kept changing the text: rules that undo or redo each other's edits in a
    way loading could not foresee (`rule_files` refuses the ones it can)."""

    def __init__(self, rule_ids: set[str]) -> None:
        super().__init__(rule_ids, f"kept changing the text for {MAX_PASSES} passes (fixes "
                                   "that undo or redo each other's?)")


class Eroding(LeftOut):
    """A rule that, pass after pass, deleted most of the text: each pass under the share
    one may take (`patterns.refuse_sweeping`), all of them over it."""

    def __init__(self, rule_ids: set[str]) -> None:
        super().__init__(rule_ids, "deleted over half of the text's letters and digits, "
                                   "pass after pass")


def _with_own_backends(call: Callable[[Backends], T]) -> T:
    """A library call given no backends: its own, closed when it returns, and what failed
    in them raised (a caller with no run has nowhere else to hear of it)."""
    with Backends() as own:
        done = call(own)
        if own.failures:
            raise BackendFailure(own.failures[0])
        return done


def _not_overlapping(second: list[Finding], first: list[Finding]) -> list[Finding]:
    """The findings of `second` that touch no span of `first`: one report for one span.

    >>> a, b = Finding(0, 3, "x", "m"), Finding(2, 5, "y", "m")
    >>> _not_overlapping([b, Finding(6, 7, "y", "m")], [a])
    [Finding(start=6, end=7, rule_id='y', message='m', replacement=None, suggestion=None, \
level=<Level.WARNING: 'warning'>)]
    """
    def width(start: int, end: int) -> tuple[int, int]:
        return start, max(end, start + 1)  # an insertion covers the character after it

    # The spans of `first` merged into disjoint stretches, sought by bisection: each of
    # `second` against each of `first` cost the square of a long text's findings.
    starts: list[int] = []
    ends: list[int] = []
    for s, e in sorted(width(f.start, f.end) for f in first):
        if ends and s < ends[-1]:
            ends[-1] = max(ends[-1], e)
        else:
            starts.append(s)
            ends.append(e)
    kept = []
    for finding in second:
        start, end = width(finding.start, finding.end)
        i = bisect_left(starts, end) - 1  # the last stretch that starts before `end`
        if i < 0 or ends[i] <= start:
            kept.append(finding)
    return kept


def fix_and_explain(text: str, config: Config = DEFAULT_CONFIG, *,
                    markup: str | Reader = "text",
                    backends: Backends | None = None) -> ExplainedText:
    """Apply every safe fix until none applies; return the text and the steps taken.

    `markup` names the reader (`"text"`, `"markdown"`: see `readers.py`); `backends` as
    for `check_text`.

    >>> fix_and_explain("for $ 2.5 billion").text
    'for $2.5 billion'
    """
    if backends is None:
        return _with_own_backends(
            lambda own: fix_and_explain(text, config, markup=markup, backends=own))
    explained, _, _ = _fix(text, config, reader_named(markup), backends)
    return explained


def _fix(text: str, config: Config, reader: Reader,
         backends: Backends) -> tuple[ExplainedText, Context, list[list[Edit]]]:
    """Fix to a fixed point; with the result, the context of the fixed text and what each
    fix proposes there (the last pass, which applied nothing: a check's proposals).

    A fix is a function of its context, and the context of its text, so a fix that meets
    the very text it last read proposes what it proposed then, and is not run again: in
    the last pass, every fix after the last one that changed the text.
    """
    rules = plan(config)
    steps: list[Step] = []
    ctx = rules.context(reader.view(text), config, backends)
    read: list[tuple[str, list[Edit]] | None] = [None] * len(rules.fixes)
    changed: set[str] = set()
    # Letters and digits deleted by each of the user's rules (ours, and the encoding
    # repair that turns two letters of mojibake into one, are measured on real text).
    users = rules.matcher.users
    total, lost = (letters(text) if users else 0), Counter[str]()
    for _ in range(MAX_PASSES):
        before, changed = changed, set()
        proposals: list[list[Edit]] = []
        for i, fix in enumerate(rules.fixes):
            last = read[i]
            if last is not None and last[0] == text:
                proposed = last[1]
            else:
                proposed = _proposed(fix, ctx)
                read[i] = (text, proposed)
            proposals.append(proposed)
            edits = _edits(fix, ctx, proposed)
            if edits:
                for e in edits:
                    if e.rule_id in users:
                        lost[e.rule_id] += lost_letters(text, e)
                text, applied = apply_edits(text, edits)
                ctx = rules.context(reader.view(text), config, ctx.backends)
                steps.append(Step(fix.rule_id, tuple(applied)))
                changed |= {e.rule_id for e in applied}
        if eroding := {rule_id for rule_id, n in lost.items() if sweeps(n, total)}:
            raise Eroding(eroding)
        if not changed:
            return ExplainedText(text, tuple(steps)), ctx, proposals
    raise NotConverged(before | changed)


def fix_and_check(text: str, config: Config = DEFAULT_CONFIG, *,
                  markup: str | Reader = "text",
                  backends: Backends | None = None) -> tuple[ExplainedText, list[Finding]]:
    """`fix_and_explain(text)` and `check_text` of the fixed text, for the cost of the fix:
    its last pass, which finds nothing to apply, is the check's run of the fixes.

    >>> done, left = fix_and_check("for $ 2.5 billion, ”he said")
    >>> done.text, [f.rule_id for f in left]
    ('for $2.5 billion,” he said', ['quotes/unpaired'])
    """
    if backends is None:
        return _with_own_backends(
            lambda own: fix_and_check(text, config, markup=markup, backends=own))
    explained, ctx, proposals = _fix(text, config, reader_named(markup), backends)
    return explained, _findings(plan(config), ctx, proposals)


def apply_plan(text: str, steps: tuple[Step, ...]) -> str:
    """Replay the steps of an explanation on the text it explains."""
    for step in steps:
        text, _ = apply_edits(text, step.edits)
    return text


def fix_text(text: str, config: Config = DEFAULT_CONFIG, *,
             markup: str | Reader = "text") -> str:
    """The repaired text.

    >>> fix_text("“We agree, ”Shugaev said")
    '“We agree,” Shugaev said'
    """
    return fix_and_explain(text, config, markup=markup).text


def check_text(text: str, config: Config = DEFAULT_CONFIG, *, markup: str | Reader = "text",
               backends: Backends | None = None) -> list[Finding]:
    """Everything the rules find in `text`, fixable or not, in text order.

    A run over many files passes its `backends`, so a server is opened once; without,
    what the checks open is closed before this returns.
    """
    if backends is None:
        return _with_own_backends(
            lambda own: check_text(text, config, markup=markup, backends=own))
    rules = plan(config)
    ctx = rules.context(reader_named(markup).view(text), config, backends)
    return _findings(rules, ctx, [_proposed(fix, ctx) for fix in rules.fixes])


def _findings(rules: Plan, ctx: Context, proposals: list[list[Edit]]) -> list[Finding]:
    """The findings of a text: what each fix proposes there (`proposals`, in the order of
    `rules.fixes`), and what the checks and finishing passes say."""
    config, backends = ctx.config, ctx.backends
    findings = []
    for edits in proposals:
        applies = set(markdown.keep_columns(ctx.text, edits, ctx.view.cells))
        findings += [
            Finding(e.start, e.end, e.rule_id, rules.messages.get(e.rule_id, ""), e.replacement)
            if e in applies and not rule_matches(e.rule_id, config.unfixable) else
            Finding(e.start, e.end, e.rule_id, rules.messages.get(e.rule_id, ""),
                    suggestion=e.replacement or "(delete)")
            for e in edits]
    deferring: list[Finding] = []
    for check in rules.checks:
        try:
            (deferring if check.defers else findings).extend(check.function(ctx))
        except BackendFailure as exc:  # one error for the file; the other checks go on
            backends.failed(check.rule_id, exc)
    findings += _not_overlapping(deferring, findings)
    for finish in rules.finish:
        findings = finish.function(ctx, findings)
    findings = [f._replace(level=rules.levels.get(f.rule_id)
                           or (None if f.fixable  # what fix repairs is an error
                               else rules.levels.get(f.rule_id.partition("/")[0]))
                           or (Level.ERROR if f.fixable else Level.WARNING)) for f in findings]
    return sorted(findings, key=lambda f: (f.start, f.end, f.rule_id))
