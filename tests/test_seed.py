"""The mission's sample article: every defect the mission lists is fixed or reported."""

from conftest import ROOT

from cleanup import check_text, fix_text

SEED = (ROOT / "seeds" / "000_e45498a51890010d.txt").read_text(encoding="utf-8")
EXPECTED = (ROOT / "seeds" / "000_e45498a51890010d.expected.txt").read_text(encoding="utf-8")


def test_fix_gives_the_expected_article() -> None:
    assert fix_text(SEED) == EXPECTED


def test_check_reports_each_calque_of_the_mission() -> None:
    """The Turkish side, Recall that, has no analogues, doesn't put X penniless,
    military-technical cooperation; and FSVTS and Triumph as names to decide."""
    found: dict[str, str] = {}
    for f in check_text(SEED):
        found.setdefault(f.rule_id, SEED[f.start:f.end])
    assert found["calques/the-x-side"] == "the Turkish side"
    assert found["calques/recall-that"] == "Recall that"
    assert found["calques/no-analogues"] == "has no analogues"
    assert found["calques/put-penniless"].startswith("doesn’t put Trump")
    assert found["calques/military-technical"].lower() == "military-technical"
    assert found["names/fsmtc"] == "FSVTS"
    assert found["names/triumf"] == "Triumph"


def test_fixed_article_has_only_findings_for_a_human() -> None:
    findings = check_text(EXPECTED)
    assert findings and not [f for f in findings if f.fixable]
    assert "Rosoboroexport" not in EXPECTED and "©" not in EXPECTED
