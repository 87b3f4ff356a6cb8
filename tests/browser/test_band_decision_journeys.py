"""The band in a real browser, on SQLite and on PostgreSQL: a disclosure recorded in a note counts,
a practitioner's lower judgement leaves the band in force until a manager decides, and the manager
finds the decision on their caseload and confirms it on the check page with a reason.

Every page on the way is checked by ``tab.arrive_at`` (the <h1>, a screenshot, an axe scan).
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import AUTHORITY
from tests.browser.test_casework_journeys import days_ago, fill_date, open_record, sign_in, sign_out

pytestmark = pytest.mark.browser

DISCLOSURE = "The young person has told someone that they are being, or have been, sexually exploited or abused."
NAME = ("Łucja", "Wrzosek")


@pytest.fixture(scope="module")
def young_person(live_server, people) -> str:
    slug, _ = AUTHORITY
    first_name, last_name = NAME
    live_server.make(
        "young_person", authority=slug, first_name=first_name, last_name=last_name, date_of_birth="2010-02-11"
    )
    return f"{first_name} {last_name}"


def band_in_force(tab) -> str:
    return tab.page.locator("#band-in-force .app-band").inner_text()


def test_a_disclosure_in_a_note_counts_and_only_a_manager_lowers_the_band(tab, people, young_person):
    page = tab.page
    sign_in(tab, people.practitioner_email)
    open_record(tab, young_person)
    page.get_by_role("link", name="Chronology", exact=True).click()
    tab.arrive_at("Chronology")
    page.get_by_role("link", name="Add a professional note").click()
    tab.arrive_at("Add a professional note")
    fill_date(page, "Date", days_ago(2))
    page.get_by_label("Note", exact=True).fill("She told me at school that an older man makes her go to parties.")
    page.get_by_label("What is this evidence of? (optional)").select_option(label=DISCLOSURE)
    page.get_by_role("button", name="Save note").click()
    tab.arrive_at("Chronology")

    page.get_by_role("link", name="Back to the record").click()
    tab.arrive_at(young_person)
    page.get_by_role("link", name="Why: the factors, patterns and flags").click()
    tab.arrive_at(f"Risk for {young_person}")
    expect(page.locator("#band-in-force .app-band")).to_have_text("Very high")
    expect(page.get_by_text(DISCLOSURE).first).to_be_visible()

    page.get_by_role("link", name="Set the band by professional judgement").click()
    tab.arrive_at("Set the band by professional judgement")
    page.get_by_role("group", name="Band in your professional judgement").get_by_label("Low").check()
    page.get_by_label("Your rationale").fill("She has moved away and the man has no contact with her now.")
    page.get_by_role("button", name="Save professional judgement").click()
    tab.arrive_at(f"Risk for {young_person}")
    expect(page.get_by_role("alert", name="Success")).to_contain_text("until a manager confirms")
    assert band_in_force(tab) == "Very high", "a practitioner's lower judgement lowers nothing by itself"
    sign_out(tab)

    sign_in(tab, people.manager_email)
    waiting = page.locator("#decisions-awaiting-list")
    waiting.get_by_role("link", name=f"{NAME[1]}, {NAME[0]}: Very high to Low").click()
    tab.arrive_at(f"Check a lower band for {young_person}")
    expect(page.locator("#decision-requester")).to_contain_text("Priya Patel")
    page.get_by_role("button", name="Confirm the lower band").click()
    tab.arrive_at(f"Check a lower band for {young_person}")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reason for your decision")
    page.get_by_label("Your reason").fill("Checked the chronology and the note with the social worker today.")
    page.get_by_role("button", name="Confirm the lower band").click()
    tab.arrive_at(f"Risk for {young_person}")
    expect(page.get_by_role("alert", name="Success")).to_contain_text("Lower band confirmed")
    assert band_in_force(tab) == "Low"
