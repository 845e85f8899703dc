"""Every case in `fixtures/cases` through the library, as ftfy tests its JSON cases."""

from typing import Any

import pytest
from conftest import load_cases

from cleanup import Config, check_text, fix_and_explain
from cleanup.markdown import PADDING
from cleanup.pipeline import apply_plan

CASES = load_cases()


def _config(case: dict[str, Any]) -> Config:
    return Config(**case.get("config", {}))  # e.g. {"quotes": "straight"}


def _markup(case: dict[str, Any]) -> str:
    return str(case.get("markup", "text"))  # the reader: "text" or "markdown"


def _id(case: dict[str, Any]) -> str:
    return f"{case['file']}: {case['label']}"


def _params(cases: list[dict[str, Any]]) -> list[Any]:
    """Each case as a parameter; a known failure (`"expect": "fail"`) is a strict xfail, so
    that one that starts passing fails the run until its mark is taken off."""
    return [pytest.param(c, id=_id(c), marks=[pytest.mark.xfail(
                strict=True, reason=c.get("comment", "known failure"))]
            if c.get("expect") == "fail" else []) for c in cases]


@pytest.mark.parametrize("case", _params(CASES))
def test_fix(case: dict[str, Any]) -> None:
    """fix gives the expected text, and replaying its steps gives the same."""
    result = fix_and_explain(case["input"], _config(case), markup=_markup(case))
    assert result.text == case["expected"]
    assert apply_plan(case["input"], result.steps) == result.text


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_check_after_fix(case: dict[str, Any]) -> None:
    """check on the expected text finds only the findings the case names, none fixable."""
    findings = check_text(case["expected"], _config(case), markup=_markup(case))
    assert sorted({f.rule_id for f in findings}) == sorted(case.get("findings", []))
    assert not [f for f in findings if f.fixable]


@pytest.mark.parametrize("case", [c for c in CASES if c["input"] != c["expected"]], ids=_id)
def test_check_reports_every_fix(case: dict[str, Any]) -> None:
    """check on the input reports, as fixable, every edit of the first fix that applies
    (it reads the same text), and at least one finding wherever fix changes the text."""
    config, markup = _config(case), _markup(case)
    fixable = {(f.start, f.end, f.rule_id, f.replacement)
               for f in check_text(case["input"], config, markup=markup) if f.fixable}
    first = fix_and_explain(case["input"], config, markup=markup).steps[0]
    assert {(e.start, e.end, e.rule_id, e.replacement) for e in first.edits
            if e.rule_id != PADDING} <= fixable  # the padding of a table cell is no finding


def test_there_are_enough_cases() -> None:
    """The issue asks for at least 60 cases, and a negative set of correct English."""
    assert len(CASES) >= 60
    assert len([c for c in CASES if c["file"] == "negative"]) >= 20
