"""Fuzz target: the Markdown reader, alone and under the fixes.

    python -m fuzz.markdown_reader fuzz/corpus/markdown_reader -dict=fuzz/cleanup.dict

The view of a Markdown text keeps its length, shows each character as it is or masks
it, and protects every masked character; then the text is fixed as Markdown under the
invariants of `checks.check_fix`, and no edit but a table's padding touches markup.
"""

import itertools

from fuzz import harness

with harness.instrumented(__name__):
    from cleanup.chars import MASK
    from cleanup.config import Config
    from cleanup.edits import apply_edits, overlaps
    from cleanup.markdown import PADDING, markdown_view
    from cleanup.pipeline import fix_and_explain
    from fuzz import checks, inputs

BOUND = checks.bound_from_env(checks.Bound())


def check_view(text: str, bound: checks.Bound | None) -> None:
    """The invariants of the view alone."""
    view = checks.timed("markdown view", checks.size_of(text), lambda: markdown_view(text),
                        bound)
    assert len(view.text) == len(text)
    spans = view.protected
    assert all(0 <= s < e <= len(text) for s, e in spans), spans
    assert all(a[1] < b[0] for a, b in itertools.pairwise(spans)), spans
    covered = {i for s, e in spans for i in range(s, e)}
    for i, (shown, char) in enumerate(zip(view.text, text, strict=True)):
        assert shown == char or (shown == MASK and i in covered), (i, char, shown)


def check_markup_kept(text: str, config: Config) -> None:
    """No edit but a table's padding touches what the view protects, pass after pass."""
    done = fix_and_explain(text, config, markup="markdown")
    for step in done.steps:
        protected = markdown_view(text).protected
        for edit in step.edits:
            if edit.rule_id != PADDING:
                assert not any(overlaps(edit, s, e) for s, e in protected), (edit, text)
        text, _ = apply_edits(text, step.edits)


def check_markdown(text: str, config: Config, bound: checks.Bound | None) -> None:
    """Every invariant of a Markdown text."""
    check_view(text, bound)
    checks.check_fix(text, config, "markdown", bound)
    check_markup_kept(text, config)


def test_one_input(data: bytes) -> None:
    check_markdown(inputs.text_of(data), inputs.config_of(data), BOUND)


if __name__ == "__main__":
    harness.main(test_one_input)
