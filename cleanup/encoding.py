"""Encoding damage, repaired by ftfy before anything else reads the text.

ftfy's defaults are made for cleaning any text, and two of them undo typography that
`cleanup` exists to get right: `uncurl_quotes` straightens every curly quote, and
`fix_character_width` folds full-width forms. We turn those off, with
`fix_latin_ligatures` (a publisher may set ligatures on purpose), `fix_line_breaks`
(line endings are the file's, kept exactly) and `normalization` (NFC would recompose
letters no rule asked us to touch). What stays on is what repairs damage: mojibake,
HTML entities (`unescape_html="auto"`, off on a line with `<`), C1 control characters
(Windows-1252 read as Latin-1), terminal escapes and surrogates.

`remove_control_chars` is off too: it deletes characters a fix cannot name for the
reader, and some are content (a vertical tab is Word's line break: deleting it joins two
words). We name what we find instead. A NUL makes the file binary (`files.py`); another
C0 control character is reported, `encoding/control-character`, never deleted; a
byte-order mark inside the text (two files joined) is removed by its own fix,
`encoding/stray-bom`, since it is invisible, means nothing there, and breaks search.

ftfy reads every character it is given, so we hand it only the lines that could hold
damage: a line of ASCII, general punctuation (curly quotes, dashes, bullets), Latin-1
symbols and currency signs, with no `&`, cannot be mojibake, because mojibake always
carries a letter from outside that set (`â€œ`, `Ã©`, `РґРѕ`).
"""

import re
from functools import lru_cache
from typing import Any

import regex

from cleanup.chars import MASK
from cleanup.config import Config
from cleanup.edits import Edit
from cleanup.findings import Finding
from cleanup.view import protected_spans


@lru_cache(maxsize=1)
def ftfy_fix() -> Any:
    """ftfy's `fix_text` with our options, imported on first use: most English articles
    have no line ftfy needs to see, and importing it costs a pre-commit hook 25 ms."""
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html="auto",
        remove_terminal_escapes=True,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=True,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
    return lambda text: ftfy.fix_text(text, config)

# Characters ftfy leaves alone whatever surrounds them, and the mask of what is not prose
# (a Markdown link or bullet is not encoding damage); U+206A to U+206F are deprecated
# format controls, which ftfy removes, so the range stops before them.
_SUSPECT_RE = regex.compile(
    rf"[^\t\n\r\x20-\x25\x27-\x7e\u00a0-\u00bf\u2000-\u2069\u20a0-\u20cf{MASK}]")
_LINE_END_RE = regex.compile(r"[\r\n]")


def repair_encoding(text: str, config: Config) -> list[Edit]:
    """Repair mojibake, HTML entities and control characters, one edit a damaged stretch.

    Each repair is one edit, so it is applied whole or not at all, and ftfy is never
    given a web or e-mail address: the stretches between them go to it one by one.

    >>> from cleanup.edits import apply_edits
    >>> apply_edits("Shugaev saidâ€\\u009d and &amp; more", repair_encoding(
    ...     "Shugaev saidâ€\\u009d and &amp; more", Config()))[0]
    'Shugaev said” and & more'
    """
    edits: list[Edit] = []
    pos = 0
    while match := _SUSPECT_RE.search(text, pos):
        # The line starts after the last break before the match, and not before `pos`.
        start = max(text.rfind("\n", pos, match.start()), text.rfind("\r", pos, match.start()),
                    pos - 1) + 1
        end_match = _LINE_END_RE.search(text, match.start())
        end = end_match.start() if end_match else len(text)
        cursor = start
        for span_start, span_end in [*protected_spans(text[start:end]), (end - start,) * 2]:
            edit = _repair_stretch(text, cursor, start + span_start)
            if edit:
                edits.append(edit)
            cursor = start + span_end
        pos = end + 1
    return edits


def _repair_stretch(text: str, start: int, end: int) -> Edit | None:
    """ftfy's repair of `text[start:end]`, trimmed to the part that changed."""
    old = text[start:end]
    if not _SUSPECT_RE.search(old):
        return None
    new = ftfy_fix()(old)
    if new == old:
        return None
    prefix = _common_prefix_length(old, new)
    suffix = _common_prefix_length(old[prefix:][::-1], new[prefix:][::-1])
    return Edit(start + prefix, end - suffix, new[prefix:len(new) - suffix], "encoding/ftfy")


def _common_prefix_length(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


_STRAY_BOM_RE = re.compile("\N{ZERO WIDTH NO-BREAK SPACE}+")
#: C0 controls but the white space ones (tab, line feed, form feed, carriage return),
#: and DEL; NUL never gets here (a file with one is binary).
_CONTROL_RE = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")


def drop_stray_bom(text: str, config: Config) -> list[Edit]:
    """Remove a byte-order mark inside the text: a file's BOM left where files were joined.

    >>> drop_stray_bom("end.\ufeffNext", Config())
    [Edit(start=4, end=5, replacement='', rule_id='encoding/stray-bom')]
    """
    if "\N{ZERO WIDTH NO-BREAK SPACE}" not in text:  # `in` scans 10 MB in ms, a pattern not
        return []
    return [Edit(m.start(), m.end(), "", "encoding/stray-bom")
            for m in _STRAY_BOM_RE.finditer(text)]


def report_control_characters(text: str, config: Config) -> list[Finding]:
    """Name each control character in the text; what it stood for is for a human to say.

    >>> [f.message for f in report_control_characters("a\x0bb", Config())]
    ['a control character, U+000B LINE TABULATION, in the text']
    """
    return [Finding(m.start(), m.end(), "encoding/control-character",
                    f"a control character, U+{ord(m[0]):04X} {_CONTROL_NAMES[m[0]]}, in the text",
                    suggestion="delete it, or put back what it stood for (a line break?)")
            for m in _CONTROL_RE.finditer(text)]


#: unicodedata has no names for control characters; these are their Unicode aliases.
_CONTROL_NAMES = {
    "\x01": "START OF HEADING", "\x02": "START OF TEXT", "\x03": "END OF TEXT",
    "\x04": "END OF TRANSMISSION", "\x05": "ENQUIRY", "\x06": "ACKNOWLEDGE", "\x07": "BELL",
    "\x08": "BACKSPACE", "\x0b": "LINE TABULATION", "\x0e": "SHIFT OUT", "\x0f": "SHIFT IN",
    "\x10": "DATA LINK ESCAPE", "\x11": "DEVICE CONTROL ONE", "\x12": "DEVICE CONTROL TWO",
    "\x13": "DEVICE CONTROL THREE", "\x14": "DEVICE CONTROL FOUR",
    "\x15": "NEGATIVE ACKNOWLEDGE", "\x16": "SYNCHRONOUS IDLE",
    "\x17": "END OF TRANSMISSION BLOCK", "\x18": "CANCEL", "\x19": "END OF MEDIUM",
    "\x1a": "SUBSTITUTE", "\x1b": "ESCAPE", "\x1c": "FILE SEPARATOR",
    "\x1d": "GROUP SEPARATOR", "\x1e": "RECORD SEPARATOR", "\x1f": "UNIT SEPARATOR",
    "\x7f": "DELETE",
}
