"""Where a run's tasks come from, and where their output goes.

A file is read by its task; standard input, a large file (a block at a time) and a JSON
Lines corpus (a chunk of lines at a time) are read here, in the runner's process, and
their output goes to a `Sink`: standard input's fixed text to stdout, a large file's
blocks or a corpus's lines to a file written atomically.
"""

import os
from collections.abc import Iterator
from typing import BinaryIO, Protocol, TextIO, cast

from cleanup.files import (
    AtomicWriter,
    BinaryFile,
    Document,
    InputError,
    decode,
    encode,
    read_bytes,
    write_bytes,
)
from cleanup.report import Report
from cleanup.tasks import FixMode, How, Outcome, Task


class Log(Protocol):
    """Where a source says what went wrong: the run's error and notice lines."""

    def error(self, line: str) -> None: ...

    def notice(self, line: str) -> None: ...


class Sink:
    """Where the output of a file's tasks goes, in this process: standard input's fixed
    text to stdout; a large file's blocks or a corpus's lines to a file written
    atomically (replacing the original only if something changed, or at `-o`)."""

    def __init__(self, name: str, document: Document | None = None,
                 stdout: TextIO | None = None, writer: AtomicWriter | None = None,
                 encoding: str = "utf-8", always: bool = False) -> None:
        self.name, self.document, self.stdout, self.writer = name, document, stdout, writer
        self.encoding, self.always = encoding, always
        self.report = Report(files=1)
        self.new_line = 1  # where the next block starts in the fixed file
        self.diffed = False
        self.failed = False
        self.changed = False

    def put(self, outcome: Outcome) -> None:
        output = outcome.output
        if output is None:
            return
        if self.document is not None:  # standard input, to stdout when `fix` filters it
            if self.stdout is not None and isinstance(output, str):
                write_bytes(self.stdout, encode(self.document, output))
        elif self.writer is not None:
            self.writer.handle.write(output.encode(self.encoding) if isinstance(output, str)
                                     else output)

    def tally(self, outcome: Outcome) -> Outcome:
        """A block's counts, taken into the file's: one file, flagged or changed once."""
        mine, counted = self.report, outcome.report
        mine.flagged = mine.flagged or counted.flagged
        mine.changed = mine.changed or counted.changed
        return outcome._replace(report=Report(
            edits=counted.edits, findings=counted.findings, fixable=counted.fixable,
            failing=counted.failing))

    def close(self, run: Log, mode: FixMode | None) -> None:
        """Commit the file if it changed (or was asked for at `-o`), else leave it be."""
        if self.writer is None:
            return
        if self.failed or not ((self.changed and mode is FixMode.WRITE) or self.always):
            self.writer.discard()
            return
        try:
            self.writer.commit()
        except OSError as exc:
            self.writer.discard()
            run.error(f"{self.name}: error: cannot write: {exc.strerror or exc}")


def size(path: str) -> int:
    try:
        return os.stat(path).st_size if path != "-" else 0
    except OSError:
        return 0



Item = tuple[Sink | None, Task | None]



def stdin(run: Log, task: Task, passthrough: TextIO | None) -> Iterator[Item]:
    try:
        document = decode(read_bytes("-"), task.name)
    except InputError as exc:
        if isinstance(exc, BinaryFile):
            run.notice(str(exc))
        else:
            run.error(str(exc))
        if passthrough is not None and exc.data is not None:
            write_bytes(passthrough, exc.data)
        return
    yield Sink(task.name, document, passthrough), task._replace(text=document.text)


def blocks(run: Log, task: Task, how: How) -> Iterator[Item]:
    """A large file, a block at a time; its fixed blocks are written as they come."""
    from cleanup.blocks import read_blocks
    from cleanup.files import encoding_of

    try:
        handle = open(task.path, "rb")  # noqa: SIM115 (closed below)
    except OSError as exc:
        run.error(f"{task.name}: error: {exc.strerror or exc}")
        return
    with handle:
        encoding, bom = encoding_of(handle.read(4))
        handle.seek(0)
        writer = open_writer(run, task.name, task.path) if how.mode is FixMode.WRITE else None
        if how.mode is FixMode.WRITE and writer is None:
            return
        sink = Sink(task.name, writer=writer, encoding=encoding)
        if writer is not None:
            writer.handle.write(bom)
        try:
            for block in read_blocks(handle, task.name):
                yield sink, task._replace(text=block.text, first_line=block.first_line,
                                          offset=block.offset, size=len(block.text))
        except InputError as exc:
            sink.failed = True
            (run.notice if isinstance(exc, BinaryFile) else run.error)(str(exc))
        except OSError as exc:
            sink.failed = True
            run.error(f"{task.name}: error: {exc.strerror or exc}")
        yield sink, None


def corpus(run: Log, task: Task, how: How, corpus_out: str | None) -> Iterator[Item]:
    """A JSON Lines corpus (`.gz` too), in chunks of lines; written in place when fixed,
    or to `corpus_out`."""
    import gzip

    zipped = task.path.endswith(".gz")
    try:
        opened = gzip.open(task.path, "rb") if zipped else open(task.path, "rb")  # noqa: SIM115
        handle = cast(BinaryIO, opened)
    except OSError as exc:
        run.error(f"{task.name}: error: {exc.strerror or exc}")
        return
    with handle:
        writer = None
        if how.writes_corpus:
            out = corpus_out or task.path
            writer = open_writer(run, task.name, out, gzipped=out.endswith(".gz"))
            if writer is None:
                return
        sink = Sink(task.name, writer=writer, always=corpus_out is not None)
        sink.report.files = 0  # each record counts as a file
        try:
            number, lines, size = 1, [], 0
            for line in handle:
                lines.append(line)
                size += len(line)
                if size >= CHUNK:
                    yield sink, task._replace(lines=tuple(lines), first_line=number, size=size)
                    number, lines, size = number + len(lines), [], 0
            if lines:
                yield sink, task._replace(lines=tuple(lines), first_line=number, size=size)
        except (OSError, EOFError) as exc:
            sink.failed = True
            run.error(f"{task.name}: error: {getattr(exc, 'strerror', None) or exc}")
        yield sink, None


CHUNK = 1 << 20  # bytes of JSON Lines a task holds


def open_writer(run: Log, name: str, path: str, *, gzipped: bool = False) -> AtomicWriter | None:
    try:
        return AtomicWriter(path, gzipped=gzipped)
    except OSError as exc:
        run.error(f"{name}: error: cannot write: {exc.strerror or exc}")
        return None
