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
"""

from dataclasses import dataclass, field
from typing import Literal

FIX_SAFETY = ("safe", "unsafe", "suggest")
SCOPES = ("match", "line", "paragraph")
Boundary = Literal["strict", "word", "none"]


@dataclass(frozen=True)
class Example:
    """Text a rule must find; `expected` is the text after `fix`, when the rule fixes it."""

    text: str
    expected: str | None = None


@dataclass(frozen=True)
class Rule:
    """What every rule has. `boundary = "strict"` refuses letters, digits, hyphens and
    apostrophes beside a match (a possessive `'s` after it is allowed)."""

    id: str
    kind: str
    message: str
    why: str = ""
    source: str = ""
    fix: str = "suggest"
    examples: tuple[Example, ...] = ()
    ok: tuple[str, ...] = ()
    ignorecase: bool = False
    boundary: Boundary = "strict"
    inside_quotes: bool = True
    level: str = ""  # "error", "warning" or "info"; empty: error if it fixes, else warning
    path: str = ""  # the file it came from, for messages


@dataclass(frozen=True)
class NameRule(Rule):
    canonical: str = ""
    variants: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()


@dataclass(frozen=True)
class SubstituteRule(Rule):
    pattern: str = ""
    replacement: str = ""


@dataclass(frozen=True)
class FlagRule(Rule):
    """`suggestions` may name the pattern's groups (`the {x} government`); `unless_before`
    and `unless_after` are patterns for the text just before or after a match where the
    phrase is fine English (`carried out` before ` by the police`)."""

    pattern: str = ""
    phrases: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    evidence: str = ""
    unless_before: str = ""
    unless_after: str = ""


@dataclass(frozen=True)
class RemoveRule(Rule):
    pattern: str = ""
    scope: str = "match"


#: Each kind's class, and the keys a rule of that kind may have beyond the common ones.
KIND_CLASSES: dict[str, type[Rule]] = {
    "name": NameRule, "substitute": SubstituteRule, "flag": FlagRule, "remove": RemoveRule}


class RuleTimeout(RuntimeError):
    """Rules whose patterns ran out of time on a text: they backtrack catastrophically.

    The run reports them for the file and goes on without them.
    """

    def __init__(self, rule_ids: tuple[str, ...], seconds: float) -> None:
        super().__init__(f"rule {', '.join(map(repr, rule_ids))} took over {seconds:.1f} s")
        self.rule_ids = rule_ids
        self.seconds = seconds


@dataclass(frozen=True)
class RuleSet:
    """The rules in force, and the errors met loading them (one line each)."""

    rules: tuple[Rule, ...] = ()
    errors: tuple[str, ...] = field(default=())

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)
