"""Fuzz target: reading a file's bytes, whole and a block at a time, and a run over it.

    python -m fuzz.file_reader fuzz/corpus/file_reader -dict=fuzz/cleanup.dict

The bytes are what a file holds (any BOM, encoding, line ending, NUL or bad byte).
`files.decode` gives text that encodes back to the same bytes, or one error line naming
the file; `blocks.read_blocks` (with small reads and blocks, so every boundary is met)
gives the same text or the same error; and a `fix --diff` task over the file, as the
runner makes it, ends in output or error lines, never in an internal error.
"""

import io
import tempfile
from pathlib import Path

from fuzz import harness

with harness.instrumented(__name__):
    from cleanup import blocks
    from cleanup.backends import Backends
    from cleanup.config import Config
    from cleanup.files import BinaryFile, Document, InputError, decode, encode
    from cleanup.readers import MARKDOWN, PLAIN
    from cleanup.tasks import FixMode, How, Task, run_task
    from fuzz import checks

BOUND = checks.bound_from_env(checks.Bound())
NAME = "fuzzed.txt"


def read_whole(data: bytes) -> Document | InputError:
    try:
        document = decode(data, NAME)
    except InputError as exc:
        message = str(exc)
        assert message.startswith(f"{NAME}:") and "\n" not in message, message
        assert exc.data == data
        return exc
    assert encode(document, document.text) == data
    return document


def read_in_blocks(data: bytes, read: int, block: int) -> list[blocks.Block] | InputError:
    saved, blocks._READ = blocks._READ, read  # small reads meet every cut
    try:
        return list(blocks.read_blocks(io.BytesIO(data), NAME, block))
    except InputError as exc:
        return exc
    finally:
        blocks._READ = saved


def check_blocks(whole: Document | InputError, parts: list[blocks.Block] | InputError) -> None:
    """Blocks give what the whole file gives: the same text, or the same error."""
    if isinstance(whole, InputError):
        assert isinstance(parts, InputError), "blocks read what the whole file could not"
        if isinstance(whole, BinaryFile) != isinstance(parts, BinaryFile):
            return  # a NUL and a bad byte: each reports the one it meets first
        assert type(parts) is type(whole) and str(parts) == str(whole), (parts, whole)
        return
    assert not isinstance(parts, InputError), f"blocks failed where the file read: {parts}"
    text = whole.text
    assert "".join(b.text for b in parts) == text
    for part in parts:
        before = text[:part.offset]
        assert part.text == text[part.offset:part.offset + len(part.text)]
        assert part.first_line == 1 + blocks.line_breaks(before), part[1:]
        last = max(before.rfind("\n"), before.rfind("\r"))
        assert part.first_column == len(before) - last, part[1:]


def check_task(data: bytes, markdown: bool, bound: checks.Bound | None) -> None:
    """A `fix --diff` task over the file: no internal error, and each error one line."""
    with tempfile.TemporaryDirectory(prefix="cleanup-fuzz-") as folder:
        path = Path(folder) / ("fuzzed.md" if markdown else NAME)
        path.write_bytes(data)
        task = Task(str(path), path.name, Config(), MARKDOWN if markdown else PLAIN)
        with Backends() as backends:
            outcome = checks.timed("fix --diff task", len(data), lambda: run_task(
                task, How(FixMode.DIFF, cache=False), backends), bound)
        assert path.read_bytes() == data  # --diff writes nothing
    for line in (*outcome.errors, *outcome.notices):
        assert line.startswith(f"{path.name}:") and "\n" not in line, line
        assert "internal error" not in line, line


def check_file(data: bytes, pick: int, bound: checks.Bound | None) -> None:
    """Every invariant of a file's bytes; `pick` chooses the size of reads and blocks,
    and whether the run reads the file as Markdown."""
    whole = read_whole(data)
    check_blocks(whole, read_in_blocks(data, 4 + pick % 16, 1 + pick // 16 * 4))
    if isinstance(whole, InputError):
        return
    fixed = checks.check_fix(whole.text, Config(), "text", bound)
    out = encode(whole, fixed)
    assert decode(out, NAME) == whole._replace(text=fixed)
    check_task(data, pick & 1 == 1, bound)


def test_one_input(data: bytes) -> None:
    check_file(data[1:], data[0] if data else 0, BOUND)


if __name__ == "__main__":
    harness.main(test_one_input)
