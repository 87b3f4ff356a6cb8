"""The audit trail names people and records in words (issue 11, item 5): the actor's name, role and
agency rather than an id or an e-mail address; the young person's name only for a reader who may
open that record now; e-mail addresses for administrators alone; a fixed number of queries a page."""

import pytest

from riskapp import audit
from riskapp.reference import Role
from tests.helpers import rows_and_queries, sign_in


@pytest.fixture
def team(make):
    own, other = make.authority("own-area", "Own"), make.authority("other-area", "Other")
    return {
        "own": own,
        "other": other,
        "manager": make.user(role=Role.MANAGER, authorities=[own], full_name="Maya Manager"),
        "admin": make.user(
            role=Role.ADMINISTRATOR, authorities=[own], full_name="Ada Admin", email="ada.admin@example.org"
        ),
        "officer": make.user(
            role=Role.PRACTITIONER, agency="police", authorities=[own], full_name="Pat Police", email="pat@example.org"
        ),
        "record": make.young_person(own, first_name="Ruby", last_name="Ashgrove"),
    }


def _rows(page) -> list[dict]:
    headers = [th.get_text(" ", strip=True) for th in page.soup.select("thead th")]
    return [
        dict(zip(headers, (td.get_text(" ", strip=True) for td in row.select("td")), strict=True))
        for row in page.soup.select("tbody tr")
    ]


def _officer_views(client, team, person) -> None:
    officer = client.application.test_client()
    sign_in(officer, team["officer"])
    assert officer.get(f"/young-people/{person.id}").status_code == 200


def test_a_manager_reads_names_agencies_and_the_young_persons_name(client, team):
    _officer_views(client, team, team["record"])
    sign_in(client, team["manager"])
    rows = _rows(client.get("/audit"))
    viewed = [r for r in rows if r["Action"] == "view" and r["Who"].startswith("Pat Police")]
    assert viewed and viewed[0]["Who"] == "Pat Police Practitioner, Police"
    assert viewed[0]["Record"] == "Young person's record: Ruby Ashgrove"
    assert not any("@" in r["Who"] for r in rows), "no e-mail addresses for a manager"
    sign_ins = [r for r in rows if r["Action"] == "sign-in" and r["Who"].startswith("Maya Manager")]
    assert sign_ins and sign_ins[0]["Who"] == "Maya Manager Manager, Children's social care"


def test_who_has_viewed_a_record_names_people_not_addresses(client, team):
    _officer_views(client, team, team["record"])
    sign_in(client, team["manager"])
    page = client.get(f"/young-people/{team['record'].id}/access-log")
    rows = _rows(page)
    assert any(r["Who"] == "Pat Police Practitioner, Police" and r["Action"] == "view" for r in rows)
    assert "pat@example.org" not in page.soup.select_one("main").get_text()


def test_a_reader_never_sees_the_name_of_a_young_person_they_cannot_open(client, team, db_session):
    _officer_views(client, team, team["record"])
    team["record"].responsible_authority_id = team["other"].id  # moved on: the old entries stay ours
    db_session.flush()
    sign_in(client, team["manager"])
    page = client.get("/audit")
    viewed = [r for r in _rows(page) if r["Action"] == "view" and r["Who"].startswith("Pat Police")]
    assert viewed and viewed[0]["Record"] == "Young person's record"
    assert "Ruby" not in page.soup.select_one("main").get_text() and "Ashgrove" not in page.text


def test_an_administrator_sees_addresses_but_never_a_young_persons_name(client, team):
    _officer_views(client, team, team["record"])
    sign_in(client, team["admin"])
    page = client.get("/audit")
    rows = _rows(page)
    viewed = [r for r in rows if r["Action"] == "view" and r["Who"].startswith("Pat Police")]
    assert viewed and "pat@example.org" in viewed[0]["Who"], "administrators manage the accounts"
    assert viewed[0]["Record"] == "Young person's record"
    assert "Ruby" not in page.text and "Ashgrove" not in page.text


def test_the_audit_trail_makes_as_many_queries_for_many_people_as_for_one(client, make, team, db_session):
    def audit_page() -> tuple[int, int]:
        return rows_and_queries(client, "/audit", "tbody tr")

    _officer_views(client, team, team["record"])
    sign_in(client, team["manager"])
    few = audit_page()
    for n in range(4):
        person = make.young_person(team["own"], last_name=f"Oakhollow{n}")
        actor = make.user(role=Role.PRACTITIONER, agency="health", authorities=[team["own"]], full_name=f"Nurse {n}")
        audit.record("view", actor=actor, object_type="young_person", object_id=person.id, **audit.about(person))
    db_session.flush()
    many = audit_page()
    assert many[0] > few[0] + 4
    assert many[1] == few[1], "a fixed number of queries whatever the page holds"
