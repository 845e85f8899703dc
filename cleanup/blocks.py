"""Large files, read a block at a time, so memory stays bounded whatever their size.

A plain-text file over `files.STREAM_OVER` bytes is decoded incrementally and cut into
blocks of about `BLOCK` characters at paragraph breaks (a blank line), each fixed and
checked as a document of its own; its output is written as it comes. So a check of a
corpus of several GB holds a few blocks at a time, never the file. The price: what looks
across a whole document (`names/consistency`, the `auto` quote style) sees one block.
"""

import codecs
from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

from cleanup.files import BinaryFile, encoding_of, not_text

BLOCK = 1 << 19  # characters: half a million keeps a worker near 65 MB
_READ = 1 << 20  # bytes read at a time
_CUTS = ("\n\n", "\r\n\r\n", "\r\r")


class Block(NamedTuple):
    """A block of a file: its text, the line and column it starts at, and its code-point
    offset. A block starts a line unless the line is too long for one block."""

    text: str
    first_line: int
    offset: int
    first_column: int = 1


def line_breaks(text: str) -> int:
    """
    >>> line_breaks("a\\r\\nb\\rc\\n")
    3
    """
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def read_blocks(handle: BinaryIO, name: str, block: int | None = None) -> Iterator[Block]:
    """The blocks of an open file (of about `BLOCK` characters); the file's encoding is
    `encoding_of` its first bytes.

    Raises `InputError` (with line and column) where the bytes stop being text.
    """
    block = block or BLOCK
    head = handle.read(_READ)
    encoding, bom = encoding_of(head)
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    pending, line, offset, column, data = "", 1, 0, 1, head[len(bom):]
    read = len(bom)  # bytes before `data`
    while True:
        if not bom and b"\0" in data:
            raise BinaryFile(f"{name}: skipped: binary file")
        held = decoder.getstate()[0]  # the start of a character cut at the last read
        try:
            pending += decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            good = pending + exc.object[:exc.start].decode(encoding, errors="replace")
            raise not_text(name, encoding, good, exc.object[exc.start],
                           read - len(held) + exc.start, start=(line, column)) from None
        read += len(data)
        if "\0" in pending:
            raise BinaryFile(f"{name}: skipped: binary file")
        while len(pending) >= block or (not data and pending):
            cut = _cut(pending, block) if data else len(pending)
            if cut is None:
                break
            text, pending = pending[:cut], pending[cut:]
            yield Block(text, line, offset, column)
            line, offset = line + line_breaks(text), offset + len(text)
            last = max(text.rfind("\n"), text.rfind("\r"))
            column = len(text) - last if last >= 0 else column + len(text)
        if not data:
            return
        data = handle.read(_READ)


def _cut(text: str, block: int) -> int | None:
    """Where to end a block of about `block` characters: after its last paragraph break;
    failing that, the last within four blocks, then the last line break, then within
    eight the last space. Never at the very end (what follows may belong to it), and
    never inside a `\\r\\n`. `None`: read more first."""
    end = len(text) - 1
    stages = ((_CUTS, block), (_CUTS, 4 * block), (("\n", "\r"), 4 * block),
              ((" ",), 8 * block))
    for cuts, limit in stages:
        best = max(_last(text, cut, min(limit, end)) for cut in cuts)
        if best:
            return best
        if end < limit:
            return None
    if end >= 16 * block:  # no space in 16 blocks: cut anywhere but inside a `\r\n`
        return end - 1 if text[end - 1] == "\r" and text[end] == "\n" else end
    return None


def _last(text: str, cut: str, end: int) -> int:
    """Where the last `cut` before `end` ends, unless that splits a `\\r\\n`; 0 if none.

    >>> _last("a\\r\\rb\\r\\r\\nc", "\\r\\r", 8)
    3
    """
    at = text.rfind(cut, 0, end)
    while at >= 0:
        if not (text[at + len(cut) - 1] == "\r" and text[at + len(cut)] == "\n"):
            return at + len(cut)
        at = text.rfind(cut, 0, at + len(cut) - 1)
    return 0
