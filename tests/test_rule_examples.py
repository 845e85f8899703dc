"""Every rule's own examples, run with that rule alone (proselint's examples test)."""

import pytest

from cleanup.catalog import example_failures
from cleanup.config import Config
from cleanup.pipeline import plan

CONFIG = Config()
RULES = plan(CONFIG).rules.rules


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_examples(rule: object) -> None:
    """Each example is found (and fixed as given); each ok text passes."""
    assert example_failures(rule, CONFIG) == []  # type: ignore[arg-type]


def test_built_in_rules_load_cleanly() -> None:
    assert plan(CONFIG).rules.errors == ()
    assert len(RULES) >= 90
