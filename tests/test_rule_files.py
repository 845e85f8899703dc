"""The rule files are well formed: codespell's dictionary tests, for TOML rules.

Each test collects every problem before it fails, so one run lists them all.
"""

import os
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from cleanup.rule_files import (
    CACHE_FILES_KEPT,
    _kept,
    builtin_rules_dir,
    load_file,
    load_rules,
    parse_rule,
    rule_files,
)
from cleanup.rules import FlagRule, NameRule, Rule, RuleError, SubstituteRule

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


def _raw(kind: str, **keys: object) -> dict[str, object]:
    return {"id": "r", "kind": kind, "message": "m", **keys}


#: A `[[rule]]` table the loader refuses, and the error it must give (codespell's table of
#: bad dictionary lines, for rules). The schema comes from the records in `rules.py`.
BAD_TABLES: list[tuple[object, str]] = [
    ("x", "a rule must be a table"),
    (_raw("spell"), "'kind' must be one of name, substitute, flag, remove, not 'spell'"),
    (_raw("flag", phrases=["x"], colour="red"), "unknown key 'colour' for a flag rule"),
    (_raw("flag", phrases=["x"], a=1, b=2), "unknown keys 'a', 'b' for a flag rule"),
    (_raw("flag", phrases=["x"], canonical="X"), "unknown key 'canonical' for a flag rule"),
    (_raw("flag", phrases=["x"], path="p"), "unknown key 'path' for a flag rule"),
    ({"id": "r", "kind": "flag", "phrases": ["x"]},
     "'message' is required and must be a non-empty string"),
    (_raw("name", variants=["X"]), "'canonical' is required and must be a non-empty string"),
    (_raw("substitute", pattern="x"),
     "'replacement' is required and must be a non-empty string"),
    (_raw("remove", pattern=""), "'pattern' is required and must be a non-empty string"),
    ({**_raw("flag", phrases=["x"]), "id": "R_1"},
     "'id' must be lower-case letters, digits and hyphens"),
    (_raw("name", canonical="X", variants="Y"), "'variants' must be a list of non-empty strings"),
    (_raw("flag", phrases=["x"], ignorecase="yes"), "'ignorecase' must be true or false"),
    (_raw("substitute", pattern="x", replacement="y", fix="maybe"),
     "'fix' must be 'safe', 'unsafe' or 'suggest'"),
    (_raw("flag", phrases=["x"], fix="safe"),
     "a flag rule is never applied: 'fix' must be 'suggest'"),
    (_raw("flag", phrases=["x"], level="fatal"), "'level' must be 'error', 'warning' or 'info'"),
    (_raw("flag", phrases=["x"], boundary=1), "'boundary' must be 'strict', 'word' or 'none'"),
    (_raw("remove", pattern="x", scope="page"), "'scope' must be 'match', 'line' or 'paragraph'"),
    (_raw("flag", phrases=["x"], why=5), "'why' must be a string"),
    (_raw("flag", phrases=["x"], examples=[{"txt": "x"}]),
     "each example is a string or { text = …, expected = … }"),
    (_raw("flag"), "a flag rule needs 'pattern' or 'phrases'"),
    (_raw("name", canonical="X"), "a name rule needs 'variants' or 'ambiguous'"),
    (_raw("flag", phrases=["x"], unless_before="("),
     "'unless_before' is not a valid regular expression"),
]


@pytest.mark.parametrize(("raw", "error"), BAD_TABLES, ids=[e for _, e in BAD_TABLES])
def test_a_bad_rule_table_gets_its_error(raw: object, error: str) -> None:
    with pytest.raises(RuleError) as caught:
        parse_rule(raw, family="f")
    assert str(caught.value).startswith(error)


def test_what_a_kind_leaves_out_has_its_default() -> None:
    """A name fixes safely unless told otherwise; a substitute may delete (an empty
    replacement); a flag is never applied."""
    name = parse_rule(_raw("name", canonical="X", variants=["Y"]), family="f")
    delete = parse_rule(_raw("substitute", pattern="x", replacement=""), family="f")
    flag = parse_rule(_raw("flag", phrases=["x"], level="info"), family="f")
    assert (name.fix, name.listed_fix, name.level) == ("safe", "safe", None)
    assert isinstance(delete, SubstituteRule) and delete.replacement == ""
    assert (flag.fix, flag.listed_fix, flag.level, flag.id) == ("suggest", "none", "info", "f/r")


def _flag_file(folder: Path, message: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mine.toml"
    path.write_text(f'[[rule]]\nid = "r"\nkind = "flag"\nmessage = "{message}"\n'
                    'phrases = ["x"]\n\n[[rule]]\nid = "bad"\nkind = "flag"\nmessage = "m"\n',
                    encoding="utf-8")
    return path


def test_an_edited_rule_file_is_read_again_in_the_same_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules kept in a process are keyed by the files' content, not their names."""
    monkeypatch.setenv("CLEANUP_CACHE_DIR", str(tmp_path / "cache"))
    _flag_file(tmp_path / "rules", "before")
    assert [r.message for r in load_rules([tmp_path / "rules"], builtin=False).rules] == [
        "before"]
    _flag_file(tmp_path / "rules", "after")
    assert [r.message for r in load_rules([tmp_path / "rules"], builtin=False).rules] == [
        "after"]


def test_two_working_folders_share_one_cache_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache keeps absolute paths; each run names files relative to where it runs."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("CLEANUP_CACHE_DIR", str(cache))
    rules = _flag_file(tmp_path / "project" / "rules", "m").parent
    (tmp_path / "elsewhere").mkdir()
    errors = []
    for where in (tmp_path / "project", tmp_path / "elsewhere"):
        monkeypatch.chdir(where)
        _kept.cache_clear()  # as a new process would: from the file
        loaded = load_rules([rules], builtin=False)
        errors.append(loaded.errors[0].partition(": error:")[0])
        assert [r.path for r in loaded.rules] == [str(rules / "mine.toml")]
    assert errors == [os.path.join("rules", "mine.toml: rule 'bad'"),
                      f"{rules / 'mine.toml'}: rule 'bad'"]
    assert len(list(cache.glob("rules-*.pickle"))) == 1


def test_old_rule_caches_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing a rule cache keeps the newest few and leaves other caches alone."""
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("CLEANUP_CACHE_DIR", str(cache))
    for n in range(12):
        old = cache / f"rules-old{n:02d}.pickle"
        old.write_bytes(b"")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    (cache / "ordinary-words-x.pickle").write_bytes(b"")
    dead, live = cache / "rules-old00.pickle.123.456.tmp", cache / "rules-new.pickle.7.8.tmp"
    for temp in (dead, live):
        temp.write_bytes(b"half")
    os.utime(dead, (1_000_000, 1_000_000))  # a killed run's, long ago
    load_rules([_flag_file(tmp_path / "rules", "m").parent], builtin=False)
    assert not dead.exists() and live.exists()  # a live run's may still be renamed
    kept = sorted(p.name for p in cache.glob("*.pickle"))
    assert len(kept) == CACHE_FILES_KEPT + 1 and "ordinary-words-x.pickle" in kept
    assert [n for n in kept if "old" in n] == [f"rules-old{n:02d}.pickle"
                                               for n in range(12 - CACHE_FILES_KEPT + 1, 12)]
