"""Hundreds of rules should cost about what ten do: `check` time against rule count.

Writes synthetic rule folders (name rules with variants, flag rules with phrases, half
of them case-insensitive) of 10, 100 and 1,000 rules, and times `check_text` with
each alone (no built-in rules) on the same news corpus, best of three. The ratio is
against the 10-rule folder in the same run.

    python bench/bench_rules.py [--mb 3]
"""

import argparse
import json
import random
import string
import tempfile
import time
from pathlib import Path

from corpus import build

from cleanup import Config, check_text

COUNTS = (10, 100, 1000)


def _word(rng: random.Random) -> str:
    return rng.choice(string.ascii_uppercase) + "".join(
        rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 11)))


def write_rules(folder: Path, count: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    common = ["the", "of", "in", "side", "framework", "within", "recall", "that", "noted"]
    names, flags = [], []
    for i in range(count // 2):
        word = _word(rng)
        names.append({"id": f"n{i:04d}", "kind": "name", "message": "m", "canonical": word,
                      "variants": [word[:-1] + "x", word + "s" + word[-1]]})
    for i in range(count - count // 2):
        phrase = " ".join(rng.choice(common) for _ in range(2)) + " " + _word(rng).lower()
        flags.append({"id": f"f{i:04d}", "kind": "flag", "message": "m", "phrases": [phrase],
                      "ignorecase": i % 2 == 0})
    for name, rules in (("names.toml", names), ("flags.toml", flags)):
        lines = []
        for rule in rules:
            lines.append("[[rule]]")
            lines += [f"{k} = {json.dumps(v)}" if not isinstance(v, bool)
                      else f"{k} = {'true' if v else 'false'}" for k, v in rule.items()]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=3.0)
    args = parser.parse_args()
    text = build(int(args.mb * 1_000_000))
    times = {}
    for count in COUNTS:
        with tempfile.TemporaryDirectory() as folder:
            write_rules(Path(folder), count)
            config = Config(rule_dirs=(folder,), builtin_rules=False, select=("names", "flags"),
                            ignore=("names/consistency",))
            check_text("warm up", config)  # load and compile outside the timing
            best = float("inf")
            for run in range(3):
                fresh = f"{text}\n\n{run}"  # no cache has seen it (bench_check.py)
                start = time.perf_counter()
                check_text(fresh, config)
                best = min(best, time.perf_counter() - start)
            times[count] = best
    print(f"check_text on {args.mb:.0f} MB of WMT news, rule files only, best of 3")
    for count in COUNTS:
        print(f"{count:5d} rules: {times[count]:.3f} s  ratio {times[count] / times[10]:.2f}")


if __name__ == "__main__":
    main()
