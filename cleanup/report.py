"""What a run found, and the exit code it comes to.

Exit codes (as ruff, ESLint and Prettier have them):

- 0: every file is clean, or nothing at or above the fail level is left;
- 1: findings at or above the fail level remain (default: warning); under `fix --check`
  or `--diff`, a file would change;
- 2: a usage, configuration, rule-file or input error (a missing path, undecodable bytes).
"""

from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    ERROR = 2


@dataclass
class Report:
    """Counts over a run; `exit_code` turns them into the documented exit code."""

    files: int = 0
    flagged: int = 0  # files with at least one finding
    changed: int = 0
    edits: int = 0
    findings: int = 0
    fixable: int = 0
    failing: int = 0  # findings at or above the fail level
    errors: int = 0
    unit: str = "file"  # what is counted: a JSON Lines corpus counts its documents

    def add(self, other: "Report") -> None:
        """Count what another report counted (its unit aside)."""
        for name in ("files", "flagged", "changed", "edits", "findings", "fixable", "failing",
                     "errors"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def _replace(self, **changes: Any) -> "Report":
        return replace(self, **changes)

    def exit_code(self, *, changes_fail: bool = False, exit_zero: bool = False) -> ExitCode:
        """2 on any error; then, under `fix --check`/`--diff`, 1 if a file would change
        (as `black --check`); otherwise 1 if findings at the fail level remain.
        `exit_zero` (`--exit-zero`, as ruff has it) makes both 0; an error stays 2."""
        if self.errors:
            return ExitCode.ERROR
        if exit_zero:
            return ExitCode.OK
        if self.changed if changes_fail else self.failing:
            return ExitCode.FINDINGS
        return ExitCode.OK

    def summary(self) -> dict[str, int]:
        return {"files": self.files, "findings": self.findings, "fixable": self.fixable,
                "errors": self.errors}

    def check_summary(self) -> str:
        """`Found N findings in M files` (the files that have any); "All clean" only when
        there was no error either."""
        if not self.findings:
            clean = "No findings" if self.errors else "All clean"
            return f"{clean}: {_count(self.files, self.unit)} checked{self._errors()}."
        return (f"Found {_count(self.findings, 'finding')} in {_count(self.flagged, self.unit)} "
                f"({self.fixable} fixable with `cleanup fix`){self._errors()}.")

    def fix_summary(self, *, dry_run: bool) -> str:
        """What was fixed, in how many files of how many, and what is left for a human.

        Under `--check` and `--diff` the findings counted are those of the file as it is,
        the fixable ones among them included; what is left is the rest.
        """
        verb = "Would fix" if dry_run else "Fixed"
        human = self.findings - self.fixable
        left = f"; {_count(human, 'finding')} left for a human" if human else ""
        return (f"{verb} {_count(self.edits, 'issue')} in {_count(self.changed, self.unit)} "
                f"of {self.files}{left}{self._errors()}.")

    def _errors(self) -> str:
        """Errors are on stderr already; the summary must not read as if there were none."""
        return f"; {_count(self.errors, 'error')}" if self.errors else ""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
