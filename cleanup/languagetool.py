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

import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from cleanup.backends import BackendFailure
from cleanup.cache import cache_dir, load, prune, store
from cleanup.chars import MASK, PARAGRAPH_BREAK_RE
from cleanup.config import Config, LanguageToolSettings
from cleanup.edits import Edit
from cleanup.findings import Finding

if TYPE_CHECKING:
    from cleanup.registry import Context

FAMILY = "languagetool"
MASKED_RUN_RE = re.compile(f"({MASK}+)")
#: Rules off unless the user turns them on (`enabled-rules`): the spelling rule knows no
#: Russian names; runs of spaces are ours (`spacing/repeated-spaces`; Markdown's masked
#: markup is read as spaces); and every rule that, read on
#: realworld-dev and the WMT references, was wrong at least three times and more often
#: than right (eval/judgements/languagetool.tsv; docs/languagetool-evaluation.md).
SPELLING_AND_SPACES = ("MORFOLOGIK_RULE_EN_US", "MORFOLOGIK_RULE_EN_GB", "WHITESPACE_RULE")
JUDGED_OFF = (
    "ALL_OF_THE", "CAFE_DIACRITIC", "COMMA_COMPOUND_SENTENCE", "COMMA_COMPOUND_SENTENCE_2",
    "DASH_RULE", "ENGLISH_WORD_REPEAT_BEGINNING_RULE", "EN_DATE_WEEKDAY_CURRENTYEAR",
    "EN_DIACRITICS_REPLACE_ORTHOGRAPHY_ENZO_FERNANDEZ", "EN_MULTITOKEN_SPELLING_TWO",
    "EN_SPECIFIC_CASE", "EN_UNPAIRED_QUOTES", "ERDOGAN", "EXTREME_ADJECTIVES", "HYPHEN_TO_EN",
    "PER_CENT", "PHRASE_REPETITION", "POSSESSIVE_APOSTROPHE", "PRP_COMMA",
    "SENT_START_CONJUNCTIVE_LINKING_ADVERB_COMMA", "UNLIKELY_OPENING_PUNCTUATION",
    "UPPERCASE_SENTENCE_START",
)
DEFAULT_DISABLED = SPELLING_AND_SPACES + JUDGED_OFF


class Match(NamedTuple):
    start: int
    end: int
    rule: str
    category: str
    message: str
    replacements: tuple[str, ...]


#: Texts go to the server in pieces of whole paragraphs of at most this many characters
#: (its own limit, `maxTextLength`, is set far above), two pieces in flight at a time
#: (the server checks two at once), each tried three times, waiting 0.5 s, then 1 s.
PIECE = 20_000
IN_FLIGHT = 2
TRIES = 3
#: How many pieces' results the cache keeps (one small file each, the oldest pruned).
CACHED = 20_000


class Client:
    """One connection to a server, set up as the configuration asks.

    What the server answered for a piece of text is kept, in a cache file named by the
    piece, the settings, and the server's version, so a second run over an unchanged
    corpus asks the server nothing.
    """

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
        # The library waits 300 s for an answer, in a class attribute typed as that literal.
        setattr(tool, "_TIMEOUT", settings.timeout)  # noqa: B010
        self.tool = tool
        self.asked = 0  # pieces sent to the server (the rest came from the cache)
        self._key = f"{settings!r}|{_server_version(tool)}"
        self._folder = cache_dir() / "languagetool"
        self._pool: ThreadPoolExecutor | None = None

    def check(self, text: str) -> list[Match]:
        pieces = list(_pieces(text))
        found = self._answers([piece for _, piece in pieces])
        return [m._replace(start=m.start + start, end=m.end + start)
                for (start, _), matches in zip(pieces, found, strict=True) for m in matches]

    def _answers(self, pieces: list[str]) -> list[list[Match]]:
        keys = [self._folder / f"{_digest(self._key, piece)}.pickle" for piece in pieces]
        answers: list[list[Match] | None] = [load(key, list) for key in keys]
        missing = [i for i, answer in enumerate(answers) if answer is None]
        if missing:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(IN_FLIGHT)
            for i, matches in zip(missing, self._pool.map(self._ask, [pieces[i] for i in missing]),
                                  strict=True):
                answers[i] = matches
                store(keys[i], matches)
        return [answer or [] for answer in answers]

    def _ask(self, piece: str) -> list[Match]:
        for attempt in range(TRIES):
            try:
                self.asked += 1
                return [m for m in map(partial(_match, piece), self._matches(piece)) if m]
            except Exception as exc:  # the library wraps what the server did in its own
                if attempt == TRIES - 1:
                    raise BackendFailure(_first_line(str(exc))) from None
                time.sleep(0.5 * 2 ** attempt)
        raise AssertionError("unreachable")

    def _matches(self, piece: str) -> list[Any]:
        """The server's matches: plain text as text; with masked markup (Markdown), as
        LanguageTool's annotations, so that it reads the prose alone and counts its
        offsets over the whole piece."""
        if MASK not in piece:
            return list(self.tool.check(piece))
        import json
        import urllib.parse

        from language_tool_python.match import Match as Found

        params = self.tool._create_params(piece)
        del params["text"]
        params["data"] = json.dumps({"annotation": _annotation(piece)})
        url = urllib.parse.urljoin(self.tool._url, "check")
        answer = self.tool._query_server(url, params, method="post")
        return [Found(m, piece) for m in answer["matches"]]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            prune(self._folder, "*.pickle", CACHED)
        self.tool.close()


def _annotation(piece: str) -> list[dict[str, str]]:
    """Prose as text, each masked run as markup read as a space.

    >>> _annotation("a \ue000\ue000 b")
    [{'text': 'a '}, {'markup': '\ue000\ue000', 'interpretAs': ' '}, {'text': ' b'}]
    """
    parts: list[dict[str, str]] = []
    for run in MASKED_RUN_RE.split(piece):
        if not run:
            continue
        parts.append({"markup": run, "interpretAs": " "} if run[0] == MASK else {"text": run})
    return parts


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """The text in pieces of whole paragraphs (a longer paragraph alone), with where each
    starts: a piece is a unit of the cache, so an edit elsewhere leaves it cached."""
    start = end = 0
    for match in PARAGRAPH_BREAK_RE.finditer(text):
        if match.end() - start > PIECE and end > start:
            yield start, text[start:end]
            start = end
        end = match.end()
    if start < len(text):
        yield start, text[start:]


def _digest(*parts: str) -> str:
    import hashlib

    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


def _server_version(tool: Any) -> str:
    """The server's version and build, which its answers depend on."""
    import urllib.parse

    try:
        answer = tool._query_server(urllib.parse.urljoin(tool._url, "check"),
                                    {"text": "a", "language": "en-US"}, method="post")
    except Exception:  # the library's own errors: the cache key says so, the run goes on
        return "unknown"
    software = answer.get("software", {}) if isinstance(answer, dict) else {}
    return f"{software.get('version')}/{software.get('buildDate')}"


def _first_line(text: str) -> str:
    return (text.strip().splitlines() or ["no answer"])[0][:200]


def _match(text: str, found: Any) -> Match | None:
    """Our match for the server's; `None` for one that lies outside the text (a server
    that answers about another text must not place a finding anywhere)."""
    start, length = int(found.offset), int(found.error_length)
    end = utf16_end(text, start, length) if 0 <= start < len(text) else -1
    if end < 0 or length <= 0 or utf16_length(text[start:end]) != length:
        return None
    return Match(start, end, str(found.rule_id), str(found.category), str(found.message),
                 tuple(found.replacements[:3]))


def utf16_length(text: str) -> int:
    return len(text) + sum(ord(c) > 0xFFFF for c in text)


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
    settings = config.languagetool
    if settings is None:
        raise BackendFailure("no LanguageTool server configured")
    with _server(settings) as url:
        try:
            client = Client(settings._replace(url=url))
        except Exception as exc:
            raise BackendFailure(f"cannot reach LanguageTool at {url}: "
                                 f"{_first_line(str(exc))}") from None
        try:
            yield client
        finally:
            client.close()


@contextmanager
def _server(settings: LanguageToolSettings) -> Iterator[str]:
    """The server's URL: the one configured, or one started for the run (`local`)."""
    if not settings.local:
        yield settings.url
        return
    from cleanup import languagetool_server

    port = languagetool_server.free_port()
    try:
        languagetool_server.start(port)
    except languagetool_server.ServerError as exc:
        raise BackendFailure(str(exc)) from None
    try:
        yield languagetool_server.url(port)
    finally:
        languagetool_server.stop(port)


def safe_edits(ctx: "Context") -> list[Edit]:
    """The first replacement of each match of a rule the user lists as safe."""
    settings = ctx.config.languagetool
    assert settings is not None
    client: Client = ctx.backends.get(FAMILY, ctx.config)
    return [Edit(m.start, m.end, m.replacements[0], f"{FAMILY}/{m.rule}")
            for m in client.check(ctx.text)
            if m.rule in settings.safe_rules and m.replacements
            and MASK not in ctx.text[m.start:m.end]]


def report(ctx: "Context") -> list[Finding]:
    """LanguageTool's matches in the prose of the view, as findings."""
    if ctx.config.languagetool is None or not ctx.text.strip():
        return []
    client: Client = ctx.backends.get(FAMILY, ctx.config)
    return [Finding(m.start, m.end, f"{FAMILY}/{m.rule}", f"{m.message} ({m.category})",
                    suggestion=" / ".join(m.replacements) or None)
            for m in client.check(ctx.text)
            if ctx.config.selects(f"{FAMILY}/{m.rule}")
            and MASK not in ctx.text[m.start:m.end]]  # a match on markup is not about prose
