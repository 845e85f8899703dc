"""cleanup: repair machine-translated news articles.

The library API: `fix_text` and `check_text` take a string and a `Config`;
`fix_and_explain` also says which rule made each edit. They load on first use, so that
`cleanup --help` and `--version` do not import ftfy and the rules.
"""

from typing import TYPE_CHECKING, Any

from cleanup.config import Config

if TYPE_CHECKING:
    from cleanup.findings import Finding
    from cleanup.pipeline import check_text, fix_and_explain, fix_text

__version__ = "0.1.0"

__all__ = ["Config", "Finding", "__version__", "check_text", "fix_and_explain", "fix_text"]
_LAZY = {"check_text": "pipeline", "fix_and_explain": "pipeline", "fix_text": "pipeline",
         "Finding": "findings"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"cleanup.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'cleanup' has no attribute {name!r}")
