"""Fuzz target: one line of a JSON Lines corpus, as `corpus.work_line` fixes or checks it.

    python -m fuzz.jsonl_line fuzz/corpus/jsonl_line -dict=fuzz/cleanup.dict

A line is raw bytes, or (more often, to get past the parser) a record built around a
fuzzed text, with or without a BOM and a line ending. A line passed through as bad is
unchanged; a fixed line is the same record with only its field changed, keeps its BOM
and line ending, and is fixed again to itself; a checked line is unchanged.
"""

import json

from fuzz import harness

with harness.instrumented(__name__):
    from cleanup.config import Config
    from cleanup.corpus import work_line
    from fuzz import checks, inputs

BOUND = checks.bound_from_env(checks.Bound())
_ENDINGS = (b"", b"\n", b"\r\n", b"\r")


def line_of(data: bytes) -> bytes:
    """The line the bytes stand for: the first byte says how it is made."""
    if not data:
        return data
    how, rest = data[0], data[1:]
    ending = _ENDINGS[how >> 2 & 3]
    bom = b"\xef\xbb\xbf" if how & 0x10 else b""
    if how % 4 == 0:
        return bom + rest + ending
    text = inputs.text_of(rest)
    record = {"id": len(text), "text": text, "n": [1.5, None]}
    body = json.dumps(record, ensure_ascii=how % 4 == 1,
                      separators=(",", ":") if how & 0x20 else None)
    return bom + body.encode("utf-8", "surrogatepass") + ending


def _parts(line: bytes) -> tuple[bytes, bytes, bytes]:
    """A line's BOM, record and ending, cut as `work_line` cuts them."""
    bom = line[:3] if line.startswith(b"\xef\xbb\xbf") else b""
    body = line[len(bom):].removesuffix(b"\n").removesuffix(b"\r")
    return bom, body, line[len(bom) + len(body):]


def _others(body: bytes) -> tuple[str, str]:
    """The record's document, and every other field in one spelling."""
    record = json.loads(body.decode("utf-8"))
    text = record.pop("text")
    return text, json.dumps(record, sort_keys=True)


def _document(line: bytes) -> str:
    """The document of a line, as far as it has one: to skip a known failure."""
    try:
        return str(_others(_parts(line)[1])[0])
    except Exception:
        return line.decode("utf-8", "replace")


def check_line(raw: bytes, config: Config, bound: checks.Bound | None) -> None:
    """Every invariant of a corpus line."""
    checked = checks.timed("check line", len(raw), lambda: work_line(
        raw, config=config, fix=False), bound)
    assert checked.out == raw
    done = checks.timed("fix line", len(raw), lambda: work_line(raw, config=config), bound)
    assert (done.bad is None) == (checked.bad is None), (done.bad, checked.bad)
    if done.bad is not None or done.done is None:
        assert done.out == raw
        return
    bom, body, ending = _parts(raw)
    new_bom, new_body, new_ending = _parts(done.out)
    assert (new_bom, new_ending) == (bom, ending)
    new_text, new_others = _others(new_body)
    assert new_text == done.done.new
    assert new_others == _others(body)[1]
    assert work_line(done.out, config=config).out == done.out, "fixed again, it changed"


def test_one_input(data: bytes) -> None:
    check_line(line_of(data), inputs.config_of(data[1:]), BOUND)


if __name__ == "__main__":
    harness.main(test_one_input)
