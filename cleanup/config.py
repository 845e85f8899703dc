"""The settings a run is made with: one immutable record, a field per choice a user can make."""

from enum import StrEnum
from typing import NamedTuple

from cleanup.findings import Level


class QuoteStyle(StrEnum):
    AUTO = "auto"
    CURLY = "curly"
    STRAIGHT = "straight"


class DashStyle(StrEnum):
    EM = "em"
    EN = "en"
    EM_CLOSED = "em-closed"


class LanguageToolSettings(NamedTuple):
    """Where the LanguageTool server is, and what to ask it (`[tool.cleanup.languagetool]`).

    `local` starts a server for the run (as `cleanup languagetool serve` does) and stops
    it at the end; otherwise `url` names one already running.
    """

    url: str = ""
    local: bool = False
    language: str = "en-US"
    mother_tongue: str = "ru"  # its false friends come at the picky level
    level: str = "default"  # or "picky"
    enabled_rules: tuple[str, ...] = ()
    disabled_rules: tuple[str, ...] = ()
    enabled_categories: tuple[str, ...] = ()
    disabled_categories: tuple[str, ...] = ()
    timeout: float = 60.0  # seconds to wait for one answer
    safe_rules: tuple[str, ...] = ()  # rules whose first replacement `fix` applies


class Config(NamedTuple):
    """How to repair, and with which rules.

    `quotes = "auto"` makes a document curly if it has any curly double quote or
    guillemet, and leaves a straight-only document straight. `rule_dirs` are added to
    the built-in rules (a rule with the same id replaces the built-in one); `select` and
    `ignore` take rule ids or their prefixes (`names`, `calques/the-x-side`).
    """

    quotes: QuoteStyle = QuoteStyle.AUTO
    dash: DashStyle = DashStyle.EM
    rule_dirs: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    unsafe_fixes: bool = False
    builtin_rules: bool = True
    fail_level: Level = Level.WARNING
    unfixable: tuple[str, ...] = ()  # rule ids or prefixes whose fixes are only reported
    languagetool: LanguageToolSettings | None = None  # no server: no LanguageTool check

    def selects(self, rule_id: str) -> bool:
        """Is the rule in force? `select` (when given) and `ignore` match ids or prefixes.

        >>> Config(ignore=("names",)).selects("names/triumf"), Config().selects("names/x")
        (False, True)
        """
        return ((not self.select or rule_matches(rule_id, self.select))
                and not rule_matches(rule_id, self.ignore))


def rule_matches(rule_id: str, prefixes: tuple[str, ...]) -> bool:
    """Does any of `prefixes` name the rule, whole or as its family (`names`, `names/`)?

    >>> rule_matches("names/triumf", ("names",)), rule_matches("namesake/x", ("names",))
    (True, False)
    """
    return any(rule_id == p or rule_id.startswith(p.rstrip("/") + "/") for p in prefixes)
