"""Which of many spans of a text hold an offset, by bisection rather than by trying each."""

import itertools
from bisect import bisect_right
from collections.abc import Iterable


class Spans:
    """Spans `(start, end)`, in any order, overlapping or not. With each start is kept the
    furthest any span starting there or before reaches, so the last span to start at or
    before an offset answers for all of them.

    >>> quotations = Spans([(10, 20), (0, 30), (40, 45)])
    >>> [quotations.holds(pos) for pos in (5, 25, 30, 42, 45)]
    [True, True, False, True, False]
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach = list(itertools.accumulate((end for _, end in ordered), max))

    def holds(self, pos: int) -> bool:
        """Does some span have `start <= pos < end`?"""
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.reach[i]
