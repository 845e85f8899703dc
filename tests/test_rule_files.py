"""The rule files are well formed: codespell's dictionary tests, for TOML rules.

Each test collects every problem before it fails, so one run lists them all.
"""

import tomllib
from collections import Counter
from pathlib import Path

import pytest

from cleanup.rule_files import builtin_rules_dir, load_file, rule_files
from cleanup.rules import FlagRule, NameRule, Rule

FILES = rule_files(builtin_rules_dir())


def _rules(path: Path) -> list[Rule]:
    return load_file(path)[0]


def test_there_are_rule_files() -> None:
    assert {p.stem for p in FILES} >= {"names", "calques", "residue"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_loads_without_errors(path: Path) -> None:
    """Known keys, valid values, patterns that compile, unique ids: the loader says none."""
    assert load_file(path)[1] == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_is_documented(path: Path) -> None:
    """The file says what its family is; every rule has a message, a why and a source."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    problems = [] if data.get("description") else ["no description"]
    for rule in _rules(path):
        problems += [f"{rule.id}: no {key}" for key in ("message", "why", "source")
                     if not getattr(rule, key)]
        problems += [f"{rule.id}: no examples"] if not rule.examples else []
        problems += [f"{rule.id}: no ok text"] if not rule.ok else []
        if isinstance(rule, FlagRule) and not rule.evidence:
            problems.append(f"{rule.id}: a flag needs its evidence")
    assert problems == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_ids_come_from_their_place_and_are_sorted(path: Path) -> None:
    """`names.toml`'s rule `x` is `names/x`, and the rules are in id order."""
    raw_ids = [r["id"] for r in tomllib.loads(path.read_text(encoding="utf-8"))["rule"]]
    assert raw_ids == sorted(raw_ids)
    assert [r.id for r in _rules(path)] == [f"{path.stem}/{i}" for i in raw_ids]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_stray_whitespace(path: Path) -> None:
    problems = [f"line {n}" for n, line in enumerate(path.read_text(encoding="utf-8")
                                                     .splitlines(), 1)
                if line != line.rstrip() or "\t" in line]
    assert problems == []


def test_no_spelling_is_claimed_twice() -> None:
    """A variant belongs to one name, and is never another name's canonical spelling."""
    names = [r for p in FILES for r in _rules(p) if isinstance(r, NameRule)]
    spellings = Counter(w for r in names for w in {*r.variants, *r.ambiguous})
    canonical = {r.canonical for r in names}
    problems = [f"{w} listed {n} times" for w, n in spellings.items() if n > 1]
    problems += [f"{w} is a variant and a canonical" for w in spellings if w in canonical]
    problems += [f"{r.id}: canonical among its own variants" for r in names
                 if r.canonical in {*r.variants, *r.ambiguous}]
    assert problems == []


def test_no_phrase_is_flagged_twice() -> None:
    """A phrase belongs to one flag rule (so a finding names one rule)."""
    flags = [r for p in FILES for r in _rules(p) if isinstance(r, FlagRule)]
    phrases = Counter(p.casefold() if r.ignorecase else p for r in flags for p in r.phrases)
    assert [p for p, n in phrases.items() if n > 1] == []


def test_at_least_sixty_calques() -> None:
    assert len(_rules(builtin_rules_dir() / "calques.toml")) >= 60
