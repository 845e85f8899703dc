"""Every rule in force, described, and each rule's own examples run in isolation.

Rules from files carry their examples; `example_failures` runs one rule alone (no
other rule selected) on each, so that a user writing a rule learns whether it finds
what it should, fixes it as it says, and leaves its `ok` texts alone. A rule built into
the code is explained by its function's docstring, which holds its examples too.
"""

from dataclasses import asdict
from pathlib import Path
from typing import Any, NamedTuple

from cleanup.config import Config
from cleanup.pipeline import check_text, fix_text, plan
from cleanup.registry import BUILTIN, Fix
from cleanup.rule_files import display_path
from cleanup.rules import Rule


class Entry(NamedTuple):
    """One line of `cleanup rules list`."""

    id: str
    kind: str
    fix: str
    message: str


def entries(config: Config) -> list[Entry]:
    """The rules built into the code, then those from rule files, each once."""
    code = [Entry(r.rule_id, "code", "safe" if isinstance(r, Fix) else "none", r.message)
            for r in BUILTIN.values()]
    data = [Entry(r.id, r.kind, r.listed_fix, r.message)
            for r in sorted(plan(config).rules.rules, key=lambda r: r.id)]
    return [e for e in code if config.selects(e.id)] + data


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


def explain(rule_id: str, config: Config) -> str | None:
    """What `cleanup rules show ID` prints; `None` for a rule that is not in force."""
    rule = plan(config).rules.get(rule_id)
    if rule is not None:
        return describe(rule)
    entry = next((e for e in entries(config) if e.id == rule_id), None)
    if entry is None:
        return None
    import inspect

    doc = inspect.getdoc(BUILTIN[rule_id].function)
    return (f"{entry.id} ({entry.kind}, fix: {entry.fix})\n\n{entry.message}\n\n"
            + (doc or "Built into the code; see the README's rule table."))


def run_examples(config: Config, folder: str | None = None) -> tuple[list[str], bool]:
    """What `cleanup rules test` prints: one line per failing example of the rules from
    `folder` (or of every rule in force), then a count; and whether any failed."""
    tested = list(plan(config).rules.rules)
    if folder:
        where = Path(folder).resolve()
        tested = [r for r in tested if Path(r.path).resolve().parent == where]
    failures = [line for rule in tested for line in example_failures(rule, config)]
    examples = sum(len(r.examples) + len(r.ok) for r in tested)
    verdict = f"{len(failures)} failed" if failures else "all pass"
    return [*failures, f"{len(tested)} rules, {examples} examples: {verdict}"], bool(failures)


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
