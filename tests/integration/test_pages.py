"""Every page a signed-in user can reach renders and passes the page checks (tests/html.py)."""

import pytest

from riskapp.reference import Role
from tests.helpers import sign_in


@pytest.mark.parametrize("role", list(Role))
def test_every_navigation_page_renders_for_each_role(client, make, role):
    authority = make.authority()
    young_person = make.young_person(authority)
    sign_in(client, make.user(role=role, authorities=[authority]))
    home = client.get("/", follow_redirects=True)
    links = [a["href"] for a in home.soup.select("nav[aria-label=Main] a")]
    assert links, "the main navigation lists what this role can do"
    for link in links:
        assert client.get(link).status_code == 200, link
    if role != Role.ADMINISTRATOR:
        record = client.get(f"/young-people/{young_person.id}")
        for link in record.soup.select(".app-record-actions a"):
            assert client.get(link["href"]).status_code == 200, link["href"]


def test_header_shows_the_user_agency_and_authority(client, make):
    authority = make.authority("luton", "Luton")
    user = make.user(role=Role.MANAGER, agency="health", authorities=[authority], full_name="Dana Nurse")
    sign_in(client, user)
    signed_in_as = client.get("/young-people/").soup.select_one("#signed-in-as").get_text(" ", strip=True)
    assert " ".join(signed_in_as.split()) == "Signed in as Dana Nurse , Manager, Health (Luton)"


def test_error_pages_are_plain(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.soup.h1.get_text(strip=True) == "Page not found"


def test_an_administrators_home_page_leads_to_accounts_questionnaires_and_the_audit_trail(client, make):
    authority = make.authority()
    sign_in(client, make.user(role=Role.ADMINISTRATOR, authorities=[authority]))
    home = client.get("/")
    links = {a.get_text(strip=True): a["href"] for a in home.soup.select("main a")}
    assert links == {
        "Manage user accounts": "/admin/users",
        "Questionnaires": "/admin/questionnaires",
        "Audit trail": "/audit",
        "Change your password": "/account/password",
    }
    for href in links.values():
        assert client.get(href).status_code == 200, href
    assert "simulate a new version" in home.soup.select_one("main").get_text(" ", strip=True)
