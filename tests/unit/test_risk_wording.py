"""The risk page's words, from stored results: flags named once, floors and rules changes in words,
and each result to compare listed once."""

from dataclasses import dataclass, replace

from riskapp.risk import wording
from riskapp.scoring.result import Assessment, Factor, Flag
from riskapp.scoring.rules import Floor

BASE = Assessment(
    band="medium", score=3.0, score_band="low", floors_applied=("learning-disability",), factors=(), findings=(),
    latest_only_band="low", latest_only_score=0.0, risk_to_others_band="low", risk_to_others_score=0.0,
    risk_to_others_factors=(), flags=(), agency_views=(), highest_band="medium", highest_band_at="now",
    rules_version="cse-screening v2 (abc)", engine_version="2.0.1",
)  # fmt: skip


def test_a_flag_whose_message_repeats_its_name_is_named_once():
    assert wording.flag_text(Flag("repeat-missing", "Repeat missing: 3 missing episodes within 30 days")) == (
        "Repeat missing",
        "3 missing episodes within 30 days",
    )
    assert wording.flag_text(Flag("risk-to-others", "Risk to others: High")) == ("Risk to others", "High")
    assert wording.flag_text(Flag("coverage-gap", "2 indicators never considered")) == (
        "Coverage gap",
        "2 indicators never considered",
    )


def test_only_the_floor_that_set_the_band_is_said_and_in_words():
    assert wording.binding_floor(BASE) == "learning-disability"
    assert wording.binding_floor(replace(BASE, score_band="medium", floors_applied=())) is None
    raised_twice = replace(BASE, band="high", floors_applied=("past-harm", "current-harm"))
    assert wording.binding_floor(raised_twice) == "current-harm"
    text = wording.floor_text("under-age", (Floor("under-age", "medium", age=13),)).keeps("Medium")
    assert text.startswith("Being under 13 keeps the band at least Medium: ")
    labels = {"low": "Low", "medium": "Medium", "high": "High"}
    lifted = replace(BASE, band="high", score_band="high", floors_applied=())
    assert wording.floor_change(BASE, lifted, (), labels) == ["A learning disability no longer keeps the band up."]


def test_a_rules_change_names_the_questionnaire_versions_not_their_labels():
    assert wording.rules_change("cse-screening v1 (aa)", "cse-screening v2 (bb)") == (
        "Scored with version 2 of the questionnaire, not version 1"
    )
    assert wording.rules_change("x v2 (aa)", "x v2 (aa)") is None


@dataclass
class Stored:
    id: int
    band: str = "high"
    computed_band: str = "high"
    score: float = 12.0
    rules_version: str = "v2"
    computed_at: int = 0


def test_results_alike_one_after_another_are_one_choice_newest_first():
    factor = Factor("sti", "STI", "risk-indicator", 3, 3.0, None, None, 1, (), (), True)
    more = replace(BASE, factors=(factor,))
    results = [Stored(1), Stored(2), Stored(3, score=15.0), Stored(4, score=15.0), Stored(5)]
    assessments = [BASE, BASE, more, more, BASE]
    choices = wording.compare_choices(results, assessments)
    assert [c.result.id for c in choices] == [5, 4, 2]
    assert [sorted(c.ids) for c in choices] == [[5], [3, 4], [1, 2]]
