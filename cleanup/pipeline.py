"""The pipeline: every fix and check, in the order they run, in one tuple each.

`fix_and_explain` applies the fixes in order and repeats the whole pass until it changes
nothing, so a repair that makes another one possible (a bracket closed up, then a quote
moved against it) is found on the next pass. `check_text` runs the same fixes on the
text as it is and reports their edits, so every fix is also a finding and `check`
on fixed text has no fixable finding by construction.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import NamedTuple, TypeVar

from cleanup import (
    consistency,
    dashes,
    encoding,
    homoglyphs,
    markdown,
    quotes,
    spacing,
    suppression,
    untranslated,
)
from cleanup.config import Config, rule_matches
from cleanup.edits import Edit, apply_edits, drop_protected, protected_spans
from cleanup.findings import Finding, Level
from cleanup.matcher import compiled
from cleanup.rule_files import load_rules
from cleanup.rules import NameRule, RuleSet

MAX_PASSES = 10
T = TypeVar("T")
DEFAULT_CONFIG = Config()


class Fix(NamedTuple):
    rule_id: str
    message: str
    function: Callable[[str, Config], list[Edit]]


class Check(NamedTuple):
    rule_id: str
    function: Callable[[str, Config], list[Finding]]


# Order matters: encoding before anything reads characters; residue out before anything
# spends time on it; runs of spaces before the fixes that look at one space; the
# attribution dash before other hyphens become dashes. `rules/…` entries stand for the
# rules loaded from rule files, each edit carrying its own rule's id.
FIXES: tuple[Fix, ...] = (
    Fix("encoding/ftfy", "encoding damage (mojibake, HTML entity, C1 control character)",
        encoding.repair_encoding),
    Fix("encoding/stray-bom", "a byte-order mark inside the text", encoding.drop_stray_bom),
    Fix("script/cyrillic-in-latin", "a Cyrillic letter drawn like a Latin one in a Latin word",
        homoglyphs.latin_for_cyrillic_twins),
    Fix("rules/remove", "scraped residue", lambda text, config: []),
    Fix("rules/replace", "name or substitution rule", lambda text, config: []),
    Fix("spacing/repeated-spaces", "more than one space between words",
        spacing.collapse_repeated_spaces),
    Fix("quotes/attribution-dash", "Russian dash between a quotation and its attribution",
        quotes.drop_attribution_dash),
    Fix("quotes/detached-closing", "closing quote detached from its sentence",
        quotes.move_detached_closing_quote),
    Fix("quotes/inner-space", "space inside quotation marks", quotes.drop_space_inside_quotes),
    Fix("quotes/style", "quote mark of the wrong style or facing the wrong way",
        quotes.unify_quote_style),
    Fix("spacing/dash", "spaced hyphen used as a dash", dashes.hyphen_to_dash),
    Fix("spacing/currency", "space between a currency sign and the amount",
        spacing.join_currency_amount),
    Fix("spacing/before-punctuation", "space before punctuation",
        spacing.drop_space_before_punctuation),
    Fix("spacing/inside-brackets", "space just inside brackets",
        spacing.drop_space_inside_brackets),
    Fix("spacing/after-comma", "missing space after a comma between words",
        spacing.space_after_comma),
)

CHECKS: tuple[Check, ...] = (
    Check("rules/report", lambda text, config: []),
    Check(consistency.RULE_ID, lambda text, config: []),
    Check(consistency.NEAR_ID, lambda text, config: []),
    Check("quotes/unpaired", quotes.report_unpaired_quotes),
    Check("encoding/control-character", encoding.report_control_characters),
    Check("spacing/broken-compound", dashes.report_broken_compounds),
    Check("script/mixed-word", homoglyphs.report_mixed_words),
    Check(untranslated.RULE_ID, untranslated.report_untranslated),
    Check(suppression.UNUSED, lambda text, config: []),  # reported by suppression.apply
)
_RULE_PASSES = {"rules/remove", "rules/replace", "rules/report"}
#: Levels that differ from the default (error for what fix repairs, warning for the rest):
#: quotes that cannot be paired must be fixed by someone before an article ships; a name
#: in two spellings is right about eight times in ten on real articles (two people may
#: share a name's key: Anwar, Anwaar), which is not enough to fail a commit
#: (docs/findings-evaluation.md).
LEVELS = {"quotes/unpaired": Level.ERROR, "names/consistency": Level.INFO,
          "names/near-spelling": Level.INFO}

#: The ids of the rules built into the code (rule files add their own).
RULE_IDS: tuple[str, ...] = tuple(
    rule_id for rule_id in [f.rule_id for f in FIXES] + [c.rule_id for c in CHECKS]
    if rule_id not in _RULE_PASSES)


@dataclass(frozen=True)
class Plan:
    """What runs for a config: the fixes and checks in order, bound to their rules."""

    fixes: tuple[tuple[str, Callable[[str], list[Edit]]], ...]
    checks: tuple[Callable[[str], list[Finding]], ...]
    messages: dict[str, str]
    levels: dict[str, Level]  # set levels; the rest: error if fixable, else warning
    rules: RuleSet
    known_ids: frozenset[str]  # every rule id, selected or not: what a selector may name


def _bind(function: Callable[[str, Config], T], config: Config) -> Callable[[str], T]:
    return lambda text: function(text, config)


@lru_cache(maxsize=8)
def _loaded(rule_dirs: tuple[str, ...], builtin: bool) -> RuleSet:
    return load_rules(rule_dirs, builtin=builtin)


@lru_cache(maxsize=256)
def plan(config: Config) -> Plan:
    """Load and compile the rules a config asks for, and bind every pass to it."""
    loaded = _loaded(config.rule_dirs, config.builtin_rules)
    rules = RuleSet(tuple(r for r in loaded.rules if config.selects(r.id)), loaded.errors)
    matcher = compiled(rules, config.unsafe_fixes)
    known = frozenset(w for r in rules.rules if isinstance(r, NameRule)
                      for w in (r.canonical, *r.variants, *r.ambiguous))
    bound_fixes: dict[str, Callable[[str], list[Edit]]] = {
        "rules/remove": matcher.residue_edits, "rules/replace": matcher.replacement_edits}
    bound_checks: dict[str, Callable[[str], list[Finding]]] = {
        "rules/report": matcher.findings,
        consistency.RULE_ID: partial(consistency.report_romanisations, known=known),
        consistency.NEAR_ID: partial(consistency.report_near_spellings, known=known),
    }
    fixes = tuple((f.rule_id, bound_fixes.get(f.rule_id) or _bind(f.function, config))
                  for f in FIXES if f.rule_id in bound_fixes or config.selects(f.rule_id))
    checks = tuple(bound_checks.get(c.rule_id) or _bind(c.function, config)
                   for c in CHECKS if c.rule_id in _RULE_PASSES or config.selects(c.rule_id))
    messages = {f.rule_id: f.message for f in FIXES} | {r.id: r.message for r in rules.rules}
    levels = LEVELS | {r.id: Level(r.level) for r in rules.rules if r.level}
    known_ids = frozenset(RULE_IDS) | {r.id for r in loaded.rules}
    return Plan(fixes, checks, messages, levels, rules, known_ids)


class View(NamedTuple):
    """What the rules read: the text itself, or for Markdown the text with everything but
    prose masked (same length); the spans no edit may touch; the suppressions in force."""

    text: str
    protected: list[tuple[int, int]]
    suppressed: list[suppression.Suppression]
    cells: tuple[tuple[int, int, int], ...] = ()  # Markdown table cells (markdown.py)


def view(text: str, config: Config) -> View:
    if not config.markdown:
        return View(text, protected_spans(text), suppression.suppressions(text))
    spans = markdown.MarkdownSpans(text)
    shown = markdown.mask(text, spans.non_prose)
    protected = markdown.merge(spans.non_prose + protected_spans(shown))
    return View(shown, protected, suppression.suppressions(text, skip=spans.code),
                tuple(spans.cells))


def _proposed(function: Callable[[str], list[Edit]], current: View) -> list[Edit]:
    """What a fix proposes, less what it may not touch and what would change nothing.

    An edit that writes what is already there is no edit: counted, it would make `fix`
    report a repair it did not make, and repeat it until the passes run out.
    """
    text = current.text
    return [e for e in drop_protected(function(text), current.protected)
            if text[e.start:e.end] != e.replacement]


def _edits(function: Callable[[str], list[Edit]], current: View,
           unfixable: tuple[str, ...] = ()) -> list[Edit]:
    edits = _proposed(function, current)
    if unfixable:
        edits = [e for e in edits if not rule_matches(e.rule_id, unfixable)]
    edits = suppression.drop_suppressed_edits(edits, current.suppressed)
    return markdown.keep_columns(current.text, edits, current.cells)


class Step(NamedTuple):
    """One fix that changed the text, with the edits it made (offsets into its input)."""

    rule_id: str
    edits: tuple[Edit, ...]


class ExplainedText(NamedTuple):
    text: str
    steps: tuple[Step, ...]


class NotConverged(RuntimeError):
    """The fixes kept changing the text: a bug in a fix, never the user's fault."""


def fix_and_explain(text: str, config: Config = DEFAULT_CONFIG) -> ExplainedText:
    """Apply every safe fix until none applies; return the text and the steps taken.

    >>> fix_and_explain("for $ 2.5 billion").text
    'for $2.5 billion'
    """
    steps: list[Step] = []
    current = view(text, config)
    changed: set[str] = set()
    for _ in range(MAX_PASSES):
        before, changed = changed, set()
        for name, function in plan(config).fixes:
            edits = _edits(function, current, config.unfixable)
            if edits:
                text, applied = apply_edits(text, edits)
                current = view(text, config)
                steps.append(Step(name, tuple(applied)))
                changed |= {e.rule_id for e in applied}
        if not changed:
            return ExplainedText(text, tuple(steps))
    raise NotConverged(f"fixes did not settle after {MAX_PASSES} passes; still changing: "
                       + ", ".join(sorted(before | changed)))


def apply_plan(text: str, steps: tuple[Step, ...]) -> str:
    """Replay the steps of an explanation on the text it explains."""
    for step in steps:
        text, _ = apply_edits(text, step.edits)
    return text


def fix_text(text: str, config: Config = DEFAULT_CONFIG) -> str:
    """The repaired text.

    >>> fix_text("“We agree, ”Shugaev said")
    '“We agree,” Shugaev said'
    """
    return fix_and_explain(text, config).text


def check_text(text: str, config: Config = DEFAULT_CONFIG) -> list[Finding]:
    """Everything the rules find in `text`, fixable or not, in text order."""
    current, rules = view(text, config), plan(config)
    findings = []
    for _, function in rules.fixes:
        edits = _proposed(function, current)
        applies = set(markdown.keep_columns(current.text, edits, current.cells))
        findings += [
            Finding(e.start, e.end, e.rule_id, rules.messages.get(e.rule_id, ""), e.replacement)
            if e in applies and not rule_matches(e.rule_id, config.unfixable) else
            Finding(e.start, e.end, e.rule_id, rules.messages.get(e.rule_id, ""),
                    suggestion=e.replacement or "(delete)")
            for e in edits]
    findings += [f for check in rules.checks for f in check(current.text)]
    findings = suppression.apply(findings, current.suppressed,
                                 report_unused=config.selects(suppression.UNUSED))
    findings = [f._replace(level=rules.levels.get(f.rule_id)
                           or (Level.ERROR if f.fixable else Level.WARNING)) for f in findings]
    return sorted(findings, key=lambda f: (f.start, f.end, f.rule_id))
