"""How often each rule fires on real MT output and on human translations of the same news.

Reads the WMT Russian-English releases by path (`../shared/data/perf-src/`): for each
year, every MT system's output and every human reference, document by document. A rule
earns its place when it fires far more often on MT than on human references; its
`evidence` field records the ratio on the development set: WMT21 and WMT22 news, and
MLQE-PE's MT output against its human post-edits (`mlqe`). WMT23 is held out.

    python eval/wmt_rules.py [--years 2021,2022,mlqe] [--family calques] [--markdown] [--fixes N]

Ratios use add-half smoothing: (MT hits + 0.5) / MT segments over
(reference hits + 0.5) / reference segments, so a rule never seen in references does
not get an infinite ratio from a handful of hits.
"""

import argparse
import re
import xml.etree.ElementTree as ET
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from cleanup import Config, check_text, fix_and_explain

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
PERF_SRC = SHARED / "perf-src"
MLQE = SHARED / "translation-qa" / "mlqe-pe-ru-en"
#: Moses tokenisation in MLQE-PE, undone so that phrases match: `word ,` and `hadn 't`.
_DETOKENIZE = (
    (re.compile(r" ([,.;:!?%)\]])"), r"\1"), (re.compile(r"([(\[]) "), r"\1"),
    (re.compile(r" ('s|'t|n't|'re|'ve|'ll|'d|'m)\b"), r"\1"),
    (re.compile(r"(\w) (n't)"), r"\1\2"), (re.compile(r" - "), "-"),
)
FILES = {"2021": "wmt21.newstest2021.ru-en.all.xml", "2022": "wmt22.wmttest2022.ru-en.all.xml",
         "2023": "wmt23.wmttest2023.ru-en.all.xml"}


def documents(year: str) -> Iterator[tuple[str, str, list[str]]]:
    """(side, name, segments) for every English side of every document: 'mt' or 'ref'.

    `year` is a WMT year, or `mlqe`: MLQE-PE's MT output against its human post-edits
    (each split in blocks of 50 sentences, to read as documents).
    """
    if year == "mlqe":
        for split in ("train", "dev", "test20"):
            for side, suffix in (("mt", "mt"), ("ref", "pe")):
                lines = [_detokenize(line.rstrip("\n")) for line in
                         (MLQE / f"{split}.{suffix}").open(encoding="utf-8")]
                for i in range(0, len(lines), 50):
                    yield side, f"mlqe-{split}-{i}", lines[i:i + 50]
        return
    root = ET.parse(PERF_SRC / FILES[year]).getroot()
    for doc in root.iter("doc"):
        for side, tag in (("ref", "ref"), ("mt", "hyp")):
            for element in doc.iter(tag):
                name = element.get("translator") or element.get("system") or "?"
                yield side, f"{doc.get('id')}:{name}", [s.text or "" for s in element.iter("seg")]


def _detokenize(line: str) -> str:
    for pattern, replacement in _DETOKENIZE:
        line = pattern.sub(replacement, line)
    return line


def count(years: list[str], config: Config) -> tuple[Counter[tuple[str, str]], Counter[str]]:
    """Hits per (side, rule), and segments per side."""
    hits: Counter[tuple[str, str]] = Counter()
    segments: Counter[str] = Counter()
    for year in years:
        for side, _, segs in documents(year):
            text = "\n\n".join(segs)
            starts = [0]
            for seg in segs[:-1]:
                starts.append(starts[-1] + len(seg) + 2)
            segments[side] += len(segs)
            seen = set()
            for finding in check_text(text, config):
                seg = bisect_right(starts, finding.start) - 1
                if (finding.rule_id, seg) not in seen:  # a segment counts once per rule
                    seen.add((finding.rule_id, seg))
                    hits[side, finding.rule_id] += 1
    return hits, segments


def ratio(mt: int, ref: int, segments: Counter[str]) -> float:
    return ((mt + 0.5) / segments["mt"]) / ((ref + 0.5) / segments["ref"])


def fixes_on_references(years: list[str], config: Config, limit: int) -> list[str]:
    """Each change `fix` makes to a human reference: a possible false positive."""
    lines = []
    for year in years:
        for side, name, segs in documents(year):
            if side != "ref":
                continue
            text = "\n\n".join(segs)
            for step in fix_and_explain(text, config).steps:
                for edit in step.edits:
                    lines.append(f"{year} {name} {step.rule_id}: "
                                 f"{text[max(0, edit.start - 30):edit.end + 30]!r} "
                                 f"-> {edit.replacement!r}")
    return lines[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", default="2021,2022,mlqe",
                        help="comma-separated: 2021,2022,2023,mlqe (default: the development set)")
    parser.add_argument("--family", action="append", default=[],
                        help="rule families or ids to count (default: all rules)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--fixes", type=int, default=0, help="list this many fixes on refs")
    args = parser.parse_args()
    years = args.years.split(",")
    config = Config(select=tuple(args.family))
    hits, segments = count(years, config)
    rules = sorted({rule for _, rule in hits})
    print(f"WMT {args.years}: {segments['mt']} MT segments, {segments['ref']} reference segments")
    if args.markdown:
        print("\n| rule | MT /1k | ref /1k | ratio |\n|---|---|---|---|")
    for rule in rules:
        mt, ref = hits["mt", rule], hits["ref", rule]
        per_mt, per_ref = 1000 * mt / segments["mt"], 1000 * ref / segments["ref"]
        r = ratio(mt, ref, segments)
        if args.markdown:
            print(f"| `{rule}` | {per_mt:.2f} | {per_ref:.2f} | {r:.1f} |")
        else:
            print(f"{rule:45s} MT/1k={per_mt:6.2f} ({mt:4d})  ref/1k={per_ref:6.2f} ({ref:3d})"
                  f"  ratio={r:5.1f}")
    for line in fixes_on_references(years, config, args.fixes):
        print(line)


if __name__ == "__main__":
    main()
