"""Write the corpora that bench_corpus.py runs the tools on, from the WMT files of corpus.py.

What a user points cleanup at is a corpus, not a string: one large text file, a folder of
thousands of articles, or a JSON Lines export with one article a record. We write each
kind (sizes in MB of 1,000,000 bytes):

    news-10mb.txt          one plain text, documents separated by blank lines
    news-1mb.txt, news-100mb.txt (and news-1000mb.txt with --gb)   the scaling series;
                           each is the start of the next, so they differ in size alone
    articles/000001.txt    5,000 articles of 2-5 KB
    slice/                 the first articles again, 1 MB of them (for the slow proselint)
    news.jsonl             100 MB: {"id", "url", "lang", "origlang", "author", "text"}
                           one article a line, non-ASCII kept as it is
    small.txt              a few paragraphs, for start-up
    manifest.json          the sizes asked for, and each file's name and bytes

An article is one WMT document, or several joined, or a part of one, always cut at a
paragraph (segment) boundary; its size is drawn from a seeded generator, so every run
writes the same bytes. Documents come in reading order: within a release, each author's
(translator's or MT system's) documents in turn, so an article reads as one outlet's news
rather than ten translations of one story. The source holds about 17 MB of English, so
the larger files go round it again; articles of a later round are cut elsewhere and
differ as wholes, but their paragraphs repeat.

    python bench/make_corpus.py [FOLDER] [--quick] [--gb]
"""

import argparse
import itertools
import json
import random
import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from corpus import PERF_SRC, Side, english_sides

MB = 1_000_000
HERE = Path(__file__).resolve().parent
ARTICLE_BYTES = (2_000, 5_000)
SEED = 12  # the issue that asked for these benchmarks


class Sizes(NamedTuple):
    """How much of each corpus to write; `text_mb` must be one of `scaling_mb`."""

    text_mb: float = 10
    scaling_mb: tuple[float, ...] = (1, 10, 100)
    articles: int = 5_000
    slice_mb: float = 1
    jsonl_mb: float = 100
    gb_mb: float = 1_000


FULL = Sizes()
QUICK = Sizes(text_mb=1, scaling_mb=(0.25, 0.5, 1), articles=200, slice_mb=0.2, jsonl_mb=2,
              gb_mb=5)


class Article(NamedTuple):
    start: Side  # the document it begins in, for its url and author
    text: str


def reading_order(folder: Path = PERF_SRC) -> list[Side]:
    """The English sides with text, grouped by release, then by author, in source order."""
    grouped: dict[str, dict[str, list[Side]]] = {}
    for side in english_sides(folder):
        paragraphs = [p for p in side.paragraphs if p.strip()]
        if paragraphs:
            authors = grouped.setdefault(side.release, {})
            authors.setdefault(side.author, []).append(side._replace(paragraphs=paragraphs))
    return [side for authors in grouped.values() for sides in authors.values() for side in sides]


def articles(sides: list[Side], seed: int = SEED) -> Iterator[Article]:
    """An endless stream of articles of 2-5 KB (text and final newline), cut at paragraphs."""
    rng = random.Random(seed)
    low, high = ARTICLE_BYTES
    target, parts, size, start = rng.randint(low, high), [], 1, sides[0]
    for side in itertools.cycle(sides):
        for paragraph in side.paragraphs:
            cost = len(paragraph.encode()) + 2 * bool(parts)  # the blank line before it
            if parts and size + cost > high:
                yield Article(start, "\n\n".join(parts) + "\n")
                target, parts, size = rng.randint(low, high), [], 1
                cost -= 2
            if not parts:
                start = side
            parts.append(paragraph)
            size += cost
            if size >= target:
                yield Article(start, "\n\n".join(parts) + "\n")
                target, parts, size = rng.randint(low, high), [], 1


def write_text(path: Path, sides: list[Side], mb: float) -> int:
    """Whole documents, separated by blank lines, until the file holds `mb` MB."""
    written = 0
    with path.open("wb") as out:
        for side in itertools.cycle(sides):
            if written >= mb * MB:
                break
            separator = b"\n\n" if written else b""
            written += out.write(separator + "\n\n".join(side.paragraphs).encode())
        written += out.write(b"\n")
    return written


def write_articles(folder: Path, texts: Iterable[str]) -> int:
    """The texts as numbered .txt files in a new `folder`; returns their bytes."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return sum((folder / f"{number:06d}.txt").write_bytes(text.encode())
               for number, text in enumerate(texts, 1))


def first_mb(stream: Iterator[Article], mb: float) -> list[str]:
    """The first articles of the stream until they hold `mb` MB."""
    texts, total = [], 0
    while total < mb * MB:
        texts.append(next(stream).text)
        total += len(texts[-1].encode())
    return texts


def write_jsonl(path: Path, stream: Iterator[Article], mb: float) -> int:
    """One article a record, with the fields an export carries besides the text."""
    written = 0
    with path.open("wb") as out:
        for number, (start, text) in enumerate(stream, 1):
            if written >= mb * MB:
                break
            record = {"id": f"{number:06d}", "url": f"https://news.example/{start.release}/"
                      f"{start.doc}", "lang": "en", "origlang": start.origlang,
                      "author": start.author, "text": text}
            written += out.write(json.dumps(record, ensure_ascii=False).encode() + b"\n")
    return written


def make(folder: Path, sizes: Sizes = FULL, gb: bool = False) -> dict[str, Any]:
    """Write every corpus into `folder`, then its manifest; return the manifest."""
    assert sizes.text_mb in sizes.scaling_mb, sizes
    folder.mkdir(parents=True, exist_ok=True)
    sides = reading_order()
    series = {f"news-{mb:g}mb.txt": mb for mb in (*sizes.scaling_mb, *[sizes.gb_mb] * gb)}
    written = {name: write_text(folder / name, sides, mb) for name, mb in series.items()}
    scaling = list(series)
    texts = (text for _, text in articles(sides))
    written["articles"] = write_articles(folder / "articles",
                                         itertools.islice(texts, sizes.articles))
    sliced = first_mb(articles(sides), sizes.slice_mb)
    written["slice"] = write_articles(folder / "slice", sliced)
    written["news.jsonl"] = write_jsonl(folder / "news.jsonl", articles(sides), sizes.jsonl_mb)
    small = "\n\n".join(sides[0].paragraphs[:4]) + "\n"
    written["small.txt"] = (folder / "small.txt").write_bytes(small.encode())
    manifest = {
        "sizes": sizes._asdict(), "gb": gb, "scaling": scaling[:len(sizes.scaling_mb)],
        "files": {"text": f"news-{sizes.text_mb:g}mb.txt", "articles": "articles",
                  "slice": "slice", "jsonl": "news.jsonl", "small": "small.txt",
                  "gb": scaling[-1] if gb else None},
        "slice_articles": len(sliced), "bytes": written}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def ensure(folder: Path, sizes: Sizes, gb: bool) -> dict[str, Any]:
    """The manifest of `folder`, after writing the corpora anew if they are not these sizes."""
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text()) if path.exists() else {}
    if manifest.get("sizes") == json.loads(json.dumps(sizes._asdict())) and (
            manifest["gb"] or not gb):
        return manifest
    print(f"writing the corpora into {folder}", file=sys.stderr)
    return make(folder, sizes, gb or manifest.get("gb", False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path,
                        help="where to write (default bench/.corpus, or bench/.corpus-quick)")
    parser.add_argument("--quick", action="store_true", help="small sizes, to try the scripts")
    parser.add_argument("--gb", action="store_true", help="also write the 1 GB file")
    args = parser.parse_args()
    folder = args.folder or HERE / (".corpus-quick" if args.quick else ".corpus")
    manifest = make(folder, QUICK if args.quick else FULL, args.gb)
    for name, written in manifest["bytes"].items():
        print(f"{folder / name}: {written / MB:.2f} MB")


if __name__ == "__main__":
    main()
