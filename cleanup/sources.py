"""Where a run's tasks come from, and where their output goes.

A file is read by its task; standard input, a large file (a block at a time) and a JSON
Lines corpus (a chunk of lines at a time) are read here, in the runner's process, and
their output goes to a sink: standard input's fixed text to stdout, a large file's
blocks or a corpus's lines to a file written atomically. What goes wrong while reading
is a `Note`, yielded in its place among the tasks, so that a parallel run reports it
where a serial one does.
"""

import os
import zlib
from collections.abc import Iterator
from typing import BinaryIO, NamedTuple, TextIO, cast

from cleanup.files import (
    AtomicWriter,
    BinaryFile,
    Document,
    InputError,
    Stamp,
    decode,
    encode,
    encoding_of,
    read_bytes,
    write_bytes,
    write_error,
)
from cleanup.report import Report
from cleanup.tasks import FixMode, Outcome, Task

CHUNK = 1 << 20  # bytes of JSON Lines a task holds


class Note(NamedTuple):
    """An error (or, `error=False`, a notice) met while reading, printed in its place."""

    line: str
    error: bool = True


class StdinSink:
    """Standard input's fixed text, to stdout when `fix` filters it."""

    def __init__(self, document: Document, stdout: TextIO | None) -> None:
        self.document, self.stdout = document, stdout

    def take(self, task: Task, outcome: Outcome) -> Outcome:
        if self.stdout is not None and isinstance(outcome.output, str):
            write_bytes(self.stdout, encode(self.document, outcome.output))
        return outcome


class FileSink:
    """A file written a piece at a time (a large file's blocks, a corpus's lines), and
    the counts of its pieces: the file replaces the original only when a piece changed
    (or when it goes to a file of its own, `-o`), and only when every piece was read.

    A large file counts as one file, flagged or changed once; a corpus counts its
    documents. Counts are the run's only once the file is done (`close`), so a file
    that stops being readable half-way counts as none, as a small one does.
    """

    def __init__(self, name: str, writer: AtomicWriter | None, *, encoding: str = "utf-8",
                 always: bool = False, documents: bool = False) -> None:
        self.name, self.writer, self.encoding = name, writer, encoding
        self.always, self.documents = always, documents
        self.report = Report()
        self.rewritten = False  # a piece's output differs from what was read
        self.failed = False

    def take(self, task: Task, outcome: Outcome) -> Outcome:
        """Write a piece's output, and keep its counts; what the run counts now is only
        the errors."""
        output = outcome.output
        if output is None:  # the piece failed: the file must not be replaced
            self.failed = True
        elif self.writer is not None:
            read = task.text if task.lines is None else b"".join(task.lines)
            self.rewritten = self.rewritten or output != read
            self.writer.handle.write(output.encode(self.encoding) if isinstance(output, str)
                                     else output)
        self.report.add(outcome.report._replace(errors=0))
        return outcome._replace(report=Report(errors=outcome.report.errors))

    def close(self, mode: FixMode | None) -> tuple[Report, list[Note]]:
        """Commit the file or leave the original be; the file's counts and any error."""
        notes = []
        if self.writer is not None:
            if not self.failed and ((self.rewritten and mode is FixMode.WRITE) or self.always):
                try:
                    self.writer.commit()
                except OSError as exc:  # read whole, but not written: no fix counts
                    self.report = self.report._replace(changed=0, edits=0)
                    notes.append(Note(write_error(self.name, exc)))
            self.writer.discard()  # a no-op once committed
        if self.failed:
            return Report(), notes
        report = self.report
        if not self.documents:
            report = report._replace(files=1, flagged=min(report.flagged, 1),
                                     changed=min(report.changed, 1))
        return report, notes


Sink = StdinSink | FileSink
Item = tuple[Sink | Note | None, Task | None]


def size(path: str) -> int:
    """A file's size in bytes (0 for standard input, or a file we cannot stat)."""
    try:
        return os.stat(path).st_size if path != "-" else 0
    except OSError:
        return 0


def stdin(task: Task, passthrough: TextIO | None) -> Iterator[Item]:
    """Standard input as one task; what cannot be read is passed through (a filter never
    drops data) with its note."""
    try:
        document = decode(read_bytes("-"), task.name)
    except InputError as exc:
        if passthrough is not None and exc.data is not None:
            write_bytes(passthrough, exc.data)
        yield Note(str(exc), not isinstance(exc, BinaryFile)), None
        return
    yield StdinSink(document, passthrough), task._replace(text=document.text)


def blocks(task: Task, mode: FixMode | None) -> Iterator[Item]:
    """A large file, a block at a time; its fixed blocks are written as they come."""
    from cleanup.blocks import read_blocks
    from cleanup.parallel import bound_memory

    bound_memory()

    try:
        handle = open(task.path, "rb")  # noqa: SIM115 (closed below)
    except OSError as exc:
        yield Note(f"{task.name}: error: {exc.strerror or exc}"), None
        return
    with handle:
        encoding, bom = encoding_of(handle.read(4))
        handle.seek(0)
        writer = None
        if mode is FixMode.WRITE:
            writer, note = _writer(task.name, task.path, read=handle)
            if writer is None:
                yield note, None
                return
            writer.handle.write(bom)
        sink = FileSink(task.name, writer, encoding=encoding)
        yield from _pieces(task, sink, (
            (sink, task._replace(text=block.text, first_line=block.first_line,
                                 first_column=block.first_column, offset=block.offset,
                                 size=len(block.text)))
            for block in read_blocks(handle, task.name)))


def corpus(task: Task, writes: bool, corpus_out: str | None) -> Iterator[Item]:
    """A JSON Lines corpus (`.gz` too), in chunks of lines; written (`writes`) in place,
    or to `corpus_out`."""
    import gzip

    from cleanup.parallel import bound_memory

    bound_memory()
    try:
        zipped = task.path.endswith(".gz")
        opened = gzip.open(task.path, "rb") if zipped else open(task.path, "rb")  # noqa: SIM115
        handle = cast(BinaryIO, opened)
    except OSError as exc:
        yield Note(f"{task.name}: error: {exc.strerror or exc}"), None
        return
    with handle:
        writer = None
        if writes:
            out = corpus_out or task.path
            writer, note = _writer(task.name, out, gzipped=out.endswith(".gz"),
                                   read=None if corpus_out else handle)
            if writer is None:
                yield note, None
                return
        sink = FileSink(task.name, writer, always=corpus_out is not None, documents=True)
        yield from _pieces(task, sink, _chunks(handle, task, sink))


def _pieces(task: Task, sink: FileSink, pieces: Iterator[Item]) -> Iterator[Item]:
    """A file's pieces, then the mark that ends it, at which the runner closes its sink
    (commits or discards). What stops the reading is a note, and the file is left as it
    was; whatever ends the run (an interrupt), no temporary file is left behind."""
    try:
        try:
            yield from pieces
        except InputError as exc:
            sink.failed = True
            yield Note(str(exc), not isinstance(exc, BinaryFile)), None
        except (OSError, EOFError, zlib.error) as exc:  # a damaged `.gz` is a zlib.error
            sink.failed = True
            yield Note(f"{task.name}: error: {getattr(exc, 'strerror', None) or exc}"), None
        yield sink, None
    finally:  # after a commit, a no-op
        if sink.writer is not None:
            sink.writer.discard()


def _chunks(handle: BinaryIO, task: Task, sink: FileSink) -> Iterator[Item]:
    """Tasks of about `CHUNK` bytes of lines each, numbered from 1."""
    number, size = 1, 0
    lines: list[bytes] = []
    for line in handle:
        lines.append(line)
        size += len(line)
        if size >= CHUNK:
            yield sink, task._replace(lines=tuple(lines), first_line=number, size=size)
            number, lines, size = number + len(lines), [], 0
    if lines:
        yield sink, task._replace(lines=tuple(lines), first_line=number, size=size)


def _writer(name: str, path: str, *, gzipped: bool = False,
            read: BinaryIO | None = None) -> tuple[AtomicWriter | None, Note]:
    """A writer for `path`; `read` is the open file it is read from, so that a file
    saved meanwhile is not overwritten."""
    try:
        stamp = None if read is None else (None, Stamp.of(os.fstat(read.fileno())))
        return AtomicWriter(path, gzipped=gzipped, read=stamp), Note("")
    except OSError as exc:
        return None, Note(write_error(name, exc))
