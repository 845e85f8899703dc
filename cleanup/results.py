"""The result cache: the findings of a file we have seen, so a re-run over an unchanged
corpus reads them instead of checking again (as ruff keeps one).

An entry is keyed by everything the findings depend on: the file's bytes, its reader,
the settings (`Config`), the rule files' content, and our code (its version and each
module's size and time of change, so an edited checkout is a new key too). What is
kept is only the findings of the text as it is; `fix` knows a file needs no fix when
none of them is fixable (a fix proposes nothing that `check` does not report as
fixable). Entries are files written atomically under
`<cache>/results/`, so two runs may share the cache; from time to time the cache is
pruned to `MAX_ENTRIES`, the entries used longest ago first. A cache we cannot read or
write is no error. Entries are pickles: a cache folder must be the user's own.
"""

import contextlib
import os
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import cleanup
from cleanup import cache
from cleanup.config import Config
from cleanup.findings import Finding
from cleanup.rule_files import content_key

MAX_ENTRIES = 200_000  # about 400 MB of entries at most, for 200,000 articles
_PRUNED_TO = 0.8  # of MAX_ENTRIES: pruning is rare, not on every run


def _hasher() -> Callable[..., Any]:
    """BLAKE2b from CPython's own module: hashlib would load OpenSSL, 3 ms of start-up."""
    try:
        from _blake2 import blake2b
    except ImportError:  # another Python
        from hashlib import blake2b
    return blake2b


#: The libraries whose behaviour the findings depend on: an upgrade is a new key.
_DEPENDENCIES = ("ftfy", "regex", "spellchecker", "tree_sitter", "tree_sitter_markdown")


@lru_cache(maxsize=1)
def _code() -> bytes:
    """Python's version, and the size and time of change of every module and data file
    of ours and of the libraries the findings depend on (found, not imported: a hook
    must not pay for loading ftfy to learn that its cache entry is good)."""
    import importlib.util
    import sys

    root = Path(__file__).parent
    parts = [sys.version]
    for name in _DEPENDENCIES:  # an upgrade rewrites the package's first module
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            info = os.stat(spec.origin)
            parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
    for folder in (root, root / "data"):
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_file():
                    info = entry.stat()
                    parts.append(f"{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(parts).encode()


@lru_cache(maxsize=64)
def _settings(config: Config, reader: str, rules: str) -> bytes:
    return f"{reader}|{config!r}|{rules}".encode()


def key(data: bytes, config: Config, reader: str) -> str | None:
    """The entry's name; `None` when nothing is to be cached: a rule file cannot be read,
    or LanguageTool checks the text (its server may be upgraded or restarted with other
    rules behind the same URL; its own cache knows the server's version)."""
    if config.languagetool is not None:
        return None
    rules = content_key(config.rule_dirs, builtin=config.builtin_rules)
    if rules is None:
        return None
    digest = _hasher()(cleanup.__version__.encode() + b"|" + _code(), digest_size=20)
    digest.update(_settings(config, reader, rules))
    digest.update(b"\0")
    digest.update(data)
    return str(digest.hexdigest())


def _path(name: str) -> Path:
    return cache.cache_dir() / "results" / name[:2] / name


def load(name: str) -> list[Finding] | None:
    """The findings kept under `name`, if any; an entry read is marked as used, so that
    pruning deletes the entries used longest ago."""
    path = _path(name)
    found = cache.load(path, list)
    if found is not None:
        with contextlib.suppress(OSError):
            os.utime(path)
    return found


def store(name: str, findings: list[Finding]) -> None:
    """Keep the findings; now and then, prune the cache to its bound."""
    path = _path(name)
    cache.store(path, findings)
    if name.startswith("00"):  # one store in 256 looks at the size of the whole cache
        prune()


def prune(max_entries: int | None = None) -> None:
    """Delete the entries used longest ago beyond `max_entries * 0.8` (`MAX_ENTRIES`)
    once there are more than `max_entries`, and temporary files a killed run left."""
    max_entries = MAX_ENTRIES if max_entries is None else max_entries
    folder = cache.cache_dir() / "results"
    entries: list[tuple[float, str]] = []
    now = time.time()
    try:
        shards = list(os.scandir(folder))
    except OSError:
        return
    for shard in shards:
        try:
            with os.scandir(shard.path) as found:
                for entry in found:
                    mtime = entry.stat().st_mtime
                    if entry.name.endswith(".tmp"):
                        if now - mtime > cache.STALE_TEMP:
                            _unlink(entry.path)
                    else:
                        entries.append((mtime, entry.path))
        except OSError:
            continue
    if len(entries) > max_entries:
        entries.sort()
        for _, path in entries[:len(entries) - int(max_entries * _PRUNED_TO)]:
            _unlink(path)


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):  # another run pruned it first
        os.unlink(path)

