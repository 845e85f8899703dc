"""Hostile rule files and configuration: each is one error line naming the file and the
rule, in bounded time and memory, and every other rule still runs.

One table of cases (rule file text -> what the error must say) drives the loader test and
the command test (`cleanup fix --rules DIR`), as pre-commit-hooks' tables do.
"""

import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleanup import cache
from cleanup.cli import app
from cleanup.pattern_checks import vet_patterns
from cleanup.rule_files import MAX_RULES, load_rules
from cleanup.tomlfile import MAX_BYTES

runner = CliRunner()
#: An article with something a built-in rule fixes, so we see the other rules still run.
ARTICLE = "Rosoboroexport said it cost $ 5 in Moscow. " * 3 + "\n\n" + "a" * 62 + "!\n"
FIXED = "Rosoboronexport said it cost $5 in Moscow. " * 3 + "\n\n" + "a" * 62 + "!\n"


def _rule(rule_id: str = "r", kind: str = "substitute", fix: str = "safe", **keys: str) -> str:
    body = "".join(f"{k} = '''{v}'''\n" for k, v in keys.items())
    return f'[[rule]]\nid = "{rule_id}"\nkind = "{kind}"\nmessage = "m"\nfix = "{fix}"\n{body}\n'


def _sub(pattern: str, replacement: str, rule_id: str = "r", **keys: str) -> str:
    return _rule(rule_id, pattern=pattern, replacement=replacement, **keys)


def _name(canonical: str, variants: str, rule_id: str = "n", **keys: str) -> str:
    extra = "".join(f"{k} = '{v}'\n" for k, v in keys.items())
    return (f'[[rule]]\nid = "{rule_id}"\nkind = "name"\nmessage = "m"\ncanonical = '
            f'"{canonical}"\nvariants = {variants}\n{extra}\n')


#: Rule file text, and what its error line must hold after `mine.toml: rule 'r': error:`.
CASES: list[tuple[str, str]] = [
    # patterns that match the empty string, even where boundaries hide it
    (_sub("x*", "y"), "'pattern' matches the empty string"),
    (_sub(r"\b", "y"), "'pattern' matches the empty string"),
    (_sub("(?=a)", "y"), "'pattern' matches the empty string"),
    (_sub("(?<=a)", "y", boundary="none"), "'pattern' matches the empty string"),
    (_rule(kind="remove", pattern="(?m)^"), "'pattern' matches the empty string"),
    # replacements that grow the text, names that swap or hold their variant
    (_sub("said", "said, said"), "its fixes never settle"),
    (_sub("the", "the the"), "its fixes never settle"),
    (_sub("a", "aa", boundary="none"), "its fixes never settle"),
    (_sub(r"(?P<w>\w+)", r"\g<w>x", boundary="none"), "its fixes never settle"),
    (_sub("(?:Gamma|Delta)", r"\g<0> x"), "its fixes never settle"),
    (_sub("Moscow", "Kremlin", "a") + _sub("Kremlin", "Moscow", "r"), "its fixes never settle"),
    (_name("Moscow", '["Kremlin"]', "a") + _name("Kremlin", '["Moscow"]', "r"),
     "its fixes never settle"),
    (_name("Moscowa", '["Moscow"]', "r", boundary="none"), "its fixes never settle"),
    (_name("New Moscow", '["Moscow"]', "r"), "its fixes never settle"),
    (_name("Rosoboroexport", '["Rosoboronexport"]', "r"), "its fixes never settle"),
    # bad group references; flags and numbers that break inside the joined alternation
    (_sub("(?P<a>said)", r"\g<nope>"), "'replacement' is not valid for this pattern"),
    (_sub("(?P<a>said)", r"\9"), "'replacement' is not valid for this pattern"),
    (_sub("(?P<a>said)", "\\"), "'replacement' is not valid for this pattern"),
    (_sub("(?x)said # a comment", "x"), "'pattern' is not a valid regular expression"),
    (_sub(r"(said)\1", "x"), "'pattern' refers back to a group by number"),
    (_sub("(?(1)a|b)", "x"), "'pattern' refers back to a group by number"),
    (_sub("said)(?:x", "x"), "'pattern' is not a valid regular expression"),
    # catastrophic backtracking, caught at load on the pattern's own characters
    (_sub("(a|aa)+$", "x", boundary="none"), "'pattern' backtracks catastrophically"),
    (_rule(kind="flag", pattern="(a|aa)+$", fix="suggest"), "backtracks catastrophically"),
    # compiled forms that explode: refused before they are compiled
    (_sub("(((a{100}){100}){100}){100}", "x"), "compiles to over 100,000 nodes"),
    (_sub("(?:(?:(?:(?:x{99,}){99,}){99,}){99,})", "x"), "compiles to over 100,000 nodes"),
    (_sub("(?:(?:(?:a|b){99}){99}){99}", "x"), "compiles to over 100,000 nodes"),
    (_sub("(" * 5000 + "a" + ")" * 5000, "x"), "nested too deeply to compile"),
    (_sub("(?:" + "|".join(f"w{i}" for i in range(30000)) + ")", "x"), "over 100,000 nodes"),
    # what a finding would print: ids, messages and words may not forge a line
    (_sub("said", "x").replace('id = "r"', 'id = "rі"'), "'id' must be lower-case"),
    (_sub("said", "x").replace('message = "m"', 'message = "m\\u001b[31m"'),
     "'message' holds a control character"),
    (_name("Moscow", '["Mos\\ncow"]', "r"), "'variants' holds a control character"),
    (_sub("zzz", "x") + _sub("zzz", "y"), "duplicate id"),
    (_sub("said", "x").replace('kind = "substitute"', f'kind = "{"k" * 10_000}"'),
     "(10000 characters)"),
]


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


@pytest.mark.parametrize(("text", "error"), CASES, ids=[e for _, e in CASES])
def test_a_hostile_rule_is_one_error_and_the_others_run(
        tmp_path: Path, text: str, error: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader refuses the rule with one line naming file and rule; `fix` then applies
    every other rule to the article (exit 2 for the rule file's error)."""
    monkeypatch.setenv("CLEANUP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mine.toml").write_text(text, encoding="utf-8")
    errors = load_rules([tmp_path / "rules"]).errors
    assert errors and all(line.startswith(os.path.join("rules", "mine.toml") + ": rule ")
                          for line in errors), errors
    assert any(error in line for line in errors), errors
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["fix", "--no-cache", "--rules", "rules", "a.txt"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert _error_lines(result.stderr) == list(errors)
    assert article.read_text(encoding="utf-8") == FIXED


#: Rule files that are not what they say: one error for the file, the rest still run.
FILE_CASES: list[tuple[str, object, str]] = [
    ("x.toml", "x = " + "[" * 100_000 + "]" * 100_000 + "\n", "nested too deeply to read"),
    ("x.toml", "x = " + "{a=" * 50_000 + "1" + "}" * 50_000 + "\n", "nested too deeply"),
    ("x.toml", b"[[rule]]\nid = '\xff'\n", "not valid UTF-8"),
    ("x.toml", 'password = "hunter2"\n', "not a rule file (it has no [[rule]] tables)"),
    ("x.toml", "[description]\nx = 1\n", "'description' must be a string"),
    ("x.toml", "rule = 5\n", "'rule' must be an array of tables"),
    ("x.toml", "#" * (MAX_BYTES + 1), f"over {MAX_BYTES:,} bytes"),
    ("x.toml", "folder", "cannot read"),
    ("x.toml", "fifo", "not a regular file (a FIFO)"),
    ("x.toml", "link:/dev/zero", "not a regular file (a device)"),
    ("x.toml", "link:x.toml", "cannot read"),
    ("a\nb.toml", _sub("said", "x"), "may not hold white space or control characters"),
    ("x\u202e.toml", _sub("said", "x"), "may not hold white space or control characters"),
]


def _make(path: Path, content: object) -> None:
    if content == "folder":
        path.mkdir()
    elif content == "fifo":
        os.mkfifo(path)
    elif isinstance(content, str) and content.startswith("link:"):
        path.symlink_to(content[5:])
    else:
        path.write_bytes(content if isinstance(content, bytes) else str(content).encode())


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero")
@pytest.mark.parametrize(("name", "content", "error"), FILE_CASES,
                         ids=[e for _, _, e in FILE_CASES])
def test_a_hostile_rule_file_is_one_error(tmp_path: Path, name: str, content: object,
                                          error: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLEANUP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").mkdir()
    _make(tmp_path / "rules" / name, content)
    (tmp_path / "rules" / "good.toml").write_text(_sub("Moscow", "Moskva"), encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["fix", "--no-cache", "--rules", "rules", "a.txt"])
    assert result.exit_code == 2, result.output
    lines = _error_lines(result.stderr)
    assert len(lines) == 1 and error in lines[0] and "hunter2" not in lines[0], lines
    assert article.read_text(encoding="utf-8") == FIXED.replace("Moscow", "Moskva")


@pytest.mark.parametrize("rule", [
    _sub(r"[^\n]+", "", boundary="none"),
    _sub("[a-zA-Z]", "", boundary="none"),
    _rule(kind="remove", pattern=r"[^\n]+", boundary="none"),
    _rule(kind="remove", pattern=r"[^\n]+", boundary="none", scope="line"),
    _rule(kind="remove", pattern=r"[^\n]+", boundary="none", scope="paragraph"),
], ids=["substitute-lines", "substitute-letters", "remove", "remove-line", "remove-paragraph"])
def test_a_rule_that_deletes_most_of_the_article_is_refused(tmp_path: Path, rule: str) -> None:
    """A rule that would empty the article: the fix is refused, as an error finding
    naming the rule, and the article keeps its words (the other rules' fixes made)."""
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mine.toml").write_text(rule)
    article = tmp_path / "a.txt"
    article.write_text("\n".join([ARTICLE] * 4), encoding="utf-8")
    result = runner.invoke(app, ["fix", "--no-cache", "--rules", str(tmp_path / "rules"),
                                 str(article)])
    assert result.exit_code == 1, result.output
    assert "mine/r refused: this fix would delete" in result.stdout
    assert article.read_text(encoding="utf-8") == "\n".join([FIXED] * 4)


@pytest.mark.parametrize("folder", ["../../elsewhere", "/etc", "..", "../secret"])
def test_a_rule_folder_outside_the_project_is_refused(tmp_path: Path, folder: str) -> None:
    """A configuration's rule folder must be in its project; `--rules` may name any."""
    project = tmp_path / "a" / "b" / "project"
    (tmp_path / "a" / "b" / "secret").mkdir(parents=True)
    (tmp_path / "a" / "b" / "secret" / "s.toml").write_text('token = "s3cr3t"\n')
    project.mkdir()
    (project / ".cleanup.toml").write_text(f'rules = ["{folder}"]\n')
    (project / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["check", str(project / "a.txt")])
    assert result.exit_code == 2
    lines = _error_lines(result.stderr)
    assert len(lines) == 1 and f"'rules': {folder!r} is outside the project" in lines[0]
    assert "s3cr3t" not in result.output
    named = runner.invoke(app, ["check", "--isolated", "--rules",
                                str(tmp_path / "a" / "b" / "secret"), str(project / "a.txt")])
    assert "not a rule file" in named.stderr and "s3cr3t" not in named.output


@pytest.mark.parametrize(("pyproject", "error"), [
    ('tool = "x"\n', "'tool' must be a table, not 'x'"),
    ('[tool]\ncleanup = "x"\n', "[tool.cleanup] must be a table, not 'x'"),
    ("[tool.cleanup]\nx = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply to read"),
    (f'[tool.cleanup]\nquotes = "{"q" * 10_000}"\n', "(10000 characters)"),
])
def test_a_hostile_configuration_is_one_error(tmp_path: Path, pyproject: str,
                                              error: str) -> None:
    (tmp_path / "pyproject.toml").write_text(pyproject)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["check", str(tmp_path / "a.txt")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    lines = _error_lines(result.stderr)
    assert len(lines) == 1 and error in lines[0] and len(lines[0]) < 400, lines


def test_more_rules_than_a_run_loads_is_an_error(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Past `MAX_RULES`, a file's rules are left out with an error naming it."""
    monkeypatch.setattr("cleanup.rule_files.MAX_RULES", 3)
    (tmp_path / "a.toml").write_text("".join(_sub(f"w{i}", "x", f"r{i}") for i in range(3)))
    (tmp_path / "b.toml").write_text(_sub("said", "x"))
    loaded = load_rules([tmp_path], builtin=False)
    assert [r.id for r in loaded.rules] == ["a/r0", "a/r1", "a/r2"]
    assert len(loaded.errors) == 1 and "b.toml: error: left out" in loaded.errors[0]
    assert MAX_RULES == 10_000


def test_the_rule_cache_is_bounded_in_bytes(tmp_path: Path) -> None:
    """Past the newest file, caches that would take the folder over its bytes go."""
    for n, size in enumerate([10, 60, 50, 40]):
        path = tmp_path / f"rules-{n}.pickle"
        path.write_bytes(b"x" * size)
        os.utime(path, (1_000 + n, 1_000 + n))
    cache.prune(tmp_path, "rules-*.pickle", 8, 100)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rules-2.pickle", "rules-3.pickle"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="vetting needs fork")
def test_a_pattern_that_explodes_past_the_static_bound_is_stopped_by_the_vetting(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The child process that compiles new patterns first stops one that needs too much
    memory, or too long, and the patterns after it are still vetted."""
    monkeypatch.setattr("cleanup.pattern_checks.MAX_EXPANDED", 10**12)
    monkeypatch.setattr("cleanup.pattern_checks.VET_BYTES", 64 << 20)
    huge, fine = "(((a{100}){100}){100}){100}", "said"
    assert vet_patterns([fine, huge, fine + "x"]) == {huge: "needs over 64 MB to compile"}
    monkeypatch.setattr("cleanup.pattern_checks.VET_BYTES", 4 << 30)
    monkeypatch.setattr("cleanup.pattern_checks.VET_SECONDS", 0.05)
    slow = "(?:(?:(?:a|b){99}){99}){60}"
    assert vet_patterns([slow, fine]) == {slow: "took over 0.05 s to compile"}


def test_a_monorepo_package_may_name_rules_elsewhere_in_its_repository(tmp_path: Path) -> None:
    """The project is the git repository: `pkg/.cleanup.toml` may name `../shared`, and
    a folder out of the repository is refused all the same."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    shared, package = tmp_path / "repo" / "shared", tmp_path / "repo" / "pkg"
    shared.mkdir()
    package.mkdir()
    (shared / "house.toml").write_text(
        '[[rule]]\nid = "r"\nkind = "flag"\nmessage = "house word"\nphrases = ["wire"]\n',
        encoding="utf-8")
    (package / ".cleanup.toml").write_text('rules = ["../shared"]\n')
    (package / "a.txt").write_text("It came over the wire.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(package / "a.txt")])
    assert result.stderr == "" and "house/r" in result.stdout
    (package / ".cleanup.toml").write_text('rules = ["../../elsewhere"]\n')
    result = runner.invoke(app, ["check", str(package / "a.txt")])
    assert f"is outside the project ({tmp_path / 'repo'})" in result.stderr


def test_our_own_caption_rule_may_take_most_of_a_short_article() -> None:
    """A scraped page may be mostly a caption block: the built-in residue rules are
    measured on real articles, so the share a user's rule may delete does not bind them."""
    from cleanup import fix_text
    from cleanup.patterns import letters

    caption = ("  • The mayor of a northern river town opens the rebuilt bridge over the "
               "frozen river after two years of repairs, delays and quarrels over the cost "
               "of the steel, which the council bought twice\n  • Reuters\n"
               "  • © Photographer Name / Pool\n")
    text = f"The bridge opened today.\n\n{caption}\nIt cost a lot.\n"
    assert letters(text) >= 200 and letters(caption) > letters(text) / 2
    assert fix_text(text) == "The bridge opened today.\n\nIt cost a lot.\n"
