"""A summary's print context and cache key are pure functions of its inputs, built here by hand: no
application, no database."""

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from riskapp.reports.cache import cache_key, data_version
from riskapp.reports.context import summary_context
from riskapp.reports.inputs import (
    Action,
    Episode,
    Incident,
    Judgement,
    Meeting,
    Note,
    PendingLowering,
    PlanReview,
    Professional,
    Record,
    Result,
    Screening,
    SummaryInputs,
    VoiceAnswer,
)
from riskapp.scoring.chronology import Evidence
from riskapp.scoring.result import AgencyView, Assessment, Factor, Finding, Flag

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
PERSON, SCREENING, INCIDENT, NOTE, EPISODE = (uuid.UUID(int=n) for n in range(1, 6))
MEETING, EARLIER_MEETING = uuid.UUID(int=10), uuid.UUID(int=11)
BANDS = (("low", "Low"), ("medium", "Medium"), ("high", "High"), ("very-high", "Very high"))
TEMPLATE = "a" * 64


def _factor(item_id: str, text: str, kind: str, evidence: tuple[Evidence, ...]) -> Factor:
    return Factor(
        item_id=item_id, text=text, kind=kind, weight=5, points=5.0, first_seen=evidence[0].seen_on,
        last_seen=evidence[-1].seen_on, count=len(evidence), agencies=tuple(sorted({e.agency for e in evidence})),
        entries=tuple(e.entry for e in evidence), recent=True, evidence=evidence,
    )  # fmt: skip


ASSESSMENT = Assessment(
    band="high", score=12.0, score_band="high", floors_applied=(),
    factors=(
        _factor("staying_out_late", "Stays out late", "risk-indicator", (
            Evidence("staying_out_late", date(2026, 1, 20), "social-care", f"screening:{SCREENING}"),
            Evidence("staying_out_late", date(2026, 3, 12), "police", f"incident:{INCIDENT}"),
            Evidence("staying_out_late", date(2026, 2, 3), "police", f"note:{NOTE}"),
        )),
        _factor("in_care", "Looked after", "vulnerability", (
            Evidence("in_care", date(2026, 1, 20), "social-care", "plan-review:7"),
        )),
    ),
    findings=(Finding("repeat_missing", 5, "3 missing episodes within 30 days"),),
    latest_only_band="medium", latest_only_score=3.0, risk_to_others_band="low", risk_to_others_score=0.0,
    risk_to_others_factors=(),
    flags=(
        Flag("agency-disagreement", "Police and Health are two bands apart"),
        Flag("a-new-kind", "Something new"),
    ),
    agency_views=(
        AgencyView("police", 9.0, "high", ("staying_out_late",), "concerns", date(2026, 3, 12)),
        AgencyView("health", 0.0, "low", (), "no-concerns", date(2026, 3, 1)),
    ),
    highest_band="high", highest_band_at="now", rules_version="cse-screening v2", engine_version="2.0.1",
)  # fmt: skip


def _inputs() -> SummaryInputs:
    """A young person with something of everything a summary prints."""
    return SummaryInputs(
        record=Record(
            id=PERSON, full_name="Ruby Ashcombe", aliases=("Roo",), date_of_birth=date(2010, 5, 14), sex="female",
            nhs_number="9434765919", local_id="", legal_status="looked-after", placement="Foster care",
            authority="Central Bedfordshire", learning_disability="yes", disability_details="Dyslexia; reads slowly",
        ),
        result=Result(
            band="high", computed_band="high", score=12.0, latest_only_band="medium", risk_to_others_band="low",
            highest_band="high", inputs_hash="f" * 64, assessment=ASSESSMENT,
        ),
        bands=BANDS,
        episodes=(
            Episode(
                id=EPISODE, reported_at=datetime(2026, 3, 10, 22, 0, tzinfo=UTC),
                returned_at=datetime(2026, 3, 11, 4, 0, tzinfo=UTC), agency="Bedfordshire Police", author="Pat Officer",
                missing_from="care", police_classification="absent", police_classification_label="Absent",
                police_risk_grade_label="", found_location="Luton bus station", found_with="a man called Dex",
                vehicle="", out_of_area="yes", return_interview="done", return_interview_by="RHI worker",
                return_interview_findings="Met an older man online",
            ),
        ),
        incidents=(
            Incident(INCIDENT, datetime(2026, 3, 12, 23, 0, tzinfo=UTC), "Kidnap", "Bedfordshire Police", "Pat Officer",
                     "Taken by two men"),
        ),
        plan_reviews=(
            PlanReview(datetime(2026, 1, 5, 10, 0, tzinfo=UTC), "safety", "First plan", date(2026, 2, 5),
                       "Children's social care", "Sam Social"),
            PlanReview(datetime(2026, 2, 5, 10, 0, tzinfo=UTC), "safety", "Plan reviewed", date(2026, 5, 5),
                       "Children's social care", "Sam Social"),
        ),
        notes=(
            Note(NOTE, datetime(2026, 2, 3, 10, 0, tzinfo=UTC), "Bedfordshire Police", "Pat Officer",
                 "Said she stays out with them"),
        ),
        screenings=(
            Screening(SCREENING, datetime(2026, 1, 20, 9, 0, tzinfo=UTC), "CSE screening", 2,
                      "Children's social care", "Sam Social",
                      voice=(VoiceAnswer("What has the young person said?", "She feels safe with him"),)),
        ),
        meetings=(
            Meeting(
                id=MEETING, held_on=date(2026, 11, 1), meeting_type="strategy", chair="Pat Chair",
                decisions="Refer Ruby to the NRM", shared_decisions="Joint disruption plan for the park",
                views_settled="", next_review_on=date(2026, 11, 20),
                open_actions=(
                    Action("Ruby's return interview", "Jo Worker", "Children's social care", date(2026, 11, 20), False),
                    Action("Visit the park with police", "Jo Worker", "Children's social care", date(2026, 12, 20), True),
                ),
                named=("Mia Quillfeather",), unnamed=2,
            ),
            Meeting(
                id=EARLIER_MEETING, held_on=date(2026, 6, 1), meeting_type="review", chair="Pat Chair", decisions="",
                shared_decisions="", views_settled="", next_review_on=date(2026, 7, 1), open_actions=(), named=(),
                unnamed=0,
            ),
        ),
        pending_lowerings=(
            PendingLowering(None, datetime(2026, 11, 20, 14, 30, tzinfo=UTC), "high", "medium", "Rules changed"),
        ),
        judgement=Judgement("high", "Disclosed to her teacher", "Sam Social"),
        professionals=(Professional("Jo Worker", "Social worker", "Children's social care", "01234 567890"),),
        band_history=((datetime(2026, 1, 20, 9, 0, tzinfo=UTC), "medium"), (datetime(2026, 3, 12, 23, 0, tzinfo=UTC), "high")),
        today=date(2026, 11, 26),
    )  # fmt: skip


def test_the_context_is_built_from_hand_made_inputs_alone():
    context = summary_context(_inputs(), generated_by="Sam Social, Practitioner, Children's social care", now=NOW)
    assert context["generated_by"] == "Sam Social, Practitioner, Children's social care"
    assert context["data_version"] == "f" * 16, "without one given, the result's fingerprint"
    person = context["young_person"]
    assert (person["name"], person["sex"], person["legal_status"]) == ("Ruby Ashcombe", "Female", "Looked after child")
    assert person["reference"] == str(PERSON), "no local ID: the record's id, never the name"
    result = context["result"]
    assert result["latest_only_band"] == "medium"
    assert result["override"] == {"band": "high", "rationale": "Disclosed to her teacher", "by": "Sam Social"}
    assert context["bands"] == dict(BANDS)

    assert [row["kind"] for row in context["chronology"]] == [
        "Kidnap", "Missing episode", "Plan review", "Note", "Screening (CSE screening, v2)", "Plan review",
    ], "newest first"  # fmt: skip
    episode = context["chronology"][1]["text"]
    assert episode == (
        "Missing from care; police: Absent; found at Luton bus station; with a man called Dex; out of area; "
        "return home interview: done"
    )
    assert [(row["agency"], row["kind"]) for row in context["latest_by_agency"]] == [
        ("Bedfordshire Police", "Kidnap"), ("Children's social care", "Plan review"),
    ]  # fmt: skip
    assert context["voice"] == [
        {"at": datetime(2026, 1, 20, 9, 0, tzinfo=UTC), "question": "What has the young person said?",
         "answer": "She feels safe with him", "agency": "Children's social care"},
    ]  # fmt: skip
    assert [c["kind"] for c in context["concerns"]] == ["Person", "Place"]
    assert context["plan"]["summary"] == "Plan reviewed", "the latest plan review"
    assert context["return_interviews"][0]["findings"] == "Met an older man online"
    assert context["professionals"][0]["contact"] == "01234 567890"


def test_the_risk_part_of_the_context_reads_the_typed_assessment():
    context = summary_context(_inputs(), generated_by="x", now=NOW)
    [row] = context["factors"]["risk-indicator"]
    assert [(e["seen_on"], e["agency"], e["source"]) for e in row["evidence"]] == [
        (date(2026, 3, 12), "Police", "Incident: Kidnap"),
        (date(2026, 2, 3), "Police", "Note"),
        (date(2026, 1, 20), "Children's social care", "Screening (CSE screening)"),
    ], "newest first, each with what recorded it"
    assert context["factors"]["vulnerability"][0]["evidence"][0]["source"] == "Record"
    assert context["factors"]["current-harm"] == []
    assert [(f["name"], f["message"]) for f in context["flags"]] == [
        ("Agencies disagree", "Police and Health are two bands apart"), ("A new kind", "Something new"),
    ]  # fmt: skip
    assert [(v["agency"], v["view"], v["indicators"]) for v in context["agency_views"]] == [
        ("Police", "Concerns: High", 1), ("Health", "Screened, no concerns", 0),
    ]  # fmt: skip
    assert [f.description for f in context["findings"]] == ["3 missing episodes within 30 days"]
    [lowering] = context["pending_lowerings"]
    assert (lowering["requested_by"], lowering["band_in_force"], lowering["proposed_band"]) == (
        "the system (a rules or evidence change)", "High", "Medium",
    )  # fmt: skip
    assert context["charts"]["bands"].startswith("<svg") and "Very high" in context["charts"]["bands"]


def test_meetings_print_decisions_actions_and_only_the_names_the_reader_may_see():
    context = summary_context(_inputs(), generated_by="x", now=NOW, for_meeting=MEETING)
    assert context["for_meeting"] == str(MEETING)
    latest, earlier = context["meetings"]
    assert latest["also_discussed"] == "Mia Quillfeather and 2 other young people"
    assert latest["decisions"] == "Refer Ruby to the NRM"
    assert latest["shared_decisions"] == "Joint disruption plan for the park"
    assert [(a["description"], a["overdue"], a["shared"]) for a in latest["open_actions"]] == [
        ("Ruby's return interview", True, False), ("Visit the park with police", False, True),
    ]  # fmt: skip
    assert latest["review_missed"] and not earlier["review_missed"], "only the latest meeting's review is missed"
    assert earlier["also_discussed"] == ""


def test_without_an_episode_there_is_no_latest_episode_band():
    context = summary_context(replace(_inputs(), episodes=()), generated_by="x", now=NOW)
    assert context["result"]["latest_only_band"] is None


def _meeting(inputs: SummaryInputs, **changes) -> SummaryInputs:
    return replace(inputs, meetings=(replace(inputs.meetings[0], **changes), *inputs.meetings[1:]))


PRINTED_CHANGES = {
    "a note's text": lambda i: replace(i, notes=(replace(i.notes[0], text="Seen with a new phone"),)),
    "a new note": lambda i: replace(i, notes=(*i.notes, replace(i.notes[0], id=uuid.uuid4()))),
    "the young person's placement": lambda i: replace(i, record=replace(i.record, placement="Residential")),
    "the band in force": lambda i: replace(i, result=replace(i.result, band="very-high")),
    "a flag's message": lambda i: replace(
        i, result=replace(i.result, assessment=replace(ASSESSMENT, flags=ASSESSMENT.flags[:1]))
    ),
    "a band's label": lambda i: replace(i, bands=(("low", "Lower"), *BANDS[1:])),
    "a decision about the young person": lambda i: _meeting(i, decisions="Refer Ruby to the NRM now"),
    "another young person named": lambda i: _meeting(i, named=("Mia Quillfeather", "Zoe Oak"), unnamed=1),
    "a name the reader may no longer see": lambda i: _meeting(i, named=(), unnamed=3),
    "an action done": lambda i: _meeting(i, open_actions=i.meetings[0].open_actions[1:]),
    "a lowering decided": lambda i: replace(i, pending_lowerings=()),
    "the judgement withdrawn": lambda i: replace(i, judgement=None),
    "a professional's contact": lambda i: replace(i, professionals=(replace(i.professionals[0], contact="07700"),)),
    "the young person's words": lambda i: replace(
        i, screenings=(replace(i.screenings[0], voice=(VoiceAnswer("What has the young person said?", "Nothing"),)),)
    ),
    "a new result in the band history": lambda i: replace(
        i, band_history=(*i.band_history, (datetime(2026, 11, 25, tzinfo=UTC), "high"))
    ),
    "the day (overdue marks)": lambda i: replace(i, today=date(2026, 11, 27)),
}


@pytest.mark.parametrize("change", PRINTED_CHANGES.values(), ids=PRINTED_CHANGES.keys())
def test_the_cache_key_changes_when_a_printed_fact_changes(change):
    inputs = _inputs()
    changed = change(inputs)
    assert changed != inputs
    assert cache_key(changed, TEMPLATE) != cache_key(inputs, TEMPLATE)
    assert data_version(changed) != data_version(inputs)


def test_the_cache_key_is_the_same_for_the_same_facts_however_they_were_loaded():
    first, second = _inputs(), _inputs()
    assert first is not second and first.result.assessment is ASSESSMENT
    rebuilt = replace(second, result=replace(second.result, assessment=replace(ASSESSMENT)))
    assert rebuilt.result.assessment is not ASSESSMENT
    assert cache_key(first, TEMPLATE) == cache_key(second, TEMPLATE) == cache_key(rebuilt, TEMPLATE)
    assert cache_key(first, TEMPLATE, MEETING) == cache_key(rebuilt, TEMPLATE, MEETING)
    assert len(cache_key(first, TEMPLATE)) == 64 and len(data_version(first)) == 64


def test_the_cache_key_changes_with_the_print_template_and_the_meeting_it_is_made_for():
    inputs = _inputs()
    keys = {
        cache_key(inputs, TEMPLATE),
        cache_key(inputs, "b" * 64),
        cache_key(inputs, TEMPLATE, MEETING),
        cache_key(inputs, TEMPLATE, EARLIER_MEETING),
    }
    assert len(keys) == 4
    assert data_version(inputs) == data_version(_inputs()), "the data version is of the data alone"


def test_the_identifiers_give_the_age_on_the_day_and_any_learning_disability():
    person = summary_context(_inputs(), generated_by="Sam Social", now=NOW)["young_person"]
    assert person["age"] == 16  # born 14 May 2010, loaded 26 November 2026
    assert (person["learning_disability"], person["disability_details"]) == ("Yes", "Dyslexia; reads slowly")
    day_before_birthday = replace(_inputs(), today=date(2027, 5, 13))
    assert summary_context(day_before_birthday, generated_by="Sam Social", now=NOW)["young_person"]["age"] == 16


def test_return_interviews_are_in_date_order_newest_first_as_the_chronology():
    first = _inputs().episodes[0]
    later = replace(
        first,
        id=uuid.UUID(int=99),
        reported_at=datetime(2026, 5, 1, 22, 0, tzinfo=UTC),
        returned_at=datetime(2026, 5, 2, 6, 0, tzinfo=UTC),
        return_interview_findings="Second interview",
    )
    earliest = replace(
        first,
        id=uuid.UUID(int=98),
        reported_at=datetime(2026, 1, 1, 22, 0, tzinfo=UTC),
        returned_at=None,
        return_interview_findings="Still missing when seen",
    )
    inputs = replace(_inputs(), episodes=(first, earliest, later))  # stored in no particular order
    interviews = summary_context(inputs, generated_by="Sam Social", now=NOW)["return_interviews"]
    assert [i["findings"] for i in interviews] == [
        "Second interview",
        "Met an older man online",
        "Still missing when seen",
    ]


def test_a_young_person_scored_once_gets_a_sentence_not_a_chart_of_one_point():
    once = replace(_inputs(), band_history=((datetime(2026, 1, 20, 9, 0, tzinfo=UTC), "medium"),))
    charts = summary_context(once, generated_by="Sam Social", now=NOW)["charts"]
    assert charts["bands"] == "" and charts["scored_once"] == {
        "at": datetime(2026, 1, 20, 9, 0, tzinfo=UTC),
        "band": "medium",
    }
    twice = summary_context(_inputs(), generated_by="Sam Social", now=NOW)["charts"]
    assert twice["bands"].startswith("<svg") and twice["scored_once"] is None


def test_a_flag_whose_message_starts_with_its_name_is_named_once():
    repeat = replace(ASSESSMENT, flags=(Flag("repeat-missing", "Repeat missing: 4 missing episodes within 30 days"),))
    inputs = replace(_inputs(), result=replace(_inputs().result, assessment=repeat))
    [flag] = summary_context(inputs, generated_by="Sam Social", now=NOW)["flags"]
    assert (flag["name"], flag["message"]) == ("Repeat missing", "4 missing episodes within 30 days")
