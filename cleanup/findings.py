"""Findings: what `check` reports, and how much each one matters."""

from enum import StrEnum
from typing import NamedTuple


class Level(StrEnum):
    """How much a finding matters; `--fail-level` says from which level a run fails."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return ("info", "warning", "error").index(self.value)


class Finding(NamedTuple):
    """A span of the text that a rule has something to say about.

    `replacement` is the safe fix when there is one; a finding without one needs a human.
    `suggestion` is what we would write if it were ours to decide.
    """

    start: int
    end: int
    rule_id: str
    message: str
    replacement: str | None = None
    suggestion: str | None = None
    level: Level = Level.WARNING

    @property
    def fixable(self) -> bool:
        return self.replacement is not None
