"""cleanup: repair machine-translated news articles.

The library API: `fix_text` and `check_text` take a string and a `Config`;
`fix_and_explain` also says which rule made each edit.
"""

from cleanup.config import Config
from cleanup.findings import Finding
from cleanup.pipeline import check_text, fix_and_explain, fix_text

__version__ = "0.1.0"

__all__ = ["Config", "Finding", "__version__", "check_text", "fix_and_explain", "fix_text"]
