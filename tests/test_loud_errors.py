"""No mistake passes in silence: bad configuration, bad rules, slow rules and our own bugs
each give one error line naming the file, exit 2, and the rest of the run goes on."""

import os
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cleanup import pipeline
from cleanup.cli import app

runner = CliRunner()
DEFECT = "It cost $ 5.\n"


def run(*args: str, stdin: str | bytes | None = None) -> Any:
    return runner.invoke(app, list(args), input=stdin)


def _rule(kind: str, **keys: str) -> str:
    body = "".join(f"{k} = '''{v}'''\n" for k, v in keys.items())
    return f'[[rule]]\nid = "r"\nkind = "{kind}"\nmessage = "m"\n{body}'


#: A rule file that must be refused at load, and what its error line must say.
BAD_RULES = [
    ("a group the replacement names is missing",
     _rule("substitute", pattern=r"(\d+) bln", replacement=r"\2 billion", fix="safe"),
     "'replacement' is not valid for this pattern"),
    ("a named group the replacement names is missing",
     _rule("substitute", pattern=r"(?P<n>\d+) bln", replacement=r"\g<m> billion"),
     "'replacement' is not valid"),
    ("a pattern that matches the empty string", _rule("flag", pattern="x*"),
     "matches the empty string"),
    ("a pattern that is only a lookahead", _rule("flag", pattern="(?=a)", boundary="none"),
     "matches the empty string"),
    ("a numbered back-reference", _rule("flag", pattern=r"(\w+) \1"),
     "refers back to a group by number"),
    ("a verbose comment that swallows the joining bracket",
     _rule("flag", pattern="(?x) foo  # a comment"), "not a valid regular expression"),
    ("an unbalanced bracket", _rule("flag", pattern="(foo"), "not a valid regular expression"),
    ("a condition on a group by number", _rule("flag", pattern="(a)?(?(1)b|c)"),
     "refers back to a group by number"),
    ("a variant of nothing but white space",
     '[[rule]]\nid = "r"\nkind = "name"\nmessage = "m"\ncanonical = "X"\nvariants = [" "]\n',
     "'variants' must be a list of non-empty strings"),
]


@pytest.mark.parametrize(("label", "body", "error"), BAD_RULES, ids=[b[0] for b in BAD_RULES])
def test_a_bad_rule_is_refused_at_load(tmp_path: Path, label: str, body: str,
                                       error: str) -> None:
    """The bad rule is one error line naming file and rule; the other rules still run."""
    (tmp_path / "mine.toml").write_text(body, encoding="utf-8")
    result = run("fix", "--rules", str(tmp_path), "-", stdin="It cost $ 5 bln, foo foo.")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and "mine.toml: rule 'r': error:" in errors[0]
    assert error in errors[0]
    assert result.stdout.startswith("It cost $5 bln")


def test_a_user_alternation_is_found_in_every_branch(tmp_path: Path) -> None:
    """`foo|bar` is two words a match may start with, not a common prefix `foo`."""
    (tmp_path / "alt.toml").write_text(_rule("flag", pattern="foo|bar"), encoding="utf-8")
    for text in ("a foo b", "a bar b"):
        result = run("check", "--rules", str(tmp_path), "--select", "alt", "-", stdin=text)
        assert "alt/r" in result.stdout, text


def test_a_pattern_that_backtracks_without_end_is_stopped(tmp_path: Path) -> None:
    """The rule and file are named, the file is still checked by the other rules, and the
    next file goes on."""
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "slow.toml").write_text(
        _rule("flag", pattern="(a+)+$", boundary="none"), encoding="utf-8")
    slow, fine = tmp_path / "slow.txt", tmp_path / "fine.txt"
    slow.write_text("It cost $ 5. " + "a" * 5000 + "!\n", encoding="utf-8")
    fine.write_text(DEFECT, encoding="utf-8")
    result = run("check", "--rules", str(tmp_path / "rules"), str(slow), str(fine))
    assert result.exit_code == 2
    assert f"{slow}: error: rule 'slow/r' took over" in result.stderr
    assert f"{slow}:1:10: spacing/currency" in result.stdout
    assert f"{fine}:1:10: spacing/currency" in result.stdout


def test_an_invalid_pyproject_is_an_error_not_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.cleanup\nquotes = "curly"\n')
    (tmp_path / "a.txt").write_text(DEFECT)
    result = run("check", str(tmp_path / "a.txt"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'pyproject.toml'}:1:14: error: Expected ']'" in result.stderr
    assert run("config", str(tmp_path / "a.txt")).exit_code == 2


@pytest.mark.parametrize("args", [["--select", "nmaes"], ["--ignore", "calqes"],
                                  ["--select", "names,spacing/curency"]])
def test_a_selector_that_matches_no_rule_is_an_error(args: list[str]) -> None:
    result = run("check", *args, "-", stdin=DEFECT)
    assert result.exit_code == 2
    assert "matches no rule" in result.stderr


@pytest.mark.parametrize("key", ["select", "ignore", "unfixable"])
def test_a_misspelt_id_in_configuration_is_an_error(tmp_path: Path, key: str) -> None:
    (tmp_path / ".cleanup.toml").write_text(f'{key} = ["names", "nmaes"]\n')
    (tmp_path / "a.txt").write_text(DEFECT)
    result = run("check", str(tmp_path / "a.txt"))
    assert result.exit_code == 2
    assert f".cleanup.toml: error: '{key}': 'nmaes' matches no rule" in result.stderr


def test_prefixes_and_user_rule_ids_are_known(tmp_path: Path) -> None:
    (tmp_path / "house.toml").write_text(_rule("flag", pattern="foo"), encoding="utf-8")
    for selector in ("names", "names/", "spacing/currency", "house", "house/r"):
        result = run("check", "--rules", str(tmp_path), "--select", selector, "-", stdin="x")
        assert result.exit_code == 0, (selector, result.stderr)


def test_a_fix_that_does_not_settle_is_left_out_for_its_file(tmp_path: Path) -> None:
    """A replacement its pattern finds again, on words none of the rule's own texts hold
    (so loading could not see it loop): the rule is left out of that file with one error
    line, and every other fix is made, there and in the next file."""
    (tmp_path / "grow.toml").write_text(
        '[[rule]]\nid = "r"\nkind = "substitute"\nmessage = "m"\nfix = "safe"\n'
        'pattern = "(?P<a>Alpha)"\nreplacement = "\\\\g<a> \\\\g<a>"\n', encoding="utf-8")
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Alpha said so. It cost $ 5.\n")
    second.write_text(DEFECT)
    result = run("fix", "--rules", str(tmp_path), str(first), str(second))
    assert result.exit_code == 2
    assert result.stderr == (f"{first}: error: rule 'grow/r' kept changing the text for 10 "
                             "passes (fixes that undo or redo each other's?); left out for "
                             "this file\n")
    assert first.read_text() == "Alpha said so. It cost $5.\n"
    assert second.read_text() == "It cost $5.\n"


def test_a_fix_that_erodes_the_text_pass_after_pass_is_left_out(tmp_path: Path) -> None:
    """A rule that takes one word a pass, each pass under the share one may delete, would
    empty the article over the passes: it is left out, and the article keeps its words."""
    (tmp_path / "chop.toml").write_text(
        '[[rule]]\nid = "r"\nkind = "substitute"\nmessage = "m"\nfix = "safe"\n'
        "boundary = 'none'\npattern = '[a-z]+ (?=end)'\nreplacement = ''\n", encoding="utf-8")
    path = tmp_path / "a.txt"
    text = "".join(f"aa bb cc dd ee ff gg hh ii jj end, at $ {n}.\n" for n in range(12))
    path.write_text(text)
    result = run("fix", "--rules", str(tmp_path), str(path))
    assert result.exit_code == 2
    assert "rule 'chop/r' deleted over half of the text's letters and digits, pass after " \
        "pass; left out for this file" in result.stderr
    assert path.read_text() == text.replace("$ ", "$")


def test_a_crash_in_a_fix_is_reported_for_its_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str) -> str:
        raise ValueError("boom")

    real = pipeline.fix_and_check
    monkeypatch.setattr("cleanup.tasks.fix_and_check",
                        lambda text, config, **options: broken(text) if "boom" in text
                        else real(text, config, **options))
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("boom $ 5\n")
    second.write_text(DEFECT)
    result = run("fix", str(first), str(second))
    assert result.exit_code == 2
    assert f"{first}: error: internal error, file left as it was (ValueError: boom)" \
        in result.stderr
    assert second.read_text() == "It cost $5.\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_file_that_cannot_be_written_is_not_counted_as_fixed(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "a.txt").write_text(DEFECT)
    folder.chmod(0o555)
    try:
        result = run("fix", str(folder / "a.txt"))
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 2
    assert "cannot write" in result.stderr
    assert "Fixed 0 issues in 0 files of 1; 1 error." in result.stdout


def test_a_failed_write_is_not_counted_as_fixed_even_as_root(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same, with the write failing as a full disk would make it fail."""
    def full(path: str, data: bytes, **_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("cleanup.tasks.write_atomic", full)
    (tmp_path / "a.txt").write_text(DEFECT)
    result = run("fix", "--format", "json", str(tmp_path / "a.txt"))
    assert result.exit_code == 2
    assert "cannot write: No space left on device" in result.stderr
    assert "cannot write: No space left on device" in result.stdout  # in the JSON errors


def test_undecodable_standard_input_passes_through_a_filter() -> None:
    data = "It cost $ 5 and caf\u00e9.\n".encode("latin-1")
    result = runner.invoke(app, ["fix", "-"], input=data)
    assert result.exit_code == 2
    assert result.stdout_bytes == data
    assert "-:1:20: error: not valid UTF-8" in result.stderr


def test_a_nul_anywhere_makes_a_file_binary(tmp_path: Path) -> None:
    """git looks at the first 8,000 bytes; a NUL after them must not reach the fixes."""
    data = ("It cost $ 5.\n" * 1000).encode() + b"\0tail\n"
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    result = run("fix", str(path))
    assert "skipped: binary file" in result.stderr
    assert path.read_bytes() == data


def test_an_all_caps_name_already_right_is_no_edit() -> None:
    """A variant whose upper case is the canonical's upper case makes no edit, and no
    endless loop."""
    result = run("fix", "-", stdin="URALVAGONZAVOD SAID SO. UralVagonZavod said so.\n")
    assert result.exit_code == 0
    assert result.stdout == "URALVAGONZAVOD SAID SO. Uralvagonzavod said so.\n"


@pytest.mark.parametrize(("pyproject", "error"), [
    ('tool = "x"\n', "'tool' must be a table"),
    ("[tool]\ncleanup = 3\n", "[tool.cleanup] must be a table"),
    ('[tool.cleanup]\nquotes = ["curly"]\n', "'quotes' cannot be ['curly']"),
    ("[tool.cleanup]\nfail-level = {a = 1}\n", "'fail-level' cannot be"),
    ('[tool.cleanup]\nrules = ["a\\u0000b"]\n', "'rules' must be a list of non-empty strings"),
])
def test_a_malformed_configuration_is_one_error_and_the_run_goes_on(
        tmp_path: Path, pyproject: str, error: str) -> None:
    bad, good = tmp_path / "bad", tmp_path / "good"
    bad.mkdir()
    good.mkdir()
    (bad / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    for folder in (bad, good):
        (folder / "a.txt").write_text(DEFECT)
    result = run("check", str(bad / "a.txt"), str(good / "a.txt"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert error in result.stderr
    assert f"{good / 'a.txt'}:1:10: spacing/currency" in result.stdout


def test_a_file_name_that_is_not_utf8_does_not_stop_a_walk(tmp_path: Path) -> None:
    import subprocess

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "a.txt").write_text(DEFECT)
    (tmp_path / os.fsdecode(b"b\xff.txt")).write_text(DEFECT)
    result = run("check", str(tmp_path))
    assert "Traceback" not in result.output
    assert result.stdout.count("spacing/currency") == 2


def test_a_utf16_file_with_a_nul_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    data = "It cost $ 5.\0\n".encode("utf-16")
    path.write_bytes(data)
    result = run("fix", str(path))
    assert "skipped: binary file" in result.stderr
    assert path.read_bytes() == data


def test_a_diff_breaks_lines_only_where_the_file_does(tmp_path: Path) -> None:
    """A vertical tab stays inside its line: no false 'No newline at end of file'."""
    path = tmp_path / "a.txt"
    path.write_text("It cost $ 5.\x0bThe end.\nLast line.\n")
    result = run("fix", "--diff", str(path))
    assert "No newline" not in result.stdout
    assert "+It cost $5.\x0bThe end.\n" in result.stdout


def test_a_timeout_on_a_starved_machine_is_tried_again_not_blamed_on_the_rule() -> None:
    """A scan's clock is the wall's: when the process got under half the time that passed
    (here it sleeps, as it would wait for a busy machine's CPU), the file is tried again
    with four times the time, and no rule is blamed; a timeout that burnt the CPU it was
    given blames the rule at once."""
    from cleanup import patterns, tasks
    from cleanup.config import Config

    tries: list[float] = []

    def waits(config: Config) -> str:
        tries.append(patterns.scan_seconds(""))
        if len(tries) == 1:
            time.sleep(0.05)
            raise patterns.RuleTimeout(("x/r",), tries[-1])
        return "done"

    errors: list[str] = []
    assert tasks._guarded("a.txt", Config(), errors, waits) == ("done", Config())
    assert tries == [1.0, 4.0] and errors == []

    def burns(config: Config) -> str:
        tries.append(patterns.scan_seconds(""))
        if "x/r" not in config.ignore:
            deadline = time.process_time() + 0.05
            while time.process_time() < deadline:
                pass
            raise patterns.RuleTimeout(("x/r",), tries[-1])
        return "done"

    tries.clear()
    done = tasks._guarded("a.txt", Config(), errors, burns)
    assert done is not None and done[0] == "done" and tries == [1.0, 1.0]
    assert errors == ["a.txt: error: rule 'x/r' took over 1.0 s (a pattern that backtracks "
                      "without end?); left out for this file"]
