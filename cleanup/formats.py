"""How findings are shown: for a person, for a pipeline, for GitHub and for code scanning.

Every format is built from the same records (`records`), one per finding, so that the
formats cannot disagree. Each format is one `Printer` in `PRINTERS`: what it prints as
each file is done (text, concise and github stream), and what it prints once, at the end
(json, sarif, `--statistics` and the summary line need the whole run).

- text: `path:line:col: rule-id [*] message: 'old' -> 'new'` (`[*]`: `fix` repairs it),
  with the source line and a caret under the span when asked (`--show-source`)
- concise: the same without the snippet
- json: schema `cleanup.check/1`, described in `docs/json-output.md`
- github: workflow commands (`::warning file=…,line=…::…`), shown as annotations
- sarif: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers (`sarif.py`)
"""

import os
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TextIO

from cleanup.findings import Finding

if TYPE_CHECKING:
    from cleanup.rules import Rule  # imported where a rule is described: start-up counts

JSON_SCHEMA = "cleanup.check/1"
_SNIPPET = 40
_SOURCE_WIDTH = 100  # code points of a long line shown around a finding
_GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


class OutputFormat(StrEnum):
    TEXT = "text"
    CONCISE = "concise"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"


class LineIndex:
    """Maps code-point offsets to 1-based (line, column), with `\\r\\n`, `\\r` and `\\n` as breaks.

    >>> LineIndex("ab\\r\\ncd\\ref").position(8)
    (3, 2)
    """

    def __init__(self, text: str) -> None:
        from cleanup.chars import LINE_BREAK_RE  # not at import: `--help` needs no regex

        self._starts = [0] + [m.end() for m in LINE_BREAK_RE.finditer(text)]

    def position(self, offset: int, start: tuple[int, int] = (1, 1)) -> tuple[int, int]:
        """The line and column of `offset`, in a text that starts at line and column
        `start` of its file (a block of a file read in blocks)."""
        line = bisect_right(self._starts, offset)
        column = offset - self._starts[line - 1] + 1
        return line + start[0] - 1, column + (start[1] - 1 if line == 1 else 0)

    def start(self, line: int) -> int:
        """The offset at which a 1-based line starts."""
        return self._starts[line - 1]


class Record(NamedTuple):
    """One finding as every format sees it: lines and columns count from 1, in code
    points; `replacement` is the fix `cleanup fix` applies, if any."""

    path: str
    rule: str
    level: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    offset: int
    end_offset: int
    text: str
    replacement: str | None
    suggestion: str | None

    def as_json(self) -> dict[str, Any]:
        """The record in schema `cleanup.check/1` (the fix as `{"replacement": …}`)."""
        fields = self._asdict()
        replacement = fields.pop("replacement")
        fields["fix"] = None if replacement is None else {"replacement": replacement}
        fields["suggestion"] = fields.pop("suggestion")
        return fields


def records(path: str, text: str, findings: list[Finding], *, first_line: int = 1,
            first_column: int = 1, offset: int = 0) -> list[Record]:
    """One record per finding, with 1-based lines and columns and code-point offsets; a
    block of a file read in blocks starts at `first_line`, `first_column` and `offset`
    of the file."""
    index, start = LineIndex(text), (first_line, first_column)
    return [Record(path, f.rule_id, str(f.level), f.message, *index.position(f.start, start),
                   *index.position(f.end, start),
                   f.start + offset, f.end + offset, text[f.start:f.end], f.replacement,
                   f.suggestion) for f in findings]


class FileReport(NamedTuple):
    """What a streaming format prints for one file (or one block of it, from
    `first_line`): its records, and the text they are in."""

    path: str
    text: str
    records: list[Record]
    first_line: int = 1


class RuleInfo(NamedTuple):
    """What code scanning shows about a rule: its own message (not one finding's), why it
    exists, a help text, and the properties a rule file gives."""

    id: str
    message: str
    why: str = ""
    help: str = ""
    properties: tuple[tuple[str, Any], ...] = ()


def rule_info(rule_id: str, message: str, rule: "Rule | None" = None) -> RuleInfo:
    """A rule's description for SARIF: `why`, `source`, suggestions and examples, when a rule
    file gives them."""
    if rule is None:
        return RuleInfo(rule_id, message, properties=(("tags", [rule_id.partition("/")[0]]),))
    lines = [rule.why] if rule.why else []
    if rule.source:
        lines.append(f"Source: {rule.source}")
    from cleanup.rules import FlagRule

    flag = rule if isinstance(rule, FlagRule) else None
    suggestions = flag.suggestions if flag else ()
    if suggestions:
        lines.append("Suggestions: " + " / ".join(suggestions))
    lines += [f"Example: {e.text!r}" + (f" -> {e.expected!r}" if e.expected is not None else "")
              for e in rule.examples]
    properties: dict[str, Any] = {"tags": [rule_id.partition("/")[0], rule.kind],
                                  "kind": rule.kind, "fix": rule.fix}
    if rule.source:
        properties["source"] = rule.source
    if flag and flag.evidence:
        properties["evidence"] = flag.evidence
    return RuleInfo(rule_id, message, rule.why, "\n".join(lines), tuple(properties.items()))


class Ending(NamedTuple):
    """What a run hands its printer at the end. `summary` is `None` under `--quiet`;
    `diffs` (path, unified diff) only under `fix --diff`."""

    records: list[Record]
    errors: list[str]
    counts: dict[str, int]
    summary: str | None
    rules: dict[str, RuleInfo]
    diffs: list[tuple[str, str]] | None = None


class Show(NamedTuple):
    """Options of the formats a person reads: the source line under each finding, colour."""

    source: bool = False
    color: bool = False


def wants_color(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when `NO_COLOR` is set (no-color.org)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("NO_COLOR")


def _paint(text: str, code: str, show: Show) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if show.color else text


def _snippet(text: str) -> str:
    shown = text if len(text) <= _SNIPPET else text[:_SNIPPET - 1] + "\N{HORIZONTAL ELLIPSIS}"
    return "'" + shown.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "'"


PLAIN = Show()


def text_line(record: Record, *, concise: bool = False, show: Show = PLAIN) -> str:
    """`path:line:col: rule-id [*] message`, with what changes unless `concise`.

    A suggestion shows the text it is about, as a fix does: `'Triumph' -> suggestion: Triumf`.
    """
    marker = _paint("[*]", "36", show) + " " if record.replacement is not None else ""
    detail = ""
    if not concise and record.replacement is not None:
        detail = f": {_snippet(record.text)} -> {_snippet(record.replacement)}"
    elif not concise and record.suggestion:
        detail = f": {_snippet(record.text)} -> suggestion: {record.suggestion}"
    where = _paint(f"{record.path}:{record.line}:{record.column}:", "1", show)
    return f"{where} {_paint(record.rule, '31', show)} {marker}{record.message}{detail}"


def source_lines(record: Record, text: str, index: LineIndex, show: Show,
                 first_line: int = 1) -> list[str]:
    """The finding's line, cut to a window around the finding when long, with a caret
    under its span (to the end of the line when the span goes on)."""
    from cleanup.chars import LINE_BREAK_RE

    start = index.start(record.line - first_line + 1)
    end = LINE_BREAK_RE.search(text, start)
    line = text[start:end.start() if end else len(text)].replace("\t", " ")
    first, last = record.column - 1, (record.end_column - 1 if record.end_line == record.line
                                      else len(line))
    left = max(0, min(first - _SOURCE_WIDTH // 3, len(line) - _SOURCE_WIDTH))
    right = left + _SOURCE_WIDTH
    shown = ("…" if left else "") + line[left:right] + ("…" if right < len(line) else "")
    caret_at = first - left + (1 if left else 0)
    carets = "^" * max(1, min(last, right) - first)
    gutter = " " * len(str(record.line))
    return [f"{gutter} |", f"{record.line} | {shown}".rstrip(),
            f"{gutter} | {' ' * caret_at}{_paint(carets, '31', show)}"]


def _text(file: FileReport, show: Show, *, concise: bool = False) -> list[str]:
    index = LineIndex(file.text) if show.source else None
    lines = []
    for record in file.records:
        lines.append(text_line(record, concise=concise, show=show))
        if index is not None:
            lines += source_lines(record, file.text, index, show, file.first_line)
    return lines


def _concise(file: FileReport, show: Show) -> list[str]:
    return _text(file, show, concise=True)


def _escape(value: str, *, property_: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property_ else value


def github_line(record: Record) -> str:
    """A GitHub Actions workflow command that shows the finding as an annotation."""
    props = ",".join(f"{k}={_escape(str(v), property_=True)}" for k, v in (
        ("file", record.path), ("line", record.line), ("col", record.column),
        ("endLine", record.end_line), ("endColumn", record.end_column),
        ("title", record.rule)))
    message = _escape(text_line(record, concise=True))
    return f"::{_GITHUB_LEVELS[record.level]} {props}::{message}"


def _github(file: FileReport, show: Show) -> list[str]:
    return [github_line(record) for record in file.records]


def as_json(ending: Ending) -> list[str]:
    import json

    data: dict[str, Any] = {"schema": JSON_SCHEMA,
                            "findings": [r.as_json() for r in ending.records]}
    if ending.diffs is not None:
        data["diffs"] = [{"path": path, "diff": diff} for path, diff in ending.diffs]
    data |= {"errors": ending.errors, "summary": ending.counts}
    return [json.dumps(data, ensure_ascii=False, indent=2)]


def _sarif(ending: Ending) -> list[str]:
    from cleanup.sarif import as_sarif  # only a SARIF run needs it

    return [as_sarif(ending)]


def statistics(ending: Ending) -> list[str]:
    """Counts per rule, most frequent first, as ruff's `--statistics` shows them; then the
    summary."""
    counts = Counter(r.rule for r in ending.records)
    fixable = {r.rule for r in ending.records if r.replacement is not None}
    width = max((len(rid) for rid in counts), default=0)
    lines = [f"{n:5d}  {rid:{width}}  {'[*]' if rid in fixable else '[ ]'}  "
             f"{ending.rules[rid].message if rid in ending.rules else ''}"
             for rid, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return lines + _summary(ending)


def _summary(ending: Ending) -> list[str]:
    return [] if ending.summary is None else [ending.summary]


def _nothing(ending: Ending) -> list[str]:
    return []


class Printer(NamedTuple):
    """A format: the lines it prints as each file is done (`None`: it waits for the end),
    the lines it prints at the end, where the diffs of `fix --diff` go (on stdout between
    the files, inside the output, or nowhere: a usage error), and whether it describes
    the rules found (`Ending.rules` is left empty for the others)."""

    per_file: Callable[[FileReport, Show], list[str]] | None
    at_end: Callable[[Ending], list[str]]
    diffs: Literal["stdout", "embedded", "refused"] = "stdout"
    describes_rules: bool = False


PRINTERS: dict[OutputFormat, Printer] = {
    OutputFormat.TEXT: Printer(_text, _summary),
    OutputFormat.CONCISE: Printer(_concise, _summary),
    OutputFormat.GITHUB: Printer(_github, _nothing),
    OutputFormat.JSON: Printer(None, as_json, diffs="embedded"),
    OutputFormat.SARIF: Printer(None, _sarif, diffs="refused", describes_rules=True),
}
#: `--statistics`: counts per rule at the end, instead of each finding.
STATISTICS = Printer(None, statistics, describes_rules=True)


def printer(output_format: OutputFormat, statistics: bool = False) -> Printer:
    """The printer of a format; `--statistics` replaces the ones that stream."""
    chosen = PRINTERS[output_format]
    return STATISTICS if statistics and chosen.per_file is not None else chosen


#: A line with its break: only CR, LF and CRLF break a line (`str.splitlines` also breaks
#: at a vertical tab, a form feed and U+2028, which an article keeps inside its lines).
#: Compiled by `re` on first use, not at start-up.
DIFF_LINE = r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z"


def unified_diff(path: str, old: str, new: str, first_lines: tuple[int, int] = (1, 1)) -> str:
    """A unified diff (three lines of context) from `a/PATH` to `b/PATH`, exactly as
    `difflib.unified_diff` writes it, with git's mark for a missing final newline; the
    hunks of a block of a file read in blocks count lines from `first_lines` (old, new)."""
    if old == new:
        return ""
    from cleanup.diff import grouped_opcodes

    a, b = re.findall(DIFF_LINE, old), re.findall(DIFF_LINE, new)
    out = [f"--- a/{path}\n", f"+++ b/{path}\n"]
    for group in grouped_opcodes(a, b):
        first, last = group[0], group[-1]
        was, now = first_lines[0] - 1, first_lines[1] - 1
        out.append(f"@@ -{_range(first[1] + was, last[2] + was)} "
                   f"+{_range(first[3] + now, last[4] + now)} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [" " + line for line in a[i1:i2]]
                continue
            out += ["-" + line for line in a[i1:i2]]
            out += ["+" + line for line in b[j1:j2]]
    missing = "\n\\ No newline at end of file\n"
    return "".join(line if line.endswith(("\n", "\r")) else line + missing for line in out)


def _range(start: int, stop: int) -> str:
    """A hunk's range as unified diffs write it: `3` for one line, `2,0` for none."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"
