"""Configuration files: `.cleanup.toml` or `[tool.cleanup]` in `pyproject.toml`, found upward.

For each file we walk up from its folder and take the nearest folder that has either a
`.cleanup.toml` or a `pyproject.toml` with a `[tool.cleanup]` table (`.cleanup.toml`
first, as ruff prefers `.ruff.toml`). Rule folders in it are relative to it. The
command line overrides it: `--select`, `--ignore`, `--quotes`, `--dash` replace the
file's values, and `--rules` folders come after the file's.

```toml
[tool.cleanup]
rules = ["house-rules"]
select = ["names", "quotes"]
ignore = ["calques/at-the-same-time"]
quotes = "curly"
dash = "em"
unsafe-fixes = false
fail-level = "warning"
```
"""

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from cleanup.config import Config, DashStyle, QuoteStyle
from cleanup.findings import Level

MARKDOWN_SUFFIXES = (".md", ".markdown")
KEYS = ("rules", "select", "ignore", "quotes", "dash", "unsafe-fixes", "fail-level")


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


def find_config_file(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest configuration at or above `start`, with its `cleanup` table."""
    for folder in [start, *start.parents]:
        found = _read_folder(folder)
        if found is not None:
            return found
    return None


@lru_cache(maxsize=256)
def _read_folder(folder: Path) -> tuple[Path, dict[str, Any]] | None:
    dotfile, pyproject = folder / ".cleanup.toml", folder / "pyproject.toml"
    if dotfile.is_file():
        return dotfile, _load(dotfile)
    if pyproject.is_file():
        table = _load(pyproject).get("tool", {}).get("cleanup")
        if isinstance(table, dict):
            return pyproject, table
    return None


def _load(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {"__error__": str(exc)}


NO_OVERRIDES = Overrides()


def settings_for(path: str, overrides: Overrides = NO_OVERRIDES) -> Settings:
    """The configuration in force for a file (or `-`, read from the current folder)."""
    start = Path.cwd() if path == "-" else Path(path).resolve().parent
    found = find_config_file(start)
    table: dict[str, Any] = found[1] if found else {}
    source = str(found[0]) if found else None
    values, errors = _validate(table, source or "", found[0].parent if found else start)
    select = overrides.select if overrides.select is not None else values.get("select", ())
    ignore = overrides.ignore if overrides.ignore is not None else values.get("ignore", ())
    config = Config(
        quotes=overrides.quotes or values.get("quotes", QuoteStyle.AUTO),
        dash=overrides.dash or values.get("dash", DashStyle.EM),
        rule_dirs=(*values.get("rules", ()), *overrides.rule_dirs),
        select=tuple(select), ignore=tuple(ignore),
        unsafe_fixes=overrides.unsafe_fixes if overrides.unsafe_fixes is not None
        else values.get("unsafe-fixes", False),
        fail_level=overrides.fail_level or values.get("fail-level", Level.WARNING),
        markdown=path.lower().endswith(MARKDOWN_SUFFIXES),
    )
    return Settings(config, source, errors)


def _validate(table: dict[str, Any], source: str, base: Path) -> tuple[dict[str, Any], tuple[
        str, ...]]:
    """The usable values of a `cleanup` table, and one error line for each bad key."""
    if "__error__" in table:
        return {}, (f"{source}: error: {table['__error__']}",)
    values: dict[str, Any] = {}
    errors = []
    for key, value in table.items():
        where = f"{source}: error: [tool.cleanup] " if source.endswith("pyproject.toml") \
            else f"{source}: error: "
        if key not in KEYS:
            errors.append(f"{where}unknown key {key!r} (known: {', '.join(KEYS)})")
        elif key in ("rules", "select", "ignore"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                errors.append(f"{where}{key!r} must be a list of strings")
            else:
                values[key] = tuple(str((base / v).resolve()) if key == "rules" else v
                                    for v in value)
        elif key == "quotes" and value in set(QuoteStyle):
            values[key] = QuoteStyle(value)
        elif key == "dash" and value in set(DashStyle):
            values[key] = DashStyle(value)
        elif key == "unsafe-fixes" and isinstance(value, bool):
            values[key] = value
        elif key == "fail-level" and value in set(Level):
            values[key] = Level(value)
        else:
            errors.append(f"{where}{key!r} cannot be {value!r}")
    return values, tuple(errors)
