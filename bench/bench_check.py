"""`cleanup check` against ftfy alone on the same 10 MB of news, as a ratio.

Target (from the corpora issue): check at least as fast as ftfy, ratio <= 1.0.
Both run in this process, on the same text, best of three, so the machine's speed
cancels out of the ratio. Each run gets a copy no cache has seen (a digit differs at the
end): a cache keyed by the text would otherwise time the first run and replay it.

    python bench/bench_check.py [--mb 10]
"""

import argparse
import time
from collections.abc import Callable

import ftfy
from corpus import build

from cleanup import check_text, fix_text


def best_of(runs: int, work: Callable[[str], object], text: str) -> float:
    times = []
    for run in range(runs):
        fresh = f"{text}\n\n{run}"
        start = time.perf_counter()
        work(fresh)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    text = build(int(args.mb * 1_000_000))
    size = len(text.encode()) / 1e6
    baseline = best_of(args.runs, ftfy.fix_text, text)
    check = best_of(args.runs, check_text, text)
    fix = best_of(args.runs, fix_text, text)
    print(f"corpus: {size:.1f} MB of WMT English news, best of {args.runs}")
    print(f"ftfy.fix_text (baseline): {baseline:6.2f} s  {size / baseline:5.1f} MB/s")
    print(f"cleanup check_text:       {check:6.2f} s  ratio {check / baseline:.2f}")
    print(f"cleanup fix_text:         {fix:6.2f} s  ratio {fix / baseline:.2f}")


if __name__ == "__main__":
    main()
