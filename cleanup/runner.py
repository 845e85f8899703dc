"""Runs `check` and `fix` over the paths a user names, and tallies a `Report`.

One bad file never stops a run: its error is one line on stderr, counted in the report
(so the exit code is 2), and the next file goes on. A `_Run` is what one run keeps: the
report, the errors, the records, and the printer of its format (`formats.PRINTERS`),
which says what is printed as each file is done and what once, at the end.
"""

import sys
from collections.abc import Callable, Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple, TextIO, TypeVar

from cleanup import formats
from cleanup.backends import Backends
from cleanup.config import Config
from cleanup.config_files import NO_OVERRIDES, Overrides, selector_errors, settings_for
from cleanup.files import (
    BinaryFile,
    Document,
    InputError,
    encode,
    iter_targets,
    read_bytes,
    read_document,
    shown,
    write_atomic,
    write_bytes,
)
from cleanup.findings import Finding
from cleanup.formats import OutputFormat
from cleanup.markdown import PADDING
from cleanup.patterns import RuleTimeout
from cleanup.pipeline import check_text, fix_and_explain, plan
from cleanup.readers import Reader, for_path, splice
from cleanup.report import Report

T = TypeVar("T")


class FixMode(StrEnum):
    """What `fix` does with what it fixed: write it, or only say whether it would
    (`--check`), or show it as a diff (`--diff`)."""

    WRITE = "write"
    CHECK = "check"
    DIFF = "diff"


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


class Item(NamedTuple):
    """A file to work on: where it is read (`-` for stdin), the name it is shown and
    configured by, its text, its settings, and the reader of its markup."""

    path: str
    name: str
    document: Document
    config: Config
    reader: Reader


class Fixed(NamedTuple):
    text: str
    edits: int  # edits made, table padding aside


def fix_file(text: str, config: Config, reader: Reader, backends: Backends) -> Fixed:
    """Fix each document of a file on its own, and put each back in its place."""
    parts = [(part, fix_and_explain(part.text, config, markup=reader, backends=backends))
             for part in reader.parts(text)]
    return Fixed(splice(text, [(part, done.text) for part, done in parts], reader),
                 sum(e.rule_id != PADDING for _, done in parts
                     for step in done.steps for e in step.edits))


def check_file(text: str, config: Config, reader: Reader, backends: Backends) -> list[Finding]:
    """The findings of each document of a file, placed in the file."""
    return [f._replace(start=f.start + part.start, end=f.end + part.start)
            for part in reader.parts(text)
            for f in check_text(part.text, config, markup=reader, backends=backends)]


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

    def error(self, line: str) -> None:
        """Print an error once (a bad configuration is met again with every file), as one
        line whatever the file's name holds."""
        line = shown(line)
        if line not in self.errors:
            print(line, file=self.stderr)
            self.errors.append(line)
            self.report.errors += 1

    def notice(self, line: str) -> None:
        """A line that is no error (a binary file skipped); `--quiet` leaves it out."""
        if not self.output.quiet:
            print(shown(line), file=self.stderr)

    def documents(self, paths: Sequence[str], overrides: Overrides,
                  passthrough: TextIO | None = None) -> Iterator[Item]:
        """The decoded documents with their settings.

        With `passthrough`, standard input that is binary, cannot be decoded or is
        excluded is copied there unchanged, so that a filter never drops data. A bad
        configuration or rule file is an error, and the run goes on with what could be
        read of it.
        """
        for target in iter_targets(paths):
            name = overrides.stdin_filename if target.path == "-" else None
            name = name or target.path
            settings = settings_for(name, overrides)
            named = name != "-" and not target.error  # a path `exclude` may name
            if ((target.walked and not settings.walks(name))
                    or (overrides.force_exclude and named and settings.excludes(name))):
                if target.path == "-" and passthrough is not None:
                    write_bytes(passthrough, read_bytes("-"))
                continue  # not an article by the configuration's include/exclude
            try:
                if target.error:
                    raise InputError(target.error)
                document = read_document(target.path)
            except InputError as exc:
                if isinstance(exc, BinaryFile):
                    self.notice(str(exc))
                else:
                    self.error(str(exc))
                if target.path == "-" and passthrough is not None and exc.data is not None:
                    write_bytes(passthrough, exc.data)
                continue
            rules = plan(settings.config)
            for line in (*settings.errors, *rules.rules.errors,
                         *selector_errors(settings, rules.known_ids)):
                self.error(line)
            self.report.files += 1
            yield Item(target.path, shown(name), document, settings.config, for_path(name))

    def guarded(self, path: str, config: Config,
                work: Callable[[Config], T]) -> tuple[T, Config] | None:
        """`work(config)`, and the config it ran with; `None` after an internal error.

        A rule that runs out of time is reported for this file and left out of a second
        try; a bug of ours is reported, and the file is left as it was. Either way the
        run goes on with the next file.
        """
        while True:
            try:
                return work(config), config
            except RuleTimeout as exc:
                ids = ", ".join(map(repr, exc.rule_ids))
                self.error(f"{path}: error: rule {ids} took over {exc.seconds:.1f} s "
                           "(a pattern that backtracks without end?); left out for this file")
                config = config._replace(ignore=(*config.ignore, *exc.rule_ids))
            except Exception as exc:
                self.error(f"{path}: error: internal error, file left as it was "
                           f"({type(exc).__name__}: {exc})")
                return None

    def report_file(self, item: Item, text: str) -> None:
        """Check one file's text, count what is found, and print it if the format streams."""
        name, config = item.name, item.config
        checked = self.guarded(name, config, lambda config: check_file(
            text, config, item.reader, self.backends))
        if checked is None:
            return
        findings, config = checked
        for failure in self.backends.failures:
            self.error(f"{name}: error: {failure}")
        self.backends.failures.clear()
        self.report.findings += len(findings)
        self.report.flagged += bool(findings)
        self.report.fixable += sum(f.fixable for f in findings)
        self.report.failing += sum(f.level.rank >= config.fail_level.rank for f in findings)
        found = formats.records(name, text, findings)
        self.records += found
        for record in found:
            self.configs.setdefault(record.rule, config)
        if self.printer.per_file is not None and self.output.quiet < 2:
            self._print(self.printer.per_file(formats.FileReport(name, text, found), self.show))

    def diff(self, name: str, old: str, new: str, stdout: TextIO) -> None:
        """Show what `fix` would change: on stdout as it comes, or kept for the output."""
        diff = formats.unified_diff(name, old, new)
        if self.printer.diffs == "embedded":
            self.diffs = self.diffs if self.diffs is not None else []
            self.diffs += [(name, diff)] if diff else []
        elif self.printer.diffs == "refused":
            raise ValueError(f"--diff cannot be shown in --format {self.output.format}")
        else:
            stdout.write(diff)

    def close(self, summary: str) -> Report:
        """Print what is printed once, at the end of a run; return the report."""
        if self.output.quiet < 2:
            self._print(self.printer.at_end(formats.Ending(
                self.records, self.errors, self.report.summary(),
                None if self.output.quiet else summary,
                self._rules() if self.printer.describes_rules else {}, self.diffs)))
        return self.report

    def _print(self, lines: list[str]) -> None:
        for line in lines:
            print(line, file=self.stream)

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
                output: Output = DEFAULT_OUTPUT, stdout: TextIO | None = None,
                stderr: TextIO | None = None) -> Report:
    """Report every finding in every file; write nothing."""
    def work(run: _Run) -> str:
        for item in run.documents(paths, overrides):
            run.report_file(item, item.document.text)
        return run.report.check_summary()

    return _execute(work, output, stdout or sys.stdout, stderr or sys.stderr)


def fix_paths(paths: Sequence[str], overrides: Overrides = NO_OVERRIDES, *,
              mode: FixMode = FixMode.WRITE, output: Output = DEFAULT_OUTPUT,
              stdout: TextIO | None = None, stderr: TextIO | None = None) -> Report:
    """Apply the safe fixes in place (or show them as a diff), then report what is left.

    `-` is a filter: the fixed text goes to stdout, and the report to stderr. A file
    counts as fixed only once it is written. When nothing is written (`--check`,
    `--diff`), the findings are those of the file as it is, so that their places are
    places in the file on disk; the number of fixes is that of the fix.
    """
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    filtering = "-" in paths and mode is FixMode.WRITE

    def work(run: _Run) -> str:
        for item in run.documents(paths, overrides, stdout if filtering else None):
            _fix_one(run, item, mode, stdout)
        return run.report.fix_summary(dry_run=mode is not FixMode.WRITE)

    return _execute(work, output, stderr if filtering else stdout, stderr)


def _fix_one(run: _Run, item: Item, mode: FixMode, stdout: TextIO) -> None:
    """Fix one document: write it (to its file, or to stdout for `-`), or show it as a
    diff; count it; then report what is left."""
    text = item.document.text
    done = run.guarded(item.name, item.config, lambda config: fix_file(
        text, config, item.reader, run.backends))
    if done is None:
        if item.path == "-" and mode is FixMode.WRITE:
            write_bytes(stdout, encode(item.document, text))
        return
    fixed, config = done
    if mode is FixMode.DIFF:
        run.diff(item.name, text, fixed.text, stdout)
    elif mode is FixMode.WRITE and item.path == "-":
        write_bytes(stdout, encode(item.document, fixed.text))
    elif mode is FixMode.WRITE and fixed.text != text:
        try:
            write_atomic(item.path, encode(item.document, fixed.text))
        except OSError as exc:
            run.error(f"{item.name}: error: cannot write: {exc.strerror or exc}")
            return
    if fixed.text != text:
        run.report.changed += 1
        run.report.edits += fixed.edits
    run.report_file(item._replace(config=config), fixed.text if mode is FixMode.WRITE else text)
