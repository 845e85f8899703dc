"""How a target turns the fuzzer's bytes into text and settings.

The first byte chooses how the rest is read as text, so the fuzzer reaches every kind of
string: UTF-8 whose bad bytes become lone surrogates, UTF-8 with bad bytes replaced,
UTF-16 (any code point, lone surrogates and NULs included), and Latin-1 (every byte a
character, controls included). The second byte sometimes repeats the text many times:
a small input that is slow per byte becomes a large one that overruns its time bound,
which is how a cost that grows with the square of the input is caught. The third picks
the settings.
"""

import os

from cleanup.config import Config, DashStyle, QuoteStyle

#: The most characters a repeated input may reach: enough for a quadratic cost to overrun
#: its bound, few and rare enough (1 input in 64) to keep the fuzzer fast.
MAX_REPEATED = int(os.environ.get("CLEANUP_FUZZ_MAX_REPEATED", 1 << 18))
_QUOTES = list(QuoteStyle)
_DASHES = list(DashStyle)


def text_of(data: bytes) -> str:
    """The text the bytes stand for (see the module's docstring)."""
    if len(data) < 2:
        return data.decode("latin-1")
    how, repeat, body = data[0], data[1], data[2:]
    if how % 4 == 0:
        text = body.decode("utf-8", "surrogateescape")
    elif how % 4 == 1:
        text = body.decode("utf-8", "replace")
    elif how % 4 == 2:
        text = body[:len(body) // 2 * 2].decode("utf-16-le", "surrogatepass")
    else:
        text = body.decode("latin-1")
    if repeat >= 0xFC and text:
        text *= max(1, (MAX_REPEATED >> (0xFF - repeat)) // len(text))
    return text


def config_of(data: bytes) -> Config:
    """The settings the third byte picks: quote style, dash style, unsafe fixes, and
    whether the encoding repair runs (without it, lone surrogates stay in the text)."""
    pick = data[2] if len(data) > 2 else 0
    return Config(_QUOTES[pick % 3], _DASHES[pick // 3 % 3], unsafe_fixes=pick & 0x80 != 0,
                  ignore=("encoding",) if pick & 0x40 else ())
