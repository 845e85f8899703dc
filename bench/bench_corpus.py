"""cleanup on whole corpora, against the tools a user would otherwise run over them.

Every tool runs as its command, as a user would run it, from bench/.venv (bench/setup.sh
makes it), on the corpora of make_corpus.py (written first if missing). We take the wall
time (best of N) and the peak memory of the child (`os.wait4`'s `ru_maxrss`: the largest
single process among the child and its workers, not their sum), and compare each with a
baseline measured in the same run, so the machine's speed cancels out of the ratio:
`ratio` is seconds per MB against the baseline's. Each target prints PASS or FAIL.

Options the CLI does not have yet (`--jobs`, `--no-cache`) are dropped and the command run
without them, marked "not available yet"; one that changes what is read (`--jsonl`) leaves
its row empty. Exit 1 (findings) is normal; any other failure is shown in the row.

Two things keep the runs honest. Each run has its own cache folder (`CLEANUP_CACHE_DIR`),
warmed as a user's second run would find it, but the cache benchmark starts each first run
from an empty one. And `GIT_CEILING_DIRECTORIES` stops git at the corpus's parent: a folder
walk leaves out what git ignores, and bench/.corpus is git-ignored.

    sh bench/setup.sh && python bench/bench_corpus.py [--quick] [--gb]
"""

import argparse
import contextlib
import datetime
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import make_corpus

MB = make_corpus.MB
HERE = Path(__file__).resolve().parent
#: Options the CLI is gaining; without them the command still measures today's code.
DROPPABLE = {"--jobs": 1, "--no-cache": 0}  # option: how many values follow it
#: Exit codes that mean the tool ran and found something (or nothing).
FINE = {"cleanup": {0, 1}, "codespell": {0, 65}, "typos": {0, 2}, "ftfy": {0},
        "proselint": {0, 1}}


class Result(NamedTuple):
    seconds: float | None  # best of the runs; None when it did not run
    peak_mb: float | None  # the largest over the runs
    note: str = ""  # why it did not run, or which options were dropped
    dropped: tuple[str, ...] = ()


class Row(NamedTuple):
    key: str  # what the targets call it: "text/ftfy"
    benchmark: str
    command: str
    input: str
    size: int  # bytes read
    result: Result
    baseline: bool = False


#: GNU time, to read a command's own peak memory (see `run_once`); without it, wait4's.
GNU_TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def run_once(command: list[str], env: dict[str, str],
             timeout: float) -> tuple[float, float, int, str]:
    """Seconds, peak MB, exit code and standard error of one run; output goes nowhere."""
    with tempfile.TemporaryFile() as errors, tempfile.NamedTemporaryFile() as peak:
        # GNU time forks a small process to exec the command: a child forked from this
        # one would carry our own high-water mark of memory through its exec.
        timed = ([GNU_TIME, "-q", "-f", "%M", "-o", peak.name, *command]
                 if GNU_TIME else command)
        start = time.perf_counter()
        child = subprocess.Popen(timed, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        timer = threading.Timer(timeout, child.kill)
        timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
        kilobytes = usage.ru_maxrss
        if GNU_TIME:
            with contextlib.suppress(ValueError):
                kilobytes = int(peak.read().decode().split()[-1])
    if child.returncode == -9 and seconds >= timeout:
        stderr = f"timed out after {timeout:.0f} s"
    return seconds, kilobytes * 1024 / MB, child.returncode, stderr


def without(command: list[str], option: str) -> list[str]:
    at = command.index(option)
    return command[:at] + command[at + 1 + DROPPABLE[option]:]


class Bench:
    """Runs commands; a command run twice in one benchmark run is measured once."""

    def __init__(self, venv: Path, env: dict[str, str], runs: int, timeout: float) -> None:
        self.venv, self.env, self.runs, self.timeout = venv, env, runs, timeout
        self.measured: dict[tuple[str, ...], Result] = {}

    def tool(self, name: str, *args: str | Path) -> list[str]:
        return [str(self.venv / "bin" / name), *map(str, args)]

    def measure(self, command: list[str], runs: int | None = None, warm_up: bool = False,
                env: dict[str, str] | None = None) -> Result:
        """Best of `runs`, without the options the CLI does not have yet. A run with its
        own `env` is never remembered (the cache benchmark needs each run anew)."""
        dropped: list[str] = []
        while True:
            key = tuple(command)
            if env is None and key in self.measured:
                result = self.measured[key]
                break
            outcome = self._best(command, runs or self.runs, warm_up, env or self.env)
            if isinstance(outcome, str):
                dropped.append(outcome)
                command = without(command, outcome)
                continue
            result = outcome
            if env is None:
                self.measured[key] = result
            break
        if dropped:
            note = f"not available yet: {', '.join(dropped)}; measured without"
            return result._replace(note=note, dropped=tuple(dropped))
        return result

    def _best(self, command: list[str], runs: int, warm_up: bool,
              env: dict[str, str]) -> Result | str:
        """The result of `runs` runs, or the droppable option the CLI says it lacks."""
        times, peaks = [], []
        for _ in range(runs + warm_up):
            seconds, peak, code, stderr = run_once(command, env, self.timeout)
            missing = re.search(r"No such option: (--[\w-]+)", stderr)
            if missing and missing[1] in DROPPABLE and missing[1] in command:
                return missing[1]
            if missing:
                return Result(None, None, f"not available yet ({missing[1]})")
            if code not in FINE[Path(command[0]).name]:
                last = ([line for line in stderr.splitlines() if line.strip()] or [""])[-1]
                return Result(None, None, f"failed: exit {code}: {last[:80]}")
            times.append(seconds)
            peaks.append(peak)
        return Result(min(times[warm_up:]), max(peaks))


def size_of(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir())
    return path.stat().st_size


def shown(command: list[str], *folders: Path) -> str:
    """The command as a reader would type it: tool names bare, paths in `folders` relative."""
    words = [Path(command[0]).name, *command[1:]]
    for folder in folders:
        words = [word.replace(f"{folder}/", "") for word in words]
    return " ".join(words)


def run_all(bench: Bench, corpus: Path, work: Path, files: dict[str, str],
            scaling: list[str], startup_runs: int, only: set[str]) -> list[Row]:
    """Every benchmark in `only`, in the order of the table; the first row of each is
    its baseline."""
    rows: list[Row] = []
    check = bench.tool("cleanup", "check")
    one = [*check, "--jobs", "1", "--no-cache"]  # one process, nothing kept between runs

    def row(key: str, benchmark: str, command: list[str], path: Path, runs: int | None = None,
            warm_up: bool = False) -> None:
        print(f"  {benchmark}: {shown(command, corpus, work)}", file=sys.stderr, flush=True)
        result = bench.measure(command, runs, warm_up)
        baseline = not rows or rows[-1].benchmark != benchmark
        rows.append(Row(key, benchmark, shown(command, corpus, work), path.name, size_of(path),
                        result, baseline))

    def once(path: Path) -> int | None:  # 100 MB and more: best of three would take long
        return 1 if path.stat().st_size >= 100 * MB else None

    text, folder = corpus / files["text"], corpus / files["articles"]
    if "text" in only:
        row("text/ftfy", text.name, bench.tool("ftfy", text), text)
        row("text/cleanup", text.name, [*one, str(text)], text)
        row("text/typos", text.name, bench.tool("typos", text), text)
    if "articles" in only:
        name = f"{len(list(folder.iterdir()))} articles"
        row("articles/codespell", name, bench.tool("codespell", folder), folder)
        row("articles/jobs2", name, [*check, "--jobs", "2", "--no-cache", str(folder)], folder)
        row("articles/jobs1", name, [*one, str(folder)], folder)
        row("articles/typos", name, bench.tool("typos", folder), folder)
    if "cache" in only:
        rows += cache_rows(bench, [*check, str(folder)], folder, corpus)
    if "startup" in only:
        small = corpus / files["small"]
        row("startup/codespell", "start-up", bench.tool("codespell", small), small,
            startup_runs, warm_up=True)
        row("startup/cleanup", "start-up", [*check, str(small)], small, startup_runs,
            warm_up=True)
    if "proselint" in only:
        sliced = corpus / files["slice"]
        name = f"{len(list(sliced.iterdir()))} articles"
        row("proselint/proselint", name, bench.tool("proselint", "check", sliced), sliced, 1)
        row("proselint/cleanup", name, [*one, str(sliced)], sliced)
    if "scaling" in only:
        for number, name in enumerate(scaling):
            path = corpus / name
            row(f"scaling/{number}", "scaling", [*one, str(path)], path, once(path))
    if "jsonl" in only:
        jsonl = corpus / files["jsonl"]
        row("jsonl/check", jsonl.name, [*check, "--jsonl", "--field", "text", str(jsonl)],
            jsonl, once(jsonl))
        row("jsonl/fix", jsonl.name, bench.tool("cleanup", "fix", "--jsonl", "--field", "text",
                                                jsonl, "-o", work / "fixed.jsonl"),
            jsonl, once(jsonl))
    if "gb" in only and files.get("gb"):
        gb = corpus / files["gb"]
        row("gb/cleanup", "memory", [*check, "--no-cache", str(gb)], gb, 1)
    return rows


def cache_rows(bench: Bench, command: list[str], folder: Path, corpus: Path) -> list[Row]:
    """A first run on an empty cache folder, then a second on the same folder, N times."""
    print(f"  cache: {shown(command, corpus)} (twice)", file=sys.stderr, flush=True)
    first: list[Result] = []
    second: list[Result] = []
    for _ in range(bench.runs):
        with tempfile.TemporaryDirectory(prefix="cache-") as cache:
            env = {**bench.env, "CLEANUP_CACHE_DIR": cache}
            first.append(bench.measure(command, 1, env=env))
            second.append(bench.measure(command, 1, env=env))

    def best(results: list[Result]) -> Result:
        times = [r.seconds for r in results if r.seconds is not None]
        peaks = [r.peak_mb for r in results if r.peak_mb is not None]
        return Result(min(times), max(peaks)) if len(times) == len(results) else results[0]

    name, size = shown(command, corpus), size_of(folder)
    return [Row("cache/first", "cache", f"{name} (first run)", folder.name, size,
                best(first), baseline=True),
            Row("cache/second", "cache", f"{name} (second run)", folder.name, size,
                best(second))]


def per_mb(row: Row | None) -> float | None:
    """Seconds per MB, the cost every ratio compares."""
    if row is None or row.result.seconds is None:
        return None
    return row.result.seconds / (row.size / MB)


def table(rows: list[Row]) -> str:
    """The Markdown table: ratio is seconds per MB against the benchmark's baseline."""
    lines = ["| benchmark | command | input | s | MB/s | peak MB | ratio | note |",
             "|---|---|---|---:|---:|---:|---:|---|"]
    base: float | None = None
    for row in rows:
        if row.baseline:
            base = per_mb(row)
        seconds, cost = row.result.seconds, per_mb(row)
        cells = [row.benchmark, f"`{row.command}`", row.input,
                 "—" if seconds is None else f"{seconds:.3f}" if seconds < 1 else f"{seconds:.2f}",
                 "—" if cost is None or row.size < 100_000 else f"{1 / cost:.2f}",
                 "—" if row.result.peak_mb is None else f"{row.result.peak_mb:.0f}",
                 "1.00 (baseline)" if row.baseline and cost else
                 "—" if cost is None or not base else f"{cost / base:.2f}",
                 row.result.note]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


class Target(NamedTuple):
    """A goal of the corpora issue: cost of `top` over cost of `bottom`, against a limit."""

    wanted: str
    top: str
    bottom: str
    at_least: bool  # True: the ratio must reach `limit`; False: stay at or under it
    limit: float


TARGETS = (
    Target("check, one process, no slower than ftfy on the text", "text/cleanup", "text/ftfy",
           False, 1.0),
    Target("check --jobs 2 on the articles no slower than codespell", "articles/jobs2",
           "articles/codespell", False, 1.0),
    Target("--jobs 2 at least 1.7x faster than --jobs 1 on the articles", "articles/jobs1",
           "articles/jobs2", True, 1.7),
    Target("a second run with the cache at least 5x faster than the first", "cache/first",
           "cache/second", True, 5.0),
    Target("start-up on a small file no slower than codespell", "startup/cleanup",
           "startup/codespell", False, 1.0),
    Target("throughput at least 20x proselint's (the same articles)", "proselint/proselint",
           "proselint/cleanup", True, 20.0),
)


def verdicts(rows: list[Row], gb: bool) -> list[str]:
    """One line a target: PASS or FAIL with the ratio, or why there is none."""
    found = {row.key: row for row in rows}
    lines = []
    for target in TARGETS:
        top, bottom = found.get(target.top), found.get(target.bottom)
        wanted = f"{target.wanted} ({'>=' if target.at_least else '<='} {target.limit:g})"
        lines.append(verdict(wanted, [top, bottom], lambda t=top, b=bottom: per_mb(t) / per_mb(b),
                             lambda v, t=target: v >= t.limit if t.at_least else v <= t.limit))
    scaling = [row for row in rows if row.benchmark == "scaling"]
    start = found.get("startup/cleanup")

    def marginal(row: Row) -> float:
        """Seconds per MB once started: linear cost is what more input adds, and a start
        of a fifth of a second would otherwise weigh on 1 MB alone."""
        assert start is not None and start.result.seconds is not None
        return ((row.result.seconds or 0.0) - start.result.seconds) / (row.size / MB)

    lines.append(verdict(
        "seconds per MB once started, across the scaling series, within 1.3x of each "
        "other (max/min <= 1.3)", [*(scaling or [None]), start],
        lambda: max(map(marginal, scaling)) / min(map(marginal, scaling)),
        lambda v: v <= 1.3))
    if gb:
        lines.append(verdict("peak memory under 100 MB on the 1 GB file (MB)",
                             [found.get("gb/cleanup")],
                             lambda: found["gb/cleanup"].result.peak_mb, lambda v: v < 100))
    return lines


def verdict(wanted: str, rows: list[Row | None], value: Callable[[], float],
            passes: Callable[[float], bool]) -> str:
    if any(row is None for row in rows):
        return f"- NOT RUN: {wanted}"
    if any(row.result.note.startswith("failed") for row in rows):
        return f"- NO RESULT (a run failed): {wanted}"
    if any(row.result.seconds is None for row in rows):
        return f"- NOT AVAILABLE YET: {wanted}"
    dropped = sorted({option for row in rows for option in row.result.dropped})
    measured = value()
    if dropped:
        would = "pass" if passes(measured) else "fail"
        return (f"- NOT AVAILABLE YET ({', '.join(dropped)}): {wanted}; measured without "
                f"them: {measured:.2f}, would {would}")
    return f"- {'PASS' if passes(measured) else 'FAIL'}: {wanted}: {measured:.2f}"


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=HERE,
                            capture_output=True, text=True).stdout.strip()
    return (f"{datetime.date.today()}, commit {commit}; {os.cpu_count()} cores ({cpu}), "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="small corpora (bench/.corpus-quick) and one run: does it work?")
    parser.add_argument("--gb", action="store_true", help="also the 1 GB file (takes long)")
    parser.add_argument("--corpus", type=Path, help="the corpus folder (default bench/.corpus)")
    parser.add_argument("--venv", type=Path, default=HERE / ".venv",
                        help="where the tools are (default bench/.venv, from setup.sh)")
    parser.add_argument("--runs", type=int, help="best of how many (default 3, quick 1)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds a run may take")
    groups = ("text", "articles", "cache", "startup", "proselint", "scaling", "jsonl", "gb")
    parser.add_argument("--only", action="append", choices=groups, help="these benchmarks")
    args = parser.parse_args()
    if not (args.venv / "bin" / "cleanup").exists():
        sys.exit(f"bench_corpus: no {args.venv}/bin/cleanup: run sh bench/setup.sh first")
    sizes = make_corpus.QUICK if args.quick else make_corpus.FULL
    corpus = (args.corpus or HERE / (".corpus-quick" if args.quick else ".corpus")).resolve()
    manifest = make_corpus.ensure(corpus, sizes, args.gb)
    runs = args.runs or (1 if args.quick else 3)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as work:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"CLEANUP_CACHE_DIR": os.path.join(work, "cache"),
                "GIT_CEILING_DIRECTORIES": str(corpus.parent)}
        bench = Bench(args.venv, env, runs, args.timeout)
        only = set(args.only or groups) - (set() if args.gb else {"gb"})
        rows = run_all(bench, corpus, Path(work), manifest["files"], manifest["scaling"],
                       1 if args.quick else 10, only)
    print(f"Run of {machine()}; load average {load:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end (above the cores: other work shared them).")
    print(f"Best of {runs} (start-up: of {1 if args.quick else 10}; 100 MB inputs, proselint "
          "and 1 GB: once); MB = 10^6 bytes; peak MB: the largest process.\n")
    print(table(rows))
    print()
    print("\n".join(verdicts(rows, args.gb)))


if __name__ == "__main__":
    main()
