"""What a run found, how it is shown, and the exit code it comes to.

Exit codes (as ruff, ESLint and Prettier have them):

- 0: every file is clean, or everything found was fixed;
- 1: findings remain for a human; under `fix --check` or `--diff`, a file would change;
- 2: a usage, configuration or input error (a missing path, undecodable bytes).

The JSON output (`check --format json`) is one object, schema `cleanup.check/1`; its
fields are described in `docs/json-output.md`. Offsets count code points from the start
of the decoded text (after any BOM); lines and columns count from 1.
"""

import json
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any

from cleanup.findings import Finding, LineIndex

JSON_SCHEMA = "cleanup.check/1"
_SNIPPET = 40


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    ERROR = 2


@dataclass
class Report:
    """Counts over a run; `exit_code` turns them into the documented exit code."""

    files: int = 0
    changed: int = 0
    edits: int = 0
    findings: int = 0
    fixable: int = 0
    errors: int = 0
    records: list[dict[str, Any]] = field(default_factory=list)

    def exit_code(self, *, changes_fail: bool = False) -> ExitCode:
        """2 on any error; then, under `fix --check`/`--diff`, 1 if a file would change
        (as `black --check`); otherwise 1 if findings remain."""
        if self.errors:
            return ExitCode.ERROR
        if self.changed if changes_fail else self.findings:
            return ExitCode.FINDINGS
        return ExitCode.OK

    def check_summary(self) -> str:
        if not self.findings:
            return f"All clean: {_count(self.files, 'file')} checked."
        return (f"Found {_count(self.findings, 'finding')} in {_count(self.files, 'file')} "
                f"({self.fixable} fixable with `cleanup fix`).")

    def fix_summary(self, *, dry_run: bool) -> str:
        verb = "Would fix" if dry_run else "Fixed"
        left = f"; {_count(self.findings, 'finding')} left for a human" if self.findings else ""
        return (f"{verb} {_count(self.edits, 'issue')} in {_count(self.changed, 'file')} "
                f"of {self.files}{left}.")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _snippet(text: str) -> str:
    shown = text if len(text) <= _SNIPPET else text[:_SNIPPET - 1] + "\N{HORIZONTAL ELLIPSIS}"
    return "'" + shown.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "'"


def format_text(path: str, text: str, findings: list[Finding], index: LineIndex) -> list[str]:
    """`path:line:col: rule-id [*] message: 'old' -> 'new'`, one line a finding.

    `[*]` marks a finding that `cleanup fix` repairs.
    """
    lines = []
    for f in findings:
        line, column = index.position(f.start)
        detail = ""
        if f.replacement is not None:
            detail = f": {_snippet(text[f.start:f.end])} -> {_snippet(f.replacement)}"
        elif f.suggestion:
            detail = f" (suggestion: {f.suggestion})"
        marker = "[*] " if f.fixable else ""
        lines.append(f"{path}:{line}:{column}: {f.rule_id} {marker}{f.message}{detail}")
    return lines


def json_records(path: str, text: str, findings: list[Finding], index: LineIndex) -> list[
        dict[str, Any]]:
    """The JSON objects for one file's findings (see `docs/json-output.md`)."""
    records = []
    for f in findings:
        line, column = index.position(f.start)
        end_line, end_column = index.position(f.end)
        records.append({
            "path": path,
            "rule": f.rule_id,
            "message": f.message,
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "offset": f.start,
            "end_offset": f.end,
            "text": text[f.start:f.end],
            "fix": None if f.replacement is None else {"replacement": f.replacement},
            "suggestion": f.suggestion,
        })
    return records


def format_json(report: Report, errors: list[str]) -> str:
    return json.dumps({
        "schema": JSON_SCHEMA,
        "findings": report.records,
        "errors": errors,
        "summary": {"files": report.files, "findings": report.findings,
                    "fixable": report.fixable, "errors": report.errors},
    }, ensure_ascii=False, indent=2)
