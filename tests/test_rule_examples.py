"""Every rule's own examples, run with that rule alone (proselint's examples test)."""

import re

import pytest

from cleanup import check_text, fix_text
from cleanup.catalog import example_failures
from cleanup.config import Config
from cleanup.pipeline import plan
from cleanup.rules import SubstituteRule

CONFIG = Config()
RULES = plan(CONFIG).rules.rules


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_examples(rule: object) -> None:
    """Each example is found (and fixed as given); each ok text passes."""
    assert example_failures(rule, CONFIG) == []  # type: ignore[arg-type]


def test_built_in_rules_load_cleanly() -> None:
    assert plan(CONFIG).rules.errors == ()
    assert len(RULES) >= 90


_SENTENCE_STOP_RE = re.compile(r"[.!?…](?=[\"”’»)]*(?:\s+[A-Z\d\"“]|\s*\Z))")
SUBSTITUTES = [r for r in RULES if isinstance(r, SubstituteRule)]


@pytest.mark.parametrize("rule", SUBSTITUTES, ids=lambda r: r.id)
def test_no_substitution_removes_the_stop_of_a_sentence(rule: SubstituteRule) -> None:
    """Cut each example just after a match and end the sentence there, at the end of the
    text and before another sentence: the fixed text ends as many sentences."""
    config = Config(select=(rule.id,), unsafe_fixes=True)
    tried = 0
    for example in rule.examples:
        for finding in check_text(example.text, config):
            head = example.text[:finding.end]
            stop = "" if head.rstrip().endswith((".", "!", "?")) else "."
            for text in (head + stop, head + stop + " Then it rained.",
                         head + stop + '" Then it rained.'):
                fixed = fix_text(text, config)
                assert len(_SENTENCE_STOP_RE.findall(fixed)) == len(
                    _SENTENCE_STOP_RE.findall(text)), (text, fixed)
                tried += 1
    assert tried, "the rule's examples must have a match"
