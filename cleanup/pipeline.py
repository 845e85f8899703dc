"""The pipeline: every fix and check, in the order they run, in one tuple each.

`fix_and_explain` applies the fixes in order and repeats the whole pass until it changes
nothing, so a repair that makes another one possible (a bracket closed up, then a quote
moved against it) is found on the next pass. `check_text` runs the same fixes on the
text as it is and reports their edits, so every fix is also a finding and `check`
on fixed text has no fixable finding by construction.
"""

from collections.abc import Callable
from typing import NamedTuple

from cleanup import encoding, quotes, spacing
from cleanup.config import Config
from cleanup.edits import Edit, apply_edits, drop_protected, protected_spans
from cleanup.findings import Finding

MAX_PASSES = 10
DEFAULT_CONFIG = Config()


class Fix(NamedTuple):
    rule_id: str
    message: str
    function: Callable[[str, Config], list[Edit]]


class Check(NamedTuple):
    rule_id: str
    function: Callable[[str, Config], list[Finding]]


# Order matters: encoding before anything reads characters; runs of spaces before the
# fixes that look at one space; the attribution dash before other hyphens become dashes.
FIXES: tuple[Fix, ...] = (
    Fix("encoding/ftfy", "encoding damage (mojibake, HTML entity or control character)",
        encoding.repair_encoding),
    Fix("spacing/repeated-spaces", "more than one space between words",
        spacing.collapse_repeated_spaces),
    Fix("quotes/attribution-dash", "Russian dash between a quotation and its attribution",
        quotes.drop_attribution_dash),
    Fix("quotes/detached-closing", "closing quote detached from its sentence",
        quotes.move_detached_closing_quote),
    Fix("quotes/inner-space", "space inside quotation marks", quotes.drop_space_inside_quotes),
    Fix("quotes/style", "quote mark of the wrong style or facing the wrong way",
        quotes.unify_quote_style),
    Fix("spacing/dash", "spaced hyphen used as a dash", spacing.hyphen_to_dash),
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
    Check("quotes/unpaired", quotes.report_unpaired_quotes),
)

RULE_IDS: tuple[str, ...] = tuple(f.rule_id for f in FIXES) + tuple(c.rule_id for c in CHECKS)


class Step(NamedTuple):
    """One fix that changed the text, with the edits it made (offsets into its input)."""

    rule_id: str
    edits: tuple[Edit, ...]


class ExplainedText(NamedTuple):
    text: str
    steps: tuple[Step, ...]


class NotConverged(RuntimeError):
    """The fixes kept changing the text: a bug in a fix, never the user's fault."""


def _edits(fix: Fix, text: str, config: Config, protected: list[tuple[int, int]]) -> list[Edit]:
    return drop_protected(fix.function(text, config), protected)


def fix_and_explain(text: str, config: Config = DEFAULT_CONFIG) -> ExplainedText:
    """Apply every safe fix until none applies; return the text and the steps taken.

    >>> fix_and_explain("for $ 2.5 billion").text
    'for $2.5 billion'
    """
    steps: list[Step] = []
    protected = protected_spans(text)
    for _ in range(MAX_PASSES):
        changed = False
        for fix in FIXES:
            edits = _edits(fix, text, config, protected)
            if edits:
                text, applied = apply_edits(text, edits)
                protected = protected_spans(text)
                steps.append(Step(fix.rule_id, tuple(applied)))
                changed = True
        if not changed:
            return ExplainedText(text, tuple(steps))
    raise NotConverged(f"fixes did not settle after {MAX_PASSES} passes")


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
    protected = protected_spans(text)
    findings = [
        Finding(e.start, e.end, e.rule_id, fix.message, e.replacement)
        for fix in FIXES
        for e in _edits(fix, text, config, protected)
    ]
    findings += [f for check in CHECKS for f in check.function(text, config)]
    return sorted(findings, key=lambda f: (f.start, f.end, f.rule_id))
