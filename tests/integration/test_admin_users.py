"""Administrators create, change, deactivate and reactivate accounts; new users choose a password."""

import json

import pytest

from riskapp.data.organisations import get_agency_by_slug
from riskapp.data.users import get_user_by_email
from riskapp.reference import Role
from tests.helpers import audit_actions, sign_in


@pytest.fixture
def areas(make):
    return make.authority("bedford", "Bedford Borough"), make.authority("luton", "Luton")


@pytest.fixture
def administrator(make, areas, client):
    user = make.user(role=Role.ADMINISTRATOR, authorities=list(areas))
    sign_in(client, user)
    return user


def _new_user_form(areas, **changes):
    return {
        "version": "1",
        "full_name": "Dana Nurse",
        "email": "Dana.Nurse@Example.org",
        "job_title": "Hospital safeguarding nurse",
        "agency_id": str(get_agency_by_slug("health").id),
        "role": "practitioner",
        "authority_ids": [str(areas[0].id)],
        **changes,
    }


def test_create_a_user_who_must_then_choose_a_password(client, administrator, areas, db_session):
    client.get("/admin/users/new")
    response = client.post("/admin/users/new", data=_new_user_form(areas))
    assert response.status_code == 200
    initial = response.soup.select_one("#initial-password").get_text()
    user = get_user_by_email("dana.nurse@example.org")
    assert (user.role, user.agency.slug, [a.slug for a in user.authorities]) == ("practitioner", "health", ["bedford"])
    assert user.must_change_password
    created = audit_actions(db_session, action="create", object_type="user")[-1]
    assert initial not in created.details

    newcomer = client.application.test_client()
    newcomer.get("/sign-in")
    assert newcomer.post("/sign-in", data={"email": user.email, "password": initial}).status_code == 302
    gate = newcomer.get("/young-people/")
    assert gate.status_code == 302 and gate.headers["Location"].endswith("/account/password")
    newcomer.get("/account/password")
    weak = newcomer.post("/account/password", data={"current_password": initial, "new_password": "Password1234567"})
    assert "too common" in weak.soup.select_one(".govuk-error-summary").get_text()
    chosen = "plum kettle orbit lantern"
    done = newcomer.post("/account/password", data={"current_password": initial, "new_password": chosen})
    assert done.status_code == 302
    assert newcomer.get("/young-people/").status_code == 200


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "not-an-email"}, "Enter an email address in the correct format"),
        ({"authority_ids": []}, "Select at least one local authority"),
        ({"role": ""}, "Select the person's role"),
        ({"full_name": ""}, "Enter the person's full name"),
    ],
)
def test_user_form_errors_keep_what_was_typed(client, administrator, areas, changes, message):
    client.get("/admin/users/new")
    response = client.post("/admin/users/new", data=_new_user_form(areas, **changes))
    assert message in response.soup.select_one(".govuk-error-summary").get_text()
    assert response.soup.select_one("#job_title")["value"] == "Hospital safeguarding nurse"


def test_duplicate_email_is_refused(client, administrator, areas, make):
    make.user(email="dana.nurse@example.org", authorities=[areas[0]])
    client.get("/admin/users/new")
    response = client.post("/admin/users/new", data=_new_user_form(areas))
    assert "already exists" in response.soup.select_one(".govuk-error-summary").get_text()


def test_change_a_users_role_and_authorities(client, administrator, areas, make, db_session):
    user = make.user(role=Role.PRACTITIONER, authorities=[areas[0]])
    page = client.get(f"/admin/users/{user.id}/edit")
    assert page.soup.select_one("input[name=role][checked]")["value"] == "practitioner"
    data = _new_user_form(
        areas, email=user.email, full_name=user.full_name, role="manager", authority_ids=[str(a.id) for a in areas]
    )
    assert client.post(f"/admin/users/{user.id}/edit", data=data).status_code == 302
    db_session.refresh(user)
    assert user.role == "manager"
    assert sorted(a.slug for a in user.authorities) == ["bedford", "luton"]
    changes = [json.loads(e.details)["changes"] for e in audit_actions(db_session, action="update", object_type="user")]
    assert changes[0]["role"] == ["practitioner", "manager"]
    assert changes[1]["authorities"] == [[areas[0].id], sorted(a.id for a in areas)]


def test_deactivate_ends_sessions_and_reactivate_restores_access(client, administrator, areas, make, db_session):
    user = make.user(authorities=[areas[0]])
    theirs = client.application.test_client()
    sign_in(theirs, user)
    client.get(f"/admin/users/{user.id}/deactivate")
    assert client.post(f"/admin/users/{user.id}/deactivate", data={}).status_code == 302
    assert theirs.get("/young-people/").status_code == 302
    entry = audit_actions(db_session, action="deactivate")[-1]
    assert json.loads(entry.details) == {"sessions_ended": 1}

    client.get("/admin/users")
    assert client.post(f"/admin/users/{user.id}/reactivate", data={}).status_code == 302
    sign_in(theirs, user)
    assert theirs.get("/young-people/").status_code == 200


def test_administrator_cannot_deactivate_themselves(client, administrator):
    client.get("/admin/users")
    client.post(f"/admin/users/{administrator.id}/deactivate", data={})
    assert client.get("/admin/users").status_code == 200


def test_changing_password_signs_out_other_sessions(client, make, areas):
    user = make.user(authorities=[areas[0]])
    other_browser = client.application.test_client()
    sign_in(other_browser, user)
    mine = client.application.test_client()
    sign_in(mine, user)
    mine.get("/account/password")
    response = mine.post(
        "/account/password",
        data={"current_password": "correct horse battery staple", "new_password": "violet harbour tundra spoon"},
    )
    assert response.status_code == 302
    assert mine.get("/young-people/").status_code == 200
    assert other_browser.get("/young-people/").status_code == 302


def test_a_forgotten_password_is_replaced_by_a_temporary_one(client, administrator, areas, make, db_session):
    user = make.user(authorities=[areas[0]])
    theirs = client.application.test_client()
    sign_in(theirs, user)
    client.get(f"/admin/users/{user.id}/reset-password")
    response = client.post(f"/admin/users/{user.id}/reset-password", data={})
    temporary = response.soup.select_one("#initial-password").get_text()
    assert theirs.get("/young-people/").status_code == 302, "their open session has ended"
    theirs.get("/sign-in")
    assert (
        theirs.post("/sign-in", data={"email": user.email, "password": "correct horse battery staple"}).status_code
        == 200
    )
    assert theirs.post("/sign-in", data={"email": user.email, "password": temporary}).status_code == 302
    assert theirs.get("/young-people/").headers["Location"].endswith("/account/password")
    entry = audit_actions(db_session, action="reset-password")[-1]
    assert temporary not in entry.details and entry.actor_user_id == administrator.id
