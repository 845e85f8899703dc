"""Cross-check our fixes against other tools' test pairs (not an oracle: a comparison).

Reads, by path, the pairs gathered in `../shared/data/translation-qa/`: ftfy's test cases,
typograf's rule tests (the rules that overlap ours, English text only), smartypants' and
markdown-it's smart-quote pairs. For each source it prints how many pairs we agree with,
how many we leave as they are, and where we differ; `docs/crosscheck.md` says which
differences are our policy.

    python eval/crosscheck.py [--show N]
"""

import argparse
import html
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import ftfy

from cleanup import Config, fix_text
from cleanup.config import QuoteStyle
from cleanup.edits import apply_edits
from cleanup.encoding import repair_encoding

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "translation-qa"
CURLY = Config(quotes=QuoteStyle.CURLY)
TYPOGRAF_RULES = re.compile(
    r"common/space/|common/punctuation/quote$|common/punctuation/hellip|en-US/dash/main"
    r"|common/punctuation/apostrophe|common/number/digitGrouping"
)
Pair = tuple[str, str, str]  # label, input, expected


def ftfy_pairs() -> Iterator[Pair]:
    for path in sorted((DATA / "ftfy-test-cases").glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            if case.get("expect", "pass") == "pass":
                expected = case.get("fixed-encoding", case["fixed"])
                yield f"ftfy/{path.stem}: {case['label']}", case["original"], expected


def typograf_pairs() -> Iterator[Pair]:
    data = json.loads((DATA / "typograf-rule-test-pairs.json").read_text(encoding="utf-8"))
    for pair in data["pairs"]:
        text = pair["input"] + pair["expected"]
        if TYPOGRAF_RULES.search(pair["rule"]) and not re.search(r"[\u0400-\u04ff]", text) \
                and pair["locale"] in (None, "en-US", "en-GB") and "<" not in text:
            yield f"typograf/{pair['rule']} ({pair['locale']})", pair["input"], pair["expected"]


def smartypants_pairs() -> Iterator[Pair]:
    data = json.loads((DATA / "smartypants-test-pairs.json").read_text(encoding="utf-8"))
    for pair in data["pairs"]:
        if pair.get("attr") in (None, "q"):
            yield "smartypants", pair["input"], html.unescape(pair["expected"])


def markdown_it_pairs() -> Iterator[Pair]:
    data = json.loads((DATA / "markdown-it-py-typography-fixtures.json").read_text(
        encoding="utf-8"))
    for name, fixture in data["files"].items():
        for case in fixture["cases"]:
            expected = re.sub(r"</?p>", "", case["expected_html"])
            if "<" in expected:
                continue  # markup we do not produce
            yield f"markdown-it/{name}: {case['title']}", case["input_markdown"], \
                html.unescape(expected)


def our_encoding_repair(text: str) -> str:
    return apply_edits(text, repair_encoding(text, Config()))[0]


def compare(pairs: Iterator[Pair], repair: "object", show: int) -> Counter[str]:
    counts: Counter[str] = Counter()
    shown = 0
    for label, given, expected in pairs:
        ours = repair(given)  # type: ignore[operator]
        if ours == expected:
            counts["agree"] += 1
        elif ours == given:
            counts["left as is"] += 1
        else:
            counts["differ"] += 1
        if ours != expected and shown < show:
            shown += 1
            print(f"  {label}\n    in:   {given!r}\n    them: {expected!r}\n    us:   {ours!r}")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", type=int, default=8, help="disagreements to print a source")
    args = parser.parse_args()
    sources = [
        ("ftfy (encoding step only; ftfy's 'fixed' straightens quotes)", ftfy_pairs(),
         our_encoding_repair),
        ("ftfy, against ftfy run with our options", ((label, given, ftfy.fix_text(
            given, ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False,
                                        fix_latin_ligatures=False, fix_line_breaks=False,
                                        normalization=None)))
            for label, given, _ in ftfy_pairs()), our_encoding_repair),
        ("typograf (overlapping rules, English)", typograf_pairs(),
         lambda t: fix_text(t, CURLY)),
        ("smartypants (quotes)", smartypants_pairs(), lambda t: fix_text(t, CURLY)),
        ("markdown-it (smartquotes, typographer)", markdown_it_pairs(),
         lambda t: fix_text(t, CURLY)),
    ]
    for title, pairs, repair in sources:
        print(f"== {title}")
        counts = compare(pairs, repair, args.show)
        total = sum(counts.values())
        print(f"   {total} pairs: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
