"""Cache files: where they live, and how they are read, written and pruned.

Two things are worth keeping between runs of a pre-commit hook, each in a file named by
what it depends on: the loaded rules (`rule_files.load_rules`, keyed by the rule files'
content) and the ordinary English words (`wordlist`, keyed by pyspellchecker's version).
A cache we cannot read or write is no error: the run computes what it needs.
"""

import contextlib
import os
import pickle
import time
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    """`$CLEANUP_CACHE_DIR`, else `$XDG_CACHE_HOME/cleanup`, else `~/.cache/cleanup`."""
    if os.environ.get("CLEANUP_CACHE_DIR"):
        return Path(os.environ["CLEANUP_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cleanup"


def load(path: Path, kind: type[T]) -> T | None:
    """What a cache file holds, if it is a `kind`; a cache we cannot read is no error."""
    try:
        with path.open("rb") as handle:
            value = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
        return None
    return value if isinstance(value, kind) else None


def store(path: Path, value: object) -> None:
    """Write a cache file atomically; a cache we cannot write is no error.

    The temporary file is named by our process and the time (not by `tempfile`, whose
    import a hook would pay on every run), and opened exclusively.
    """
    temp = path.with_name(f"{path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, path)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise


#: Seconds after which a temporary file of `store` is a killed run's debris.
STALE_TEMP = 3600


def prune(folder: Path, pattern: str, keep: int, most_bytes: int | None = None) -> None:
    """Delete all but the `keep` newest files of `folder` that match `pattern`, and, past
    the newest, any that would take them over `most_bytes` together; and the temporary
    files of such files that a killed run left (`STALE_TEMP`)."""
    now = time.time()
    for temp in folder.glob(f"{pattern}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - temp.stat().st_mtime > STALE_TEMP:
                temp.unlink()
    with contextlib.suppress(OSError):
        found = sorted(((p, p.stat()) for p in folder.glob(pattern)),
                       key=lambda found: found[1].st_mtime, reverse=True)
        total = 0
        for n, (old, info) in enumerate(found):
            total += info.st_size
            if n >= keep or (n and most_bytes is not None and total > most_bytes):
                old.unlink(missing_ok=True)
