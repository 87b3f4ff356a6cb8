"""Issue 9 in the scoring core: every fact counts, own harm counts, past harm keeps a floor, agency
views and their disagreement, and numbers that mean what they say (UK calendar days, no rising trend
without history, an unstated return interview is not late, patterns that name dates and agencies)."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from riskapp.questionnaire.parser import load_definition
from riskapp.scoring.chronology import (
    Chronology,
    Episode,
    Evidence,
    Incident,
    Judgement,
    Note,
    PlanReview,
    Resolution,
    Screening,
    Settlement,
)
from riskapp.scoring.engine import assess
from riskapp.scoring.judgement import band_with_judgements
from riskapp.scoring.rules import rules_from
from riskapp.timeutil import UK
from tests import builders
from tests.builders import NOW

ROOT = Path(__file__).resolve().parents[2]
BORN = date(2010, 5, 14)


@pytest.fixture(scope="module")
def rules():
    return rules_from(load_definition((ROOT / "questionnaires/cse-screening/v2.yaml").read_text(), "v2.yaml"))


def _at(days_ago: float) -> datetime:
    return NOW - timedelta(days=days_ago)


def _day(days_ago: int) -> date:
    return (NOW - timedelta(days=days_ago)).date()


def _factor(result, item_id):
    return next(f for f in result.factors if f.item_id == item_id)


# --- Every fact counts (item 2) -------------------------------------------------------------------


def test_a_disclosure_in_a_police_note_reaches_the_disclosure_floor(rules):
    note = Note("note:7", _at(3), "police", evidence_of="disclosure_of_exploitation")
    result = assess(Chronology(date_of_birth=BORN, notes=(note,)), rules, NOW)
    assert result.band == "very-high" and "disclosure" in result.floors_applied
    factor = _factor(result, "disclosure_of_exploitation")
    assert factor.evidence == (Evidence("disclosure_of_exploitation", _day(3), "police", "note:7"),)
    assert factor.agencies == ("police",) and factor.last_seen == _day(3)


def test_a_disclosure_incident_counts_through_the_rules_file(rules):
    incident = Incident("incident:4", _at(2), "disclosure", "health")
    result = assess(Chronology(date_of_birth=BORN, incidents=(incident,)), rules, NOW)
    assert result.band == "very-high"
    assert _factor(result, "disclosure_of_exploitation").entries == ("incident:4",)


def test_incident_types_map_to_indicators_and_the_authors_choice_adds_one(rules):
    kidnap = Incident("incident:1", _at(20), "kidnap", "police", significant=True, evidence_of="trafficking_concern")
    result = assess(Chronology(date_of_birth=BORN, incidents=(kidnap,)), rules, NOW)
    assert {f.item_id for f in result.factors} == {"kidnapped_or_abducted", "trafficking_concern"}
    assert result.band == "high"
    alone = assess(Chronology(date_of_birth=BORN, incidents=(replace(kidnap, evidence_of=""),)), rules, NOW)
    assert [f.item_id for f in alone.factors] == ["kidnapped_or_abducted"]
    assert alone.band == "high" and alone.floors_applied == ("current-harm",)


def test_a_drug_supply_arrest_counts_towards_criminal_exploitation_for_any_young_person(rules):
    arrest = Incident("incident:2", _at(10), "drug-supply-arrest", "police")
    boy = assess(Chronology(date_of_birth=BORN, incidents=(arrest,), extra={"sex": "male"}), rules, NOW)
    assert {f.item_id for f in boy.factors} == {"criminal_exploitation_overlap", "offending_or_asb"}
    dealing = Incident("incident:3", _at(5), "found-in-dealing-property", "police")
    county = Incident("incident:5", _at(4), "county-lines-referral", "social-care")
    both = assess(Chronology(date_of_birth=BORN, incidents=(arrest, dealing, county)), rules, NOW)
    overlap = _factor(both, "criminal_exploitation_overlap")
    assert overlap.count == 3 and overlap.agencies == ("police", "social-care")
    assert both.band == "medium", "a significant indicator: 5 + 2 points, at least the past-harm floor"


def test_an_episodes_facts_are_evidence_with_its_date_and_agency(rules):
    episode = builders.episode(
        1,
        12,
        agency="social-care",
        found_with_adult_of_concern=True,
        found_at_place_of_concern=True,
        vehicle="Silver Astra",
        out_of_area=True,
    )
    result = assess(Chronology(date_of_birth=BORN, episodes=(episode,)), rules, NOW)
    evidenced = {f.item_id: f for f in result.factors}
    assert set(evidenced) == {
        "associates_known_cse_adults",
        "frequents_hotspots",
        "vehicles_unknown_adults",
        "unfamiliar_areas",
    }
    assert all(f.evidence == (Evidence(f.item_id, _day(12), "social-care", "episode:1"),) for f in evidenced.values())
    plain = assess(Chronology(date_of_birth=BORN, episodes=(builders.episode(1, 12),)), rules, NOW)
    assert plain.factors == (), "an episode with no facts is counted only by the patterns"


def test_an_indicator_the_questionnaire_does_not_have_is_ignored(rules):
    note = Note("note:1", _at(3), "police", evidence_of="no_such_indicator")
    assert assess(Chronology(date_of_birth=BORN, notes=(note,)), rules, NOW).factors == ()


def test_evidence_from_every_source_is_listed_oldest_first(rules):
    chronology = Chronology(
        date_of_birth=BORN,
        evidence=(Evidence("disclosure_of_exploitation", _day(30), "social-care", "screening:1"),),
        notes=(Note("note:2", _at(3), "police", evidence_of="disclosure_of_exploitation"),),
        incidents=(Incident("incident:9", _at(10), "disclosure", "health"),),
    )
    factor = _factor(assess(chronology, rules, NOW), "disclosure_of_exploitation")
    assert [e.entry for e in factor.evidence] == ["screening:1", "incident:9", "note:2"]
    assert factor.first_seen == _day(30) and factor.count == 3


# --- Own harm always counts (item 3) -------------------------------------------------------------


def test_being_made_to_recruit_others_is_harm_to_him_and_a_risk_to_others(rules):
    seen = (Evidence("recruiting_others", _day(20), "youth-offending", "screening:1"),)
    result = assess(Chronology(date_of_birth=date(2009, 3, 1), evidence=seen), rules, NOW)
    assert [f.item_id for f in result.factors] == ["recruiting_others"]
    assert result.band == "high" and "current-harm" in result.floors_applied
    assert [f.item_id for f in result.risk_to_others_factors] == ["recruiting_others"]
    assert result.risk_to_others_band == "medium"


def test_a_risk_to_others_indicator_that_is_not_harm_to_him_stays_out_of_his_band(rules):
    seen = (Evidence("involves_younger_children", _day(20), "youth-offending", "screening:1"),)
    result = assess(Chronology(date_of_birth=date(2009, 3, 1), evidence=seen), rules, NOW)
    assert result.factors == () and result.band == "low"
    assert [f.item_id for f in result.risk_to_others_factors] == ["involves_younger_children"]


# --- Past harm keeps a floor (item 4) -------------------------------------------------------------


def test_a_significant_indicator_from_fourteen_months_ago_keeps_medium(rules):
    old = (
        Evidence("missing_overnight_or_longer", _day(425), "police", "screening:1"),
        Evidence("vehicles_unknown_adults", _day(425), "police", "screening:1"),
    )
    result = assess(Chronology(date_of_birth=BORN, evidence=old), rules, NOW)
    assert result.score < 6, "recency lowers the points"
    assert all(not f.recent and f.points < f.weight for f in result.factors)
    assert result.band == "medium" and result.floors_applied == ("past-harm",)


def test_resolving_past_harm_with_a_reason_lifts_its_floor(rules):
    old = Evidence("missing_overnight_or_longer", _day(425), "police", "screening:1")
    resolved = Resolution("missing_overnight_or_longer", _day(10), "Settled in a new placement for a year")
    result = assess(Chronology(date_of_birth=BORN, evidence=(old,), resolutions=(resolved,)), rules, NOW)
    assert result.band == "low" and result.floors_applied == ()


def test_a_minor_old_indicator_has_no_past_harm_floor(rules):
    old = (Evidence("staying_out_late", _day(425), "police", "screening:1"),)
    assert assess(Chronology(date_of_birth=BORN, evidence=old), rules, NOW).band == "low"


# --- Agency views (item 5) ------------------------------------------------------------------------


def _screening(agency, days_ago, n=1):
    return Screening(f"screening:{n}", _day(days_ago), agency, "cse-screening v2")


def test_an_agency_that_screened_and_saw_nothing_has_a_view(rules):
    chronology = Chronology(
        date_of_birth=BORN,
        screenings=(_screening("health", 8),),
        notes=(Note("note:1", _at(3), "police", evidence_of="disclosure_of_exploitation"),),
    )
    views = {v.agency: v for v in assess(chronology, rules, NOW).agency_views}
    assert (views["health"].status, views["health"].band, views["health"].score) == ("no-concerns", "low", 0.0)
    assert views["health"].last_entry_on == _day(8)
    assert (views["police"].status, views["police"].band) == ("concerns", "very-high"), "floors apply per agency"
    assert views["police"].last_entry_on == _day(3)


def test_agencies_two_bands_apart_are_flagged_until_settled(rules):
    chronology = Chronology(
        date_of_birth=BORN,
        screenings=(_screening("health", 8),),
        notes=(Note("note:1", _at(3), "police", evidence_of="disclosure_of_exploitation"),),
    )
    flags = [f for f in assess(chronology, rules, NOW).flags if f.kind == "agency-disagreement"]
    assert len(flags) == 1
    assert "3 bands apart" in flags[0].message and "Police: Very high" in flags[0].message
    assert "Health: Low (screened, no concerns)" in flags[0].message
    settled_before = replace(chronology, settlements=(Settlement(_day(5)),))
    assert "agency-disagreement" in {f.kind for f in assess(settled_before, rules, NOW).flags}
    settled = replace(chronology, settlements=(Settlement(_day(2), agreed_band="very-high"),))
    assert "agency-disagreement" not in {f.kind for f in assess(settled, rules, NOW).flags}


def test_one_band_apart_is_not_a_disagreement_and_the_threshold_is_configurable(rules):
    chronology = Chronology(
        date_of_birth=BORN,
        screenings=(_screening("health", 8),),
        evidence=(Evidence("missing_overnight_or_longer", _day(4), "police", "screening:2"),),
    )
    assert {v.band for v in assess(chronology, rules, NOW).agency_views} == {"low", "medium"}
    assert "agency-disagreement" not in {f.kind for f in assess(chronology, rules, NOW).flags}
    strict = replace(rules, agency_disagreement_bands=1)
    assert "agency-disagreement" in {f.kind for f in assess(chronology, strict, NOW).flags}


# --- Numbers that mean what they say (item 7) -----------------------------------------------------


def test_no_earlier_history_is_not_a_rising_trend(rules):
    first_ever = tuple(builders.episode(n, d) for n, d in enumerate((60, 40, 20), start=1))
    result = assess(Chronology(date_of_birth=BORN, episodes=first_ever), rules, NOW)
    assert "rising_missing" not in {f.rule for f in result.findings}
    with_history = (builders.episode(0, 300), *first_ever)
    rising = assess(Chronology(date_of_birth=BORN, episodes=with_history), rules, NOW)
    finding = next(f for f in rising.findings if f.rule == "rising_missing")
    assert "3 episodes in the last 90 days" in finding.description and "0 in the 90 days before" in finding.description


def test_an_unstated_return_interview_is_not_late_but_is_flagged(rules):
    episodes = (builders.episode(1, 20, return_interview="not-known", return_interview_at=None),)
    result = assess(Chronology(date_of_birth=BORN, episodes=episodes), rules, NOW)
    assert "return_interview_late" not in {f.rule for f in result.findings} and result.score == 0
    flag = next(f for f in result.flags if f.kind == "return-interview-not-known")
    assert flag.entries == ("episode:1",) and "6 Nov 2026 (Police)" in flag.message
    offered = (builders.episode(1, 20, return_interview="offered", return_interview_at=None),)
    later = assess(Chronology(date_of_birth=BORN, episodes=offered), rules, NOW)
    assert "return_interview_late" in {f.rule for f in later.findings}
    assert "return-interview-not-known" not in {f.kind for f in later.flags}


def test_days_are_uk_calendar_days():
    """An incident at 23:00 fourteen days ago is 14 days ago, not 13 (whole 24-hour periods)."""
    incident = Incident("incident:1", datetime(2026, 11, 12, 23, 0, tzinfo=UTC), "kidnap", "police", significant=True)
    rules = rules_from(load_definition((ROOT / "questionnaires/cse-screening/v2.yaml").read_text(), "v2.yaml"))
    flag = next(f for f in assess(Chronology(BORN, incidents=(incident,)), rules, NOW).flags)
    assert flag.days_elapsed == 14 and "14 days ago" in flag.message and "12 Nov 2026 (Police)" in flag.message
    assert flag.message.endswith("and no plan review has been recorded"), "no review was ever recorded"


def test_evidence_is_dated_by_the_uk_calendar_in_summer_time(rules):
    """23:30 UTC on 1 July is 00:30 on 2 July in the UK (BST)."""
    note = Note("note:1", datetime(2026, 7, 1, 23, 30, tzinfo=UTC), "police", evidence_of="sexual_assault")
    result = assess(Chronology(BORN, notes=(note,)), rules, NOW)
    assert _factor(result, "sexual_assault").last_seen == date(2026, 7, 2)


def test_every_pattern_names_the_dates_and_agencies_of_its_episodes(rules):
    episodes = (
        builders.episode(0, 300),
        builders.episode(1, 60, found_with="Jay Smith", return_interview="declined", return_interview_at=None),
        builders.episode(2, 50, found_with="jay smith", agency="social-care", return_interview="declined"),
        builders.episode(3, 45, out_of_area=True, return_interview="offered", return_interview_at=None),
        builders.episode(4, 40),
    )
    result = assess(Chronology(BORN, episodes=episodes), rules, NOW)
    described = {f.rule: f.description for f in result.findings}
    assert set(described) == {
        "repeat_missing",
        "rising_missing",
        "same_place_or_person",
        "found_out_of_area",
        "return_interview_late",
        "return_interview_declined",
    }
    assert "27 Sep 2026 (Police)" in described["repeat_missing"]
    assert "7 Oct 2026 (Children's social care)" in described["same_place_or_person"]
    assert "12 Oct 2026 (Police)" in described["found_out_of_area"]
    assert "12 Oct 2026 (Police)" in described["return_interview_late"]
    assert "27 Sep 2026 (Police), 7 Oct 2026 (Children's social care)" in described["return_interview_declined"]
    assert "17 Oct 2026 (Police)" in described["rising_missing"]


# --- Judgements in a case file --------------------------------------------------------------------


def test_the_latest_judgement_in_force_sets_the_band():
    raise_ = Judgement("judgement:1", "very-high", _at(10), "police")
    waiting = Judgement("judgement:2", "low", _at(5), "social-care", status="awaiting-confirmation")
    assert band_with_judgements("high", (), NOW) == ("high", None)
    assert band_with_judgements("high", (raise_, waiting), NOW) == ("very-high", raise_)
    confirmed = replace(waiting, status="in-force")
    assert band_with_judgements("high", (raise_, confirmed), NOW) == ("low", confirmed)
    assert band_with_judgements("high", (replace(raise_, made_at=NOW + timedelta(days=1)),), NOW)[0] == "high"


def test_a_long_run_of_episodes_names_its_first_and_last_and_counts_the_rest(rules):
    episodes = tuple(
        builders.episode(n, 300 - 2 * n, return_interview="declined", return_interview_at=None) for n in range(20)
    )
    result = assess(Chronology(BORN, episodes=episodes), rules, NOW)
    declined = next(f for f in result.findings if f.rule == "return_interview_declined")
    assert len(declined.entries) == 20
    assert declined.description.startswith("Return home interview declined 20 times: 30 Jan 2026 (Police), ")
    assert ", 14 more, " in declined.description and declined.description.endswith("9 Mar 2026 (Police)")


# --- Messages a reader understands ----------------------------------------------------------------


def test_messages_name_agencies_as_people_read_them_and_count_in_good_english(rules):
    one = Chronology(
        BORN,
        episodes=(builders.episode(1, 20, agency="social-care", out_of_area=True, return_interview="not-known"),),
        incidents=(Incident("incident:1", _at(1), "kidnap", "social-care", significant=True),),
        plan_reviews=(PlanReview("plan-review:1", _at(30)),),
        coverage_gaps=1,
    )
    result = assess(one, rules, NOW)
    messages = " | ".join([f.message for f in result.flags] + [f.description for f in result.findings])
    assert "social-care" not in messages and "(Children's social care)" in messages
    assert "1 day ago, and the plan has not been reviewed since" in messages
    assert "after 1 episode: 6 Nov 2026 (Children's social care)" in messages
    assert "Found out of area: 1 episode:" in messages
    assert "1 indicator of the current tool has never been considered" in messages
    for wrong in ("1 days", "1 episodes", "1 indicators", "1 times", "1 bands", "0 days ago"):
        assert wrong not in messages
    today = replace(one, incidents=(Incident("incident:1", NOW - timedelta(hours=1), "kidnap", "police", True),))
    flag = next(f for f in assess(today, rules, NOW).flags if f.kind == "plan-not-reviewed")
    assert "(Police), today, and the plan has not been reviewed since" in flag.message
    assert [f.agencies for f in result.factors if f.item_id == "unfamiliar_areas"] == [("social-care",)], "slugs stay"


def test_one_band_apart_reads_band_not_bands(rules):
    chronology = Chronology(
        BORN,
        screenings=(_screening("health", 8),),
        evidence=(Evidence("missing_overnight_or_longer", _day(4), "police", "screening:2"),),
    )
    flag = next(f for f in assess(chronology, replace(rules, agency_disagreement_bands=1), NOW).flags)
    assert "views are 1 band apart" in flag.message and "Police: Medium" in flag.message


def test_a_sexual_health_attendance_is_not_evidence_of_an_infection(rules):
    attendance = Incident("incident:1", _at(3), "sexual-health-attendance", "health")
    assert assess(Chronology(BORN, incidents=(attendance,)), rules, NOW).factors == ()
    chosen = replace(attendance, evidence_of="emergency_contraception_after_absence")
    factors = assess(Chronology(BORN, incidents=(chosen,)), rules, NOW).factors
    assert [f.item_id for f in factors] == ["emergency_contraception_after_absence"], "the author's choice counts"


@pytest.mark.parametrize(
    ("reported", "returned", "overnight"),
    [
        (datetime(2026, 11, 20, 9, 0, tzinfo=UTC), datetime(2026, 11, 20, 17, 0, tzinfo=UTC), True),  # 8 hours
        (datetime(2026, 11, 20, 9, 0, tzinfo=UTC), datetime(2026, 11, 20, 16, 59, tzinfo=UTC), False),  # 7h59
        (datetime(2026, 11, 20, 22, 30, tzinfo=UTC), datetime(2026, 11, 21, 3, 0, tzinfo=UTC), True),  # night, 4h30
        (datetime(2026, 11, 20, 23, 50, tzinfo=UTC), datetime(2026, 11, 21, 0, 10, tzinfo=UTC), False),  # 20 minutes
        (datetime(2026, 7, 1, 21, 0, tzinfo=UTC), datetime(2026, 7, 2, 1, 0, tzinfo=UTC), True),  # 22:00-02:00 BST
        (datetime(2026, 7, 1, 21, 0, tzinfo=UTC), datetime(2026, 7, 1, 22, 30, tzinfo=UTC), False),  # 22:00-23:30 BST
        (datetime(2026, 11, 26, 3, 0, tzinfo=UTC), None, True),  # not back after 9 hours
        (datetime(2026, 11, 26, 5, 0, tzinfo=UTC), None, False),  # not back after 7 hours, same day
    ],
)
def test_an_overnight_episode_is_evidence_of_missing_overnight(rules, reported, returned, overnight):
    episode = Episode("episode:1", reported, returned, agency="social-care", return_interview="done")
    factors = assess(Chronology(BORN, episodes=(episode,)), rules, NOW).factors
    found = [f for f in factors if f.item_id == "missing_overnight_or_longer"]
    assert bool(found) == overnight
    if found:
        assert found[0].evidence[0].entry == "episode:1" and found[0].agencies == ("social-care",)
        assert found[0].last_seen == reported.astimezone(UK).date()


def test_the_overnight_hours_come_from_the_rules_file(rules):
    episode = Episode("episode:1", datetime(2026, 11, 20, 9, 0, tzinfo=UTC), datetime(2026, 11, 20, 15, 0, tzinfo=UTC))
    chronology = Chronology(BORN, episodes=(episode,))
    assert not assess(chronology, rules, NOW).factors
    text = (
        (ROOT / "questionnaires/cse-screening/v2.yaml").read_text().replace("overnight_hours: 8", "overnight_hours: 6")
    )
    six = rules_from(load_definition(text, "v2.yaml"))
    assert six.overnight_hours == 6
    assert [f.item_id for f in assess(chronology, six, NOW).factors] == ["missing_overnight_or_longer"]
