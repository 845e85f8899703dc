"""The kinds of rule, defined once: a closed set that every rule file draws from.

Knowledge users extend lives in `rules/*.toml`; code only says what a rule of each kind
means. A rule's full id comes from where it lives (`names/rosoboronexport` is the rule
`rosoboronexport` in `names.toml`), so two rule files cannot collide.

- `name`: a canonical spelling and its variants. `variants` are fixed safely; `ambiguous`
  variants (an ordinary word, or a spelling the entity itself uses) are only reported.
- `substitute`: a pattern and its replacement, with `fix = "safe" | "unsafe" | "suggest"`.
- `flag`: awkward or literal phrasing, never applied: a message, suggestions, why, source
  and the evidence for it.
- `remove`: scraped residue. `scope = "paragraph"` removes a whole paragraph the pattern
  matches (with one adjacent blank line) when `fix = "safe"`; other scopes report.

Each kind's record declares its keys: a field without a default is required in a rule
file, and a field's type says what it holds (a `Literal` lists the values allowed), so
`rule_files` reads the schema from here and keeps no list of its own. `KINDS` pairs
each record with what compiles its rules into a batch that scans a text: the name kind
in `literals.py`, substitute and flag in `patterns.py`, remove in `residue.py`. A new
kind is a record here, an entry in `KINDS` and a batch in one of those modules.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, NamedTuple, TypeVar

from cleanup import literals, patterns, residue

if TYPE_CHECKING:
    from cleanup.matcher import Batch

FixSafety = Literal["safe", "unsafe", "suggest"]
Severity = Literal["error", "warning", "info"]
Scope = Literal["match", "line", "paragraph"]
Boundary = Literal["strict", "word", "none"]


class RuleError(ValueError):
    """A mistake in one rule; the message says what and where."""


def _key(default: Any = ..., *, note: str = "", may_be_empty: bool = False,
         regex: bool = False) -> Any:
    """A field whose rule-file key needs more than its type says: `note` opens an error
    about its value; `may_be_empty` lets a required string be empty; `regex` says the
    string must compile as a regular expression."""
    metadata = {"note": note, "may_be_empty": may_be_empty, "regex": regex}
    if default is ...:
        return field(metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class Example:
    """Text a rule must find; `expected` is the text after `fix`, when the rule fixes it."""

    text: str
    expected: str | None = None


@dataclass(frozen=True, kw_only=True)
class Rule:
    """What every rule has. `boundary = "strict"` refuses letters, digits, hyphens and
    apostrophes beside a match (a possessive `'s` after it is allowed). Without a
    `level`, a rule that fixes reports errors, and one that does not, warnings."""

    kind: ClassVar[str]
    id: str
    message: str
    why: str = ""
    source: str = ""
    fix: FixSafety = "suggest"
    examples: tuple[Example, ...] = ()
    ok: tuple[str, ...] = ()
    ignorecase: bool = False
    boundary: Boundary = "strict"
    inside_quotes: bool = True
    level: Severity | None = None
    path: str = field(default="", metadata={"set_by_loader": True})  # the file, as read

    def applies(self, unsafe_fixes: bool) -> bool:
        """Does `fix` write what this rule finds (an unsafe fix only when asked)?"""
        return self.fix == "safe" or (self.fix == "unsafe" and unsafe_fixes)

    @property
    def listed_fix(self) -> str:
        """What `cleanup rules list` shows as the rule's fix."""
        return self.fix


@dataclass(frozen=True, kw_only=True)
class NameRule(Rule):
    kind: ClassVar[str] = "name"
    canonical: str
    variants: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    fix: FixSafety = "safe"

    def __post_init__(self) -> None:
        if not (self.variants or self.ambiguous):
            raise RuleError("a name rule needs 'variants' or 'ambiguous'")


@dataclass(frozen=True, kw_only=True)
class PatternRule(Rule):
    """A rule with a regular expression of its own. A group named `from`, captured in a
    lookbehind, starts the match where the pattern looks back for its first words."""

    pattern: str


@dataclass(frozen=True, kw_only=True)
class SubstituteRule(PatternRule):
    kind: ClassVar[str] = "substitute"
    replacement: str = _key(may_be_empty=True)  # empty: the substitute deletes


@dataclass(frozen=True, kw_only=True)
class FlagRule(PatternRule):
    """`suggestions` may name the pattern's groups (`the {x} government`); `unless_before`
    and `unless_after` are patterns for the text just before or after a match where the
    phrase is fine English (`carried out` before ` by the police`)."""

    kind: ClassVar[str] = "flag"
    pattern: str = ""
    phrases: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    evidence: str = ""
    unless_before: str = _key("", regex=True)
    unless_after: str = _key("", regex=True)
    fix: Literal["suggest"] = _key("suggest", note="a flag rule is never applied")

    def __post_init__(self) -> None:
        if not (self.pattern or self.phrases):
            raise RuleError("a flag rule needs 'pattern' or 'phrases'")

    @property
    def listed_fix(self) -> str:
        return "none"


@dataclass(frozen=True, kw_only=True)
class RemoveRule(PatternRule):
    kind: ClassVar[str] = "remove"
    scope: Scope = "match"


R = TypeVar("R", bound=Rule)


class Kind(NamedTuple, Generic[R]):
    """A kind of rule: the record a rule file's table becomes, and what compiles the
    rules of the kind into batches that scan a text (`matcher`)."""

    record: type[R]
    compile_batch: Callable[[list[R], bool], "list[Batch]"]  # (rules, unsafe_fixes)


#: Every kind, by the name a rule file gives it, in the order their findings come.
KINDS: dict[str, Kind[Any]] = {kind.record.kind: kind for kind in (
    Kind(NameRule, literals.compile_names),
    Kind(SubstituteRule, patterns.compile_substitutes),
    Kind(FlagRule, patterns.compile_flags),
    Kind(RemoveRule, residue.compile_removes),
)}


@dataclass(frozen=True)
class RuleSet:
    """The rules in force, and the errors met loading them (one line each)."""

    rules: tuple[Rule, ...] = ()
    errors: tuple[str, ...] = field(default=())

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)
