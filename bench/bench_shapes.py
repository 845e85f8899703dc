"""Input shapes that once cost the square of their size, against plain news of that size.

Each shape is a generator that writes text of about the size asked for: mostly the WMT
news of `corpus.py` (read by path), bent into the shape (quoted lines in one block,
suppression comments, near-identical names, Russian quotations, Markdown, runs of `*`,
short lines, quotations closed two paragraphs on).
`check_text` times each shape and plain news as text, in this process, in turn at each
size (best of `--runs`); the ratio is shape / plain at the same size. A cost linear in
the size keeps the ratio flat as the size grows (issue 13); a quadratic one triples it
each time the size triples.

A run that passes `--budget` seconds skips that shape's larger sizes (they would take
the square of it), and the row says so.

    python bench/bench_shapes.py [--sizes 100,300,1000,3000] [--only NAME] [--budget 60]
"""

import argparse
import random
import re
import time
from collections.abc import Callable
from functools import lru_cache

from corpus import build

from cleanup import check_text

Generator = Callable[[int], str]


@lru_cache(maxsize=1)
def _news(size: int) -> str:
    return build(size)


def news(size: int) -> str:
    """Plain news: the baseline."""
    return _news(size)[:size]


def _sentences(size: int) -> list[str]:
    """Sentences of the news, about `size` characters of them, without quote marks."""
    text = re.sub(r"[\"“”«»„]", "", _news(size))
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def quoted_lines(size: int) -> str:
    """Blocks of lines, each quoted, one in ten quoted wrong, no blank line between: the
    block fails as a whole and is paired line by line."""
    lines = []
    for i, sentence in enumerate(_sentences(size)):
        sentence = sentence.replace("\n", " ")
        lines.append(f"“{sentence[:-1]},” he said." if i % 10 else f"“{sentence}”word”")
    blocks = ["\n".join(lines[i:i + 400]) for i in range(0, len(lines), 400)]
    return "\n\n".join(blocks)[:size]


def suppressions(size: int) -> str:
    """A suppression comment before every sentence, each its own paragraph."""
    rules = ("", " calques", " names", " quotes/unpaired", " spacing, calques")
    return "\n\n".join(f"<!-- cleanup: ignore{rules[i % len(rules)]} -->\n{s}"
                       for i, s in enumerate(_sentences(size)))[:size]


def near_names(size: int) -> str:
    """News in which every sentence names someone, spelled a letter or two off, and in
    one of the romanisations of a Russian name: thousands of near-identical words."""
    rng = random.Random(13)
    stems = ["Kovalenko", "Aleksandrov", "Zelenskiy", "Shevchenko", "Yevtushenko", "Sergeyev"]
    out = []
    for sentence in _sentences(size):
        word = list(rng.choice(stems))
        for _ in range(rng.randint(1, 2)):
            word[rng.randrange(1, len(word))] = rng.choice("aeiouyjkhsv")
        name = "".join(word)
        out.append(f"{sentence} {name} said so, and {name.upper()} agreed.")
    return " ".join(out)[:size]


def guillemets(size: int) -> str:
    """A Russian quotation in guillemets in every sentence, and an English one; five
    sentences a paragraph."""
    said = [f"{s} The club «Локомотив» won, “we” said." for s in _sentences(size)]
    return "\n\n".join(" ".join(said[i:i + 5]) for i in range(0, len(said), 5))[:size]


def markdown(size: int) -> str:
    """Plain news, read as Markdown."""
    return news(size)


def stars(size: int) -> str:
    """News with a `*` after organisations' names, `***` between stories, and runs of
    `*` of every length up to 500."""
    rng = random.Random(13)
    names = re.compile(r"\b(Meta|Facebook|Instagram|Russia|Ukraine|Kremlin|Moscow|Kiev|Kyiv)\b")
    out = []
    for i, paragraph in enumerate(_news(size).split("\n\n")):
        out.append(names.sub(r"\1*", paragraph))
        if i % 5 == 0:
            out.append("***")
        if i % 7 == 0:
            out.append("*" * rng.choice((2, 3, 4, 5, 17, 60, 200, 500)) + " " + paragraph[:80])
    return "\n\n".join(out)[:size]


def short_lines(size: int) -> str:
    """The news cut into lines of one to three words, as a scraped menu or a list of
    captions is: the residue line rules try each short line."""
    words = _news(size).split()
    rng = random.Random(13)
    lines, i = [], 0
    while i < len(words):
        n = rng.choice((1, 2, 3))
        lines.append(" ".join(words[i:i + n]))
        i += n
    return "\n".join(lines)[:size]


def detached_quotes(size: int) -> str:
    """Quotations opened with a low mark and left to close, detached, two paragraphs on
    (`„Who will pay` … `or this? ”the mayor asked.`), as the fuzzers built them."""
    out = []
    for i, sentence in enumerate(_sentences(size)):
        out.append(f"„{sentence}" if i % 2 == 0 else f"{sentence[:-1]}? ”the mayor asked.")
    return "\n\n".join(out)[:size]


#: name: (generator, reader it is read with)
SHAPES: dict[str, tuple[Generator, str]] = {
    "plain": (news, "text"),
    "quoted-lines": (quoted_lines, "text"),
    "suppressions": (suppressions, "text"),
    "near-names": (near_names, "text"),
    "guillemets": (guillemets, "text"),
    "markdown": (markdown, "markdown"),
    "stars": (stars, "markdown"),
    "short-lines": (short_lines, "text"),
    "detached-quotes": (detached_quotes, "text"),
}


def timed(text: str, markup: str) -> float:
    fresh = f"{text}\n\n{time.perf_counter()}"  # no cache has seen it
    start = time.perf_counter()
    check_text(fresh, markup=markup)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,300,1000,3000", help="KB, comma-separated")
    parser.add_argument("--only", action="append", help="a shape (repeatable)")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per run")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    sizes = [int(kb) * 1000 for kb in args.sizes.split(",")]
    shapes = [s for s in SHAPES if s != "plain" and (not args.only or s in args.only)]
    for markup in ("text", "markdown"):  # load the rules, the parsers, the caches
        check_text(news(sizes[0]), markup=markup)
    print(f"ratio: seconds of `check_text` on the shape / on plain news of the same size, "
          f"each the best of {args.runs}, taken in turn")
    print("| shape | " + " | ".join(f"{s // 1000} KB" for s in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for name in shapes:
        generate, markup = SHAPES[name]
        cells, over = [], False
        for size in sizes:
            if over:
                cells.append("skipped")
                continue
            text, plain = generate(size), news(size)
            seconds, base = float("inf"), float("inf")
            for _ in range(args.runs):  # in turn, so that a change of load hits both
                seconds = min(seconds, timed(text, markup))
                base = min(base, timed(plain, "text"))
                if seconds > args.budget:
                    break
            cells.append(f"{seconds / base:.2f} ({seconds:.1f} s)")
            over = seconds > args.budget
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
