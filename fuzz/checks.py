"""What every fuzzed call must satisfy, shared by the atheris targets and tests/test_fuzz.py.

A fuzzer finds crashes by itself; these turn a wrong answer into one too. Each call is
timed against a bound that grows with the input (`Bound`), so a cost that grows faster
than the input shows up as a failure with the input that caused it, not as a slow run.
The bound is generous (a machine shared with other work must not fail it by chance):
it catches a quadratic path, not a slow constant.
"""

import os
import time
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple, TypeVar

from cleanup.chars import URL_RE
from cleanup.config import Config
from cleanup.edits import apply_edits
from cleanup.pipeline import check_text, fix_and_check, fix_and_explain, plan
from cleanup.view import protected_spans

T = TypeVar("T")


class Bound(NamedTuple):
    """Seconds a call may take: `base` plus `per_mb` for each MB of UTF-8 it is given."""

    base: float = 5.0
    per_mb: float = 60.0

    def seconds(self, size: int) -> float:
        return self.base + self.per_mb * size / 1e6


def bound_from_env(default: Bound | None) -> Bound | None:
    """The bound `CLEANUP_FUZZ_SECONDS_PER_MB` sets (`0`: calls are not timed), or the
    default: the targets time their calls, the tests (which must not fail on a busy
    machine) do not."""
    per_mb = os.environ.get("CLEANUP_FUZZ_SECONDS_PER_MB")
    if per_mb is None:
        return default
    return Bound(per_mb=float(per_mb)) if float(per_mb) > 0 else None


class TooSlow(AssertionError):
    """A call took longer than its bound: a finding, like a crash."""


def timed(what: str, size: int, call: Callable[[], T], bound: Bound | None) -> T:
    """`call()`, failing with `TooSlow` when it overran the bound for `size` bytes."""
    start = time.perf_counter()
    done = call()
    took = time.perf_counter() - start
    if bound is not None and took > bound.seconds(size):
        raise TooSlow(f"{what}: {took:.1f} s for {size:,} bytes "
                      f"(bound {bound.seconds(size):.1f} s)")
    return done


def size_of(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def alnum(text: str) -> str:
    return "".join(c for c in text if c.isalnum())


@lru_cache(maxsize=1)
def letter_rules() -> frozenset[str]:
    """The rules whose job is to change letters (see tests/test_properties.py): encoding
    repair, Latin twins for Cyrillic letters, and rule-file rules that rename, substitute
    or remove. Every other edit moves marks and spaces only."""
    return frozenset(("encoding/ftfy", "script/cyrillic-in-latin",
                      *(r.id for r in plan(Config()).rules.rules
                        if r.kind in ("name", "substitute", "remove"))))


def urls(text: str) -> list[str]:
    """The web addresses in a text, as the fixes protect them."""
    return [text[s:e] for s, e in protected_spans(text)
            if URL_RE.search(text, s, e) is not None]


DEFAULT = Config()


def check_fix(text: str, config: Config = DEFAULT, markup: str = "text",
              bound: Bound | None = None) -> str:
    """Fix `text` and check the invariants; return the fixed text.

    - the steps replay to the result, and each edit lies in the text it was made on;
    - an edit by a rule not allowed to change letters neither adds nor drops a letter or
      digit (it may move spaces and marks only);
    - every web address of the input is in the output, unless a letter rule edited it;
    - a second fix changes nothing;
    - the findings left by `fix_and_check` are those `check_text` finds in the result;
    - every finding lies in the text it was found in, in order, and the fixed text has
      no fixable finding left.
    """
    size = size_of(text)
    found = timed("check", size, lambda: check_text(text, config, markup=markup), bound)
    assert all(0 <= f.start <= f.end <= len(text) for f in found)
    done, left = timed("fix_and_check", size,
                       lambda: fix_and_check(text, config, markup=markup), bound)
    letters, current, touched = letter_rules(), text, False
    for step in done.steps:
        for edit in step.edits:
            assert 0 <= edit.start <= edit.end <= len(current), edit
            if edit.rule_id in letters:
                touched = True
            else:
                assert alnum(current[edit.start:edit.end]) == alnum(edit.replacement), (
                    edit, current[max(0, edit.start - 20):edit.end + 20])
        current, applied = apply_edits(current, step.edits)
        assert len(applied) == len(step.edits), step  # a step records what it applied
    assert current == done.text
    if not touched:
        for url in urls(text):
            assert url in done.text, url
    again = timed("fix of fixed text", size_of(done.text),
                  lambda: fix_and_explain(done.text, config, markup=markup), bound)
    assert again.text == done.text, [s.rule_id for s in again.steps]
    findings = timed("check of fixed text", size_of(done.text),
                     lambda: check_text(done.text, config, markup=markup), bound)
    assert left == findings
    assert all(0 <= f.start <= f.end <= len(done.text) for f in findings)
    assert findings == sorted(findings, key=lambda f: (f.start, f.end, f.rule_id))
    assert [f for f in findings if f.fixable] == [], findings
    return done.text

