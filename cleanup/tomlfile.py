"""Reading a TOML file, with a parse error turned into one line that names the place.

Configuration and rule files are both TOML; a mistake in either must be an error that
says where it is (`pyproject.toml:3:14: error: …`), never a file read as if absent.
Only a regular file of at most `MAX_BYTES` is read: a FIFO named `x.toml` would block
the run forever, `/dev/zero` would fill memory, and `tomllib` recurses once per level of
nesting, so a file of nothing but `[[[[…` would end in a traceback.
"""

import re
from pathlib import Path
from typing import Any

from cleanup.files import read_regular

#: How tomllib says where it failed; read only when it has.
_PLACE = r"^(.*) \(at line (\d+), column (\d+)\)$"
#: The largest TOML file we read: the built-in rule files hold 100 rules in under 100 kB;
#: 2 MB is ten thousand rules, which load in a few seconds.
MAX_BYTES = 2_000_000


class TomlError(ValueError):
    """A TOML file that cannot be read; the message is one `path:line:col: error:` line,
    and `detail` is what follows the path."""

    def __init__(self, shown: str, detail: str) -> None:
        super().__init__(shown + detail)
        self.detail = detail


def read_toml(path: Path, name: str | None = None) -> dict[str, Any]:
    """The file's table, or `TomlError` naming `name` (the path as shown) and the place.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
    ...     _ = f.write("[tool.cleanup\\n")
    >>> try: read_toml(Path(f.name), "pyproject.toml")
    ... except TomlError as exc: print(exc)
    pyproject.toml:1:14: error: Expected ']' at the end of a table declaration
    >>> os.unlink(f.name)
    """
    import tomllib  # only where a file is found: the hook's start-up counts

    shown = name or str(path)
    try:
        return tomllib.loads(read_bytes(path).decode("utf-8"))
    except OSError as exc:
        raise TomlError(shown, f": error: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise TomlError(shown, f": error: not valid UTF-8 (byte offset {exc.start})") from None
    except RecursionError:
        raise TomlError(shown, ": error: nested too deeply to read") from None
    except tomllib.TOMLDecodeError as exc:
        place = re.match(_PLACE, str(exc))
        if place:
            raise TomlError(shown, f":{place[2]}:{place[3]}: error: {place[1]}") from None
        raise TomlError(shown, f": error: {exc}") from None


def shown(value: object, most: int = 60) -> str:
    """A value as an error line echoes it: its repr, cut short (a TOML file may hold a 50 MB
    string where an id should be).

    >>> shown("x" * 100)[-20:], shown([[[1]]] * 9)
    ("x'… (100 characters)", '[[[...]], [[...]], [[...]], [[...]], ...]')
    >>> shown("kyiv")
    "'kyiv'"
    """
    if isinstance(value, str):
        return repr(value) if len(value) <= most else \
            f"{value[:most]!r}… ({len(value)} characters)"
    import reprlib  # only for an error about a value that is no string

    short = reprlib.Repr()
    short.maxlevel, short.maxlist, short.maxdict, short.maxstring = 2, 4, 4, most
    return short.repr(value)


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most `MAX_BYTES`; `OSError` saying why not."""
    data, _ = read_regular(path, MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise OSError(f"over {MAX_BYTES:,} bytes, the most a TOML file may hold here")
    return data
