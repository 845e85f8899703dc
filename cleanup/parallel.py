"""Work spread over processes, its results taken in the order it was given.

`ordered` keeps a bounded number of tasks in flight and yields each result in turn, so
the output of a parallel run is that of a serial one, line for line, and a corpus of
any length is read only a little ahead of what is written. Workers are forked (on
Linux), so they start with what the parent has loaded: the rules, ftfy, the regexes.
"""

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # concurrent.futures loads logging and threading: 3 ms a hook need not pay
    from concurrent.futures import Executor, Future

T = TypeVar("T")
R = TypeVar("R")
K = TypeVar("K")

#: Tasks in flight per worker: enough to keep each busy while the parent prints.
AHEAD = 4


def cores() -> int:
    """The cores this process may run on (a container's or `taskset`'s, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def pool(jobs: int, initializer: Callable[[], None] | None = None) -> "Executor":
    """A pool of `jobs` worker processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method),
                               initializer=initializer)


def ordered(start: "Callable[[], Executor] | None", work: Callable[[T], R],
            here: Callable[[T], R], items: Iterable[tuple[K, T | None]], ahead: int,
            inline: Callable[[T], bool] = lambda task: False) -> Iterator[tuple[K, R | None]]:
    """`(key, result)` for each item, in order. Tasks run `work` in the workers of the
    pool `start` makes (on the first task that needs it; shut down when this ends), at
    most `ahead` at a time; they run `here` in this process when there is no pool or
    `inline(task)` says so (a task that needs what only this process holds: standard
    input, a server it started).
    An item without a task is a mark for the caller, yielded in its place with `None`.
    """
    executor: Executor | None = None
    waiting: deque[tuple[K, Future[R]]] = deque()
    try:
        for key, task in items:
            if task is not None and start is not None and not inline(task):
                executor = executor or start()
                waiting.append((key, executor.submit(work, task)))
                while len(waiting) >= ahead:
                    done_key, future = waiting.popleft()
                    yield done_key, future.result()
                continue
            while waiting:  # what went before comes first
                done_key, future = waiting.popleft()
                yield done_key, future.result()
            yield key, None if task is None else here(task)
        while waiting:
            done_key, future = waiting.popleft()
            yield done_key, future.result()
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
