"""Runs `check` and `fix` over the paths a user names, and tallies a `Report`.

One bad file never stops a run: its error is one line on stderr, counted in the report
(so the exit code is 2), and the next file goes on.
"""

import sys
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from cleanup import formats
from cleanup.config import Config
from cleanup.files import (
    BinaryFile,
    Document,
    InputError,
    encode,
    iter_targets,
    read_document,
    write_atomic,
)
from cleanup.formats import OutputFormat
from cleanup.pipeline import check_text, fix_and_explain, plan
from cleanup.report import Report
from cleanup.settings import NO_OVERRIDES, Overrides, settings_for


def _documents(paths: Sequence[str], overrides: Overrides, report: Report, errors: list[str],
               stderr: TextIO, passthrough: TextIO | None = None
               ) -> Iterator[tuple[str, Document, Config]]:
    """The decoded documents with their settings; errors are printed and counted once.

    With `passthrough`, binary standard input is copied there unchanged, so that a
    filter never drops data. A bad configuration or rule file is an error too, and the
    run goes on with what could be read of it.
    """
    def error(line: str) -> None:
        if line not in errors:
            print(line, file=stderr)
            errors.append(line)
            report.errors += 1

    for target in iter_targets(paths):
        settings = settings_for(target.path, overrides)
        if target.walked and not settings.walks(target.path):
            continue  # not an article by the configuration's include/exclude
        try:
            if target.error:
                raise InputError(target.error)
            document = read_document(target.path)
        except BinaryFile as notice:
            print(notice, file=stderr)
            if target.path == "-" and passthrough is not None:
                _write_bytes(passthrough, notice.data)
            continue
        except InputError as exc:
            error(str(exc))
            continue
        for line in (*settings.errors, *plan(settings.config).rules.errors):
            error(line)
        report.files += 1
        yield target.path, document, settings.config


def _report_file(report: Report, items: list[dict[str, Any]], path: str, text: str,
                 config: Config, output_format: OutputFormat, statistics: bool,
                 stream: TextIO) -> None:
    """Check one file's text, count what is found, and show it if the format streams."""
    findings = check_text(text, config)
    report.findings += len(findings)
    report.fixable += sum(f.fixable for f in findings)
    report.failing += sum(f.level.rank >= config.fail_level.rank for f in findings)
    found = formats.records(path, text, findings)
    items += found
    if output_format.streams and not statistics:
        _show(found, output_format, stream)


def _show(items: list[dict[str, Any]], output_format: OutputFormat, stream: TextIO) -> None:
    """Print the records of one file, for the formats that are printed file by file."""
    for record in items:
        if output_format is OutputFormat.GITHUB:
            print(formats.github_line(record), file=stream)
        else:
            print(formats.text_line(record, concise=output_format is OutputFormat.CONCISE),
                  file=stream)


def _close(report: Report, items: list[dict[str, Any]], errors: list[str],
           output_format: OutputFormat, statistics: bool, summary: str, stream: TextIO) -> None:
    """What is printed once, at the end of a run."""
    if output_format is OutputFormat.JSON:
        print(formats.as_json(items, errors, report.summary()), file=stream)
    elif output_format is OutputFormat.SARIF:
        print(formats.as_sarif(items), file=stream)
    else:
        if statistics:
            for line in formats.statistics(items):
                print(line, file=stream)
        if output_format is not OutputFormat.GITHUB:
            print(summary, file=stream)


def check_paths(paths: Sequence[str], overrides: Overrides = NO_OVERRIDES, *,
                output_format: OutputFormat = OutputFormat.TEXT, statistics: bool = False,
                stdout: TextIO | None = None, stderr: TextIO | None = None) -> Report:
    """Report every finding in every file; write nothing."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    report, errors, items = Report(), list[str](), list[dict[str, Any]]()
    for path, document, config in _documents(paths, overrides, report, errors, stderr):
        _report_file(report, items, path, document.text, config, output_format, statistics,
                     stdout)
    _close(report, items, errors, output_format, statistics, report.check_summary(), stdout)
    return report


def fix_paths(paths: Sequence[str], overrides: Overrides = NO_OVERRIDES, *, diff: bool = False,
              dry_run: bool = False, output_format: OutputFormat = OutputFormat.TEXT,
              statistics: bool = False, stdout: TextIO | None = None,
              stderr: TextIO | None = None) -> Report:
    """Apply the safe fixes in place (or show them as a diff), then report what is left.

    `-` is a filter: the fixed text goes to stdout, and the report to stderr.
    """
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    report, errors, items = Report(), list[str](), list[dict[str, Any]]()
    filtering = "-" in paths and not (diff or dry_run)
    messages = stderr if filtering else stdout
    passthrough = stdout if filtering else None
    for path, document, config in _documents(paths, overrides, report, errors, stderr,
                                             passthrough):
        fixed = fix_and_explain(document.text, config)
        if fixed.text != document.text:
            report.changed += 1
            report.edits += sum(len(step.edits) for step in fixed.steps)
        if diff:
            stdout.writelines(_unified_diff(path, document.text, fixed.text))
        elif path == "-" and not dry_run:
            _write_bytes(stdout, encode(document, fixed.text))
        elif fixed.text != document.text and not dry_run:
            try:
                write_atomic(path, encode(document, fixed.text))
            except OSError as exc:
                print(f"{path}: error: cannot write: {exc.strerror or exc}", file=stderr)
                report.errors += 1
                continue
        _report_file(report, items, path, fixed.text, config, output_format, statistics,
                     messages)
    _close(report, items, errors, output_format, statistics,
           report.fix_summary(dry_run=diff or dry_run), messages)
    return report


def _write_bytes(stream: TextIO, data: bytes) -> None:
    """Write bytes to a text stream's buffer, so the input's encoding and BOM survive."""
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a stream with no bytes under it (io.StringIO)
        stream.write(data.decode("utf-8", errors="replace"))
    else:
        buffer.write(data)
        buffer.flush()


def _unified_diff(path: str, old: str, new: str) -> list[str]:
    if old == new:
        return []
    import difflib

    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 fromfile=f"a/{path}", tofile=f"b/{path}")
    return [line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
            for line in lines]
