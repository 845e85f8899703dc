"""Runs `check` and `fix` over the paths a user names, and tallies a `Report`.

One bad file never stops a run: its error is one line on stderr, counted in the report
(so the exit code is 2), and the next file goes on. A `_Run` is what one run keeps: the
report, the errors, the records, and the printer of its format (`formats.PRINTERS`),
which says what is printed as each file is done and what once, at the end.
"""

import contextlib
import os
import sys
from collections.abc import Callable, Generator, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from cleanup import files, formats, parallel, sources
from cleanup.backends import Backends
from cleanup.config import Config
from cleanup.config_files import NO_OVERRIDES, Overrides, selector_errors, settings_for
from cleanup.files import (
    Target,
    iter_targets,
    read_bytes,
    shown,
    write_bytes,
)
from cleanup.formats import OutputFormat
from cleanup.pipeline import plan
from cleanup.progress import Progress
from cleanup.readers import PLAIN, for_path
from cleanup.report import Report
from cleanup.rule_files import pinned
from cleanup.tasks import FixMode, How, Outcome, Task, run_in_worker, run_task, warm

if TYPE_CHECKING:
    from concurrent.futures import Executor

__all__ = ["FixMode", "Output", "check_paths", "fix_paths"]


class Output(NamedTuple):
    """How a run shows what it found.

    `quiet` 1 (`-q`) prints the findings only: no summary, no notices; 2 (`-qq`,
    `--silent`) prints nothing but errors. `file` takes the report instead of stdout.
    """

    format: OutputFormat = OutputFormat.TEXT
    statistics: bool = False
    quiet: int = 0
    show_source: bool = False
    file: str | None = None


DEFAULT_OUTPUT = Output()


class Work(NamedTuple):
    """How a run goes over its files: in how many processes, with the result cache or
    not, and for a JSON Lines corpus, which field holds the document, where metrics go
    and where the corpus is written (`None`: in place)."""

    jobs: int = 1
    cache: bool = True
    field: str | None = None
    metrics_field: str | None = None
    corpus_out: str | None = None


SERIAL = Work()


class _Run:
    """One run: what it counted, the errors it printed, and the records it keeps."""

    def __init__(self, output: Output, stream: TextIO, stderr: TextIO) -> None:
        self.output = output
        self.printer = formats.printer(output.format, output.statistics)
        self.show = formats.Show(output.show_source, formats.wants_color(stream))
        self.stream = stream  # where the report goes
        self.stderr = stderr
        self.report = Report()
        self.errors: dict[str, None] = {}  # each printed once, in order
        self.records: list[formats.Record] = []
        self.diffs: list[tuple[str, str]] | None = None  # kept when the format embeds them
        self.configs: dict[str, Config] = {}  # a config each rule was found under
        self.backends = Backends()  # what checks hold open for the run; closed at its end
        self.progress: Progress | None = None
        self.folders: dict[Any, Any] = {}  # each folder's settings, found once a run
        self.config_errors: dict[tuple[Config, object], tuple[str, ...]] = {}

    def error(self, line: str) -> None:
        """Print an error once (a bad configuration is met again with every file), as one
        line whatever the file's name holds."""
        line = shown(line)
        if line not in self.errors:
            self.progress_clear()
            print(line, file=self.stderr)
            self.errors[line] = None
            self.report.errors += 1

    def notice(self, line: str) -> None:
        """A line that is no error (a binary file skipped); `--quiet` leaves it out."""
        if not self.output.quiet:
            self.progress_clear()
            print(shown(line), file=self.stderr)

    def take(self, outcome: Outcome, task: Task, stdout: TextIO) -> None:
        """Print and count what a task came to, in the order the tasks were given."""
        config = task.config
        for line in outcome.errors:
            self.error(line)
        for line in outcome.notices:
            self.notice(line)
        self.report.add(outcome.report._replace(errors=0))  # `error` counts each line once
        if outcome.diff:
            self.diff(task.name, outcome.diff, stdout)
        self.records += outcome.records
        for record in outcome.records:
            self.configs.setdefault(record.rule, config)
        if outcome.printed and self.output.quiet < 2:
            self._print(list(outcome.printed))

    def note(self, note: sources.Note) -> None:
        (self.error if note.error else self.notice)(note.line)

    def diff(self, name: str, diff: str, stdout: TextIO) -> None:
        """Show what `fix` would change: on stdout as it comes, or kept for the output."""
        if self.printer.diffs == "embedded":
            self.diffs = [*(self.diffs or []), (name, diff)]
        else:
            self.progress_clear()
            stdout.write(diff)

    def close(self, summary: str) -> Report:
        """Print what is printed once, at the end of a run; return the report."""
        if self.output.quiet < 2:
            self._print(self.printer.at_end(formats.Ending(
                self.records, list(self.errors), self.report.summary(),
                None if self.output.quiet else summary,
                self._rules() if self.printer.describes_rules else {}, self.diffs)))
        return self.report

    def progress_clear(self) -> None:
        if self.progress is not None:
            self.progress.clear()

    def _print(self, lines: list[str]) -> None:
        self.progress_clear()
        if lines:
            self.stream.write("\n".join(lines) + "\n")

    def _rules(self) -> dict[str, formats.RuleInfo]:
        """Each rule found, described by its own message rather than one finding's."""
        infos = {}
        for record in self.records:
            if record.rule not in infos:
                config = self.configs[record.rule]
                in_force = plan(config)
                message = in_force.messages.get(record.rule) or record.message
                infos[record.rule] = formats.rule_info(record.rule, message,
                                                       in_force.rules.get(record.rule))
        return infos


def _execute(work: Callable[[_Run], str], output: Output, stream: TextIO,
             stderr: TextIO) -> Report:
    """Run `work` with the report going to `stream`, or to `--output-file`; print the end.

    `work` returns the summary line. What a stream cannot encode (a lone surrogate from a
    JSON Lines record, any letter on a terminal that is not UTF-8) is printed escaped.
    """
    for each in (stream, stderr):
        with contextlib.suppress(AttributeError, ValueError):  # no such stream under tests
            each.reconfigure(errors="backslashreplace")  # type: ignore[attr-defined]
    if output.file is None:
        return _finish(_Run(output, stream, stderr), work)
    try:
        Path(output.file).parent.mkdir(parents=True, exist_ok=True)
        handle = open(output.file, "w", encoding="utf-8",  # noqa: SIM115 (closed below)
                      errors="backslashreplace")
    except OSError as exc:
        print(f"{output.file}: error: cannot write the report: {exc.strerror or exc}",
              file=stderr)
        return Report(errors=1)
    with handle:
        return _finish(_Run(output, handle, stderr), work)


def _finish(run: _Run, work: Callable[[_Run], str]) -> Report:
    """Do the run's work and print its end; its backends are closed however it ends."""
    try:
        return run.close(work(run))
    finally:
        run.backends.close()


def check_paths(paths: Sequence[str], overrides: Overrides = NO_OVERRIDES, *,
                output: Output = DEFAULT_OUTPUT, work: Work = SERIAL,
                stdout: TextIO | None = None, stderr: TextIO | None = None) -> Report:
    """Report every finding in every file; write nothing (but a corpus with metrics to
    `work.corpus_out`)."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr

    def go(run: _Run) -> str:
        _process(run, paths, overrides, None, work, stdout, None)
        return run.report.check_summary()

    return _execute(go, output, stdout, stderr)


def fix_paths(paths: Sequence[str], overrides: Overrides = NO_OVERRIDES, *,
              mode: FixMode = FixMode.WRITE, output: Output = DEFAULT_OUTPUT,
              work: Work = SERIAL, stdout: TextIO | None = None,
              stderr: TextIO | None = None) -> Report:
    """Apply the safe fixes in place (or show them as a diff), then report what is left.

    `-` is a filter: the fixed text goes to stdout, and the report to stderr. A file
    counts as fixed only once it is written. When nothing is written (`--check`,
    `--diff`), the findings are those of the file as it is, so that their places are
    places in the file on disk; the number of fixes is that of the fix.
    """
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    filtering = "-" in paths and mode is FixMode.WRITE

    def go(run: _Run) -> str:
        _process(run, paths, overrides, mode, work, stdout, stdout if filtering else None)
        return run.report.fix_summary(dry_run=mode is not FixMode.WRITE)

    return _execute(go, output, stderr if filtering else stdout, stderr)


def _process(run: _Run, paths: Sequence[str], overrides: Overrides, mode: FixMode | None,
             work: Work, stdout: TextIO, passthrough: TextIO | None) -> None:
    """Fix or check every task of every path, in worker processes when the work is large
    enough to gain by it, and take their outcomes in order."""
    targets = list(iter_targets(paths))
    if mode is FixMode.WRITE:
        targets, reals = _unique(targets)
        _remove_debris(targets, reals, work.corpus_out)
    if work.field is not None:
        run.report.unit = "document"
    how = How(mode, run.output.format, run.output.statistics, run.show,
              run.printer.per_file is None, work.cache, work.field, work.metrics_field,
              work.field is not None and (mode is FixMode.WRITE or work.corpus_out is not None))
    sizes = [sources.size(t.path) for t in targets]
    enough = work.field is not None or sum(sizes) > parallel.BATCH * work.jobs
    start = partial(_pool, work.jobs, how) if work.jobs > 1 and enough else None
    if run.output.quiet == 0 and run.stderr.isatty():
        run.progress = Progress(run.stderr, len(targets), sum(sizes))
    produced = _tasks(run, zip(targets, sizes, strict=True), overrides, how, work, passthrough)
    outcomes = parallel.ordered(
        start, partial(run_in_worker, how=how), lambda task: run_task(task, how, run.backends),
        ((item, item[1]) for item in produced), ahead=max(1, work.jobs) * parallel.AHEAD,
        inline=_inline, weight=lambda task: task.size)
    try:
        with pinned():
            for (key, task), outcome in outcomes:
                _take(run, key, task, outcome, mode, stdout)
    except parallel.WorkerDied as exc:
        run.error(f"error: a worker process died ({exc}); the files not yet done were "
                  "left as they were")
    finally:  # however the run ends: the pool shut down, no half-written copy left
        outcomes.close()
        produced.close()
        run.progress_clear()


def _take(run: _Run, key: "sources.Sink | sources.Note | None", task: Task | None,
          outcome: Outcome | None, mode: FixMode | None, stdout: TextIO) -> None:
    """Take one item: a note, the end of a file read in pieces, or a task's outcome."""
    if isinstance(key, sources.Note):
        if key.line:
            run.note(key)
        return
    if task is None:  # the end of a file read in pieces
        assert isinstance(key, sources.FileSink)
        report, notes = key.close(mode)
        run.report.add(report._replace(errors=0))
        for note in notes:
            run.note(note)
        if run.progress is not None:
            run.progress.advance(1, 0)
        return
    assert outcome is not None
    if key is not None:
        try:
            outcome = key.take(task, outcome)
        except OSError as exc:
            assert isinstance(key, sources.FileSink)
            key.failed = True
            run.error(files.write_error(task.name, exc))
    run.take(outcome, task, stdout)
    if run.progress is not None:
        run.progress.advance(key is None, task.size)


def _unique(targets: list[Target]) -> tuple[list[Target], list[str]]:
    """Each file once, however many names lead to it: two workers must never fix one
    file at once (a file named twice, or through a link); and the real path of each."""
    seen: set[str] = set()
    kept, reals = [], []
    for target in targets:
        real = os.path.realpath(target.path) if target.path != "-" else "-"
        if real not in seen or target.error:
            seen.add(real)
            kept.append(target)
            reals.append(real)
    return kept, reals


def _remove_debris(targets: list[Target], reals: list[str], corpus_out: str | None) -> None:
    """Before a run writes, the temporary files a killed run left beside what it writes
    go (`files.remove_debris`), each folder looked at once."""
    written = [real for target, real in zip(targets, reals, strict=True)
               if real != "-" and not target.error and not target.outside]
    if corpus_out:
        written.append(os.path.realpath(corpus_out))
    for folder in {os.path.dirname(real) for real in written}:
        files.remove_debris(folder)


def _pool(jobs: int, how: How, first: Task) -> "Executor":
    """Workers forked once this process has done a small task like the first: each then
    starts with the rules compiled and the lazy modules loaded, rather than doing it all
    again (on a few hundred articles, the difference between gaining and losing time)."""
    warm(first, how)
    return parallel.pool(jobs)


def _inline(task: Task) -> bool:
    """Tasks this process does itself: standard input, and whatever needs a LanguageTool
    server this process starts for the run (workers would each start their own)."""
    settings = task.config.languagetool
    return task.path == "-" or bool(settings and settings.local)


def _tasks(run: _Run, targets: Iterable[tuple[Target, int]], overrides: Overrides, how: How,
           work: Work, passthrough: TextIO | None) -> Generator[sources.Item, None, None]:
    """The tasks of each target with its settings, and the sink of its output, and the
    notes met on the way, each in its place.

    With `passthrough`, standard input that is binary, cannot be decoded or is excluded
    is copied there unchanged, so that a filter never drops data. A bad configuration or
    rule file is an error, and the run goes on with what could be read of it.
    """
    for target, size in targets:
        if target.notice is not None:
            yield sources.Note(target.notice, error=False), None
            continue
        name = overrides.stdin_filename if target.path == "-" else None
        name = name or target.path
        settings = settings_for(name, overrides, memo=run.folders)
        named = name != "-" and not target.error  # a path `exclude` may name
        if ((target.walked and not settings.walks(name))
                or (overrides.force_exclude and named and settings.excludes(name))):
            if target.path == "-" and passthrough is not None:
                write_bytes(passthrough, read_bytes("-"))
            continue  # not an article by the configuration's include/exclude
        if target.error or (target.outside and how.mode is FixMode.WRITE):
            yield sources.Note(target.error or target.outside or ""), None
            continue
        known = (settings.config, settings.selectors)
        if known not in run.config_errors:  # once a config in a run
            rules = plan(settings.config)
            run.config_errors[known] = (*settings.errors, *rules.rules.errors,
                                        *selector_errors(settings, rules.known_ids))
        for line in run.config_errors[known]:
            yield sources.Note(line), None
        task = Task(target.path, shown(name), settings.config, for_path(name))
        if target.path == "-":
            yield from sources.stdin(task, passthrough)
        elif work.field is not None:
            yield from sources.corpus(task, how.writes_corpus, work.corpus_out)
        elif (task.reader is PLAIN and size > files.STREAM_OVER
              and how.mode is not FixMode.DIFF):  # a diff is of the whole file
            yield from sources.blocks(task, how.mode)
        else:
            yield None, task._replace(size=size)
