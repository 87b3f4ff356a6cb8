"""Answer states, show_if, completeness and coverage, on plain data."""

from pathlib import Path

import pytest

from riskapp.questionnaire.answers import (
    Answer,
    answers_digest,
    considered_item_ids,
    coverage_gaps,
    finalise,
    rest_not_known,
    submission_gaps,
    visible_items,
)
from riskapp.questionnaire.parser import load_definition
from tests.unit.test_questionnaire_validation import GOOD

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo():
    return load_definition(GOOD, "v1.yaml")


def test_a_follow_up_is_asked_only_when_its_condition_holds(demo):
    ids = lambda answers: [i.id for i in visible_items(demo, "police", answers, {})]  # noqa: E731
    assert ids({}) == ["missing_overnight"]
    assert ids({"missing_overnight": Answer("missing_overnight", "answered", "yes")}) == [
        "missing_overnight",
        "where_found",
    ]
    assert ids({"missing_overnight": Answer("missing_overnight", "not-known")}) == ["missing_overnight"]


def test_not_known_declined_and_not_applicable_stay_different(demo):
    answers = {"missing_overnight": Answer("missing_overnight", "not-known")}
    final = finalise(demo, "police", answers, {})
    assert final["missing_overnight"].state == "not-known"
    assert final["where_found"].state == "not-applicable"
    declined = finalise(demo, "police", {"missing_overnight": Answer("missing_overnight", "declined")}, {})
    assert declined["missing_overnight"].state == "declined"
    assert answers_digest(final) != answers_digest(declined)


def test_a_value_hidden_by_a_later_answer_is_dropped(demo):
    answers = {
        "missing_overnight": Answer("missing_overnight", "answered", "no"),
        "where_found": Answer("where_found", "answered", "home"),
    }
    assert finalise(demo, "police", answers, {})["where_found"] == Answer("where_found", "not-applicable")


def test_every_indicator_needs_an_answer_even_if_not_known(demo):
    gaps = submission_gaps(demo, "police", {}, {})
    assert [(g.section_id, g.item_id) for g in gaps] == [("missing_section", "missing_overnight")]
    assert "or choose Not known" in gaps[0].message
    assert submission_gaps(demo, "police", {"missing_overnight": Answer("missing_overnight", "not-known")}, {}) == []


def test_the_rest_of_a_section_not_known_fills_only_questions_asked_and_unanswered(demo):
    rest = lambda answers: rest_not_known(demo, "police", "missing_section", answers, {})  # noqa: E731
    assert rest({}) == {"missing_overnight": Answer("missing_overnight", "not-known")}, "the follow-up is not asked"
    yes = Answer("missing_overnight", "answered", "yes", "Seen by the carer")
    assert rest({"missing_overnight": yes}) == {"where_found": Answer("where_found", "not-known")}
    found = Answer("where_found", "answered", "home")
    assert rest({"missing_overnight": yes, "where_found": found}) == {}


def test_evidence_and_date_are_needed_for_yes_where_the_definition_says_so():
    current = load_definition((ROOT / "questionnaires/cse-screening/v2.yaml").read_text(), "v2.yaml")
    item = next(i for i in current.indicators() if i.evidence_required and i.date_required)
    answers = {i.id: Answer(i.id, "not-known") for i in current.indicators()}
    answers[item.id] = Answer(item.id, "answered", "yes")
    messages = [g.message for g in submission_gaps(current, "social-care", answers, {"sex": "female"})]
    assert messages == [f"Describe the evidence for '{item.text}'"]


def test_the_boys_section_follows_the_young_persons_sex():
    current = load_definition((ROOT / "questionnaires/cse-screening/v2.yaml").read_text(), "v2.yaml")
    boys_items = {item.id for item in current.section("boys_young_men").items_for("police") if item.show_if is None}
    for sex, shown in (("male", True), ("not-known", True), ("female", False)):
        asked = {item.id for item in visible_items(current, "police", {}, {"sex": sex})}
        assert (boys_items <= asked) is shown


def test_coverage_lists_the_current_indicators_never_considered():
    root = ROOT / "questionnaires/cse-screening"
    old = load_definition((root / "v1.yaml").read_text(), "v1.yaml")
    current = load_definition((root / "v2.yaml").read_text(), "v2.yaml")
    old_answers = {item.id: Answer(item.id, "answered", "no") for item in old.indicators()}
    gaps = {item.id for item in coverage_gaps(current, considered_item_ids(old_answers))}
    assert {item.id for item in current.section("boys_young_men").items if item.is_indicator} <= gaps
    assert {item.id for item in current.section("lgbt_context").items if item.is_indicator} <= gaps
    assert not gaps & set(old.item_index())
    # A follow-up ruled out by its condition was considered; an item the screening lacked was not.
    ruled_out = {item.id: Answer(item.id, "not-applicable") for item in current.indicators()}
    assert coverage_gaps(current, considered_item_ids(ruled_out)) == []
