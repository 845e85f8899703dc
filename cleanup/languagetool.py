"""Grammar and style from a LanguageTool server, through `language-tool-python`.

A run opens one client (the `languagetool` backend) when the first file needs it and
closes it at the end. Each LanguageTool match becomes a finding `languagetool/RULE_ID`
with LanguageTool's message and replacements as the suggestion; nothing is applied.
The server counts in UTF-16 code units; `language-tool-python` turns a match's start
into a Python offset but not its length, so the end is counted here.

Until LanguageTool's rules are judged on real articles, its findings are `info`: shown,
never failing a run; its spelling rule, which flags every Russian name, is off.
A server that cannot be reached, or answers what is not a check, is one error line for
the file; every other check still runs.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NamedTuple

from cleanup.backends import BackendFailure
from cleanup.chars import MASK
from cleanup.config import Config, LanguageToolSettings
from cleanup.findings import Finding

if TYPE_CHECKING:
    from cleanup.registry import Context

FAMILY = "languagetool"
#: Rules off unless the user turns them on: the spelling rule knows no Russian names, and
#: runs of spaces are ours (`spacing/repeated-spaces`; Markdown's masked markup is sent
#: as spaces, so that offsets hold).
DEFAULT_DISABLED = ("MORFOLOGIK_RULE_EN_US", "MORFOLOGIK_RULE_EN_GB", "WHITESPACE_RULE")


class Match(NamedTuple):
    start: int
    end: int
    rule: str
    category: str
    message: str
    replacements: tuple[str, ...]


class Client:
    """One connection to a server, set up as the configuration asks."""

    def __init__(self, settings: LanguageToolSettings) -> None:
        from language_tool_python import LanguageTool

        tool = LanguageTool(settings.language, mother_tongue=settings.mother_tongue or None,
                            remote_server=settings.url)
        tool.picky = settings.level == "picky"
        tool.disabled_rules = set(settings.disabled_rules) | (
            set(DEFAULT_DISABLED) - set(settings.enabled_rules))
        tool.enabled_rules = set(settings.enabled_rules)
        tool.disabled_categories = set(settings.disabled_categories)
        tool.enabled_categories = set(settings.enabled_categories)
        self.tool = tool

    def check(self, text: str) -> list[Match]:
        try:
            found = self.tool.check(text)
        except Exception as exc:  # the library wraps what the server did in its own errors
            raise BackendFailure(_first_line(str(exc))) from None
        return [_match(text, m) for m in found]

    def close(self) -> None:
        self.tool.close()


def _first_line(text: str) -> str:
    return (text.strip().splitlines() or ["no answer"])[0][:200]


def _match(text: str, found: Any) -> Match:
    start = min(max(int(found.offset), 0), len(text))
    return Match(start, utf16_end(text, start, int(found.error_length)), str(found.rule_id),
                 str(found.category), str(found.message), tuple(found.replacements[:3]))


def utf16_end(text: str, start: int, units: int) -> int:
    """Where a span that starts at code point `start` and is `units` UTF-16 units long
    ends, in code points (a character outside the BMP is two units).

    >>> utf16_end("a\N{GRINNING FACE}b", 0, 3), utf16_end("ab", 1, 5)
    (2, 2)
    """
    end = start
    while units > 0 and end < len(text):
        units -= 2 if ord(text[end]) > 0xFFFF else 1
        end += 1
    return end


@contextmanager
def open_client(config: Config) -> Iterator[Client]:
    """The backend: a client for the run, closed when the run ends."""
    if config.languagetool is None:
        raise BackendFailure("no LanguageTool server configured")
    try:
        client = Client(config.languagetool)
    except Exception as exc:
        raise BackendFailure(f"cannot reach LanguageTool at {config.languagetool.url}: "
                             f"{_first_line(str(exc))}") from None
    try:
        yield client
    finally:
        client.close()


def report(ctx: "Context") -> list[Finding]:
    """LanguageTool's matches in the prose of the view, as findings."""
    if ctx.config.languagetool is None or not ctx.text.strip():
        return []
    client: Client = ctx.backends.get(FAMILY, ctx.config)
    return [Finding(m.start, m.end, f"{FAMILY}/{m.rule}", f"{m.message} ({m.category})",
                    suggestion=" / ".join(m.replacements) or None)
            for m in client.check(ctx.text.replace(MASK, " "))
            if ctx.config.selects(f"{FAMILY}/{m.rule}")]
