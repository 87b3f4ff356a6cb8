"""Create forms are once-only (riskapp.forms.once): each carries a token made with its page, which
the record its first save makes claims. A double click, or the browser sending the form again,
makes one record and ends where the first save did."""

import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace

import flask_migrate
import pytest
from sqlalchemy import func, select

from riskapp import create_app
from riskapp.data import submissions as submission_data
from riskapp.data.submissions import AlreadyClaimed
from riskapp.extensions import db
from riskapp.forms.once import REFUSED
from riskapp.models import (
    FormSubmission,
    Incident,
    MeetingAction,
    MissingEpisode,
    PanelPack,
    PlanReview,
    ProfessionalInvolvement,
    ProfessionalNote,
    Screening,
    StrategyMeeting,
    Transfer,
    YoungPerson,
)
from riskapp.reference import Role
from riskapp.risk import service
from riskapp.timeutil import today
from tests.conftest import CheckingClient
from tests.databases import BACKENDS, ScratchDatabase
from tests.factories import Factories
from tests.helpers import audit_actions, sign_in


def _date(name: str, day: date) -> dict:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


YESTERDAY = today() - timedelta(days=1)


@dataclass(frozen=True)
class CreateForm:
    path: str  # {young_person} is the young person's id
    data: dict  # {elsewhere} is another authority's id
    model: type
    object_type: str  # as on the audit trail
    audit_action: str = "create"
    message: str | None = None  # the banner on the page the save ends on
    page: str | None = None  # where the form is, if not at the path it is sent to


CREATE_FORMS = {
    "young person": CreateForm(
        "/young-people/new",
        {
            "first_name": "Jayden", "last_name": "Marrowby", **_date("date_of_birth", date(2009, 5, 1)),
            "sex": "male", "ethnicity": "black-african", "learning_disability": "no",
            "legal_status": "child-in-need", "responsible_authority_id": "{authority}",
        },
        YoungPerson, "young_person", message="Record created.",
    ),
    "missing episode": CreateForm(
        "/young-people/{young_person}/episodes/new",
        {
            "missing_from": "care", **_date("reported_on", YESTERDAY), "reported_time": "14:30",
            "police_classification": "missing", "police_risk_grade": "not-graded", "out_of_area": "no",
            "return_interview": "not-offered",
        },
        MissingEpisode, "missing_episode", message="Missing episode recorded.",
    ),
    "incident": CreateForm(
        "/young-people/{young_person}/incidents/new",
        {**_date("occurred_on", YESTERDAY), "occurred_time": "23:10", "incident_type": "kidnap"},
        Incident, "incident", message="Incident recorded.",
    ),
    "plan review": CreateForm(
        "/young-people/{young_person}/plan-reviews/new",
        {**_date("reviewed_on", YESTERDAY), "plan_type": "safety", "summary": "Added a curfew"},
        PlanReview, "plan_review", message="Plan review recorded.",
    ),
    "note": CreateForm(
        "/young-people/{young_person}/notes/new",
        {**_date("noted_on", YESTERDAY), "text": "Seen with a new phone"},
        ProfessionalNote, "professional_note", message="Note recorded.",
    ),
    "meeting": CreateForm(
        "/young-people/{young_person}/meetings/new",
        {**_date("held_on", YESTERDAY), "meeting_type": "strategy", "chair": "Alex Chair"},
        StrategyMeeting, "strategy_meeting", message="Meeting recorded.",
    ),
    "meeting action": CreateForm(
        "/meetings/{meeting}/actions",
        {
            "description": "Book the return home interview", "owner": "Jo Allocated", "agency_id": "{agency}",
            **_date("due_on", today() + timedelta(days=7)),
        },
        MeetingAction, "meeting_action", message="Action added.", page="/meetings/{meeting}",
    ),
    "professional": CreateForm(
        "/young-people/{young_person}/professionals",
        {"name": "Jo Allocated", "job_title": "Social worker", "agency_id": "{agency}"},
        ProfessionalInvolvement, "professional_involvement", message="Professional added.",
        page="/young-people/{young_person}",
    ),
    "screening": CreateForm(
        "/young-people/{young_person}/screenings", {}, Screening, "screening", page="/young-people/{young_person}"
    ),
    "panel pack": CreateForm(
        "/panel-packs/new",
        {"title": "Missing Young People Panel", "authority_id": "{authority}", "flag": ""},
        PanelPack, "panel_pack", audit_action="request-export",
    ),
    "transfer": CreateForm(
        "/young-people/{young_person}/transfer",
        {
            "to_authority_id": "{elsewhere}", "receiving_service": "youth-offending-service",
            **_date("moved_on", today()), "reason": "Placement moved", "contact_name": "Morgan Keycontact",
            "contact_details": "morgan@luton.example.org", "confirm": "y",
        },
        Transfer, "transfer", audit_action="transfer", message="Transfer recorded.",
    ),
}  # fmt: skip


@dataclass
class Scene:
    authority: object
    elsewhere: object
    young_person: YoungPerson
    meeting: StrategyMeeting
    agency_id: int

    def path(self, form: CreateForm) -> str:
        return form.path.format(young_person=self.young_person.id, meeting=self.meeting.id)

    def page(self, form: CreateForm) -> str:
        return (form.page or form.path).format(young_person=self.young_person.id, meeting=self.meeting.id)

    def data(self, form: CreateForm, **changes) -> dict:
        values = {"authority": self.authority.id, "elsewhere": self.elsewhere.id, "agency": self.agency_id}
        return {name: value.format(**values) for name, value in {**form.data, **changes}.items()}


@pytest.fixture
def scene(make, area, practitioner):
    elsewhere = make.authority("luton", "Luton")
    young_person = make.young_person(area, first_name="Kayla", last_name="Brightwater", local_id="CB-1")
    service.rescore(young_person)  # a panel pack takes everyone with a risk assessment
    meeting = make.meeting(area, practitioner, [young_person])
    return Scene(area, elsewhere, young_person, meeting, practitioner.agency_id)


def _open(client, page: str, path: str | None = None) -> dict:
    """The hidden fields of the create form on ``page`` that is sent to ``path`` (the page itself if
    not given), as a browser sends them back."""
    response = client.get(page)
    assert response.status_code == 200
    forms = [token.find_parent("form") for token in response.soup.select("input[name=submission_token]")]
    [form] = [form for form in forms if form.get("action", page) == (path or page)]
    return {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}


def _count(db_session, model) -> int:
    return db_session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("name", CREATE_FORMS)
def test_a_second_save_of_the_same_form_makes_nothing_and_ends_where_the_first_did(client, scene, db_session, name):
    form = CREATE_FORMS[name]
    path = scene.path(form)
    hidden = _open(client, scene.page(form), path)
    assert hidden["submission_token"]
    before = _count(db_session, form.model)

    first = client.post(path, data={**hidden, **scene.data(form)})
    assert first.status_code == 302, first.soup.select_one(".govuk-error-summary")
    again = client.post(path, data={**hidden, **scene.data(form)})
    assert again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]

    assert _count(db_session, form.model) == before + 1
    made = audit_actions(db_session, action=form.audit_action, object_type=form.object_type)
    assert len(made) == 1, "the second save is not on the audit trail as a second record"
    claim = db_session.scalars(select(FormSubmission)).one()
    assert (claim.object_type, claim.object_id) == (form.object_type, made[0].object_id)
    if form.message:
        page = client.get(again.headers["Location"])
        assert form.message in page.soup.select_one(".govuk-notification-banner").get_text()


def test_a_form_shown_again_with_errors_keeps_its_token_and_saves_once(client, scene, db_session):
    form = CREATE_FORMS["note"]
    path = scene.path(form)
    hidden = _open(client, path)

    wrong = client.post(path, data={**hidden, **scene.data(form, text="")})
    assert wrong.status_code == 200
    assert "Enter the note" in wrong.soup.select_one(".govuk-error-summary").get_text()
    assert wrong.soup.select_one("input[name=submission_token]")["value"] == hidden["submission_token"]

    corrected = [client.post(path, data={**hidden, **scene.data(form)}) for _ in range(2)]
    assert [r.status_code for r in corrected] == [302, 302]
    assert _count(db_session, ProfessionalNote) == 1


def test_someone_elses_token_is_refused_and_the_form_is_shown_again(client, make, scene, practitioner, db_session):
    form = CREATE_FORMS["note"]
    path = scene.path(form)
    theirs = _open(client, path)
    assert client.post(path, data={**theirs, **scene.data(form)}).status_code == 302

    colleague = make.user(role=Role.PRACTITIONER, authorities=[scene.authority], full_name="Chris Colleague")
    client.post("/sign-out", data={})
    sign_in(client, colleague)
    client.get(path)
    # Their token in a form sent with the colleague's own session (their CSRF token would be refused anyway).
    token = theirs["submission_token"]
    refused = client.post(path, data={"submission_token": token, **scene.data(form, text="Seen at the station")})
    assert refused.status_code == 200, "not sent on to the note the other person made"
    summary = refused.soup.select_one(".govuk-error-summary")
    link = summary.find("a", string=lambda text: text and REFUSED in text)
    assert link is not None, summary.get_text()
    assert REFUSED in refused.soup.select_one(link["href"]).get_text(), "the summary's link lands on the message"
    assert refused.soup.select_one("#text").get_text() == "Seen at the station", "what was typed is kept"
    assert _count(db_session, ProfessionalNote) == 1

    new_token = refused.soup.select_one("input[name=submission_token]")["value"]
    assert new_token != token
    saved = client.post(path, data={"submission_token": new_token, **scene.data(form)})
    assert saved.status_code == 302
    assert _count(db_session, ProfessionalNote) == 2
    assert {claim.user_id for claim in db_session.scalars(select(FormSubmission))} == {practitioner.id, colleague.id}


@pytest.mark.parametrize("name", ["note", "young person", "meeting"])
def test_two_saves_at_the_same_moment_make_one_record(client, scene, db_session, monkeypatch, name):
    """The second save looked before the first was committed, so it found no claim: the token's
    uniqueness stops it, its work is rolled back, and it ends where the first did."""
    form = CREATE_FORMS[name]
    path = scene.path(form)
    hidden = _open(client, path)
    before = _count(db_session, form.model)
    first = client.post(path, data={**hidden, **scene.data(form)})
    assert first.status_code == 302

    looks = []
    real_lookup = submission_data.get_submission

    def not_yet_committed(token):
        looks.append(token)
        return None if len(looks) == 1 else real_lookup(token)

    monkeypatch.setattr(submission_data, "get_submission", not_yet_committed)
    again = client.post(path, data={**hidden, **scene.data(form)})
    assert len(looks) == 2, "looked before saving, and again after the claim failed"
    assert (again.status_code, again.headers["Location"]) == (302, first.headers["Location"])
    assert _count(db_session, form.model) == before + 1
    assert len(audit_actions(db_session, action=form.audit_action, object_type=form.object_type)) == 1


def test_the_load_clients_note_save_sends_the_token_back(client, scene, db_session):
    """bench/load/client.py saves a note with the hidden fields it reads from the form."""
    from bench.load import pages

    path = scene.path(CREATE_FORMS["note"])
    hidden = pages.hidden_fields(client.get(path).get_data(as_text=True), "text")
    assert set(hidden) == {"csrf_token", "submission_token"}
    saves = [client.post(path, data={**hidden, **scene.data(CREATE_FORMS["note"])}) for _ in range(2)]
    assert [(r.status_code, r.headers["Location"].endswith("/chronology")) for r in saves] == [(302, True)] * 2
    assert _count(db_session, ProfessionalNote) == 1


@pytest.fixture(params=BACKENDS)
def committed_record(request, tmp_path):
    """An app on a database of its own, where requests really commit: one young person, and one
    practitioner signed in on two clients (two tabs of one browser)."""
    scratch = ScratchDatabase(request.param, tmp_path, prefix="riskapp_once")
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": scratch.url, "SERVER_NAME": "localhost", "SQLITE_BUSY_TIMEOUT_MS": 5000}
    )
    app.test_client_class = CheckingClient
    with app.app_context():
        flask_migrate.upgrade(directory=app.extensions["migrate"].directory)
        make = Factories(db.session)
        authority = make.authority("once")
        user = make.user(authorities=[authority])
        young_person = make.young_person(authority)
        service.rescore(young_person)
        db.session.commit()
        email, path = user.email, f"/young-people/{young_person.id}/notes/new"
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        sign_in(client, SimpleNamespace(email=email))
    try:
        yield request.param, app, clients, path
    finally:
        with app.app_context():
            db.engine.dispose()
        scratch.drop()


def test_two_saves_really_at_once_make_one_record(committed_record, monkeypatch):
    """The first save is held after claiming its token, its transaction open, while the second is
    sent. On PostgreSQL the second finds no claim, makes its note and waits on the token's key until
    the first commits, then fails and is rolled back; on SQLite it waits to begin until the first
    commits, then finds the claim. Either way: one note, and both end on the chronology."""
    backend, app, (first, second), path = committed_record
    hidden = _open(first, path)
    data = {
        "submission_token": hidden["submission_token"],
        **_date("noted_on", YESTERDAY),
        "text": "Seen at the bus station",
    }
    second.get(path)  # its own CSRF token

    claimed, carry_on = threading.Event(), threading.Event()
    real_claim = submission_data.claim

    claims = []

    def claim_then_hold(*args, **kwargs):
        try:
            made = real_claim(*args, **kwargs)
        except AlreadyClaimed:
            claims.append(f"{threading.current_thread().name} refused")
            raise
        claims.append(threading.current_thread().name)
        if threading.current_thread().name == "first-save":
            claimed.set()
            carry_on.wait(15)
        return made

    monkeypatch.setattr(submission_data, "claim", claim_then_hold)
    answers = {}
    saves = [
        threading.Thread(target=lambda: answers.update(first=first.post(path, data=data)), name="first-save"),
        threading.Thread(target=lambda: answers.update(second=second.post(path, data=data)), name="second-save"),
    ]
    saves[0].start()
    try:
        assert claimed.wait(10), "the first save never claimed its token"
        saves[1].start()
        time.sleep(0.5)  # the second save reaches the point where it waits
    finally:
        carry_on.set()
        for thread in saves:
            thread.join(15)
    assert [answers[name].status_code for name in ("first", "second")] == [302, 302]
    assert answers["second"].headers["Location"] == answers["first"].headers["Location"]
    if backend == "postgresql":
        assert claims == ["first-save", "second-save refused"], "the second looked before the first committed"
    else:
        assert claims == ["first-save"], "the second began only after the first committed, and found its claim"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ProfessionalNote)) == 1
        assert db.session.scalar(select(func.count()).select_from(FormSubmission)) == 1


def test_each_reader_of_a_kept_record_page_gets_tokens_of_their_own(app, client, make, scene, db_session):
    """The record page is kept and served again (riskapp.fragments): its create forms carry a
    placeholder, filled with a new token for each request, as the CSRF token is."""
    from riskapp.fragments import EXTENSION_KEY

    kept = app.extensions[EXTENSION_KEY]
    kept.clear()
    page = f"/young-people/{scene.young_person.id}"

    def tokens(some_client) -> list[str]:
        response = some_client.get(page)
        assert "submission-token-placeholder" not in response.get_data(as_text=True)
        return [tag["value"] for tag in response.soup.select("input[name=submission_token]")]

    mine = tokens(client)
    other_client = app.test_client()
    sign_in(other_client, make.user(role=Role.PRACTITIONER, authorities=[scene.authority]))
    theirs = tokens(other_client)
    assert kept.hits >= 1
    assert len(set(mine + theirs)) == 4, "one token for each form and each request"
    refused = other_client.post(f"{page}/screenings", data={"submission_token": mine[0]})
    assert refused.status_code == 400, "someone else's token on a button: nothing typed to show again"
    started = other_client.post(f"{page}/screenings", data={"submission_token": theirs[0]})
    assert started.status_code == 302, "the kept page's form works for the second reader"
    assert _count(db_session, Screening) == 1
