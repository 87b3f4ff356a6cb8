"""Role x agency x authority on every route that takes a record id.

A record out of reach is indistinguishable from one that does not exist, in HTML and JSON, and
every refusal is on the audit trail. The expected outcomes are written out here from the access
policy in docs/access.md, not computed from riskapp.permissions.
"""

import uuid

import pytest

from riskapp.models import AuditEvent
from riskapp.reference import AGENCIES, Role
from riskapp.reports import routes as report_routes
from tests.helpers import sign_in

CASEWORK = {Role.PRACTITIONER, Role.MANAGER, Role.CSE_COORDINATOR}
OVERSIGHT = {Role.MANAGER, Role.CSE_COORDINATOR}

# endpoint: (method, url template, roles that may use it on their own authority's record)
RECORD_ROUTES = {
    "view_young_person": ("GET", "/young-people/{yp}", CASEWORK),
    "export_young_person": ("GET", "/young-people/{yp}/record.json", CASEWORK),
    "edit_young_person": ("GET", "/young-people/{yp}/edit", CASEWORK),
    "save_young_person": ("POST", "/young-people/{yp}/edit", CASEWORK),
    "add_professional": ("POST", "/young-people/{yp}/professionals", CASEWORK),
    "remove_professional": ("GET", "/young-people/{yp}/professionals/{professional}/remove", CASEWORK),
    "view_record_access": ("GET", "/young-people/{yp}/access-log", OVERSIGHT),
    "view_timeline": ("GET", "/young-people/{yp}/chronology", CASEWORK),
    "record_episode": ("GET", "/young-people/{yp}/episodes/new", CASEWORK),
    "record_incident": ("POST", "/young-people/{yp}/incidents/new", CASEWORK),
    "view_risk": ("GET", "/young-people/{yp}/risk", CASEWORK),
    "download_summary": ("GET", "/young-people/{yp}/summary.pdf", CASEWORK),
    "record_meeting": ("GET", "/young-people/{yp}/meetings/new", CASEWORK),
    "set_override": ("GET", "/young-people/{yp}/judgement", CASEWORK),
    "resolve_indicator": ("GET", "/young-people/{yp}/indicators/staying_out_late/resolve", CASEWORK),
    "record_transfer": ("GET", "/young-people/{yp}/transfer", CASEWORK),
}
ALLOWED_STATUS = {"GET": 200, "POST": 200}  # a POST of an empty form re-shows the page with errors


@pytest.fixture
def world(make):
    from riskapp.data.organisations import get_agency_by_slug
    from riskapp.models import ProfessionalInvolvement

    own, other = make.authority("own-authority", "Own"), make.authority("other-authority", "Other")
    records = {}
    for authority in (own, other):
        young_person = make.young_person(authority)
        professional = ProfessionalInvolvement(
            young_person=young_person, name="Pro", agency_id=get_agency_by_slug("health").id
        )
        make.session.add(professional)
        make.session.flush()
        records[authority.slug] = {"yp": young_person.id, "professional": professional.id}
    return own, records


def _expected(role: Role, route: str, whose: str) -> int:
    method, _url, allowed = RECORD_ROUTES[route]
    if role not in allowed:
        return 403  # the role can never do this, whatever the record: nothing about the record is revealed
    if whose != "own":
        return 404
    return ALLOWED_STATUS[method]


@pytest.fixture
def printed(monkeypatch):
    """The summaries the matrix asks for, printed as the HTML they were given rather than through
    WeasyPrint: who may download a summary is decided before printing, and the printed PDF itself
    is checked in test_summary_pdf.py (here it would print 48 of them for nothing)."""
    documents = []

    def keep(html: str) -> bytes:
        documents.append(html)
        return b"%PDF-1.7 (not printed: tests/integration/test_access_matrix.py)"

    monkeypatch.setattr(report_routes, "render_bounded", keep)
    return documents


@pytest.mark.parametrize("agency", [slug for slug, _ in AGENCIES])
@pytest.mark.parametrize("role", list(Role))
def test_record_routes_follow_role_and_authority(client, make, world, db_session, printed, role, agency):
    own, records = world
    user = make.user(role=role, agency=agency, authorities=[own])
    sign_in(client, user)
    outcomes, expected = {}, {}
    for whose, ids in (("own", records["own-authority"]), ("other", records["other-authority"])):
        for route, (method, url, _allowed) in RECORD_ROUTES.items():
            path = url.format(**ids)
            response = client.get(path) if method == "GET" else client.post(path, data={})
            outcomes[(route, whose)] = response.status_code
            expected[(route, whose)] = _expected(role, route, whose)
    assert outcomes == expected
    may_download = expected[("download_summary", "own")] == 200
    assert len(printed) == (1 if may_download else 0), "a summary is printed only for those who may download it"


@pytest.mark.parametrize("path", ["/young-people/{id}", "/young-people/{id}/record.json", "/young-people/{id}/edit"])
def test_out_of_reach_is_indistinguishable_from_not_found(client, make, world, db_session, path):
    own, records = world
    police = make.user(role=Role.PRACTITIONER, agency="police", authorities=[own])
    sign_in(client, police)
    out_of_reach = client.get(path.format(id=records["other-authority"]["yp"]))
    missing = client.get(path.format(id=uuid.uuid4()))
    assert out_of_reach.status_code == missing.status_code == 404
    assert out_of_reach.mimetype == missing.mimetype == "text/html"
    assert _without_nonce(out_of_reach) == _without_nonce(missing)

    denied = db_session.query(AuditEvent).filter_by(action="access-denied").order_by(AuditEvent.id).all()
    assert [(d.actor_user_id, d.actor_agency, d.young_person_id) for d in denied] == [
        (police.id, "police", records["other-authority"]["yp"]),
        (police.id, "police", denied[1].young_person_id),
    ]
    assert denied[0].authority_id is None, "nothing about the hidden record is copied into the refusal"


def _without_nonce(response) -> bytes:
    import re

    return re.sub(rb'nonce="[^"]+"', b"", re.sub(rb'value="[^"]+"', b"", response.get_data()))


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.MANAGER, Role.CSE_COORDINATOR])
def test_user_admin_is_for_administrators_only(client, make, world, role, db_session):
    own, _ = world
    sign_in(client, make.user(role=role, authorities=[own]))
    target = make.user(authorities=[own])
    for path in ["/admin/users", "/admin/users/new", f"/admin/users/{target.id}/edit"]:
        assert client.get(path).status_code == 403
    assert client.post(f"/admin/users/{target.id}/deactivate", data={}).status_code == 403
    assert db_session.query(AuditEvent).filter_by(action="access-denied", actor_user_id=None).count() == 0
    assert db_session.query(AuditEvent).filter_by(action="access-denied").count() == 4


def test_administrators_manage_only_accounts_within_their_authorities(client, make, world, db_session):
    own, _ = world
    other = make.authority("other-authority")
    administrator = make.user(role=Role.ADMINISTRATOR, authorities=[own])
    colleague, stranger, straddler = (
        make.user(authorities=[own]),
        make.user(authorities=[other]),
        make.user(authorities=[own, other]),
    )
    sign_in(client, administrator)
    assert client.get(f"/admin/users/{colleague.id}/edit").status_code == 200
    for user in (stranger, straddler):
        assert client.get(f"/admin/users/{user.id}/edit").status_code == 404
        assert client.post(f"/admin/users/{user.id}/deactivate", data={}).status_code == 404
    listed = {cell.get_text(" ", strip=True) for cell in client.get("/admin/users").soup.select("tbody td:first-child")}
    assert any(colleague.email in text for text in listed)
    assert not any(stranger.email in text or straddler.email in text for text in listed)


def test_administrators_do_not_read_young_peoples_records(client, make, world):
    own, records = world
    sign_in(client, make.user(role=Role.ADMINISTRATOR, authorities=[own]))
    assert client.get("/young-people/").status_code == 403
    assert client.get(f"/young-people/{records['own-authority']['yp']}").status_code == 403
