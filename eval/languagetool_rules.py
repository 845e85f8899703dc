"""LanguageTool's rules on real text, judged by reading: which earn a place by default.

`run` sends realworld-dev (MT and control) and the WMT23 human references to a server,
with none of our defaults (every rule on but spelling), and prints each match as a row
to be judged. The verdicts of a reader live in `eval/judgements/languagetool.tsv`
(level, corpus, file, rule, start, end, span, verdict, reason): `right` is a real
problem an editor would want flagged, `wrong` a false alarm. `report` counts them per
rule, and says which rules our defaults leave off (`languagetool.DEFAULT_DISABLED`).

    python eval/languagetool_rules.py run --url http://127.0.0.1:8081 [--level picky]
    python eval/languagetool_rules.py report [--markdown]
"""

import argparse
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

from fix_changes import REALWORLD, documents

from cleanup import Config, check_text
from cleanup.backends import Backends
from cleanup.config import LanguageToolSettings
from cleanup.languagetool import DEFAULT_DISABLED, JUDGED_OFF

JUDGEMENTS = Path(__file__).resolve().parent / "judgements" / "languagetool.tsv"
CORPORA = ("realworld-mt", "realworld-control", "wmt-ref")


def run(url: str, level: str) -> None:
    """Print every match as a row to judge (verdict and reason empty)."""
    settings = LanguageToolSettings(url, level=level, enabled_rules=JUDGED_OFF)
    config = Config(languagetool=settings, select=("languagetool",))
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    with Backends() as backends:
        for corpus in ("realworld", "wmt-ref"):
            for label, file, text in documents(corpus):
                for f in check_text(text, config, backends=backends):
                    span = text[f.start:f.end].replace("\n", "⏎")
                    out.writerow([level, label, file, f.rule_id, f.start, f.end, span, "", ""])


def report(markdown: bool) -> None:
    counts: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    with JUDGEMENTS.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            rule = row["rule"].removeprefix("languagetool/")
            key = f"{rule} (picky)" if row["level"] == "picky" else rule
            counts[key][(row["corpus"], row["verdict"])] += 1
    if markdown:
        print("| rule | MT right/wrong | control right/wrong | references right/wrong | default |")
        print("|---|---|---|---|---|")
    for rule, c in sorted(counts.items(), key=lambda kv: -sum(kv[1].values())):
        cells = [f"{c[(corpus, 'right')]}/{c[(corpus, 'wrong')]}" for corpus in CORPORA]
        state = "off" if rule in DEFAULT_DISABLED or rule.endswith("(picky)") else "on"
        if markdown:
            print(f"| `{rule}` | {' | '.join(cells)} | {state} |")
        else:
            print(f"{rule:48} " + "  ".join(f"{x:>7}" for x in cells) + f"  {state}")
    total = Counter()
    for c in counts.values():
        total.update(c)
    print("\nall: " + ", ".join(
        f"{corpus} {total[(corpus, 'right')]}/{total[(corpus, 'wrong')]}" for corpus in CORPORA))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    ran = sub.add_parser("run")
    ran.add_argument("--url", required=True)
    ran.add_argument("--level", default="default", choices=("default", "picky"))
    shown = sub.add_parser("report")
    shown.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    if not REALWORLD.exists():
        sys.exit(f"{REALWORLD} not found")
    if args.command == "run":
        run(args.url, args.level)
    else:
        report(args.markdown)


if __name__ == "__main__":
    main()
