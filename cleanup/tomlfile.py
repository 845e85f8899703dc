"""Reading a TOML file, with a parse error turned into one line that names the place.

Configuration and rule files are both TOML; a mistake in either must be an error that
says where it is (`pyproject.toml:3:14: error: …`), never a file read as if absent.
"""

import re
from pathlib import Path
from typing import Any

#: How tomllib says where it failed; read only when it has.
_PLACE = r"^(.*) \(at line (\d+), column (\d+)\)$"


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
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TomlError(shown, f": error: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise TomlError(shown, f": error: not valid UTF-8 (byte offset {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        place = re.match(_PLACE, str(exc))
        if place:
            raise TomlError(shown, f":{place[2]}:{place[3]}: error: {place[1]}") from None
        raise TomlError(shown, f": error: {exc}") from None
