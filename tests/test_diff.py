"""`fix --diff` prints exactly what difflib would, and fast on a long file with many changes."""

import difflib
import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.diff import grouped_opcodes, matching_blocks
from cleanup.formats import DIFF_LINE, unified_diff

#: Lines from a small alphabet repeat often, as blank lines and short lines do in articles;
#: a file of 200 lines or more makes difflib treat its commonest lines apart ("popular").
LINES = st.sampled_from(["\n", "a\n", "b\n", "c\n", "d\n", "It cost $ 5.\n", "x"])


@st.composite
def edited(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """A list of lines, and the same list with lines changed, dropped and added."""
    old = draw(st.lists(LINES, max_size=draw(st.sampled_from([8, 40, 260]))))
    new = list(old)
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, len(new)))
        action = draw(st.sampled_from(["change", "drop", "add"]))
        if action == "add" or at == len(new):
            new.insert(at, draw(LINES))
        elif action == "drop":
            del new[at]
        else:
            new[at] = draw(LINES)
    return (new, old) if draw(st.booleans()) else (old, new)


@settings(max_examples=600)
@given(edited())
def test_blocks_and_hunks_are_difflibs(pair: tuple[list[str], list[str]]) -> None:
    """The matching blocks and the hunks are those of `difflib.SequenceMatcher`."""
    old, new = pair
    matcher = difflib.SequenceMatcher(None, old, new)
    assert matching_blocks(old, new) == matcher.get_matching_blocks()
    assert list(grouped_opcodes(old, new)) == list(matcher.get_grouped_opcodes(3))


@settings(max_examples=300)
@given(edited())
def test_the_unified_diff_is_difflibs(pair: tuple[list[str], list[str]]) -> None:
    """The text of the diff is difflib's, byte for byte, with git's mark for a last line
    that has no line break."""
    old, new = ("".join(lines) for lines in pair)
    a, b = re.findall(DIFF_LINE, old), re.findall(DIFF_LINE, new)
    expected = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                       for line in difflib.unified_diff(a, b, "a/x.txt", "b/x.txt"))
    assert unified_diff("x.txt", old, new) == expected


def test_a_missing_final_newline_is_marked() -> None:
    assert unified_diff("a.txt", "It cost $ 5.", "It cost $5.") == (
        "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-It cost $ 5.\n"
        "\\ No newline at end of file\n+It cost $5.\n\\ No newline at end of file\n")


def test_a_long_file_with_many_changes_is_fast() -> None:
    """2,000 paragraphs, every other one changed: difflib takes seconds, we must not."""
    old = "".join(f"Paragraph {n} cost $ {n}.\n\n" if n % 2 else f"Paragraph {n}.\n\n"
                  for n in range(4000))
    new = old.replace("$ ", "$")
    start = time.perf_counter()
    diff = unified_diff("big.txt", old, new)
    assert time.perf_counter() - start < 2.0
    assert diff.count("\n-Paragraph") == 2000
