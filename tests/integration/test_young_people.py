"""Creating, finding, viewing and changing a young person's record."""

import json

import pytest

from riskapp.models import YoungPerson
from riskapp.reference import Role
from tests.helpers import audit_actions, sign_in

VALID = {
    "version": "1",
    "first_name": "Jayden",
    "last_name": "Marrowby",
    "preferred_name": "",
    "aliases": "JD\nJ-Money",
    "date_of_birth-day": "19",
    "date_of_birth-month": "8",
    "date_of_birth-year": "2009",
    "sex": "male",
    "gender_identity": "",
    "sexual_orientation": "Gay (his words)",
    "ethnicity": "black-african",
    "learning_disability": "no",
    "disability_details": "",
    "legal_status": "child-in-need",
    "placement": "Sofa surfing",
    "school": "",
    "local_id": "LCS-1234",
    "nhs_number": "943 476 5919",
}


@pytest.fixture
def authority(area):
    """The shared ``area``, by the name these tests give it."""
    return area


@pytest.fixture
def practitioner(make, authority, client):
    """Not the shared one: a police practitioner (the audit entries name the agency)."""
    user = make.user(role=Role.PRACTITIONER, agency="police", authorities=[authority])
    sign_in(client, user)
    return user


def _form(authority, **changes):
    return {**VALID, "responsible_authority_id": str(authority.id), **changes}


def _created(db_session, last_name="Marrowby"):
    return db_session.scalars(db_session.query(YoungPerson).filter_by(last_name=last_name).statement).one()


def test_create_a_young_person(client, practitioner, authority, db_session):
    client.get("/young-people/new")
    response = client.post("/young-people/new", data=_form(authority))
    assert response.status_code == 302
    young_person = _created(db_session)
    assert young_person.nhs_number == "9434765919"
    assert young_person.alias_list == ["JD", "J-Money"]
    assert young_person.created_by_id == practitioner.id
    page = client.get(response.headers["Location"])
    assert page.soup.h1.get_text(strip=True) == "Jayden Marrowby"
    assert "Record created." in page.soup.select_one(".govuk-notification-banner").get_text()
    created = audit_actions(db_session, action="create", object_type="young_person")
    assert [(e.actor_user_id, e.authority_id, e.young_person_id) for e in created] == [
        (practitioner.id, authority.id, young_person.id)
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"last_name": ""}, "last_name", "Enter the young person's last name"),
        ({"date_of_birth-month": ""}, "date_of_birth", "Date of birth must include a month"),
        ({"date_of_birth-day": "30", "date_of_birth-month": "2"}, "date_of_birth", "Date of birth must be a real date"),
        ({"date_of_birth-year": "2099"}, "date_of_birth", "Date of birth must be today or in the past"),
        ({"date_of_birth-year": "1970"}, "date_of_birth", "within the last 26 years"),
        ({"nhs_number": "943 476 5918"}, "nhs_number", "fails the check digit"),
        ({"nhs_number": "12345"}, "nhs_number", "NHS number must be 10 digits"),
        ({"first_name": "Jay\u202eden"}, "first_name", "must not contain hidden control characters"),
        ({"first_name": "Jay\x00den"}, "first_name", "must not contain hidden control characters"),
        ({"sex": "catastrophic"}, "sex", "Not a valid choice"),
        (
            {"learning_disability": ""},
            "learning_disability",
            "Select whether the young person has a learning disability or difficulty",
        ),
        ({"legal_status": ""}, "legal_status", "Select the young person's legal status"),
        ({"first_name": "x" * 101}, "first_name", "100 characters or fewer"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(
    client, practitioner, authority, db_session, changes, field, message
):
    client.get("/young-people/new")
    response = client.post("/young-people/new", data=_form(authority, **changes))
    assert response.status_code == 200
    summary = response.soup.select_one(".govuk-error-summary")
    link = summary.find("a", string=lambda text: text and message in text)
    assert link is not None, summary.get_text()
    assert response.soup.select_one(link["href"]) is not None, "the summary links to the field"
    assert response.soup.select_one("#placement")["value"] == "Sofa surfing"
    assert response.soup.select_one("#aliases").get_text() == "JD\nJ-Money"
    assert response.soup.select_one("input[name=date_of_birth-year]")["value"] == changes.get(
        "date_of_birth-year", "2009"
    )
    assert db_session.query(YoungPerson).count() == 0


def test_a_new_record_has_no_answer_chosen_for_the_user(client, practitioner, authority, make):
    """Only the responsible authority is chosen, when the practitioner's one authority is the only
    possible answer."""
    make.authority("luton", "Luton")  # not the practitioner's: not offered
    page = client.get("/young-people/new")
    checked = [(radio["name"], radio["value"]) for radio in page.soup.select("input[type=radio][checked]")]
    assert checked == [("responsible_authority_id", str(authority.id))]
    for name in ("sex", "learning_disability", "legal_status"):
        assert page.soup.select(f"input[type=radio][name={name}]"), name


def test_cannot_create_a_record_in_another_authority(client, practitioner, authority, make, db_session):
    elsewhere = make.authority("luton", "Luton")
    client.get("/young-people/new")
    response = client.post("/young-people/new", data=_form(authority, responsible_authority_id=str(elsewhere.id)))
    assert response.status_code == 200
    assert "Not a valid choice" in response.soup.select_one(".govuk-error-summary").get_text()
    assert db_session.query(YoungPerson).count() == 0


def test_extra_posted_fields_are_ignored(client, practitioner, authority, db_session):
    client.get("/young-people/new")
    client.post("/young-people/new", data=_form(authority, is_demo="1", created_by_id="999", id="1"))
    young_person = _created(db_session)
    assert young_person.is_demo is False
    assert young_person.created_by_id == practitioner.id


def test_names_with_markup_are_shown_as_text(client, practitioner, authority, db_session):
    client.get("/young-people/new")
    client.post("/young-people/new", data=_form(authority, first_name='"><script>alert(1)</script>'))
    young_person = db_session.query(YoungPerson).one()
    page = client.get(f"/young-people/{young_person.id}")
    assert page.soup.find("script", string=lambda s: s and "alert(1)" in s) is None
    assert '"><script>alert(1)</script> Marrowby' in page.soup.h1.get_text()


@pytest.fixture
def three_young_people(make, authority):
    other = make.authority("luton", "Luton")
    return {
        "kayla": make.young_person(authority, first_name="Kayla", last_name="Brightwater", aliases="KB\nkaykay_x"),
        "tyler": make.young_person(
            authority, first_name="Tyler", last_name="Oak_hollow", local_id="LCS-77", nhs_number="9434765919"
        ),
        "elsewhere": make.young_person(other, first_name="Kayla", last_name="Castellan"),
    }


def _search(client, **fields):
    client.get("/young-people/")
    data = {"name": "", "local_id": "", "nhs_number": "", **fields}
    response = client.post("/young-people/", data=data)
    assert response.status_code == 200
    return [a.get_text(strip=True) for a in response.soup.select("tbody a")]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"name": "kayla"}, ["Brightwater, Kayla"]),
        ({"name": "kaykay"}, ["Brightwater, Kayla"]),
        ({"name": "Kayla Bright"}, ["Brightwater, Kayla"]),
        ({"local_id": "lcs-77"}, ["Oak_hollow, Tyler"]),
        ({"nhs_number": "943 476 5919"}, ["Oak_hollow, Tyler"]),
        (
            {"date_of_birth-day": "1", "date_of_birth-month": "1", "date_of_birth-year": "2010"},
            ["Brightwater, Kayla", "Oak_hollow, Tyler"],
        ),
        ({"name": "%"}, []),
        ({"name": "oa__hollow"}, []),
        ({"name": "k_hollow"}, ["Oak_hollow, Tyler"]),
        ({"name": "' OR 1=1--"}, []),
        ({"name": "Castellan"}, []),
    ],
)
def test_find_a_young_person_in_your_authorities_only(client, practitioner, three_young_people, fields, expected):
    assert _search(client, **fields) == expected


def test_search_terms_stay_out_of_urls_and_the_audit_trail(client, practitioner, three_young_people, db_session):
    _search(client, name="Brightwater")
    entry = audit_actions(db_session, action="search")[-1]
    assert json.loads(entry.details) == {"fields": ["name"]}
    assert "Brightwater" not in entry.details


def test_list_shows_only_your_authorities(client, practitioner, three_young_people):
    names = [a.get_text(strip=True) for a in client.get("/young-people/").soup.select("tbody a")]
    assert names == ["Brightwater, Kayla", "Oak_hollow, Tyler"]


def test_viewing_a_record_is_audited(client, practitioner, three_young_people, db_session):
    kayla = three_young_people["kayla"]
    page = client.get(f"/young-people/{kayla.id}")
    assert page.status_code == 200
    assert "KB, kaykay_x" in page.soup.get_text()
    views = audit_actions(db_session, action="view", young_person_id=kayla.id)
    assert [(v.actor_user_id, v.actor_agency, v.authority_id) for v in views] == [
        (practitioner.id, "police", kayla.responsible_authority_id)
    ]


def test_json_export_is_an_audited_attachment(client, practitioner, three_young_people, db_session):
    kayla = three_young_people["kayla"]
    response = client.get(f"/young-people/{kayla.id}/record.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="young-person-{kayla.id}.json"'
    assert response.headers["Cache-Control"].startswith("no-store")
    assert response.json["aliases"] == ["KB", "kaykay_x"]
    assert [e.details for e in audit_actions(db_session, action="export")] == ['{"format":"json"}']


def _edit_form(page):
    return (
        {
            field["name"]: field.get("value", "")
            for field in page.soup.select("form input[name]")
            if field.get("type") not in ("radio", "checkbox", "submit")
        }
        | {radio["name"]: radio["value"] for radio in page.soup.select("form input[type=radio][checked]")}
        | {area["name"]: area.get_text() for area in page.soup.select("form textarea")}
        | {"ethnicity": (page.soup.select_one("#ethnicity option[selected]") or {"value": ""})["value"]}
    )


def test_change_a_record_and_see_before_and_after_in_the_audit_trail(
    client, practitioner, three_young_people, db_session
):
    kayla = three_young_people["kayla"]
    page = client.get(f"/young-people/{kayla.id}/edit")
    data = _edit_form(page) | {"placement": "Foster placement", "legal_status": "looked-after"}
    response = client.post(f"/young-people/{kayla.id}/edit", data=data)
    assert response.status_code == 302
    db_session.refresh(kayla)
    assert (kayla.placement, kayla.legal_status, kayla.version) == ("Foster placement", "looked-after", 2)
    update = audit_actions(db_session, action="update", object_id=str(kayla.id))[-1]
    assert json.loads(update.details) == {
        "version": 2,
        "changes": {"placement": ["", "Foster placement"], "legal_status": ["not-known", "looked-after"]},
    }


def test_a_stale_save_is_refused_and_shows_what_changed(client, practitioner, three_young_people, make, db_session):
    kayla = three_young_people["kayla"]
    colleague = make.user(role=Role.PRACTITIONER, authorities=list(practitioner.authorities), email="col@example.org")
    mine = _edit_form(client.get(f"/young-people/{kayla.id}/edit"))

    other = client.application.test_client()
    sign_in(other, colleague)
    theirs = _edit_form(other.get(f"/young-people/{kayla.id}/edit")) | {"school": "Fernsby Academy"}
    assert other.post(f"/young-people/{kayla.id}/edit", data=theirs).status_code == 302

    response = client.post(f"/young-people/{kayla.id}/edit", data=mine | {"school": "Ouseview School"})
    assert response.status_code == 409
    conflict = response.soup.select_one("#conflict")
    assert "col@example.org" in conflict.get_text() and "School, college or education setting" in conflict.get_text()
    row = conflict.find("th", string="School, college or education setting").parent
    assert [cell.get_text(strip=True) for cell in row.select("td")] == ["Fernsby Academy", "Ouseview School"]
    # What the user typed is still there, and the form now carries the new version.
    assert response.soup.select_one("#school")["value"] == "Ouseview School"
    assert response.soup.select_one("input[name=version]")["value"] == "2"
    db_session.refresh(kayla)
    assert (kayla.school, kayla.version) == ("Fernsby Academy", 2)
    assert [e.outcome for e in audit_actions(db_session, action="update", object_id=str(kayla.id))] == [
        "success",
        "conflict",
    ]

    # Saving again is now a deliberate choice, made with the new version.
    resubmit = {**mine, "school": "Ouseview School", "version": "2"}
    assert client.post(f"/young-people/{kayla.id}/edit", data=resubmit).status_code == 302
    db_session.refresh(kayla)
    assert (kayla.school, kayla.version) == ("Ouseview School", 3)


def test_add_and_remove_a_professional(client, practitioner, three_young_people, db_session):
    from riskapp.data.organisations import get_agency_by_slug

    kayla = three_young_people["kayla"]
    health = get_agency_by_slug("health")
    client.get(f"/young-people/{kayla.id}")
    missing = client.post(f"/young-people/{kayla.id}/professionals", data={"name": "", "agency_id": "0"})
    assert missing.status_code == 200
    assert "Enter the professional's name" in missing.soup.select_one(".govuk-error-summary").get_text()

    data = {"name": "Sam Nurse", "job_title": "School nurse", "agency_id": str(health.id), "contact": "01234 567890"}
    assert client.post(f"/young-people/{kayla.id}/professionals", data=data).status_code == 302
    page = client.get(f"/young-people/{kayla.id}")
    row = page.soup.select_one("#professionals + table tbody tr")
    assert [c.get_text(strip=True) for c in row.select("td")][:4] == [
        "Sam Nurse",
        "School nurse",
        "Health",
        "01234 567890",
    ]

    remove_url = row.select_one("a")["href"]
    assert client.get(remove_url).status_code == 200
    assert client.post(remove_url, data={}).status_code == 302
    assert client.get(f"/young-people/{kayla.id}").soup.select_one("#professionals + table") is None
    assert [e.action for e in audit_actions(db_session, object_type="professional_involvement")] == ["create", "delete"]
