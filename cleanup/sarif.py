"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, its rules, its results.

A rule is described by its own message (not one of its findings'), and, for a rule from a
rule file, by its why, a help text and its properties (`formats.rule_info`). Columns count
code points, as ours do, and a fixable finding carries its fix as a replacement.
`tests/test_formats.py` validates the log against the OASIS schema.
"""

import json
from typing import Any
from urllib.parse import quote

from cleanup import __version__
from cleanup.formats import Ending, Record, RuleInfo

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _rule(info: RuleInfo) -> dict[str, Any]:
    rule: dict[str, Any] = {"id": info.id, "shortDescription": {"text": info.message}}
    if info.why:
        rule["fullDescription"] = {"text": info.why}
    if info.help:
        rule["help"] = {"text": info.help}
    if info.properties:
        rule["properties"] = dict(info.properties)
    return rule


def _uri(path: str) -> str:
    """A path as the URI reference SARIF asks for: `%`, spaces, control characters' escapes
    and letters beyond ASCII percent-encoded, so that no name reads as another."""
    return quote(path, safe="/")


def _result(r: Record, rule_index: int) -> dict[str, Any]:
    region = {"charOffset": r.offset, "charLength": r.end_offset - r.offset}
    result: dict[str, Any] = {
        "ruleId": r.rule, "ruleIndex": rule_index,
        "level": _LEVELS[r.level], "message": {"text": r.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(r.path)},
            "region": {"startLine": r.line, "startColumn": r.column, "endLine": r.end_line,
                       "endColumn": r.end_column, **region}}}],
    }
    if r.replacement is not None:
        result["fixes"] = [{"artifactChanges": [{
            "artifactLocation": {"uri": _uri(r.path)},
            "replacements": [{"deletedRegion": region,
                              "insertedContent": {"text": r.replacement}}]}]}]
    return result


def as_sarif(ending: Ending) -> str:
    """A SARIF 2.1.0 log with one run; columns count code points, as ours do."""
    rule_ids = sorted({r.rule for r in ending.records})
    index = {rule_id: n for n, rule_id in enumerate(rule_ids)}
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {
            "name": "cleanup", "version": __version__,
            "rules": [_rule(ending.rules.get(rid) or RuleInfo(rid, rid))
                      for rid in rule_ids]}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(r, index[r.rule]) for r in ending.records]}]}
    return json.dumps(log, ensure_ascii=False, indent=2)
