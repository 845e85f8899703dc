"""Scraped residue: page furniture that remove rules take out, or report.

A remove rule's `scope` says what it may take: the match alone, a whole line (its line
break with it), or a whole paragraph (with one adjacent blank line). Line rules are the
many short patterns of page furniture (`Photo:`, `Read more`), most with no leading word
to look for, so they look only at the starts of short lines, all together; the other
rules scan the text, each when one of its leading words occurs in it.

The `remove` kind is scanned here: `Residue` removes what safe rules match, and reports
what the others match, unless a safe rule removes it anyway.
"""

import functools
import re
import time
from typing import TYPE_CHECKING, NamedTuple

import regex

from cleanup.chars import LINE_BREAK, crosses_paragraph
from cleanup.edits import Edit
from cleanup.findings import Finding
from cleanup.patterns import Pattern, RuleTimeout, finditer, scan_seconds, span

if TYPE_CHECKING:
    from cleanup.matcher import Batch, Scan
    from cleanup.rules import RemoveRule

#: The text of a line short enough for a line rule (page furniture is short; prose runs
#: on): a pattern with no leading word costs a full scan of the text, so line rules look
#: only at the starts of such lines, together.
LINE_RULE_LIMIT = 1000
_SHORT_LINE_RE = re.compile(rf"(?<![^\r\n])[ \t]*([^\r\n]{{1,{LINE_RULE_LIMIT}}})(?![^\r\n])")
#: What the line rules' scan may take per line, over `scan_seconds`: that budget is for a
#: pattern that backtracks, and the loop over the lines costs a few microseconds a line
#: by itself, so a text of many short lines (a list, a menu: 256 KB of them took 1.7 s)
#: overran it, and every built-in line rule was reported as backtracking.
_SECONDS_PER_LINE = 5e-5
_LINE_BREAK_RE = regex.compile(LINE_BREAK)
_BLANK_AFTER_RE = regex.compile(rf"{LINE_BREAK}[ \t]*{LINE_BREAK}")
_BLANK_BEFORE_RE = regex.compile(rf"{LINE_BREAK}[ \t]*{LINE_BREAK}\Z")


def _body(rule: "RemoveRule") -> str:
    return f"(?i:{rule.pattern})" if rule.ignorecase else f"(?:{rule.pattern})"


def _remove_pattern(rule: "RemoveRule") -> str:
    """A remove rule's pattern, held to its scope: a whole line, or a whole paragraph."""
    if rule.scope == "line":  # the line's start is checked in _line_start
        return rf"{_body(rule)}[ \t]*(?![^\r\n])"
    if rule.scope == "paragraph":
        blank = rf"{LINE_BREAK}[ \t]*{LINE_BREAK}"
        return rf"(?<=\A|{blank}){_body(rule)}(?=[ \t]*(?:{blank}|{LINE_BREAK}?\Z))"
    return _body(rule)


class _Remove(Pattern["RemoveRule"]):
    """A remove rule, compiled when its leading words first occur in a text, and held
    to its scope."""

    @functools.cached_property
    def pattern(self) -> regex.Pattern[str]:
        return regex.compile(_remove_pattern(self.rule))


def _line_start(text: str, pos: int) -> int:
    r"""Where the line holding `pos` starts, if only spaces and tabs stand before `pos`; else -1.

    >>> _line_start("a\n  b", 4), _line_start("a b", 2)
    (2, -1)
    """
    start = pos
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    return start if start == 0 or text[start - 1] in "\r\n" else -1


def removal_span(text: str, match: regex.Match[str], rule: "RemoveRule") -> tuple[int, int]:
    """What removing a match takes with it: a line its break; a paragraph one blank line."""
    start, end = span(match)
    if rule.scope == "line":
        brk = _LINE_BREAK_RE.match(text, end)
        return _line_start(text, start), brk.end() if brk else end
    if rule.scope == "paragraph":
        after = _BLANK_AFTER_RE.match(text, end)
        if after:
            return start, after.end()
        before = _BLANK_BEFORE_RE.search(text, max(0, start - 64), start)
        if before:
            return before.start(), end
    return start, end


def _short_lines(pattern: regex.Pattern[str], text: str,
                 rules: list[_Remove]) -> list[tuple[int, int]]:
    """Where the text of each short line that `pattern` covers starts and ends."""
    lines = text.count("\n") + text.count("\r")  # at least as many as there are
    seconds, starts = scan_seconds(text, _SECONDS_PER_LINE * lines), []
    deadline = time.monotonic() + seconds
    try:
        for line in _SHORT_LINE_RE.finditer(text):
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            if pattern.fullmatch(text, line.start(1), line.end(1), timeout=left):
                starts.append(line.span(1))
    except TimeoutError:
        raise RuleTimeout(tuple(r.rule.id for r in rules), seconds) from None
    return starts


class Residue(NamedTuple):
    """Remove rules of one sort: those that remove (`fix = "safe"`), or those that report."""

    rules: list[_Remove]
    removes: bool

    @property
    def fix_pass(self) -> str | None:
        return "remove" if self.removes else None

    def run(self, scan: "Scan") -> tuple[list[Edit], list[Finding]]:
        spans = [(rule, removal_span(scan.text, m, rule)) for rule, m in self._matches(scan)]
        if self.removes:
            return [Edit(start, end, "", rule.id) for rule, (start, end) in spans], []
        removed = [(e.start, e.end) for e in scan.removals]  # what fix deletes anyway
        return [], [Finding(s, e, rule.id, rule.message, suggestion="remove")
                    for rule, (s, e) in spans if not any(a <= s and e <= b for a, b in removed)]

    def _matches(self, scan: "Scan") -> list[tuple["RemoveRule", regex.Match[str]]]:
        """Each match: line rules on the short lines they may cover, the others over the
        whole text."""
        text = scan.text
        active = [r for r in self.rules if r.might_occur(scan)]
        # Every line rule, once any may occur: one that may not (its opening words are
        # nowhere in the text) covers and matches nothing, and one pattern for them all
        # is compiled once, not once for each set of rules a text (a block) calls for.
        lines = ([r for r in self.rules if r.rule.scope == "line"]
                 if any(r.rule.scope == "line" for r in active) else [])
        covers = _lines_pattern(tuple(_body(r.rule) for r in lines)) if lines else None
        # Each rule is matched within the line: `regex` looks for a literal the pattern
        # needs (`©`) before it matches, and would look to the end of the text for each
        # line (256 KB of short lines: 4 s; 1 MB: 57 s).
        matches = [(r.rule, m) for start, end in _short_lines(covers, text, lines)
                   for r in lines for m in [r.pattern.match(text, start, end)] if m] \
            if covers else []
        for remove in active:
            if remove.rule.scope == "line":
                continue
            try:
                matches += [(remove.rule, m) for m in finditer(
                    remove.pattern, text, 0, remove.starts, scan_seconds(text))]
            except TimeoutError:
                raise RuleTimeout((remove.rule.id,), scan_seconds(text)) from None
        return [(rule, m) for rule, m in matches
                if m.start() < m.end() and not crosses_paragraph(text, *span(m))]


@functools.lru_cache(maxsize=8)
def _lines_pattern(bodies: tuple[str, ...]) -> regex.Pattern[str]:
    """What one of these line rules may cover: a whole line, spaces aside."""
    return regex.compile(rf"(?:{'|'.join(bodies)})[ \t]*")


def compile_removes(rules: list["RemoveRule"], unsafe_fixes: bool) -> list["Batch"]:
    """Safe rules remove on every `fix` pass; the others only report, so `fix` never
    scans for them."""
    removes = [_Remove(r) for r in rules if r.fix == "safe"]
    reports = [_Remove(r) for r in rules if r.fix != "safe"]
    return [Residue(group, removes=group is removes) for group in (removes, reports) if group]
