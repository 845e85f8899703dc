"""The wheel carries the built-in rules: exactly the rule files git tracks, no strays."""

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT

from cleanup.rule_files import builtin_rules_dir


def _tracked_rule_files() -> set[str]:
    listed = subprocess.run(["git", "ls-files", "rules"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.split()
    return {Path(p).name for p in listed}


def test_wheel_holds_exactly_the_tracked_rule_files(tmp_path: Path) -> None:
    """Build the wheel (hatchling, as pip does) and list what it packs under cleanup/_rules."""
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d",
                    str(tmp_path)], cwd=ROOT, check=True, capture_output=True)
    wheel = next(tmp_path.glob("*.whl"))
    packed = {Path(n).name for n in zipfile.ZipFile(wheel).namelist()
              if n.startswith("cleanup/_rules/")}
    assert packed == _tracked_rule_files()
    assert all(name.endswith(".toml") for name in packed)


def test_builtin_rules_dir_is_found() -> None:
    """In a checkout (or an editable install) the built-in rules are the top-level folder."""
    folder = builtin_rules_dir()
    assert {p.name for p in folder.glob("*.toml")} >= {"names.toml", "calques.toml",
                                                      "residue.toml"}
