"""Meetings and their PDFs in a real browser, on SQLite and on PostgreSQL: a practitioner records a
strategy meeting and its action, takes the summary made for that meeting, sees the overdue action on
the caseload, and makes a panel pack, watching its progress until it can be downloaded.

Every page on the way is checked by ``tab.arrive_at`` (heading, screenshot, axe-core WCAG 2.2 AA).
"""

import io
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import expect

from tests.browser.test_casework_journeys import days_ago, fill_date, navigate, open_record, sign_in

pytestmark = pytest.mark.browser


def pdf_text(download) -> str:
    reader = pypdf.PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_practitioner_records_a_meeting_takes_its_summary_and_follows_up_the_action(tab, people):
    page = tab.page
    sign_in(tab, people.practitioner_email)
    open_record(tab, people.young_person_name)
    page.get_by_role("link", name="Record a meeting").click()
    tab.arrive_at("Record a meeting")
    fill_date(page, "Date of the meeting", days_ago(3))
    page.get_by_label("Strategy meeting").check()
    page.get_by_label("Chair").fill("Alex Chair, CSE coordinator")
    page.get_by_label(f"Decisions about {people.young_person_name}").fill("Refer to the National Referral Mechanism")
    page.get_by_role("button", name="Save meeting").click()
    heading = f"Strategy meeting, {days_ago(3).day} {days_ago(3):%B %Y}"
    tab.arrive_at(heading)

    page.get_by_label("Action").fill("Book the return home interview")
    page.get_by_label("Who will do it").fill("Jo Worker")
    page.get_by_label("Their agency").select_option(label="Children's social care")
    fill_date(page, "Due by", days_ago(1))
    page.get_by_role("button", name="Add action").click()
    tab.arrive_at(heading)
    expect(page.locator("#actions + div")).to_contain_text("Overdue")

    with page.expect_download() as download:
        page.get_by_role("link", name="with this meeting's decisions").click()
    text = pdf_text(download.value)
    assert (
        download.value.suggested_filename.startswith("summary-")
        and "Brightwater" not in download.value.suggested_filename
    )
    made_for = text.split("The meeting this summary was made for", 1)[1]
    assert "Refer to the National Referral Mechanism" in made_for and "Book the return home interview" in made_for

    navigate(tab, "Caseload", "Caseload")
    expect(page.locator("#overdue")).to_contain_text("Book the return home interview")


def test_practitioner_makes_a_panel_pack_and_downloads_it_when_ready(tab, people):
    page = tab.page
    sign_in(tab, people.practitioner_email)
    open_record(tab, people.young_person_name)  # every record opened has a risk assessment
    navigate(tab, "Panel packs", "Panel packs")
    page.get_by_role("link", name="Make a panel pack").click()
    tab.arrive_at("Make a panel pack")
    page.get_by_label("Title of the pack").fill("Panel, browser journey")
    page.get_by_label("Who to include").select_option(label="Everyone with a risk assessment")
    page.get_by_role("button", name="Make the pack").click()
    tab.arrive_at("Panel, browser journey")
    loads = tab.loaded
    # The page follows the pack's progress and reloads itself once it is ready (unless it already was).
    expect(page.get_by_role("link", name="Download the pack")).to_be_visible(timeout=120_000)
    page.wait_for_load_state("load")  # the link shows before the reloaded page's load event fires
    if tab.loaded > loads:
        tab.arrive_at("Panel, browser journey")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the pack").click()
    text = pdf_text(download.value)
    assert "Panel, browser journey" in text and people.young_person_name in text

    navigate(tab, "Panel packs", "Panel packs")
    expect(page.get_by_role("table")).to_contain_text("The pack is ready")
