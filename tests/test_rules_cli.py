"""Rules as a user meets them: their own folders, configuration, selection, bad files."""

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cleanup.cli import app

runner = CliRunner()

HOUSE_RULES = '''
description = "Our house spellings."

[[rule]]
id = "rosoboronexport"
kind = "name"
message = "house style: ROE"
canonical = "ROE"
variants = ["Rosoboronexport", "Rosoboroexport"]
why = "We abbreviate."
source = "Our style guide"
examples = [{ text = "Rosoboronexport said", expected = "ROE said" }]
ok = ["ROE said"]

[[rule]]
id = "gosdep"
kind = "substitute"
fix = "unsafe"
message = "the State Department, not Gosdep"
pattern = "Gosdep"
replacement = "the State Department"
why = "Russian slang for the US State Department."
source = "Our style guide"
examples = ["Gosdep said so."]
ok = ["The State Department said so."]
'''


def run(*args: str, stdin: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=stdin)


@pytest.fixture
def house(tmp_path: Path) -> Path:
    folder = tmp_path / "house"
    folder.mkdir()
    (folder / "names.toml").write_text(HOUSE_RULES, encoding="utf-8")
    return folder


def test_user_rule_with_the_same_id_replaces_the_built_in(house: Path) -> None:
    result = run("fix", "--rules", str(house), "-", stdin="Rosoboroexport said so.")
    assert result.stdout == "ROE said so."


def test_unsafe_fix_only_with_the_flag(house: Path) -> None:
    """fix = "unsafe" is a suggestion until --unsafe-fixes; then it is applied."""
    plain = run("fix", "--rules", str(house), "-", stdin="Gosdep said so.")
    assert plain.stdout == "Gosdep said so." and "names/gosdep" in plain.stderr
    unsafe = run("fix", "--rules", str(house), "--unsafe-fixes", "-", stdin="Gosdep said so.")
    assert unsafe.stdout == "the State Department said so."


def test_configuration_is_found_upward_from_the_file(tmp_path: Path, house: Path) -> None:
    """[tool.cleanup] in a parent's pyproject.toml sets rule folders (relative to it)."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.cleanup]\nrules = ["house"]\nignore = ["calques"]\n', encoding="utf-8")
    article = tmp_path / "articles" / "a.txt"
    article.parent.mkdir()
    article.write_text("Rosoboroexport said. Recall that it rained.\n", encoding="utf-8")
    result = run("fix", str(article))
    assert article.read_text(encoding="utf-8") == "ROE said. Recall that it rained.\n"
    assert result.exit_code == 0, result.output


def test_dot_cleanup_toml_wins_and_cli_overrides_it(tmp_path: Path) -> None:
    (tmp_path / ".cleanup.toml").write_text('select = ["spacing"]\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("for $ 5, “A, ”he said.\n", encoding="utf-8")
    assert "quotes/" not in run("check", str(article)).stdout
    assert "quotes/detached-closing" in run("check", "--select", "quotes",
                                            str(article)).stdout


def test_unknown_configuration_key_is_an_error(tmp_path: Path) -> None:
    (tmp_path / ".cleanup.toml").write_text('selct = ["x"]\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("for $ 5\n", encoding="utf-8")
    result = run("fix", str(article))
    assert result.stderr.startswith(f"{tmp_path / '.cleanup.toml'}: error: unknown key 'selct'")
    assert result.exit_code == 2
    assert article.read_text(encoding="utf-8") == "for $5\n"  # the run went on


@pytest.mark.parametrize("args, present, absent", [
    (["--select", "names"], "names/triumf", "calques/"),
    (["--ignore", "names,calques/recall-that"], "calques/the-x-side", "names/"),
    (["--select", "calques/recall-that"], "calques/recall-that", "calques/the-x-side"),
])
def test_select_and_ignore_take_ids_and_prefixes(args: list[str], present: str,
                                                 absent: str) -> None:
    text = "The S-400 Triumph. Recall that the Turkish side agreed.\n"
    result = run("check", *args, "-", stdin=text)
    assert present in result.stdout and absent not in result.stdout


def test_malformed_rules_are_all_reported_and_the_rest_still_run(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "mixed.toml").write_text('''
[[rule]]
id = "no-message"
kind = "flag"
phrases = ["x"]

[[rule]]
id = "bad-kind"
kind = "spell"
message = "m"

[[rule]]
id = "bad-pattern"
kind = "flag"
message = "m"
pattern = "(unclosed"

[[rule]]
id = "fine"
kind = "flag"
message = "a fine rule"
phrases = ["frobnicate"]
''', encoding="utf-8")
    (folder / "broken.toml").write_text('[[rule]]\nid = "x\n', encoding="utf-8")
    result = run("check", "--rules", str(folder), "-", stdin="We frobnicate.\n")
    errors = result.stderr.splitlines()
    assert any(e.startswith(f"{folder}/broken.toml:2:") and ": error: " in e for e in errors)
    assert any("rule 'no-message': error: 'message' is required" in e for e in errors)
    assert any("rule 'bad-kind': error: 'kind' must be one of" in e for e in errors)
    assert any("rule 'bad-pattern': error: 'pattern' is not a valid regular expression" in e
               for e in errors)
    assert "mixed/fine" in result.stdout
    assert result.exit_code == 2


def test_rules_list_shows_every_rule() -> None:
    result = run("rules", "list")
    lines = result.stdout.splitlines()
    assert any(line.startswith("names/rosoboronexport") and " name " in line for line in lines)
    assert any(line.startswith("quotes/style") and " code " in line for line in lines)
    data = json.loads(run("rules", "list", "--format", "json").stdout)
    assert {"id": "residue/photo-block", "kind": "remove", "fix": "safe",
            "message": "a caption and photo-credit block scraped with the article"} in data


def test_rules_show_explains_a_rule() -> None:
    result = run("rules", "show", "calques/no-analogues")
    assert result.stdout.startswith("calques/no-analogues (flag, fix: suggest)")
    for part in ("why:", "source:", "evidence:", "finds:", "passes:"):
        assert part in result.stdout
    assert run("rules", "show", "nope/nothing").exit_code == 2


def test_rules_test_runs_a_folders_examples(house: Path, tmp_path: Path) -> None:
    assert run("rules", "test", str(house)).stdout.endswith("2 rules, 4 examples: all pass\n")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "names.toml").write_text(HOUSE_RULES.replace('expected = "ROE said"',
                                                           'expected = "RO said"'),
                                       encoding="utf-8")
    result = run("rules", "test", str(broken))
    assert "example 1 fixes to 'ROE said', not 'RO said'" in result.stdout
    assert result.exit_code == 1


def test_consistency_reports_each_pair_once_with_both_counts() -> None:
    text = ("Shoigu met them. Later Shoygu left. Shoigu said so. Peskov and Peskow.\n"
            "Sergey Ivanov and Sergei Ivanov. SERGEY IVANOV.\n")
    result = run("check", "--select", "names", "-", stdin=text)
    assert "names/consistency ‘Peskov’ (1×) and ‘Peskow’ (1×)" in result.stdout
    assert result.stdout.count("names/consistency ‘Sergei’ (1×) and ‘Sergey’ (2×)") == 1
    # A name rule covers Shoygu (and fixes it), so the consistency check leaves it alone.
    assert "names/consistency ‘Shoygu’" not in result.stdout
    assert "names/shoigu [*]" in result.stdout


@pytest.mark.parametrize("config_name, config_text", [
    ("pyproject.toml", '[tool.cleanup]\nrules = ["house"]\n'),
    (".cleanup.toml", 'rules = ["house"]\n'),
])
def test_rules_commands_use_the_configured_rule_folders(
        tmp_path: Path, house: Path, monkeypatch: pytest.MonkeyPatch, config_name: str,
        config_text: str) -> None:
    """`rules list/show/test` see the rule folders of the configuration found for the
    current folder, as `check` does for a file there."""
    (tmp_path / config_name).write_text(config_text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert "names/gosdep" in run("check", "-", stdin="Gosdep said so.").stdout
    listed = run("rules", "list")
    assert any(line.startswith("names/gosdep ") for line in listed.stdout.splitlines())
    shown = run("rules", "show", "names/gosdep")
    assert shown.exit_code == 0 and "Russian slang for the US State Department." in shown.stdout
    tested = run("rules", "test")
    assert tested.exit_code == 0 and "all pass" in tested.stdout
    assert run("rules", "show", "names/gosdep", "--isolated").exit_code == 2


def test_rules_commands_report_a_bad_configuration(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".cleanup.toml").write_text('rules = ["missing-folder"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("rules", "list")
    assert "missing-folder" in result.stderr and result.exit_code == 2


@pytest.mark.parametrize("output_format", ["sarif", "github", "concise"])
def test_rules_list_refuses_a_format_it_cannot_print(output_format: str) -> None:
    """`rules list` prints text or JSON; another format is a usage error, not text."""
    result = run("rules", "list", "--format", output_format)
    assert result.exit_code == 2 and result.stdout == ""


def test_rules_show_explains_a_code_rule_by_its_docstring() -> None:
    result = run("rules", "show", "spacing/currency")
    assert result.stdout.startswith("spacing/currency (code, fix: safe)")
    assert ">>> " in result.stdout and "Built into the code" not in result.stdout
