"""`fix_and_check` against its two-call path (`fix_and_explain`, then `check_text` on the
fixed text) on every article of `../shared/data/realworld-dev/`, and the seed: the same
fixed text, steps and findings, or the articles where they differ.

Not a test: the tests must pass without ../shared.

    python eval/fix_and_check.py [FOLDER]
"""

import sys
from pathlib import Path

from cleanup import check_text, fix_and_explain
from cleanup.pipeline import fix_and_check

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "data" / "realworld-dev" / "articles"


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ARTICLES
    paths = [*sorted(folder.glob("*.txt")), *sorted((ROOT / "seeds").glob("*.txt"))]
    if not paths:
        sys.exit(f"no articles in {folder}")
    differ = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        fixed = fix_and_explain(text)
        if fix_and_check(text) != (fixed, check_text(fixed.text)):
            differ.append(path)
    for path in differ:
        print(f"differs: {path}")
    print(f"{len(paths) - len(differ)} of {len(paths)} texts: fix_and_check equals "
          "fix_and_explain + check_text")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
