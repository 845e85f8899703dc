"""JSON Lines corpora: a document a line, in one string field of each record.

A fix changes a record only inside the field it fixed (and the metrics field, when one
is asked for): every other field, the key order, the spacing and the escapes stay byte
for byte. So we do not re-serialise a record; we find where each top-level value lies
in the line with the json module's own scanner, and splice.
"""

import json
import re
from collections.abc import Mapping
from typing import NamedTuple

_DECODER = json.JSONDecoder()
scanstring = json.decoder.scanstring  # type: ignore[attr-defined]  # the C scanner
_SPACE = " \t\r\n"
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


class BadLine(ValueError):
    """A line that is not a JSON object with the field as a string: passed through as it
    is, and reported by its line number."""


class Record(NamedTuple):
    """A line's top-level object: where each value lies, and where its `}` is."""

    line: str
    values: dict[str, tuple[int, int]]  # key -> start, end of its value in `line`
    close: int

    def text(self, field: str) -> str:
        """The document: the field's string value.

        >>> locate('{"id": 1, "text": "a\\\\u00e9"}').text("text")
        'aé'
        """
        if field not in self.values:
            raise BadLine(f"no field {field!r}")
        start, end = self.values[field]
        value = json.loads(self.line[start:end])
        if not isinstance(value, str):
            raise BadLine(f"field {field!r} is not a string")
        return value

    def with_value(self, field: str, value: object) -> str:
        """The line with one top-level value replaced, or added before the `}`, written in
        the line's own style: its escapes (ASCII-only when the old value was) and spacing.

        >>> locate('{"id": 7, "text": "x"}').with_value("text", "“y”")
        '{"id": 7, "text": "\\\\u201cy\\\\u201d"}'
        >>> locate('{"a":1}').with_value("m", {"n": 2})
        '{"a":1,"m":{"n":2}}'
        """
        spaced = '": ' in self.line or not self.values
        separators = (", ", ": ") if spaced else (",", ":")
        if field in self.values:
            start, end = self.values[field]
            ascii_only = self.line[start:end].isascii()
            new = _dumps(value, ascii_only, separators)
            return self.line[:start] + new + self.line[end:]
        new = _dumps(value, self.line.isascii(), separators)
        head = self.line[:self.close].rstrip(_SPACE)
        comma = separators[0] if self.values else ""
        member = f"{comma}{json.dumps(field)}{separators[1]}{new}"
        return head + member + self.line[len(head):]


def _dumps(value: object, ascii_only: bool, separators: tuple[str, str]) -> str:
    """JSON for a value; a lone surrogate (read from a `\\ud800` escape) stays an escape
    even where other characters are written as they are, since it has no UTF-8.

    >>> _dumps("“\\ud800”", False, (", ", ": "))
    '"“\\\\ud800”"'
    """
    dumped = json.dumps(value, ensure_ascii=ascii_only, separators=separators)
    return dumped if ascii_only else _SURROGATE_RE.sub(lambda m: f"\\u{ord(m[0]):04x}", dumped)


def locate(line: str) -> Record:
    """Find each top-level value of a JSON object that fills the line.

    >>> locate(' {"a": [1, 2], "b" : "c"} ').values
    {'a': (7, 13), 'b': (21, 24)}
    >>> locate('[1]')
    Traceback (most recent call last):
    ...
    cleanup.jsonl.BadLine: not a JSON object
    """
    i = _skip(line, 0)
    if not line.startswith("{", i):
        raise BadLine("not a JSON object")
    values: dict[str, tuple[int, int]] = {}
    i = _skip(line, i + 1)
    if line.startswith("}", i):
        return _closed(line, values, i)
    while True:
        if not line.startswith('"', i):
            raise BadLine(f"column {i + 1}: expected a key")
        try:
            key, i = scanstring(line, i + 1)
        except ValueError as exc:
            raise BadLine(f"column {i + 1}: {exc}") from None
        i = _skip(line, i)
        if not line.startswith(":", i):
            raise BadLine(f"column {i + 1}: expected ':'")
        start = _skip(line, i + 1)
        try:
            _, end = _DECODER.raw_decode(line, start)
        except json.JSONDecodeError as exc:
            raise BadLine(f"column {exc.colno}: {exc.msg}") from None
        values[key] = (start, end)  # as json.loads, the last of a repeated key counts
        i = _skip(line, end)
        if line.startswith(",", i):
            i = _skip(line, i + 1)
        elif line.startswith("}", i):
            return _closed(line, values, i)
        else:
            raise BadLine(f"column {i + 1}: expected ',' or '}}'")


def _skip(line: str, i: int) -> int:
    while i < len(line) and line[i] in _SPACE:
        i += 1
    return i


def _closed(line: str, values: dict[str, tuple[int, int]], close: int) -> Record:
    if _skip(line, close + 1) != len(line):
        raise BadLine(f"column {close + 2}: text after the object")
    return Record(line, values, close)


def metrics(text: str, families: Mapping[str, int], fixes: int) -> dict[str, object]:
    """What a corpus builder filters on: the words, the fixes applied, and the findings
    left per family per 1,000 words.

    >>> metrics("one two three four", {"calques": 1}, 2)
    {'words': 4, 'fixes': 2, 'findings': 1, 'per_1000_words': {'calques': 250.0}}
    """
    words = len(text.split())
    rate = {family: round(1000 * n / words, 2) if words else 0.0
            for family, n in sorted(families.items())}
    return {"words": words, "fixes": fixes, "findings": sum(families.values()),
            "per_1000_words": rate}
