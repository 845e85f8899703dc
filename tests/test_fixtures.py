"""Every case in `fixtures/cases` through the library, as ftfy tests its JSON cases."""

from typing import Any

import pytest
from conftest import load_cases

from cleanup import Config, check_text, fix_and_explain
from cleanup.pipeline import apply_plan

CASES = load_cases()


def _config(case: dict[str, Any]) -> Config:
    return Config(**case.get("config", {}))  # e.g. {"quotes": "straight"}


def _markup(case: dict[str, Any]) -> str:
    return str(case.get("markup", "text"))  # the reader: "text" or "markdown"


def _id(case: dict[str, Any]) -> str:
    return f"{case['file']}: {case['label']}"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_fix(case: dict[str, Any]) -> None:
    """fix gives the expected text, and replaying its steps gives the same."""
    if case.get("expect") == "fail":
        pytest.xfail(case.get("comment", "known failure"))
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
    """check on the input reports at least one fixable finding wherever fix changes it."""
    assert any(f.fixable for f in check_text(case["input"], _config(case), markup=_markup(case)))


def test_there_are_enough_cases() -> None:
    """The issue asks for at least 60 cases, and a negative set of correct English."""
    assert len(CASES) >= 60
    assert len([c for c in CASES if c["file"] == "negative"]) >= 20
