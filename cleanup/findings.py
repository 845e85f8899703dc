"""Findings: what `check` reports, and how a code-point offset becomes a line and column."""

from bisect import bisect_right
from enum import StrEnum
from typing import NamedTuple

from cleanup.chars import LINE_BREAK_RE


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


class LineIndex:
    """Maps code-point offsets to 1-based (line, column), with `\\r\\n`, `\\r` and `\\n` as breaks.

    >>> LineIndex("ab\\r\\ncd\\ref").position(8)
    (3, 2)
    """

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in LINE_BREAK_RE.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1
