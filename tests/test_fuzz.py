"""Hostile text: the fuzz targets in a short run, and hypothesis over the shapes that hurt.

Each atheris target (fuzz/) runs for a fixed, seeded number of inputs in a subprocess:
enough to prove it runs and to catch a plain crash; the long run is in fuzz/README.md.
The hypothesis tests feed the same invariants (`fuzz.checks`) with what a coverage
fuzzer reaches only by luck: lone surrogates, NULs, every line ending, BOMs and odd
encodings, and the big shapes (long lines, many quote marks, deep nesting). Sizes and
example counts are small here; `CLEANUP_FUZZ_SCALE` and `CLEANUP_FUZZ_EXAMPLES` raise
them for a long run, and `CLEANUP_FUZZ_SECONDS_PER_MB` times every call.
"""

import codecs
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleanup import Config, check_text
from cleanup.config import DashStyle, QuoteStyle
from cleanup.corpus import work_line
from fuzz import checks, file_reader, jsonl_line, markdown_reader, seed_corpus

ROOT = Path(__file__).resolve().parent.parent
SCALE = int(os.environ.get("CLEANUP_FUZZ_SCALE", "1"))
BOUND = checks.bound_from_env(None)
FUZZ = settings(max_examples=int(os.environ.get("CLEANUP_FUZZ_EXAMPLES", "60")),
                deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                      HealthCheck.data_too_large])

# --- the atheris targets, briefly ---------------------------------------------------------

RUNS = {"fixers": 150, "markdown_reader": 100, "file_reader": 400, "jsonl_line": 150}


@pytest.mark.skipif(not (sys.platform == "linux" and platform.machine() == "x86_64"),
                    reason="atheris has wheels for Linux on x86-64 only (the test extra)")
@pytest.mark.parametrize("target", seed_corpus.TARGETS)
def test_atheris_target_runs_clean(target: str, tmp_path: Path) -> None:
    """A seeded, bounded run of the target finds no crash (inputs up to 512 bytes, none
    repeated past 4 KB, so it takes seconds; a hang fails on the subprocess timeout)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, data in enumerate(seed_corpus.inputs_for(target)[:20]):
        (corpus / f"seed-{i}").write_bytes(data)
    env = {**os.environ, "CLEANUP_FUZZ_MAX_REPEATED": "4096", "CLEANUP_FUZZ_SECONDS_PER_MB": "0"}
    done = subprocess.run(
        [sys.executable, "-m", f"fuzz.{target}", str(corpus), f"-runs={RUNS[target]}",
         "-seed=13", "-max_len=512", f"-dict={ROOT / 'fuzz' / 'cleanup.dict'}",
         f"-artifact_prefix={tmp_path}/"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Done" in done.stderr


# --- strategies for the shapes ------------------------------------------------------------

#: Any code point, lone surrogates and controls included.
any_char = st.characters(codec=None, categories=None)
FRAGMENTS = ['"', "“", "”", "„", "«", "»", "'", "’", " - ", "—", "$ ", " ,", " .", "\0",
             "\r\n", "\r", "\n", "\n\n", "\t", "\ufeff", "\u00a0", "\ud800", "\udfff",
             "https://x.org/a,b", "me@x.org", "Shoigu", "Москва", "&amp;", "â€œ", "`", "*",
             "_", "[", "]", "(", ")", "> ", "- ", "# ", "|", "<!-- cleanup: ignore -->"]
hostile = st.lists(st.sampled_from(FRAGMENTS) | st.text(any_char, max_size=4),
                   max_size=60).map("".join)
configs = st.builds(lambda q, d, unsafe, enc: Config(q, d, unsafe_fixes=unsafe,
                                                      ignore=("encoding",) if enc else ()),
                    st.sampled_from(list(QuoteStyle)), st.sampled_from(list(DashStyle)),
                    st.booleans(), st.booleans())
#: A piece repeated until the text is large: the shapes whose cost might grow too fast.
REPEATED = ['"', "“", "«", "„”", "'", "*", "**a", "_", "`", "[", "](", "> ", "\t- ", "1. ",
            "word ", "a", "\r\n", "\r", "\n", "\0", "\ud800", "$ ", " ,", " - ", "(", "<a>",
            "<!-- cleanup: ignore -->\n", "https://x.org/", "Shoigu Shoygu ", "Ab Ac "]
repeated = st.builds(lambda piece, times: piece * times, st.sampled_from(REPEATED),
                     st.integers(1, 2000 * SCALE))


def nested(depth: int) -> list[str]:
    """Markdown nested `depth` deep, each way it nests (a list, whose indent grows with
    its depth, at most 1,000 deep)."""
    return ["> " * depth + "a “b” , c",
            "".join("  " * i + "- a , b\n" for i in range(min(depth, 1000))),
            "[" * depth + "a" + "](x)" * depth, "*" * depth + "a" + "*" * depth,
            "`" * depth + " a " + "`" * depth, "<div>" * depth + "a , b" + "</div>" * depth]


# --- the fixes, the Markdown reader, the file reader, the corpus line ---------------------

@FUZZ
@given(hostile | repeated, configs)
def test_any_text_keeps_the_invariants(text: str, config: Config) -> None:
    """Fixed as plain text, any text keeps every invariant of `checks.check_fix`."""
    checks.check_fix(text, config, "text", BOUND)


@FUZZ
@given(hostile | repeated, configs)
def test_any_text_keeps_the_invariants_as_markdown(text: str, config: Config) -> None:
    """Read as Markdown, any text keeps them too, and its markup is never edited."""
    markdown_reader.check_markdown(text, config, BOUND)


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1251",
             "cp1252", "koi8-r", "utf-32", "shift_jis", "gb18030"]


@st.composite
def file_bytes(draw: st.DrawFn) -> bytes:
    """What a file may hold: text in some encoding, perhaps with a BOM that does or does
    not match it, mixed line endings, and bytes cut or spliced in."""
    text = draw(hostile).replace("\ud800", "").replace("\udfff", "")
    data = text.encode(draw(st.sampled_from(ENCODINGS)), "replace")
    data = draw(st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE,
                                 codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE])) + data
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=4)) + data[at:]
    if draw(st.booleans()):
        data = data[:draw(st.integers(0, len(data)))]  # cut, maybe inside a character
    return data


@FUZZ
@given(file_bytes(), st.integers(0, 255))
def test_any_bytes_read_as_a_file(data: bytes, pick: int) -> None:
    """Decoded whole or in blocks, and run as `fix --diff` does: the same text, or the
    same one-line error naming the file; never an internal error."""
    file_reader.check_file(data, pick, BOUND)


@st.composite
def corpus_lines(draw: st.DrawFn) -> bytes:
    """A JSON Lines line: a record around hostile text, escaped or not, or raw bytes."""
    if draw(st.integers(0, 4)) == 0:
        return draw(st.binary(max_size=60))
    record = {"id": 1, "text": draw(hostile | repeated), "tags": ["a"]}
    body = json.dumps(record, ensure_ascii=draw(st.booleans()))
    ending = draw(st.sampled_from([b"", b"\n", b"\r\n"]))
    bom = draw(st.sampled_from([b"", codecs.BOM_UTF8]))
    return bom + body.encode("utf-8", "surrogatepass") + ending


@FUZZ
@given(corpus_lines(), configs)
def test_any_corpus_line(raw: bytes, config: Config) -> None:
    """A corpus line is passed through, or fixed only in its field and to a fixed point."""
    jsonl_line.check_line(raw, config, BOUND)


# --- the big shapes, at a size ------------------------------------------------------------

def _shapes() -> list[tuple[str, str]]:
    big = 2_000 * SCALE  # SCALE=5000: the 10 MB lines and 100,000 quote marks
    return [
        ("one long line", "word , “quote” - $ 5 " * (big // 20)),
        ("quote marks", '"' * big), ("curly quote marks", "“" * big),
        ("quoted lines", '"a" b "c\n' * (big // 9)),
        ("mixed line endings", "a ,b\r\nc\rd\n" * (big // 10)),
        ("NULs", "a\0" * (big // 2)), ("lone surrogates", "a\ud800 " * (big // 3)),
        ("stars", "*" * big), ("backticks", "`" * big),
        ("suppressions", "<!-- cleanup: ignore -->\na , b\n" * (big // 30)),
        *((f"nested {i}", shape) for i, shape in enumerate(nested(big // 100))),
    ]


@pytest.mark.parametrize(("label", "text"), _shapes(), ids=[label for label, _ in _shapes()])
@pytest.mark.parametrize("markup", ["text", "markdown"])
def test_a_hostile_shape_keeps_the_invariants(label: str, text: str, markup: str) -> None:
    """Each shape named in issue 13, fixed and checked: no crash, no hang, invariants hold."""
    if markup == "markdown":
        markdown_reader.check_markdown(text, Config(), BOUND)
    else:
        checks.check_fix(text, Config(), markup, BOUND)


# --- what the fuzzers found ---------------------------------------------------------------

def test_a_lone_surrogate_escape_in_a_corpus_line_is_written_back_escaped() -> None:
    """`"\\ud800"` is valid JSON, but a lone surrogate has no UTF-8: a fixed line that kept
    one (the encoding repair not selected) raised UnicodeEncodeError out of work_line."""
    raw = b'{"text": "\xe2\x80\x9ca\\ud800 $ 5"}\n'
    line = work_line(raw, config=Config(ignore=("encoding",)))
    assert line.out == b'{"text": "\xe2\x80\x9ca\\ud800 $5"}\n'


def test_a_long_word_is_checked_in_bounded_memory() -> None:
    """A 3,001-letter capitalised word (a base64 blob, a long run of letters) is checked
    under a 1 GB address-space cap; it ran out of memory (1,001 letters took 690 MB and
    16 s; at 32,000 letters the machine's memory was not enough)."""
    code = ("import resource; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
            "from cleanup import check_text; check_text('A' + 'bc' * 1500)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-500:]


@pytest.mark.parametrize("command", [["check"], ["fix", "--diff"]])
def test_a_corpus_line_with_a_lone_surrogate_is_reported(command: list[str],
                                                        tmp_path: Path) -> None:
    """`cleanup check --jsonl` on a record holding `\\ud800` (valid JSON) ends in a
    report, not a traceback that stops the run."""
    corpus = tmp_path / "c.jsonl"
    corpus.write_bytes(b'{"text": "\\ud800 \xe2\x80\x9cx\xe2\x80\x9d $ 5 , y"}\n')
    done = subprocess.run([sys.executable, "-m", "cleanup", *command, "--jsonl", "--no-cache",
                           str(corpus)], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120,
                          check=False)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr[-800:]



def test_many_short_lines_are_no_backtracking_pattern() -> None:
    """1 MB of one-letter lines: the line rules' loop costs microseconds a line, and the
    scan's budget (1 s + 1 s per MB, for a pattern that backtracks) did not count them,
    so every built-in line rule raised RuleTimeout out of `check_text` (3 s against 2 s),
    and a run reported them as backtracking and left them out for the file."""
    assert check_text("a\n" * 500_000, Config(select=("residue",))) == []
