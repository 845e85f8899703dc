"""How findings are shown: for a person, for a pipeline, for GitHub and for code scanning.

Every format is built from the same records (`records`), one per finding, so that the
formats cannot disagree. `text` and `concise` are streamed file by file; `json`, `sarif`
and `--statistics` need the whole run.

- text: `path:line:col: rule-id [*] message: 'old' -> 'new'` (`[*]`: `fix` repairs it)
- concise: the same without the snippet
- json: schema `cleanup.check/1`, described in `docs/json-output.md`
- github: workflow commands (`::warning file=…,line=…::…`), shown as annotations
- sarif: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers
"""

from collections import Counter
from enum import StrEnum
from typing import Any

from cleanup import __version__
from cleanup.findings import Finding, LineIndex

JSON_SCHEMA = "cleanup.check/1"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SNIPPET = 40
_GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
_SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


class OutputFormat(StrEnum):
    TEXT = "text"
    CONCISE = "concise"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"

    @property
    def streams(self) -> bool:
        """Printed file by file (rather than once, at the end of the run)?"""
        return self in (OutputFormat.TEXT, OutputFormat.CONCISE, OutputFormat.GITHUB)


def records(path: str, text: str, findings: list[Finding]) -> list[dict[str, Any]]:
    """One plain record per finding, with 1-based lines and columns and code-point offsets."""
    index = LineIndex(text)
    out = []
    for f in findings:
        line, column = index.position(f.start)
        end_line, end_column = index.position(f.end)
        out.append({
            "path": path, "rule": f.rule_id, "level": str(f.level), "message": f.message,
            "line": line, "column": column, "end_line": end_line, "end_column": end_column,
            "offset": f.start, "end_offset": f.end, "text": text[f.start:f.end],
            "fix": None if f.replacement is None else {"replacement": f.replacement},
            "suggestion": f.suggestion,
        })
    return out


def _snippet(text: str) -> str:
    shown = text if len(text) <= _SNIPPET else text[:_SNIPPET - 1] + "\N{HORIZONTAL ELLIPSIS}"
    return "'" + shown.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "'"


def text_line(record: dict[str, Any], *, concise: bool = False) -> str:
    """`path:line:col: rule-id [*] message`, with what changes unless `concise`."""
    marker = "[*] " if record["fix"] else ""
    detail = ""
    if not concise and record["fix"]:
        detail = f": {_snippet(record['text'])} -> {_snippet(record['fix']['replacement'])}"
    elif not concise and record["suggestion"]:
        detail = f" (suggestion: {record['suggestion']})"
    return (f"{record['path']}:{record['line']}:{record['column']}: {record['rule']} "
            f"{marker}{record['message']}{detail}")


def _escape(value: str, *, property_: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property_ else value


def github_line(record: dict[str, Any]) -> str:
    """A GitHub Actions workflow command that shows the finding as an annotation."""
    props = ",".join(f"{k}={_escape(str(v), property_=True)}" for k, v in (
        ("file", record["path"]), ("line", record["line"]), ("col", record["column"]),
        ("endLine", record["end_line"]), ("endColumn", record["end_column"]),
        ("title", record["rule"])))
    message = _escape(text_line(record, concise=True))
    return f"::{_GITHUB_LEVELS[record['level']]} {props}::{message}"


def as_json(items: list[dict[str, Any]], errors: list[str], summary: dict[str, int]) -> str:
    import json

    return json.dumps({"schema": JSON_SCHEMA, "findings": items, "errors": errors,
                       "summary": summary}, ensure_ascii=False, indent=2)


def as_sarif(items: list[dict[str, Any]]) -> str:
    """A SARIF 2.1.0 log with one run; columns count code points, as ours do."""
    import json

    rule_ids = sorted({r["rule"] for r in items})
    messages = {r["rule"]: r["message"] for r in items}
    results = []
    for r in items:
        result: dict[str, Any] = {
            "ruleId": r["rule"], "ruleIndex": rule_ids.index(r["rule"]),
            "level": _SARIF_LEVELS[r["level"]], "message": {"text": r["message"]},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": r["path"]},
                "region": {"startLine": r["line"], "startColumn": r["column"],
                           "endLine": r["end_line"], "endColumn": r["end_column"],
                           "charOffset": r["offset"],
                           "charLength": r["end_offset"] - r["offset"]}}}],
        }
        if r["fix"]:
            result["fixes"] = [{"artifactChanges": [{
                "artifactLocation": {"uri": r["path"]},
                "replacements": [{"deletedRegion": {"charOffset": r["offset"],
                                                    "charLength": r["end_offset"] - r["offset"]},
                                  "insertedContent": {"text": r["fix"]["replacement"]}}]}]}]
        results.append(result)
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {
            "name": "cleanup", "version": __version__,
            "rules": [{"id": rid, "shortDescription": {"text": messages[rid]}}
                      for rid in rule_ids]}},
        "columnKind": "unicodeCodePoints",
        "results": results}]}
    return json.dumps(log, ensure_ascii=False, indent=2)


def statistics(items: list[dict[str, Any]]) -> list[str]:
    """Counts per rule, most frequent first, as ruff's `--statistics` shows them."""
    counts = Counter(r["rule"] for r in items)
    fixable = {r["rule"] for r in items if r["fix"]}
    messages = {r["rule"]: r["message"] for r in items}
    width = max((len(rid) for rid in counts), default=0)
    return [f"{n:5d}  {rid:{width}}  {'[*]' if rid in fixable else '[ ]'}  {messages[rid]}"
            for rid, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
