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
from cleanup.patterns import wrap_pattern
from cleanup.rules import (
    KINDS,
    Example,
    PatternRule,
    Rule,
    RuleError,
    RuleSet,
    SubstituteRule,
)
from cleanup.tomlfile import TomlError, read_toml

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
#: file, a new version or another project's `--rules` each make one).
CACHE_FILES_KEPT = 8


@functools.lru_cache(maxsize=8)
def _kept(key: str, sources: tuple[Path, ...]) -> Loaded:
    """The rules under a key: from this process, else from the cache file, else read."""
    cached = cache_dir() / f"rules-{key}.pickle"
    loaded = load(cached, Loaded)
    if loaded is not None:
        return loaded
    loaded = _load_rules(sources)
    store(cached, loaded)
    prune(cached.parent, "rules-*.pickle", CACHE_FILES_KEPT)
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
                parts.append(f"|{path.name}|".encode() + path.read_bytes())
        except OSError:
            return None  # let the loader report it
    data = b"".join(parts)
    return f"{zlib.crc32(data):08x}{len(data):x}"


def _load_rules(sources: tuple[Path, ...]) -> Loaded:
    by_id: dict[str, Rule] = {}
    errors: list[LoadError] = []
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
            rules, file_errors = load_file(path)
            errors += file_errors
            by_id.update((rule.id, rule) for rule in rules)
    return Loaded(tuple(by_id.values()), tuple(errors))


def display_path(path: str | Path) -> str:
    """A path as a user would type it: relative to the current folder when under it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)


def load_file(path: Path) -> tuple[list[Rule], list[LoadError]]:
    """The good rules of one file, and an error for each bad one. Each rule keeps the
    file's absolute path."""
    name = os.path.abspath(path)
    try:
        data = read_toml(path, name)
    except TomlError as exc:
        return [], [LoadError(name, exc.detail)]
    errors = [LoadError(name, f": error: unknown key {key!r} (a file has 'description' "
                              "and [[rule]])") for key in sorted(set(data) - _FILE_KEYS)]
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        return [], [*errors, LoadError(name, ": error: 'rule' must be an array of tables "
                                             "([[rule]])")]
    rules: list[Rule] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_rules, 1):
        label = raw.get("id") if isinstance(raw, dict) else None
        where = f": rule {label!r}" if isinstance(label, str) else f": rule #{index}"
        try:
            rule = parse_rule(raw, family=path.stem, path=name)
        except RuleError as exc:
            errors.append(LoadError(name, f"{where}: error: {exc}"))
            continue
        if rule.id in seen:
            errors.append(LoadError(name, f"{where}: error: duplicate id"))
            continue
        seen.add(rule.id)
        rules.append(rule)
    return rules, errors


def parse_rule(raw: Any, *, family: str, path: str = "") -> Rule:
    """One `[[rule]]` table as a rule of its kind; `RuleError` says what is wrong.

    What a kind's keys are, which are required and what each may hold, we read from its
    record in `rules.py`; the record itself refuses a rule that lacks what its kind needs.
    """
    if not isinstance(raw, dict):
        raise RuleError("a rule must be a table")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise RuleError(f"'kind' must be one of {', '.join(KINDS)}, not {kind!r}")
    record = KINDS[kind].record
    keys = _keys(kind)
    unknown = sorted(set(raw) - {"kind", *keys})
    if unknown:
        raise RuleError(f"unknown key{'s' if len(unknown) > 1 else ''} "
                        f"{', '.join(map(repr, unknown))} for a {kind} rule")
    for key, (spec, _) in keys.items():
        if spec.default is MISSING and not (
                isinstance(raw.get(key), str) and (raw[key] or spec.metadata.get("may_be_empty"))):
            raise RuleError(f"'{key}' is required and must be a non-empty string")
    if not _ID_RE.fullmatch(raw["id"]):
        raise RuleError("'id' must be lower-case letters, digits and hyphens")
    values = {key: _value(key, value, *keys[key]) for key, value in raw.items() if key != "kind"}
    values["id"] = f"{family}/{raw['id']}"
    rule: Rule = record(path=path, **values)
    if isinstance(rule, PatternRule) and rule.pattern:
        check_pattern(rule)
    for key, (spec, _) in keys.items():
        if spec.metadata.get("regex") and values.get(key):
            try:
                regex.compile(values[key])
            except regex.error as exc:
                raise RuleError(f"'{key}' is not a valid regular expression: {exc}") from None
    return rule


@functools.cache
def _keys(kind: str) -> dict[str, tuple[Field[Any], Any]]:
    """The keys a rule file may give a rule of this kind, each with its field and type."""
    record = KINDS[kind].record
    types = get_type_hints(record)
    return {spec.name: (spec, types[spec.name]) for spec in fields(record)
            if not spec.metadata.get("set_by_loader")}


def _value(key: str, value: Any, spec: Field[Any], annotation: Any) -> Any:
    """A key's value as its field holds it, or `RuleError` saying what it must be."""
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


#: Texts every pattern is tried on at load time, with the rule's own examples, to catch
#: one that matches the empty string (it would report nothing, everywhere).
_PROBES = ("", " ", "a", "A b.", "1", "x\n\ny", "The talks ended, he said.")
#: How long a load-time probe may take: a pattern slower than this on its own examples
#: would be a hang on an article.
_PROBE_SECONDS = 1.0
#: `\1` or `\g<1>` outside a character class: a back-reference by number.
_NUMBERED_REFERENCE = r"\\(?:[1-9]|g<\d)"


def check_pattern(rule: PatternRule) -> None:
    r"""Refuse a pattern that would misbehave once joined with the others, or ever match
    nothing: each mistake here is one error line at load, not a traceback or a silent
    rule on the first article.
    """
    pattern = rule.pattern
    if _numbered_references(pattern):
        raise RuleError("'pattern' refers back to a group by number; name the group, "
                        "(?P<name>…) and (?P=name): numbers change when rules are joined")
    try:
        regex.compile(pattern, regex.IGNORECASE if rule.ignorecase else 0)
        own = regex.compile(wrap_pattern(pattern, rule))
        # As the matcher joins it with other rules: a verbose comment or a stray `)`
        # that compiles alone may not compile there.
        regex.compile(f"(?P<r0>{wrap_pattern(pattern, rule, left=False)})|(?P<r1>x)")
    except regex.error as exc:
        raise RuleError(f"'pattern' is not a valid regular expression: {exc}") from None
    texts = (*_PROBES, *(e.text for e in rule.examples), *rule.ok)
    try:
        for text in texts:
            if any(m.start() == m.end() for m in own.finditer(text, timeout=_PROBE_SECONDS)):
                raise RuleError(f"'pattern' matches the empty string (in {text!r})")
    except TimeoutError:
        raise RuleError(f"'pattern' took over {_PROBE_SECONDS:g} s on a short text: "
                        "it backtracks catastrophically (a nested repeat like (a+)+?)") from None
    if isinstance(rule, SubstituteRule):
        blank = regex.compile(f"(?:{pattern})|").match("")  # always a match, every group
        try:
            if blank is not None:
                blank.expand(rule.replacement)
        except (regex.error, IndexError) as exc:
            raise RuleError(f"'replacement' is not valid for this pattern: {exc}") from None


def _numbered_references(pattern: str) -> bool:
    r"""Does the pattern use `\1`/`\g<1>` outside a character class?

    >>> _numbered_references(r"(a)\1"), _numbered_references(r"[\1](?P<a>b)(?P=a)")
    (True, False)
    >>> _numbered_references(r"(a)?(?(1)b|c)")
    True
    """
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if not in_class and regex.match(_NUMBERED_REFERENCE, pattern[i:]):
                return True
            i += 2
            continue
        if pattern.startswith("(?(", i) and pattern[i + 3:i + 4].isdigit() and not in_class:
            return True  # a condition on a group by number, `(?(1)…)`
        if char == "[" and not in_class:
            in_class = True
            if pattern[i + 1:i + 2] == "^":
                i += 1
            if pattern[i + 1:i + 2] == "]":
                i += 1  # a `]` first in a class is a literal
        elif char == "]" and in_class:
            in_class = False
        i += 1
    return False
