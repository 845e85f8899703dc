"""The linear-time paths of issue 13 give what the quadratic ones they replaced gave.

Each test holds the old algorithm, written plainly, as the reference, and compares on
inputs hypothesis builds from the pieces that matter (comments, breaks, names, marks).
How fast they are is measured in `bench/bench_shapes.py`, not here.
"""

import itertools
from collections import Counter

import regex
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cleanup import consistency, markdown, pairing, quotes, suppression
from cleanup.chars import PARAGRAPH_BREAK_RE, QUOTE_STYLES
from cleanup.config import Config
from cleanup.edits import Edit
from cleanup.findings import Finding
from cleanup.suppression import Suppression

# --- suppression comments ---------------------------------------------------------------

_RULE_LISTS = ["", " names", " names/", " calques, names/x", " quotes/unpaired", " /",
               " names//", " suppression/unused"]
_KINDS = ["ignore", "ignore-file", "disable", "enable"]


_OLD_COMMENT_RE = regex.compile(
    r"<!--[ \t]*cleanup:[ \t]*(?P<kind>ignore-file|ignore|disable|enable)\b"
    r"(?P<rules>[^>]*?)[ \t]*-->")


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
    for match in _OLD_COMMENT_RE.finditer(text):
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
                     "A, b.", "  ", "<!-- cleanup: ignore names", "-->", " \t-->", ">", "<"]),
)
_texts = st.lists(_piece, max_size=30).map("".join)
_rule_ids = st.sampled_from(["names/x", "names/x/y", "names", "namesake/x", "calques/a",
                             "quotes/unpaired", "/z", "names//", suppression.UNUSED])


@settings(max_examples=400, deadline=None)
@given(_texts, st.lists(st.tuples(st.integers(0, 400), st.integers(0, 60)), max_size=4))
def test_suppressions_found_as_the_old_way_found_them(text: str,
                                                      skip: list[tuple[int, int]]) -> None:
    """Blocks by bisection over the breaks, `enable` by index, `skip` by bisection; the
    same comments, unless the old pattern read one on into the next (below)."""
    assume(not any("<" in m["rules"] for m in _OLD_COMMENT_RE.finditer(text)))
    spans = [(a, a + n) for a, n in skip]
    assert suppression.suppressions(text, spans) == _old_suppressions(text, spans)


def test_a_comment_left_open_does_not_swallow_the_next() -> None:
    """The old pattern read the first comment on to the second one's end, with rules
    `names<!--`, `cleanup:` and `ignore`; each is its own now, the first no comment."""
    text = "<!-- cleanup: ignore names\n\n<!-- cleanup: ignore -->\nA , b."
    assert [s.rules for s in suppression.suppressions(text)] == [()]


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


# --- near spellings ---------------------------------------------------------------------


def _old_near_pairs(words: list[str]) -> set[tuple[str, str]]:
    """Every pair sharing a deletion form, within the distance: the old way, all pairs."""
    index: dict[str, set[str]] = {}
    for word in words:
        for form in consistency._deletions(word, 2 if len(word) >= consistency._LONG else 1):
            index.setdefault(form, set()).add(word)
    found = set()
    for group in index.values():
        for a, b in itertools.combinations(sorted(group), 2):
            limit = 2 if min(len(a), len(b)) >= consistency._LONG else 1
            if consistency.distance(a, b, limit) <= limit and consistency._reportable(a, b):
                found.add((a, b))
    return found


#: Few letters, so that many words are near each other and some are crowded.
_names = st.lists(st.text("abcd", min_size=2, max_size=4).map(lambda s: "kov" + s),
                  max_size=80, unique=True)


@settings(max_examples=200, deadline=None)
@given(_names)
def test_near_pairs_as_all_pairs_found_them_outside_crowds(words: list[str]) -> None:
    """Words not in a crowd are paired as comparing every pair paired them; a crowded
    word has more than `_CROWD` neighbours by the old count, or many candidates."""
    crowd, consistency._CROWD = consistency._CROWD, 3  # (so that crowds are common here)
    try:
        pairs, crowds = consistency._near_pairs(words, consistency._reportable)
    finally:
        consistency._CROWD = crowd
    crowded = {w for crowd in crowds for w in crowd}
    old = _old_near_pairs(words)
    assert set(pairs) == {(a, b) for a, b in old if a not in crowded and b not in crowded}
    assert pairs == sorted(pairs)
    degree = Counter(w for pair in old for w in pair)
    assert {w for w in words if degree[w] > 3} == crowded


def test_a_crowd_of_near_spellings_is_one_finding() -> None:
    """Hundreds of spellings a letter apart: one finding, not tens of thousands."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = [f"Kovalenk{a}{b}" for a in letters for b in letters[:10]]
    text = " ".join(f"{w} said." for w in words)
    found = consistency.report_near_spellings(text)
    assert len(found) == 1
    assert found[0].message.startswith(f"‘{words[0]}’ (1×) and {len(words) - 1} other")


def test_a_crowd_of_romanisations_is_one_finding() -> None:
    """Every mix of y, i and j in a long name has one key: one finding for them all."""
    spellings = itertools.product("yij", repeat=5)
    text = " ".join(f"Ser{a}ge{b}ev{c}o{d}v{e}a" for a, b, c, d, e in spellings)
    found = consistency.report_romanisations(text)
    assert len(found) == 1
    assert "242 other romanisations of one name" in found[0].message


def test_a_word_too_long_for_a_name_is_not_compared() -> None:
    """A run of a million letters once took forever to delete letters from."""
    assert consistency.report_near_spellings("A" + "b" * 1_000_000 + " Abb") == []


# --- Markdown: a paragraph of many openers ----------------------------------------------

_inline = st.lists(st.sampled_from([
    "*", "**", "_", "__", "![a](b_c)", "![x", "]", "[l](u_v \"t_i\")", "`c_d`", "``e*f``",
    '<a data_x="1">', "</a>", "<!-- x_y -->", "\\*", "\\_", "<http://x_y.org/*>",
    "<a_b@x.org>", "&amp;", "&#42;", "Meta*", "word", " ", ", ", "\n", "$", "***",
]), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_inline)
def test_a_paragraph_read_calm_has_the_spans_it_had(text: str) -> None:
    """With `*` and `_` read as full stops and images as links (the linear path for a
    paragraph of many openers), all that was masked is masked still, and code is code.
    (Sometimes more is masked: after an unclosed run of `*` the grammar loses a link or
    a tag that CommonMark sees, and without the run it sees it too.)"""
    normal = markdown.MarkdownSpans(text)
    limit, markdown._MAX_OPENERS = markdown._MAX_OPENERS, -1
    try:
        calm = markdown.MarkdownSpans(text)
    finally:
        markdown._MAX_OPENERS = limit
    assert _chars(normal.non_prose) <= _chars(calm.non_prose)
    assert _chars(normal.code) <= _chars(calm.code)


def _chars(spans: list[tuple[int, int]]) -> set[int]:
    return {i for start, end in spans for i in range(start, end)}


# --- quote style beside Russian quotations ----------------------------------------------


def _old_unify_quote_style(text: str) -> list[Edit]:
    glyphs = QUOTE_STYLES[quotes.choose_quote_style(text, Config())]
    edits = []
    russian = quotes._russian_quotations(text)
    for paragraph in pairing.paragraphs(text):
        for mark in paragraph.marks:
            if mark.role is pairing.Role.INCH or any(s <= mark.pos < e for s, e in russian):
                continue
            glyph = glyphs[quotes._ROLE_INDEX[mark.role]]
            if mark.char != glyph:
                edits.append(Edit(mark.pos, mark.end, glyph, "quotes/style"))
    return quotes._pairing_kept(text, edits)


_quoted = st.lists(st.sampled_from([
    "«Локомотив»", "«Spartak»", "«Дом „Ткани“»", "“we”", '"they"', "«", "»", "„", "“", "”",
    '"', "5\"", " won, ", "\n\n", "Он сказал ", " said. ",
]), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(_quoted)
def test_quote_style_skips_russian_quotations_as_before(text: str) -> None:
    """Which marks lie in a Russian quotation, by bisection, as tried against each."""
    assert quotes.unify_quote_style(text, Config()) == _old_unify_quote_style(text)


# --- Markdown table columns -------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text("ab |\n\r", max_size=40), st.lists(st.integers(0, 39), max_size=12))
def test_table_columns_as_sought_back_from_each_pipe(text: str, pipes: list[int]) -> None:
    """A line's start is found once for its pipes, and the column is what it was."""
    pipes = [p for p in pipes if p < len(text)]
    assert markdown._columns(text, pipes) == [
        p - max(text.rfind("\n", 0, p), text.rfind("\r", 0, p)) for p in pipes]
