"""Running a target under atheris, and keeping what it finds.

By default the first failure stops the fuzzer, which writes the input to a `crash-…`
file (libFuzzer's way: good for a short run). With `CLEANUP_FUZZ_FINDINGS=DIR` a long
run goes on past failures instead: the first input of each kind of failure (its
exception type and the line of ours that raised it) is written to DIR with its
traceback, and a line is printed; later inputs of the same kind are only counted.
"""

import contextlib
import hashlib
import os
import sys
import traceback
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

Target = Callable[[bytes], None]


def kind_of(exc: BaseException) -> str:
    """A failure's kind: its type and the innermost frame in our code."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if "/cleanup/" in f.filename or "/fuzz/" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    message = str(exc).split(":", 1)[0][:60] if type(exc).__name__ == "TooSlow" else ""
    return f"{type(exc).__name__} at {where} {message}".strip()


def keep_going(target: Target, folder: Path) -> Target:
    """`target`, with each failure recorded in `folder` rather than raised."""
    folder.mkdir(parents=True, exist_ok=True)
    seen: Counter[str] = Counter()

    def run(data: bytes) -> None:
        try:
            target(data)
        except Exception as exc:
            kind = kind_of(exc)
            seen[kind] += 1
            if seen[kind] == 1:
                name = hashlib.sha1(kind.encode()).hexdigest()[:12]
                (folder / f"{name}.bin").write_bytes(data)
                (folder / f"{name}.txt").write_text(
                    f"{kind}\n{len(data)} bytes\n\n" + "".join(traceback.format_exception(exc)))
                print(f"FINDING {kind} -> {folder / name}.bin", file=sys.stderr, flush=True)

    return run


def instrumented(module: str) -> AbstractContextManager[object]:
    """Around a target's imports: atheris instruments our code for coverage when the
    target is run (`python -m fuzz.NAME`), and not when a test imports it."""
    if module != "__main__":
        return contextlib.nullcontext()
    return _atheris().instrument_imports(include=["cleanup", "fuzz"])  # type: ignore[no-any-return]


def main(target: Target) -> None:
    """Fuzz `target` with libFuzzer's flags from the command line (see fuzz/README.md)."""
    atheris = _atheris()
    folder = os.environ.get("CLEANUP_FUZZ_FINDINGS")
    atheris.Setup(sys.argv, keep_going(target, Path(folder)) if folder else target)
    atheris.Fuzz()


def _atheris() -> Any:
    """atheris, imported only to fuzz: the tests import the targets without it."""
    import atheris  # type: ignore[import-untyped]  # it has no type hints

    return atheris
