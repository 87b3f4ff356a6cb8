"""Recording a strategy meeting, following up its actions, and seeing them on the caseload and in
the next summary."""

import io
from datetime import timedelta

import pypdf
import pytest

from riskapp.models import MeetingAction, StrategyMeeting
from riskapp.reference import Role
from riskapp.risk import service
from riskapp.timeutil import today
from tests.helpers import audit_actions, sign_in


@pytest.fixture
def area(make):
    return make.authority("central-bedfordshire", "Central Bedfordshire")


@pytest.fixture
def practitioner(make, area, client):
    user = make.user(role=Role.PRACTITIONER, authorities=[area], full_name="Sam Social")
    sign_in(client, user)
    return user


@pytest.fixture
def kayla(make, area):
    person = make.young_person(area, first_name="Kayla", last_name="Brightwater", local_id="LCS-1")
    service.rescore(person)
    return person


def _date(name, day):
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def _meeting(**changes):
    return {
        **_date("held_on", today() - timedelta(days=10)), "meeting_type": "strategy", "chair": "Alex Chair, CSE coordinator",
        "attendees": "Pat Police, DC, Police\nNia Nurse, school nurse, Health", "other_young_people": "",
        "views_settled": "Police agreed to treat her absences as missing episodes", "decisions": "Refer to the CSE team",
        "disruption": "Child abduction warning notice to the adult seen with her", **_date("next_review_on", today() - timedelta(days=1)),
        **changes,
    }  # fmt: skip


def test_record_a_meeting_add_actions_and_follow_them_up(client, make, area, practitioner, kayla, db_session):
    other = make.young_person(area, first_name="Mia", last_name="Quillfeather", local_id="LCS-2")
    client.get(f"/young-people/{kayla.id}/meetings/new")
    unknown = client.post(f"/young-people/{kayla.id}/meetings/new", data=_meeting(other_young_people="LCS-99"))
    assert (
        "No young person in your authorities has the local ID LCS-99"
        in unknown.soup.select_one(".govuk-error-summary").get_text()
    )
    missing = client.post(f"/young-people/{kayla.id}/meetings/new", data=_meeting(chair=""))
    assert "Enter who chaired the meeting" in missing.soup.select_one(".govuk-error-summary").get_text()
    assert missing.soup.select_one("#decisions").get_text() == "Refer to the CSE team"

    saved = client.post(f"/young-people/{kayla.id}/meetings/new", data=_meeting(other_young_people="LCS-2"))
    assert saved.status_code == 302
    meeting = db_session.query(StrategyMeeting).one()
    assert {p.id for p in meeting.young_people} == {kayla.id, other.id}
    page = client.get(saved.headers["Location"])
    assert "Child abduction warning notice" in page.soup.get_text()

    from riskapp.data.organisations import get_agency_by_slug

    action = {
        "description": "Return home interview by the CSE worker",
        "owner": "Jo Worker",
        "agency_id": str(get_agency_by_slug("social-care").id),
        **_date("due_on", today() - timedelta(days=3)),
    }
    assert client.post(f"/meetings/{meeting.id}/actions", data=action).status_code == 302
    assert (
        client.get(f"/meetings/{meeting.id}").soup.select_one("#actions + div .govuk-tag--red").get_text(strip=True)
        == "Overdue"
    )

    caseload = client.get("/dashboard").soup.select_one("#overdue").get_text(" ", strip=True)
    assert "Overdue action" in caseload and "Return home interview by the CSE worker" in caseload
    assert "Review missed" in caseload

    summary = pypdf.PdfReader(io.BytesIO(client.get(f"/young-people/{kayla.id}/summary.pdf").data))
    text = " ".join(" ".join(page.extract_text() for page in summary.pages).split())
    assert "Refer to the CSE team" in text and "(overdue)" in text and "has not been held" in text

    saved_action = db_session.query(MeetingAction).one()
    assert client.post(f"/meeting-actions/{saved_action.id}/status", data={"status": "done"}).status_code == 302
    assert "Overdue action" not in client.get("/dashboard").soup.get_text()
    assert [e.action for e in audit_actions(db_session, object_type="meeting_action")] == ["create", "update"]


def test_a_later_meeting_means_the_review_was_held(client, practitioner, kayla):
    client.get(f"/young-people/{kayla.id}/meetings/new")
    client.post(f"/young-people/{kayla.id}/meetings/new", data=_meeting())
    client.post(
        f"/young-people/{kayla.id}/meetings/new",
        data=_meeting(
            **_date("held_on", today()), meeting_type="review", **_date("next_review_on", today() + timedelta(days=28))
        ),
    )
    assert client.get("/dashboard").soup.select_one("#overdue") is None


def test_meetings_about_young_people_out_of_reach_are_not_found(client, make, practitioner, db_session):
    elsewhere = make.authority("luton", "Luton")
    other = make.young_person(elsewhere)
    meeting = StrategyMeeting(
        authority_id=elsewhere.id,
        held_on=today(),
        meeting_type="mace",
        chair="C",
        author_id=practitioner.id,
        young_people=[other],
    )
    db_session.add(meeting)
    db_session.flush()
    assert client.get(f"/meetings/{meeting.id}").status_code == 404
    assert client.get(f"/young-people/{other.id}/meetings/new").status_code == 404
