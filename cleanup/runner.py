"""Runs `check` and `fix` over the paths a user names, and tallies a `Report`.

One bad file never stops a run: its error is one line on stderr, counted in the report
(so the exit code is 2), and the next file goes on. A `_Run` is what one run keeps: the
report, the errors, the records, and the printer of its format (`formats.PRINTERS`),
which says what is printed as each file is done and what once, at the end.
"""

import sys
from collections.abc import Callable, Iterator, Sequence
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
        self.errors: list[str] = []
        self.records: list[formats.Record] = []
        self.diffs: list[tuple[str, str]] | None = None  # kept when the format embeds them
        self.configs: dict[str, Config] = {}  # a config each rule was found under
        self.backends = Backends()  # what checks hold open for the run; closed at its end
        self.progress: Progress | None = None
        self.memo: dict[Any, Any] = {}  # what is worked out once a run: folders' settings

    def error(self, line: str) -> None:
        """Print an error once (a bad configuration is met again with every file), as one
        line whatever the file's name holds."""
        line = shown(line)
        if line not in self.errors:
            self.progress_clear()
            print(line, file=self.stderr)
            self.errors.append(line)
            self.report.errors += 1

    def notice(self, line: str) -> None:
        """A line that is no error (a binary file skipped); `--quiet` leaves it out."""
        if not self.output.quiet:
            self.progress_clear()
            print(shown(line), file=self.stderr)

    def take(self, outcome: Outcome, config: Config, stdout: TextIO) -> None:
        """Print and count what a task came to, in the order the tasks were given."""
        for line in outcome.errors:
            self.error(line)
        for line in outcome.notices:
            self.notice(line)
        errors, self.report.errors = self.report.errors, 0
        for name in ("files", "flagged", "changed", "edits", "findings", "fixable", "failing"):
            setattr(self.report, name, getattr(self.report, name) + getattr(outcome.report, name))
        self.report.errors = errors  # counted by `error`, once per line
        if outcome.diff:
            self.diff(outcome.diff, stdout)
        self.records += outcome.records
        for record in outcome.records:
            self.configs.setdefault(record.rule, config)
        if outcome.printed and self.output.quiet < 2:
            self._print(list(outcome.printed))

    def diff(self, diff: str, stdout: TextIO) -> None:
        """Show what `fix` would change: on stdout as it comes, or kept for the output."""
        if self.printer.diffs == "embedded":
            path = diff.partition("\n")[0].removeprefix("--- a/")
            self.diffs = [*(self.diffs or []), (path, diff)]
        else:
            self.progress_clear()
            stdout.write(diff)

    def close(self, summary: str) -> Report:
        """Print what is printed once, at the end of a run; return the report."""
        if self.output.quiet < 2:
            self._print(self.printer.at_end(formats.Ending(
                self.records, self.errors, self.report.summary(),
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

    `work` returns the summary line.
    """
    if output.file is None:
        return _finish(_Run(output, stream, stderr), work)
    try:
        Path(output.file).parent.mkdir(parents=True, exist_ok=True)
        handle = open(output.file, "w", encoding="utf-8")  # noqa: SIM115 (closed below)
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
    """Fix or check every task of every path, in worker processes when there are many,
    and take their outcomes in order."""
    targets = list(iter_targets(paths))
    if work.field is not None:
        run.report.unit = "document"
    how = How(mode, run.output.format, run.output.statistics, run.show,
              run.printer.per_file is None, work.cache, work.field, work.metrics_field,
              work.field is not None and (mode is FixMode.WRITE or work.corpus_out is not None))
    many = len(targets) > 1 or work.field is not None or _large(targets)
    start = partial(_pool, work.jobs, how) if work.jobs > 1 and many else None
    if run.output.quiet == 0 and run.stderr.isatty():
        sizes = [sources.size(t.path) for t in targets]
        run.progress = Progress(run.stderr, len(targets), sum(sizes), enabled=True)
    items = ((item, item[1]) for item in _tasks(run, targets, overrides, how, work, stdout,
                                                passthrough))
    with pinned():
        outcomes = parallel.ordered(start, partial(run_in_worker, how=how),
                                    lambda task: run_task(task, how, run.backends), items,
                                    max(1, work.jobs) * parallel.AHEAD, _inline,
                                    lambda task: task.size)
        for (sink, task), outcome in outcomes:
            if task is None:  # the end of a file read in pieces
                assert sink is not None
                for name in ("files", "flagged", "changed"):
                    setattr(run.report, name,
                            getattr(run.report, name) + getattr(sink.report, name))
                sink.close(run, mode)
                continue
            assert outcome is not None
            if sink is not None:
                outcome = _put(run, sink, task, outcome, mode)
            run.take(outcome, task.config, stdout)
            if run.progress is not None:
                run.progress.advance(sink is None, task.size)
    run.progress_clear()


def _pool(jobs: int, how: How, first: Task) -> "Executor":
    """Workers forked once this process has done a small task like the first: each then
    starts with the rules compiled and the lazy modules loaded, rather than doing it all
    again (on a few hundred articles, the difference between gaining and losing time)."""
    warm(first, how)
    return parallel.pool(jobs)


def _put(run: _Run, sink: sources.Sink, task: Task, outcome: Outcome,
         mode: FixMode | None) -> Outcome:
    """Send a piece's output to its sink; a block's counts and diff are the file's."""
    sink.failed = sink.failed or (outcome.output is None and outcome.report.errors > 0)
    sink.changed = sink.changed or outcome.report.changed > 0
    sink.put(outcome)
    if sink.document is not None or task.lines is not None:
        return outcome
    if mode is FixMode.DIFF and isinstance(outcome.output, str) and task.text is not None:
        diff = formats.unified_diff(task.name, task.text, outcome.output,
                                    (task.first_line, sink.new_line))
        if sink.diffed:
            diff = diff.split("\n", 2)[2] if diff else diff
        sink.diffed = sink.diffed or bool(diff)
        outcome = outcome._replace(diff=diff)
    if isinstance(outcome.output, str):
        from cleanup.blocks import line_breaks

        sink.new_line += line_breaks(outcome.output)
    return sink.tally(outcome)


def _inline(task: Task) -> bool:
    """Tasks this process does itself: standard input, and whatever needs a LanguageTool
    server this process starts for the run (workers would each start their own)."""
    settings = task.config.languagetool
    return task.path == "-" or bool(settings and settings.local)


def _large(targets: list[Target]) -> bool:
    return any(sources.size(t.path) > files.STREAM_OVER for t in targets)


def _tasks(run: _Run, targets: list[Target], overrides: Overrides, how: How, work: Work,
           stdout: TextIO, passthrough: TextIO | None) -> Iterator[sources.Item]:
    """The tasks of each target with its settings, and the sink of its output.

    With `passthrough`, standard input that is binary, cannot be decoded or is excluded
    is copied there unchanged, so that a filter never drops data. A bad configuration or
    rule file is an error, and the run goes on with what could be read of it.
    """
    for target in targets:
        name = overrides.stdin_filename if target.path == "-" else None
        name = name or target.path
        settings = settings_for(name, overrides, memo=run.memo)
        named = name != "-" and not target.error  # a path `exclude` may name
        if ((target.walked and not settings.walks(name))
                or (overrides.force_exclude and named and settings.excludes(name))):
            if target.path == "-" and passthrough is not None:
                write_bytes(passthrough, read_bytes("-"))
            continue  # not an article by the configuration's include/exclude
        if target.error:
            run.error(target.error)
            continue
        if (settings.config, settings.selectors) not in run.memo:  # once a config in a run
            rules = plan(settings.config)
            run.memo[settings.config, settings.selectors] = (
                *settings.errors, *rules.rules.errors,
                *selector_errors(settings, rules.known_ids))
        for line in run.memo[settings.config, settings.selectors]:
            run.error(line)
        task = Task(target.path, shown(name), settings.config, for_path(name))
        if target.path == "-":
            yield from sources.stdin(run, task, passthrough)
        elif work.field is not None:
            yield from sources.corpus(run, task, how, work.corpus_out)
        elif task.reader is PLAIN and sources.size(target.path) > files.STREAM_OVER:
            yield from sources.blocks(run, task, how)
        else:
            yield None, task._replace(size=sources.size(target.path))


