"""The pre-commit hook with the real pre-commit framework, as an article repository uses it.

pre-commit clones this project at its committed HEAD and installs it in a virtual
environment of its own, from the package registry, the first time: that takes a minute.
"""

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

BROKEN_MD = """---
title: "S-400 deal"
---

# Ankara buys more

“We hope to sign this year, ”Mikheev told RIA Novosti.

The general director of Rosoboroexport spoke about a deal for $ 2.5 billion.

<!-- cleanup: ignore calques/recall-that -->
Recall that the first contract was signed in 2017.
"""
FIXED_MD = BROKEN_MD.replace(", ”Mikheev", ",” Mikheev").replace(
    "Rosoboroexport", "Rosoboronexport").replace("$ 2.5", "$2.5")
BROKEN_TXT = "The deal is worth $ 5 billion , the agency said.\r\n"
FIXED_TXT = "The deal is worth $5 billion, the agency said.\r\n"
CLEAN_MD = "“We agree,” the minister said.\n\n```\nkeep  this ,as is\n```\n"


def _git(repo: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-c", "user.name=Editor", "-c", "user.email=e@example.org",
                           *args], cwd=repo, env=env, capture_output=True, text=True)


def test_hook_fixes_a_commit_then_lets_the_next_one_through(tmp_path: Path) -> None:
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.strip()
    repo = tmp_path / "articles"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "CLEANUP_CACHE_DIR": str(tmp_path / "cache"), "PRE_COMMIT_COLOR": "never"}
    _git(repo, "init", "-q", env=env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {ROOT}\n  rev: {rev}\n  hooks:\n  - id: cleanup-fix\n",
        encoding="utf-8")
    (repo / "a.md").write_text(BROKEN_MD, encoding="utf-8")
    (repo / "b.txt").write_bytes(BROKEN_TXT.encode())
    (repo / "c.md").write_text(CLEAN_MD, encoding="utf-8")
    clean_before = (repo / "c.md").stat()
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env,
                   check=True, capture_output=True)
    _git(repo, "add", "-A", env=env)

    first = _git(repo, "commit", "-m", "Add articles", env=env)
    assert first.returncode != 0, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout + first.stderr
    assert (repo / "a.md").read_text(encoding="utf-8") == FIXED_MD
    assert (repo / "b.txt").read_bytes() == FIXED_TXT.encode()
    clean_after = (repo / "c.md").stat()
    assert (repo / "c.md").read_text(encoding="utf-8") == CLEAN_MD
    assert (clean_after.st_ino, clean_after.st_mtime_ns) == (clean_before.st_ino,
                                                             clean_before.st_mtime_ns)

    _git(repo, "add", "-A", env=env)
    second = _git(repo, "commit", "-m", "Add articles", env=env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout + second.stderr
