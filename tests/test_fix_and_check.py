"""`fix_and_check` is `fix_and_explain` and then `check_text` on the fixed text, exactly:
the same fixed text, steps and findings, for the fixture cases, the seed and generated
text. (`eval/fix_and_check.py` compares the two on the real articles of ../shared.)"""

from typing import Any

import pytest
from conftest import ROOT, load_cases
from hypothesis import given, settings
from test_properties import configs, markups, texts

from cleanup import Config, check_text, fix_and_explain
from cleanup.pipeline import fix_and_check

SEED = (ROOT / "seeds" / "000_e45498a51890010d.txt").read_text(encoding="utf-8")


def _two_calls(text: str, config: Config, markup: str) -> tuple[Any, Any]:
    fixed = fix_and_explain(text, config, markup=markup)
    return fixed, check_text(fixed.text, config, markup=markup)


@pytest.mark.parametrize("case", load_cases(), ids=lambda c: f"{c['file']}: {c['label']}")
def test_fixture_cases(case: dict[str, Any]) -> None:
    config, markup = Config(**case.get("config", {})), str(case.get("markup", "text"))
    for text in (case["input"], case["expected"]):
        assert fix_and_check(text, config, markup=markup) == _two_calls(text, config, markup)


@pytest.mark.parametrize("markup", ["text", "markdown"])
def test_seed(markup: str) -> None:
    assert fix_and_check(SEED, markup=markup) == _two_calls(SEED, Config(), markup)


@settings(max_examples=300)
@given(texts, configs, markups)
def test_generated_text(text: str, config: Config, markup: str) -> None:
    assert fix_and_check(text, config, markup=markup) == _two_calls(text, config, markup)
