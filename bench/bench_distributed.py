"""The Ray engine against a loop in one process, on a 20 MB JSONL of English news.

Builds the corpus in a temporary folder from `../shared/data/perf-src/` (one record a
document), fixes it once with a plain loop over the lines and once with
`cleanup.distributed.fix_jsonl` on a local Ray cluster, checks the two outputs are the
same bytes, and prints the times (Ray's start-up apart from its run).

    pip install -e '.[ray]' && python bench/bench_distributed.py [MEGABYTES] [WORKERS]
"""

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from corpus import english_documents

from cleanup import distributed
from cleanup.backends import Backends
from cleanup.config import Config


def build(path: Path, size: int) -> int:
    """Records of English news until `size` bytes; the same document may come again
    (with its own id) when the files hold less than that."""
    written = count = 0
    with path.open("w", encoding="utf-8") as out:
        while written < size:
            for text in english_documents():
                line = json.dumps({"id": count, "lang": "en", "text": text},
                                  ensure_ascii=False) + "\n"
                out.write(line)
                written += len(line.encode())
                count += 1
                if written >= size:
                    break
    return count


def single_process(src: Path, dst: Path) -> None:
    with src.open("rb") as lines, dst.open("wb") as out, Backends() as backends:
        for line in lines:
            out.write(distributed.work_line(line, "fix", "text", Config(), None, backends).line)


def main() -> None:
    import ray

    size = int(float(sys.argv[1]) * 1_000_000) if len(sys.argv) > 1 else 20_000_000
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    with tempfile.TemporaryDirectory() as folder:
        src, one, many = (Path(folder) / n for n in ("in.jsonl", "one.jsonl", "ray.jsonl"))
        count = build(src, size)
        print(f"{src.stat().st_size / 1e6:.1f} MB, {count} documents")
        start = time.perf_counter()
        single_process(src, one)
        print(f"single process: {time.perf_counter() - start:.1f} s, "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB at most")
        start = time.perf_counter()
        ray.init(num_cpus=2, logging_level="WARNING", log_to_driver=False)
        try:
            started = time.perf_counter()
            summary = distributed.fix_jsonl(str(src), str(many), workers=workers)
            done = time.perf_counter()
        finally:
            ray.shutdown()
        print(f"ray, {workers} workers: {done - started:.1f} s "
              f"(+ {started - start:.1f} s to start the local cluster)")
        print(f"{summary.documents} documents, {summary.changed} changed, "
              f"{len(summary.malformed)} malformed")
        print("same bytes" if one.read_bytes() == many.read_bytes() else "OUTPUTS DIFFER")


if __name__ == "__main__":
    main()
