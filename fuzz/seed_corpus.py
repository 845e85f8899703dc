"""Make a starting corpus for each target from the repository's own test data.

    python -m fuzz.seed_corpus fuzz/corpus

Each fixture case's input and each byte-exact fixture file becomes one input, with the
leading bytes `inputs.text_of` and the targets read (UTF-8, not repeated, default
settings), so the fuzzer starts from text the rules fire on rather than from nothing.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ("fixers", "markdown_reader", "file_reader", "jsonl_line")


def texts() -> list[str]:
    cases = [case["input"] for path in sorted((ROOT / "fixtures" / "cases").glob("*.json"))
             for case in json.loads(path.read_text("utf-8"))]
    return [text for text in cases if isinstance(text, str)]


def inputs_for(target: str) -> list[bytes]:
    encoded = [text.encode("utf-8", "surrogatepass") for text in texts()]
    if target == "file_reader":
        files = sorted((ROOT / "fixtures" / "files").iterdir())
        return [b"\0" + data for data in encoded] + [b"\0" + f.read_bytes() for f in files]
    if target == "jsonl_line":
        return [b"\x02\0\0" + data for data in encoded]  # a record around the text
    return [b"\0\0\0" + data for data in encoded]


def main(folder: str) -> None:
    for target in TARGETS:
        out = Path(folder) / target
        out.mkdir(parents=True, exist_ok=True)
        for i, data in enumerate(inputs_for(target)):
            (out / f"seed-{i:04d}").write_bytes(data)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "fuzz" / "corpus"))
