"""Configuration files: `.cleanup.toml` or `[tool.cleanup]` in `pyproject.toml`, found upward.

For each file we walk up from its folder and take the nearest folder that has either a
`.cleanup.toml` or a `pyproject.toml` with a `[tool.cleanup]` table (`.cleanup.toml`
first, as ruff prefers `.ruff.toml`). Rule folders in it are relative to it. The
command line overrides it: `--select`, `--ignore`, `--quotes`, `--dash` replace the
file's values, and `--rules` folders come after the file's.

```toml
[tool.cleanup]
include = ["*.md", "*.txt"]             # what a folder walk takes (default: these and *.markdown)
exclude = ["drafts/*", "*.draft.md"]    # what it leaves, on top of .gitignore
rules = ["house-rules"]                 # rule folders, relative to this file
select = ["names", "quotes"]
ignore = ["calques/at-the-same-time"]
per-file-ignores = { "interviews/*" = ["calques"] }
unfixable = ["names/kyiv"]              # reported, never applied
quotes = "curly"
dash = "em"
unsafe-fixes = false
fail-level = "warning"
```

Globs are matched against the path relative to the configuration file's folder (`*` also
crosses `/`), and against the file name alone.
"""

from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from cleanup.config import Config, DashStyle, QuoteStyle, rule_matches
from cleanup.findings import Level

MARKDOWN_SUFFIXES = (".md", ".markdown")
KEYS = ("include", "exclude", "rules", "select", "ignore", "per-file-ignores", "unfixable",
        "quotes", "dash", "unsafe-fixes", "fail-level")
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown")


class Overrides(NamedTuple):
    """What the command line says; `None` leaves the configuration file's value."""

    rule_dirs: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    quotes: QuoteStyle | None = None
    dash: DashStyle | None = None
    unsafe_fixes: bool | None = None
    fail_level: Level | None = None


class Settings(NamedTuple):
    config: Config
    source: str | None  # the configuration file, if one was found
    errors: tuple[str, ...]
    base: Path = Path()  # the folder globs are relative to
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    #: Every rule id or prefix the user named, with where it was named (for errors).
    selectors: tuple[tuple[str, str], ...] = ()

    def walks(self, path: str) -> bool:
        """Does a folder walk take this file (included, and not excluded)?"""
        return matches_glob(path, self.base, self.include) and not matches_glob(
            path, self.base, self.exclude)


def matches_glob(path: str, base: Path, globs: tuple[str, ...]) -> bool:
    """Does any glob match the path relative to `base`, or the file name alone?

    >>> matches_glob("/a/drafts/x.md", Path("/a"), ("drafts/*",))
    True
    >>> matches_glob("x.md", Path("."), ("*.txt",))
    False
    """
    resolved = Path(path).resolve()
    try:
        relative = resolved.relative_to(base.resolve()).as_posix()
    except ValueError:
        relative = resolved.as_posix()
    return any(fnmatch(relative, g) or fnmatch(resolved.name, g) for g in globs)


class Found(NamedTuple):
    """A configuration file and its `cleanup` table, or the error met reading it."""

    path: Path
    table: dict[str, Any]
    error: str | None = None


def find_config_file(start: Path) -> Found | None:
    """The nearest configuration at or above `start`.

    A `pyproject.toml` that is not valid TOML stops the search with its error: it may
    hold the `[tool.cleanup]` table meant for this file, so reading on past it, or
    running with the defaults, would pass in silence what its owner asked for.
    """
    for folder in [start, *start.parents]:
        found = _read_folder(folder)
        if found is not None:
            return found
    return None


def _read_folder(folder: Path) -> Found | None:
    """A folder's configuration, read once for as long as its files do not change."""
    stamps = tuple(_mtime(folder / name) for name in (".cleanup.toml", "pyproject.toml"))
    return _read_folder_at(folder, stamps)


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


@lru_cache(maxsize=256)
def _read_folder_at(folder: Path, stamps: tuple[int | None, ...]) -> Found | None:
    from cleanup.tomlfile import TomlError, read_toml

    for path in (folder / ".cleanup.toml", folder / "pyproject.toml"):
        if not path.is_file():
            continue
        try:
            data = read_toml(path)
        except TomlError as exc:
            return Found(path, {}, str(exc))
        if path.name == ".cleanup.toml":
            return Found(path, data)
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            return Found(path, {}, f"{path}: error: 'tool' must be a table, not {tool!r}")
        table = tool.get("cleanup")
        if isinstance(table, dict):
            return Found(path, table)
        if table is not None:
            return Found(path, {}, f"{path}: error: [tool.cleanup] must be a table, "
                                   f"not {table!r}")
    return None


NO_OVERRIDES = Overrides()


def settings_for(path: str, overrides: Overrides = NO_OVERRIDES) -> Settings:
    """The configuration in force for a file (or `-`, read from the current folder)."""
    start = Path.cwd() if path == "-" else Path(path).resolve().parent
    found = find_config_file(start)
    source = str(found.path) if found else None
    base = found.path.parent if found else start
    values, errors = _validate(found.table if found else {}, source or "", base)
    if found and found.error:
        errors = (found.error, *errors)
    select = overrides.select if overrides.select is not None else values.get("select", ())
    ignore = overrides.ignore if overrides.ignore is not None else values.get("ignore", ())
    ignore = (*ignore, *(rule for glob, rules in values.get("per-file-ignores", {}).items()
                         if path != "-" and matches_glob(path, base, (glob,)) for rule in rules))
    config = Config(
        quotes=overrides.quotes or values.get("quotes", QuoteStyle.AUTO),
        dash=overrides.dash or values.get("dash", DashStyle.EM),
        rule_dirs=(*values.get("rules", ()), *overrides.rule_dirs),
        select=tuple(select), ignore=tuple(ignore),
        unsafe_fixes=overrides.unsafe_fixes if overrides.unsafe_fixes is not None
        else values.get("unsafe-fixes", False),
        fail_level=overrides.fail_level or values.get("fail-level", Level.WARNING),
        markdown=path.lower().endswith(MARKDOWN_SUFFIXES),
        unfixable=values.get("unfixable", ()),
    )
    where = _where(source or "")
    named = [("--select" if overrides.select is not None else f"{where}'select':", select),
             ("--ignore" if overrides.ignore is not None else f"{where}'ignore':",
              overrides.ignore if overrides.ignore is not None else values.get("ignore", ())),
             (f"{where}'unfixable':", values.get("unfixable", ())),
             (f"{where}'per-file-ignores':",
              [r for rules in values.get("per-file-ignores", {}).values() for r in rules])]
    selectors = tuple((rule, origin) for origin, rules in named for rule in rules)
    return Settings(config, source, errors, base, values.get("include", DEFAULT_INCLUDE),
                    values.get("exclude", ()), selectors)


def _where(source: str) -> str:
    """How an error names the configuration file and table it is about."""
    if not source:
        return ""
    return f"{source}: error: [tool.cleanup] " if source.endswith("pyproject.toml") \
        else f"{source}: error: "


def selector_errors(settings: Settings, known: frozenset[str]) -> tuple[str, ...]:
    """One error for each rule id or prefix the user named that matches no rule.

    A misspelt `--select nmaes` would otherwise select nothing, and every file would pass.

    >>> s = Settings(Config(), None, (), selectors=(("nmaes", "--select"), ("names", "--select")))
    >>> selector_errors(s, frozenset({"names/kyiv"}))
    ("error: --select 'nmaes' matches no rule (see `cleanup rules list`)",)
    """
    errors = []
    for rule, origin in settings.selectors:
        if not any(rule_matches(known_id, (rule,)) for known_id in known):
            head = f"error: {origin}" if origin.startswith("--") else origin
            errors.append(f"{head} {rule!r} matches no rule (see `cleanup rules list`)")
    return tuple(dict.fromkeys(errors))


def _validate(table: dict[str, Any], source: str, base: Path) -> tuple[dict[str, Any], tuple[
        str, ...]]:
    """The usable values of a `cleanup` table, and one error line for each bad key."""
    values: dict[str, Any] = {}
    errors = []
    where = _where(source)
    for key, value in table.items():
        if key not in KEYS:
            errors.append(f"{where}unknown key {key!r} (known: {', '.join(KEYS)})")
        elif key == "per-file-ignores":
            if not isinstance(value, dict) or not all(
                    isinstance(v, list) and all(isinstance(r, str) for r in v)
                    for v in value.values()):
                errors.append(f"{where}'per-file-ignores' must be a table of glob = [rule ids]")
            else:
                values[key] = {glob: tuple(rules) for glob, rules in value.items()}
        elif key in ("rules", "select", "ignore", "include", "exclude", "unfixable"):
            if not isinstance(value, list) or not all(
                    isinstance(v, str) and v and "\0" not in v for v in value):
                errors.append(f"{where}{key!r} must be a list of non-empty strings")
            else:
                values[key] = tuple(str((base / v).resolve()) if key == "rules" else v
                                    for v in value)
        elif key == "quotes" and isinstance(value, str) and value in set(QuoteStyle):
            values[key] = QuoteStyle(value)
        elif key == "dash" and isinstance(value, str) and value in set(DashStyle):
            values[key] = DashStyle(value)
        elif key == "unsafe-fixes" and isinstance(value, bool):
            values[key] = value
        elif key == "fail-level" and isinstance(value, str) and value in set(Level):
            values[key] = Level(value)
        else:
            errors.append(f"{where}{key!r} cannot be {value!r}")
    return values, tuple(errors)


def describe(path: str, settings: Settings, rule_count: int) -> str:
    """What `cleanup config PATH` prints: the source, then each setting as TOML."""
    c = settings.config

    def toml(value: object) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, tuple):
            return "[" + ", ".join(toml(v) for v in value) + "]"
        return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [f"# settings for {path}",
             f"# from {settings.source or 'the defaults (no configuration file found)'}",
             f"# {rule_count} rules from rule files in force, plus the built-in code rules",
             f"markdown = {toml(c.markdown)}",
             f"walked = {toml(path == '-' or settings.walks(path))}"
             "  # would a folder walk take this file?"]
    lines += [f"{key} = {toml(value)}" for key, value in (
        ("include", settings.include), ("exclude", settings.exclude),
        ("rules", c.rule_dirs), ("select", c.select), ("ignore", c.ignore),
        ("unfixable", c.unfixable), ("quotes", c.quotes.value), ("dash", c.dash.value),
        ("unsafe-fixes", c.unsafe_fixes), ("fail-level", c.fail_level.value))]
    return "\n".join(lines)
