"""The scoring core on concrete chronologies: whole history, patterns, floors, flags."""

from datetime import date, timedelta
from pathlib import Path

import pytest

from riskapp.questionnaire.parser import load_definition
from riskapp.scoring.chronology import BandPoint, Chronology, Evidence, Incident, PlanReview, Resolution
from riskapp.scoring.engine import assess, inputs_hash
from riskapp.scoring.rules import rules_from
from tests.builders import ABSENT, NOW, episode

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rules():
    return rules_from(load_definition((ROOT / "questionnaires/cse-screening/v2.yaml").read_text(), "v2.yaml"))


def _episode(n, days_ago, **changes):
    """Here an episode is an absence, classified low, unless it says otherwise."""
    return episode(n, days_ago, **(ABSENT | changes))


def _evidence(item_id, days_ago, agency="social-care", entry="screening:1"):
    return Evidence(item_id, (NOW - timedelta(days=days_ago)).date(), agency, entry)


def test_five_short_absences_in_60_days_are_high_risk_over_the_whole_history(rules):
    """The inspection's case: each episode looks minor alone; together they are not."""
    episodes = tuple(_episode(n, days) for n, days in enumerate((58, 44, 30, 22, 15), start=1))
    episodes = (
        episodes[:2]
        + (_episode(3, 30, out_of_area=True, found_with="Man in his thirties", found_location="Luton bus station"),)
        + episodes[3:]
    )
    chronology = Chronology(date_of_birth=date(2010, 5, 14), episodes=episodes)
    result = assess(chronology, rules, NOW)
    assert result.latest_only_band == "low"
    assert result.band == "high"
    assert {f.rule for f in result.findings} >= {"repeat_missing", "found_out_of_area"}
    challenges = [f for f in result.flags if f.kind == "classification-challenge"]
    assert len(challenges) == 1, "one challenge, naming every episode"
    assert len(challenges[0].entries) == 5
    assert "5 episodes were recorded as absent" in challenges[0].message
    assert "as 'absent'" in challenges[0].message and "gives High" in challenges[0].message
    assert "Reconsider" in challenges[0].message


def test_three_episodes_in_thirty_days_raise_the_repeat_missing_flag_and_two_do_not(rules):
    three = tuple(_episode(n, days) for n, days in enumerate((40, 30, 15), start=1))
    flagged = [f for f in assess(Chronology(date_of_birth=date(2010, 5, 14), episodes=three), rules, NOW).flags
               if f.kind == "repeat-missing"]  # fmt: skip
    assert len(flagged) == 1 and len(flagged[0].entries) == 3
    assert flagged[0].message.startswith("Repeat missing: 3 missing episodes within 30 days")
    spread = tuple(_episode(n, days) for n, days in enumerate((90, 45, 5), start=1))
    result = assess(Chronology(date_of_birth=date(2010, 5, 14), episodes=spread), rules, NOW)
    assert "repeat-missing" not in {f.kind for f in result.flags}


def test_a_kidnap_after_the_last_plan_review_raises_the_plan_flag(rules):
    review = PlanReview("plan:1", NOW - timedelta(days=20))
    kidnap = Incident("incident:9", NOW - timedelta(days=14), "kidnap", "youth-offending", significant=True)
    result = assess(Chronology(date_of_birth=date(2009, 1, 1), plan_reviews=(review,), incidents=(kidnap,)), rules, NOW)
    flags = [f for f in result.flags if f.kind == "plan-not-reviewed"]
    assert len(flags) == 1 and flags[0].days_elapsed == 14 and flags[0].entries == ("incident:9",)
    reviewed_after = PlanReview("plan:2", NOW - timedelta(days=10))
    later = assess(
        Chronology(date_of_birth=date(2009, 1, 1), plan_reviews=(review, reviewed_after), incidents=(kidnap,)),
        rules,
        NOW,
    )
    assert not [f for f in later.flags if f.kind == "plan-not-reviewed"]


def test_risk_to_others_has_its_own_band_and_never_lowers_his_own(rules):
    """Issue 9 changed this: being made to recruit others (current harm, also tagged risk to others)
    now counts for his own score as well; a risk-to-others indicator that is not harm to him does not."""
    harmed = (
        _evidence("sexual_assault", 40),
        _evidence("older_partner_or_controlling_adult", 40),
        _evidence("boy_missing_any", 40),
    )
    own_only = assess(Chronology(date_of_birth=date(2009, 3, 1), evidence=harmed), rules, NOW)
    both = assess(
        Chronology(
            date_of_birth=date(2009, 3, 1),
            evidence=harmed + (_evidence("involves_younger_children", 20), _evidence("recruiting_others", 20)),
        ),
        rules,
        NOW,
    )
    assert both.band == own_only.band
    assert both.score == own_only.score + rules.indicators["recruiting_others"].weight
    assert "involves_younger_children" not in {f.item_id for f in both.factors}
    assert both.risk_to_others_band != "low" and own_only.risk_to_others_band == "low"
    assert {f.item_id for f in both.risk_to_others_factors} == {"involves_younger_children", "recruiting_others"}
    assert "risk-to-others" in {f.kind for f in both.flags}


def test_a_later_no_does_not_clear_an_indicator_but_a_resolution_does(rules):
    seen = _evidence("missing_overnight_or_longer", 100)
    result = assess(Chronology(date_of_birth=date(2010, 1, 1), evidence=(seen,)), rules, NOW)
    assert [f.item_id for f in result.factors] == ["missing_overnight_or_longer"]
    resolved = Resolution("missing_overnight_or_longer", (NOW - timedelta(days=5)).date(), "Settled in new placement")
    after = assess(Chronology(date_of_birth=date(2010, 1, 1), evidence=(seen,), resolutions=(resolved,)), rules, NOW)
    assert after.factors == () and after.resolved == ("missing_overnight_or_longer",)
    seen_again = _evidence("missing_overnight_or_longer", 1)
    again = assess(
        Chronology(date_of_birth=date(2010, 1, 1), evidence=(seen, seen_again), resolutions=(resolved,)), rules, NOW
    )
    assert [f.item_id for f in again.factors] == ["missing_overnight_or_longer"]


def test_recency_weighs_recent_evidence_more_but_never_erases_older_harm(rules):
    item = rules.indicators["sexual_assault"]
    recent = assess(Chronology(date_of_birth=date(2009, 1, 1), evidence=(_evidence("sexual_assault", 10),)), rules, NOW)
    old = assess(Chronology(date_of_birth=date(2009, 1, 1), evidence=(_evidence("sexual_assault", 900),)), rules, NOW)
    assert recent.factors[0].points == item.weight and recent.factors[0].recent
    assert 0 < old.factors[0].points < item.weight and not old.factors[0].recent
    # Evidence of current harm keeps its floor band however old it is.
    assert old.band == recent.band == "high" and "current-harm" in old.floors_applied


def test_a_disclosure_gives_the_top_band(rules):
    result = assess(
        Chronology(date_of_birth=date(2009, 1, 1), evidence=(_evidence("disclosure_of_exploitation", 3),)), rules, NOW
    )
    assert result.band == "very-high" and "disclosure" in result.floors_applied


@pytest.mark.parametrize(
    ("born", "learning_disability", "expected"),
    [(date(2014, 6, 1), False, "medium"), (date(2009, 6, 1), True, "medium"), (date(2009, 6, 1), False, "low")],
)
def test_under_13_or_learning_disability_is_never_low_once_anything_is_seen(rules, born, learning_disability, expected):
    chronology = Chronology(
        date_of_birth=born, learning_disability=learning_disability, evidence=(_evidence("staying_out_late", 5),)
    )
    assert assess(chronology, rules, NOW).band == expected


def test_patterns_same_person_and_return_interviews(rules):
    episodes = (
        _episode(1, 80, found_with="Jay  Smith", return_interview="declined", return_interview_at=None),
        _episode(2, 50, found_with="jay smith", return_interview="declined", return_interview_at=None),
        _episode(3, 10, return_interview="offered", return_interview_at=None),
    )
    rules_found = {
        f.rule: f for f in assess(Chronology(date_of_birth=date(2010, 1, 1), episodes=episodes), rules, NOW).findings
    }
    assert rules_found["same_place_or_person"].entries == ("episode:1", "episode:2")
    assert rules_found["return_interview_declined"].entries == ("episode:1", "episode:2")
    assert rules_found["return_interview_late"].entries == ("episode:3",)


def test_rising_frequency_is_found(rules):
    episodes = tuple(_episode(n, d, classified_low=False) for n, d in enumerate((170, 60, 40, 20), start=1))
    assert "rising_missing" in {
        f.rule for f in assess(Chronology(date_of_birth=date(2010, 1, 1), episodes=episodes), rules, NOW).findings
    }


def test_each_agency_view_shows_what_that_agency_has_seen(rules):
    evidence = (_evidence("sti", 10, agency="health"), _evidence("missing_overnight_or_longer", 10, agency="police"))
    views = {
        v.agency: v
        for v in assess(Chronology(date_of_birth=date(2010, 1, 1), evidence=evidence), rules, NOW).agency_views
    }
    assert views["health"].item_ids == ("sti",) and views["police"].item_ids == ("missing_overnight_or_longer",)


def test_highest_band_ever_and_when(rules):
    history = (BandPoint(NOW - timedelta(days=300), "very-high"), BandPoint(NOW - timedelta(days=100), "medium"))
    result = assess(Chronology(date_of_birth=date(2010, 1, 1), band_history=history), rules, NOW)
    assert result.band == "low"
    assert (result.highest_band, result.highest_band_at) == ("very-high", (NOW - timedelta(days=300)).isoformat())


def test_results_are_reproducible(rules):
    chronology = Chronology(date_of_birth=date(2010, 1, 1), evidence=(_evidence("sti", 10),))
    first, second = assess(chronology, rules, NOW), assess(chronology, rules, NOW)
    assert first == second
    assert first.rules_version.startswith("cse-screening v2 (") and first.engine_version
    fingerprint = inputs_hash(chronology, rules, NOW)
    assert len(fingerprint) == 64 and fingerprint == inputs_hash(chronology, rules, NOW)
    different = Chronology(date_of_birth=date(2010, 1, 2), evidence=(_evidence("sti", 10),))
    assert inputs_hash(different, rules, NOW) != fingerprint
    assert inputs_hash(chronology, rules, NOW + timedelta(days=1)) != fingerprint


def test_a_long_run_of_absences_is_challenged_in_a_message_a_person_can_read(rules):
    """Twelve absences: the challenge names the first and last three and counts the rest; its
    entries still point at every one."""
    episodes = tuple(_episode(n, 5 * n, out_of_area=True, found_location="Luton bus station") for n in range(1, 13))
    challenge = next(f for f in assess(Chronology(date(2010, 5, 14), episodes=episodes), rules, NOW).flags
                     if f.kind == "classification-challenge")  # fmt: skip
    assert len(challenge.entries) == 12
    assert "12 episodes were recorded as absent" in challenge.message
    assert "; 6 more; " in challenge.message
    assert challenge.message.count("as 'absent'") == 6


def test_scoring_leaves_the_cycle_collector_as_it_found_it(rules):
    import gc

    chronology = Chronology(date(2010, 5, 14), episodes=(_episode(1, 3),))
    assert gc.isenabled()
    assess(chronology, rules, NOW)
    assert gc.isenabled()
    gc.disable()
    try:
        assess(chronology, rules, NOW)
        assert not gc.isenabled(), "a collector someone else paused stays paused"
    finally:
        gc.enable()
