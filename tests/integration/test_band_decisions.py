"""Nothing lowers the band without a manager (issue 9, item 6): every route that could lower the
band in force leaves it where it is until a manager of the requester's agency or a CSE coordinator,
never the requester, confirms the lower band with a reason on the check page."""

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, update

from riskapp.data import chronology as chronology_data
from riskapp.data import revisions
from riskapp.data import risk as risk_data
from riskapp.extensions import db
from riskapp.models import (
    BandDecision,
    BandOverride,
    Incident,
    IndicatorResolution,
    MissingEpisode,
    ProfessionalNote,
    QuestionnaireDefinition,
)
from riskapp.reference import Role
from riskapp.risk import decisions, service
from riskapp.risk.decisions import BAND_LOWERING_ENDPOINTS
from tests.factories import ABSENT
from tests.helpers import audit_actions, now, sign_in

ROOT = Path(__file__).resolve().parents[2]
RATIONALE = "Settled in a new placement far from the adults of concern; no contact for months."
REASON = "Checked the chronology and spoke to the social worker."


def _signed_in(client, user):
    other = client.application.test_client()
    sign_in(other, user)
    return other


@pytest.fixture
def manager(make, area, client):
    user = make.user(role=Role.MANAGER, agency="social-care", authorities=[area], full_name="Morgan Manager")
    return user, _signed_in(client, user)


@pytest.fixture
def coordinator(make, area, client):
    user = make.user(role=Role.CSE_COORDINATOR, agency="social-care", authorities=[area], full_name="Casey Coord")
    return user, _signed_in(client, user)


def _ten_am(days_ago):
    # Reported at 10:00 UTC: at the time of day the test runs, an evening report and a return four
    # hours later would be a night away, which is evidence of its own and raises the band.
    return datetime.combine((now() - timedelta(days=days_ago)).date(), time(10), tzinfo=UTC)


@pytest.fixture
def kayla(make, area, practitioner):
    person = make.young_person(area, first_name="Kayla", last_name="Brightwater")
    for days in (58, 44, 22, 15):
        make.episode(person, practitioner, reported_at=_ten_am(days), **ABSENT)
    make.episode(
        person,
        practitioner,
        reported_at=_ten_am(30),
        found_location="Luton bus station",
        found_with="A man in his thirties",
        out_of_area="yes",
        **ABSENT,
    )
    service.rescore(person)
    assert risk_data.current_result(person.id).band == "high"
    return person


@pytest.fixture
def assaulted(make, area, practitioner):
    """A screening's 'yes' to sexual assault: the current-harm floor holds her band up."""
    person = make.young_person(area, first_name="Nia", last_name="Wrenfield")
    make.screening(person, practitioner, answers={"sexual_assault": "yes"})
    return person


@pytest.fixture
def disclosed_in_incident(make, area, practitioner):
    """An incident of the type 'Disclosure of exploitation': the disclosure floor holds her band up."""
    person = make.young_person(area, first_name="Lena", last_name="Marsh")
    make.incident(
        person,
        practitioner,
        days_ago=5,
        incident_type="disclosure",
        incident_label="Disclosure of exploitation",
        significant=True,
    )
    service.rescore(person)
    return person


@pytest.fixture
def disclosed_in_note(make, area, practitioner):
    """A note recorded as evidence of a disclosure: the disclosure floor holds her band up."""
    person = make.young_person(area, first_name="Ruth", last_name="Okafor")
    chronology_data.add(
        ProfessionalNote(
            young_person_id=person.id,
            agency_id=practitioner.agency_id,
            author_id=practitioner.id,
            noted_at=now() - timedelta(days=5),
            text="She told me.",
            evidence_of="disclosure_of_exploitation",
        )
    )
    service.rescore(person)
    return person


def judge(client, person, band, rationale=RATIONALE):
    page = client.get(f"/young-people/{person.id}/judgement")
    loaded = page.soup.select_one("input[name=loaded_result]")["value"]
    return client.post(
        f"/young-people/{person.id}/judgement", data={"band": band, "rationale": rationale, "loaded_result": loaded}
    )


def decide(client, decision, choice, reason=REASON):
    page = client.get(f"/decisions/{decision.id}")
    version = page.soup.select_one("input[name=version]")
    return client.post(
        f"/decisions/{decision.id}/{choice}",
        data={"reason": reason, "version": version["value"] if version else decision.version},
    )


def band(person) -> str:
    return risk_data.current_result(person.id).band


def awaiting(db_session, person) -> list[BandDecision]:
    db_session.expire_all()
    return db_session.query(BandDecision).filter_by(young_person_id=person.id, status="awaiting").all()


# Each band-lowering route, walked as a practitioner: (young person fixture, what the practitioner does).
def _lower_judgement(client, person, db_session):
    assert judge(client, person, "low").status_code == 302


def _withdraw_raise(client, person, db_session):
    judge(client, person, "very-high")
    assert band(person) == "very-high"
    raise_ = db_session.query(BandOverride).filter_by(status="in-force").one()
    page = client.get(f"/judgements/{raise_.id}/withdraw")
    loaded = page.soup.select_one("input[name=loaded_result]")["value"]
    reason = "The risk the raise was for has passed: she has moved away."
    assert (
        client.post(f"/judgements/{raise_.id}/withdraw", data={"reason": reason, "loaded_result": loaded}).status_code
        == 302
    )
    return "very-high"


def _resolve(client, person, db_session):
    url = f"/young-people/{person.id}/indicators/sexual_assault/resolve"
    client.get(url)
    assert client.post(url, data={"reason": "Disclosure withdrawn and investigated: no assault."}).status_code == 302


def _correct_evidence(client, person, db_session):
    episode = db_session.query(MissingEpisode).filter_by(young_person_id=person.id, out_of_area="yes").one()
    url = f"/young-people/{person.id}/episodes/{episode.id}/edit"
    page = client.get(url)
    form = {
        field["name"]: field.get("value", "")
        for field in page.soup.select("form input[name]")
        if field.get("type") not in ("radio", "checkbox", "submit")
    } | {radio["name"]: radio["value"] for radio in page.soup.select("form input[type=radio][checked]")}
    for textarea in page.soup.select("form textarea[name]"):
        form[textarea["name"]] = textarea.get_text()
    # The police corrected it: she was found at home, alone, in the area; and it was 20 months ago.
    old = (now() - timedelta(days=600)).date()
    form |= {"found_location": "", "found_with": "", "out_of_area": "no", "interview_by": "CSE worker"}
    form |= {"reported_on-day": old.day, "reported_on-month": old.month, "reported_on-year": old.year}
    form |= {"returned_on-day": old.day, "returned_on-month": old.month, "returned_on-year": old.year}
    form |= {"interview_on-day": old.day, "interview_on-month": old.month, "interview_on-year": old.year}
    # Times of its own: the form's times are those of the original episode (made at the time of day
    # the test runs), and moved to one day they could put the return before the report.
    form |= {"reported_time": "09:00", "returned_time": "13:00", "interview_time": "17:30"}
    response = client.post(url, data=form)
    assert response.status_code == 302, response.soup.select_one(".govuk-error-summary")


def _form_of(page) -> dict:
    """What the browser would send back from a correction page, unchanged."""
    form = {
        field["name"]: field.get("value", "")
        for field in page.soup.select("form input[name]")
        if field.get("type") not in ("radio", "checkbox", "submit")
    } | {radio["name"]: radio["value"] for radio in page.soup.select("form input[type=radio][checked]")}
    for textarea in page.soup.select("form textarea[name]"):
        form[textarea["name"]] = textarea.get_text()
    for select in page.soup.select("form select[name]"):
        chosen = select.select_one("option[selected]")
        form[select["name"]] = chosen["value"] if chosen else ""
    return form


def _correct_incident_type(client, person, db_session):
    incident = db_session.query(Incident).filter_by(young_person_id=person.id).one()
    url = f"/young-people/{person.id}/incidents/{incident.id}/edit"
    # It was not a disclosure: the type was chosen by mistake.
    response = client.post(url, data=_form_of(client.get(url)) | {"incident_type": "other"})
    assert response.status_code == 302, response.soup.select_one(".govuk-error-summary")


def _correct_note_evidence(client, person, db_session):
    note = db_session.query(ProfessionalNote).filter_by(young_person_id=person.id).one()
    url = f"/young-people/{person.id}/notes/{note.id}/edit"
    response = client.post(url, data=_form_of(client.get(url)) | {"evidence_of": ""})
    assert response.status_code == 302, response.soup.select_one(".govuk-error-summary")


def _withdraw_note(client, person, db_session):
    note = db_session.query(ProfessionalNote).filter_by(young_person_id=person.id).one()
    url = f"/young-people/{person.id}/notes/{note.id}/withdraw"
    form = _form_of(client.get(url)) | {"reason": "Written about the wrong young person."}
    response = client.post(url, data=form)
    assert response.status_code == 302, response.soup.select_one(".govuk-error-summary")


WALKS = {
    "risk.set_override": ("kayla", _lower_judgement),
    "risk.withdraw_override": ("kayla", _withdraw_raise),
    "risk.resolve_indicator": ("assaulted", _resolve),
    "chronology.edit_episode": ("kayla", _correct_evidence),
    "chronology.edit_incident": ("disclosed_in_incident", _correct_incident_type),
    "chronology.edit_note": ("disclosed_in_note", _correct_note_evidence),
    "chronology.withdraw_note": ("disclosed_in_note", _withdraw_note),
}
# These save or change evidence and re-score through the same rescore() as chronology.edit_episode
# (its default cause: the signed-in user's change to the evidence); activation is walked below.
EVIDENCE_ENDPOINTS = {
    "chronology.edit_plan_review",
    "chronology.record_episode",
    "chronology.record_incident",
    "chronology.record_note",
    "chronology.record_plan_review",
    "screenings.submit_screening",
    "young_people.edit_young_person",
    "transfers.record_transfer",
    "admin.activate_questionnaire",
}


def test_every_band_lowering_route_is_walked():
    assert set(BAND_LOWERING_ENDPOINTS) == set(WALKS) | EVIDENCE_ENDPOINTS


@pytest.mark.parametrize("endpoint", sorted(WALKS))
def test_a_practitioner_cannot_lower_the_band_in_force_until_a_manager_confirms(
    endpoint, request, client, practitioner, manager, db_session
):
    fixture, walk = WALKS[endpoint]
    person = request.getfixturevalue(fixture)
    before = band(person)
    before = walk(client, person, db_session) or before
    result = risk_data.current_result(person.id)
    assert result.band == before, f"{endpoint} lowered the band in force without a manager"
    assert "override-awaiting-confirmation" in result.flag_kinds
    [decision] = awaiting(db_session, person)
    assert decision.requested_by_id == practitioner.id and decision.band_in_force == before
    proposed = decision.proposed_band
    assert service.active_rules().band_index(proposed) < service.active_rules().band_index(before)

    page = client.get(f"/young-people/{person.id}/risk")
    waiting = page.soup.select_one(".app-awaiting-decision").get_text(" ", strip=True)
    assert "Sam Social" in waiting and page.soup.select_one(f"a[href='/decisions/{decision.id}']")

    _, manager_client = manager
    assert decide(manager_client, decision, "confirm").status_code == 302
    assert band(person) == proposed
    assert "override-awaiting-confirmation" not in risk_data.current_result(person.id).flag_kinds
    assert audit_actions(db_session, action="confirm-lower-band", object_id=str(decision.id))


def test_the_check_page_says_a_note_was_withdrawn_and_why(client, disclosed_in_note, manager, db_session):
    _withdraw_note(client, disclosed_in_note, db_session)
    [decision] = awaiting(db_session, disclosed_in_note)
    _, manager_client = manager
    said = manager_client.get(f"/decisions/{decision.id}").soup.select_one("#decision-corrections").get_text(" ")
    said = " ".join(said.split())
    assert "Note recorded by Sam Social" in said and "withdrawn" in said and "corrected" not in said
    assert said.endswith("by Sam Social. Why: Written about the wrong young person.")


def test_the_check_page_shows_what_happened_since_and_needs_a_reason(
    client, make, kayla, practitioner, manager, db_session
):
    make.incident(
        kayla,
        practitioner,
        occurred_at=now() - timedelta(days=14),
        incident_type="kidnap",
        incident_label="Kidnap or abduction",
        significant=True,
    )
    service.rescore(kayla)
    before = band(kayla)
    judge(client, kayla, "low")
    [decision] = awaiting(db_session, kayla)
    _, manager_client = manager
    page = manager_client.get(f"/decisions/{decision.id}")
    assert "Kidnap or abduction" in page.soup.select_one("#decision-incidents").get_text()
    assert "Sam Social" in page.soup.select_one("#decision-requester").get_text()
    assert RATIONALE in page.soup.select_one("#decision-reason").get_text()
    assert page.soup.select_one("#decision-flags li") is not None
    assert page.soup.select_one("#decision-agency-views") is not None

    for reason, message in (("", "Enter the reason"), ("   \n ", "Enter the reason"), ("ok", "at least 10 characters")):
        refused = decide(manager_client, decision, "confirm", reason)
        assert refused.status_code == 200
        assert message in refused.soup.select_one(".govuk-error-summary").get_text()
        assert refused.soup.select_one(".govuk-notification-banner") is None
    assert band(kayla) == before and awaiting(db_session, kayla) == [decision]


def test_the_requester_can_never_confirm_their_own_lower_band(client, make, area, kayla, db_session):
    author = make.user(role=Role.MANAGER, agency="social-care", authorities=[area])
    author_client = _signed_in(client, author)
    judge(author_client, kayla, "low")
    [decision] = awaiting(db_session, kayla)
    refused = decide(author_client, decision, "confirm")
    assert refused.status_code == 403
    assert "You asked for this lower band" in refused.soup.select_one(".govuk-error-summary").get_text()
    assert refused.soup.select_one(".govuk-notification-banner") is None
    assert audit_actions(db_session, action="confirm-lower-band", outcome="denied")
    assert band(kayla) == "high" and awaiting(db_session, kayla) == [decision]


def test_a_manager_of_another_agency_is_refused_and_it_is_audited(client, make, area, kayla, practitioner, db_session):
    judge(client, kayla, "low")
    [decision] = awaiting(db_session, kayla)
    police = _signed_in(client, make.user(role=Role.MANAGER, agency="police", authorities=[area]))
    assert "Children's social care" in police.get(f"/decisions/{decision.id}").soup.select_one("#cannot-decide").text
    refused = decide(police, decision, "decline")
    assert refused.status_code == 403
    assert "or a CSE coordinator" in refused.soup.select_one(".govuk-error-summary").get_text()
    assert audit_actions(db_session, action="decline-lower-band", outcome="denied")
    assert awaiting(db_session, kayla) == [decision]


def test_a_stale_decision_form_gets_the_conflict_page(client, kayla, practitioner, manager, coordinator, db_session):
    judge(client, kayla, "low")
    [decision] = awaiting(db_session, kayla)
    _, manager_client = manager
    stale_version = manager_client.get(f"/decisions/{decision.id}").soup.select_one("input[name=version]")["value"]
    _, coordinator_client = coordinator
    assert decide(coordinator_client, decision, "decline").status_code == 302
    conflict = manager_client.post(
        f"/decisions/{decision.id}/confirm", data={"reason": REASON, "version": stale_version}
    )
    assert conflict.status_code == 409 and conflict.soup.select_one("#conflict")
    assert audit_actions(db_session, action="decide-lower-band", outcome="conflict")
    assert band(kayla) == "high"


def test_two_managers_deciding_in_the_same_instant_get_one_decision_and_a_conflict_page(
    client, kayla, practitioner, manager, monkeypatch, db_session
):
    judge(client, kayla, "low")
    [decision] = awaiting(db_session, kayla)
    original = decisions.decide

    def another_manager_decides_first(young_person, chosen, *args):
        # Another manager's decline is saved between this request's version check and its save.
        db.session.execute(
            revisions.touching(  # as that manager's save would, it moves the young person's revision on
                update(BandDecision)
                .where(BandDecision.id == chosen.id)
                .values(status="declined", version=BandDecision.version + 1)
                .execution_options(synchronize_session=False)  # this request still holds the version it read
            )
        )
        revisions.touch(db.session, [young_person.id])
        return original(young_person, chosen, *args)

    monkeypatch.setattr(decisions, "decide", another_manager_decides_first)
    _, manager_client = manager
    response = decide(manager_client, decision, "confirm")
    assert response.status_code == 409 and response.soup.select_one("#conflict")
    assert band(kayla) == "high"
    db_session.expire_all()  # nothing of this manager's was saved (the other one's save was simulated in-transaction)
    assert db_session.get(BandDecision, decision.id).status != "confirmed"


def test_a_stale_judgement_form_gets_the_conflict_page(client, make, area, kayla, practitioner, db_session):
    page = client.get(f"/young-people/{kayla.id}/judgement")
    loaded = page.soup.select_one("input[name=loaded_result]")["value"]
    colleague = _signed_in(client, make.user(role=Role.PRACTITIONER, agency="police", authorities=[area]))
    judge(colleague, kayla, "very-high", "Police intelligence: she was seen with a man of concern last night.")
    stale = client.post(
        f"/young-people/{kayla.id}/judgement", data={"band": "medium", "rationale": RATIONALE, "loaded_result": loaded}
    )
    assert stale.status_code == 409 and stale.soup.select_one("#conflict")
    assert stale.soup.select_one("textarea[name=rationale]").get_text().strip() == RATIONALE, "what was typed is kept"
    assert "Medium (your judgement, not saved)" in stale.soup.select_one("#conflict").get_text(), "and what was chosen"
    db_session.expire_all()
    assert [o.band for o in db_session.query(BandOverride).all()] == ["very-high"]
    assert band(kayla) == "very-high"


def test_a_pending_lower_judgement_withdraws_nothing_and_a_decline_keeps_the_raise(
    client, kayla, practitioner, coordinator, manager, db_session
):
    _, coordinator_client = coordinator
    judge(coordinator_client, kayla, "very-high", "Police intelligence: seen with a man of concern last night.")
    judge(client, kayla, "medium")
    db_session.expire_all()
    raise_, lower = sorted(db_session.query(BandOverride).all(), key=lambda o: o.id)
    assert (raise_.status, lower.status) == ("in-force", "awaiting-confirmation")
    assert band(kayla) == "very-high"
    [decision] = awaiting(db_session, kayla)
    _, manager_client = manager
    assert decide(manager_client, decision, "decline").status_code == 302
    db_session.expire_all()
    assert (raise_.status, lower.status) == ("in-force", "declined")
    assert band(kayla) == "very-high" and awaiting(db_session, kayla) == []
    history = client.get(f"/young-people/{kayla.id}/risk").soup.select_one("#decision-history + div")
    assert "Declined" in history.get_text()


def test_confirming_a_lower_judgement_withdraws_the_raise_it_replaces(client, kayla, coordinator, manager, db_session):
    _, coordinator_client = coordinator
    judge(coordinator_client, kayla, "very-high", "Police intelligence: seen with a man of concern last night.")
    judge(client, kayla, "medium")
    [decision] = awaiting(db_session, kayla)
    _, manager_client = manager
    decide(manager_client, decision, "confirm")
    db_session.expire_all()
    statuses = [o.status for o in sorted(db_session.query(BandOverride).all(), key=lambda o: o.id)]
    assert statuses == ["withdrawn", "in-force"]
    assert band(kayla) == "medium"


def test_a_declined_resolution_stops_counting_and_is_not_asked_again(
    client, assaulted, practitioner, manager, db_session
):
    before = band(assaulted)
    _resolve(client, assaulted, db_session)
    [decision] = awaiting(db_session, assaulted)
    _, manager_client = manager
    decide(manager_client, decision, "decline")
    db_session.expire_all()
    assert db_session.query(IndicatorResolution).one().status == "declined"
    assert risk_data.resolutions_of(assaulted.id) == []
    assert risk_data.current_result(assaulted.id).computed_band == before == band(assaulted)
    service.rescore(assaulted)
    assert awaiting(db_session, assaulted) == []


def test_evidence_growing_older_waits_and_a_declined_lowering_is_not_asked_again(kayla, db_session):
    later = now() + timedelta(days=400)
    service.rescore(kayla, now=later)
    assert band(kayla) == "high"
    [decision] = awaiting(db_session, kayla)
    assert decision.route == "rescore" and decision.requested_by_id is None
    decision.status, decision.decided_at = "declined", now() + timedelta(days=400, hours=1)
    db.session.flush()
    service.rescore(kayla, now=later + timedelta(days=1))
    assert awaiting(db_session, kayla) == [] and band(kayla) == "high"
    assert "override-awaiting-confirmation" not in risk_data.current_result(kayla.id).flag_kinds


def test_a_rise_supersedes_the_lowering_it_makes_moot(client, kayla, practitioner, db_session):
    judge(client, kayla, "low")
    [decision] = awaiting(db_session, kayla)
    judge(client, kayla, "very-high", "Police intelligence: seen with a man of concern last night.")
    assert awaiting(db_session, kayla) == [] and band(kayla) == "very-high"
    db_session.refresh(decision)
    assert decision.status == "superseded"


def test_the_first_result_is_new_and_the_trend_follows_computed_bands(client, make, area, practitioner, kayla):
    person = make.young_person(area)
    assert service.rescore(person).trend == "new"
    judge(client, kayla, "very-high", "Police intelligence: seen with a man of concern last night.")
    assert risk_data.current_result(kayla.id).trend == "same", "a judgement is not a change in the evidence"


def _version_three_with_higher_thresholds() -> str:
    text = (ROOT / "questionnaires/cse-screening/v2.yaml").read_text()
    text = text.replace("version: 2\n", "version: 3\n", 1)
    for old, new in (("min_score: 6}", "min_score: 60}"), ("min_score: 11}", "min_score: 110}"),
                     ("min_score: 16}", "min_score: 160}")):  # fmt: skip
        text = text.replace(old, new, 1)
    return text


def test_activation_lists_who_it_would_lower_and_another_coordinator_confirms_the_list(
    client, make, area, kayla, coordinator, db_session
):
    activator, activator_client = coordinator
    activator_client.get("/admin/questionnaires/upload")
    uploaded = activator_client.post(
        "/admin/questionnaires/upload", data={"definition_text": _version_three_with_higher_thresholds()}
    )
    assert uploaded.status_code == 302
    definition = db_session.query(QuestionnaireDefinition).filter_by(questionnaire_version=3).one()
    check = activator_client.get(f"/admin/questionnaires/{definition.id}/activate/check")
    listed = check.soup.select_one("#would-lower").get_text(" ", strip=True)
    assert "Brightwater, Kayla" in listed and "High" in listed
    assert activator_client.post(f"/admin/questionnaires/{definition.id}/activate", data={}).status_code == 302
    assert band(kayla) == "high"
    [decision] = awaiting(db_session, kayla)
    assert (decision.route, decision.batch, decision.requested_by_id) == (
        "activation",
        definition.definition_hash,
        activator.id,
    )

    own = activator_client.post(f"/decisions/batches/{definition.definition_hash}", data={"reason": REASON})
    assert own.status_code == 403 and "Another CSE coordinator" in own.soup.select_one(".govuk-error-summary").text
    assert band(kayla) == "high"

    other = _signed_in(client, make.user(role=Role.CSE_COORDINATOR, agency="police", authorities=[area]))
    dashboard = other.get("/dashboard")
    assert dashboard.soup.select_one(f"a[href='/decisions/batches/{definition.definition_hash}']")
    other.get(f"/decisions/batches/{definition.definition_hash}")
    assert other.post(f"/decisions/batches/{definition.definition_hash}", data={"reason": ""}).status_code == 200
    assert band(kayla) == "high"
    confirmed = other.post(f"/decisions/batches/{definition.definition_hash}", data={"reason": REASON})
    assert confirmed.status_code == 302
    assert band(kayla) == "low"
    assert audit_actions(db_session, action="confirm-lower-band-batch")


def test_decisions_awaiting_you_on_the_caseload(client, make, area, practitioner, manager, db_session):
    people = [make.young_person(area, first_name=f"Child{n}", last_name="Person") for n in range(4)]
    luton = make.authority("luton", "Luton")
    elsewhere = make.young_person(luton, first_name="Far", last_name="Away")
    for person in [*people, elsewhere]:
        for days in (58, 44, 22, 15, 30):
            make.episode(
                person, practitioner, reported_at=_ten_am(days), out_of_area="yes" if days == 30 else "", **ABSENT
            )
        service.rescore(person)
    judge(client, people[0], "low")
    manager_user, manager_client = manager

    def shown():
        page = manager_client.get("/dashboard")
        return [a["href"] for a in page.soup.select("#decisions-awaiting-list a")]

    [first] = awaiting(db_session, people[0])
    assert shown() == [f"/decisions/{first.id}"]
    assert client.get("/dashboard").soup.select_one("#decisions-awaiting") is None, "practitioners decide nothing"

    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    engine = db.session.get_bind().engine
    event.listen(engine, "before_cursor_execute", listener)
    try:
        shown()
        one = len(statements)
        for person in people[1:3]:
            judge(client, person, "low")
        statements.clear()
        assert len(shown()) == 3
        assert len(statements) == one, "a fixed number of queries whatever the number of decisions"
    finally:
        event.remove(engine, "before_cursor_execute", listener)

    judge(_signed_in(client, make.user(agency="social-care", authorities=[luton])), elsewhere, "low")
    judge(manager_client, people[3], "low")
    assert len(shown()) == 3, "not their own request, nor a young person in another authority"
    colleague = _signed_in(client, make.user(role=Role.MANAGER, agency="social-care", authorities=[area]))
    assert len(colleague.get("/dashboard").soup.select("#decisions-awaiting-list a")) == 4
    police = _signed_in(client, make.user(role=Role.MANAGER, agency="police", authorities=[area]))
    assert police.get("/dashboard").soup.select_one("#decisions-awaiting") is None, "another agency's requests"
    assert decisions.refused(manager_user, first) is None


def test_a_resolution_waits_in_its_own_name_beside_a_lower_judgement_and_the_check_page_shows_it(
    client, make, area, assaulted, practitioner, manager, db_session
):
    service.rescore(assaulted)
    before = band(assaulted)
    judge(client, assaulted, "low")
    _resolve(client, assaulted, db_session)
    waiting = awaiting(db_session, assaulted)
    assert sorted(d.route for d in waiting) == ["judgement", "resolution"]
    assert {d.requested_by_id for d in waiting} == {practitioner.id}
    judgement = next(d for d in waiting if d.route == "judgement")
    _, manager_client = manager
    listed = manager_client.get(f"/decisions/{judgement.id}").soup.select_one("#decision-resolutions").text
    assert "sexually assaulted" in listed and "still counts" in listed
    police = _signed_in(client, make.user(role=Role.MANAGER, agency="police", authorities=[area]))
    resolution = next(d for d in waiting if d.route == "resolution")
    assert decide(police, resolution, "confirm").status_code == 403
    assert band(assaulted) == before
    assert decide(manager_client, judgement, "confirm").status_code == 302
    assert band(assaulted) == "low", "a manager confirmed the judgement, having seen the resolution asked for"
    [still] = awaiting(db_session, assaulted)
    assert still.route == "resolution" and still.requested_by_id == practitioner.id


def test_a_lowering_nobody_asked_for_is_decided_by_a_cse_coordinator(kayla, manager, coordinator, db_session):
    decision = decisions.ask(kayla, decisions.SYSTEM, "high", "medium")
    _, manager_client = manager
    assert decide(manager_client, decision, "confirm").status_code == 403
    assert band(kayla) == "high"
    _, coordinator_client = coordinator
    assert decide(coordinator_client, decision, "decline").status_code == 302


def test_the_migration_gives_a_lower_judgement_already_waiting_its_band_decision(database, tmp_path):
    """Migration 0009 on a database holding a lower judgement awaiting a manager: it gets a waiting
    band decision from the band in force, in its author's name, about that judgement."""
    import uuid
    from datetime import date

    import flask_migrate
    from sqlalchemy import column, insert, select, table

    from riskapp import create_app
    from riskapp.models import Agency, LocalAuthority, RiskResult, User, YoungPerson
    from tests.databases import ScratchDatabase

    # risk_result as at 0008: today's columns, and its flag kinds and agencies as text too (until 0013).
    risk_result = table(
        "risk_result",
        *(column(c.name, c.type) for c in RiskResult.__table__.columns),
        column("flag_kinds"),
        column("agencies"),
    )
    scratch = ScratchDatabase(database.backend, tmp_path, prefix="riskapp_migration")
    app = create_app({"SQLALCHEMY_DATABASE_URI": scratch.url, "SERVER_NAME": "localhost"})
    directory = app.extensions["migrate"].directory
    person = uuid.uuid4()
    try:
        with app.app_context():
            flask_migrate.upgrade(directory=directory, revision="0008")
            with db.engine.begin() as connection:
                run = connection.execute
                authority = run(insert(LocalAuthority.__table__).values(slug="a", name="A")).inserted_primary_key[0]
                agency = run(select(Agency.__table__.c.id)).scalars().first()
                user = run(insert(User.__table__).values(
                    email="u@example.org", full_name="U", role="practitioner", agency_id=agency, password_hash="x",
                    version=1)).inserted_primary_key[0]  # fmt: skip
                run(insert(YoungPerson.__table__).values(
                    id=person, first_name="K", last_name="B", date_of_birth=date(2010, 1, 1), sex="female",
                    responsible_authority_id=authority, version=1))  # fmt: skip
                run(insert(risk_result).values(
                    young_person_id=person, authority_id=authority, is_current=True, computed_at=now(), band="high",
                    computed_band="medium", score=7.0, latest_only_band="low", risk_to_others_band="low",
                    highest_band="high", trend="same", priority=0, flag_kinds="", agencies="", explanation="{}",
                    rules_version="v2", engine_version="1.1.0", inputs_hash="x"))  # fmt: skip
                override = run(insert(BandOverride.__table__).values(
                    young_person_id=person, band="low", computed_band="medium", direction="lower",
                    rationale="Moved away; no contact for months.", status="awaiting-confirmation", author_id=user,
                    version=1)).inserted_primary_key[0]  # fmt: skip
            flask_migrate.upgrade(directory=directory, revision="0009")
            with db.engine.connect() as connection:
                rows = connection.execute(select(BandDecision.__table__)).mappings().all()
            db.engine.dispose()
    finally:
        scratch.drop()
    [decision] = rows
    assert (decision["route"], decision["band_in_force"], decision["proposed_band"], decision["status"]) == (
        "judgement",
        "high",
        "low",
        "awaiting",
    )
    assert (decision["requested_by_id"], decision["object_type"], decision["object_id"]) == (
        user,
        "band_override",
        str(override),
    )
