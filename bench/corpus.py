"""The benchmark corpus: English news from the WMT releases in `../shared/data/perf-src/`.

Used by path, never copied into the project: we read the English sides of the news
documents (human references and every MT system), one document a paragraph block,
until we have the size asked for.
"""

import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

PERF_SRC = Path(__file__).resolve().parents[2] / "shared" / "data" / "perf-src"


class Side(NamedTuple):
    """One English side of one WMT document: a human reference or an MT system's output."""

    release: str  # the local file's name without .all.xml: wmt22.wmttest2022.ru-en
    doc: str  # the document's id in that file
    origlang: str
    author: str  # ref-A (the translator) or the MT system's name
    paragraphs: list[str]  # its segments, one paragraph each


def english_sides(folder: Path = PERF_SRC) -> Iterator[Side]:
    """Each English side of each document, files in name order, references first."""
    for path in sorted(folder.glob("*.xml")):
        release = path.name.removesuffix(".all.xml")
        for doc in ET.parse(path).getroot().iter("doc"):
            for side in [*doc.iter("ref"), *doc.iter("hyp")]:
                author = (f"ref-{side.get('translator', '')}" if side.tag == "ref"
                          else side.get("system", ""))
                yield Side(release, doc.get("id", ""), doc.get("origlang", ""), author,
                           [seg.text or "" for seg in side.iter("seg")])


def english_documents(folder: Path = PERF_SRC) -> Iterator[str]:
    """Each English side of each document, its segments one paragraph each."""
    for side in english_sides(folder):
        yield "\n\n".join(side.paragraphs)


def build(size: int = 10_000_000, folder: Path = PERF_SRC) -> str:
    """About `size` characters of English news, documents separated by blank lines."""
    if not folder.is_dir():
        sys.exit(f"bench: {folder} not found: the benchmark needs ../shared/data/perf-src")
    parts, total = [], 0
    while total < size:
        for document in english_documents(folder):
            parts.append(document)
            total += len(document) + 2
            if total >= size:
                break
    return "\n\n".join(parts)
