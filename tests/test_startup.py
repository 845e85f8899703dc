"""Start-up is a tested property: a pre-commit hook starts on every commit."""

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("language_tool_python", "hypothesis", "pytest")

PROBE = """
import json, runpy, sys
sys.argv = ["cleanup", *sys.argv[1:]]
try:
    runpy.run_module("cleanup", run_name="__main__")
except SystemExit:
    pass
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def _modules_after(*args: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                            text=True, check=True)
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_fix_imports_no_heavy_module(tmp_path: Path) -> None:
    """`cleanup fix` on a small file loads neither LanguageTool nor the test libraries,
    nor ftfy or tree-sitter while no line needs them."""
    path = tmp_path / "a.txt"
    path.write_text("for $ 5 and “quotes”\n", encoding="utf-8")
    loaded = _modules_after("fix", str(path))
    assert "cleanup" in loaded
    assert not loaded & {*HEAVY, "ftfy", "tree_sitter"}


def test_markdown_without_damage_does_not_load_ftfy(tmp_path: Path) -> None:
    """What Markdown masks (a bullet, a link, code) is no encoding damage: ftfy stays out."""
    path = tmp_path / "a.md"
    path.write_text("- one item with a [link](http://x.org)\n- two `code`\n\n"
                    "Plain paragraph with $ 5.\n", encoding="utf-8")
    loaded = _modules_after("check", str(path))
    assert "tree_sitter" in loaded and "ftfy" not in loaded


def test_ftfy_and_tree_sitter_load_when_needed(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("Mojibake: â€œyesâ€\u009d\n", encoding="utf-8")
    loaded = _modules_after("check", str(path))
    assert {"ftfy", "tree_sitter"} <= loaded


def test_help_does_not_load_the_pipeline() -> None:
    """`--help` and `--version` need neither ftfy nor the rules, nor even `regex`."""
    for args in (["--help"], ["--version"], ["fix", "--help"]):
        loaded = _modules_after(*args)
        assert not loaded & {*HEAVY, "ftfy", "regex"}, args
