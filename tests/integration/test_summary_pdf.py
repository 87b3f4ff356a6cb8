"""The summary a practitioner takes into a strategy meeting, read back from the PDF as text."""

import io
from datetime import UTC, datetime, timedelta

import pypdf

from riskapp.data import chronology as chronology_data
from riskapp.models import MissingEpisode
from riskapp.reference import Role
from riskapp.risk import service
from riskapp.scoring.factors import age_on
from riskapp.timeutil import today
from tests.helpers import audit_actions, now, sign_in


def _text(response) -> tuple[str, pypdf.PdfReader]:
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split()), reader


def test_the_summary_holds_the_whole_picture(client, make, area, practitioner, db_session):
    person = make.young_person(
        area, first_name="Kayla", last_name="Brightwater", nhs_number="9434765919", local_id="CB-0417"
    )
    make.screening(
        person, practitioner, answers={"staying_out_late": "yes", "voice_what_said": "She said she feels safe with him"}
    )
    for days in (40, 25, 12):
        reported = now() - timedelta(days=days)
        chronology_data.add(
            MissingEpisode(
                young_person_id=person.id, agency_id=practitioner.agency_id, author_id=practitioner.id, missing_from="care",
                reported_at=reported, returned_at=reported + timedelta(hours=6), police_classification="absent",
                police_classification_label="Absent", classified_low=True, found_location="Luton bus station",
                return_interview="done", return_interview_at=reported + timedelta(hours=30), return_interview_by="RHI worker",
                return_interview_findings="Went to meet an older man she met online",
            )
        )  # fmt: skip
    service.rescore(person)
    response = client.get(f"/young-people/{person.id}/summary.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    # Named by what it is, the local ID and the day: never by the young person's name.
    assert (
        response.headers["Content-Disposition"] == f'attachment; filename="summary-CB-0417-{today().isoformat()}.pdf"'
    )
    assert response.headers["Cache-Control"].startswith("no-store")
    text, reader = _text(response)
    for expected in (
        "Kayla Brightwater", "9434765919", "Band in force", "latest missing episode alone", "Risk to others",
        "Contributing factors", "Luton bus station", "Went to meet an older man she met online",
        "She said she feels safe with him", "Sam Social", "OFFICIAL-SENSITIVE. This summary is for",
        f"(age {age_on(person.date_of_birth, today())})", "Learning disability or difficulty",
        "Times are UK time.",
    ):  # fmt: skip
        assert expected in text, expected
    pages = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        page_text = page.extract_text()
        assert "OFFICIAL-SENSITIVE" in page_text and f"Page {number} of {pages}" in page_text
    # The metadata names the local ID, never the young person (issue 9).
    assert reader.metadata.title == "Summary: CB-0417"
    assert "Brightwater" not in str(dict(reader.metadata)) and "Brightwater" not in str(reader.xmp_metadata.dc_title)
    assert [e.details for e in audit_actions(db_session, action="export")][-1].startswith('{"data_version"')


def test_hostile_names_are_printed_as_text(client, make, area, practitioner):
    person = make.young_person(
        area,
        first_name='<img src="file:///etc/passwd">',
        last_name="مريم 🙂 " + "x" * 90,
        placement="y" * 300,
        aliases="<script>alert(1)</script>",
    )
    response = client.get(f"/young-people/{person.id}/summary.pdf")
    text, _ = _text(response)
    # pypdf reads the fallback font's text (Arabic, emoji) back as UTF-16 with NULs; the letters
    # are there, so compare without them.
    text = text.replace("\x00", "")
    assert '<img src="file:///etc/passwd">' in text
    assert "<script>alert(1)</script>" in text


def test_arabic_script_prints_in_the_projects_own_font_and_reads_back(client, make, area, practitioner):
    person = make.young_person(area, first_name="مريم", last_name="Haddad", placement="مع خالتها في لوتن")
    text, reader = _text(client.get(f"/young-people/{person.id}/summary.pdf"))
    fonts = {
        str(font.get_object()["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()
    }
    assert any(name.endswith("+DejaVu-Sans") for name in fonts), fonts
    assert "\x00" not in text
    assert "مريم Haddad" in text and "مع خالتها في لوتن" in text


def test_a_long_chronology_breaks_cleanly_over_pages(client, make, area, practitioner):
    person = make.young_person(area, first_name="Tyler", last_name="Oakhollow")
    for n in range(120):
        reported = now() - timedelta(days=400 - n * 3)
        chronology_data.add(
            MissingEpisode(
                young_person_id=person.id, agency_id=practitioner.agency_id, author_id=practitioner.id, missing_from="home",
                reported_at=reported, returned_at=reported + timedelta(hours=3), police_classification="missing",
                police_classification_label="Missing", return_interview="declined",
            )
        )  # fmt: skip
    service.rescore(person)
    text, reader = _text(client.get(f"/young-people/{person.id}/summary.pdf"))
    assert len(reader.pages) > 3
    # The rows of the chronology table (the next section, each agency's latest contribution, quotes one row too)
    page_texts = [p.extract_text().split("Each agency's latest contribution")[0] for p in reader.pages]
    chronology_pages = [page for page in page_texts if "Missing from home" in page]
    assert len(chronology_pages) > 1
    assert all("Agency and author" in page for page in chronology_pages), "the table header repeats on every page"


def test_out_of_reach_summaries_are_not_found(client, make):
    elsewhere = make.authority("luton", "Luton")
    other = make.young_person(elsewhere)
    police = make.user(role=Role.PRACTITIONER, agency="police", authorities=[make.authority("bedford")])
    sign_in(client, police)
    assert client.get(f"/young-people/{other.id}/summary.pdf").status_code == 404


def test_a_page_is_kept_as_a_png_artifact(client, make, area, practitioner, tmp_path, database):
    """pdftoppm (poppler-utils, installed by `make browser-deps`) turns page 1 into a PNG under
    test-artifacts/, so a person can look at the layout of every run."""
    import shutil
    import subprocess
    from pathlib import Path

    assert shutil.which("pdftoppm"), "pdftoppm is missing: run make browser-deps (poppler-utils)"
    person = make.young_person(area, first_name="Kayla", last_name="Brightwater")
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(client.get(f"/young-people/{person.id}/summary.pdf").data)
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    target = artifacts / f"summary-page-1-{database.backend}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(target)], check=True
    )
    png = target.with_suffix(".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_an_unchanged_record_is_served_from_the_cache_until_it_changes(
    client, make, area, practitioner, db_session, monkeypatch
):
    import json

    from riskapp.models import ProfessionalNote
    from riskapp.reports import routes as report_routes

    person = make.young_person(area, first_name="Ellie", last_name="Thornbeck")
    renders = []
    real_render = report_routes.render_bounded
    monkeypatch.setattr(report_routes, "render_bounded", lambda html: renders.append(1) or real_render(html))

    first = client.get(f"/young-people/{person.id}/summary.pdf").data
    second = client.get(f"/young-people/{person.id}/summary.pdf").data
    assert first == second and len(renders) == 1
    exports = [json.loads(e.details) for e in audit_actions(db_session, action="export")]
    assert [e["from_cache"] for e in exports] == [False, True], "every download is audited, cached or not"

    chronology_data.add(
        ProfessionalNote(
            young_person_id=person.id,
            agency_id=practitioner.agency_id,
            author_id=practitioner.id,
            noted_at=now(),
            text="Seen with a new phone",
        )
    )
    third = client.get(f"/young-people/{person.id}/summary.pdf").data
    assert len(renders) == 2 and "Seen with a new phone" in _text(type("R", (), {"data": third}))[0]


def test_a_change_the_summary_does_not_print_keeps_the_cached_copy(
    client, make, area, practitioner, db_session, monkeypatch
):
    """The key is made of what the summary prints (riskapp.reports.inputs): a draft screening is not
    printed, so starting one leaves the summary as it was rendered; submitting it does not."""
    import json

    from riskapp.reports import routes as report_routes
    from riskapp.screenings import service as screening_service

    person = make.young_person(area, first_name="Ellie", last_name="Thornbeck")
    renders = []
    real_render = report_routes.render_bounded
    monkeypatch.setattr(report_routes, "render_bounded", lambda html: renders.append(1) or real_render(html))

    first = client.get(f"/young-people/{person.id}/summary.pdf").data
    words = 'Nobody listens to me, "not once", at the café'  # printed as typed, not as the stored JSON text
    draft = make.screening(person, practitioner, answers={"voice_what_said": words}, submit=False)
    assert client.get(f"/young-people/{person.id}/summary.pdf").data == first and len(renders) == 1
    screening_service.submit(draft, person)
    db_session.flush()
    text = _text(type("R", (), {"data": client.get(f"/young-people/{person.id}/summary.pdf").data}))[0]
    assert len(renders) == 2 and words in text
    exports = [json.loads(e.details) for e in audit_actions(db_session, action="export")]
    assert [e["from_cache"] for e in exports] == [False, True, False]


def test_a_summary_made_for_a_meeting_opens_with_that_meetings_decisions(client, make, area, practitioner, db_session):
    from riskapp.models import MeetingAction
    from riskapp.timeutil import today

    person = make.young_person(area, first_name="Ruby", last_name="Ashcombe")
    older, newer = (
        make.meeting(area, practitioner, [person], days_ago=days, chair="Pat Chair", decisions=decisions)
        for days, decisions in ((60, "Refer to the NRM"), (5, "Disrupt the address on Mill Lane"))
    )
    db_session.add(
        MeetingAction(meeting_id=older.id, description="Book the return interview", owner="Jo Worker",
                      agency_id=practitioner.agency_id, due_on=today() - timedelta(days=3))
    )  # fmt: skip
    db_session.flush()

    page = client.get(f"/meetings/{older.id}")
    link = page.soup.find("a", string=lambda s: s and "with this meeting's decisions" in s)["href"]
    text, _ = _text(client.get(link))
    made_for = text.split("The meeting this summary was made for", 1)[1].split("Identifiers", 1)[0]
    assert "Refer to the NRM" in made_for and "Mill Lane" not in made_for
    assert "Book the return interview (Shared) Jo Worker, Children's social care" in made_for and "overdue" in made_for
    assert "Disrupt the address on Mill Lane" in text, "every other meeting is still listed further on"
    assert text.count("Book the return interview") == 1, "the meeting's open actions are printed once (issue 11)"
    assert "printed at the top of this summary" in text.split("Meetings, decisions and open actions", 1)[1]
    plain, _ = _text(client.get(f"/young-people/{person.id}/summary.pdf"))
    assert "The meeting this summary was made for" not in plain

    exports = audit_actions(db_session, action="export")
    assert str(older.id) in exports[0].details and "meeting" not in exports[1].details
    elsewhere = make.young_person(area, first_name="Other", last_name="Person")
    assert client.get(f"/young-people/{elsewhere.id}/summary.pdf?meeting={older.id}").status_code == 404
    assert client.get(f"/young-people/{person.id}/summary.pdf?meeting=not-a-meeting").status_code == 404


def test_a_summary_that_cannot_be_printed_within_its_limits_says_so(client, make, area, practitioner, app, monkeypatch):
    from riskapp.reports import routes as report_routes
    from riskapp.reports.bounded import RenderFailed

    def too_slow(html):
        raise RenderFailed("it took longer than 120 seconds to print")

    monkeypatch.setattr(report_routes, "render_bounded", too_slow)
    person = make.young_person(area, first_name="Ruby", last_name="Ashcombe")
    response = client.get(f"/young-people/{person.id}/summary.pdf")
    assert response.status_code == 503
    assert "took longer than 120 seconds" in response.soup.select_one("main").get_text()


def test_the_summary_gives_each_agencys_latest_contribution(client, make, area, practitioner):
    from riskapp.models import ProfessionalNote

    officer = make.user(role=Role.PRACTITIONER, authorities=[area], agency="police", full_name="Pat Officer")
    person = make.young_person(area, first_name="Ruby", last_name="Ashcombe")
    for author, days, text in ((officer, 30, "Older police note"), (officer, 9, "Seen in a car with two men"),
                               (practitioner, 2, "Home visit: would not talk")):  # fmt: skip
        chronology_data.add(
            ProfessionalNote(young_person_id=person.id, agency_id=author.agency_id, author_id=author.id,
                             noted_at=now() - timedelta(days=days), text=text)
        )  # fmt: skip
    text, _ = _text(client.get(f"/young-people/{person.id}/summary.pdf"))
    latest = text.split("Each agency's latest contribution", 1)[1].split("Meetings, decisions", 1)[0]
    assert "Note: Seen in a car with two men Pat Officer" in latest and "Older police note" not in latest
    assert latest.index("Home visit: would not talk") < latest.index("Seen in a car"), "newest first"


def _made_for(text: str) -> str:
    return text.split("The meeting this summary was made for", 1)[1].split("Identifiers", 1)[0]


def test_each_summary_prints_only_its_young_persons_decisions_and_never_an_unseen_name(client, make, db_session):
    """A meeting about Kayla (Central Bedfordshire) and Mia (Luton): each summary prints the
    decisions and actions about its young person and the shared ones, marked as shared; a reader
    of one authority never sees the other young person's name."""
    from tests.integration.test_meetings import meeting_about_two

    two = meeting_about_two(make, db_session)
    meeting, kayla, mia = two["meeting"], two["kayla"], two["mia"]
    for reader, person, own, other in (
        (two["reader_b"], kayla, ("Refer Kayla to the NRM", "Kayla's return interview"), mia),
        (two["reader_l"], mia, ("Mia to move placement", "Mia's school meeting"), kayla),
    ):
        sign_in(client, reader)
        for url in (
            f"/young-people/{person.id}/summary.pdf",
            f"/young-people/{person.id}/summary.pdf?meeting={meeting.id}",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            text, reader_pdf = _text(response)
            meetings = text.split("Meetings, decisions and open actions", 1)[1]
            # Made for the meeting, it is printed first and not again in the list (issue 11).
            printed = _made_for(text) if "meeting=" in url else meetings
            assert all(words in printed for words in own), printed
            assert "Joint disruption plan for the park" in printed and "Visit the park with police" in printed
            assert "(Shared)" in printed and "1 other young person" in printed
            assert text.count("Visit the park with police") == 1
            for words in ("Refer Kayla to the NRM", "Kayla's return interview", "Mia to move placement",
                          "Mia's school meeting"):  # fmt: skip
                assert (words in text) == (words in own), words
            assert other.first_name not in text and other.last_name not in text
            assert person.full_name not in str(reader_pdf.metadata)
        client.post("/sign-out", data={})

    # A coordinator of both authorities sees the other young person named.
    sign_in(client, two["both"])
    text, _ = _text(client.get(f"/young-people/{kayla.id}/summary.pdf?meeting={meeting.id}"))
    assert "Also discussed at this meeting: Mia Quillfeather." in _made_for(text)
    assert "Decisions for everyone discussed (Shared): Joint disruption plan for the park" in _made_for(text)
    assert "Visit the park with police (Shared) Jo Worker, Children's social care" in _made_for(text)


def test_the_cached_summary_changes_with_the_decisions_and_with_who_reads_it(client, make, db_session):
    from riskapp.data import meetings as meeting_data
    from tests.integration.test_meetings import meeting_about_two

    two = meeting_about_two(make, db_session)
    kayla = two["kayla"]
    sign_in(client, two["both"])
    named = client.get(f"/young-people/{kayla.id}/summary.pdf").data
    assert "Mia Quillfeather" in _text(type("R", (), {"data": named}))[0]
    meeting_data.set_decisions(two["meeting"], {kayla.id: "Kayla to see the school nurse"})
    changed = _text(type("R", (), {"data": client.get(f"/young-people/{kayla.id}/summary.pdf").data}))[0]
    assert "Kayla to see the school nurse" in changed and "Refer Kayla to the NRM" not in changed
    client.post("/sign-out", data={})
    sign_in(client, two["reader_b"])
    unnamed = _text(type("R", (), {"data": client.get(f"/young-people/{kayla.id}/summary.pdf").data}))[0]
    assert "Mia" not in unnamed and "1 other young person" in unnamed, "not the coordinator's cached copy"


def test_indicators_print_their_evidence_and_the_summary_flags_views_and_a_pending_lower_band(
    client, make, area, practitioner, db_session
):
    """Each indicator with each date, agency and what recorded it; flags by name; each agency's view,
    "Screened, no concerns" included, and their disagreement; a lower band awaiting a manager; no
    latest-episode band without an episode. The explanation is written here as the scoring core
    stores it, evidence included."""
    import json

    from riskapp.models import BandDecision, ProfessionalNote

    officer = make.user(role=Role.PRACTITIONER, agency="police", authorities=[area], full_name="Pat Officer")
    person = make.young_person(area, first_name="Ruby", last_name="Ashcombe", local_id="CB-9")
    screening = make.screening(person, practitioner, answers={"staying_out_late": "yes"})
    incident = make.incident(
        person,
        officer,
        occurred_at=datetime(2026, 3, 12, 23, 0, tzinfo=UTC),
        incident_type="kidnap",
        incident_label="Kidnap",
        significant=True,
        description="Taken by two men",
    )
    note = chronology_data.add(
        ProfessionalNote(young_person_id=person.id, agency_id=officer.agency_id, author_id=officer.id,
                         noted_at=datetime(2026, 2, 3, 10, 0, tzinfo=UTC), text="Said she stays out with them")
    )  # fmt: skip
    result = service.rescore(person)
    explanation = json.loads(result.explanation)
    factor = next(f for f in explanation["factors"] if f["item_id"] == "staying_out_late")
    factor["evidence"] = [
        {"item_id": "staying_out_late", "seen_on": "2026-01-20", "agency": "social-care", "entry": f"screening:{screening.id}"},
        {"item_id": "staying_out_late", "seen_on": "2026-03-12", "agency": "police", "entry": f"incident:{incident.id}"},
        {"item_id": "staying_out_late", "seen_on": "2026-02-03", "agency": "police", "entry": f"note:{note.id}"},
    ]  # fmt: skip
    explanation["agency_views"] = [
        {"agency": "police", "score": 9, "band": "high", "item_ids": ["staying_out_late"], "status": "concerns",
         "last_entry_on": "2026-03-12"},
        {"agency": "health", "score": 0, "band": "low", "item_ids": [], "status": "no-concerns",
         "last_entry_on": "2026-03-01"},
    ]  # fmt: skip
    explanation["flags"] = [
        {"kind": "agency-disagreement", "message": "Police (High) and Health (screened, no concerns) are two bands apart",
         "entries": [], "days_elapsed": None},
        {"kind": "plan-not-reviewed", "message": "No plan review in the last 6 months", "entries": [], "days_elapsed": None},
    ]  # fmt: skip
    result.explanation = json.dumps(explanation)
    db_session.flush()

    before, _ = _text(client.get(f"/young-people/{person.id}/summary.pdf"))
    evidence = before.split("Contributing factors", 1)[1].split("Chronology", 1)[0]
    expected = (
        "12 March 2026, Police, Incident: Kidnap 3 February 2026, Police, Note 20 January 2026, "
        "Children's social care, Screening ("
    )
    assert expected in evidence, "newest first, each with its date, agency and what recorded it"
    flags = before.split("Flags", 1)[1].split("Contributing factors", 1)[0]
    assert "Agencies disagree: Police (High) and Health (screened, no concerns) are two bands apart" in flags
    assert "Plan not reviewed: No plan review in the last 6 months" in flags
    views = flags.split("Each agency's view", 1)[1]
    assert "Police Concerns: High 1 12 March 2026" in views and "Health Screened, no concerns 0 1 March 2026" in views
    assert "Agencies disagree:" in views
    assert "The latest missing episode alone No missing episodes recorded" in before
    assert "Lower band awaiting a manager None" in before

    # A lower band asked for changes the summary (and so its cache key).
    db_session.add(
        BandDecision(young_person_id=person.id, route="judgement", band_in_force="high", proposed_band="medium",
                     reason="Settled at home since the summer", requested_by_id=practitioner.id,
                     requested_at=datetime(2026, 11, 20, 14, 30, tzinfo=UTC))
    )  # fmt: skip
    db_session.flush()
    after, _ = _text(client.get(f"/young-people/{person.id}/summary.pdf"))
    assert (
        "Lower band awaiting a manager Medium instead of High, asked for by Sam Social on 20 November 2026 at "
        "2:30pm: Settled at home since the summer. High stays in force until a manager decides." in after
    )


def test_numbered_decisions_print_on_their_own_lines_as_typed(client, make, area, practitioner):
    person = make.young_person(area, first_name="Ruby", last_name="Ashcombe")
    make.meeting(area, practitioner, [person], days_ago=3, decisions="1. Refer to the NRM\n2. Safety plan by Friday")
    response = client.get(f"/young-people/{person.id}/summary.pdf")
    lines = [
        " ".join(line.split())
        for page in pypdf.PdfReader(io.BytesIO(response.data)).pages
        for line in page.extract_text().splitlines()
    ]
    assert "Decisions for everyone discussed (Shared): 1. Refer to the NRM" in lines
    assert "2. Safety plan by Friday" in lines, "the second decision starts a line of its own"
