"""Sign-in, sign-out, session lifetime and throttling, as a user (or an attacker) meets them."""

from datetime import timedelta

import pytest
import time_machine

from riskapp.auth import passwords
from riskapp.reference import Role
from riskapp.timeutil import utcnow
from tests.factories import PASSWORD
from tests.helpers import audit_actions, sign_in

ERROR = "Enter a correct email address and password"


@pytest.fixture
def practitioner(make):
    """Not the shared one: not signed in, since signing in is what these tests do."""
    return make.user(role=Role.PRACTITIONER, email="pat.practitioner@example.org")


def _attempt(client, email, password):
    client.get("/sign-in")
    return client.post("/sign-in", data={"email": email, "password": password})


def test_sign_in_goes_to_the_young_people_list_and_is_audited(client, practitioner, db_session):
    response = _attempt(client, practitioner.email, PASSWORD)
    assert response.status_code == 302
    assert client.get("/", follow_redirects=True).soup.h1.get_text(strip=True) == "Caseload"
    entries = audit_actions(db_session, action="sign-in")
    assert [(e.outcome, e.actor_email, e.actor_role, e.actor_agency) for e in entries] == [
        ("success", practitioner.email, "practitioner", "social-care")
    ]


def test_email_is_not_case_sensitive_but_the_password_is(client, practitioner):
    assert _attempt(client, "Pat.Practitioner@EXAMPLE.org", PASSWORD.upper()).status_code == 200
    assert _attempt(client, "Pat.Practitioner@EXAMPLE.org", PASSWORD).status_code == 302


def test_wrong_password_and_unknown_account_look_the_same(client, practitioner, monkeypatch):
    calls = []
    original = passwords.burn_equal_time
    monkeypatch.setattr(passwords, "burn_equal_time", lambda pw: calls.append(pw) or original(pw))

    wrong = _attempt(client, practitioner.email, "not the password at all")
    unknown = _attempt(client, "nobody.here@example.org", "not the password at all")

    assert wrong.status_code == unknown.status_code == 200
    for response in (wrong, unknown):
        summary = response.soup.select_one(".govuk-error-summary")
        assert ERROR in summary.get_text()
        assert response.soup.title.get_text().startswith("Error: Sign in")
    # The unknown account still costs a full password hash, so timing does not give it away.
    assert calls == ["not the password at all"]


def test_failed_sign_in_is_audited_without_the_typed_email(client, practitioner, db_session):
    _attempt(client, "someone.else@example.org", "a password typed into the wrong box")
    entry = audit_actions(db_session, action="sign-in")[-1]
    assert entry.outcome == "failure"
    assert "someone.else" not in entry.details
    assert "a password typed" not in entry.details


@pytest.mark.parametrize("email", ["pat.practitioner@example.org", "no.such.person@example.org"])
def test_repeated_failures_lock_the_account_for_a_while(client, practitioner, app, email, db_session):
    limit = app.config["SIGN_IN_MAX_FAILURES"]
    statuses = [_attempt(client, email, f"wrong guess {n}").status_code for n in range(limit)]
    assert statuses == [200] * (limit - 1) + [429]
    # Even the right password is refused while locked, with the same page for both.
    locked = _attempt(client, email, PASSWORD)
    assert locked.status_code == 429
    assert locked.soup.h1.get_text(strip=True) == "Too many attempts to sign in"
    assert [e.outcome for e in audit_actions(db_session, action="sign-in")][-1] == "throttled"

    with time_machine.travel(utcnow() + app.config["SIGN_IN_LOCKOUT"] + timedelta(seconds=1)):
        expected = 302 if email == practitioner.email else 200
        assert _attempt(client, email, PASSWORD).status_code == expected


def test_a_successful_sign_in_clears_earlier_failures(client, practitioner, app):
    for n in range(app.config["SIGN_IN_MAX_FAILURES"] - 1):
        _attempt(client, practitioner.email, f"wrong {n}")
    sign_in(client, practitioner)
    assert client.post("/sign-out", data={}).status_code == 302
    assert _attempt(client, practitioner.email, "wrong again").status_code == 200


def test_session_is_renewed_at_sign_in(client, practitioner, app):
    client.get("/sign-in")
    before = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    sign_in(client, practitioner)
    after = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert before != after
    # Replaying the cookie from before sign-in does not give a signed-in session.
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], before)
    response = client.get("/young-people/")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_a_copied_cookie_stops_working_after_sign_out(client, practitioner, app, db_session):
    sign_in(client, practitioner)
    copied = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    response = client.post("/sign-out", data={})
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], copied)
    assert client.get("/young-people/").status_code == 302
    assert [e.action for e in audit_actions(db_session, actor_user_id=practitioner.id)][-1] == "sign-out"


def test_sign_out_needs_a_post_with_a_csrf_token(client, practitioner):
    sign_in(client, practitioner)
    assert client.get("/sign-out").status_code == 405
    client.auto_csrf = False
    assert client.post("/sign-out", data={}).status_code == 400
    client.auto_csrf = True
    assert client.get("/young-people/").status_code == 200


def test_idle_session_ends_with_an_explanation(client, practitioner, app):
    sign_in(client, practitioner)
    idle = app.config["SESSION_IDLE_TIMEOUT"]
    with time_machine.travel(utcnow() + idle - timedelta(minutes=1)):
        assert client.get("/young-people/").status_code == 200
    with time_machine.travel(utcnow() + 2 * idle):
        response = client.get("/young-people/")
        assert response.status_code == 302
        page = client.get(response.headers["Location"])
        assert "had not done anything for a while" in page.soup.select_one(".govuk-notification-banner").get_text()
        assert page.soup.select_one("input[name=email]") is not None


def test_a_session_in_use_is_marked_seen_at_most_once_a_minute_and_so_stays_signed_in(
    client, practitioner, app, db_session
):
    """Reading pages writes the session's last-seen time only when it is a minute old, so a busy
    reader does not write on every page, yet someone working steadily is never timed out."""
    from riskapp.models import UserSession

    sign_in(client, practitioner)
    row = db_session.query(UserSession).filter_by(user_id=practitioner.id, ended_at=None).one()
    start = utcnow()
    with time_machine.travel(start, tick=False) as traveller:
        client.get("/young-people/")
        db_session.refresh(row)
        first_seen = row.last_seen_at
        traveller.move_to(start + timedelta(seconds=30))
        assert client.get("/young-people/").status_code == 200
        db_session.refresh(row)
        assert row.last_seen_at == first_seen, "written again within the minute"
        idle = app.config["SESSION_IDLE_TIMEOUT"]
        traveller.move_to(start + idle - timedelta(minutes=2))
        assert client.get("/young-people/").status_code == 200
        db_session.refresh(row)
        assert row.last_seen_at > first_seen, "a minute or more on: written"
        traveller.move_to(start + 2 * idle - timedelta(minutes=4))
        assert client.get("/young-people/").status_code == 200, "still signed in: the last page counted"


def test_active_session_still_ends_at_the_absolute_limit(client, practitioner, app):
    sign_in(client, practitioner)
    step = app.config["SESSION_IDLE_TIMEOUT"] - timedelta(minutes=1)
    start = utcnow()
    moment = start
    with time_machine.travel(start, tick=False) as traveller:
        while moment - start < app.config["SESSION_ABSOLUTE_LIMIT"] - step:
            moment += step
            traveller.move_to(moment)
            assert client.get("/young-people/").status_code == 200
        traveller.move_to(start + app.config["SESSION_ABSOLUTE_LIMIT"] + timedelta(minutes=1))
        assert client.get("/young-people/").status_code == 302


def test_session_cookie_is_http_only_and_same_site(client, practitioner, app):
    client.get("/sign-in")
    response = client.post("/sign-in", data={"email": practitioner.email, "password": PASSWORD})
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 1, "one session cookie and no remember-me cookie"
    assert cookies[0].startswith(app.config["SESSION_COOKIE_NAME"] + "=")
    assert "HttpOnly" in cookies[0] and "SameSite=Lax" in cookies[0]


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "http:/evil.example"],
)
def test_sign_in_never_redirects_off_the_site(client, practitioner, next_url):
    client.get("/sign-in")
    response = client.post(f"/sign-in?next={next_url}", data={"email": practitioner.email, "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_sign_in_returns_to_the_page_asked_for(client, practitioner, make):
    young_person = make.young_person(practitioner.authorities[0])
    target = f"/young-people/{young_person.id}"
    response = client.get(target)
    assert response.status_code == 302
    client.get(response.headers["Location"])
    response = client.post(response.headers["Location"], data={"email": practitioner.email, "password": PASSWORD})
    assert response.headers["Location"] == target


def test_deactivated_user_is_signed_out_on_their_next_request(client, practitioner, make, db_session):
    administrator = make.user(role=Role.ADMINISTRATOR, authorities=list(practitioner.authorities))
    sign_in(client, practitioner)
    assert client.get("/young-people/").status_code == 200

    admin_client = client.application.test_client()
    sign_in(admin_client, administrator)
    admin_client.get(f"/admin/users/{practitioner.id}/deactivate")
    assert admin_client.post(f"/admin/users/{practitioner.id}/deactivate", data={}).status_code == 302

    response = client.get("/young-people/")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert _attempt(client, practitioner.email, PASSWORD).status_code == 200
