"""The README tells the truth: commands, rules, exit codes, and the CI's test command."""

import re

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from cleanup.cli import app
from cleanup.pipeline import RULE_IDS
from cleanup.report import ExitCode

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_setup_commands() -> None:
    """The first code block runs the seed article; the second runs the tests."""
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", README, re.S)
    assert "cleanup fix --diff seeds/000_e45498a51890010d.txt" in blocks[0]
    assert "pytest" in blocks[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", README, re.S)
    command = blocks[1].strip()
    assert command in ci


def test_every_command_is_in_the_readme() -> None:
    for command in app.registered_commands:
        name = command.name or getattr(command.callback, "__name__", "")
        assert f"cleanup {name}" in README
    for group in app.registered_groups:
        for command in group.typer_instance.registered_commands:  # type: ignore[union-attr]
            assert f"cleanup {group.name} {command.name}" in README


def test_every_rule_is_in_the_readme() -> None:
    for rule_id in RULE_IDS:
        assert f"`{rule_id}`" in README, rule_id


def test_every_exit_code_is_in_the_readme() -> None:
    for code in ExitCode:
        assert re.search(rf"\|\s*{code.value}\s*\|", README), code


def test_readme_before_and_after_is_the_real_output(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The seed diff shown in the README is what `cleanup fix --diff` prints today."""
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["fix", "--diff", "seeds/000_e45498a51890010d.txt"])
    shown = README.split("<!-- seed-diff -->")[1]
    for line in shown.split("```")[1].splitlines()[1:]:
        assert line in result.stdout.splitlines(), line


def test_every_option_of_fix_and_check_is_in_the_readme() -> None:
    """Each option a user can give `fix` or `check` is in the README's option table."""
    import typer.main

    group = typer.main.get_command(app)
    for name in ("fix", "check"):
        command = group.commands[name]  # type: ignore[attr-defined]
        for param in command.params:
            for option in param.opts:
                if option.startswith("--") and option not in ("--help",):
                    assert f"`{option}" in README or f"{option}`" in README, (name, option)
