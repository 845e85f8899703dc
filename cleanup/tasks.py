"""One unit of a run's work, done the same way here or in a worker process.

A `Task` is a file to read, a block of a large file, standard input's text, or a chunk
of a JSON Lines corpus. `run_task` fixes or checks it and returns an `Outcome`: what to
print, what to count, what to write. Nothing in it prints or holds the run's state, so
the runner can hand tasks to a process pool and take the outcomes in order, and a
parallel run prints what a serial one does.
"""

import time
from collections.abc import Callable
from enum import StrEnum
from functools import partial
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from cleanup import formats, results
from cleanup.backends import Backends
from cleanup.config import Config
from cleanup.files import (
    BinaryFile,
    InputError,
    decode,
    encode,
    read_file,
    write_atomic,
    write_error,
)
from cleanup.findings import Finding
from cleanup.formats import OutputFormat, Record, Show
from cleanup.patterns import RuleTimeout, patience
from cleanup.pipeline import LeftOut, check_text, fix_and_check, fix_and_explain
from cleanup.readers import Part, Reader, as_is, splice
from cleanup.report import Report

if TYPE_CHECKING:
    from cleanup.corpus import Line

T = TypeVar("T")


class FixMode(StrEnum):
    """What `fix` does with what it fixed: write it, or only say whether it would
    (`--check`), or show it as a diff (`--diff`)."""

    WRITE = "write"
    CHECK = "check"
    DIFF = "diff"


class How(NamedTuple):
    """What every task of a run is asked: `mode` (`None`: check) and how findings show."""

    mode: FixMode | None
    format: OutputFormat = OutputFormat.TEXT
    statistics: bool = False
    show: Show = formats.PLAIN
    keep_records: bool = False  # the format prints them at the end
    cache: bool = True
    field: str | None = None  # JSON Lines: the field that holds the document
    metrics_field: str | None = None  # JSON Lines: where per-document metrics go
    writes_corpus: bool = False  # JSON Lines: the lines go out (in place or to -o)


class Task(NamedTuple):
    """A file (read by the task), or a text the runner read: a block of a large file
    from `first_line` and `offset`, standard input, or the lines of a JSON Lines chunk."""

    path: str
    name: str  # as shown and configured
    config: Config
    reader: Reader
    text: str | None = None
    lines: tuple[bytes, ...] | None = None
    first_line: int = 1
    first_column: int = 1
    offset: int = 0
    size: int = 0  # bytes, for the progress line


class Outcome(NamedTuple):
    """What a task comes to. `output` is the text (or, for JSON Lines, the bytes) that
    stands for the task in what is written; `None` when nothing is to be written."""

    report: Report
    errors: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()
    printed: tuple[str, ...] = ()
    records: tuple[Record, ...] = ()
    diff: str = ""
    output: str | bytes | None = None


def run_task(task: Task, how: How, backends: Backends) -> Outcome:
    """Fix or check one task; every error is in the outcome, none is raised."""
    errors: list[str] = []
    try:
        if task.lines is not None:
            return _corpus(task, how, backends, errors)
        return _document(task, how, backends, errors)
    finally:
        backends.failures.clear()


def _document(task: Task, how: How, backends: Backends, errors: list[str]) -> Outcome:
    """A file, a block of one, or standard input: fixed (and written, for a file), then
    its findings; from the result cache when it has them."""
    if task.text is None:
        try:
            data, stamp = read_file(task.path)
            document = decode(data, task.path)
        except InputError as exc:
            seen = (str(exc),)
            return (Outcome(Report(), notices=seen) if isinstance(exc, BinaryFile)
                    else Outcome(Report(errors=1), errors=seen))
        text = document.text
        key = _key(data, task, how)
    else:  # a text the runner read: a block, or standard input; not cached
        text, key = task.text, None
    report = Report(files=1)
    reader = task.reader
    cached = results.load(key) if key is not None else None
    fixed, config = text, task.config
    found_left: list[Finding] | None = None
    if how.mode is not None and (cached is None or any(f.fixable for f in cached)):
        done = _guarded(task.name, config, errors, lambda config: _fix(
            text, config, reader, backends))
        if done is None:
            return Outcome(Report(errors=len(errors)), tuple(errors),
                           output=text if task.text is not None else None)
        (fixed, edits, left), config = done
        if fixed != text:
            report.changed, report.edits = 1, edits
        if left is not None and (fixed == text or how.mode is FixMode.WRITE):
            found_left = left  # the findings of the text that stands
    diff = ""
    if how.mode is FixMode.DIFF and not _block(task):  # a block's diff is the runner's
        diff = formats.unified_diff(task.name, text, fixed)
    if how.mode is FixMode.WRITE and fixed != text:
        if task.text is None:
            written = encode(document, fixed)
            try:
                write_atomic(task.path, written, read=(data, stamp))
            except OSError as exc:  # the file stands as it was: its own findings show
                errors.append(write_error(task.name, exc))
                report.changed = report.edits = 0
                fixed, found_left = text, None
            else:
                key = _key(written, task, how)  # what is on disk now
        if fixed != text:
            text, cached = fixed, None
    if cached is None:
        if found_left is None:
            found = _guarded(task.name, config, errors, partial(
                _check, text, reader=reader, backends=backends))
            if found is None:
                report.errors = len(errors)
                return Outcome(report, tuple(errors), diff=diff,
                               output=fixed if task.text is not None else None)
            found_left, config = found
        cached = found_left
        _failed(task.name, backends, errors)
        if key is not None and not errors:
            results.store(key, cached)
    shown = _shown(task.name, text, cached, how, config, report,
                   (task.first_line, task.first_column, task.offset))
    report.errors = len(errors)
    return Outcome(report, tuple(errors), (), *shown, diff=diff,
                   output=fixed if task.text is not None else None)


def _key(data: bytes, task: Task, how: How) -> str | None:
    """The result cache's name for the findings of a file holding `data`."""
    return results.key(data, task.config, task.reader.name) if how.cache else None


def _fix(text: str, config: Config, reader: Reader,
         backends: Backends) -> tuple[str, int, list[Finding] | None]:
    """The fixed text of each document of a file, put back in place; the edits made; and
    for a file that is one document, the findings of the fixed text, which the fix's
    last pass finds for nothing (`fix_and_check`)."""
    parts = reader.parts(text)
    if len(parts) == 1 and parts[0] == Part(0, len(text), text) and reader.put is as_is:
        done, left = fix_and_check(text, config, markup=reader, backends=backends)
        return done.text, done.edits, left
    fixed = [(part, fix_and_explain(part.text, config, markup=reader, backends=backends))
             for part in parts]
    return (splice(text, [(part, done.text) for part, done in fixed], reader),
            sum(done.edits for _, done in fixed), None)


def _block(task: Task) -> bool:
    """Is the task a block of a large file (rather than a whole file or stdin)?"""
    return task.text is not None and task.path != "-"


def _check(text: str, config: Config, *, reader: Reader, backends: Backends) -> list[Finding]:
    """The findings of each document of a file, placed in the file."""
    return [f._replace(start=f.start + part.start, end=f.end + part.start)
            for part in reader.parts(text)
            for f in check_text(part.text, config, markup=reader, backends=backends)]


def _corpus(task: Task, how: How, backends: Backends, errors: list[str]) -> Outcome:
    """The lines of a JSON Lines chunk: each record's document fixed or checked; a line
    that is not such a record is passed through and reported by its number."""
    assert task.lines is not None and how.field is not None
    report = Report()
    out: list[bytes] = []
    printed: list[str] = []
    records: list[Record] = []
    diffs: list[str] = []
    for number, raw in enumerate(task.lines, task.first_line):
        name = f"{task.name}:{number}"
        worked = _guarded(name, task.config, errors, partial(
            _line, raw, how, task.reader, backends))
        _failed(name, backends, errors)
        if worked is None:
            out.append(raw)
            continue
        (line, config) = worked
        out.append(line.out)
        if line.bad is not None:
            errors.append(f"{name}: error: {line.bad}; line passed through")
        if line.done is None:
            continue
        record = line.done
        report.files += 1
        findings, text = record.findings, record.new
        if record.new != record.old:
            report.changed += 1
            report.edits += record.edits
            if how.mode is FixMode.DIFF:
                diffs.append(formats.unified_diff(name, record.old, record.new))
            if how.mode is not FixMode.WRITE:  # the findings of the record as it is
                found = _guarded(name, config, errors, partial(
                    _check, record.old, reader=task.reader, backends=backends))
                if found is None:
                    continue
                findings, text = found[0], record.old
        shown = _shown(name, text, findings, how, config, report)
        printed += shown[0]
        records += shown[1]
    report.errors = len(errors)
    return Outcome(report, tuple(errors), (), tuple(printed), tuple(records), "".join(diffs),
                   b"".join(out) if how.writes_corpus else None)


def _line(raw: bytes, how: How, reader: Reader, backends: Backends,
          config: Config) -> "Line":
    from cleanup.corpus import work_line

    assert how.field is not None
    return work_line(raw, how.field, config, fix=how.mode is not None,
                     metrics_field=how.metrics_field, markup=reader, backends=backends)


def _shown(name: str, text: str, findings: list[Finding], how: How, config: Config,
           report: Report, place: tuple[int, int, int] = (1, 1, 0),
           ) -> tuple[tuple[str, ...], tuple[Record, ...]]:
    """Count the findings, and make what the format prints of them now (or keeps);
    `place` is where the text starts in its file: line, column and offset."""
    first_line, first_column, offset = place
    report.findings += len(findings)
    report.flagged += bool(findings)
    report.fixable += sum(f.fixable for f in findings)
    report.failing += sum(f.level.rank >= config.fail_level.rank for f in findings)
    found = formats.records(name, text, findings, first_line=first_line,
                            first_column=first_column, offset=offset)
    printer = formats.printer(how.format, how.statistics)
    printed = () if printer.per_file is None else tuple(printer.per_file(
        formats.FileReport(name, text, found, first_line), how.show))
    return printed, tuple(found) if how.keep_records else ()


def _failed(name: str, backends: Backends, errors: list[str]) -> None:
    """A backend that failed for this text: one error line each."""
    errors += [f"{name}: error: {failure}" for failure in backends.failures]
    backends.failures.clear()


#: How far a file's scans may be given more time when the machine was too busy to let
#: them run: four times, then sixteen, then the rule is blamed.
_MOST_PATIENT = 16.0


def _guarded(name: str, config: Config, errors: list[str],
             work: Callable[[Config], T]) -> tuple[T, Config] | None:
    """`work(config)`, and the config it ran with; `None` after an internal error.

    A rule that runs out of time, whose fixes never settle or erode the text is reported
    for this file and left out of a second try; a bug of ours is reported, and the file
    is left as it was. Either way the run goes on with the next file. A timeout on a
    machine that gave this process under half the time that passed is the machine's:
    the file is tried again with more time before any rule is blamed.
    """
    patient = 1.0
    while True:
        wall, cpu = time.monotonic(), time.process_time()
        try:
            with patience(patient):
                return work(config), config
        except (RuleTimeout, LeftOut) as exc:
            if (isinstance(exc, RuleTimeout) and patient < _MOST_PATIENT
                    and time.process_time() - cpu < (time.monotonic() - wall) / 2):
                patient *= 4
                continue
            ids = ", ".join(map(repr, exc.rule_ids))
            why = (exc.why if isinstance(exc, LeftOut) else f"took over {exc.seconds:.1f} s "
                   "(a pattern that backtracks without end?)")
            errors.append(f"{name}: error: rule {ids} {why}; left out for this file")
            config = config._replace(ignore=(*config.ignore, *exc.rule_ids))
        except Exception as exc:
            errors.append(f"{name}: error: internal error, file left as it was "
                          f"({type(exc).__name__}: {exc})")
            return None


#: A text for `warm`: a little of everything the rules look for.
_WARM = ("Recall that the Turkish side said : “we will pay $ 2.5 billion ”, adding - "
         "as Sergey Shoigu and Sergei Shoygu noted - that Rosoboroexport has no analogues. "
         "«Триумф» 'S-400' ...\n\n  • Photo: RIA Novosti\n\nRead also: more news\n")


def warm(task: Task, how: How) -> None:
    """Do a small task like `task` here, without its backends, so that what is loaded
    and compiled on first use is, before workers are forked from this process."""
    config = task.config._replace(languagetool=None)
    with Backends() as own:
        run_task(Task("-", "-", config, task.reader, text=_WARM), how, own)


#: The backends of a worker process: opened on first use, for the process's life.
_WORKER_BACKENDS: Backends | None = None


def run_in_worker(task: Task, how: How) -> Outcome:
    """`run_task` in a pool's worker, with the worker's own backends."""
    global _WORKER_BACKENDS
    if _WORKER_BACKENDS is None:
        _WORKER_BACKENDS = Backends()
    return run_task(task, how, _WORKER_BACKENDS)
