"""Suppression comments in the article itself, and the ones that suppress nothing.

An editor who has read a finding and kept the text says so where it stands:

- `<!-- cleanup: ignore calques/the-x-side -->` for the next block (the paragraph the
  comment stands in or, on a line of its own, the one after it);
- `<!-- cleanup: disable names -->` … `<!-- cleanup: enable names -->` for a stretch;
- `<!-- cleanup: ignore-file calques -->` for the whole file.

Rules are named by id or prefix, separated by commas or spaces; none means every rule.
A suppression suppresses fixes as well as findings. One that matches nothing is itself a
finding, `suppression/unused`, as ruff's RUF100 is: a stale suppression would hide the
next real problem.
"""

from collections.abc import Sequence
from typing import NamedTuple

import regex

from cleanup.chars import PARAGRAPH_BREAK_RE
from cleanup.config import rule_matches
from cleanup.edits import Edit
from cleanup.findings import Finding

UNUSED = "suppression/unused"
_COMMENT_RE = regex.compile(
    r"<!--[ \t]*cleanup:[ \t]*(?P<kind>ignore-file|ignore|disable|enable)\b"
    r"(?P<rules>[^>]*?)[ \t]*-->")
_RULE_LIST_RE = regex.compile(r"[\s,]+")


class Suppression(NamedTuple):
    start: int  # the region it covers
    end: int
    rules: tuple[str, ...]  # ids or prefixes; empty: every rule
    comment: tuple[int, int]  # where the comment stands

    def covers(self, rule_id: str, offset: int) -> bool:
        return (self.start <= offset < self.end and rule_id != UNUSED
                and (not self.rules or rule_matches(rule_id, self.rules)))


def suppressions(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Suppression]:
    """The suppressions in a text; comments inside `skip` spans (code) do not count.

    >>> [s[:3] for s in suppressions("A.\\n\\n<!-- cleanup: ignore names -->\\nB.\\n\\nC.")]
    [(4, 37, ('names',))]
    """
    if "cleanup:" not in text:
        return []
    found: list[Suppression] = []
    open_: dict[tuple[str, ...], int] = {}
    for match in _COMMENT_RE.finditer(text):
        if any(s <= match.start() < e for s, e in skip):
            continue
        rules = tuple(r for r in _RULE_LIST_RE.split(match["rules"].strip()) if r)
        kind, span = match["kind"], match.span()
        if kind == "ignore-file":
            found.append(Suppression(0, len(text), rules, span))
        elif kind == "ignore":
            found.append(Suppression(*_block(text, match.start(), match.end()), rules, span))
        elif kind == "disable":
            open_[rules] = match.start()
            found.append(Suppression(match.start(), len(text), rules, span))
        elif rules in open_:  # enable: close the matching disable
            start = open_.pop(rules)
            found = [s._replace(end=match.end()) if s.start == start and s.rules == rules
                     else s for s in found]
    return found


def _block(text: str, start: int, end: int) -> tuple[int, int]:
    """The block an `ignore` comment at `start:end` covers.

    With text before it in its paragraph, that paragraph; opening a paragraph, the
    paragraph it opens if text follows it there, or else the next one.
    """
    breaks = [m.end() for m in PARAGRAPH_BREAK_RE.finditer(text, 0, start)]
    paragraph_start = breaks[-1] if breaks else 0
    if text[paragraph_start:start].strip():
        brk = PARAGRAPH_BREAK_RE.search(text, end)
        return paragraph_start, brk.start() if brk else len(text)
    rest = regex.search(r"\S", text, pos=end)
    if rest is None:
        return start, len(text)
    brk = PARAGRAPH_BREAK_RE.search(text, rest.start())
    return start, brk.start() if brk else len(text)


def drop_suppressed_edits(edits: list[Edit], found: list[Suppression]) -> list[Edit]:
    return [e for e in edits if not any(s.covers(e.rule_id, e.start) for s in found)]


def apply(findings: list[Finding], found: list[Suppression], *, report_unused: bool
          ) -> list[Finding]:
    """The findings no suppression covers, and a finding for each unused suppression."""
    if not found:
        return findings
    used: set[Suppression] = set()
    kept = []
    for finding in findings:
        covering = [s for s in found if s.covers(finding.rule_id, finding.start)]
        used.update(covering)
        if not covering:
            kept.append(finding)
    if report_unused:
        kept += [Finding(*s.comment, UNUSED,
                         f"this suppression ({', '.join(s.rules) or 'every rule'}) "
                         "suppresses nothing", suggestion="remove the comment")
                 for s in found if s not in used]
    return kept
