"""Every finding `cleanup check` reports on real text, for reading, and the verdicts on them.

The corpora are those of `fix_changes.py`: the scraped articles of realworld-dev (`mt`
and `control`) and the WMT21-23 human references. `check` runs on each document as it
is; the findings that `fix` repairs are left out (their verdicts are `fix_changes.py`'s).
A finding is identified by corpus, file, rule and *site* (24 characters on each side and
the found text in brackets). The verdicts of a reader are kept in
`eval/judgements/findings.tsv` (corpus, file, rule, site, verdict, reason):

- `right`: a real problem an editor would want to see;
- `wrong`: a false alarm.

    python eval/check_findings.py list [--corpus realworld] [--rule calques/] [--all]
    python eval/check_findings.py report [--markdown]

`report` gives, per rule, the findings on MT, the control articles and the references,
and the share judged right on MT; and, per corpus, the documents the default pre-commit
hook would fail (a finding at `warning` or above that `fix` does not repair).
"""

import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from fix_changes import CONTEXT, Change, _shown, command_line, documents
from fix_changes import verdicts as read_verdicts

from cleanup import Config, check_text
from cleanup.findings import Level

JUDGEMENTS = Path(__file__).resolve().parent / "judgements" / "findings.tsv"
VERDICTS = ("right", "wrong")


def findings(corpus: str, config: Config = Config()) -> Iterator[tuple[Change, Level]]:  # noqa: B008
    """Each finding `fix` would leave, with its level."""
    for label, file, text in documents(corpus):
        for finding in check_text(text, config):
            if finding.fixable:
                continue
            left = text[max(0, finding.start - CONTEXT):finding.start]
            right = text[finding.end:finding.end + CONTEXT]
            site = (f"{_shown(left)}[{_shown(text[finding.start:finding.end])}]"
                    f"{_shown(right)}")
            yield Change(label, file, finding.rule_id, site), finding.level


def verdicts() -> dict[Change, tuple[str, str]]:
    return read_verdicts(JUDGEMENTS, VERDICTS)


def list_findings(corpora: list[str], rule: str, everything: bool) -> None:
    known = verdicts()
    for corpus in corpora:
        for change, level in findings(corpus):
            if change.rule.startswith(rule) and (everything or change not in known):
                print("\t".join([*change, *known.get(change, ("", "")), level.value]))


def report(corpora: list[str], markdown: bool) -> None:
    known = verdicts()
    counts: Counter[tuple[str, str]] = Counter()
    judged: Counter[tuple[str, str, str]] = Counter()
    levels: dict[str, str] = {}
    documents_seen: Counter[str] = Counter()
    failing: dict[str, set[str]] = {}
    overall: Counter[tuple[str, bool, str]] = Counter()  # corpus, at warning+, verdict
    false_alarms: dict[str, set[str]] = {}  # failing because of a finding judged wrong
    unjudged: dict[str, set[str]] = {}  # failing on an unjudged finding
    for corpus in corpora:
        for label, _file, _ in documents(corpus):
            documents_seen[label] += 1
        for change, level in findings(corpus):
            counts[change.corpus, change.rule] += 1
            levels[change.rule] = level.value
            verdict = known.get(change, ("unjudged", ""))[0]
            judged[change.corpus, change.rule, verdict] += 1
            overall[change.corpus, level.rank >= Level.WARNING.rank, verdict] += 1
            if level.rank >= Level.WARNING.rank:
                failing.setdefault(change.corpus, set()).add(change.file)
                if verdict != "right":
                    by = false_alarms if verdict == "wrong" else unjudged
                    by.setdefault(change.corpus, set()).add(change.file)
    rules = sorted({rule for _, rule in counts})
    header = ("rule", "level", "MT", "MT right", "MT wrong", "MT unjudged", "precision",
              "control", "references")
    if markdown:
        print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for rule in rules:
        right = judged["realworld-mt", rule, "right"]
        wrong = judged["realworld-mt", rule, "wrong"]
        precision = f"{right / (right + wrong):.0%}" if right + wrong else "-"
        row = (f"`{rule}`" if markdown else rule, levels[rule],
               counts["realworld-mt", rule], right, wrong,
               judged["realworld-mt", rule, "unjudged"], precision,
               counts["realworld-control", rule], counts["wmt-ref", rule])
        if markdown:
            print("| " + " | ".join(map(str, row)) + " |")
        else:
            print(f"{row[0]:40} {row[1]:8} " + " ".join(f"{h}={v}" for h, v in
                                                      zip(header[2:], row[2:], strict=True)))
    print()
    for label in sorted(documents_seen):
        for blocking, name in ((True, "at warning or above"), (False, "at info")):
            right, wrong = overall[label, blocking, "right"], overall[label, blocking, "wrong"]
            share = f"{right / (right + wrong):.1%}" if right + wrong else "-"
            print(f"{label}: findings {name}: {right} right, {wrong} wrong ({share} right), "
                  f"{overall[label, blocking, 'unjudged']} not judged")
    for label, n in sorted(documents_seen.items()):
        bad, wrong = len(failing.get(label, ())), len(false_alarms.get(label, ()))
        print(f"{label}: {bad} of {n} documents fail the default hook ({bad / n:.0%}); "
              f"{wrong} ({wrong / n:.0%}) because of a false alarm, "
              f"{len(unjudged.get(label, ()))} on findings not yet judged")


def main() -> None:
    command_line(__doc__ or "", "findings", list_findings, report)


if __name__ == "__main__":
    sys.exit(main())
