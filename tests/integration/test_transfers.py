"""Transfers: a young person moves to another authority; the record goes with them, and the
sending authority keeps read access to what it recorded through the transfer and its handover PDF."""

import io
import json
import uuid
from datetime import UTC, date, datetime, timedelta

import pypdf
import pytest

from riskapp.data import chronology as chronology_data
from riskapp.data.organisations import get_agency_by_slug
from riskapp.models import (
    AuditEvent,
    MissingEpisode,
    ProfessionalInvolvement,
    ProfessionalNote,
    RiskResult,
    Transfer,
    YoungPerson,
)
from riskapp.reference import Role
from riskapp.risk import service
from riskapp.timeutil import today
from tests.helpers import audit_actions, sign_in

NOW = datetime.now(UTC)


@pytest.fixture
def areas(make):
    return make.authority("central-bedfordshire", "Central Bedfordshire"), make.authority("luton", "Luton")


@pytest.fixture
def sender(make, areas):
    return make.user(role=Role.PRACTITIONER, authorities=[areas[0]], full_name="Sam Sender")


@pytest.fixture
def receiver(make, areas):
    return make.user(
        role=Role.PRACTITIONER, agency="youth-offending", authorities=[areas[1]], full_name="Riley Receiver"
    )


@pytest.fixture
def person(make, areas, sender):
    """A young person of the sending authority with an episode, a professional and a score."""
    person = make.young_person(areas[0], first_name="Kayla", last_name="Brightwater", date_of_birth=date(2010, 5, 1))
    reported = NOW - timedelta(days=20)
    chronology_data.add(
        MissingEpisode(
            young_person_id=person.id, agency_id=sender.agency_id, author_id=sender.id, missing_from="care",
            reported_at=reported, returned_at=reported + timedelta(hours=8), police_classification="missing",
            police_classification_label="Missing", found_location="Luton bus station",
            found_with="a man in his thirties called Dex", vehicle="silver Audi A3",
        )
    )  # fmt: skip
    make.session.add(
        ProfessionalInvolvement(
            young_person=person, name="Jo Allocated", job_title="Social worker",
            agency_id=get_agency_by_slug("social-care").id, contact="01234 567890",
        )
    )  # fmt: skip
    make.session.flush()
    service.rescore(person)
    return person


def _form(to_authority, **overrides) -> dict:
    moved_on = overrides.pop("moved_on", today())
    data = {
        "to_authority_id": str(to_authority.id) if to_authority else "0",
        "receiving_service": "youth-offending-service",
        "moved_on-day": str(moved_on.day),
        "moved_on-month": str(moved_on.month),
        "moved_on-year": str(moved_on.year),
        "reason": "Placement moved to a residential home in Luton",
        "contact_name": "Morgan Keycontact",
        "contact_role": "YOS case manager",
        "contact_details": "morgan@luton.example.org",
        "confirm": "y",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def _transfer(client, person, to_authority, **overrides):
    page = client.get(f"/young-people/{person.id}/transfer")
    assert page.status_code == 200
    version = page.soup.select_one("input[name=version]")["value"]
    return client.post(
        f"/young-people/{person.id}/transfer", data={"version": version, **_form(to_authority, **overrides)}
    )


def _pdf_text(response) -> str:
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split()).replace("\x00", "")


def _the_transfer(db_session, person) -> Transfer:
    return db_session.query(Transfer).filter_by(young_person_id=person.id).one()


def test_a_transfer_moves_the_record_and_the_sender_keeps_the_handover(
    client, make, areas, sender, receiver, person, db_session
):
    sent_from, sent_to = areas
    sign_in(client, sender)
    response = _transfer(client, person, sent_to)
    assert response.status_code == 302
    transfer = _the_transfer(db_session, person)
    assert response.headers["Location"].endswith(f"/transfers/{transfer.id}"), "to a page the sender can still see"

    db_session.refresh(person)
    assert person.responsible_authority_id == sent_to.id and person.version == 2
    current = db_session.query(RiskResult).filter_by(young_person_id=person.id, is_current=True).one()
    assert current.authority_id == sent_to.id, "the young person moves to the new authority's caseload"

    page = client.get(f"/transfers/{transfer.id}")
    assert page.status_code == 200
    main = page.soup.select_one("main").get_text(" ", strip=True)
    assert "Transfer recorded. The record is now held by Luton" in main
    assert "Luton bus station" in main and "Morgan Keycontact" in main
    assert not page.soup.find("a", string="Open the live record")
    assert client.get(f"/young-people/{person.id}").status_code == 404, "the live record is no longer theirs"

    download = client.get(f"/transfers/{transfer.id}/handover.pdf")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    moved = transfer.moved_on.isoformat()
    assert download.headers["Content-Disposition"] == (
        f'attachment; filename="handover-{str(person.id).split("-")[0]}-{moved}.pdf"'
    )
    assert download.headers["Cache-Control"].startswith("no-store")
    text = _pdf_text(download)
    for expected in (
        "Transfer summary (handover)", "Kayla Brightwater", "Central Bedfordshire", "Luton, Youth offending service",
        "Placement moved to a residential home in Luton", "Morgan Keycontact, YOS case manager", "Sam Sender",
        "Band in force", "Risk to others", "Missing from care", "People, places and vehicles of concern",
        "a man in his thirties called Dex", "silver Audi A3", "Jo Allocated", "The voice of the young person",
    ):  # fmt: skip
        assert expected in text, expected
    assert "Responsible authority Central Bedfordshire" in text, "printed from the record as it was before the move"

    client.post("/sign-out", data={})
    sign_in(client, receiver)
    record = client.get(f"/young-people/{person.id}")
    assert record.status_code == 200
    line = record.soup.select_one(".app-transfer-line").get_text(" ", strip=True)
    assert line.startswith("Transferred from Central Bedfordshire to Luton")
    assert client.get(f"/transfers/{transfer.id}").soup.find("a", string="Open the live record")
    assert client.get(f"/transfers/{transfer.id}/handover.pdf").status_code == 200


def test_the_transfer_and_each_download_are_audited(client, areas, sender, person, db_session):
    sign_in(client, sender)
    _transfer(client, person, areas[1])
    transfer = _the_transfer(db_session, person)
    client.get(f"/transfers/{transfer.id}")
    client.get(f"/transfers/{transfer.id}/handover.pdf")

    [recorded] = audit_actions(db_session, action="transfer")
    assert recorded.object_id == str(transfer.id) and recorded.young_person_id == person.id
    assert json.loads(recorded.details) == {
        "from": "central-bedfordshire", "to": "luton", "service": "youth-offending-service",
        "moved_on": today().isoformat(),
    }  # fmt: skip
    assert "Kayla" not in recorded.details and "Brightwater" not in recorded.details
    [update] = [e for e in audit_actions(db_session, action="update") if e.object_type == "young_person"]
    assert json.loads(update.details)["changes"] == {"responsible_authority_id": [areas[0].id, areas[1].id]}
    [export] = audit_actions(db_session, action="export")
    assert (export.object_type, export.object_id, export.young_person_id) == ("transfer", str(transfer.id), person.id)
    assert json.loads(export.details)["report"] == "handover"
    assert export.authority_id == areas[0].id, "the sending authority's managers see their staff's download"
    [view] = audit_actions(db_session, action="view", object_type="transfer")
    assert (view.object_id, view.young_person_id, view.authority_id) == (str(transfer.id), person.id, areas[0].id)


def test_outsiders_get_not_found_and_the_attempt_is_audited(client, make, areas, sender, person, db_session):
    sign_in(client, sender)
    _transfer(client, person, areas[1])
    transfer = _the_transfer(db_session, person)
    client.post("/sign-out", data={})

    outsider = make.user(role=Role.MANAGER, agency="police", authorities=[make.authority("bedford", "Bedford")])
    sign_in(client, outsider)
    for path in (f"/transfers/{transfer.id}", f"/transfers/{transfer.id}/handover.pdf"):
        response = client.get(path)
        assert response.status_code == 404 and response.mimetype == "text/html"
    assert client.get(f"/transfers/{uuid.uuid4()}").status_code == 404
    denied = [e for e in audit_actions(db_session, action="access-denied") if e.actor_user_id == outsider.id]
    assert [(e.object_type, e.young_person_id, json.loads(e.details)["exists"]) for e in denied] == [
        ("transfer", person.id, True),
        ("transfer", person.id, True),
        ("transfer", None, False),
    ]
    assert all(e.authority_id is None for e in denied)
    listed = client.get("/transfers/")
    assert not listed.soup.select("tbody tr"), "an outsider's list holds no transfer"


def test_the_list_shows_transfers_out_and_in(client, areas, sender, receiver, person, db_session):
    sign_in(client, sender)
    _transfer(client, person, areas[1])
    rows = client.get("/transfers/").soup.select("tbody tr")
    assert [r.select("td")[-1].get_text(strip=True) for r in rows] == ["Out"]
    assert "Kayla Brightwater" in rows[0].get_text()
    client.post("/sign-out", data={})
    sign_in(client, receiver)
    rows = client.get("/transfers/").soup.select("tbody tr")
    assert [r.select("td")[-1].get_text(strip=True) for r in rows] == ["In"]


def test_the_sender_reads_only_what_was_recorded_before_the_transfer(
    client, areas, sender, receiver, person, db_session
):
    sign_in(client, sender)
    _transfer(client, person, areas[1])
    transfer = _the_transfer(db_session, person)
    # After the move, the receiving authority records a note and corrects the episode.
    chronology_data.add(
        ProfessionalNote(young_person_id=person.id, agency_id=receiver.agency_id, author_id=receiver.id,
                         noted_at=NOW, text="Settled at the new home, new friends in Marsh Farm")
    )  # fmt: skip
    episode = db_session.query(MissingEpisode).filter_by(young_person_id=person.id).one()
    episode.found_with = "Dex and his cousin"
    db_session.flush()

    main = client.get(f"/transfers/{transfer.id}").soup.select_one("main").get_text(" ", strip=True)
    assert "Marsh Farm" not in main, "later entries are the receiving authority's"
    assert "Dex and his cousin" not in main and "Changed after the transfer" in main
    assert "Marsh Farm" not in _pdf_text(client.get(f"/transfers/{transfer.id}/handover.pdf"))


def test_hostile_text_is_printed_as_text(client, areas, sender, person, db_session):
    sign_in(client, sender)
    hostile = '<img src="file:///etc/passwd">'
    _transfer(client, person, areas[1], reason=hostile, contact_name="<script>alert(1)</script>")
    transfer = _the_transfer(db_session, person)
    text = _pdf_text(client.get(f"/transfers/{transfer.id}/handover.pdf"))
    assert hostile in text and "<script>alert(1)</script>" in text
    page = client.get(f"/transfers/{transfer.id}")
    assert not page.soup.select("main img") and not page.soup.select("main script")
    assert hostile in page.soup.select_one("main").get_text()


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("no-authority", "Select the authority the young person is moving to"),
        ("same-authority", "Select an authority other than Central Bedfordshire: the record is already held there"),
        ("before-birth", "Date of the move must be on or after their date of birth"),
        ("too-far-ahead", "Date of the move must be no more than 90 days from today"),
        ("not-confirmed", "Confirm that you understand what the transfer does"),
    ],
)
def test_mistakes_are_explained_and_what_was_typed_is_kept(client, areas, sender, person, db_session, case, message):
    sign_in(client, sender)
    to_authority, overrides = {
        "no-authority": (None, {}),
        "same-authority": (areas[0], {}),
        "before-birth": (areas[1], {"moved_on": date(2009, 12, 31)}),
        "too-far-ahead": (areas[1], {"moved_on": today() + timedelta(days=120)}),
        "not-confirmed": (areas[1], {"confirm": None}),
    }[case]
    response = _transfer(client, person, to_authority, **overrides)
    assert response.status_code == 200
    assert response.soup.title.get_text().startswith("Error: ")
    assert message in response.soup.select_one(".govuk-error-summary").get_text(" ", strip=True)
    soup = response.soup
    assert (
        soup.select_one("textarea[name=reason]").get_text(strip=True)
        == "Placement moved to a residential home in Luton"
    )
    assert soup.select_one("input[name=contact_name]")["value"] == "Morgan Keycontact"
    assert soup.select_one("input[name=contact_details]")["value"] == "morgan@luton.example.org"
    assert soup.select_one("input[name=receiving_service][value=youth-offending-service]").has_attr("checked")
    if case != "not-confirmed":
        assert soup.select_one("input[name=confirm]").has_attr("checked")
    if case == "before-birth":
        assert soup.select_one("input[name=moved_on-year]")["value"] == "2009"
    db_session.refresh(person)
    assert person.responsible_authority_id == areas[0].id
    assert db_session.query(Transfer).count() == 0


def test_a_transfer_made_from_an_old_version_of_the_record_is_refused(client, areas, sender, person, db_session):
    sign_in(client, sender)
    client.get(f"/young-people/{person.id}/transfer")
    response = client.post(f"/young-people/{person.id}/transfer", data={"version": "0", **_form(areas[1])})
    assert response.status_code == 409
    db_session.refresh(person)
    assert person.responsible_authority_id == areas[0].id and db_session.query(Transfer).count() == 0


def test_roles_without_edit_cannot_record_a_transfer(client, make, areas, person, db_session):
    administrator = make.user(role=Role.ADMINISTRATOR, authorities=[areas[0]])
    sign_in(client, administrator)
    assert client.get(f"/young-people/{person.id}/transfer").status_code == 403
    assert client.post(f"/young-people/{person.id}/transfer", data=_form(areas[1])).status_code == 403
    db_session.refresh(person)
    assert person.responsible_authority_id == areas[0].id
    assert db_session.query(AuditEvent).filter_by(action="access-denied", actor_user_id=administrator.id).count() == 2


def test_users_of_another_authority_cannot_transfer_a_record(client, make, areas, receiver, person, db_session):
    sign_in(client, receiver)
    assert client.get(f"/young-people/{person.id}/transfer").status_code == 404
    db_session.refresh(person)
    assert db_session.get(YoungPerson, person.id).responsible_authority_id == areas[0].id


def test_the_summary_also_lists_people_places_and_vehicles_of_concern(client, sender, person):
    sign_in(client, sender)
    text = _pdf_text(client.get(f"/young-people/{person.id}/summary.pdf"))
    concerns = text.split("People, places and vehicles of concern", 1)[1].split("The voice of the young person", 1)[0]
    for expected in ("Person a man in his thirties called Dex", "Place Luton bus station", "Vehicle silver Audi A3"):
        assert expected in concerns, expected
    assert "Transfer summary" not in text


def test_the_handover_names_no_other_young_person_and_its_metadata_names_the_local_id(client, make, db_session):
    """The handover is read by the receiving authority: of a meeting about Kayla and Mia it prints
    Kayla's decisions and the shared ones, counts Mia without naming her, even when printed by a
    coordinator who may see both; its metadata names Kayla's local ID, not Kayla."""
    from tests.integration.test_meetings import meeting_about_two

    two = meeting_about_two(make, db_session)
    bedford = make.authority("bedford", "Bedford")
    sign_in(client, two["both"])
    assert _transfer(client, two["kayla"], bedford).status_code == 302
    transfer = _the_transfer(db_session, two["kayla"])
    response = client.get(f"/transfers/{transfer.id}/handover.pdf")
    text = _pdf_text(response)
    assert "Refer Kayla to the NRM" in text and "Joint disruption plan for the park" in text
    assert "Kayla's return interview" in text and "Visit the park with police (Shared)" in text
    assert "1 other young person" in text
    for words in ("Mia", "Quillfeather", "Mia to move placement", "Mia's school meeting"):
        assert words not in text, words
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    assert reader.metadata.title == "Transfer summary: CB-1"
    assert "Brightwater" not in str(dict(reader.metadata)) and "Brightwater" not in str(reader.xmp_metadata.dc_title)
    page = client.get(f"/transfers/{transfer.id}").soup.select_one("[aria-labelledby=meetings-heading]").get_text(" ")
    assert "Refer Kayla to the NRM" in page and "1 other young person" in page and "Mia" not in page


def test_a_note_withdrawn_before_the_transfer_is_listed_as_withdrawn(client, areas, sender, person, db_session):
    note = ProfessionalNote(young_person_id=person.id, agency_id=sender.agency_id, author_id=sender.id,
                            noted_at=NOW, text="Said the older boy drives her to parties")  # fmt: skip
    chronology_data.add(note)
    note.withdrawn_at, note.withdrawn_by_id, note.withdrawn_reason = NOW, sender.id, "Written on the wrong record"
    db_session.flush()
    sign_in(client, sender)
    _transfer(client, person, areas[1])
    transfer = _the_transfer(db_session, person)

    rows = client.get(f"/transfers/{transfer.id}").soup.select("tbody tr")
    [row] = [r for r in rows if "drives her to parties" in r.get_text()]
    assert "Withdrawn" in row.get_text(" ", strip=True) and row.select_one("del"), "shown, struck through"
    assert "no longer counts" in row.get_text(" ", strip=True)
