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

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import NamedTuple

import regex

from cleanup.chars import PARAGRAPH_BREAK_RE
from cleanup.config import rule_matches
from cleanup.edits import Edit
from cleanup.findings import Finding
from cleanup.spans import Spans

UNUSED = "suppression/unused"
#: The rules run to the comment's end, with the spaces before it (stripped after): a
#: lazy `[^>]*?[ \t]*-->` tried the end at every character, and read on past every
#: other comment to the next `>`, so comments left open cost the square of their number
#: (2,000 took 25 s). No rule id holds a `<`.
_COMMENT_RE = regex.compile(
    r"<!--[ \t]*cleanup:[ \t]*(?P<kind>ignore-file|ignore|disable|enable)\b"
    r"(?P<rules>[^<>]*)-->")
_RULE_LIST_RE = regex.compile(r"[\s,]+")
_NOT_SPACE_RE = regex.compile(r"\S")


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
    skipped = Spans(skip)
    breaks = _Breaks(text)
    found: list[Suppression] = []
    #: Where each (start, rules) stands in `found`: an `enable` ends every one of them.
    places: dict[tuple[int, tuple[str, ...]], list[int]] = {}
    open_: dict[tuple[str, ...], int] = {}
    for match in _COMMENT_RE.finditer(text):
        if skipped.holds(match.start()):
            continue
        rules = tuple(r for r in _RULE_LIST_RE.split(match["rules"].strip()) if r)
        kind, span = match["kind"], match.span()
        if kind == "enable":  # close the matching disable, if any
            if rules in open_:
                for i in places[open_.pop(rules), rules]:
                    found[i] = found[i]._replace(end=match.end())
            continue
        if kind == "ignore-file":
            start, end = 0, len(text)
        elif kind == "ignore":
            start, end = _block(text, match.start(), match.end(), breaks)
        else:  # disable
            open_[rules] = start = match.start()
            end = len(text)
        places.setdefault((start, rules), []).append(len(found))
        found.append(Suppression(start, end, rules, span))
    return found


class _Breaks:
    """The paragraph breaks of a text, found once for all its `ignore` comments."""

    def __init__(self, text: str) -> None:
        spans = [m.span() for m in PARAGRAPH_BREAK_RE.finditer(text)]
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]

    def last_end(self, pos: int) -> int:
        """Where the paragraph holding `pos` starts: the end of the last break before it
        (0 if none). No break runs over `pos`, which holds a comment's `<`."""
        i = bisect_right(self.ends, pos) - 1
        return self.ends[i] if i >= 0 else 0

    def next_start(self, pos: int, default: int) -> int:
        """Where the first break at or after `pos` starts (`default` if none)."""
        i = bisect_left(self.starts, pos)
        return self.starts[i] if i < len(self.starts) else default


def _block(text: str, start: int, end: int, breaks: _Breaks) -> tuple[int, int]:
    """The block an `ignore` comment at `start:end` covers.

    With text before it in its paragraph, that paragraph; opening a paragraph, the
    paragraph it opens if text follows it there, or else the next one.
    """
    paragraph_start = breaks.last_end(start)
    before = start
    while before > paragraph_start and text[before - 1].isspace():
        before -= 1  # (read back only over white space: never the paragraph again)
    if before > paragraph_start:
        return paragraph_start, breaks.next_start(end, len(text))
    rest = _NOT_SPACE_RE.search(text, pos=end)
    if rest is None:
        return start, len(text)
    return start, breaks.next_start(rest.start(), len(text))


def drop_suppressed_edits(edits: list[Edit], found: list[Suppression]) -> list[Edit]:
    if not found or not edits:
        return edits
    covered, _ = _covering(found, [(e.rule_id, e.start) for e in edits])
    return [e for e, hidden in zip(edits, covered, strict=True) if not hidden]


def apply(findings: list[Finding], found: list[Suppression], *, report_unused: bool
          ) -> list[Finding]:
    """The findings no suppression covers, and a finding for each unused suppression."""
    if not found:
        return findings
    covered, used = _covering(found, [(f.rule_id, f.start) for f in findings])
    kept = [f for f, hidden in zip(findings, covered, strict=True) if not hidden]
    if report_unused:
        kept += [Finding(*s.comment, UNUSED,
                         f"this suppression ({', '.join(s.rules) or 'every rule'}) "
                         "suppresses nothing", suggestion="remove the comment")
                 for i, s in enumerate(found) if i not in used]
    return kept


def _keys(rules: tuple[str, ...]) -> set[tuple[str, str]]:
    """What a suppression's rules answer to: `("=", id)` for an id named whole, `("/",
    family)` for a family (`names` and `names/` alike), `("*", "")` for every rule."""
    if not rules:
        return {("*", "")}
    return {key for r in rules for key in (("=", r), ("/", r.rstrip("/")))}


def _asked(rule_id: str) -> list[tuple[str, str]]:
    """The keys of every suppression that covers `rule_id`: as `Suppression.covers` (and
    `rule_matches`) say, the id itself, each family it belongs to, and every rule.

    >>> _asked("names/x/y")
    [('*', ''), ('=', 'names/x/y'), ('/', 'names'), ('/', 'names/x')]
    """
    return [("*", ""), ("=", rule_id),
            *(("/", rule_id[:i]) for i, c in enumerate(rule_id) if c == "/")]


def _covering(found: list[Suppression], items: list[tuple[str, int]]
              ) -> tuple[list[bool], set[int]]:
    """For each (rule id, offset), is it covered; and which suppressions cover any.

    One sweep over the offsets in order, with the suppressions in force kept by the
    keys they answer to: the cost grows with the number of items and suppressions, not
    their product (5,000 `ignore` comments took 19 s, one by one against each finding).
    """
    keys = [_keys(s.rules) for s in found]
    by_start = sorted(range(len(found)), key=lambda i: found[i].start)
    ending: list[tuple[int, int]] = []  # (end, index) of those in force
    in_force: dict[tuple[str, str], int] = {}  # key: how many in force answer to it
    unused: dict[tuple[str, str], set[int]] = {}  # key: those in force not used yet
    used: set[int] = set()
    covered = [False] * len(items)
    n = 0
    for at in sorted(range(len(items)), key=lambda j: items[j][1]):
        rule_id, offset = items[at]
        while n < len(by_start) and found[by_start[n]].start <= offset:
            i = by_start[n]
            n += 1
            if found[i].end > offset:
                heapq.heappush(ending, (found[i].end, i))
                for key in keys[i]:
                    in_force[key] = in_force.get(key, 0) + 1
                    if i not in used:
                        unused.setdefault(key, set()).add(i)
        while ending and ending[0][0] <= offset:
            _, i = heapq.heappop(ending)
            for key in keys[i]:
                in_force[key] -= 1
                unused.get(key, set()).discard(i)
        if rule_id == UNUSED:
            continue
        for key in _asked(rule_id):
            if in_force.get(key):
                covered[at] = True
                for i in unused.pop(key, set()):
                    used.add(i)
                    for other in keys[i]:
                        if other != key:
                            unused.get(other, set()).discard(i)
    return covered, used
