"""Runs `check` and `fix` over the paths a user names, and tallies a `Report`.

One bad file never stops a run: its error is one line on stderr, counted in the report
(so the exit code is 2), and the next file goes on.
"""

import re
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any, TextIO, TypeVar

from cleanup import formats
from cleanup.config import Config
from cleanup.files import (
    BinaryFile,
    Document,
    InputError,
    encode,
    iter_targets,
    read_document,
    shown,
    write_atomic,
)
from cleanup.formats import OutputFormat
from cleanup.markdown import PADDING
from cleanup.patterns import RuleTimeout
from cleanup.pipeline import check_text, fix_and_explain, plan
from cleanup.report import Report
from cleanup.settings import NO_OVERRIDES, Overrides, selector_errors, settings_for

T = TypeVar("T")


class _Run:
    """One run: what it counted, the errors it printed, and the records it keeps."""

    def __init__(self, output_format: OutputFormat, statistics: bool, stream: TextIO,
                 stderr: TextIO) -> None:
        self.output_format = output_format
        self.statistics = statistics
        self.stream = stream  # where findings and the summary go
        self.stderr = stderr
        self.report = Report()
        self.errors: list[str] = []
        self.items: list[dict[str, Any]] = []

    def error(self, line: str) -> None:
        """Print an error once (a bad configuration is met again with every file), as one
        line whatever the file's name holds."""
        line = shown(line)
        if line not in self.errors:
            print(line, file=self.stderr)
            self.errors.append(line)
            self.report.errors += 1

    def documents(self, paths: Sequence[str], overrides: Overrides,
                  passthrough: TextIO | None = None) -> Iterator[tuple[str, Document, Config]]:
        """The decoded documents with their settings.

        With `passthrough`, standard input that is binary or cannot be decoded is copied
        there unchanged, so that a filter never drops data. A bad configuration or rule
        file is an error, and the run goes on with what could be read of it.
        """
        for target in iter_targets(paths):
            settings = settings_for(target.path, overrides)
            if target.walked and not settings.walks(target.path):
                continue  # not an article by the configuration's include/exclude
            try:
                if target.error:
                    raise InputError(target.error)
                document = read_document(target.path)
            except InputError as exc:
                if isinstance(exc, BinaryFile):
                    print(shown(str(exc)), file=self.stderr)
                else:
                    self.error(str(exc))
                if target.path == "-" and passthrough is not None and exc.data is not None:
                    _write_bytes(passthrough, exc.data)
                continue
            rules = plan(settings.config)
            for line in (*settings.errors, *rules.rules.errors,
                         *selector_errors(settings, rules.known_ids)):
                self.error(line)
            self.report.files += 1
            yield target.path, document, settings.config

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

    def report_file(self, path: str, text: str, config: Config) -> None:
        """Check one file's text, count what is found, and show it if the format streams."""
        checked = self.guarded(path, config, partial(check_text, text))
        if checked is None:
            return
        findings, config = checked
        self.report.findings += len(findings)
        self.report.fixable += sum(f.fixable for f in findings)
        self.report.failing += sum(f.level.rank >= config.fail_level.rank for f in findings)
        found = formats.records(shown(path), text, findings)
        self.items += found
        if self.output_format.streams and not self.statistics:
            for record in found:
                if self.output_format is OutputFormat.GITHUB:
                    print(formats.github_line(record), file=self.stream)
                else:
                    print(formats.text_line(
                        record, concise=self.output_format is OutputFormat.CONCISE),
                        file=self.stream)

    def close(self, summary: str) -> Report:
        """Print what is printed once, at the end of a run; return the report."""
        if self.output_format is OutputFormat.JSON:
            print(formats.as_json(self.items, self.errors, self.report.summary()),
                  file=self.stream)
        elif self.output_format is OutputFormat.SARIF:
            print(formats.as_sarif(self.items), file=self.stream)
        else:
            if self.statistics:
                for line in formats.statistics(self.items):
                    print(line, file=self.stream)
            if self.output_format is not OutputFormat.GITHUB:
                print(summary, file=self.stream)
        return self.report


def check_paths(paths: Sequence[str], overrides: Overrides = NO_OVERRIDES, *,
                output_format: OutputFormat = OutputFormat.TEXT, statistics: bool = False,
                stdout: TextIO | None = None, stderr: TextIO | None = None) -> Report:
    """Report every finding in every file; write nothing."""
    run = _Run(output_format, statistics, stdout or sys.stdout, stderr or sys.stderr)
    for path, document, config in run.documents(paths, overrides):
        run.report_file(path, document.text, config)
    return run.close(run.report.check_summary())


def fix_paths(paths: Sequence[str], overrides: Overrides = NO_OVERRIDES, *, diff: bool = False,
              dry_run: bool = False, output_format: OutputFormat = OutputFormat.TEXT,
              statistics: bool = False, stdout: TextIO | None = None,
              stderr: TextIO | None = None) -> Report:
    """Apply the safe fixes in place (or show them as a diff), then report what is left.

    `-` is a filter: the fixed text goes to stdout, and the report to stderr. A file
    counts as fixed only once it is written.
    """
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    filtering = "-" in paths and not (diff or dry_run)
    run = _Run(output_format, statistics, stderr if filtering else stdout, stderr)
    for path, document, config in run.documents(paths, overrides,
                                                stdout if filtering else None):
        done = run.guarded(path, config, partial(fix_and_explain, document.text))
        if done is None:
            if path == "-" and filtering:
                _write_bytes(stdout, encode(document, document.text))
            continue
        fixed, config = done
        if diff:
            stdout.writelines(_unified_diff(path, document.text, fixed.text))
        elif path == "-" and not dry_run:
            _write_bytes(stdout, encode(document, fixed.text))
        elif fixed.text != document.text and not dry_run:
            try:
                write_atomic(path, encode(document, fixed.text))
            except OSError as exc:
                run.error(f"{path}: error: cannot write: {exc.strerror or exc}")
                continue
        if fixed.text != document.text:
            run.report.changed += 1
            run.report.edits += sum(e.rule_id != PADDING
                                    for step in fixed.steps for e in step.edits)
        run.report_file(path, fixed.text, config)
    return run.close(run.report.fix_summary(dry_run=diff or dry_run))


def _write_bytes(stream: TextIO, data: bytes) -> None:
    """Write bytes to a text stream's buffer, so the input's encoding and BOM survive."""
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a stream with no bytes under it (io.StringIO)
        stream.write(data.decode("utf-8", errors="replace"))
    else:
        buffer.write(data)
        buffer.flush()


#: A line with its break: only CR, LF and CRLF break a line (`str.splitlines` also breaks
#: at a vertical tab, a form feed and U+2028, which an article keeps inside its lines).
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _unified_diff(path: str, old: str, new: str) -> list[str]:
    if old == new:
        return []
    import difflib

    lines = difflib.unified_diff(_LINE_RE.findall(old), _LINE_RE.findall(new),
                                 fromfile=f"a/{shown(path)}", tofile=f"b/{shown(path)}")
    return [line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
            for line in lines]
