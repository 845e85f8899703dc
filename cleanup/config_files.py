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
crosses `/`), and against the file name alone. `--config FILE` names the one file to use
instead (for `pyproject.toml`, its `[tool.cleanup]` table), and `--isolated` uses none.

Each key is checked by one row of `_KEYS`: what a good value looks like, the error for a
bad one, and what the value becomes. An error names the file and the key, and the run goes
on with the keys that were good.
"""

import os
from collections.abc import Callable
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from cleanup.config import Config, DashStyle, LanguageToolSettings, QuoteStyle, rule_matches
from cleanup.findings import Level

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown")
CONFIG_NAMES = (".cleanup.toml", "pyproject.toml")  # in the order a folder is searched


class Overrides(NamedTuple):
    """What the command line says; `None` leaves the configuration file's value.

    `config_file` is read instead of the files found upward from each article, and
    `isolated` reads no configuration file at all.
    """

    rule_dirs: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] | None = None
    quotes: QuoteStyle | None = None
    dash: DashStyle | None = None
    unsafe_fixes: bool | None = None
    fail_level: Level | None = None
    config_file: str | None = None
    isolated: bool = False
    #: How the runner takes files: standard input as if it were this file (its name
    #: chooses its settings and is shown), and `exclude` applied to named files too.
    stdin_filename: str | None = None
    force_exclude: bool = False
    languagetool: str | None = None  # the server's URL, over the configuration's


NO_OVERRIDES = Overrides()


class FileSettings(NamedTuple):
    """The settings in force for one file, and the configuration file they come from."""

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
        return matches_glob(path, self.base, self.include) and not self.excludes(path)

    def excludes(self, path: str) -> bool:
        """Does `exclude` name this file (what `--force-exclude` applies to named files)?"""
        return matches_glob(path, self.base, self.exclude)


def matches_glob(path: str, base: Path, globs: tuple[str, ...]) -> bool:
    """Does any glob match the path relative to `base`, or the file name alone?

    >>> matches_glob("/a/drafts/x.md", Path("/a"), ("drafts/*",))
    True
    >>> matches_glob("x.md", Path("."), ("*.txt",))
    False
    """
    if not globs:
        return False
    if not os.path.islink(path) and any(fnmatch(os.path.basename(path), g) for g in globs):
        return True  # the file name alone: no need to resolve anything
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
        for name in CONFIG_NAMES:
            found = read_config_file(folder / name)
            if found is not None:
                return found
    return None


def read_config_file(path: Path, *, named: bool = False) -> Found | None:
    """A configuration file's `cleanup` table, read once for as long as it does not change.

    `None` when there is no such file, or it is a `pyproject.toml` without the table;
    a file the user `named` (`--config`) must exist and hold the table.
    """
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as exc:
        if named:
            return Found(path, {}, f"{path}: error: cannot read: {exc.strerror or exc}")
        return None
    found = _read_config_file(path, stamp)
    if found is None and named:
        return Found(path, {}, f"{path}: error: no [tool.cleanup] table")
    return found


@lru_cache(maxsize=256)
def _read_config_file(path: Path, stamp: int) -> Found | None:
    from cleanup.tomlfile import TomlError, read_toml, shown

    try:
        data = read_toml(path)
    except TomlError as exc:
        return Found(path, {}, str(exc))
    if path.name != "pyproject.toml":
        return Found(path, data)
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        return Found(path, {}, f"{path}: error: 'tool' must be a table, not {shown(tool)}")
    table = tool.get("cleanup")
    if table is None:
        return None
    if not isinstance(table, dict):
        return Found(path, {}, f"{path}: error: [tool.cleanup] must be a table, "
                               f"not {shown(table)}")
    return Found(path, table)


class _Folder(NamedTuple):
    """What the configuration says for every file in one folder."""

    source: str | None
    base: Path
    values: dict[str, Any]
    errors: tuple[str, ...]


def _folder(start: Path, overrides: Overrides) -> _Folder:
    if overrides.isolated:
        found = None
    elif overrides.config_file is not None:
        found = read_config_file(Path(overrides.config_file), named=True)
    else:
        found = find_config_file(start)
    source = str(found.path) if found else None
    base = found.path.parent if found else start
    values, errors = _validate(found.table if found else {}, source or "", base)
    if found and found.error:
        errors = (found.error, *errors)
    return _Folder(source, base, values, errors)


def _start(path: str, memo: dict[Any, Any]) -> Path:
    """The folder whose configuration a file takes: its own, after links are followed
    (each folder is resolved once in a run)."""
    if path == "-":
        return Path.cwd()
    if os.path.islink(path):
        try:
            return Path(path).resolve().parent
        except (OSError, RuntimeError):  # a loop: its own folder, and reading it fails
            pass
    folder = os.path.dirname(os.path.abspath(path))
    if folder not in memo:
        memo[folder] = Path(folder).resolve()
    return memo[folder]  # type: ignore[no-any-return]


def settings_for(path: str, overrides: Overrides = NO_OVERRIDES, *,
                 memo: dict[Any, Any] | None = None) -> FileSettings:
    """The configuration in force for a file (or `-`, read from the current folder).

    A run over many files passes a `memo` of its own, so each folder's configuration is
    found and read once in the run (a later edit is seen by the next run).
    """
    memo = {} if memo is None else memo
    start = _start(path, memo)
    if (start, overrides) not in memo:
        memo[start, overrides] = _folder(start, overrides)
    source, base, values, errors = memo[start, overrides]
    select = overrides.select if overrides.select is not None else values.get("select", ())
    if select:  # nothing selected means every rule: extending it changes nothing
        select = (*select, *overrides.extend_select)
    ignore = overrides.ignore if overrides.ignore is not None else values.get("ignore", ())
    per_file = values.get("per-file-ignores", {})
    config = Config(
        quotes=overrides.quotes or values.get("quotes", QuoteStyle.AUTO),
        dash=overrides.dash or values.get("dash", DashStyle.EM),
        rule_dirs=(*values.get("rules", ()), *overrides.rule_dirs),
        select=tuple(select),
        ignore=(*ignore, *(rule for glob, rules in per_file.items()
                           if path != "-" and matches_glob(path, base, (glob,))
                           for rule in rules)),
        unsafe_fixes=overrides.unsafe_fixes if overrides.unsafe_fixes is not None
        else values.get("unsafe-fixes", False),
        fail_level=overrides.fail_level or values.get("fail-level", Level.WARNING),
        unfixable=values.get("unfixable", ()),
        languagetool=_languagetool_for(values.get("languagetool"), overrides.languagetool),
    )
    where = _where(source or "")
    named = [("--select" if overrides.select is not None else f"{where}'select':", select),
             ("--extend-select", overrides.extend_select),
             ("--ignore" if overrides.ignore is not None else f"{where}'ignore':", ignore),
             (f"{where}'unfixable':", config.unfixable),
             (f"{where}'per-file-ignores':", [r for rules in per_file.values() for r in rules])]
    selectors = tuple((rule, origin) for origin, rules in named for rule in rules)
    return FileSettings(config, source, errors, base, values.get("include", DEFAULT_INCLUDE),
                        values.get("exclude", ()), selectors)


def _languagetool_for(configured: LanguageToolSettings | None,
                      url: str | None) -> LanguageToolSettings | None:
    """The server the file asks for, at the URL `--languagetool` gives if it gives one."""
    if url is None:
        return configured
    return (configured or LanguageToolSettings(url))._replace(url=url, local=False)


def _where(source: str) -> str:
    """How an error names the configuration file and table it is about."""
    if not source:
        return ""
    if source.endswith("pyproject.toml"):
        return f"{source}: error: [tool.cleanup] "
    return f"{source}: error: "


def selector_errors(settings: FileSettings, known: frozenset[str]) -> tuple[str, ...]:
    """One error for each rule id or prefix the user named that matches no rule.

    A misspelt `--select nmaes` would otherwise select nothing, and every file would pass.

    >>> s = FileSettings(Config(), None, (), selectors=(("nmaes", "--select"),
    ...                                                 ("names", "--select")))
    >>> selector_errors(s, frozenset({"names/kyiv"}))
    ("error: --select 'nmaes' matches no rule (see `cleanup rules list`)",)
    """
    errors = []
    for rule, origin in settings.selectors:
        if rule.startswith("languagetool/"):
            continue  # LanguageTool's rules are the server's to know
        if not any(rule_matches(known_id, (rule,)) for known_id in known):
            head = f"error: {origin}" if origin.startswith("--") else origin
            errors.append(f"{head} {rule!r} matches no rule (see `cleanup rules list`)")
    return tuple(dict.fromkeys(errors))


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(v, str) and v and "\0" not in v for v in value)


def _rule_table(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(v, list) and all(isinstance(r, str) for r in v) for v in value.values())


def _one_of(choices: type[QuoteStyle] | type[DashStyle] | type[Level]) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, str) and value in set(choices)


class _Key(NamedTuple):
    """How one configuration key is read: is the value good, what to say if it is not
    (with `{key}` and `{value}`), and what a good value becomes (given the file's folder);
    `problems` are errors about a value of the right shape, whose bad part `convert`
    leaves out."""

    check: Callable[[Any], bool]
    message: str
    convert: Callable[[Any, Path], Any]
    problems: Callable[[Any, Path], list[str]] = lambda value, base: []


def _inside(folder: str, base: Path) -> bool:
    """Is the folder, links followed, in the project: under the git repository that holds
    the configuration file (a monorepo's `pkg/pyproject.toml` may name `../shared-rules`),
    or, outside a repository, under the configuration file's folder?"""
    try:
        found, root = (base / folder).resolve(), _project_root(base.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop
        return False
    return found == root or root in found.parents


def _project_root(folder: Path) -> Path:
    """The nearest folder at or above `folder` that holds `.git`; else `folder`. Found by
    looking, not by asking git: a hook starts on every commit."""
    for above in (folder, *folder.parents):
        if (above / ".git").exists():
            return above
    return folder


def _rule_folders(value: list[str], base: Path) -> tuple[str, ...]:
    return tuple(str((base / p).resolve()) for p in value if _inside(p, base))


def _outside(value: list[str], base: Path) -> list[str]:
    """A rule folder a configuration file names must be in its project (its git
    repository, or its folder outside one): a cloned repository's `rules = ["../../x"]`
    or `["/etc"]` would otherwise read, and echo in its errors, files its owner never
    meant as rules. A folder named with `--rules` is the user's own choice, and may be
    anywhere."""
    return [f"'rules': {folder!r} is outside the project ({_project_root(base)}); a rule folder "
            "elsewhere is read only when named with --rules" for folder in value
            if not _inside(folder, base)]


#: The keys of `[tool.cleanup.languagetool]`: the record's fields, spelled as TOML keys.
_LANGUAGETOOL_KEYS = {name.replace("_", "-"): name for name in LanguageToolSettings._fields}


def _languagetool_table(value: Any) -> bool:
    """`[tool.cleanup.languagetool]`: a `url` or `local = true`, strings for `language`,
    `mother-tongue` and `level` (`default` or `picky`), lists of strings for the rules and
    categories, a `timeout` in seconds."""
    if not (isinstance(value, dict) and set(value) <= set(_LANGUAGETOOL_KEYS)
            and (value.get("url") or value.get("local") is True)):
        return False

    def good(key: str, value: Any) -> bool:
        if key == "local":
            return isinstance(value, bool)
        if key == "timeout":
            return isinstance(value, int | float) and not isinstance(value, bool) and value > 0
        return _strings(value) if key.endswith(("rules", "categories")) else isinstance(value, str)

    return all(good(k, v) for k, v in value.items()) and value.get("level", "default") in (
        "default", "picky")


def _languagetool(value: dict[str, Any], base: Path) -> LanguageToolSettings:
    given: dict[str, Any] = {_LANGUAGETOOL_KEYS[k]: tuple(v) if isinstance(v, list) else v
                             for k, v in value.items()}
    return LanguageToolSettings(**given)


_LIST = _Key(_strings, "{key} must be a list of non-empty strings", lambda v, base: tuple(v))
_CANNOT = "{key} cannot be {value}"
_KEYS: dict[str, _Key] = {
    "include": _LIST,
    "exclude": _LIST,
    "rules": _LIST._replace(convert=_rule_folders, problems=_outside),
    "select": _LIST,
    "ignore": _LIST,
    "per-file-ignores": _Key(_rule_table, "{key} must be a table of glob = [rule ids]",
                             lambda v, base: {glob: tuple(rules) for glob, rules in v.items()}),
    "unfixable": _LIST,
    "quotes": _Key(_one_of(QuoteStyle), _CANNOT, lambda v, base: QuoteStyle(v)),
    "dash": _Key(_one_of(DashStyle), _CANNOT, lambda v, base: DashStyle(v)),
    "unsafe-fixes": _Key(lambda v: isinstance(v, bool), _CANNOT, lambda v, base: v),
    "fail-level": _Key(_one_of(Level), _CANNOT, lambda v, base: Level(v)),
    "languagetool": _Key(_languagetool_table, "{key} must be a table with a 'url' (or"
                         " 'local = true') and any of "
                         + ", ".join(repr(k) for k in list(_LANGUAGETOOL_KEYS)[2:])
                         + " (level 'default' or 'picky'; rules and categories as lists;"
                         " timeout in seconds)",
                         _languagetool),
}
KEYS = tuple(_KEYS)


def _shown(value: Any) -> str:
    """A value as an error echoes it, cut short (`tomlfile.shown`, imported for errors
    alone: a hook's start-up counts)."""
    from cleanup.tomlfile import shown

    return shown(value)


def _validate(table: dict[str, Any], source: str, base: Path) -> tuple[dict[str, Any], tuple[
        str, ...]]:
    """The usable values of a `cleanup` table, and one error line for each bad key."""
    values: dict[str, Any] = {}
    errors = []
    where = _where(source)
    for key, value in table.items():
        rule = _KEYS.get(key)
        if rule is None:
            errors.append(f"{where}unknown key {_shown(key)} (known: {', '.join(KEYS)})")
        elif rule.check(value):
            errors += [where + problem for problem in rule.problems(value, base)]
            values[key] = rule.convert(value, base)
        else:
            errors.append(where + rule.message.format(key=_shown(key), value=_shown(value)))
    return values, tuple(errors)


def describe(path: str, settings: FileSettings, rule_count: int) -> str:
    """What `cleanup config PATH` prints: the source, then each setting as TOML."""
    from cleanup.readers import for_path

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
             f"# read as {for_path(path).name}",
             f"walked = {toml(path == '-' or settings.walks(path))}"
             "  # would a folder walk take this file?"]
    lines += [f"{key} = {toml(value)}" for key, value in (
        ("include", settings.include), ("exclude", settings.exclude),
        ("rules", c.rule_dirs), ("select", c.select), ("ignore", c.ignore),
        ("unfixable", c.unfixable), ("quotes", c.quotes.value), ("dash", c.dash.value),
        ("unsafe-fixes", c.unsafe_fixes), ("fail-level", c.fail_level.value))]
    if c.languagetool is not None:
        lines.append("[languagetool]")
        lines += [f"{key} = {toml(getattr(c.languagetool, field))}"
                  for key, field in _LANGUAGETOOL_KEYS.items()
                  if key != "timeout" and getattr(c.languagetool, field) not in ("", ())]
        lines.append(f"timeout = {c.languagetool.timeout:g}")
    return "\n".join(lines)
