"""Every change `cleanup fix` makes to real text, for reading, and the verdicts on them.

Corpora, read by path and never copied into the project:

- `realworld`: the scraped articles of `../shared/data/realworld-dev/` (`mt` and the
  well-edited `control` articles), one article a document;
- `wmt-ref`: the human reference translations of WMT21, WMT22 and WMT23 ru-en, one
  document a reference (segments joined by blank lines), where every change is a
  possible false alarm.

Each change is identified by its corpus, file, rule and *site*: up to 24 characters on
each side and `[old→new]` between (line breaks shown as ⏎). The verdicts a person gave
by reading live in `eval/judgements/fixes.tsv` (corpus, file, rule, site, verdict,
reason), so that the counts in `docs/fix-evaluation.md` can be recomputed:

- `right`: the text was wrong and is right now;
- `style`: the text was acceptable, and the change is what the house style asks for
  (curly quotes in a curly document, `--` made a dash);
- `unneeded`: the text was fine and the change buys nothing;
- `wrong`: the change made the text wrong.

    python eval/fix_changes.py list [--corpus realworld] [--rule spacing/] [--all]
    python eval/fix_changes.py report [--markdown]

`list` prints the changes that have no verdict yet (all of them with `--all`) as rows
ready to be judged; `report` counts changes and verdicts per rule and corpus.
"""

import argparse
import csv
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from cleanup import Config, fix_and_explain
from cleanup.edits import apply_edits

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
REALWORLD = SHARED / "realworld-dev"
WMT = SHARED / "perf-src"
WMT_FILES = ("wmt21.newstest2021.ru-en.all.xml", "wmt22.wmttest2022.ru-en.all.xml",
             "wmt23.wmttest2023.ru-en.all.xml")
JUDGEMENTS = Path(__file__).resolve().parent / "judgements" / "fixes.tsv"
COLUMNS = ("corpus", "file", "rule", "site", "verdict", "reason")
VERDICTS = ("right", "style", "unneeded", "wrong")
CONTEXT = 24
DEFAULT = Config()


class Change(NamedTuple):
    corpus: str  # realworld-mt, realworld-control or wmt-ref
    file: str
    rule: str
    site: str


def documents(corpus: str) -> Iterator[tuple[str, str, str]]:
    """(corpus label, file, text) for every document of a corpus."""
    if corpus == "realworld":
        with (REALWORLD / "manifest.tsv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                text = (REALWORLD / "articles" / row["file"]).read_text(encoding="utf-8")
                yield f"realworld-{row['kind']}", row["file"], text
    elif corpus == "wmt-ref":
        for name in WMT_FILES:
            root = ET.parse(WMT / name).getroot()
            for doc in root.iter("doc"):
                for ref in doc.iter("ref"):
                    segments = [s.text or "" for s in ref.iter("seg")]
                    label = f"{name.split('.')[0]}:{doc.get('id')}:{ref.get('translator', '')}"
                    yield "wmt-ref", label, "\n\n".join(segments)
    else:
        raise SystemExit(f"unknown corpus {corpus!r} (realworld, wmt-ref)")


def _shown(text: str) -> str:
    return text.replace("\r", "␍").replace("\n", "⏎").replace("\t", "⇥")


def changes(corpus: str, config: Config = DEFAULT) -> Iterator[Change]:
    """Every edit `fix` applies to the corpus, where it stood in the text it was made on."""
    for label, file, text in documents(corpus):
        for step in fix_and_explain(text, config).steps:
            for edit in step.edits:
                left = text[max(0, edit.start - CONTEXT):edit.start]
                right = text[edit.end:edit.end + CONTEXT]
                site = (f"{_shown(left)}[{_shown(text[edit.start:edit.end])}→"
                        f"{_shown(edit.replacement)}]{_shown(right)}")
                yield Change(label, file, edit.rule_id, site)
            text, _ = apply_edits(text, step.edits)


def verdicts(judgements: Path = JUDGEMENTS,
             allowed: tuple[str, ...] = VERDICTS) -> dict[Change, tuple[str, str]]:
    """The verdicts given so far in a judgements file, by change (or finding)."""
    if not judgements.exists():
        return {}
    found = {}
    lines = judgements.read_text(encoding="utf-8").splitlines()
    if not lines or tuple(lines[0].split("\t")) != COLUMNS:
        raise SystemExit(f"{judgements}:1: the header must be {' '.join(COLUMNS)}")
    for number, line in enumerate(lines[1:], 2):
        fields = line.split("\t")
        if len(fields) != len(COLUMNS) or fields[4] not in allowed:
            raise SystemExit(f"{judgements}:{number}: expected {len(COLUMNS)} fields and a "
                             f"verdict of {', '.join(allowed)}")
        found[Change(*fields[:4])] = (fields[4], fields[5])
    return found


def list_changes(corpora: list[str], rule: str, everything: bool) -> None:
    known = verdicts()
    for corpus in corpora:
        for change in changes(corpus):
            if change.rule.startswith(rule) and (everything or change not in known):
                print("\t".join([*change, *known.get(change, ("", ""))]))


def report(corpora: list[str], markdown: bool) -> None:
    known = verdicts()
    counts: Counter[tuple[str, str, str]] = Counter()
    documents_changed: Counter[str] = Counter()
    for corpus in corpora:
        seen = set()
        for change in changes(corpus):
            verdict = known.get(change, ("unjudged", ""))[0]
            counts[change.corpus, change.rule, verdict] += 1
            counts[change.corpus, change.rule, "changes"] += 1
            seen.add((change.corpus, change.file))
        for label, _ in seen:
            documents_changed[label] += 1
    rows = sorted({(c, r) for c, r, _ in counts})
    columns = ("changes", *VERDICTS, "unjudged")
    if markdown:
        print("| corpus | rule | " + " | ".join(columns) + " |")
        print("|---|---|" + "---|" * len(columns))
    for corpus, rule in rows:
        values = [str(counts[corpus, rule, c]) for c in columns]
        if markdown:
            print(f"| {corpus} | `{rule}` | " + " | ".join(values) + " |")
        else:
            print(f"{corpus:18} {rule:30} " + " ".join(f"{c}={v}" for c, v in
                                                      zip(columns, values, strict=True)))
    for label, n in sorted(documents_changed.items()):
        print(f"\n{label}: {n} documents changed" if not markdown else
              f"\n{label}: {n} documents changed.")


def command_line(doc: str, noun: str, listing: Callable[[list[str], str, bool], None],
                 reporting: Callable[[list[str], bool], None]) -> None:
    """The command line of a script that lists what is to be judged and reports verdicts."""
    parser = argparse.ArgumentParser(description=doc,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("list", "report"))
    parser.add_argument("--corpus", action="append",
                        help="realworld or wmt-ref (default: both)")
    parser.add_argument("--rule", default="", help="only rules whose id starts so")
    parser.add_argument("--all", action="store_true", help=f"list judged {noun} too")
    parser.add_argument("--markdown", action="store_true", help="report as a Markdown table")
    args = parser.parse_args()
    corpora = args.corpus or ["realworld", "wmt-ref"]
    if args.command == "list":
        listing(corpora, args.rule, args.all)
    else:
        reporting(corpora, args.markdown)


def main() -> None:
    command_line(__doc__ or "", "changes", list_changes, report)


if __name__ == "__main__":
    main()
