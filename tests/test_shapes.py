"""The linear-time paths of issue 13 give what the quadratic ones they replaced gave.

Each test holds the old algorithm, written plainly, as the reference, and compares on
inputs hypothesis builds from the pieces that matter (comments, breaks, names, marks).
How fast they are is measured in `bench/bench_shapes.py`, not here.
"""

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup import suppression
from cleanup.chars import PARAGRAPH_BREAK_RE
from cleanup.edits import Edit
from cleanup.findings import Finding
from cleanup.suppression import Suppression

# --- suppression comments ---------------------------------------------------------------

_RULE_LISTS = ["", " names", " names/", " calques, names/x", " quotes/unpaired", " /",
               " names//", " suppression/unused"]
_KINDS = ["ignore", "ignore-file", "disable", "enable"]


def _old_block(text: str, start: int, end: int) -> tuple[int, int]:
    breaks = [m.end() for m in PARAGRAPH_BREAK_RE.finditer(text, 0, start)]
    paragraph_start = breaks[-1] if breaks else 0
    if text[paragraph_start:start].strip():
        brk = PARAGRAPH_BREAK_RE.search(text, end)
        return paragraph_start, brk.start() if brk else len(text)
    rest = regex.search(r"\S", text, pos=end)
    if rest is None:
        return start, len(text)
    brk = PARAGRAPH_BREAK_RE.search(text, rest.start())
    return start, brk.start() if brk else len(text)


def _old_suppressions(text: str, skip: list[tuple[int, int]]) -> list[Suppression]:
    if "cleanup:" not in text:
        return []
    found: list[Suppression] = []
    open_: dict[tuple[str, ...], int] = {}
    for match in suppression._COMMENT_RE.finditer(text):
        if any(s <= match.start() < e for s, e in skip):
            continue
        rules = tuple(r for r in suppression._RULE_LIST_RE.split(match["rules"].strip()) if r)
        kind, span = match["kind"], match.span()
        if kind == "ignore-file":
            found.append(Suppression(0, len(text), rules, span))
        elif kind == "ignore":
            found.append(Suppression(*_old_block(text, match.start(), match.end()), rules, span))
        elif kind == "disable":
            open_[rules] = match.start()
            found.append(Suppression(match.start(), len(text), rules, span))
        elif rules in open_:
            start = open_.pop(rules)
            found = [s._replace(end=match.end()) if s.start == start and s.rules == rules
                     else s for s in found]
    return found


def _old_apply(findings: list[Finding], found: list[Suppression]) -> list[Finding]:
    used: set[Suppression] = set()
    kept = []
    for finding in findings:
        covering = [s for s in found if s.covers(finding.rule_id, finding.start)]
        used.update(covering)
        if not covering:
            kept.append(finding)
    return kept + [Finding(*s.comment, suppression.UNUSED, "", suggestion="")
                   for s in found if s not in used]


_piece = st.one_of(
    st.builds(lambda k, r: f"<!-- cleanup: {k}{r} -->", st.sampled_from(_KINDS),
              st.sampled_from(_RULE_LISTS)),
    st.sampled_from(["Text", " ", "\n", "\n\n", "\r\n\r\n", "\n \t\n", "\x1c", "\u2028",
                     "A, b.", "  "]),
)
_texts = st.lists(_piece, max_size=30).map("".join)
_rule_ids = st.sampled_from(["names/x", "names/x/y", "names", "namesake/x", "calques/a",
                             "quotes/unpaired", "/z", "names//", suppression.UNUSED])


@settings(max_examples=400, deadline=None)
@given(_texts, st.lists(st.tuples(st.integers(0, 400), st.integers(0, 60)), max_size=4))
def test_suppressions_found_as_the_old_way_found_them(text: str,
                                                      skip: list[tuple[int, int]]) -> None:
    """Blocks by bisection over the breaks, `enable` by index, `skip` by bisection."""
    spans = [(a, a + n) for a, n in skip]
    assert suppression.suppressions(text, spans) == _old_suppressions(text, spans)


@settings(max_examples=400, deadline=None)
@given(_texts, st.lists(st.tuples(_rule_ids, st.integers(0, 400)), max_size=20))
def test_findings_and_edits_suppressed_as_the_old_way(text: str,
                                                       items: list[tuple[str, int]]) -> None:
    """One sweep in offset order covers what each suppression, tried in turn, covered."""
    found = suppression.suppressions(text)
    findings = [Finding(at, at + 1, rule_id, "") for rule_id, at in items]
    new = suppression.apply(findings, found, report_unused=True)
    old = _old_apply(findings, found)
    assert [(f.start, f.rule_id) for f in new] == [(f.start, f.rule_id) for f in old]
    edits = [Edit(at, at, "", rule_id) for rule_id, at in items]
    assert suppression.drop_suppressed_edits(edits, found) == [
        e for e in edits if not any(s.covers(e.rule_id, e.start) for s in found)]
