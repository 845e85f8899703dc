"""Every rule in force, described, and each rule's own examples run in isolation.

Rules from files carry their examples; `example_failures` runs one rule alone (no
other rule selected) on each, so that a user writing a rule learns whether it finds
what it should, fixes it as it says, and leaves its `ok` texts alone.
"""

from dataclasses import asdict
from typing import Any, NamedTuple

from cleanup.config import Config
from cleanup.pipeline import CHECKS, FIXES, check_text, fix_text, plan
from cleanup.rule_files import display_path
from cleanup.rules import Rule

_CODE_RULES = {"rules/remove", "rules/replace", "rules/report"}


class Entry(NamedTuple):
    """One line of `cleanup rules list`."""

    id: str
    kind: str
    fix: str
    message: str


def entries(config: Config) -> list[Entry]:
    """The rules built into the code, then those from rule files, each once."""
    code = [Entry(f.rule_id, "code", "safe", f.message) for f in FIXES
            if f.rule_id not in _CODE_RULES]
    code += [Entry(c.rule_id, "code", "none", _CHECK_MESSAGES.get(c.rule_id, ""))
             for c in CHECKS if c.rule_id not in _CODE_RULES]
    data = [Entry(r.id, r.kind, r.listed_fix, r.message)
            for r in sorted(plan(config).rules.rules, key=lambda r: r.id)]
    return [e for e in code if config.selects(e.id)] + data


_CHECK_MESSAGES = {
    "encoding/control-character": "a control character in the text, named, never deleted",
    "names/consistency": "one name in two romanisations in a document (Sergey/Sergei)",
    "names/near-spelling": "two capitalised words a letter apart that may be one name",
    "quotes/unpaired": "quotation marks that cannot be paired with certainty",
    "script/mixed-word": "a word that mixes Latin and Cyrillic letters (Latin in a Russian word)",
    "spacing/broken-compound": "a compound broken by spaces around its hyphen (anti - aircraft)",
    "suppression/unused": "a suppression comment that suppresses nothing",
}


def describe(rule: Rule) -> str:
    """What `cleanup rules show ID` prints: the rule's fields, examples last."""
    lines = [f"{rule.id} ({rule.kind}, fix: {rule.fix})", "", rule.message, ""]
    defaults = {"boundary": "strict", "inside_quotes": True, "ignorecase": False}
    for key, value in asdict(rule).items():
        shown_elsewhere = key in ("id", "kind", "fix", "message", "examples", "ok", "path")
        if shown_elsewhere or value in ("", (), None) or defaults.get(key, ...) == value:
            continue
        shown = "\n    ".join(value) if isinstance(value, tuple) else value
        lines.append(f"{key}: {shown}")
    lines.append(f"defined in: {display_path(rule.path)}")
    for example in rule.examples:
        lines.append(f"\nfinds:  {example.text!r}")
        if example.expected is not None:
            lines.append(f"fixes:  {example.expected!r}")
    for text in rule.ok:
        lines.append(f"\npasses: {text!r}")
    return "\n".join(lines)


def example_failures(rule: Rule, config: Config) -> list[str]:
    """One line for each example of `rule` that does not behave as the rule says."""
    # An unsafe fix's examples show what it does when applied, so apply it.
    alone = config._replace(select=(rule.id,), ignore=(), unsafe_fixes=True)
    failures = []
    where = f"{display_path(rule.path)}: rule {rule.id.partition('/')[2]!r}"
    if not rule.examples:
        failures.append(f"{where}: has no examples")
    for n, example in enumerate(rule.examples, 1):
        if not any(f.rule_id == rule.id for f in check_text(example.text, alone)):
            failures.append(f"{where}: example {n} is not found: {example.text!r}")
        if example.expected is not None:
            fixed = fix_text(example.text, alone)
            if fixed != example.expected:
                failures.append(f"{where}: example {n} fixes to {fixed!r}, "
                                f"not {example.expected!r}")
    for n, text in enumerate(rule.ok, 1):
        if any(f.rule_id == rule.id for f in check_text(text, alone)):
            failures.append(f"{where}: ok text {n} is flagged: {text!r}")
    return failures


def as_json(items: list[Entry]) -> list[dict[str, Any]]:
    return [item._asdict() for item in items]
