"""The hunks of `difflib.unified_diff`, exactly, found fast on long files with many changes.

difflib matches lines by recursion: the longest run of equal lines in a range, then the
same on each side of it. A line that fills more than 1% of a file of 200 lines or more
(in an article, the blank line) may extend a run but never start one. Each step reads
every line of its range, so a 2 MB article with a thousand changed paragraphs took
seconds: most of `fix --diff`. We find every run of equal lines once, in one pass, and
each step looks only at the runs that reach into its range. The blocks are difflib's
own, and so is the grouping into hunks (`SequenceMatcher.get_grouped_opcodes`), which we
hand the blocks.
"""

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from difflib import Match, SequenceMatcher
from typing import NamedTuple

Run = tuple[int, int, int]  # start in a, start in b, length


def grouped_opcodes(a: Sequence[str], b: Sequence[str],
                    context: int = 3) -> Iterable[list[tuple[str, int, int, int, int]]]:
    """difflib's hunks, as `SequenceMatcher(None, a, b).get_grouped_opcodes(context)`.

    >>> [[op[0] for op in group] for group in grouped_opcodes("abcdefgh", "abXdefgh", 1)]
    [['equal', 'replace', 'equal']]
    """
    return _KnownBlocks(a, b, matching_blocks(a, b)).get_grouped_opcodes(context)


class _KnownBlocks(SequenceMatcher):  # type: ignore[type-arg]
    """A matcher told its matching blocks rather than left to find them."""

    def __init__(self, a: Sequence[str], b: Sequence[str], blocks: list[Match]) -> None:
        super().__init__(None, a, b)
        self._blocks = blocks

    def get_matching_blocks(self) -> list[Match]:
        return self._blocks


def matching_blocks(a: Sequence[str], b: Sequence[str]) -> list[Match]:
    """What `SequenceMatcher(None, a, b).get_matching_blocks()` returns.

    >>> matching_blocks("abxcd", "abcd")
    [Match(a=0, b=0, size=2), Match(a=3, b=2, size=2), Match(a=5, b=4, size=0)]
    """
    groups = _by_length(_runs(a, b))
    found: list[Run] = []
    ranges = [(0, len(a), 0, len(b))]
    while ranges:
        alo, ahi, blo, bhi = ranges.pop()
        i, j, k = _longest(a, b, (alo, ahi, blo, bhi), groups)
        if not k:
            continue
        found.append((i, j, k))
        if alo < i and blo < j:
            ranges.append((alo, i, blo, j))
        if i + k < ahi and j + k < bhi:
            ranges.append((i + k, ahi, j + k, bhi))
    blocks: list[Match] = []
    for i, j, k in sorted(found):
        if blocks and blocks[-1].a + blocks[-1].size == i and blocks[-1].b + blocks[-1].size == j:
            blocks[-1] = Match(blocks[-1].a, blocks[-1].b, blocks[-1].size + k)
        else:
            blocks.append(Match(i, j, k))
    return [*blocks, Match(len(a), len(b), 0)]


def _runs(a: Sequence[str], b: Sequence[str]) -> list[Run]:
    """Every maximal diagonal run of equal lines, in order of their start in `a`, leaving
    out the lines too common in `b` to start a run (difflib's "popular" lines)."""
    where: defaultdict[str, list[int]] = defaultdict(list)
    for j, line in enumerate(b):
        where[line].append(j)
    if len(b) >= 200:
        most = len(b) // 100 + 1
        where = defaultdict(list, {line: js for line, js in where.items() if len(js) <= most})
    runs: list[list[int]] = []
    ending: dict[int, int] = {}  # j of the previous line of a -> the run that ends there
    for i, line in enumerate(a):
        now = {}
        for j in where.get(line, ()):
            n = ending.get(j - 1)
            if n is None:
                n = len(runs)
                runs.append([i, j, 0])
            runs[n][2] += 1
            now[j] = n
        ending = now
    return [(i, j, k) for i, j, k in runs]


class _Group(NamedTuple):
    """The runs of one length, by their start in `a` (then in `b`)."""

    length: int
    starts: list[int]
    runs: list[Run]


def _by_length(runs: list[Run]) -> list[_Group]:
    """The runs in groups of one length each, the longest first."""
    groups: defaultdict[int, list[Run]] = defaultdict(list)
    for run in runs:
        groups[run[2]].append(run)
    return [_Group(k, [run[0] for run in group], group)
            for k, group in sorted(groups.items(), reverse=True)]


def _clip(run: Run, bounds: tuple[int, int, int, int]) -> Run:
    """The part of a run inside a range (length 0 or less when none is)."""
    i, j, k = run
    alo, ahi, blo, bhi = bounds
    skip = max(alo - i, blo - j, 0)
    return i + skip, j + skip, min(k, ahi - i, bhi - j) - skip


def _longest(a: Sequence[str], b: Sequence[str], bounds: tuple[int, int, int, int],
             groups: list[_Group]) -> Run:
    """difflib's `find_longest_match`: the longest run in the range, the earliest in `a`
    and then in `b` among equals, then grown over equal (popular) lines on both sides.

    Groups are read longest first, and each from the first run that reaches into the
    range: a run wholly inside ends its group's turn (later runs of that length start
    later), and a group shorter than the best found ends the search. So a step reads a
    handful of runs, not its whole range.
    """
    alo, ahi, blo, bhi = bounds
    k, i, j = 0, alo, blo
    for group in groups:
        if group.length < k:
            break
        for n in range(bisect_left(group.starts, alo - group.length + 1),
                       bisect_left(group.starts, ahi)):
            ci, cj, ck = _clip(group.runs[n], bounds)
            if ck > 0 and (ck, -ci, -cj) > (k, -i, -j):
                k, i, j = ck, ci, cj
            if ck == group.length:
                break
    while i > alo and j > blo and a[i - 1] == b[j - 1]:
        i, j, k = i - 1, j - 1, k + 1
    while i + k < ahi and j + k < bhi and a[i + k] == b[j + k]:
        k += 1
    return i, j, k
