"""Shared test data: the fixture cases, loaded once."""

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Tests never read or write the user's rule cache.
os.environ["CLEANUP_CACHE_DIR"] = tempfile.mkdtemp(prefix="cleanup-test-cache-")

# Property tests check what fix does, not how fast: speed is measured in bench/, and a
# first call that builds the rule caches must not fail a test on time.
settings.register_profile("cleanup", deadline=None)
settings.load_profile("cleanup")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def load_cases(*names: str) -> list[dict[str, Any]]:
    """The cases of the named files in `fixtures/cases` (all files if none are named)."""
    files = [FIXTURES / "cases" / f"{n}.json" for n in names] or sorted(
        (FIXTURES / "cases").glob("*.json"))
    cases = []
    for path in files:
        for case in json.loads(path.read_text(encoding="utf-8")):
            case.setdefault("expected", case["input"])
            case["file"] = path.stem
            cases.append(case)
    return cases


def write_tree(root: Path, files: dict[str, str]) -> None:
    """Write each file (a path relative to `root`, and its text), making its folders."""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """A real LanguageTool server for the session: `$CLEANUP_LANGUAGETOOL_URL` (CI starts
    one), or one started here from the pinned Maven description and stopped at the end."""
    from cleanup import languagetool_server

    given = os.environ.get("CLEANUP_LANGUAGETOOL_URL")
    if given:
        yield given.rstrip("/")
        return
    port = languagetool_server.free_port()
    languagetool_server.start(port)
    try:
        yield languagetool_server.url(port)
    finally:
        languagetool_server.stop(port)
