"""Every fix and check built into the code: one record each, in the order they run.

A record holds all there is to say about its rule: id, message, level, and the function,
which takes the same `Context` as every other (the view of the document, the config,
the compiled rule files, the run's backends). Fixes return `Edit`s, checks `Finding`s.
Most are pure functions of the text, wrapped by `on_text`. To add one: write the
function in the module for its family, and add its record here (and a README row).

The `rules/…` passes apply the rules loaded from rule files, and `languagetool/safe` the
LanguageTool rules a user lists as safe; each edit or finding they give carries its own
rule's id, so they are passes, not rules.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple, TypeVar

from cleanup import (
    consistency,
    dashes,
    encoding,
    homoglyphs,
    quotes,
    spacing,
    suppression,
    untranslated,
)
from cleanup.backends import Backends
from cleanup.config import Config
from cleanup.edits import Edit
from cleanup.findings import Finding, Level
from cleanup.matcher import CompiledRules, Scan
from cleanup.view import View


@dataclass
class Context:
    """What a fix or check reads: one view of a document, and what the run holds."""

    view: View
    config: Config
    rules: CompiledRules
    known_names: frozenset[str]  # every spelling a name rule knows
    backends: Backends

    @property
    def text(self) -> str:
        return self.view.text

    @cached_property
    def scan(self) -> Scan:
        """The rule files' matches in this view, each kind found when first asked for."""
        return self.rules.scan(self.view.text)


class Fix(NamedTuple):
    """A repair: what `fix` applies, and `check` reports as fixable (level error)."""

    rule_id: str
    message: str
    function: Callable[[Context], list[Edit]]
    is_pass: bool = False  # a pass that applies other rules; its edits carry their ids


class Check(NamedTuple):
    """A finding for a human: nothing to apply."""

    rule_id: str
    message: str
    function: Callable[[Context], list[Finding]]
    level: Level = Level.WARNING
    is_pass: bool = False
    defers: bool = False  # its findings give way to ours on the same span (a second opinion)


class Finish(NamedTuple):
    """A pass over every other finding of a document, which may drop or add findings."""

    rule_id: str
    message: str
    function: Callable[[Context, list[Finding]], list[Finding]]
    level: Level = Level.WARNING


T = TypeVar("T")


def on_text(function: Callable[[str, Config], T]) -> Callable[[Context], T]:
    """A pure function of the text and config, as a pass of the registry."""
    def run(ctx: Context) -> T:
        return function(ctx.view.text, ctx.config)

    run.__doc__ = function.__doc__
    return run


def _romanisations(ctx: Context) -> list[Finding]:
    return consistency.report_romanisations(ctx.text, known=ctx.known_names)


def _near_spellings(ctx: Context) -> list[Finding]:
    return consistency.report_near_spellings(ctx.text, known=ctx.known_names)


def _languagetool(ctx: Context) -> list[Finding]:
    if ctx.config.languagetool is None:
        return []  # nothing of LanguageTool is imported unless a server is configured
    from cleanup.languagetool import report

    return report(ctx)


def _languagetool_fixes(ctx: Context) -> list[Edit]:
    settings = ctx.config.languagetool
    if settings is None or not settings.safe_rules:
        return []
    from cleanup.languagetool import safe_edits

    return safe_edits(ctx)


def _suppress(ctx: Context, findings: list[Finding]) -> list[Finding]:
    return suppression.apply(findings, ctx.view.suppressed,
                             report_unused=ctx.config.selects(suppression.UNUSED))


# Order matters: encoding before anything reads characters; residue out before anything
# spends time on it; runs of spaces before the fixes that look at one space; the
# attribution dash before other hyphens become dashes.
FIXES: tuple[Fix, ...] = (
    Fix("encoding/ftfy", "encoding damage (mojibake, HTML entity, C1 control character)",
        on_text(encoding.repair_encoding)),
    Fix("encoding/stray-bom", "a byte-order mark inside the text",
        on_text(encoding.drop_stray_bom)),
    Fix("script/cyrillic-in-latin", "a Cyrillic letter drawn like a Latin one in a Latin word",
        on_text(homoglyphs.latin_for_cyrillic_twins)),
    Fix("rules/remove", "scraped residue", lambda ctx: ctx.scan.removals,
        is_pass=True),
    Fix("rules/replace", "name or substitution rule", lambda ctx: ctx.scan.replacements,
        is_pass=True),
    Fix("languagetool/safe", "a LanguageTool rule the user lists as safe",
        _languagetool_fixes, is_pass=True),
    Fix("spacing/repeated-spaces", "more than one space between words",
        on_text(spacing.collapse_repeated_spaces)),
    Fix("quotes/attribution-dash", "Russian dash between a quotation and its attribution",
        on_text(quotes.drop_attribution_dash)),
    Fix("quotes/detached-closing", "closing quote detached from its sentence",
        on_text(quotes.move_detached_closing_quote)),
    Fix("quotes/inner-space", "space inside quotation marks",
        on_text(quotes.drop_space_inside_quotes)),
    Fix("quotes/style", "quote mark of the wrong style or facing the wrong way",
        on_text(quotes.unify_quote_style)),
    Fix("spacing/dash", "spaced hyphen used as a dash", on_text(dashes.replace_spaced_hyphens)),
    Fix("spacing/currency", "space between a currency sign and the amount",
        on_text(spacing.join_currency_amount)),
    Fix("spacing/before-punctuation", "space before punctuation",
        on_text(spacing.drop_space_before_punctuation)),
    Fix("spacing/inside-brackets", "space just inside brackets",
        on_text(spacing.drop_space_inside_brackets)),
    Fix("spacing/after-comma", "missing space after a comma between words",
        on_text(spacing.add_space_after_comma)),
)

# Levels (docs/findings-evaluation.md): quotes that cannot be paired must be settled by
# someone before an article ships; a name in two spellings is right about eight times in
# ten on real articles (two people may share a name's key), not enough to fail a commit.
CHECKS: tuple[Check, ...] = (
    Check("rules/report", "flag, remove and unsafe rules", lambda ctx: ctx.scan.findings,
          is_pass=True),
    Check(consistency.RULE_ID, "one name in two romanisations in a document (Sergey/Sergei)",
          _romanisations, Level.INFO),
    Check(consistency.NEAR_ID, "two capitalised words a letter apart that may be one name",
          _near_spellings, Level.INFO),
    Check("quotes/unpaired", "quotation marks that cannot be paired with certainty",
          on_text(quotes.report_unpaired_quotes), Level.ERROR),
    Check("encoding/control-character", "a control character in the text, named, never deleted",
          on_text(encoding.report_control_characters)),
    Check("spacing/broken-compound",
          "a compound broken by spaces around its hyphen (anti - aircraft)",
          on_text(dashes.report_broken_compounds)),
    Check("script/mixed-word",
          "a word that mixes Latin and Cyrillic letters (Latin in a Russian word)",
          on_text(homoglyphs.report_mixed_words)),
    Check(untranslated.RULE_ID, "Russian left untranslated in an English text",
          on_text(untranslated.report_untranslated)),
    # Info until LanguageTool's rules are judged on real articles (issue 11).
    Check("languagetool", "grammar and style from a LanguageTool server (languagetool/RULE_ID)",
          _languagetool, Level.INFO, defers=True),
)

FINISH: tuple[Finish, ...] = (
    Finish(suppression.UNUSED, "a suppression comment that suppresses nothing", _suppress),
)

#: The rules built into the code, by id (rule files add their own).
_ALL: tuple[Fix | Check | Finish, ...] = (*FIXES, *CHECKS, *FINISH)
BUILTIN: dict[str, Fix | Check | Finish] = {
    r.rule_id: r for r in _ALL if not (isinstance(r, Fix | Check) and r.is_pass)}
RULE_IDS: tuple[str, ...] = tuple(BUILTIN)
