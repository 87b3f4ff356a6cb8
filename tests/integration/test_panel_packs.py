"""Panel packs: choose a list, get one PDF with a contents page and a section per young person.

Here the pack is made inside the request (the test configuration's "inline" backend), so the test
data never leaves the test's transaction; tests/integration/test_panel_pack_queues.py runs the
same packs on a thread and on RQ workers against committed databases.
"""

import io
import json
import re
from datetime import timedelta

import pypdf
import pytest

from riskapp.data import chronology as chronology_data
from riskapp.models import MissingEpisode, PanelPack
from riskapp.reference import Role
from riskapp.risk import service
from riskapp.timeutil import to_uk
from tests.helpers import audit_actions, now, sign_in


def missing_three_times(person, user):
    for days in (20, 12, 4):
        reported = now() - timedelta(days=days)
        chronology_data.add(
            MissingEpisode(
                young_person_id=person.id, agency_id=user.agency_id, author_id=user.id, missing_from="care",
                reported_at=reported, returned_at=reported + timedelta(hours=5), police_classification="missing",
                police_classification_label="Missing", found_location=f"Found {person.first_name} at the station",
            )
        )  # fmt: skip
    service.rescore(person)


@pytest.fixture
def panel_list(make, area, practitioner):
    """Two young people with repeat missing episodes, one without, and one in another authority."""
    kayla = make.young_person(area, first_name="Kayla", last_name="Brightwater", local_id="CB-1")
    jayden = make.young_person(area, first_name="Jayden", last_name="Marrowby", local_id="CB-2")
    quiet = make.young_person(area, first_name="Quinn", last_name="Stillwater", local_id="CB-3")
    elsewhere = make.authority("luton", "Luton")
    other = make.young_person(elsewhere, first_name="Lola", last_name="Farside", local_id="LU-1")
    for person in (kayla, jayden):
        missing_three_times(person, practitioner)
    service.rescore(quiet)
    outsider = make.user(role=Role.PRACTITIONER, authorities=[elsewhere])
    missing_three_times(other, outsider)
    return {"kayla": kayla, "jayden": jayden, "quiet": quiet, "other": other}


def _pdf(data: bytes) -> tuple[pypdf.PdfReader, list[str]]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return reader, [" ".join(page.extract_text().split()) for page in reader.pages]


def _ask(client, area, **fields):
    client.get("/panel-packs/new")
    data = {"title": "Missing Young People Panel, December", "authority_id": area.id, "flag": "repeat-missing"}
    return client.post("/panel-packs/new", data={**data, **fields})


def test_a_pack_of_everyone_with_the_repeat_missing_flag(client, area, practitioner, panel_list, db_session):
    asked = _ask(client, area)
    assert asked.status_code == 302
    page = client.get(asked.headers["Location"])
    assert "The pack is ready: 2 young people" in page.soup.select_one("#pack-progress-message").get_text()
    download = page.soup.find("a", string=lambda s: s and "Download the pack" in s)["href"]

    response = client.get(download)
    assert response.mimetype == "application/pdf" and response.headers["Cache-Control"].startswith("no-store")
    pack = db_session.query(PanelPack).one()
    made_on = to_uk(pack.finished_at).date().isoformat()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="panel-pack-{str(pack.id).split("-")[0]}-{made_on}.pdf"'
    )
    reader, pages = _pdf(response.data)
    contents = pages[0]
    assert "Missing Young People Panel, December" in contents and "everyone with the flag Repeat missing" in contents
    assert "Kayla Brightwater" in contents and "Jayden Marrowby" in contents
    assert "Times are UK time." in contents
    assert "Quinn" not in " ".join(pages) and "Lola" not in " ".join(pages), "only the flagged, only this authority"

    # The contents page's page numbers are where each section really starts, and bookmarks go there too.
    bookmarks = {
        item.title: reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    }
    for name in ("Kayla Brightwater", "Jayden Marrowby"):
        start = bookmarks[name]
        row = re.search(rf"\d+ {name} \d\d/\d\d/\d{{4}} (Very high|High|Medium|Low) (\d+)", contents)
        assert row and int(row.group(2)) == start, f"{name}'s contents row gives the page their section starts on"
        assert pages[start - 1].startswith(name), "the section starts on that page"
        assert "Repeat missing: 3 missing episodes within 30 days" in " ".join(pages[start - 1 : start + 3])
    # Every page says where it is in the whole pack, as the contents page counts (issue 11).
    for number, text in enumerate(pages, start=1):
        assert re.findall(r"Page \d+ of \d+", text) == [f"Page {number} of {len(pages)}"], number
    assert reader.metadata.title == "Missing Young People Panel, December"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"

    assert [e.action for e in audit_actions(db_session, object_type="panel_pack")] == [
        "request-export",
        "view",
        "export",
    ]
    per_person = audit_actions(db_session, object_type="young_person", action="export")
    assert {e.young_person_id for e in per_person} == {panel_list["kayla"].id, panel_list["jayden"].id}
    assert all(json.loads(e.details)["pack"] == str(pack.id) for e in per_person)


def test_a_hand_picked_pack_keeps_its_order_and_names_unknown_ids(client, area, practitioner, panel_list, db_session):
    unknown = _ask(client, area, local_ids="CB-3\nLU-1\nCB-9")
    assert "has the local ID LU-1, CB-9" in unknown.soup.select_one(".govuk-error-summary").get_text()
    assert unknown.soup.select_one("textarea[name=local_ids]").get_text().split() == ["CB-3", "LU-1", "CB-9"]
    assert db_session.query(PanelPack).count() == 0

    asked = _ask(client, area, local_ids="CB-3\nCB-1\n", flag="")
    pack = db_session.query(PanelPack).one()
    _, pages = _pdf(client.get(f"/panel-packs/{pack.id}/pack.pdf").data)
    assert asked.status_code == 302 and "a list of 2 chosen by local ID" in pages[0]
    assert pages[0].index("Quinn Stillwater") < pages[0].index("Kayla Brightwater")


def test_an_empty_list_is_refused_in_plain_words(client, area, practitioner, panel_list):
    response = _ask(client, area, flag="risk-to-others")
    assert "There is nobody on that list" in response.soup.select_one(".govuk-error-summary").get_text()


def test_a_pack_is_private_to_its_authority(client, make, area, practitioner, panel_list, db_session):
    _ask(client, area)
    pack = db_session.query(PanelPack).one()
    stranger = make.user(role=Role.PRACTITIONER, authorities=[make.authority("bedford", "Bedford")])
    client.post("/sign-out", data={})
    sign_in(client, stranger)
    for url in (f"/panel-packs/{pack.id}", f"/panel-packs/{pack.id}/pack.pdf", f"/panel-packs/{pack.id}/progress"):
        assert client.get(url).status_code == 404
    assert "No packs have been made for your authorities yet" in client.get("/panel-packs/").get_data(as_text=True)
    assert len(audit_actions(db_session, object_type="panel_pack", action="access-denied")) == 3


def test_progress_while_waiting_and_after_a_pack_stops_without_finishing(client, area, practitioner, db_session):
    pack = PanelPack(
        authority_id=area.id, requested_by_id=practitioner.id, title="Panel", selection="everyone",
        young_person_ids="[]", total=12, backend="rq",
    )  # fmt: skip
    db_session.add(pack)
    db_session.flush()
    waiting = client.get(f"/panel-packs/{pack.id}/progress").get_json()
    assert waiting["status"] == "queued" and waiting["message"] == "Waiting to start. 12 summaries to print."
    page = client.get(f"/panel-packs/{pack.id}")
    assert "You can leave this page" in page.soup.select_one("#pack-progress-hint").get_text()
    assert client.get(f"/panel-packs/{pack.id}/pack.pdf").status_code == 404, "nothing to download yet"

    pack.updated_at = now() - timedelta(hours=1)
    db_session.flush()
    stalled = client.get(f"/panel-packs/{pack.id}/progress").get_json()
    assert stalled["status"] == "stalled" and "stopped without finishing" in stalled["message"]


def test_the_command_line_writes_the_same_pack(app, area, practitioner, panel_list, tmp_path, db_session):
    out = tmp_path / "pack.pdf"
    result = app.test_cli_runner().invoke(
        args=["panel-pack", "--authority", "central-bedfordshire", "--flag", "repeat-missing", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Printing 2 summaries" in result.output and "2/2" in result.output
    _, pages = _pdf(out.read_bytes())
    assert "Kayla Brightwater" in pages[0] and "by the command line" in pages[0]
    assert len(audit_actions(db_session, action="export", object_type="young_person")) == 2

    nowhere = app.test_cli_runner().invoke(args=["panel-pack", "--authority", "atlantis", "--out", str(out)])
    assert nowhere.exit_code != 0 and "No authority has the slug 'atlantis'" in nowhere.output


def test_a_pack_names_no_young_person_its_readers_may_not_see(client, make, db_session):
    """A meeting about Kayla (Central Bedfordshire) and Mia (Luton): a Central Bedfordshire pack,
    even one asked for by a coordinator of both, prints Kayla's decisions and the shared ones and
    never Mia's name or decisions; its metadata names no young person."""
    from tests.integration.test_meetings import meeting_about_two

    two = meeting_about_two(make, db_session)
    for asker in (two["reader_b"], two["both"]):
        sign_in(client, asker)
        asked = _ask(client, two["bedfordshire"], local_ids="CB-1", flag="", title=f"Panel by {asker.full_name}")
        assert asked.status_code == 302
        pack = db_session.query(PanelPack).filter_by(title=f"Panel by {asker.full_name}").one()
        reader, pages = _pdf(client.get(f"/panel-packs/{pack.id}/pack.pdf").data)
        text = " ".join(pages)
        assert "Refer Kayla to the NRM" in text and "Joint disruption plan for the park" in text
        assert "(Shared)" in text and "1 other young person" in text
        assert "Mia" not in text and "Quillfeather" not in text
        assert reader.metadata.title == f"Panel by {asker.full_name}"
        assert "Brightwater" not in str(dict(reader.metadata)) and "Mia" not in str(dict(reader.metadata))
        client.post("/sign-out", data={})
