"""Load: `check` and `fix` on 100,000 small files and on a 1 GB file, in bounded memory.

Issue 13 asks that both complete in bounded memory; this prints seconds, MB/s and the
peak memory of the largest process (GNU time, as in `bench_corpus.py`). The small files
are the paragraphs of the benchmark's articles, one a file; `fix` works on copies.

    python bench/bench_load.py            # 100,000 files and 1 GB: about an hour here
    python bench/bench_load.py --files 20000 --no-gb
"""

import argparse
import os
import shutil
import sys
from pathlib import Path

import bench_corpus
import make_corpus

HERE = Path(__file__).resolve().parent
CORPUS = HERE / ".corpus"


def small_files(folder: Path, count: int) -> Path:
    """`count` files of one paragraph each, from the benchmark's articles, in folders
    of 1,000; written once."""
    if folder.is_dir() and sum(1 for _ in folder.rglob("*.txt")) == count:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    paragraphs = (p for article in sorted((CORPUS / "articles").glob("*.txt"))
                  for p in article.read_text(encoding="utf-8").split("\n\n") if p.strip())
    made = 0
    while made < count:
        for paragraph in paragraphs:
            path = folder / f"{made // 1000:03}" / f"{made % 1000:03}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(paragraph.strip() + "\n", encoding="utf-8")
            made += 1
            if made == count:
                break
        else:
            raise SystemExit("bench_load: the articles have too few paragraphs")
    return folder


def measure(label: str, command: list[str], size: int) -> str:
    env = {**os.environ, "CLEANUP_CACHE_DIR": str(CORPUS / ".load-cache"),
           "GIT_CEILING_DIRECTORIES": str(CORPUS.parent)}  # git ignores the corpus
    seconds, peak, code, errors = bench_corpus.run_once(command, env, timeout=4 * 3600)
    ok = "" if code in (0, 1) else f" (exit {code}: {errors.strip().splitlines()[-1:]})"
    return (f"| {label} | {size / make_corpus.MB:,.1f} | {seconds:,.0f} | "
            f"{size / make_corpus.MB / seconds:.2f} | {peak:,.0f} |{ok}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--no-gb", action="store_true")
    parser.add_argument("--jobs", default="2")
    options = parser.parse_args()
    make_corpus.ensure(CORPUS, make_corpus.FULL, not options.no_gb)
    cleanup = [str(HERE / ".venv" / "bin" / "cleanup")]
    if not Path(cleanup[0]).exists():
        cleanup = [sys.executable, "-m", "cleanup"]
    rows = ["| run | MB | s | MB/s | peak MB |", "|---|--:|--:|--:|--:|"]
    small = small_files(CORPUS / f"small-{options.files}", options.files)
    size = sum(p.stat().st_size for p in small.rglob("*.txt"))
    jobs = ["--jobs", options.jobs, "--no-cache", "-q"]
    rows.append(measure(f"check, {options.files:,} files", [*cleanup, "check", *jobs,
                                                             str(small)], size))
    copy = CORPUS / "load-copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(small, copy)
    rows.append(measure(f"fix, {options.files:,} files", [*cleanup, "fix", *jobs, str(copy)],
                        size))
    shutil.rmtree(copy)
    if not options.no_gb:
        big = CORPUS / "news-1000mb.txt"
        rows.append(measure("check, 1 GB file", [*cleanup, "check", *jobs, str(big)],
                            big.stat().st_size))
        copy.mkdir()
        shutil.copyfile(big, copy / big.name)
        rows.append(measure("fix, 1 GB file", [*cleanup, "fix", *jobs, str(copy / big.name)],
                            big.stat().st_size))
        shutil.rmtree(copy)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
