"""Fuzz target: the fixes and checks through the library API, on plain text.

    python -m fuzz.fixers fuzz/corpus/fixers -dict=fuzz/cleanup.dict

Every input is fixed, fixed again and checked, under the invariants of `checks.check_fix`.
"""

from fuzz import harness

with harness.instrumented(__name__):
    from fuzz import checks, inputs

BOUND = checks.bound_from_env(checks.Bound())


def test_one_input(data: bytes) -> None:
    text = inputs.text_of(data)
    checks.check_fix(text, inputs.config_of(data), "text", BOUND)


if __name__ == "__main__":
    harness.main(test_one_input)
