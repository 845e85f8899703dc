"""Invariants proved over generated text, not just examples.

The generator strings together the fragments our rules care about (quote marks of
every style, spaced punctuation, currency, dashes, URLs, line breaks) with plain words,
so that the rules fire often and in odd combinations.
"""

import codecs

import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleanup import Config, check_text, fix_and_explain, fix_text
from cleanup.chars import CYRILLIC_TWINS
from cleanup.config import DashStyle, QuoteStyle
from cleanup.files import decode, encode
from cleanup.literals import Names
from cleanup.matcher import compiled
from cleanup.pairing import paragraphs
from cleanup.patterns import Flags
from cleanup.pipeline import apply_plan, plan

FRAGMENTS = [
    " ", "  ", "\n", "\n\n", "\r\n", "\t", "word", "Shugaev", "S-400", "2.5", "1,000", "10:30",
    '"', "“", "”", "„", "«", "»", "'", "’", ", ”", ' "', '" ', " - ", " -- ", "-", "—",
    "$ ", "€ 5", "$", " ,", " .", " ;", " :", " !", " ?", "...", " . . .", "( ", " )", "[ ",
    " ]", "(", ")", "a,b", "U.S.", "e.g.,", "https://x.org/a,b", "me@x.org", "5\"",
    "&amp;", "â€œ", "Ã©", "\u0007", "Рос", "сия", "é", ":)",
    "Roskosmos", "Triumph", "№5", " the the ", "Recall that", "\n\n  • a\n  • © b\n\n",
    "`", "```\n", "\n---\n", "[a](http://x.org/a,b \"t\")", "<!-- cleanup: ignore -->", "# ",
    "- ", "> ", "| a | b |\n|---|---|\n", "*",
]
texts = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=3), max_size=40).map("".join)
configs = st.builds(lambda quotes, dash: Config(quotes, dash),
                    st.sampled_from(list(QuoteStyle)), st.sampled_from(list(DashStyle)))
markups = st.sampled_from(["text", "markdown"])


def _alnum(text: str) -> str:
    return "".join(c for c in text if c.isalnum())


@settings(max_examples=400)
@given(texts, configs, markups)
def test_fix_is_idempotent(text: str, config: Config, markup: str) -> None:
    once = fix_text(text, config, markup=markup)
    assert fix_text(once, config, markup=markup) == once


# The rules whose job is to change letters: encoding repair, Latin twins for Cyrillic
# letters, and rule-file rules that rename, substitute or remove. Every other edit moves
# marks and spaces only.
LETTER_RULES = ("encoding/ftfy", "script/cyrillic-in-latin",
                *(r.id for r in plan(Config()).rules.rules
                  if r.kind in ("name", "substitute", "remove")))


@settings(max_examples=400)
@given(texts, configs, markups)
def test_no_letter_or_digit_changes_unless_a_rule_says_so(
        text: str, config: Config, markup: str) -> None:
    """An edit by any other rule neither writes nor deletes a letter or digit."""
    for step in fix_and_explain(text, config, markup=markup).steps:
        for edit in step.edits:
            if edit.rule_id not in LETTER_RULES:
                assert _alnum(edit.replacement) == _alnum(text[edit.start:edit.end]) == "", edit
        text = apply_plan(text, (step,))


@settings(max_examples=400)
@given(texts, configs, markups)
def test_check_on_fixed_text_has_no_fixable_finding(text: str, config: Config, markup: str) -> None:
    fixed = fix_text(text, config, markup=markup)
    assert [f for f in check_text(fixed, config, markup=markup) if f.fixable] == []


@settings(max_examples=300)
@given(texts.map(lambda t: t.replace("\r", "")))
def test_line_endings_do_not_change_the_repair(text: str) -> None:
    """CRLF text is repaired exactly as LF text is, and keeps every CRLF."""
    crlf = text.replace("\n", "\r\n")
    assert fix_text(crlf) == fix_text(text).replace("\n", "\r\n")


@settings(max_examples=200)
@given(texts)
def test_bom_and_crlf_round_trip(text: str) -> None:
    """Decode, fix, encode: the BOM stays and every line break is still CRLF.

    (Residue removal may take whole lines, so the count of breaks may fall. A NUL would
    make the file binary: none is generated here.)
    """
    text = text.replace("\0", "")
    data = codecs.BOM_UTF8 + text.replace("\r", "").replace("\n", "\r\n").encode()
    document = decode(data, "x")
    out = encode(document, fix_text(document.text))
    assert out.startswith(codecs.BOM_UTF8)
    bare = out.replace(b"\r\n", b"")
    assert b"\n" not in bare and b"\r" not in bare
    assert out.count(b"\r\n") <= data.count(b"\r\n")


@settings(max_examples=300)
@given(st.text(), configs, markups)
def test_random_text_never_crashes(text: str, config: Config, markup: str) -> None:
    """Any text, however strange, is fixed and checked, and every finding lies in it."""
    fix_text(text, config, markup=markup)
    findings = check_text(text, config, markup=markup)
    assert all(0 <= f.start <= f.end <= len(text) for f in findings)
    assert findings == sorted(findings, key=lambda f: (f.start, f.end, f.rule_id))


_COMPILED = compiled(plan(Config()).rules)
_TRIES = [trie for batch in _COMPILED.batches
          for trie in (batch.tries if isinstance(batch, Names) else
                       batch.phrases if isinstance(batch, Flags) else [])]
_PIECES = sorted({e.word for trie in _TRIES for entries in trie.table.values()
                  for e in entries})[:400]
phrase_texts = st.lists(
    st.sampled_from(_PIECES).map(lambda w: w.upper() if len(w) % 3 == 0 else w)
    | st.sampled_from(["'s", "’s", "-", " ", "\n", "(", "„", "«", "—", ",", "the", "x"]),
    max_size=12).map("".join)


@settings(max_examples=600)
@given(phrase_texts)
def test_trie_prefilter_never_hides_a_match(text: str) -> None:
    """Where `might_match` says a trie cannot match, compiling and scanning finds nothing."""
    scan = _COMPILED.scan(text)
    for trie in _TRIES:
        if not trie.might_match(scan):
            assert trie.pattern.search(text) is None, (trie.source[:40], text)


def _empty_quotations(text: str) -> int:
    """Quotations with nothing in them (`“”`, `" "`), as the pairing finds them."""
    return sum(p.problem == "an empty quotation" for p in paragraphs(text))


@settings(max_examples=400)
@given(texts, configs, markups)
def test_no_fix_creates_an_empty_quotation(text: str, config: Config, markup: str) -> None:
    config = config._replace(ignore=("encoding",))  # mojibake may decode to marks
    fixed = fix_text(text, config, markup=markup)
    assert _empty_quotations(fixed) <= _empty_quotations(text)


@settings(max_examples=400)
@given(texts, configs, markups)
@example("\x1f» ,", Config(), "text")  # U+001F is a space to the pairing, not to `regex`
def test_no_fix_leaves_a_quote_mark_unpaired_that_was_paired(
        text: str, config: Config, markup: str) -> None:
    """Quote fixes repair paragraphs that pair; none of them makes one that cannot.

    (The encoding repair may turn mojibake into new marks, and a rule that changes
    letters may put one beside a mark, so those are left out here.)
    """
    config = config._replace(ignore=("encoding", "artifacts", "names", "residue", "script"))
    before = sum(f.rule_id == "quotes/unpaired" for f in check_text(text, config, markup=markup))
    fixed = fix_text(text, config, markup=markup)
    after = sum(f.rule_id == "quotes/unpaired" for f in check_text(fixed, config, markup=markup))
    assert after <= before


dash_texts = st.lists(st.sampled_from(
    ["2019", "5", "3 May", "am", "pm", "Monday", " - ", " -- ", " – ", "-", ", ", ". ", "the ",
     "anti", "so", "MOSCOW", "(Agency)", "said", "\n", "\n\n", "word ", "Kazakhstan", "."]),
    max_size=30).map("".join)


@settings(max_examples=500)
@given(dash_texts, st.sampled_from(list(DashStyle)))
def test_a_dash_fix_never_lands_between_two_digits(text: str, dash: DashStyle) -> None:
    """A hyphen between numbers is a range, a score or a minus: never a sentence dash."""
    for step in fix_and_explain(text, Config(dash=dash)).steps:
        for edit in step.edits:
            if edit.rule_id == "spacing/dash":
                before = text[:edit.start].rstrip()
                after = text[edit.end:].lstrip()
                assert not (before[-1:].isdigit() and after[:1].isdigit()), (text, edit)
        text = apply_plan(text, (step,))


mixed_texts = st.lists(st.sampled_from(
    ["Ukr", "aine", "\N{CYRILLIC SMALL LETTER A}", "\N{CYRILLIC CAPITAL LETTER ES}", "С-400",
     "Москва", "o", "COV", "\N{CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I}", "D", " ",
     "-", "19", "\n", "к", "x"]), max_size=20).map("".join)


@settings(max_examples=500)
@given(mixed_texts)
def test_a_script_fix_only_swaps_a_letter_for_its_twin(text: str) -> None:
    """What `script/cyrillic-in-latin` writes looks exactly as what it replaces."""
    for step in fix_and_explain(text, Config(select=("script",))).steps:
        for edit in step.edits:
            old = text[edit.start:edit.end]
            assert len(old) == len(edit.replacement)
            assert all(a == b or CYRILLIC_TWINS.get(a) == b
                       for a, b in zip(old, edit.replacement, strict=True))
        text = apply_plan(text, (step,))


_SENTENCE_STOP_RE = regex.compile(r"[.!?…](?=[\"”’»)]*(?:\s+[\p{Lu}\d\"“]|\s*\Z))")
substitution_texts = st.lists(st.sampled_from(
    ["in 2020 г.", "2021 г", "40 mln.", "5 bln.", "№5", "№ 12", ".", " ", "\n", "\n\n", " It",
     " in", " Crimea", " The", "\"", "”", " rose", "!", "?"]), max_size=25).map("".join)


@settings(max_examples=500)
@given(substitution_texts)
def test_no_substitution_removes_the_stop_of_a_sentence(text: str) -> None:
    """However the substitutions are strung together, no sentence loses its end (`No. 5`
    may add a full stop that reads as one here, so the count may grow)."""
    config = Config(select=("artifacts",), unsafe_fixes=True)
    fixed = fix_text(text, config)
    assert len(_SENTENCE_STOP_RE.findall(fixed)) >= len(_SENTENCE_STOP_RE.findall(text))


@settings(max_examples=400)
@given(texts, configs, markups)
def test_a_text_with_no_fixable_finding_is_left_as_it_is_by_fix(
        text: str, config: Config, markup: str) -> None:
    """The result cache keeps only a file's findings, and `fix` skips a file none of whose
    findings is fixable: that holds only if such a file is one `fix` leaves alone."""
    if not any(f.fixable for f in check_text(text, config, markup=markup)):
        assert fix_text(text, config, markup=markup) == text
