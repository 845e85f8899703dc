"""Large files, read a block at a time, so memory stays bounded whatever their size.

A plain-text file over `STREAM_OVER` bytes is decoded incrementally and cut into
blocks of about `BLOCK` characters at paragraph breaks (a blank line), each fixed and
checked as a document of its own; its output is written as it comes. So a check of a
corpus of several GB holds a few blocks at a time, never the file. The price: what looks
across a whole document (`names/consistency`, the `auto` quote style) sees one block.
"""

import codecs
from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

from cleanup.files import BinaryFile, InputError, encoding_of

STREAM_OVER = 16 << 20  # bytes
BLOCK = 1 << 20  # characters
_READ = 1 << 20  # bytes read at a time
_CUTS = ("\n\n", "\r\n\r\n", "\r\r")


class Block(NamedTuple):
    """A block of a file: its text, the line it starts on, and its code-point offset."""

    text: str
    first_line: int
    offset: int


def line_breaks(text: str) -> int:
    """
    >>> line_breaks("a\\r\\nb\\rc\\n")
    3
    """
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def read_blocks(handle: BinaryIO, name: str, block: int = BLOCK) -> Iterator[Block]:
    """The blocks of an open file; the file's encoding is `encoding_of` its first bytes.

    Raises `InputError` (with line and column) where the bytes stop being text.
    """
    head = handle.read(_READ)
    encoding, bom = encoding_of(head)
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    pending, line, offset, data = "", 1, 0, head[len(bom):]
    while True:
        if not bom and b"\0" in data:
            raise BinaryFile(f"{name}: skipped: binary file")
        try:
            pending += decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            good = pending + data[:exc.start].decode(encoding, errors="replace")
            last = max(good.rfind("\n"), good.rfind("\r"))
            raise InputError(f"{name}:{line + line_breaks(good)}:{len(good) - last}: error: "
                             f"not valid text in {encoding} (byte 0x{data[exc.start]:02x})"
                             ) from None
        if "\0" in pending:
            raise BinaryFile(f"{name}: skipped: binary file")
        while len(pending) >= block or (not data and pending):
            cut = _cut(pending, block) if data else len(pending)
            if cut is None:
                break
            text, pending = pending[:cut], pending[cut:]
            yield Block(text, line, offset)
            line, offset = line + line_breaks(text), offset + len(text)
        if not data:
            return
        data = handle.read(_READ)


def _cut(text: str, block: int) -> int | None:
    """Where to end a block: after the last paragraph break; after the last line break
    once the text is four blocks long; after the last space at eight. Never at the very
    end (what follows may belong to it), and never inside a `\\r\\n`."""
    end = len(text) - 1
    for cuts, floor in ((_CUTS, block), (("\n", "\r"), 4 * block), ((" ",), 8 * block)):
        if len(text) < floor:
            return None
        best = max(_last(text, cut, end) for cut in cuts)
        if best:
            return best
    return end if len(text) >= 16 * block else None


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
