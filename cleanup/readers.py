"""Input readers: one per markup, looked up by file name, each giving the view rules read.

A reader says what in a file is a document and what in a document is prose. Plain text
is one document, all prose. Markdown is one document whose code, markup and metadata
are masked (`markdown.py`). A corpus format whose file holds many documents (JSON Lines:
a document a line) splits the file into `Part`s, each fixed on its own and put back in
place by the reader's `put`; the runner splices the parts back into the file.

To add a markup: write its `view` (and, for a file of many documents, `parts` and
`put`) in a module of its own, and add a `Reader` to `READERS` and its suffixes to
`SUFFIXES`.
"""

from collections.abc import Callable
from pathlib import PurePath
from typing import NamedTuple

from cleanup.view import View, plain_view


class Part(NamedTuple):
    """One document in a file: where it lies (`start:end` of the file's text) and its text."""

    start: int
    end: int
    text: str


def whole(text: str) -> list[Part]:
    """A file that is one document."""
    return [Part(0, len(text), text)]


def as_is(part: Part, fixed: str) -> str:
    """What stands in the file for a document of plain text: the text itself."""
    return fixed


def _markdown_view(text: str) -> View:
    from cleanup.markdown import markdown_view  # tree-sitter loads only for Markdown

    return markdown_view(text)


class Reader(NamedTuple):
    name: str
    view: Callable[[str], View]
    parts: Callable[[str], list[Part]] = whole
    put: Callable[[Part, str], str] = as_is


PLAIN = Reader("text", plain_view)
MARKDOWN = Reader("markdown", _markdown_view)
READERS = {reader.name: reader for reader in (PLAIN, MARKDOWN)}
#: Suffixes (lower case) of the files each reader reads; any other file is plain text.
SUFFIXES = {".md": MARKDOWN, ".markdown": MARKDOWN}


def for_path(path: str) -> Reader:
    """The reader of a file, by its name.

    >>> for_path("a/B.MD").name, for_path("notes.txt").name, for_path("-").name
    ('markdown', 'text', 'text')
    """
    return SUFFIXES.get(PurePath(path).suffix.lower(), PLAIN)


def reader_named(name: str | Reader) -> Reader:
    """A reader given by its name (`"markdown"`) or itself; an unknown name is an error."""
    if isinstance(name, Reader):
        return name
    try:
        return READERS[name]
    except KeyError:
        raise ValueError(f"no reader {name!r} (known: {', '.join(READERS)})") from None


def splice(text: str, fixed: list[tuple[Part, str]], reader: Reader) -> str:
    """The file's text with each part replaced by what its reader puts for the fixed text.

    >>> splice("ab", [(Part(0, 2, "ab"), "AB")], PLAIN)
    'AB'
    """
    pieces: list[str] = []
    cursor = 0
    for part, new in fixed:
        pieces += (text[cursor:part.start], reader.put(part, new))
        cursor = part.end
    pieces.append(text[cursor:])
    return "".join(pieces)
