"""Recording a young person's chronology (missing episodes, incidents, plan reviews, notes) and
seeing it, with their screenings, on one timeline."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from riskapp.data import chronology as chronology_data
from riskapp.models import Incident, MissingEpisode, PlanReview, ProfessionalNote, RiskResult
from riskapp.reference import Role
from riskapp.templating import uk_datetime
from riskapp.timeutil import to_uk, today, utcnow
from tests.helpers import audit_actions, sign_in

MODELS = {"episodes": MissingEpisode, "incidents": Incident, "plan-reviews": PlanReview, "notes": ProfessionalNote}
PATHS = ["chronology", "episodes/new", "incidents/new", "plan-reviews/new", "notes/new"]


@pytest.fixture
def authority(area):
    """The shared ``area``, by the name these tests give it."""
    return area


@pytest.fixture
def young_person(make, authority):
    return make.young_person(authority, date_of_birth=date(2010, 1, 1))


@pytest.fixture
def practitioner(make, authority, client):
    """Not the shared one: a police practitioner, named on the timeline ("Police · Dana Okafor")."""
    user = make.user(role=Role.PRACTITIONER, agency="police", authorities=[authority], full_name="Dana Okafor")
    sign_in(client, user)
    return user


def _date(name: str, day: date) -> dict:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def _days_ago(days: int) -> date:
    return today() - timedelta(days=days)


def _valid(kind: str) -> dict:
    """A complete, valid form of each kind, dated in the last few days."""
    if kind == "episodes":
        return {
            "version": "1",
            "missing_from": "care",
            **_date("reported_on", _days_ago(3)),
            "reported_time": "14:30",
            **_date("returned_on", _days_ago(2)),
            "returned_time": "09:15",
            "police_classification": "missing",
            "police_risk_grade": "medium",
            "found_location": "Bus station",
            "found_with": "Two older males",
            "vehicle": "Silver hatchback",
            "out_of_area": "yes",
            "return_interview": "done",
            **_date("interview_on", _days_ago(2)),
            "interview_time": "16:00",
            "interview_by": "Return interview worker",
            "findings": "Went to a party\nMet the men online",
        }
    if kind == "incidents":
        return {
            **_date("occurred_on", _days_ago(1)),
            "occurred_time": "23:10",
            "incident_type": "kidnap",
            "location": "Retail park",
            "description": "Taken in a car",
        }
    if kind == "plan-reviews":
        return {
            **_date("reviewed_on", _days_ago(1)),
            "plan_type": "safety",
            "summary": "Added a curfew",
            **_date("next_review_on", today() + timedelta(days=28)),
        }
    return {**_date("noted_on", _days_ago(1)), "text": "Seen with a new phone"}


def _post(client, young_person, kind, data):
    path = f"/young-people/{young_person.id}/{kind}/new"
    client.get(path)
    return client.post(path, data=data)


def _timeline(client, young_person, query=""):
    response = client.get(f"/young-people/{young_person.id}/chronology{query}")
    assert response.status_code == 200
    return response


def _add_episode(young_person, author, **values):
    """An episode stored directly, for pages that only show episodes."""
    defaults = {
        "missing_from": "home",
        "reported_at": utcnow() - timedelta(days=10),
        "police_classification": "missing",
        "police_classification_label": "Missing",
    }
    return chronology_data.add(
        MissingEpisode(
            young_person_id=young_person.id,
            agency_id=author.agency_id,
            author_id=author.id,
            **(defaults | values),
        )
    )


@pytest.mark.parametrize(
    ("kind", "object_type", "shown", "message"),
    [
        ("episodes", "missing_episode", "Missing from care", "Missing episode recorded."),
        ("incidents", "incident", "Incident: Kidnap or abduction", "Incident recorded."),
        ("plan-reviews", "plan_review", "Safety plan reviewed", "Plan review recorded."),
        ("notes", "professional_note", "Seen with a new phone", "Note recorded."),
    ],
)
def test_recording_an_entry(client, practitioner, young_person, db_session, kind, object_type, shown, message):
    response = _post(client, young_person, kind, _valid(kind))
    assert response.headers["Location"].endswith(f"/young-people/{young_person.id}/chronology")
    entry = db_session.scalars(select(MODELS[kind])).one()
    assert (entry.young_person_id, entry.author_id, entry.agency_id) == (
        young_person.id,
        practitioner.id,
        practitioner.agency_id,
    )
    page = client.get(response.headers["Location"])
    banner = page.soup.select_one(".govuk-notification-banner").get_text()
    assert message in banner and young_person.first_name not in banner
    item = page.soup.select_one("li[data-kind]")
    assert shown in item.get_text() and "Police · Dana Okafor" in item.get_text()
    created = audit_actions(db_session, action="create", object_type=object_type)
    assert [(e.object_id, e.young_person_id, e.actor_user_id) for e in created] == [
        (str(entry.id), young_person.id, practitioner.id)
    ]
    results = db_session.scalars(select(RiskResult).where(RiskResult.young_person_id == young_person.id)).all()
    assert [r.is_current for r in results] == [True]


def test_a_recorded_episode_keeps_every_detail(client, practitioner, young_person, db_session):
    _post(client, young_person, "episodes", _valid("episodes"))
    episode = db_session.scalars(select(MissingEpisode)).one()
    reported = _days_ago(3)
    typed = to_uk(episode.reported_at)  # typed as UK time, stored as UTC
    assert (typed.date(), typed.hour, typed.minute) == (reported, 14, 30)
    assert episode.reported_at.utcoffset() == timedelta(0)
    assert (episode.police_classification_label, episode.police_risk_grade_label) == ("Missing", "Medium risk")
    assert episode.return_interview_at.date() == _days_ago(2)
    text = _timeline(client, young_person).soup.select_one("li[data-kind=episode]").get_text(" ", strip=True)
    for expected in ("Bus station", "Two older males", "Silver hatchback", "Medium risk", "Return interview worker"):
        assert expected in text
    assert "Met the men online" in text and "Found out of area Yes" in text and "How long 18 hours 45 minutes" in text


@pytest.mark.parametrize(
    ("classification", "chosen", "grade", "low"),
    [
        ("absent", "not-graded", "", True),
        ("missing", "low", "low", True),
        ("missing", "no-apparent-risk", "no-apparent-risk", True),
        ("missing", "high", "high", False),
    ],
)
def test_low_classifications_are_stored_as_recorded(
    client, practitioner, young_person, db_session, classification, chosen, grade, low
):
    _post(
        client,
        young_person,
        "episodes",
        {**_valid("episodes"), "police_classification": classification, "police_risk_grade": chosen},
    )
    episode = db_session.scalars(select(MissingEpisode)).one()
    assert (episode.police_classification, episode.police_risk_grade, episode.classified_low) == (
        classification,
        grade,
        low,
    )


@pytest.mark.parametrize(
    ("incident_type", "label", "significant"),
    [
        ("online-approach", "Online approach by an adult", False),
        ("disclosure", "Disclosure of exploitation", True),
        ("drug-supply-arrest", "Arrest or charge for drug supply", True),
        ("found-in-dealing-property", "Found in a property used for dealing drugs", True),
        ("county-lines-referral", "County lines or criminal exploitation referral, including an NRM referral", True),
    ],
)
def test_an_incident_takes_its_meaning_from_the_label(
    client, practitioner, young_person, db_session, incident_type, label, significant
):
    _post(client, young_person, "incidents", {**_valid("incidents"), "incident_type": incident_type})
    incident = db_session.scalars(select(Incident)).one()
    # What a type is evidence of now lives in the rules file (scoring.evidence), not on the record.
    assert (incident.incident_label, incident.significant, incident.indicator_id, incident.evidence_of) == (
        label,
        significant,
        "",
        "",
    )


def test_still_missing_needs_no_return(client, practitioner, young_person, db_session):
    data = {**_valid("episodes"), "returned_on-day": "", "returned_on-month": "", "returned_on-year": ""}
    data |= {"returned_time": "", "return_interview": "not-offered", "interview_time": "", "interview_by": ""}
    data |= {"interview_on-day": "", "interview_on-month": "", "interview_on-year": ""}
    assert _post(client, young_person, "episodes", data).status_code == 302
    episode = db_session.scalars(select(MissingEpisode)).one()
    assert episode.returned_at is None and episode.return_interview_at is None
    text = _timeline(client, young_person).soup.select_one("li[data-kind=episode]").get_text(" ", strip=True)
    assert "Returned Still missing" in text and "the 72-hour clock for the return home interview starts" in text


FUTURE_YEAR = str(today().year + 1)
KEPT = {
    "episodes": ("found_with", "value"),
    "incidents": ("location", "value"),
    "plan-reviews": ("summary", None),
    "notes": ("text", None),
}


@pytest.mark.parametrize(
    ("kind", "changes", "message"),
    [
        (
            "episodes",
            {"reported_on-day": "", "reported_on-month": "", "reported_on-year": ""},
            "Enter the date the young person was reported missing",
        ),
        ("episodes", {"reported_time": ""}, "Enter the time the young person was reported missing"),
        ("episodes", {"reported_time": "25:00"}, "Time reported missing must be a real time, like 2.30pm or 14:30"),
        ("episodes", {"returned_time": "13pm"}, "Time returned must be a real time, like 2.30pm or 14:30"),
        ("episodes", {"interview_time": "2.75pm"}, "Time of the return home interview must be a real time, like"),
        ("episodes", {"reported_on-month": "13"}, "Date reported missing must be a real date"),
        ("episodes", {"reported_on-year": FUTURE_YEAR}, "Date reported missing must be today or in the past"),
        ("episodes", {"reported_on-year": "2009"}, "Date reported missing must be after the young person's date of"),
        ("episodes", {"returned_time": ""}, "Enter the time the young person returned"),
        (
            "episodes",
            {"returned_time": "14:29", **_date("returned_on", _days_ago(3))},
            "The return must be after the report",
        ),
        ("episodes", _date("returned_on", _days_ago(4)), "The return must be after the report"),
        (
            "episodes",
            {"interview_on-day": "", "interview_on-month": "", "interview_on-year": ""},
            "Enter the date of the return home interview",
        ),
        ("episodes", {"interview_time": ""}, "Enter the time of the return home interview"),
        ("episodes", {"interview_time": "09:00"}, "The return home interview must be after the return"),
        ("episodes", {"interview_by": ""}, "Enter who did the return home interview"),
        ("episodes", {"police_classification": ""}, "Select the police classification"),
        ("episodes", {"police_risk_grade": "catastrophic"}, "Not a valid choice"),
        ("episodes", {"police_risk_grade": ""}, "Select the police risk grade, or 'Not graded'"),
        ("episodes", {"out_of_area": ""}, "Select whether they were found out of the area"),
        ("episodes", {"found_with": "x" * 301}, "Who they were with must be 300 characters or fewer"),
        ("episodes", {"findings": "x" * 5001}, "What was learned must be 5000 characters or fewer"),
        ("incidents", {"occurred_on-day": ""}, "Date of the incident must include a day"),
        (
            "incidents",
            {"occurred_on-day": "", "occurred_on-month": "", "occurred_on-year": ""},
            "Enter the date of the incident",
        ),
        ("incidents", {"occurred_time": "23:60"}, "Time of the incident must be a real time, like 2.30pm or 14:30"),
        ("incidents", {"occurred_on-year": FUTURE_YEAR}, "Date of the incident must be today or in the past"),
        ("incidents", {"occurred_on-year": "2009"}, "Date of the incident must be after the young person's date of"),
        ("incidents", {"incident_type": ""}, "Select the type of incident"),
        (
            "plan-reviews",
            {"reviewed_on-day": "", "reviewed_on-month": "", "reviewed_on-year": ""},
            "Enter the date the plan was reviewed",
        ),
        ("plan-reviews", {"reviewed_on-year": FUTURE_YEAR}, "Date reviewed must be today or in the past"),
        ("plan-reviews", {"plan_type": ""}, "Select which plan was reviewed"),
        ("plan-reviews", _date("next_review_on", _days_ago(5)), "The next review must be after the date reviewed"),
        ("plan-reviews", _date("next_review_on", _days_ago(1)), "The next review must be after the date reviewed"),
        ("notes", {"noted_on-day": "", "noted_on-month": "", "noted_on-year": ""}, "Enter the date of the note"),
        ("notes", {"noted_on-year": "2009"}, "Date must be after the young person's date of birth"),
        ("notes", {"noted_on-year": FUTURE_YEAR}, "Date must be today or in the past"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(
    client, practitioner, young_person, db_session, kind, changes, message
):
    response = _post(client, young_person, kind, {**_valid(kind), **changes})
    assert response.status_code == 200
    summary = response.soup.select_one(".govuk-error-summary")
    link = summary.find("a", string=lambda text: text and message in text)
    assert link is not None, summary.get_text()
    assert response.soup.select_one(link["href"]) is not None, "the summary links to the field"
    name, attribute = KEPT[kind]
    field = response.soup.select_one(f"#{name}")
    assert (field[attribute] if attribute else field.get_text()) == changes.get(name, _valid(kind)[name])
    assert db_session.scalars(select(MODELS[kind])).all() == []


def test_everything_typed_is_kept(client, practitioner, young_person):
    response = _post(client, young_person, "episodes", {**_valid("episodes"), "reported_time": "25:00"})
    assert response.soup.select_one("#reported_time")["value"] == "25:00"
    assert response.soup.select_one("#findings").get_text() == "Went to a party\nMet the men online"
    assert response.soup.select_one("input[name=missing_from][value=care]").has_attr("checked")
    response = _post(client, young_person, "notes", {**_valid("notes"), "text": ""})
    assert "Enter the note" in response.soup.select_one(".govuk-error-summary").get_text()


@pytest.mark.parametrize(
    ("interview", "done_after_hours", "returned_hours_ago", "status"),
    [
        ("done", 10, 100, "Done in time"),
        ("done", 80, 100, "Done late"),
        ("offered", None, 100, "Overdue"),
        ("not-offered", None, 73, "Overdue"),
        ("declined", None, 100, "Declined"),
        ("not-known", None, 100, "Not recorded"),
        ("offered", None, 10, "Not done yet"),
    ],
)
def test_the_72_hour_clock(client, practitioner, young_person, interview, done_after_hours, returned_hours_ago, status):
    returned = utcnow() - timedelta(hours=returned_hours_ago)
    episode = _add_episode(
        young_person,
        practitioner,
        reported_at=returned - timedelta(hours=5),
        returned_at=returned,
        return_interview=interview,
        return_interview_at=returned + timedelta(hours=done_after_hours) if done_after_hours else None,
    )
    item = _timeline(client, young_person).soup.select_one(f"#episode-{episode.id}")
    text = item.get_text(" ", strip=True)
    assert f"Return home interview due by {uk_datetime(returned + timedelta(hours=72))}" in text
    assert [tag.get_text(strip=True) for tag in item.select(".govuk-tag")] == [status]


def test_the_timeline_is_newest_first_with_screenings(client, practitioner, young_person, make, db_session):
    _post(client, young_person, "notes", {**_valid("notes"), **_date("noted_on", _days_ago(10))})
    _post(client, young_person, "incidents", _valid("incidents"))
    older = _add_episode(young_person, practitioner, reported_at=utcnow() - timedelta(days=30))
    screening = make.screening(young_person, practitioner)
    page = _timeline(client, young_person)
    assert [li["data-kind"] for li in page.soup.select("li[data-kind]")] == ["screening", "incident", "note", "episode"]
    assert page.soup.select_one("li[data-kind]:last-child")["id"] == f"episode-{older.id}"
    shown = page.soup.select_one("li[data-kind=screening]")
    assert shown.find("a", href=f"/screenings/{screening.id}") is not None
    assert f"(version {screening.questionnaire_version})" in shown.get_text() and "Dana Okafor" in shown.get_text()


def test_drafts_are_not_on_the_timeline(client, practitioner, young_person, make):
    make.screening(young_person, practitioner, submit=False)
    assert _timeline(client, young_person).soup.select("li[data-kind]") == []


@pytest.fixture
def two_agencies(client, practitioner, young_person, make):
    """A note by the police practitioner and an incident by a health practitioner."""
    _post(client, young_person, "notes", _valid("notes"))
    nurse = make.user(agency="health", authorities=[young_person.responsible_authority], full_name="Nina Nurse")
    make.incident(young_person, nurse, days_ago=2, incident_type="other", incident_label="Other incident")


@pytest.mark.parametrize(
    ("query", "kinds"),
    [
        ("", ["note", "incident"]),
        ("?kind=note", ["note"]),
        ("?kind=incident&agency=", ["incident"]),
        ("?agency=health", ["incident"]),
        ("?agency=police&kind=incident", []),
        ("?kind=nonsense&agency=nonsense", ["note", "incident"]),
    ],
)
def test_filters_by_kind_and_agency(client, two_agencies, young_person, query, kinds):
    page = _timeline(client, young_person, query)
    assert [li["data-kind"] for li in page.soup.select("li[data-kind]")] == kinds


def test_the_filter_keeps_its_choices(client, two_agencies, young_person):
    page = _timeline(client, young_person, "?agency=health")
    assert page.soup.select_one("#agency option[selected]")["value"] == "health"
    assert page.soup.find("a", string="Show everything") is not None


def test_viewing_the_chronology_is_audited(client, practitioner, young_person, db_session):
    _timeline(client, young_person)
    views = audit_actions(db_session, action="view", young_person_id=young_person.id)
    assert [e.details for e in views] == ['{"page":"chronology"}']


def test_the_timeline_links_to_every_form(client, practitioner, young_person):
    links = {a["href"] for a in _timeline(client, young_person).soup.select("a.govuk-button")}
    assert links == {f"/young-people/{young_person.id}/{path}" for path in PATHS[1:]}


def test_text_with_markup_is_shown_as_text(client, practitioner, young_person):
    _post(client, young_person, "notes", {**_valid("notes"), "text": "<script>alert(1)</script>"})
    page = _timeline(client, young_person)
    assert page.soup.find("script", string=lambda s: s and "alert(1)" in s) is None
    assert "<script>alert(1)</script>" in page.soup.select_one("li[data-kind=note]").get_text()


@pytest.mark.parametrize("path", PATHS)
def test_another_authoritys_police_get_not_found(client, make, young_person, db_session, path):
    elsewhere = make.user(agency="police", authorities=[make.authority("luton", "Luton")])
    sign_in(client, elsewhere)
    url = f"/young-people/{young_person.id}/{path}"
    assert client.get(url).status_code == 404
    if path != "chronology":
        kind = path.removesuffix("/new")
        assert client.post(url, data=_valid(kind)).status_code == 404
        assert db_session.scalars(select(MODELS[kind])).all() == []
    refused = audit_actions(db_session, action="access-denied", young_person_id=young_person.id)
    assert refused and {(e.outcome, e.actor_user_id) for e in refused} == {("denied", elsewhere.id)}


@pytest.mark.parametrize("path", PATHS)
def test_administrators_are_refused(client, make, authority, young_person, path):
    sign_in(client, make.user(role=Role.ADMINISTRATOR, agency="social-care", authorities=[authority]))
    assert client.get(f"/young-people/{young_person.id}/{path}").status_code == 403


def test_an_episode_can_be_corrected_and_a_stale_correction_is_refused(client, practitioner, young_person, db_session):
    _post(client, young_person, "episodes", _valid("episodes"))
    episode = db_session.scalars(select(MissingEpisode)).one()
    url = f"/young-people/{young_person.id}/episodes/{episode.id}/edit"
    page = client.get(url)
    assert page.soup.h1.get_text(strip=True) == "Correct a missing episode"
    assert page.soup.select_one("#reported_time")["value"] == "14:30"
    form = {**_valid("episodes"), "version": "1", "police_classification": "absent"}
    assert client.post(url, data=form).status_code == 302
    db_session.refresh(episode)
    assert (episode.police_classification, episode.classified_low, episode.version) == ("absent", True, 2)
    stale = client.post(url, data={**form, "found_location": "Somewhere else"})
    assert stale.status_code == 409
    assert stale.soup.select_one("#conflict") is not None
    assert [e.outcome for e in audit_actions(db_session, action="update", object_type="missing_episode")] == [
        "success",
        "conflict",
    ]


def test_correcting_one_episode_is_not_refused_as_a_duplicate_of_itself(client, practitioner, young_person, db_session):
    _post(client, young_person, "episodes", _valid("episodes"))
    episode = db_session.scalars(select(MissingEpisode)).one()
    duplicate = _post(client, young_person, "episodes", _valid("episodes"))
    assert "already recorded" in duplicate.soup.select_one(".govuk-error-summary").get_text()
    url = f"/young-people/{young_person.id}/episodes/{episode.id}/edit"
    client.get(url)
    assert client.post(url, data={**_valid("episodes"), "version": "1", "vehicle": "Blue van"}).status_code == 302


@pytest.mark.parametrize(
    ("reported", "returned", "interviewed"),
    [("2.30pm", "9.15am", "4pm"), ("2:30 PM", "09:15", "4 p.m."), ("1430", "0915hrs", "16.00")],
)
def test_times_are_typed_as_people_write_them(
    client, practitioner, young_person, db_session, reported, returned, interviewed
):
    data = {**_valid("episodes"), "reported_time": reported, "returned_time": returned, "interview_time": interviewed}
    assert _post(client, young_person, "episodes", data).status_code == 302
    episode = db_session.scalars(select(MissingEpisode)).one()
    typed = [to_uk(at) for at in (episode.reported_at, episode.returned_at, episode.return_interview_at)]
    assert [(at.hour, at.minute) for at in typed] == [(14, 30), (9, 15), (16, 0)]
    incident = {**_valid("incidents"), "occurred_time": "11.10pm"}
    assert _post(client, young_person, "incidents", incident).status_code == 302
    occurred = to_uk(db_session.scalars(select(Incident)).one().occurred_at)
    assert (occurred.hour, occurred.minute) == (23, 10)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reported_on-year": FUTURE_YEAR}, "reported_on", "Date reported missing must be today or in the past"),
        ({"returned_on-year": FUTURE_YEAR}, "returned_on", "Date returned must be today or in the past"),
        (
            {"interview_on-year": FUTURE_YEAR},
            "interview_on",
            "Date of the return home interview must be today or in the past",
        ),
        ({"reported_on-year": "2009"}, "reported_on", "Date reported missing must be after the young person's date"),
    ],
)
def test_a_date_out_of_range_gets_one_message(client, practitioner, young_person, changes, field, message):
    response = _post(client, young_person, "episodes", {**_valid("episodes"), **changes})
    links = response.soup.select(".govuk-error-summary a")
    assert [(link["href"], link.get_text(strip=True)[: len(message)]) for link in links] == [(f"#{field}", message)]
    assert len(response.soup.select(".govuk-error-message")) == 1


def test_an_incident_dated_next_year_gets_one_message(client, practitioner, young_person):
    response = _post(client, young_person, "incidents", {**_valid("incidents"), "occurred_on-year": FUTURE_YEAR})
    links = response.soup.select(".govuk-error-summary a")
    assert [link.get_text(strip=True) for link in links] == ["Date of the incident must be today or in the past"]


def test_a_new_episode_has_no_answer_chosen_for_the_user(client, practitioner, young_person):
    page = client.get(f"/young-people/{young_person.id}/episodes/new")
    assert page.soup.select("input[type=radio][checked]") == []
    for name in ("police_risk_grade", "out_of_area"):
        assert page.soup.select(f"input[type=radio][name={name}]"), name


def test_correcting_an_episode_shows_the_answers_saved(client, practitioner, young_person, db_session):
    data = {**_valid("episodes"), "police_risk_grade": "not-graded", "out_of_area": "no"}
    _post(client, young_person, "episodes", data)
    episode = db_session.scalars(select(MissingEpisode)).one()
    assert (episode.police_risk_grade, episode.police_risk_grade_label, episode.out_of_area) == ("", "", "no")
    page = client.get(f"/young-people/{young_person.id}/episodes/{episode.id}/edit")
    checked = {(radio["name"], radio["value"]) for radio in page.soup.select("input[type=radio][checked]")}
    assert {("police_risk_grade", "not-graded"), ("out_of_area", "no"), ("missing_from", "care")} <= checked


def test_the_timeline_says_its_times_are_uk_time(client, practitioner, young_person):
    intro = _timeline(client, young_person).soup.find("p", string=lambda text: text and "newest first" in text)
    assert "Times are UK time." in intro.get_text() and "UTC" not in intro.get_text()


def test_meetings_about_the_young_person_are_on_the_chronology_and_can_be_chosen(client, make, area, practitioner):
    person = make.young_person(area, first_name="Ruby", last_name="Ashcombe")
    make.episode(person, practitioner, days_ago=20)
    meeting = make.meeting(area, practitioner, [person], days_ago=5, chair="Pat Chair")
    other = make.young_person(area, first_name="Mia", last_name="Elsewhere")
    make.meeting(area, practitioner, [other], days_ago=3, chair="Not Ruby's")

    page = client.get(f"/young-people/{person.id}/chronology")
    items = page.soup.select(".app-timeline__item")
    assert [item["data-kind"] for item in items] == ["meeting", "episode"], "newest first"
    text = " ".join(items[0].get_text(" ", strip=True).split())
    assert "Strategy meeting" in text and "Chaired by Pat Chair." in text and "Not Ruby's" not in page.text
    assert items[0].select_one("a")["href"] == f"/meetings/{meeting.id}"
    only_meetings = client.get(f"/young-people/{person.id}/chronology?kind=meeting").soup
    assert [item["data-kind"] for item in only_meetings.select(".app-timeline__item")] == ["meeting"]
