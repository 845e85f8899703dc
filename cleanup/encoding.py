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

from functools import lru_cache
from typing import Any

import regex

from cleanup.config import Config
from cleanup.edits import Edit, protected_spans


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
        remove_control_chars=True,
        normalization=None,
        explain=False,
    )
    return lambda text: ftfy.fix_text(text, config)

# Characters ftfy leaves alone whatever surrounds them; U+206A to U+206F are
# deprecated format controls, which ftfy removes, so the range stops before them.
_SUSPECT_RE = regex.compile(r"[^\t\n\r\x20-\x25\x27-\x7e\u00a0-\u00bf\u2000-\u2069\u20a0-\u20cf]")
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
