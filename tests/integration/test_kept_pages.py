"""A young person's record page is kept as rendered (riskapp.fragments) only while nothing shown on
it has changed: a change recorded anywhere about them is on the next page, access is checked and the
view audited every time, and each reader's forms carry their own CSRF token."""

from datetime import time, timedelta

import pytest
from sqlalchemy import select, update

from riskapp.data import add, revisions
from riskapp.data import chronology as chronology_data
from riskapp.data import meetings as meeting_data
from riskapp.data import screenings as screening_data
from riskapp.data.organisations import get_agency_by_slug
from riskapp.fragments import EXTENSION_KEY
from riskapp.models import (
    Base,
    MeetingAction,
    MissingEpisode,
    ProfessionalInvolvement,
    ProfessionalNote,
    YoungPerson,
)
from riskapp.questionnaire.answers import Answer
from riskapp.reference import Role
from riskapp.risk import service
from riskapp.timeutil import from_uk, today
from tests.helpers import audit_actions, sign_in


@pytest.fixture
def reader(practitioner):
    """The signed-in reader of the pages, of Children's social care; the police officer records."""
    return practitioner


@pytest.fixture
def kayla(make, area):
    person = make.young_person(area, first_name="Kayla", last_name="Brightwater")
    service.rescore(person)
    return person


@pytest.fixture
def kept(app):
    cache = app.extensions[EXTENSION_KEY]
    cache.clear()
    return cache


def _record(client, person):
    response = client.get(f"/young-people/{person.id}")
    assert response.status_code == 200
    return response


def _band(response) -> str:
    return response.soup.select_one("#band-in-force").get_text(" ", strip=True)


def _revision(db_session, person) -> int:
    return db_session.scalar(select(YoungPerson.revision).where(YoungPerson.id == person.id))


def _disclosure_note(person, author):
    return chronology_data.add(
        ProfessionalNote(
            young_person_id=person.id, agency_id=author.agency_id, author_id=author.id,
            noted_at=from_uk(today() - timedelta(days=1), time(11, 0)),
            text="She said an older man makes her have sex with his friends", evidence_of="disclosure_of_exploitation",
        )
    )  # fmt: skip


def test_an_unchanged_record_is_served_as_kept_and_a_new_fact_shows_at_once(
    client, reader, officer, kayla, kept, db_session
):
    first = _band(_record(client, kayla))
    assert _band(_record(client, kayla)) == first
    assert kept.hits == 1 and kept.misses == 1, "the second view of an unchanged record is served as kept"

    _disclosure_note(kayla, officer)  # recorded by another agency, not through this page
    service.rescore(kayla)
    now = _band(_record(client, kayla))
    assert now != first and "Very high" in now
    assert kept.misses == 2


def test_the_risk_page_is_kept_the_same_way(client, reader, officer, kayla, kept):
    def risk_page(**args):
        response = client.get(f"/young-people/{kayla.id}/risk", query_string=args)
        assert response.status_code == 200
        return response

    first = _band(risk_page())
    assert _band(risk_page()) == first and kept.hits == 1
    _disclosure_note(kayla, officer)
    service.rescore(kayla)
    now = _band(risk_page())
    assert now != first and "Very high" in now
    assert kept.misses == 2


def test_every_view_is_checked_and_audited_even_when_kept(app, client, make, area, reader, kayla, kept, db_session):
    _record(client, kayla)
    _record(client, kayla)
    views = [e for e in audit_actions(db_session, action="view") if e.young_person_id == kayla.id]
    assert len(views) == 2

    elsewhere = make.authority("luton", "Luton")
    outsider = make.user(role=Role.PRACTITIONER, authorities=[elsewhere])
    outsiders_client = app.test_client()
    sign_in(outsiders_client, outsider)
    assert outsiders_client.get(f"/young-people/{kayla.id}").status_code == 404
    refused = audit_actions(db_session, action="access-denied")
    assert refused and refused[-1].young_person_id == kayla.id


def test_each_reader_gets_their_own_csrf_token_in_a_kept_page(app, make, area, reader, client, kayla, kept):
    mine = _record(client, kayla)
    other_client = app.test_client()
    sign_in(other_client, make.user(role=Role.PRACTITIONER, authorities=[area]))
    theirs = _record(other_client, kayla)
    assert kept.hits >= 1

    def tokens(response):
        return {tag["value"] for tag in response.soup.select("input[name=csrf_token]")}

    assert len(tokens(mine)) == 1 and len(tokens(theirs)) == 1 and tokens(mine) != tokens(theirs)
    assert "csrf-placeholder" not in theirs.get_data(as_text=True)
    # The kept page's form works for the second reader.
    started = other_client.post(f"/young-people/{kayla.id}/screenings", data={"csrf_token": tokens(theirs).pop()})
    assert started.status_code == 302


def test_a_form_with_errors_is_shown_as_typed_not_kept(client, reader, kayla, kept):
    _record(client, kayla)
    page = client.post(
        f"/young-people/{kayla.id}/professionals",
        data={"name": "Dr <b>Priya</b> Shah", "job_title": "", "agency_id": "", "contact": ""},
    )
    assert page.status_code == 400 or page.soup.select_one(".govuk-error-summary")
    assert page.soup.select_one("input[name=name]")["value"] == "Dr <b>Priya</b> Shah"
    again = _record(client, kayla)
    assert again.soup.select_one("input[name=name]").get("value", "") == ""


def test_a_new_day_renders_again(client, reader, make, area, kept, monkeypatch):
    birthday_tomorrow = today() + timedelta(days=1)
    person = make.young_person(area, date_of_birth=birthday_tomorrow.replace(year=birthday_tomorrow.year - 14))
    service.rescore(person)
    assert "(age 13)" in _record(client, person).get_data(as_text=True)
    monkeypatch.setattr("riskapp.young_people.routes.today", lambda: birthday_tomorrow)
    assert "(age 14)" in _record(client, person).get_data(as_text=True)


# --- What moves a young person's revision on --------------------------------------------------------


def _edit_record(person, officer, **_):
    person.preferred_name = "Kay"


def _add_professional(person, officer, **_):
    add(
        ProfessionalInvolvement(young_person_id=person.id, name="Jo Nurse", job_title="School nurse",
                                agency_id=get_agency_by_slug("health").id, contact="")
    )  # fmt: skip


def _episode(person, officer, make, **_):
    return make.episode(person, officer, days_ago=3, hours_away=3)


def _change_episode(person, officer, db_session, make, **_):
    episode = _episode(person, officer, make)
    db_session.commit()
    before = _revision(db_session, person)
    episode.return_interview = "not-done"
    return before


def _delete_episode(person, officer, db_session, make, **_):
    episode = _episode(person, officer, make)
    db_session.commit()
    before = _revision(db_session, person)
    db_session.delete(episode)
    return before


def _note(person, officer, **_):
    _disclosure_note(person, officer)


def _screening_answer(person, officer, make, db_session, **_):
    screening = make.screening(person, officer, submit=False)
    db_session.commit()
    before = _revision(db_session, person)
    screening_data.save_answers(
        screening, {"disclosure_of_exploitation": Answer("disclosure_of_exploitation", "answered", "yes")},
        replace={"disclosure_of_exploitation"},
    )  # fmt: skip
    return before


def _meeting(person, officer, db_session, make, area, **_):
    return make.meeting(area, officer, [person, make.young_person(area)])


def _taken_off_a_meeting(person, officer, db_session, make, area, **_):
    meeting = _meeting(person, officer, db_session, make, area)
    db_session.commit()
    before = _revision(db_session, person)
    meeting.young_people = [p for p in meeting.young_people if p.id != person.id]
    return before


def _meeting_decisions(person, officer, db_session, make, area, **_):
    meeting = _meeting(person, officer, db_session, make, area)
    db_session.commit()
    before = _revision(db_session, person)
    meeting_data.set_decisions(meeting, {person.id: "Refer to the NRM"})
    return before


def _shared_action_done(person, officer, db_session, make, area, **_):
    meeting = _meeting(person, officer, db_session, make, area)
    action = MeetingAction(meeting_id=meeting.id, description="Visit the park", owner="Jo",
                           agency_id=officer.agency_id, due_on=today(), young_person_id=None)  # fmt: skip
    db_session.add(action)
    db_session.commit()
    before = _revision(db_session, person)
    action.status = "done"
    return before


def _rescored(person, officer, **_):
    _note(person, officer)
    service.rescore(person)


CHANGES = [
    _edit_record, _add_professional, _episode, _change_episode, _delete_episode, _note, _screening_answer,
    _meeting, _taken_off_a_meeting, _meeting_decisions, _shared_action_done, _rescored,
]  # fmt: skip


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__.strip("_") for c in CHANGES])
def test_a_change_anywhere_about_them_moves_their_revision_on(change, kayla, officer, make, area, db_session):
    db_session.commit()
    before = _revision(db_session, kayla)
    given = change(kayla, officer, db_session=db_session, make=make, area=area)
    before = given if isinstance(given, int) else before  # a change to something made first
    db_session.commit()
    assert _revision(db_session, kayla) > before


def test_a_rolled_back_change_leaves_the_revision(kayla, officer, make, db_session):
    db_session.commit()
    before = _revision(db_session, kayla)
    _episode(kayla, officer, make)
    db_session.rollback()
    assert _revision(db_session, kayla) == before


def test_every_table_says_whether_it_is_about_a_young_person():
    special = {
        "ScreeningAnswer",
        "StrategyMeeting",
        "MeetingAction",
        "RiskResultFlag",
        "RiskResultAgency",
        "YoungPerson",
    }
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        assert (
            cls in revisions.NOT_ABOUT_A_YOUNG_PERSON or "young_person_id" in mapper.columns or cls.__name__ in special
        ), f"{cls.__name__}: say in riskapp.data.revisions whose revision a change to it moves on"


def test_a_bulk_change_must_say_whom_it_touched(kayla, db_session):
    db_session.commit()
    statement = update(MissingEpisode).where(MissingEpisode.young_person_id == kayla.id).values(missing_from="care")
    with pytest.raises(revisions.UnclassifiedChange):
        db_session.execute(statement)
    db_session.rollback()
    before = _revision(db_session, kayla)
    db_session.execute(revisions.touching(statement))
    revisions.touch(db_session, [kayla.id])
    db_session.commit()
    assert _revision(db_session, kayla) == before + 1


def test_a_change_the_session_cannot_place_is_refused(db_session):
    class Unplaced:
        pass

    with pytest.raises(revisions.UnclassifiedChange):
        revisions._Noted().note(Unplaced())


def test_a_new_version_of_the_rules_renders_the_page_again(client, reader, kayla, kept, db_session):
    from riskapp.catalogue.questionnaires import set_status, sync_shipped_definitions
    from riskapp.data import questionnaires as questionnaire_data

    _record(client, kayla)
    _record(client, kayla)
    assert (kept.hits, kept.misses) == (1, 1)
    sync_shipped_definitions()
    set_status(questionnaire_data.get_definition_by_version("cse-screening", 1), "active")
    db_session.commit()
    _record(client, kayla)
    assert kept.misses == 2, "the page kept under the old rules is not served under the new ones"
