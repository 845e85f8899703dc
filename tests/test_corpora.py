"""Corpora at scale: parallel runs, the result cache, large files in blocks, JSON Lines.

Each is tested as a user runs it (the CLI, in this process or as a command) against
the plain serial run it must equal.
"""

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, load_cases
from typer.testing import CliRunner

import cleanup
from cleanup import blocks, files, parallel, results, tasks
from cleanup.cli import app
from cleanup.progress import Progress

SEED = ROOT / "seeds" / "000_e45498a51890010d.txt"
runner = CliRunner()


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def corpus(folder: Path) -> Path:
    """A folder of articles: every fixture case as a file, the seed, and a Markdown file."""
    folder.mkdir()
    for number, case in enumerate(load_cases()):
        suffix = ".md" if case.get("markup") == "markdown" else ".txt"
        (folder / f"{number:03d}{suffix}").write_text(case["input"], encoding="utf-8")
    shutil.copyfile(SEED, folder / "seed.txt")
    return folder


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A result cache of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLEANUP_CACHE_DIR", str(folder))
    return folder


# Parallel runs


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_a_parallel_check_prints_what_a_serial_one_does(tmp_path: Path, fmt: str) -> None:
    folder = corpus(tmp_path / "a")
    serial = run("check", "--no-cache", "-j", "1", "--format", fmt, str(folder))
    both = run("check", "--no-cache", "-j", "2", "--format", fmt, str(folder))
    assert serial.exit_code == both.exit_code == 1
    assert serial.stdout == both.stdout
    assert serial.stdout.count("\n") > 50


def test_a_parallel_fix_writes_and_prints_what_a_serial_one_does(tmp_path: Path) -> None:
    one, two = corpus(tmp_path / "one"), corpus(tmp_path / "two")
    serial = run("fix", "--no-cache", "-j", "1", str(one))
    both = run("fix", "--no-cache", "-j", "2", str(two))
    assert serial.stdout.replace(str(one), "X") == both.stdout.replace(str(two), "X")
    assert "Fixed" in serial.stdout
    for path in one.iterdir():
        assert path.read_bytes() == (two / path.name).read_bytes(), path.name


def test_a_parallel_diff_is_the_serial_diff(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "a")
    serial = run("fix", "--diff", "--no-cache", "-j", "1", str(folder))
    both = run("fix", "--diff", "--no-cache", "-j", "2", str(folder))
    assert serial.stdout == both.stdout and "\n+" in serial.stdout


def test_the_command_runs_in_two_processes_as_a_user_runs_it(tmp_path: Path) -> None:
    """Forked workers, a real pipe: the output is the serial one, byte for byte."""
    folder = corpus(tmp_path / "a")

    def command(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "cleanup", "check", "--no-cache", *args,
                               str(folder)], capture_output=True, timeout=300, check=False)

    serial, both = command("-j", "1"), command("--jobs", "2")
    assert serial.returncode == both.returncode == 1
    assert serial.stdout == both.stdout and serial.stderr == both.stderr


def test_jobs_must_be_one_or_more(tmp_path: Path) -> None:
    result = run("check", "-j", "0", str(SEED))
    assert result.exit_code == 2 and "--jobs" in result.output


def test_ordered_keeps_the_order_and_runs_marks_and_inline_tasks_in_place() -> None:
    items = [("a", 3), ("b", None), ("c", -1), ("d", 5)]
    done = list(parallel.ordered(lambda task: parallel.pool(2), abs, lambda n: n * 10, items,
                                 ahead=2, inline=lambda n: n < 0))
    assert done == [("a", 3), ("b", None), ("c", -10), ("d", 5)]


# The result cache


def test_a_second_run_reads_the_findings_from_the_cache(
        tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = corpus(tmp_path / "a")
    first = run("check", "-j", "1", str(folder))
    calls = []
    real = tasks._check

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(tasks, "_check", counted)
    second = run("check", "-j", "1", str(folder))
    assert second.stdout == first.stdout and second.exit_code == first.exit_code
    assert calls == []
    assert len(list((cache / "results").rglob("*"))) > 50


def test_fix_after_fix_reads_the_cache_and_writes_nothing(
        tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = corpus(tmp_path / "a")
    run("fix", "-j", "1", str(folder))
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    monkeypatch.setattr(tasks, "fix_and_explain", _refuse)
    monkeypatch.setattr(tasks, "_check", _refuse)
    again = run("fix", "-j", "1", str(folder))
    assert "Fixed 0 issues" in again.stdout, again.output
    assert before == {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    checked = run("check", "-j", "1", str(folder))  # fix left the fixed file's findings
    assert checked.exit_code == 1 and "[*]" not in checked.stdout


def _refuse(*args: object, **kwargs: object) -> object:
    raise AssertionError("the cache should have answered")


def test_no_cache_neither_reads_nor_writes_it(tmp_path: Path, cache: Path) -> None:
    folder = corpus(tmp_path / "a")
    run("check", "--no-cache", str(folder))
    assert not (cache / "results").exists()


@pytest.mark.parametrize("change", ["file", "rule", "config", "version", "select"])
def test_the_cache_never_serves_a_stale_result(
        tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    """Whatever the findings depend on is in the key: the text, a rule file's content,
    the configuration, our version, the options."""
    article = tmp_path / "a.txt"
    article.write_text("The Triumph deal is worth $ 2 billion.\n", encoding="utf-8")
    rules = tmp_path / "rules"
    rules.mkdir()
    rule = rules / "mine.toml"
    rule.write_text('[[rule]]\nid = "deal"\nkind = "flag"\nphrases = ["deal"]\n'
                    'message = "a deal"\n', encoding="utf-8")
    args = ["check", "-j", "1", "--rules", str(rules), str(article)]
    assert "mine/deal" in run(*args).stdout
    if change == "file":
        article.write_text("The Triumph pact is worth $ 2 billion.\n", encoding="utf-8")
    elif change == "rule":
        rule.write_text(rule.read_text(encoding="utf-8").replace('["deal"]', '["pact"]'),
                        encoding="utf-8")
    elif change == "config":
        (tmp_path / "pyproject.toml").write_text('[tool.cleanup]\nignore = ["mine"]\n',
                                                 encoding="utf-8")
    elif change == "version":
        monkeypatch.setattr(cleanup, "__version__", "0.0.0-other")
    extra = ["--ignore", "mine"] if change == "select" else []
    fresh = run(*args, *extra, "--no-cache").stdout
    cached = run(*args, *extra).stdout
    assert cached == fresh
    if change != "version":
        assert "mine/deal" not in cached


def test_a_version_change_is_a_new_key() -> None:
    from cleanup.config import Config

    before = results.key(b"text", Config(), "text")
    try:
        cleanup.__version__, old = "9.9.9", cleanup.__version__
        assert results.key(b"text", Config(), "text") != before
    finally:
        cleanup.__version__ = old


def test_two_runs_share_the_cache_at_once(tmp_path: Path, cache: Path) -> None:
    folder = corpus(tmp_path / "a")
    env = {**os.environ, "CLEANUP_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "cleanup", "check", "-j", "1", str(folder)]
    running = [subprocess.Popen(command, stdout=subprocess.PIPE, env=env) for _ in range(3)]
    outputs = {p.communicate(timeout=300)[0] for p in running}
    fresh = subprocess.run([*command, "--no-cache"], capture_output=True, env=env, check=False)
    assert outputs == {fresh.stdout}
    assert not list((cache / "results").rglob("*.tmp"))


def test_the_cache_is_pruned_to_its_bound(tmp_path: Path, cache: Path) -> None:
    for n in range(30):
        results.store(f"{n:040x}"[::-1], [])
    stale = cache / "results" / "ab" / "x.tmp"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"debris")
    os.utime(stale, (1, 1))
    results.prune(max_entries=10)
    left = [p for p in (cache / "results").rglob("*") if p.is_file()]
    assert len(left) == 8 and stale not in left


def test_an_unreadable_cache_entry_is_no_error(tmp_path: Path, cache: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Worth $ 2 billion.\n", encoding="utf-8")
    first = run("check", str(article))
    for entry in (cache / "results").rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"not a pickle")
    assert run("check", str(article)).stdout == first.stdout


# Large files, a block at a time


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files over 20 KB are read in blocks of about 4,000 characters."""
    monkeypatch.setattr(files, "STREAM_OVER", 20_000)
    monkeypatch.setattr(blocks, "BLOCK", 4_000)


def _paragraphs(count: int, newline: str = "\n") -> str:
    """Paragraphs of news-like text of our own, each with a fix and a finding."""
    return "".join(f"Paragraph {n}: the deal is worth $ {n}.5 billion , officials said."
                   f"{newline}Recall that talks went on.{newline}{newline}" for n in range(count))


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_large_file_is_checked_and_fixed_in_blocks_as_a_whole(
        tmp_path: Path, small_blocks: None, monkeypatch: pytest.MonkeyPatch, jobs: str,
        newline: str) -> None:
    text = _paragraphs(400, newline)
    whole, streamed = tmp_path / "whole.txt", tmp_path / "streamed.txt"
    for path in (whole, streamed):
        path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    streamed_check = run("check", "--no-cache", "-j", jobs, str(streamed)).stdout
    monkeypatch.setattr(files, "STREAM_OVER", 1 << 40)
    whole_check = run("check", "--no-cache", str(whole)).stdout
    assert streamed_check.replace("streamed", "whole") == whole_check
    run("fix", "--no-cache", str(whole))
    monkeypatch.setattr(files, "STREAM_OVER", 20_000)
    fixed = run("fix", "--no-cache", "-j", jobs, str(streamed))
    assert "Fixed 800 issues in 1 file of 1" in fixed.stdout
    assert streamed.read_bytes() == whole.read_bytes()
    assert streamed.read_bytes().startswith(b"\xef\xbb\xbfParagraph 0")


def test_a_large_file_that_stops_being_text_is_left_as_it_was(
        tmp_path: Path, small_blocks: None) -> None:
    path = tmp_path / "big.txt"
    data = _paragraphs(400).encode() + b"\xff tail\n"
    path.write_bytes(data)
    result = run("fix", "--no-cache", str(path))
    assert result.exit_code == 2
    assert "Fixed 0 issues in 0 files of 0" in result.stdout  # a file not read counts as none
    offset = len(data) - len(b"\xff tail\n")
    assert f"{path}:1201:1: error: not valid UTF-8 (byte 0xff at offset {offset})" \
        in result.output
    assert path.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["big.txt"]


def test_a_large_file_with_nothing_to_fix_is_not_rewritten(
        tmp_path: Path, small_blocks: None) -> None:
    path = tmp_path / "big.txt"
    path.write_text("A plain sentence.\n\n" * 3000, encoding="utf-8")
    before = path.stat().st_mtime_ns
    assert run("fix", "--no-cache", str(path)).exit_code == 0
    assert path.stat().st_mtime_ns == before
    assert [p.name for p in tmp_path.iterdir()] == ["big.txt"]


def test_blocks_end_at_paragraph_breaks_and_keep_every_character() -> None:
    import io

    text = _paragraphs(300, "\r\n") + "no break at the end"
    found = list(blocks.read_blocks(io.BytesIO(text.encode()), "x", 2_000))
    assert "".join(b.text for b in found) == text
    assert all(b.text.endswith("\r\n\r\n") for b in found[:-1]) and len(found) > 10
    assert [b.offset for b in found[1:]] == [
        sum(len(b.text) for b in found[:n]) for n in range(1, len(found))]
    assert found[1].first_line == 1 + blocks.line_breaks(found[0].text)


# JSON Lines


LINES = [
    '{"id": 1, "text": "The deal is worth $ 2.5 billion , he said.", "n": 2.50, '
    '"tags": ["a", null, true], "x": "caf\\u00e9"}',
    '{"id":2,"text":"Nothing to fix here.","y":{"z":[]}}',
    'not a record',
    '{"id": 3, "body": "no text field"}',
    '',
    '{"id": 4, "text": "Recall that the Turkish side agreed.", "é": "ünïcödé"}',
    '{"id": 5, "text": 7}',
]


def _jsonl(path: Path, newline: str = "\n") -> bytes:
    data = newline.join(LINES).encode() + newline.encode()
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return data


def _lines(path: Path) -> list[bytes]:
    data = path.read_bytes()
    return (gzip.decompress(data) if path.suffix == ".gz" else data).splitlines(keepends=True)


@pytest.mark.parametrize("name", ["corpus.jsonl", "corpus.jsonl.gz"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_fix_changes_only_the_field_and_passes_bad_lines_through(
        tmp_path: Path, name: str, jobs: str) -> None:
    path = tmp_path / name
    original = _jsonl(path, "\r\n").splitlines(keepends=True)
    result = run("fix", "--jsonl", "-j", jobs, str(path))
    assert result.exit_code == 2  # bad lines are errors, reported by number
    for number, reason in ((3, "not a JSON object"), (4, "no field 'text'"),
                           (7, "field 'text' is not a string")):
        assert f"{path}:{number}: error: {reason}; line passed through" in result.output
    fixed = _lines(path)
    assert fixed[0] == original[0].replace(b"$ 2.5 billion ,", b"$2.5 billion,")
    assert fixed[1:] == original[1:]
    assert "Fixed 2 issues in 1 document of 3" in result.stdout
    assert f"{path}:6:1:1: calques/recall-that" in result.stdout


def test_check_reads_a_corpus_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    data = _jsonl(path)
    result = run("check", "--jsonl", "--format", "json", str(path))
    assert path.read_bytes() == data
    found = json.loads(result.stdout)
    assert {f["path"] for f in found["findings"]} == {f"{path}:1", f"{path}:6"}
    assert found["summary"]["errors"] == 3


def test_metrics_go_into_a_field_and_the_corpus_to_o(tmp_path: Path) -> None:
    path, out = tmp_path / "c.jsonl", tmp_path / "out" / "o.jsonl"
    out.parent.mkdir()
    data = _jsonl(path)
    run("fix", "--jsonl", "--metrics-field", "cleanup", str(path), "-o", str(out))
    assert path.read_bytes() == data  # -o leaves the input be
    lines = out.read_bytes().splitlines()
    first, fourth = json.loads(lines[0]), json.loads(lines[5])
    assert first["cleanup"] == {"words": 8, "fixes": 2, "findings": 0, "per_1000_words": {}}
    assert fourth["cleanup"]["findings"] == 2
    assert fourth["cleanup"]["per_1000_words"] == {"calques": round(2000 / 6, 2)}
    assert lines[1].startswith(b'{"id":2,"text":"Nothing to fix here.","y":{"z":[]},"cleanup":')
    assert lines[2] == b"not a record" and lines[4] == b""


def test_check_writes_metrics_only_to_o(tmp_path: Path) -> None:
    path, out = tmp_path / "c.jsonl", tmp_path / "m.jsonl"
    data = _jsonl(path)
    run("check", "--jsonl", "--metrics-field", "m", str(path), "-o", str(out))
    assert path.read_bytes() == data
    assert json.loads(out.read_bytes().splitlines()[0])["m"]["findings"] == 2


def test_jsonl_options_are_checked() -> None:
    assert run("check", "--metrics-field", "m", str(SEED)).exit_code == 2
    assert run("check", "--jsonl", "-").exit_code == 2
    assert run("fix", "--jsonl", "-o", "x", "a.jsonl", "b.jsonl").exit_code == 2


def test_a_corpus_diff_names_each_document(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    _jsonl(path)
    result = run("fix", "--jsonl", "--diff", str(path))
    assert f"--- a/{path}:1\n+++ b/{path}:1\n" in result.stdout
    assert "+The deal is worth $2.5 billion, he said." in result.stdout


# Progress


class _Terminal:
    def __init__(self) -> None:
        self.written: list[str] = []

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> None:
        self.written.append(text)

    def flush(self) -> None:
        pass


def test_progress_shows_on_a_terminal_after_a_while_and_is_erased(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from cleanup import progress

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    terminal = _Terminal()
    shown = Progress(terminal, 10, 10_000_000)  # type: ignore[arg-type]
    shown.started -= 2.0
    shown.drawn -= 1.0
    shown.advance(1, 1_000_000)
    assert terminal.written and "cleanup: 1/10 files" in terminal.written[-1]
    assert "MB/s" in terminal.written[-1] and "left" in terminal.written[-1]
    shown.clear()
    assert terminal.written[-1] == "\r\x1b[K"


@pytest.mark.parametrize("ci", [True, False])
def test_progress_is_silent_in_ci_and_in_pipes(monkeypatch: pytest.MonkeyPatch, ci: bool) -> None:
    from cleanup import progress

    monkeypatch.setattr(progress, "DELAY", 0.0)
    if ci:
        monkeypatch.setenv("CI", "true")
        stream: Any = _Terminal()
    else:
        monkeypatch.delenv("CI", raising=False)
        stream = _Terminal()
        stream.isatty = lambda: False
    shown = Progress(stream, 1, 1)
    shown.started -= 2.0
    shown.advance(1, 1)
    assert stream.written == []


# What a review found


def test_notes_come_in_their_place_in_a_parallel_run(tmp_path: Path) -> None:
    """Errors met while reading (a missing file, undecodable bytes) are reported where a
    serial run reports them, in text and in JSON."""
    folder = corpus(tmp_path / "a")
    (folder / "bad.txt").write_bytes(b"ok\n\xff\n")
    args = [str(folder / "000.txt"), str(folder / "bad.txt"), str(tmp_path / "missing.txt"),
            str(folder)]
    for fmt in ("text", "json"):
        serial = run("check", "--no-cache", "-j", "1", "--format", fmt, *args)
        both = run("check", "--no-cache", "-j", "2", "--format", fmt, *args)
        assert serial.output == both.output and serial.exit_code == both.exit_code == 2


def test_a_file_named_twice_is_fixed_once(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "a")
    (folder / "link.txt").symlink_to(folder / "seed.txt")
    outputs = set()
    for jobs in ("1", "2"):
        shutil.copyfile(SEED, folder / "seed.txt")
        result = run("fix", "--no-cache", "-j", jobs, str(folder / "seed.txt"),
                     str(folder / "seed.txt"), str(folder / "link.txt"))
        outputs.add(result.stdout)
        assert "in 1 file of 1" in result.stdout
    assert len(outputs) == 1


def test_a_diff_of_a_large_file_is_the_diff_of_the_whole(
        tmp_path: Path, small_blocks: None, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_text(_paragraphs(400), encoding="utf-8")
    streamed = run("fix", "--diff", "--no-cache", str(path)).stdout
    monkeypatch.setattr(files, "STREAM_OVER", 1 << 40)
    assert streamed == run("fix", "--diff", "--no-cache", str(path)).stdout
    assert streamed.count("--- a/") == 1


def test_an_interrupted_fix_of_a_large_file_leaves_no_debris(
        tmp_path: Path, small_blocks: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from cleanup import runner

    path = tmp_path / "big.txt"
    data = _paragraphs(400).encode()
    path.write_bytes(data)
    taken = []

    def interrupt(self: Any, outcome: Any, task: Any, stdout: Any) -> None:
        taken.append(task)
        if len(taken) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(runner._Run, "take", interrupt)
    with pytest.raises(KeyboardInterrupt):
        runner.fix_paths([str(path)], work=runner.Work(jobs=1, cache=False))
    assert path.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["big.txt"]


def _die(task: Any, how: Any) -> Any:
    os._exit(3)


def test_a_worker_that_dies_is_one_error_and_no_debris(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cleanup import runner

    folder = corpus(tmp_path / "a")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    monkeypatch.setattr(runner, "run_in_worker", _die)
    monkeypatch.setattr(parallel, "BATCH", 1)
    result = run("fix", "--no-cache", "-j", "2", str(folder))
    assert result.exit_code == 2
    assert "error: a worker process died" in result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_metrics_are_written_even_when_nothing_is_fixed(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "Nothing to fix."}\n', encoding="utf-8")
    run("fix", "--jsonl", "--metrics-field", "m", str(path))
    assert json.loads(path.read_text(encoding="utf-8"))["m"]["fixes"] == 0


def test_options_that_would_lose_or_write_too_much_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    _jsonl(path)
    for command in (["check"], ["fix", "--check"], ["fix", "--diff"]):  # metrics to nowhere
        refused = run(*command, "--jsonl", "--metrics-field", "m", str(path))
        assert refused.exit_code == 2 and "-o FILE" in refused.output
    assert run("fix", "--check", "--jsonl", str(path), "-o", "x.jsonl").exit_code == 2
    assert not (tmp_path / "x.jsonl").exists()


def test_a_bom_before_the_first_record_is_kept_and_not_read(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "for $ 5 ."}\n{"text": "ok"}\n')
    result = run("fix", "--jsonl", str(path))
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == b'\xef\xbb\xbf{"text": "for $5."}\n{"text": "ok"}\n'


def test_a_line_longer_than_a_block_keeps_its_columns(
        tmp_path: Path, small_blocks: None, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "long.txt"
    path.write_text(("word " * 9000 + "worth $ 5 billion.\n") * 3, encoding="utf-8")
    streamed = run("check", "--no-cache", "--format", "json", str(path)).stdout
    monkeypatch.setattr(files, "STREAM_OVER", 1 << 40)
    whole = run("check", "--no-cache", "--format", "json", str(path)).stdout
    places = [(f["line"], f["column"], f["offset"]) for f in json.loads(whole)["findings"]]
    assert [(f["line"], f["column"], f["offset"])
            for f in json.loads(streamed)["findings"]] == places
    assert places[0][:2] == (1, 45008)  # the space after the `$`


def test_a_languagetool_run_is_not_cached(tmp_path: Path, cache: Path) -> None:
    from cleanup.config import Config, LanguageToolSettings

    assert results.key(b"x", Config(languagetool=LanguageToolSettings("http://h")),
                       "text") is None
    assert results.key(b"x", Config(), "text") is not None


def test_workers_end_when_the_run_is_killed(tmp_path: Path) -> None:
    """A worker must not wait for work forever once its run is gone (SIGKILL, OOM)."""
    import signal
    import time

    folder = tmp_path / "a"
    folder.mkdir()
    for n in range(120):
        shutil.copyfile(SEED, folder / f"{n}.txt")
    run = subprocess.Popen([sys.executable, "-m", "cleanup", "check", "--no-cache", "-j", "2",
                            str(folder)], stdout=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while not workers and time.monotonic() < deadline:
        time.sleep(0.2)
        found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(run.pid)],
                               capture_output=True, text=True, check=False)
        workers = [int(pid) for pid in found.stdout.split()]
    assert workers, "the run started no worker"
    run.send_signal(signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 10
    while any(os.path.exists(f"/proc/{pid}") for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    alive = [pid for pid in workers if os.path.exists(f"/proc/{pid}")
             and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]]
    assert alive == []
