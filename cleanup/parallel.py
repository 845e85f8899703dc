"""Work spread over processes, its results taken in the order it was given.

`ordered` keeps a bounded number of tasks in flight and yields each result in turn, so
the output of a parallel run is that of a serial one, line for line, and a corpus of
any length is read only a little ahead of what is written. Workers are forked (on
Linux), so they start with what the parent has loaded: the rules, ftfy, the regexes.
"""

import os
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # concurrent.futures loads logging and threading: 3 ms a hook need not pay
    from concurrent.futures import Executor, Future

T = TypeVar("T")
R = TypeVar("R")
K = TypeVar("K")

#: Batches in flight per worker: enough to keep each busy while the parent prints.
AHEAD = 4
#: Bytes of work a batch holds: one large task, or many small files sent as one, so a
#: corpus of small articles does not pay a round trip to a worker for each.
BATCH = 256 * 1024


def cores() -> int:
    """The cores this process may run on (a container's or `taskset`'s, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def pool(jobs: int) -> "Executor":
    """A pool of `jobs` worker processes, each of which ends if this process does."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    bound_memory()
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method),
                               initializer=_watch_parent, initargs=(os.getpid(),))


def bound_memory() -> None:
    """Make glibc give large buffers back when they are freed.

    glibc raises its threshold for serving an allocation by `mmap` each time such a
    buffer is freed, up to 32 MB; after that, the blocks of text a run passes between
    threads and processes come from the heap, which fragments and keeps growing (a check
    of 100 MB in two processes: the parent from 69 MB to 100 MB in 50 s, 231 MB by the end
    of 1 GB). A fixed threshold keeps it at 53 MB. Elsewhere than glibc: nothing to do.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None).mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD
    except (OSError, AttributeError):
        pass


def _watch_parent(parent: int) -> None:
    """In a worker: end when the run's process is gone (killed, say), rather than wait
    for work forever; the queue never says so, since the worker holds its ends too."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def ordered(start: "Callable[[T], Executor] | None", work: Callable[[T], R],
            here: Callable[[T], R], items: Iterable[tuple[K, T | None]], *, ahead: int,
            inline: Callable[[T], bool] = lambda task: False,
            weight: Callable[[T], int] = lambda task: BATCH,
            ) -> Generator[tuple[K, R | None], None, None]:
    """`(key, result)` for each item, in order.

    Tasks run `work` in the workers of the pool `start` makes (given the first task that
    needs it; shut down when this ends), a batch of consecutive tasks of `BATCH` weight
    (bytes) at a time, at most `ahead` batches in flight. They run `here`, in this
    process, when there is no pool or `inline(task)` says so (a task that needs what
    only this process holds: standard input, a server it started). An item without a
    task is a mark for the caller, yielded in its place with `None`.
    """
    executor: Executor | None = None
    waiting: deque[tuple[list[K], Future[list[R]]]] = deque()
    keys: list[K] = []
    batch: list[T] = []
    size = 0

    def send() -> None:
        nonlocal executor, keys, batch, size
        if batch:
            executor = executor or start(batch[0])  # type: ignore[misc]
            with _died():  # a worker that died before: the pool takes no more work
                waiting.append((keys, executor.submit(_each, work, batch)))
            keys, batch, size = [], [], 0

    def taken(limit: int) -> Iterator[tuple[K, R | None]]:
        while len(waiting) > limit:
            done_keys, future = waiting.popleft()
            with _died():
                done = future.result()
            yield from zip(done_keys, done, strict=True)

    try:
        for key, task in items:
            if task is not None and start is not None and not inline(task):
                keys.append(key)
                batch.append(task)
                size += weight(task)
                if size >= BATCH:
                    send()
                    yield from taken(ahead)
                continue
            send()
            yield from taken(0)  # what went before comes first
            yield key, None if task is None else here(task)
        send()
        yield from taken(0)
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)


class WorkerDied(RuntimeError):
    """A worker process ended without a result (killed, out of memory)."""


@contextmanager
def _died() -> Iterator[None]:
    """A broken pool, whether met on taking a result or on giving work, as `WorkerDied`."""
    from concurrent.futures.process import BrokenProcessPool  # loaded with the pool

    try:
        yield
    except BrokenProcessPool as exc:
        raise WorkerDied(str(exc)) from None


def _each(work: Callable[[T], R], tasks: list[T]) -> list[R]:
    return [work(task) for task in tasks]
