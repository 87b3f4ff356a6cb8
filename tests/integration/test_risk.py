"""Whole-history risk on the record, professional judgement, resolutions and the caseload."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import inspect, select

from riskapp.data import chronology as chronology_data
from riskapp.data import risk as risk_data
from riskapp.models import BandDecision, BandOverride, PlanReview, RiskResult, RiskResultFlag
from riskapp.reference import Role
from riskapp.risk import service
from riskapp.risk.flags import FLAG_LABELS
from riskapp.timeutil import today
from tests.factories import ABSENT
from tests.helpers import audit_actions, now, rows_and_queries, sign_in


@pytest.fixture
def kayla(make, area, practitioner):
    """Five short absences in 60 days (11:00 to 15:00 UK time, never overnight, recorded as
    "absent"), one found out of area with an older man."""
    person = make.young_person(area, first_name="Kayla", last_name="Brightwater")
    for days in (58, 44, 22, 15):
        make.episode(person, practitioner, days_ago=days, **ABSENT)
    make.episode(
        person,
        practitioner,
        days_ago=30,
        found_location="Luton bus station",
        found_with="A man in his thirties",
        out_of_area="yes",
        **ABSENT,
    )
    service.rescore(person)
    return person


def judge(client, person, band: str, rationale: str):
    """Post a professional judgement from the form as loaded (it carries the result it was loaded against)."""
    page = client.get(f"/young-people/{person.id}/judgement")
    loaded = page.soup.select_one("input[name=loaded_result]")["value"]
    return client.post(
        f"/young-people/{person.id}/judgement", data={"band": band, "rationale": rationale, "loaded_result": loaded}
    )


def decide(client, decision, choice: str, reason: str):
    page = client.get(f"/decisions/{decision.id}")
    version = page.soup.select_one("input[name=version]")
    data = {"reason": reason, "version": version["value"] if version else str(decision.version)}
    return client.post(f"/decisions/{decision.id}/{choice}", data=data)


def test_the_record_shows_whole_history_beside_the_latest_episode_and_challenges_absent(client, kayla):
    record = client.get(f"/young-people/{kayla.id}")
    summary = record.soup.select_one("#risk-summary")
    assert summary.select_one("#band-computed").get_text(" ", strip=True).startswith("High")
    assert summary.select_one("#band-latest-only").get_text(" ", strip=True).startswith("Low")
    assert "Classification challenge" in summary.get_text()

    risk = client.get(f"/young-people/{kayla.id}/risk")
    patterns = risk.soup.select_one("#patterns + ul").get_text(" ")
    assert "missing episodes within 30 days" in patterns and "Found out of area" in patterns
    challenge = risk.soup.select(".app-flag--classification-challenge")
    assert len(challenge) == 1 and "5 episodes were recorded as absent" in challenge[0].get_text()
    assert "as 'Absent'" in challenge[0].get_text()


def test_each_stored_result_is_reproducible_and_explains_why_the_band_changed(
    client, make, kayla, practitioner, db_session
):
    results = db_session.query(RiskResult).filter_by(young_person_id=kayla.id).all()
    current = [r for r in results if r.is_current]
    assert len(current) == 1 and current[0].rules_version.startswith("cse-screening v2")
    assert len(current[0].inputs_hash) == 64 and current[0].engine_version

    assault = make.incident(
        kayla,
        practitioner,
        occurred_at=now() - timedelta(days=2),
        incident_type="sexual-assault",
        incident_label="Sexual assault",
        significant=True,
        indicator_id="sexual_assault",
    )
    service.rescore(kayla)
    page = client.get(f"/young-people/{kayla.id}/risk")
    change = page.soup.select_one(".app-change").get_text(" ", strip=True)
    assert "High to Very high" in change and "Now evidenced" in change
    assert assault.id


def test_a_plan_flag_follows_a_kidnap_after_the_last_review(client, make, area, practitioner):
    tyler = make.young_person(area, first_name="Tyler", last_name="Oakhollow", sex="male")
    chronology_data.add(
        PlanReview(
            young_person_id=tyler.id,
            agency_id=practitioner.agency_id,
            author_id=practitioner.id,
            reviewed_at=now() - timedelta(days=20),
            plan_type="vulnerability",
        )
    )
    make.incident(
        tyler,
        practitioner,
        occurred_at=now() - timedelta(days=14),
        incident_type="kidnap",
        incident_label="Kidnap or abduction",
        significant=True,
    )
    service.rescore(tyler)
    flag = (
        client.get(f"/young-people/{tyler.id}/risk")
        .soup.select_one(".app-flag--plan-not-reviewed")
        .get_text(" ", strip=True)
    )
    assert "Kidnap or abduction on" in flag and "14 days ago" in flag


def test_raising_the_band_takes_effect_and_lowering_waits_for_a_manager(
    client, make, area, kayla, practitioner, db_session
):
    short = judge(client, kayla, "low", "too short")
    assert "at least 20 characters" in short.soup.select_one(".govuk-error-summary").get_text()
    rationale = "Settled in a new placement far from the adults of concern; no contact for months."
    assert judge(client, kayla, "low", rationale).status_code == 302
    current = risk_data.current_result(kayla.id)
    assert (current.band, current.computed_band) == ("high", "high"), "lowering waits for a manager"
    assert "override-awaiting-confirmation" in current.flag_kinds

    decision = db_session.query(BandDecision).one()
    assert (decision.route, decision.proposed_band, decision.requested_by_id) == ("judgement", "low", practitioner.id)
    assert client.post(f"/decisions/{decision.id}/confirm", data={"reason": "Agreed at supervision"}).status_code == 403
    manager = make.user(role=Role.MANAGER, authorities=[area])
    manager_client = client.application.test_client()
    sign_in(manager_client, manager)
    assert decide(manager_client, decision, "confirm", "Agreed at supervision today").status_code == 302
    current = risk_data.current_result(kayla.id)
    assert (current.band, current.computed_band) == ("low", "high"), "both bands are kept and shown"
    assert "override-awaiting-confirmation" not in current.flag_kinds
    record = client.get(f"/young-people/{kayla.id}")
    assert "professional judgement" in record.soup.select_one("#band-in-force").get_text()
    assert [e.action for e in audit_actions(db_session, object_type="band_override")] == ["set-judgement"]
    assert [e.action for e in audit_actions(db_session, object_type="band_decision", outcome="success")] == [
        "request-lower-band",
        "view",
        "confirm-lower-band",
    ]


def test_resolving_an_indicator_needs_a_reason_and_stops_it_counting(client, make, area, practitioner, db_session):
    person = make.young_person(area)
    make.screening(person, practitioner, answers={"staying_out_late": "yes"})
    page = client.get(f"/young-people/{person.id}/risk")
    assert "staying_out_late" in page.soup.select_one("#factors").decode() or page.soup.select(
        "#factors-risk-indicator"
    )
    url = f"/young-people/{person.id}/indicators/staying_out_late/resolve"
    client.get(url)
    assert "Enter why" in client.post(url, data={"reason": ""}).soup.select_one(".govuk-error-summary").get_text()
    assert client.post(url, data={"reason": "Curfew agreed and kept for three months"}).status_code == 302
    # Resolving is a lowering: the indicator counts until a manager confirms it is resolved.
    explanation = json.loads(risk_data.current_result(person.id).explanation)
    assert [f["item_id"] for f in explanation["factors"]] == ["staying_out_late"]
    [decision] = db_session.query(BandDecision).filter_by(young_person_id=person.id, status="awaiting").all()
    assert decision.route == "resolution" and decision.requested_by_id == practitioner.id
    coordinator = client.application.test_client()
    sign_in(coordinator, make.user(role=Role.CSE_COORDINATOR, authorities=[area]))
    version = coordinator.get(f"/decisions/{decision.id}").soup.select_one("input[name=version]")["value"]
    confirm = {"reason": "Checked with the school and the carers.", "version": version}
    assert coordinator.post(f"/decisions/{decision.id}/confirm", data=confirm).status_code == 302
    explanation = json.loads(risk_data.current_result(person.id).explanation)
    assert explanation["factors"] == [] and explanation["resolved"] == ["staying_out_late"]


def test_caseload_lists_the_highest_priority_first_with_filters(client, make, area, kayla, practitioner):
    calm = make.young_person(area, first_name="Ellie", last_name="Thornbeck")
    service.rescore(calm)
    elsewhere = make.authority("luton", "Luton")
    service.rescore(make.young_person(elsewhere, first_name="Amira", last_name="Castellan"))
    page = client.get("/dashboard")
    names = [a.get_text(strip=True) for a in page.soup.select("#caseload tbody td:first-child a")]
    assert names == ["Brightwater, Kayla", "Thornbeck, Ellie"]
    assert [
        a.get_text(strip=True)
        for a in client.get("/dashboard?band=low").soup.select("#caseload tbody td:first-child a")
    ] == ["Thornbeck, Ellie"]
    flagged = client.get("/dashboard?flag=classification-challenge").soup.select("#caseload tbody td:first-child a")
    assert [a.get_text(strip=True) for a in flagged] == ["Brightwater, Kayla"]
    assert client.get("/dashboard?agency=health").soup.select("#caseload tbody tr") == []


def test_a_results_flags_and_agencies_are_kept_in_rows_of_their_own_only(client, make, area, kayla, db_session):
    make.episode(kayla, make.user(agency="police", authorities=[area]), days_ago=3, **ABSENT)
    judge(client, kayla, "low", "Settled in a new placement far from the adults of concern; no contact for months.")
    columns = {column["name"] for column in inspect(db_session.connection()).get_columns("risk_result")}
    assert not columns & {"flag_kinds", "agencies"}, "no second copy on the result itself"
    db_session.expire_all()
    current = risk_data.current_result(kayla.id)
    rows = db_session.scalars(select(RiskResultFlag.kind).where(RiskResultFlag.result_id == current.id))
    kinds = ("classification-challenge", "override-awaiting-confirmation", "repeat-missing")
    assert current.flag_kinds == tuple(sorted(rows)) == kinds
    assert current.agencies == ("police", "social-care")
    page = client.get("/dashboard?agency=police&flag=override-awaiting-confirmation").soup
    assert [a.get_text(strip=True) for a in page.select("#caseload tbody td:first-child a")] == ["Brightwater, Kayla"]
    shown = [tag.get_text(strip=True) for tag in page.select("#caseload .app-flag-tag")]
    assert shown == [FLAG_LABELS[kind] for kind in current.flag_kinds], "in the order they were always shown in"


def test_the_caseload_makes_as_many_queries_for_many_results_as_for_one(client, make, area, kayla, practitioner):
    def caseload() -> tuple[int, int]:
        return rows_and_queries(client, "/dashboard", "#caseload tbody tr")

    one = caseload()
    for n in range(3):
        person = make.young_person(area, last_name=f"Oakhollow{n}")
        for days in (20, 10, 5):
            make.episode(person, practitioner, days_ago=days, **ABSENT)
        service.rescore(person)
    many = caseload()
    assert (one[0], many[0]) == (1, 4)
    assert many[1] == one[1], "a fixed number of queries whatever the page holds (flags too)"


def test_a_risk_to_others_band_sits_beside_his_own_and_never_lowers_it(client, make, area, practitioner):
    boy = make.young_person(area, first_name="Tyler", last_name="Oakhollow", sex="male")
    make.screening(boy, practitioner, answers={"sexual_assault": "yes", "boy_missing_any": "yes"})
    own = risk_data.current_result(boy.id)
    make.screening(
        boy,
        practitioner,
        answers={
            "sexual_assault": "yes",
            "boy_missing_any": "yes",
            "involves_younger_children": "yes",
            "recruiting_others": "yes",
        },
    )
    both = risk_data.current_result(boy.id)
    # Issue 9: being made to recruit others is harm to him too, so it adds to his own score (it
    # never lowers it); involving younger children is a risk to others only.
    assert (own.computed_band, both.computed_band) == ("high", "very-high") and both.score == own.score + 6
    assert both.risk_to_others_band != "low"
    record = client.get(f"/young-people/{boy.id}")
    assert not record.soup.select_one("#band-risk-to-others").get_text(" ", strip=True).startswith("Low")


def test_any_two_results_can_be_compared(client, make, kayla, practitioner):
    make.incident(
        kayla,
        practitioner,
        occurred_at=now() - timedelta(days=1),
        incident_type="online-approach",
        incident_label="Online approach",
        indicator_id="online_grooming",
    )
    service.rescore(kayla)
    results = risk_data.results_of(kayla.id)
    page = client.get(f"/young-people/{kayla.id}/risk?from={results[-1].id}&to={results[0].id}")
    comparison = page.soup.select_one("#comparison").get_text(" ", strip=True)
    assert "Now evidenced" in comparison and "online" in comparison.lower()


def test_how_agencies_views_were_settled_is_recorded_beside_them(client, kayla, db_session):
    url = f"/young-people/{kayla.id}/agency-views/settle"
    client.get(url)
    missing = client.post(url, data={"forum": "", "outcome": ""})
    assert "Enter where it was settled" in missing.soup.select_one(".govuk-error-summary").get_text()
    next_year = {"settled_on-day": "1", "settled_on-month": "1", "settled_on-year": str(today().year + 1)}
    future = client.post(url, data={**next_year, "forum": "Strategy meeting", "outcome": "Agreed"})
    links = future.soup.select(".govuk-error-summary a")
    assert [(link["href"], link.get_text(strip=True)) for link in links] == [
        ("#settled_on", "Date settled must be today or in the past")
    ]
    data = {
        "settled_on-day": "20", "settled_on-month": "11", "settled_on-year": "2026",
        "forum": "Strategy meeting", "outcome": "Police to re-grade the absences as missing.", "agreed_band": "high",
    }  # fmt: skip
    assert client.post(url, data=data).status_code == 302
    page = client.get(f"/young-people/{kayla.id}/risk")
    settled = page.soup.select_one("#settlements").get_text(" ", strip=True)
    assert "Strategy meeting" in settled and "band agreed: High" in settled
    assert audit_actions(db_session, action="record-settlement")


def test_only_the_authors_agency_or_a_coordinator_decides_a_lower_band(
    client, make, area, kayla, practitioner, db_session
):
    rationale = "Settled in a new placement far from the adults of concern; no contact for months."
    judge(client, kayla, "low", rationale)
    decision = db_session.query(BandDecision).one()
    police_manager = make.user(role=Role.MANAGER, agency="police", authorities=[area])
    other = client.application.test_client()
    sign_in(other, police_manager)
    refused = decide(other, decision, "confirm", "Police have no concerns now")
    assert refused.status_code == 403
    assert (
        "A manager from Children's social care, or a CSE coordinator"
        in refused.soup.select_one(".govuk-error-summary").get_text()
    )
    assert refused.soup.select_one(".govuk-notification-banner") is None, "a refusal is never a success banner"
    assert audit_actions(db_session, action="confirm-lower-band", outcome="denied")
    db_session.refresh(decision)
    assert decision.status == "awaiting"
    assert db_session.query(BandOverride).one().status == "awaiting-confirmation"


def test_a_judgement_no_longer_applies_when_new_evidence_moves_the_computed_band(
    client, make, kayla, practitioner, db_session
):
    rationale = "Settled in a new placement far from the adults of concern; no contact for months."
    judge(client, kayla, "very-high", rationale)
    assert risk_data.current_result(kayla.id).band == "very-high"
    make.incident(
        kayla,
        practitioner,
        occurred_at=now() - timedelta(days=1),
        incident_type="sexual-assault",
        incident_label="Sexual assault",
        significant=True,
        indicator_id="sexual_assault",
    )
    service.rescore(kayla)
    db_session.expire_all()
    assert db_session.query(BandOverride).one().status == "superseded"
    page = client.get(f"/young-people/{kayla.id}/risk")
    assert (
        "No longer applies: the evidence or a later judgement overtook it"
        in page.soup.select_one("#judgements + div table").get_text()
    )


def test_moving_a_record_to_another_authority_moves_it_on_the_caseload(client, make, area, practitioner, kayla):
    luton = make.authority("luton", "Luton")
    practitioner.authorities = [area, luton]
    make.session.flush()
    page = client.get(f"/young-people/{kayla.id}/edit")
    form = {
        field["name"]: field.get("value", "")
        for field in page.soup.select("form input[name]")
        if field.get("type") not in ("radio", "checkbox", "submit")
    } | {radio["name"]: radio["value"] for radio in page.soup.select("form input[type=radio][checked]")}
    form["responsible_authority_id"] = str(luton.id)
    assert client.post(f"/young-people/{kayla.id}/edit", data=form).status_code == 302
    assert risk_data.current_result(kayla.id).authority_id == luton.id
    rows = client.get(f"/dashboard?authority={area.id}").soup.select("#caseload tbody tr")
    assert rows == []
