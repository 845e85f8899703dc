"""How many of the defects a reader marked in real MT articles `cleanup` reports or fixes.

`eval/judgements/recall-N.tsv` list every defect found by reading machine-translated
articles of realworld-dev in full, one batch each (file, category, text, note; `⏎`
stands for a line break in `text`). Batch 1 (30 articles) was read first and rules were
written from it; batch 2 (the next 15) was scored before rules were written from it
too; batch 3 (the next 15) was read last and no rule comes from it. A defect counts as
found when a finding of `cleanup check` (fixable or not, at any level) overlaps its
span, or, for a name in two spellings, when the finding of the pair (which points at
the first of the rarer spelling) names a word of the span; a text that occurs more than
once in its file is looked for at each place, in order.

    python eval/recall.py [--batch N] [--markdown] [--missed CATEGORY]
"""

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

from fix_changes import REALWORLD

from cleanup import Config, check_text
from cleanup.findings import Finding

JUDGEMENTS = Path(__file__).resolve().parent / "judgements"
PAIRS = ("names/consistency", "names/near-spelling")
_NAMED_RE = re.compile(r"‘([^’]+)’")


def _spans(text: str, needle: str) -> list[tuple[int, int]]:
    found, start = [], text.find(needle)
    while start >= 0:
        found.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return found


def scored(defects_file: Path) -> list[tuple[dict[str, str], list[Finding]]]:
    """Each defect, with the findings that overlap it."""
    with defects_file.open(encoding="utf-8") as handle:
        defects = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    texts: dict[str, str] = {}
    findings: dict[str, list[Finding]] = {}
    seen: Counter[tuple[str, str]] = Counter()
    result = []
    for number, defect in enumerate(defects, 2):
        name = defect["file"]
        if name not in texts:
            texts[name] = (REALWORLD / "articles" / name).read_text(encoding="utf-8")
            findings[name] = check_text(texts[name], Config())
        needle = defect["text"].replace("⏎", "\n")
        places = _spans(texts[name], needle)
        if not places:
            raise SystemExit(f"{defects_file}:{number}: {needle!r} is not in {name}")
        start, end = places[min(seen[name, needle], len(places) - 1)]
        seen[name, needle] += 1
        words = set(re.findall(r"\w+", needle))
        result.append((defect, [f for f in findings[name] if _covers(f, start, end, words)]))
    return result


def _covers(finding: Finding, start: int, end: int, words: set[str]) -> bool:
    if finding.start < end and start < max(finding.end, finding.start + 1):
        return True
    return finding.rule_id in PAIRS and bool(words & set(_NAMED_RE.findall(finding.message)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=1, help="which batch of articles")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--missed", metavar="CATEGORY", help="list the defects missed")
    args = parser.parse_args()
    total: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for defect, hits in scored(JUDGEMENTS / f"recall-{args.batch}.tsv"):
        total[defect["category"]] += 1
        found[defect["category"]] += bool(hits)
        if args.missed in (defect["category"], "all") and not hits:
            print("\t".join([defect["file"], defect["category"], defect["text"],
                             defect["note"]]))
    if args.missed:
        return
    rows = [(c, found[c], total[c]) for c in sorted(total, key=lambda c: -total[c])]
    rows.append(("all", sum(found.values()), sum(total.values())))
    if args.markdown:
        print("| defects | found | marked | recall |\n|---|---|---|---|")
    for category, hit, n in rows:
        if args.markdown:
            print(f"| {category} | {hit} | {n} | {hit / n:.0%} |")
        else:
            print(f"{category:10} {hit:4} of {n:4} ({hit / n:.0%})")


if __name__ == "__main__":
    sys.exit(main())
