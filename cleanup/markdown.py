"""What in a Markdown file is prose, found by tree-sitter's Markdown grammars.

We fix and check only prose: headings, paragraphs, list items, block quotes, table cells,
link text and image descriptions. Everything else keeps its bytes: front matter (`---`
YAML, `+++` TOML), fenced and indented code, inline code, HTML blocks, tags and comments,
link destinations and titles, autolinks, reference definitions, backslash escapes,
entities, and the markers that make the structure (list bullets, `>`, task boxes,
thematic breaks, table delimiter rows, and table pipes with the spaces that align them).

tree-sitter-markdown parses in two grammars: the block grammar finds the `inline` runs,
and the inline grammar parses just those ranges. It gives exact byte ranges for every
node, which is what a linter needs to report and fix in place; markdown-it gives only
the lines of a block.
"""

import itertools
import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from cleanup import suppression
from cleanup.chars import MASK
from cleanup.edits import Edit
from cleanup.view import View, merge, protected_spans

#: Block nodes whose whole span is not prose.
BLOCK_NON_PROSE = frozenset({
    "minus_metadata", "plus_metadata", "fenced_code_block", "indented_code_block",
    "html_block", "link_reference_definition", "thematic_break", "pipe_table_delimiter_row",
    "setext_h1_underline", "setext_h2_underline", "block_quote_marker",
    "list_marker_minus", "list_marker_plus", "list_marker_star", "list_marker_dot",
    "list_marker_parenthesis", "task_list_marker_checked", "task_list_marker_unchecked",
})
#: Inline nodes whose whole span is not prose.
INLINE_NON_PROSE = frozenset({
    "code_span", "link_destination", "link_title", "uri_autolink", "email_autolink",
    "html_tag", "backslash_escape", "entity_reference", "numeric_character_reference",
    "hard_line_break", "link_label",
})
#: Of those, the ones that are code: a suppression comment inside them does not count.
CODE = frozenset({"fenced_code_block", "indented_code_block", "code_span"})
_INLINE_HOSTS = frozenset({"inline", "pipe_table_cell"})


@lru_cache(maxsize=1)
def _parsers() -> tuple[Any, Any]:
    """The block and inline parsers, built once and only when a Markdown file is read."""
    import tree_sitter_markdown
    from tree_sitter import Language, Parser

    return (Parser(Language(tree_sitter_markdown.language())),
            Parser(Language(tree_sitter_markdown.inline_language())))


class MarkdownSpans:
    """The non-prose spans of a Markdown text, in code-point offsets, sorted and merged."""

    def __init__(self, text: str) -> None:
        text = _without_surrogates(text)
        data = text.encode("utf-8")
        block_parser, inline_parser = _parsers()
        block = block_parser.parse(data)
        spans: list[tuple[int, int, bool]] = []  # byte start, byte end, is code
        hosts = []
        tables = []  # each table's rows: each pipe's byte offset, and its padding's
        stack = [block.root_node]
        while stack:
            node = stack.pop()
            if node.type == "pipe_table":
                tables.append([[(c.start_byte, _spaces_before(data, c.start_byte))
                                for c in row.children if c.type == "|"]
                               for row in node.children if row.type.startswith("pipe_table_")])
            if node.type in BLOCK_NON_PROSE:
                spans.append((node.start_byte, node.end_byte, node.type in CODE))
                continue
            if node.type == "|":  # a table pipe, with the padding that aligns the columns
                spans.append((_spaces_before(data, node.start_byte),
                              _spaces_after(data, node.end_byte), False))
            if node.type in _INLINE_HOSTS:
                hosts.append(node.range)
            stack.extend(node.children)
        # The grammar reads `$…$` as LaTeX math; in news a `$` is money. `%` means
        # nothing in Markdown and has the same length, so every offset holds.
        masked = data.replace(b"$", b"%")
        calm: bytes | None = None  # `_calm(masked)`, made when first needed
        # Each paragraph (or table cell) is parsed on its own: inline delimiters never
        # pair across a block, and a backtick used as an apostrophe in one paragraph
        # must not turn the prose of the next into code. One parse per block is also
        # linear, where one parse over all of them with `included_ranges` is not.
        for host in hosts:
            inline_parser.included_ranges = [host]
            source = masked
            if _costly(masked, host.start_byte, host.end_byte):
                calm = _calm(masked) if calm is None else calm
                source = calm
            stack = [inline_parser.parse(source).root_node]
            while stack:
                node = stack.pop()
                if node.type in INLINE_NON_PROSE:
                    spans.append((node.start_byte, node.end_byte, node.type in CODE))
                else:
                    stack.extend(node.children)
        to_char = _byte_to_char(text, data, sorted(
            {b for s, e, _ in spans for b in (s, e)}
            | {b for table in tables for row in table for pipe in row for b in pipe}))
        self.non_prose = merge([(to_char[s], to_char[e]) for s, e, _ in spans])
        self.code = merge([(to_char[s], to_char[e]) for s, e, code in spans if code])
        #: The cells of the tables whose pipes line up, row under row: where each cell
        #: starts (after its opening pipe), where the spaces before its closing pipe
        #: start, and where that pipe stands.
        self.cells = sorted(cell for table in tables for cell in _aligned_cells(
            text, [[(to_char[p], to_char[pad]) for p, pad in row] for row in table]))


#: More `*`, `_` and `![` than this in one paragraph and the inline grammar costs the
#: square of their number (16,000 stars on a line: 3 s; `Meta*` after every name in a
#: long paragraph). Emphasis is prose either way, and code spans, links, tags and
#: escapes bind tighter than it does, so such a paragraph is parsed with `*` and `_`
#: read as full stops, which mean nothing inline and are allowed wherever they are (in
#: an address, a tag's attribute name, a comment); an image read as a link has the
#: same spans. What the usual parse masks stays masked (tests/test_shapes.py); a link
#: or tag that grammar loses after an unclosed `**` may be masked too, as CommonMark
#: would. No paragraph of news comes near the limit.
_MAX_OPENERS = 128


def _costly(data: bytes, start: int, end: int) -> bool:
    """Has `data[start:end]` more openers than the inline grammar parses fast?"""
    return sum(data.count(mark, start, end) for mark in (b"*", b"_", b"![")) > _MAX_OPENERS


def _calm(data: bytes) -> bytes:
    """`data` with no emphasis and no image: the same offsets, the same other spans."""
    return data.translate(bytes.maketrans(b"*_", b"..")).replace(b"![", b".[")


def _without_surrogates(text: str) -> str:
    """The text with each lone surrogate (which no UTF-8 holds, so the parser cannot be
    given one) read as U+FFFD: one code point for one, so every offset holds.

    >>> _without_surrogates("a\\ud800b") == "a\\ufffdb"
    True
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE_RE.sub("\N{REPLACEMENT CHARACTER}", text)
    return text


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _aligned_cells(text: str, rows: list[list[tuple[int, int]]]) -> list[tuple[int, int, int]]:
    """The cells between a table's pipes, if every row has its pipes in the same columns."""
    columns = {tuple(_columns(text, [p for p, _ in row])) for row in rows}
    if len(columns) != 1 or len(rows) < 2:
        return []
    return [(a + 1, pad, b) for row in rows for (a, _), (b, pad) in itertools.pairwise(row)]


def _columns(text: str, pipes: list[int]) -> list[int]:
    """Each pipe's column (1 for the first character of its line), the line's start
    found once for the pipes on it: sought back from each pipe, a long row of many
    pipes cost the square of its length.

    >>> _columns("ab\\n| a | b |", [3, 7, 11])
    [1, 5, 9]
    """
    found = []
    line_start, last = -1, None
    for p in pipes:
        if last is None or last > p or text.find("\n", last, p) >= 0 \
                or text.find("\r", last, p) >= 0:
            line_start = max(text.rfind("\n", 0, p), text.rfind("\r", 0, p))
        found.append(p - line_start)
        last = p
    return found


def _spaces_before(data: bytes, pos: int) -> int:
    while pos > 0 and data[pos - 1] in b" \t":
        pos -= 1
    return pos


def _spaces_after(data: bytes, pos: int) -> int:
    while pos < len(data) and data[pos] in b" \t":
        pos += 1
    return pos


def _byte_to_char(text: str, data: bytes, offsets: list[int]) -> dict[int, int]:
    """Code-point offsets for sorted UTF-8 byte offsets, in one pass over the text."""
    if len(data) == len(text):
        return {b: b for b in offsets}
    result, byte, char = {}, 0, 0
    for target in offsets:
        chunk = data[byte:target].decode("utf-8")
        char += len(chunk)
        byte = target
        result[target] = char
    return result


#: The id of the spaces `keep_columns` adds or takes: they follow a fix, and are no fix.
PADDING = "markdown/table-padding"


def keep_columns(text: str, edits: list[Edit],
                 cells: Sequence[tuple[int, int, int]]) -> list[Edit]:
    """Keep a table's pipes where they stand when a fix changes a cell's length.

    A cell that shrinks gets as many spaces before its pipe; one that grows gives up
    spaces of its padding, keeping one. A cell without the padding to give is left as it
    is: an aligned table is worth more than a space before a comma. (`cells` holds only
    the cells of tables whose pipes line up; the others take every edit as it is.)

    >>> text = "| a , b | c |"
    >>> keep_columns(text, [Edit(3, 4, "", "x")], [(2, 7, 8), (9, 11, 12)])
    [Edit(start=3, end=4, replacement='', rule_id='x'), Edit(start=8, end=8, replacement=' ', \
rule_id='markdown/table-padding')]
    """
    if not cells or not edits:
        return edits
    starts = [start for start, _, _ in cells]
    by_cell: dict[int, list[Edit]] = {}
    kept: list[Edit] = []
    for edit in edits:
        i = bisect_right(starts, edit.start) - 1
        if i >= 0 and edit.end <= cells[i][2]:
            by_cell.setdefault(i, []).append(edit)
        else:
            kept.append(edit)
    for i, inside in by_cell.items():
        _, padding_start, pipe = cells[i]
        grows = sum(len(e.replacement) - (e.end - e.start) for e in inside)
        padding = pipe - padding_start
        if grows < 0:
            kept += [*inside, Edit(pipe, pipe, " " * -grows, PADDING)]
        elif grows == 0:
            kept += inside
        elif padding - grows >= 1 and all(e.end <= pipe - padding for e in inside):
            kept += [*inside, Edit(pipe - grows, pipe, "", PADDING)]
    return sorted(kept)


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each span's characters (all but line breaks) replaced by U+E000.

    Offsets stay as they were, so what the rules find in the masked text is where it is
    in the original; a private-use character is neither a letter nor a space nor a
    mark, so no rule matches on it.

    >>> mask("a `b,c` d", [(2, 7)])
    'a \\ue000\\ue000\\ue000\\ue000\\ue000 d'
    """
    if not spans:
        return text
    pieces = []
    cursor = 0
    for start, end in spans:
        pieces.append(text[cursor:start])
        chunk = text[start:end]
        pieces.append("".join(c if c in "\r\n" else MASK for c in chunk))
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def markdown_view(text: str) -> View:
    """The view of a Markdown document: only prose shows; code holds no suppressions."""
    spans = MarkdownSpans(text)
    shown = mask(text, spans.non_prose)
    return View(shown, merge(spans.non_prose + protected_spans(shown)),
                suppression.suppressions(text, skip=spans.code), tuple(spans.cells))
