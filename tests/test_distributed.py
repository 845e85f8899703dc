"""The Ray engine gives the bytes a loop over the lines in one process gives.

The tests that run Ray share one local cluster, started once for the session (a head
that takes no work and two worker nodes of one CPU each), and are skipped when the
`ray` extra is not installed; the others run everywhere.
"""

import gzip
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cleanup import distributed
from cleanup.config import Config
from cleanup.corpus import DEFAULT_CONFIG, BadLine, check_record, fix_record

BLOCK = 4096  # bytes a block: the corpus of a test makes several, so both workers take some
NEEDS_RAY = "the ray extra is not installed (pip install -e '.[test,ray]')"


@pytest.fixture(scope="session")
def cluster() -> Iterator[None]:
    """One Ray cluster for the whole run, shut down at the end whatever happens."""
    ray = pytest.importorskip("ray", reason=NEEDS_RAY)
    from ray.cluster_utils import Cluster

    store = 100 * 2**20  # the least Ray takes is 75 MiB; the default is 30% of memory
    nodes: Any = Cluster(initialize_head=True,
                    head_node_args={"num_cpus": 0, "object_store_memory": store})
    try:
        for _ in range(2):
            nodes.add_node(num_cpus=1, object_store_memory=store)
        ray.init(address=nodes.address, log_to_driver=False)
        nodes.wait_for_nodes()
        workers = [n for n in ray.nodes() if n["Alive"] and n["Resources"].get("CPU")]
        assert len(workers) == 2
        yield
    finally:
        ray.shutdown()
        nodes.shutdown()


def corpus_lines(copy: int) -> list[bytes]:
    """One copy of every kind of line the engine must get right; the ids tell copies
    apart, so a line out of order shows."""
    n = copy * 100
    return [
        # quotes, spacing and a name to fix; other fields of every JSON type
        f'{{"id": {n + 1}, "title": "Talks", "text": "The minister said : \u201cwe will pay '
        f'$ 2.5 billion \u201d, adding that Rosoboroexport agreed .", "score": 0.75, '
        f'"rank": -3e2, "tags": ["defence", 7, null], "draft": false, "live": true, '
        f'"editor": null, "meta": {{"text": "$ 4", "n": [1, {{"x": {{}}}}]}}}}\n'.encode(),
        # CRLF, compact separators, ASCII-only escapes, the field not first
        (f'{{"source":"wire","text":"Officials confirmed the figure , which was '
         f'\\u201cfinal\\u201d for $ 3 million .","id":{n + 2}}}\r\n').encode(),
        # raw non-ASCII (kept raw), an escaped astral character, a raw U+2028 in the text
        f'{{"id": {n + 3}, "text": "Delegates from Z\u00fcrich and K\u00f6ln arrived ; '
        f'talks lasted 3 hours.\u2028A second part ,after the break .", '
        f'"emoji": "\\ud83d\\ude00"}}\n'.encode(),
        # escapes inside the document: quote, backslash, solidus, tab
        (f'{{"id": {n + 4}, "text": "He typed \\"C:\\\\data\\/in\\" and\\tleft , '
         f'then said  \\"no\\" ."}}\n').encode(),
        f'{{"id": {n + 5}, "text": "unterminated}}\n'.encode(),  # malformed
        f'{{"id": {n + 6}, "body": "no text field"}}\n'.encode(),  # no field
        f'{{"id": {n + 7}, "text": 42}}\n'.encode(),  # the field is not a string
        b"\n",  # blank
        b"  \t\r\n",  # blank, with CRLF
        f'{{"id": {n + 10}, "text": "caf'.encode() + b'\xe9 , bar"}\n',  # not UTF-8
        f'{{"id": {n + 11}, "text": "Nothing to fix here."}}\n'.encode(),
        f'[{n + 12}, "a list is not a record"]\n'.encode(),
    ]


def corpus(copies: int = 12, *, final_newline: bool = False) -> bytes:
    """Enough copies for several blocks, so both workers take some; the file ends
    without a newline unless asked."""
    data = b"".join(line for c in range(copies) for line in corpus_lines(c))
    return data if final_newline else data + b'{"id": 9999, "text": "The end ."}'


def single_process(data: bytes, mode: str, config: Config = DEFAULT_CONFIG,
                   metrics_field: str | None = None) -> tuple[bytes, list[int]]:
    """The reference: a plain loop of `fix_record` (or `check_record`) over the lines.
    A line's ending is kept; a blank line, or one that is not a UTF-8 record with the
    field, passes through, and the latter is reported by number."""
    parts = data.split(b"\n")
    lines = [p + b"\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    out, bad = [], []
    for number, line in enumerate(lines, 1):
        ending = b"\r\n" if line.endswith(b"\r\n") else b"\n" if line.endswith(b"\n") else b""
        body = line[:len(line) - len(ending)]
        if not body.strip():
            out.append(line)
            continue
        record = fix_record if mode == "fix" else check_record
        try:
            done = record(body.decode("utf-8"), "text", config, metrics_field=metrics_field)
        except (UnicodeDecodeError, BadLine):
            out.append(line)
            bad.append(number)
            continue
        out.append(done.line.encode("utf-8") + ending)
    return b"".join(out), bad


def test_reference_sees_every_kind_of_line() -> None:
    """The corpus is no empty test: the loop fixes some lines, keeps others, and finds
    the malformed ones."""
    data = corpus(copies=1)
    fixed, bad = single_process(data, "fix")
    assert bad == [5, 6, 7, 10, 12]
    got = fixed.split(b"\n")
    assert b"Rosoboronexport agreed." in got[0] and b'"score": 0.75' in got[0]
    assert got[1].endswith(b"$3 million.\",\"id\":2}\r")
    assert "Zürich and Köln arrived;".encode() in got[2]
    assert got[9:11] == data.split(b"\n")[9:11]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64, 10_000])
def test_split_lines_wherever_the_chunks_cut(size: int) -> None:
    data = corpus(copies=2)
    chunks = [data[i:i + size] for i in range(0, len(data), size)]
    assert b"".join(distributed.split_lines(chunks)) == data
    assert len(list(distributed.split_lines(chunks))) == data.count(b"\n") + 1


def test_fix_equals_single_process(cluster: None, tmp_path: Path) -> None:
    """Same bytes (line order, other fields, endings, malformed lines) and the malformed
    lines by number."""
    data = corpus()
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(data)
    summary = distributed.fix_jsonl(str(src), str(dst), workers=2, block_bytes=BLOCK)
    expected, bad = single_process(data, "fix")
    assert dst.read_bytes() == expected
    assert [number for number, _ in summary.malformed] == bad
    assert summary.documents == 12 * 5 + 1
    assert summary.changed == 12 * 4 + 1
    assert not list(tmp_path.glob("*.part"))


def test_gzip_and_metrics_equal_single_process(cluster: None, tmp_path: Path) -> None:
    """A `.jsonl.gz` in and out, with per-document metrics added to each record."""
    data = corpus(final_newline=True)
    src, dst = tmp_path / "in.jsonl.gz", tmp_path / "out.jsonl.gz"
    src.write_bytes(gzip.compress(data))
    distributed.fix_jsonl(str(src), str(dst), metrics_field="cleanup", block_bytes=BLOCK)
    expected, _ = single_process(data, "fix", metrics_field="cleanup")
    assert gzip.decompress(dst.read_bytes()) == expected
    assert json.loads(expected.split(b"\n")[0])["cleanup"]["fixes"] >= 4


def test_check_command_equals_single_process(cluster: None, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """`python -m cleanup.distributed --check`: the settings of the configuration file
    reach the workers, each malformed line is one error line, and the exit code is 2."""
    data = corpus()
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(data)
    (tmp_path / ".cleanup.toml").write_text('select = ["spacing"]\n', encoding="utf-8")
    code = distributed.main([str(src), "-o", str(dst), "--check", "--metrics-field", "m",
                             "-q"])
    config = Config(select=("spacing",))
    expected, bad = single_process(data, "check", config, metrics_field="m")
    assert dst.read_bytes() == expected
    assert b'"per_1000_words": {"spacing": ' in expected and b'"quotes"' not in expected
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert [line.split(": error: ")[0] for line in errors] == [f"{src}:{n}" for n in bad]
    assert code == 2


def test_ray_is_shut_down_when_the_run_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cluster we started is shut down even when the run raises."""
    ray = pytest.importorskip("ray", reason=NEEDS_RAY)
    calls = []
    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setattr(ray, "init", lambda **kwargs: calls.append("init"))
    monkeypatch.setattr(ray, "shutdown", lambda: calls.append("shutdown"))

    def fail(*args: object) -> None:
        raise RuntimeError("a worker died")

    monkeypatch.setattr(distributed, "_run", fail)
    with pytest.raises(RuntimeError):
        distributed.fix_jsonl("in.jsonl", "out.jsonl")
    assert calls == ["init", "shutdown"]


def test_without_ray_the_command_says_what_to_install(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray raises ImportError
    assert distributed.main(["in.jsonl", "-o", "out.jsonl"]) == 2
    assert "pip install 'cleanup[ray]'" in capsys.readouterr().err


def test_cleanup_command_does_not_import_ray(tmp_path: Path) -> None:
    """The engine is a separate entry point: `cleanup` starts as fast with the extra."""
    path = tmp_path / "a.txt"
    path.write_text("for $ 5\n", encoding="utf-8")
    probe = ("import runpy, sys\nsys.argv = ['cleanup', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('cleanup', run_name='__main__')\n"
             "except SystemExit:\n    pass\nprint('ray' in sys.modules)")
    for args in (["--help"], ["fix", str(path)]):
        result = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True,
                                text=True, check=True)
        assert result.stdout.splitlines()[-1] == "False", args


def test_every_option_is_in_the_doc() -> None:
    doc = (Path(__file__).parent.parent / "docs" / "distributed.md").read_text(encoding="utf-8")
    for action in distributed._parser()._actions:
        for option in set(action.option_strings) - {"-h", "--help"}:
            assert f"`{option}`" in doc, option


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("mode", ["fix", "check"])
def test_the_cleanup_command_gives_the_reference_bytes(tmp_path: Path, jobs: str,
                                                       mode: str) -> None:
    """`cleanup fix|check --jsonl` on the same corpus writes what the reference loop (and
    so the Ray engine) writes, and reports the same malformed lines."""
    from typer.testing import CliRunner

    from cleanup.cli import app

    data = corpus(copies=30)
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(data)
    result = CliRunner().invoke(app, [mode, "--jsonl", "-j", jobs, "--metrics-field", "m",
                                      str(src), "-o", str(dst)])
    expected, bad = single_process(data, mode, metrics_field="m")
    assert dst.read_bytes() == expected
    assert src.read_bytes() == data
    reported = [int(line.split(":")[1]) for line in result.output.splitlines()
                if ": error: " in line]
    assert reported == bad


def test_a_bom_before_the_first_record_is_kept_by_both_engines() -> None:
    """The runner and the Ray engine work a line with the same function."""
    line = distributed.work_line(b'\xef\xbb\xbf{"text": "for $ 5 ."}\n', "fix", "text",
                                 DEFAULT_CONFIG)
    assert line.line == b'\xef\xbb\xbf{"text": "for $5."}\n' and line.bad is None
