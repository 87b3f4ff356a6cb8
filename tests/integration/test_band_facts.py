"""Issue 9, principles 2 to 7, through the web layer on both databases: entries made with the ORM,
re-scored by riskapp.risk.service.rescore, and read on the risk page as a practitioner sees them."""

from datetime import time, timedelta

import pytest

from riskapp.data import chronology as chronology_data
from riskapp.data import risk as risk_data
from riskapp.models import AgencyViewSettlement, ProfessionalNote
from riskapp.questionnaire.answers import Answer
from riskapp.reference import Role
from riskapp.risk import service
from riskapp.timeutil import from_uk, to_uk, today, utcnow


@pytest.fixture
def social_worker(practitioner):
    """The signed-in reader, of Children's social care; the police officer records entries too."""
    return practitioner


def _shown(day) -> str:
    return f"{day.day} {day:%B %Y}"


def _risk_page(client, person):
    service.rescore(person)
    return client.get(f"/young-people/{person.id}/risk").soup


def _band(soup) -> str:
    return soup.select_one("#band-computed").get_text(" ", strip=True)


def _row(soup, kind: str, text: str) -> str:
    rows = [row.get_text(" ", strip=True) for row in soup.select(f"#factors-{kind} tbody tr")]
    return next(row for row in rows if text in row)


def _flag(soup, kind: str):
    found = soup.select_one(f".app-flag--{kind}")
    return found.get_text(" ", strip=True) if found else None


def _note(person, author, **values):
    return chronology_data.add(
        ProfessionalNote(young_person_id=person.id, agency_id=author.agency_id, author_id=author.id, **values)
    )


# --- 2. Every fact counts wherever it was recorded ------------------------------------------------


def test_a_disclosure_in_a_police_note_gives_the_top_band_with_its_date_and_agency(
    client, make, area, officer, social_worker
):
    person = make.young_person(area)
    noted = utcnow() - timedelta(days=2)
    _note(person, officer, noted_at=noted, text="She told me.", evidence_of="disclosure_of_exploitation")
    soup = _risk_page(client, person)
    assert _band(soup).startswith("Very high")
    row = _row(soup, "current-harm", "told someone that they are being, or have been, sexually exploited")
    assert _shown(to_uk(noted).date()) in row and "Police" in row
    assert (
        soup.select_one("#floors")
        .get_text()
        .startswith("A disclosure of exploitation keeps the band at least Very high")
    )


def test_a_drug_supply_arrest_counts_towards_criminal_exploitation(client, make, area, officer, social_worker):
    boy = make.young_person(area, sex="male")
    occurred = utcnow() - timedelta(days=6)
    make.incident(
        boy,
        officer,
        occurred_at=occurred,
        incident_type="drug-supply-arrest",
        incident_label="Arrest or charge for drug supply",
    )
    soup = _risk_page(client, boy)
    assert _band(soup).startswith("Medium")
    row = _row(soup, "risk-indicator", "There are signs of criminal exploitation")
    assert _shown(to_uk(occurred).date()) in row and "Police" in row
    assert _row(soup, "risk-indicator", "arrested, charged or warned")


def test_where_and_with_whom_an_episode_found_them_is_evidence(client, make, area, social_worker):
    person = make.young_person(area)
    episode = make.episode(person, social_worker, days_ago=9, found_with_adult_of_concern="yes", vehicle="Silver Astra")
    soup = _risk_page(client, person)
    row = _row(soup, "risk-indicator", "in contact with adults who are known or suspected")
    assert _shown(to_uk(episode.reported_at).date()) in row and "Children's social care" in row
    assert _row(soup, "risk-indicator", "getting into or out of cars")


def test_an_episode_overnight_or_longer_is_evidence_of_missing_overnight(client, make, area, officer, social_worker):
    person = make.young_person(area)
    day = today() - timedelta(days=12)
    make.episode(person, social_worker, days_ago=20)  # 11:00 to 15:00: not overnight
    assert "missing overnight or longer" not in _risk_page(client, person).get_text()
    episode = make.episode(
        person,
        officer,
        reported_at=from_uk(day, time(22, 30)),
        returned_at=from_uk(day + timedelta(days=1), time(3, 0)),  # back after midnight, 4.5 hours later
        return_interview_at=from_uk(day + timedelta(days=1), time(15, 0)),
    )
    soup = _risk_page(client, person)
    row = _row(soup, "risk-indicator", "missing overnight or longer")
    assert _shown(to_uk(episode.reported_at).date()) in row and "Police" in row
    assert _band(soup).startswith("Medium"), "a significant indicator: the past-harm floor"


# --- 3. Own harm always counts -------------------------------------------------------------------


def test_being_made_to_recruit_others_counts_for_his_own_band_and_the_risk_to_others(client, make, area, social_worker):
    boy = make.young_person(area, sex="male")
    make.screening(boy, social_worker, answers={"recruiting_others": "yes"})
    soup = _risk_page(client, boy)
    assert _band(soup).startswith("High")
    assert "Children's social care" in _row(soup, "current-harm", "introduced to adults or places of concern")
    assert soup.select_one("#band-risk-to-others").get_text(" ", strip=True).startswith("Medium")


# --- 4. Past harm keeps a floor ------------------------------------------------------------------


def test_significant_evidence_from_fourteen_months_ago_keeps_medium(client, make, area, officer, social_worker):
    person = make.young_person(area)
    long_ago = today() - timedelta(days=425)
    answer = Answer("missing_overnight_or_longer", "answered", "yes", evidence_date=long_ago)
    make.screening(person, officer, answers={"missing_overnight_or_longer": answer})
    soup = _risk_page(client, person)
    assert _band(soup).startswith("Medium")
    floor = soup.select_one("#floors").get_text()
    assert floor.startswith("Past harm keeps the band at least Medium") and "past-harm" not in floor
    row = _row(soup, "risk-indicator", "missing overnight or longer")
    assert _shown(long_ago) in row and "Police" in row and "counts less" in row


# --- 5. Agency views include "screened, no concerns" ---------------------------------------------


def test_police_and_health_disagreeing_is_flagged_until_settled(client, make, area, officer, social_worker, db_session):
    person = make.young_person(area)
    nurse = make.user(role=Role.PRACTITIONER, agency="health", authorities=[area])
    make.screening(person, nurse, answers={"sti": "no"})
    _note(
        person,
        officer,
        noted_at=utcnow() - timedelta(days=1),
        text="Disclosure to the officer.",
        evidence_of="disclosure_of_exploitation",
    )
    soup = _risk_page(client, person)
    flag = _flag(soup, "agency-disagreement")
    assert "Agencies disagree" in flag and "Police: Very high" in flag and "Health: Low (screened, no concerns)" in flag
    views = {v["agency"]: v for v in service.explanation(risk_data.current_result(person.id))["agency_views"]}
    assert views["health"]["status"] == "no-concerns" and views["police"]["band"] == "very-high"
    assert "agency-disagreement" in risk_data.current_result(person.id).flag_kinds

    db_session.add(
        AgencyViewSettlement(
            young_person_id=person.id,
            settled_on=today(),
            forum="Strategy meeting",
            outcome="Health agree the disclosure means the top band.",
            agreed_band="very-high",
            author_id=social_worker.id,
        )
    )
    db_session.flush()
    assert _flag(_risk_page(client, person), "agency-disagreement") is None


# --- 7. Numbers that mean what they say ----------------------------------------------------------


def test_first_episodes_are_not_a_rising_trend(client, make, area, social_worker):
    person = make.young_person(area)
    for days in (70, 45, 20):
        make.episode(person, social_worker, days_ago=days)
    soup = _risk_page(client, person)
    patterns = soup.select_one("#patterns + ul")
    assert patterns is None or "more often" not in patterns.get_text()


def test_an_unstated_return_interview_is_flagged_not_counted_late(client, make, area, social_worker):
    person = make.young_person(area)
    episode = make.episode(person, social_worker, days_ago=10, return_interview="not-known", return_interview_at=None)
    soup = _risk_page(client, person)
    flag = _flag(soup, "return-interview-not-known")
    reported = to_uk(episode.reported_at).date()
    assert "Return home interview not recorded" in flag and f"{reported.day} {reported:%b %Y}" in flag
    patterns = soup.select_one("#patterns + ul")
    assert patterns is None or "not done within" not in patterns.get_text()


def test_an_incident_late_in_the_evening_is_counted_in_uk_calendar_days(client, make, area, officer, social_worker):
    person = make.young_person(area, sex="male")
    day = today() - timedelta(days=14)
    make.incident(
        person,
        officer,
        occurred_at=from_uk(day, time(23, 30)),
        incident_type="kidnap",
        incident_label="Kidnap or abduction",
        significant=True,
    )
    soup = _risk_page(client, person)
    assert "14 days ago, and no plan review has been recorded" in _flag(soup, "plan-not-reviewed")
    assert _shown(day) in _row(soup, "current-harm", "kidnapped, abducted")


def test_every_pattern_names_dates_and_agencies(client, make, area, social_worker):
    person = make.young_person(area)
    episodes = [make.episode(person, social_worker, days_ago=days) for days in (25, 15, 5)]
    patterns = _risk_page(client, person).select_one("#patterns + ul").get_text(" ")
    first = to_uk(episodes[0].reported_at).date()
    assert "missing episodes within 30 days" in patterns
    assert f"{first.day} {first:%b %Y} (Children's social care)" in patterns and "social-care" not in patterns
