"""Encoding damage, repaired by ftfy before anything else reads the text.

ftfy's defaults are made for cleaning any text, and two of them undo typography that
`cleanup` exists to get right: `uncurl_quotes` straightens every curly quote, and
`fix_character_width` folds full-width forms. We turn those off, with
`fix_latin_ligatures` (a publisher may set ligatures on purpose), `fix_line_breaks`
(line endings are the file's, kept exactly) and `normalization` (NFC would recompose
letters no rule asked us to touch). What stays on is what repairs damage: mojibake,
HTML entities (`unescape_html="auto"`, off on a line with `<`), C1 and other control
characters, terminal escapes and surrogates.

ftfy reads every character it is given, so we hand it only the lines that could hold
damage: a line of ASCII, general punctuation (curly quotes, dashes, bullets), Latin-1
symbols and currency signs, with no `&`, cannot be mojibake, because mojibake always
carries a letter from outside that set (`â€œ`, `Ã©`, `РґРѕ`).
"""

import ftfy
import regex

from cleanup.config import Config
from cleanup.edits import Edit

FTFY_CONFIG = ftfy.TextFixerConfig(
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
    remove_control_chars=True,
    normalization=None,
    explain=False,
)

# Characters ftfy leaves alone whatever surrounds them; U+206A to U+206F are
# deprecated format controls, which ftfy removes, so the range stops before them.
_SUSPECT_RE = regex.compile(r"[^\t\n\r\x20-\x25\x27-\x7e\u00a0-\u00bf\u2000-\u2069\u20a0-\u20cf]")
_LINE_END_RE = regex.compile(r"[\r\n]")


def repair_encoding(text: str, config: Config) -> list[Edit]:
    """Repair mojibake, HTML entities and control characters, one edit a damaged stretch.

    >>> from cleanup.edits import apply_edits
    >>> apply_edits("Shugaev saidâ€\\u009d and &amp; more", repair_encoding(
    ...     "Shugaev saidâ€\\u009d and &amp; more", Config()))[0]
    'Shugaev said” and & more'

    """
    edits: list[Edit] = []
    pos = 0
    while match := _SUSPECT_RE.search(text, pos):
        start = max(text.rfind("\n", 0, match.start()), text.rfind("\r", 0, match.start())) + 1
        end_match = _LINE_END_RE.search(text, match.start())
        end = end_match.start() if end_match else len(text)
        line = text[start:end]
        fixed = ftfy.fix_text(line, FTFY_CONFIG)
        if fixed != line:
            edits += _minimal_edits(line, fixed, start)
        pos = end + 1
    return edits


def _minimal_edits(old: str, new: str, offset: int) -> list[Edit]:
    """The changed stretches between two versions of a line, as edits."""
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return [
        Edit(offset + i1, offset + i2, new[j1:j2], "encoding/ftfy")
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
