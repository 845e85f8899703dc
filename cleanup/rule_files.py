"""Reading `rules/*.toml` into rules, and reporting every mistake in them, not just the first.

A rule file is a list of `[[rule]]` tables, with an optional `description` for the
family. An error is one line: `rules/names.toml: rule 'x': error: …` (or
`rules/names.toml:4:1: error: …` where TOML itself fails); a rule with an error is left
out, and the others still run.
"""

import functools
import os
import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import MISSING, Field, fields
from pathlib import Path
from typing import Any, Literal, NamedTuple, get_args, get_origin, get_type_hints

import regex

from cleanup import __version__
from cleanup.cache import cache_dir, load, prune, store
from cleanup.pattern_checks import check_pattern, refuse_costly, unsettled, vet_patterns
from cleanup.rules import (
    KINDS,
    Example,
    PatternRule,
    Rule,
    RuleError,
    RuleSet,
)
from cleanup.tomlfile import TomlError, read_bytes, read_toml, shown

_ID_RE = regex.compile(r"[a-z0-9][a-z0-9-]*")
_FILE_KEYS = {"rule", "description"}


def builtin_rules_dir() -> Path:
    """The rules that ship with cleanup: packaged in the wheel, or `rules/` in a checkout.

    The wheel carries the top-level `rules/` folder as `cleanup/_rules` (see
    `pyproject.toml`); a source checkout or editable install reads `rules/` itself.
    """
    packaged = Path(__file__).resolve().parent / "_rules"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "rules"


def rule_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.toml"))


#: The stamps of each set of rule folders, while a run holds them still (`pinned`).
_pinned: dict[object, tuple[object, ...]] | None = None


@contextmanager
def pinned() -> Iterator[None]:
    """Within a run, read each rule folder's stamps once: a run over thousands of files
    would otherwise look at the folders twice a file. Workers forked in a run inherit it."""
    global _pinned
    before, _pinned = _pinned, {}
    try:
        yield
    finally:
        _pinned = before


def stamps(folders: Sequence[str | Path] = (), *, builtin: bool = True) -> tuple[object, ...]:
    """What changes when a rule file does (each file's name, size and time of change), read
    without opening one: a long-lived process asks it before each use of cached rules."""
    if _pinned is not None:
        key = (tuple(map(str, folders)), builtin)
        if key not in _pinned:
            _pinned[key] = _stamps(folders, builtin)
        return _pinned[key]
    return _stamps(folders, builtin)


def _stamps(folders: Sequence[str | Path], builtin: bool) -> tuple[object, ...]:
    found: list[object] = []
    for folder in [*([builtin_rules_dir()] if builtin else []), *folders]:
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.endswith(".toml"):
                        stat = entry.stat()
                        found.append((entry.path, stat.st_size, stat.st_mtime_ns))
        except OSError as exc:
            found.append((str(folder), type(exc).__name__))
    return tuple(sorted(found, key=str))


def load_rules(folders: Sequence[str | Path] = (), *, builtin: bool = True) -> RuleSet:
    """Built-in rules, then each folder's; a later rule with the same id replaces an earlier.

    Parsing and checking the rule files takes a pre-commit hook longer than the rest of a
    small run, so the result is kept, in this process and in a cache file, under a hash
    of all it depends on: every rule file's path and bytes, and our version. An edited
    rule file is a new key, so a long-lived process reads it again. What is kept holds
    absolute paths; errors name files relative to the current folder only here, so one
    cache file serves every folder we run in.
    """
    sources = _sources(folders, builtin)
    key = content_key(folders, builtin=builtin)
    loaded = _load_rules(sources) if key is None else _kept(key, sources)
    return RuleSet(loaded.rules, tuple(error.line() for error in loaded.errors))


def content_key(folders: Sequence[str | Path] = (), *, builtin: bool = True) -> str | None:
    """A key that changes when any rule file's content does (`None`: one cannot be read);
    the files are read again only when their `stamps` change, so the rule cache and the
    result cache of one run read them once between them."""
    return _content_key(_sources(folders, builtin), stamps(folders, builtin=builtin))


@functools.lru_cache(maxsize=16)
def _content_key(sources: tuple[Path, ...], rule_files: tuple[object, ...]) -> str | None:
    return _cache_key(sources)


def _sources(folders: Sequence[str | Path], builtin: bool) -> tuple[Path, ...]:
    return tuple(Path(os.path.abspath(folder)) for folder in
                 [*([builtin_rules_dir()] if builtin else []), *folders])


class LoadError(NamedTuple):
    """One error line, with its file apart so that it is shown as the user would type it."""

    path: str  # absolute
    detail: str  # what follows the path: `: rule 'x': error: …`, `:4:1: error: …`

    def line(self) -> str:
        return display_path(Path(self.path)) + self.detail


class Loaded(NamedTuple):
    """What loading rule folders gives, before anything is shown: what the cache keeps."""

    rules: tuple[Rule, ...]
    errors: tuple[LoadError, ...]


#: How many rule caches a cache folder keeps (one per set of rule files: an edited rule
#: file, a new version or another project's `--rules` each make one), and how many bytes
#: they may take together (the built-in rules' cache is about 0.3 MB).
CACHE_FILES_KEPT = 8
CACHE_BYTES_KEPT = 64 << 20


@functools.lru_cache(maxsize=8)
def _kept(key: str, sources: tuple[Path, ...]) -> Loaded:
    """The rules under a key: from this process, else from the cache file, else read."""
    cached = cache_dir() / f"rules-{key}.pickle"
    loaded = load(cached, Loaded)
    if loaded is not None:
        return loaded
    loaded = _load_rules(sources)
    store(cached, loaded)
    prune(cached.parent, "rules-*.pickle", CACHE_FILES_KEPT, CACHE_BYTES_KEPT)
    return loaded


def _cache_key(sources: tuple[Path, ...]) -> str | None:
    """CRC-32 and length of everything the rules depend on: a cache key needs no more (and
    hashlib's OpenSSL costs a hook 3 ms to import)."""
    parts = [f"{__version__}|{sys.version}".encode()]
    for folder in sources:
        try:
            found = folder.is_dir()
            parts.append(f"|{folder}|{found}".encode())
            for path in rule_files(folder) if found else []:
                parts.append(f"|{path.name}|".encode() + read_bytes(path))
        except OSError:
            return None  # let the loader report it
    data = b"".join(parts)
    return f"{zlib.crc32(data):08x}{len(data):x}"


#: The most rules a run loads from all its folders: 10,000 rules load and check in a few
#: seconds on a cache miss; 100,000 took half a minute on every run.
MAX_RULES = 10_000


def _load_rules(sources: tuple[Path, ...]) -> Loaded:
    by_id: dict[str, Rule] = {}
    errors: list[LoadError] = []
    builtin = builtin_rules_dir().resolve()
    for folder in sources:
        try:
            paths = rule_files(folder) if folder.is_dir() else None
        except OSError as exc:
            errors.append(LoadError(str(folder), f": error: cannot read rule folder: "
                                                 f"{exc.strerror or exc}"))
            continue
        if paths is None:
            errors.append(LoadError(str(folder), ": error: rule folder not found"))
            continue
        for path in paths:
            if len(by_id) >= MAX_RULES:
                errors.append(LoadError(os.path.abspath(path), f": error: left out: the rule "
                                        f"folders hold over {MAX_RULES:,} rules, the most "
                                        "a run loads"))
                continue
            rules, file_errors = load_file(path, vet=folder.resolve() != builtin)
            errors += file_errors
            by_id.update((rule.id, rule) for rule in rules)
    if mine := users_rules(by_id.values()):
        for rule_id, message in unsettled(tuple(by_id.values()), mine).items():
            rule = by_id.pop(rule_id)
            errors.append(LoadError(rule.path, f": rule {rule_id.partition('/')[2]!r}: "
                                               f"error: {message}"))
    return Loaded(tuple(by_id.values()), tuple(errors))


def users_rules(rules: Iterable[Rule]) -> frozenset[str]:
    """The ids of the rules read from the user's rule files, not from cleanup's own."""
    ours = builtin_rules_dir()
    rules = list(rules)
    theirs = {path: Path(path).resolve().parent != ours for path in {r.path for r in rules}
              if path}
    return frozenset(r.id for r in rules if r.path and theirs[r.path])


def display_path(path: str | Path) -> str:
    """A path as a user would type it: relative to the current folder when under it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
        return str(path)


def load_file(path: Path, *, vet: bool = True) -> tuple[list[Rule], list[LoadError]]:
    """The good rules of one file, and an error for each bad one. Each rule keeps the
    file's absolute path. `vet`: compile the file's patterns first in a child process
    with a time and memory limit (`vet_patterns`); our own rules need not be.

    A TOML file with no `[[rule]]` is not a rule file (a folder given by mistake, say
    `/etc`): it gets one error, which echoes nothing it holds."""
    name = os.path.abspath(path)
    if not path.stem.isprintable() or any(c.isspace() for c in path.stem):
        return [], [LoadError(name, ": error: a rule file's name is its rules' family: "
                                    "it may not hold white space or control characters")]
    try:
        data = read_toml(path, name)
    except TomlError as exc:
        return [], [LoadError(name, exc.detail)]
    if set(data) - _FILE_KEYS and "rule" not in data:
        return [], [LoadError(name, ": error: not a rule file (it has no [[rule]] tables)")]
    if not isinstance(data.get("description", ""), str):
        return [], [LoadError(name, ": error: 'description' must be a string")]
    errors = [LoadError(name, f": error: unknown key {shown(key)} (a file has 'description' "
                              "and [[rule]])") for key in sorted(set(data) - _FILE_KEYS)]
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        return [], [*errors, LoadError(name, ": error: 'rule' must be an array of tables "
                                             "([[rule]])")]
    rules: list[Rule] = []
    seen: set[str] = set()
    refused = vet_patterns(_regexes(raw_rules)) if vet else {}
    for index, raw in enumerate(raw_rules, 1):
        label = raw.get("id") if isinstance(raw, dict) else None
        where = f": rule {shown(label)}" if isinstance(label, str) else f": rule #{index}"
        try:
            rule = parse_rule(raw, family=path.stem, path=name, refused=refused)
        except RuleError as exc:
            errors.append(LoadError(name, f"{where}: error: {exc}"))
            continue
        if rule.id in seen:
            errors.append(LoadError(name, f"{where}: error: duplicate id"))
            continue
        seen.add(rule.id)
        rules.append(rule)
    return rules, errors


def _regexes(raw_rules: list[Any]) -> list[str]:
    """Every regular expression the rule tables give, as the loader will compile it."""
    found = []
    for raw in raw_rules:
        if isinstance(raw, dict) and raw.get("kind") in KINDS:
            found += [raw[key] for key, (spec, _) in _keys(raw["kind"]).items()
                      if (key == "pattern" or spec.metadata.get("regex"))
                      and isinstance(raw.get(key), str) and raw[key]]
    return found


def parse_rule(raw: Any, *, family: str, path: str = "",
               refused: dict[str, str] | None = None) -> Rule:
    """One `[[rule]]` table as a rule of its kind; `RuleError` says what is wrong.

    What a kind's keys are, which are required and what each may hold, we read from its
    record in `rules.py`; the record itself refuses a rule that lacks what its kind needs.
    """
    if not isinstance(raw, dict):
        raise RuleError("a rule must be a table")
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        raise RuleError(f"'kind' must be one of {', '.join(KINDS)}, not {shown(kind)}")
    record = KINDS[kind].record
    keys = _keys(kind)
    unknown = sorted(set(raw) - {"kind", *keys})
    if unknown:
        raise RuleError(f"unknown key{'s' if len(unknown) > 1 else ''} "
                        f"{', '.join(map(shown, unknown))} for a {kind} rule")
    for key, (spec, _) in keys.items():
        if spec.default is MISSING and not (
                isinstance(raw.get(key), str) and (raw[key] or spec.metadata.get("may_be_empty"))):
            raise RuleError(f"'{key}' is required and must be a non-empty string")
    if not _ID_RE.fullmatch(raw["id"]):
        raise RuleError("'id' must be lower-case letters, digits and hyphens")
    values = {key: _value(key, value, *keys[key]) for key, value in raw.items() if key != "kind"}
    values["id"] = f"{family}/{raw['id']}"
    rule: Rule = record(path=path, **values)
    for key, (spec, _) in keys.items():
        if (key == "pattern" or spec.metadata.get("regex")) and values.get(key):
            refuse_costly(key, values[key], refused or {})
    if isinstance(rule, PatternRule) and rule.pattern:
        check_pattern(rule)
    for key, (spec, _) in keys.items():
        if spec.metadata.get("regex") and values.get(key):
            try:
                regex.compile(values[key])
            except (regex.error, RecursionError) as exc:
                raise RuleError(f"'{key}' is not a valid regular expression: "
                                f"{exc if isinstance(exc, regex.error) else 'nested too deeply'}"
                                ) from None
    return rule


@functools.cache
def _keys(kind: str) -> dict[str, tuple[Field[Any], Any]]:
    """The keys a rule file may give a rule of this kind, each with its field and type."""
    record = KINDS[kind].record
    types = get_type_hints(record)
    return {spec.name: (spec, types[spec.name]) for spec in fields(record)
            if not spec.metadata.get("set_by_loader")}


#: Characters a rule's words and messages may not hold: they are printed in findings,
#: where a line break, an escape sequence or a bidirectional override could forge or hide
#: what a terminal shows.
_CONTROL = r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"  # compiled on first use
#: Keys whose strings are code or sample text, which may hold a line break.
_CODE_KEYS = {"pattern", "replacement", "unless_before", "unless_after", "examples", "ok"}


def _value(key: str, value: Any, spec: Field[Any], annotation: Any) -> Any:
    """A key's value as its field holds it, or `RuleError` saying what it must be."""
    if key not in _CODE_KEYS and any(isinstance(v, str) and regex.search(_CONTROL, v) for v in (
            value if isinstance(value, list) else [value])):
        raise RuleError(f"'{key}' holds a control character (a line break, an escape or a "
                        "bidirectional override), which findings would print")
    if annotation is bool:
        if not isinstance(value, bool):
            raise RuleError(f"'{key}' must be true or false")
        return value
    if annotation == tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip()
                                                  for v in value):
            raise RuleError(f"'{key}' must be a list of non-empty strings")
        return tuple(value)
    if annotation == tuple[Example, ...]:
        return tuple(_examples(value))
    choices = _choices(annotation)
    if choices and value not in choices:
        note = spec.metadata.get("note")
        *rest, last = map(repr, choices)
        listed = f"{', '.join(rest)} or {last}" if rest else last
        raise RuleError(f"{note + ': ' if note else ''}'{key}' must be {listed}")
    if not isinstance(value, str):
        raise RuleError(f"'{key}' must be a string")
    return value


def _choices(annotation: Any) -> tuple[str, ...]:
    """The values a `Literal` (or an optional one) allows; none for any other type.

    >>> _choices(Literal["a", "b"] | None), _choices(str)
    (('a', 'b'), ())
    """
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    return tuple(c for member in get_args(annotation) for c in _choices(member))


def _examples(value: Any) -> Iterable[Example]:
    if not isinstance(value, list):
        raise RuleError("'examples' must be a list")
    for item in value:
        if isinstance(item, str):
            yield Example(item)
        elif isinstance(item, dict) and isinstance(item.get("text"), str) and \
                set(item) <= {"text", "expected"} and isinstance(item.get("expected", ""), str):
            yield Example(item["text"], item.get("expected"))
        else:
            raise RuleError("each example is a string or { text = …, expected = … }")
