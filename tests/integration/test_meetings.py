"""Recording a strategy meeting, following up its actions, and seeing them on the caseload and in
the next summary."""

import io
from datetime import date, timedelta

import pypdf
import pytest

from riskapp.models import MeetingAction, StrategyMeeting
from riskapp.reference import Role
from riskapp.risk import service
from riskapp.timeutil import today
from tests.helpers import audit_actions, sign_in


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
    # With another young person discussed, the recorder writes the decisions about each of them next.
    decisions = client.get(saved.headers["Location"])
    assert decisions.soup.select_one("h1").get_text() == "Decisions of the meeting"
    about_kayla, about_mia = (f"about_{person.id.hex}" for person in (kayla, other))
    assert decisions.soup.select_one(f"#{about_kayla}").get_text() == "Refer to the CSE team"
    assert (
        decisions.soup.select_one(f"label[for={about_mia}]").get_text(strip=True) == "Decisions about Mia Quillfeather"
    )
    version = decisions.soup.select_one("input[name=version]")["value"]
    form = {"version": version, about_kayla: "Refer to the CSE team", about_mia: "Return home interview within 72 hours",
            "shared": "Joint disruption plan for the park"}  # fmt: skip
    assert client.post(f"/meetings/{meeting.id}/decisions", data=form).status_code == 302
    page = client.get(f"/meetings/{meeting.id}")
    assert "Child abduction warning notice" in page.soup.get_text()
    groups = {
        section.select_one("h3").get_text(strip=True): section.get_text(" ", strip=True)
        for section in page.soup.select("#actions + div section")
    }
    assert list(groups) == ["About Kayla Brightwater", "About Mia Quillfeather", "Shared by everyone discussed"]
    assert "Refer to the CSE team" in groups["About Kayla Brightwater"]
    assert "Return home interview within 72 hours" in groups["About Mia Quillfeather"]
    assert "Joint disruption plan" in groups["Shared by everyone discussed"]
    # A second save from the same (now stale) form is refused, keeping what was typed.
    stale = client.post(f"/meetings/{meeting.id}/decisions", data={**form, "shared": "Something else"})
    assert stale.status_code == 409 and "Someone else changed these decisions" in stale.soup.get_text()
    assert stale.soup.select_one("#shared").get_text() == "Something else"

    from riskapp.data.organisations import get_agency_by_slug

    action = {
        "description": "Return home interview by the CSE worker",
        "owner": "Jo Worker",
        "agency_id": str(get_agency_by_slug("social-care").id),
        **_date("due_on", today() - timedelta(days=3)),
    }
    unsaid = client.post(f"/meetings/{meeting.id}/actions", data=action)
    assert "Select who the action concerns" in unsaid.soup.select_one(".govuk-error-summary").get_text()
    assert client.post(f"/meetings/{meeting.id}/actions", data={**action, "concerns": str(kayla.id)}).status_code == 302
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
    assert saved_action.young_person_id == kayla.id
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


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {**_date("held_on", today() + timedelta(days=1)), "next_review_on-day": "", "next_review_on-month": "",
             "next_review_on-year": ""},
            "held_on",
            "Date of the meeting must be today or in the past",
        ),
        (
            {**_date("held_on", date(today().year + 1, 1, 15)), **_date("next_review_on", date(today().year + 1, 1, 1))},
            "held_on",
            "Date of the meeting must be today or in the past",
        ),
        (_date("held_on", date(2009, 12, 31)), "held_on", "Date of the meeting must be after the young person's date"),
        (
            _date("next_review_on", today() - timedelta(days=11)),
            "next_review_on",
            "Date of the next review must be after the date of the meeting",
        ),
        (
            _date("next_review_on", today() - timedelta(days=10)),
            "next_review_on",
            "Date of the next review must be after the date of the meeting",
        ),
    ],
)  # fmt: skip
def test_a_meeting_is_dated_when_it_was_held(client, practitioner, kayla, db_session, changes, field, message):
    """A meeting records what was decided, so it has been held; its next review comes after it.
    One message for each problem, linked to the field."""
    client.get(f"/young-people/{kayla.id}/meetings/new")
    response = client.post(f"/young-people/{kayla.id}/meetings/new", data=_meeting(**changes))
    assert response.status_code == 200
    links = response.soup.select(".govuk-error-summary a")
    assert [(link["href"], link.get_text(strip=True)[: len(message)]) for link in links] == [(f"#{field}", message)]
    assert response.soup.select_one(f"#{field}") is not None, "the summary links to the field"
    assert response.soup.select_one("#decisions").get_text() == "Refer to the CSE team"
    assert db_session.query(StrategyMeeting).count() == 0


def test_meetings_about_young_people_out_of_reach_are_not_found(client, make, practitioner):
    elsewhere = make.authority("luton", "Luton")
    other = make.young_person(elsewhere)
    meeting = make.meeting(elsewhere, practitioner, [other], meeting_type="mace", chair="C")
    assert client.get(f"/meetings/{meeting.id}").status_code == 404
    assert client.get(f"/young-people/{other.id}/meetings/new").status_code == 404


def test_the_migration_moves_a_single_young_persons_decisions_and_actions_to_them(database, tmp_path):
    """Migration 0010 on a database holding meetings: one about a single young person moves its
    decisions and actions to them; one about two keeps its decisions and actions shared."""
    import uuid

    import flask_migrate
    from sqlalchemy import insert, select

    from riskapp import create_app
    from riskapp.extensions import db
    from riskapp.models import Agency, LocalAuthority, MeetingAction, StrategyMeeting, User, YoungPerson
    from riskapp.models import meeting_young_person as link
    from tests.databases import ScratchDatabase

    scratch = ScratchDatabase(database.backend, tmp_path, prefix="riskapp_migration")
    app = create_app({"SQLALCHEMY_DATABASE_URI": scratch.url, "SERVER_NAME": "localhost"})
    directory = app.extensions["migrate"].directory
    single, pair, kayla, mia = (uuid.uuid4() for _ in range(4))
    meetings, actions = StrategyMeeting.__table__, MeetingAction.__table__
    try:
        with app.app_context():
            flask_migrate.upgrade(directory=directory, revision="0009")
            # Rows as they were before 0010, written with only the columns 0009 has.
            with db.engine.begin() as connection:
                run = connection.execute
                authority = run(insert(LocalAuthority.__table__).values(slug="a", name="A")).inserted_primary_key[0]
                agency = run(select(Agency.__table__.c.id)).scalars().first()
                user = run(insert(User.__table__).values(
                    email="u@example.org", full_name="U", role="practitioner", agency_id=agency, password_hash="x",
                    version=1)).inserted_primary_key[0]  # fmt: skip
                for person in (kayla, mia):
                    run(insert(YoungPerson.__table__).values(
                        id=person, first_name="K", last_name="B", date_of_birth=date(2010, 1, 1), sex="female",
                        responsible_authority_id=authority, version=1))  # fmt: skip
                for meeting, decisions, people in (
                    (single, "Refer to the NRM", [kayla]),
                    (pair, "Disrupt", [kayla, mia]),
                ):
                    run(insert(meetings).values(
                        id=meeting, authority_id=authority, held_on=date(2026, 11, 1), meeting_type="strategy",
                        chair="C", decisions=decisions, author_id=user, version=1))  # fmt: skip
                    for person in people:
                        run(insert(link).values(meeting_id=meeting, young_person_id=person))
                    run(insert(actions).values(meeting_id=meeting, description="Act", owner="O", agency_id=agency,
                                               due_on=date(2026, 12, 1), version=1))  # fmt: skip
            flask_migrate.upgrade(directory=directory, revision="0010")
            with db.engine.connect() as connection:
                shared = dict(connection.execute(select(meetings.c.id, meetings.c.decisions)).all())
                about = {(m, p): d for m, p, d in connection.execute(select(link))}
                concerns = dict(connection.execute(select(actions.c.meeting_id, actions.c.young_person_id)).all())
            db.engine.dispose()
    finally:
        scratch.drop()
    assert shared == {single: "", pair: "Disrupt"}
    assert about == {(single, kayla): "Refer to the NRM", (pair, kayla): "", (pair, mia): ""}
    assert concerns == {single: kayla, pair: None}


def meeting_about_two(make, db_session) -> dict:
    """A meeting about Kayla (Central Bedfordshire) and Mia (Luton), with decisions and an action
    about each of them and a shared decision and action; readers of each authority, and a
    coordinator of both."""
    from riskapp.data import meetings as meeting_data
    from riskapp.data.organisations import get_agency_by_slug

    bedfordshire = make.authority("central-bedfordshire", "Central Bedfordshire")
    luton = make.authority("luton", "Luton")
    kayla = make.young_person(bedfordshire, first_name="Kayla", last_name="Brightwater", local_id="CB-1")
    mia = make.young_person(luton, first_name="Mia", last_name="Quillfeather", local_id="LU-7")
    both = make.user(role=Role.CSE_COORDINATOR, authorities=[bedfordshire, luton], full_name="Cass Coordinator")
    meeting = make.meeting(
        bedfordshire,
        both,
        [kayla, mia],
        days_ago=4,
        meeting_type="mace",
        decisions="Joint disruption plan for the park",
    )
    meeting_data.set_decisions(meeting, {kayla.id: "Refer Kayla to the NRM", mia.id: "Mia to move placement"})
    agency = get_agency_by_slug("social-care").id
    for concerns, description in ((kayla.id, "Kayla's return interview"), (mia.id, "Mia's school meeting"),
                                  (None, "Visit the park with police")):  # fmt: skip
        db_session.add(MeetingAction(meeting_id=meeting.id, description=description, owner="Jo Worker",
                                     agency_id=agency, due_on=today() + timedelta(days=7), young_person_id=concerns))  # fmt: skip
    db_session.flush()
    for person in (kayla, mia):
        service.rescore(person)
    return {
        "bedfordshire": bedfordshire, "luton": luton, "kayla": kayla, "mia": mia, "meeting": meeting, "both": both,
        "reader_b": make.user(role=Role.PRACTITIONER, authorities=[bedfordshire], full_name="Sam Bedford"),
        "reader_l": make.user(role=Role.PRACTITIONER, authorities=[luton], full_name="Lee Luton"),
    }  # fmt: skip


def test_the_meeting_page_shows_decisions_and_actions_under_each_name(client, make, db_session):
    two = meeting_about_two(make, db_session)
    sign_in(client, two["both"])
    page = client.get(f"/meetings/{two['meeting'].id}")
    groups = {
        section.select_one("h3").get_text(strip=True): section.get_text(" ", strip=True)
        for section in page.soup.select("#actions + div section")
    }
    assert list(groups) == ["About Kayla Brightwater", "About Mia Quillfeather", "Shared by everyone discussed"]
    kayla, mia, shared = groups.values()
    assert "Refer Kayla to the NRM" in kayla and "Kayla's return interview" in kayla and "Mia" not in kayla
    assert "Mia to move placement" in mia and "Mia's school meeting" in mia and "Kayla" not in mia
    assert "Joint disruption plan" in shared and "Visit the park with police" in shared
    # A reader of one authority cannot open a meeting that discussed a young person of another.
    client.post("/sign-out", data={})
    sign_in(client, two["reader_b"])
    assert client.get(f"/meetings/{two['meeting'].id}").status_code == 404
    assert client.get(f"/meetings/{two['meeting'].id}/decisions").status_code == 404
