"""One record of a JSON Lines corpus, fixed or checked: the library's unit for corpora.

The runner calls these for each line of a `--jsonl` file, and a distributed engine
(`cleanup.distributed`) calls them inside its workers; both get the same bytes. A line
that is not a record with the field as a string raises `BadLine`, and the caller passes
it through untouched.
"""

from collections import Counter
from typing import NamedTuple

from cleanup import jsonl
from cleanup.backends import Backends
from cleanup.config import Config
from cleanup.findings import Finding
from cleanup.pipeline import check_text, fix_and_check
from cleanup.readers import Reader

DEFAULT_CONFIG = Config()
_BOM = b"\xef\xbb\xbf"
BadLine = jsonl.BadLine


class Done(NamedTuple):
    """A record after the work: the line as it goes out, the document before and after,
    the findings left in it, and how many edits the fix made."""

    line: str
    old: str
    new: str
    findings: list[Finding]
    edits: int


def fix_record(line: str, field: str = "text", config: Config = DEFAULT_CONFIG, *,
               metrics_field: str | None = None, markup: str | Reader = "text",
               backends: Backends | None = None) -> Done:
    """Fix the document in `field`; the line comes back changed only inside it (and in
    `metrics_field`, when given).

    >>> fix_record('{"id": 1, "text": "for $ 2.5 billion"}').line
    '{"id": 1, "text": "for $2.5 billion"}'
    """
    record = jsonl.locate(line)
    old = record.text(field)
    done, findings = fix_and_check(old, config, markup=markup, backends=backends)
    if done.text != old:
        record = jsonl.locate(record.with_value(field, done.text))
    return _done(record, old, done.text, findings, done.edits, metrics_field)


def check_record(line: str, field: str = "text", config: Config = DEFAULT_CONFIG, *,
                 metrics_field: str | None = None, markup: str | Reader = "text",
                 backends: Backends | None = None) -> Done:
    """The findings in the document in `field`; the line is changed only by the metrics,
    when `metrics_field` asks for them.

    >>> [f.rule_id for f in check_record('{"text": "for $ 2.5 billion"}').findings]
    ['spacing/currency']
    """
    record = jsonl.locate(line)
    text = record.text(field)
    findings = check_text(text, config, markup=markup, backends=backends)
    return _done(record, text, text, findings, 0, metrics_field)


class Line(NamedTuple):
    """A line of a corpus after the work: its bytes as they go out (ending included),
    and what was done (`None` for a blank line, or one passed through for `bad`)."""

    out: bytes
    done: Done | None = None
    bad: str | None = None


def work_line(raw: bytes, field: str = "text", config: Config = DEFAULT_CONFIG, *,
              fix: bool = True, metrics_field: str | None = None,
              markup: str | Reader = "text", backends: Backends | None = None) -> Line:
    """One line of a corpus as it is read (`\n` or `\r\n` at its end, or none), fixed
    or checked: the runner and the distributed engine both work a line with this. A
    blank line passes through; a line that is not UTF-8, or not a record with the field
    as a string, passes through untouched with the reason. A UTF-8 BOM (before a file's
    first record) is kept, and not read as part of the record.

    >>> work_line(b'{"text": "for $ 2.5 billion"}\\r\\n').out
    b'{"text": "for $2.5 billion"}\\r\\n'
    >>> work_line(b'{"id": 3}\\n', fix=False).bad
    "no field 'text'"
    """
    bom = _BOM if raw.startswith(_BOM) else b""
    body = raw[len(bom):].removesuffix(b"\n").removesuffix(b"\r")
    if not body.strip():
        return Line(raw)
    try:
        line = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Line(raw, bad=f"not valid UTF-8 (byte 0x{body[exc.start]:02x} at column "
                             f"{exc.start + 1})")
    work = fix_record if fix else check_record
    try:
        done = work(line, field, config, metrics_field=metrics_field, markup=markup,
                    backends=backends)
    except BadLine as exc:
        return Line(raw, bad=str(exc))
    out = raw if done.line == line else bom + done.line.encode("utf-8") + raw[len(bom + body):]
    return Line(out, done)


def _done(record: jsonl.Record, old: str, new: str, findings: list[Finding], edits: int,
          metrics_field: str | None) -> Done:
    line = record.line
    if metrics_field is not None:
        families = Counter(f.rule_id.partition("/")[0] for f in findings)
        line = record.with_value(metrics_field, jsonl.metrics(new, families, edits))
    return Done(line, old, new, findings, edits)
