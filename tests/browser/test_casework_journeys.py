"""Casework journeys in a real browser, on SQLite and on PostgreSQL: screening a young person,
recording their chronology, reading their risk, the manager's caseload, and looking after the
screening questionnaire.

Every page on the way is checked by ``tab.arrive_at``: the right <h1>, a screenshot in
test-artifacts/, and no serious or critical axe-core (WCAG 2.2 AA) violations. Entries a journey
needs (an incident, a missing episode) are recorded through the forms, as a user would.
"""

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

OVERNIGHT = "The young person has been missing overnight or longer."
REPEAT_MISSING = "The young person has been missing three or more times in the last 30 days."
SEXUAL_ASSAULT = "The young person has been sexually assaulted or raped."


# Helpers ---------------------------------------------------------------------------------------


def sign_in(tab, email: str) -> None:
    page = tab.page
    page.goto("/sign-in")
    tab.arrive_at("Sign in")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    tab.arrive_at("Caseload")


def sign_out(tab) -> None:
    tab.page.get_by_role("button", name="Sign out").click()
    tab.arrive_at("Sign in")


def navigate(tab, link: str, heading: str) -> None:
    tab.page.get_by_role("navigation", name="Main").get_by_role("link", name=link, exact=True).click()
    tab.arrive_at(heading)


def open_record(tab, name: str) -> None:
    page = tab.page
    navigate(tab, "Young people", "Young people")
    first_name, last_name = name.split(" ", 1)
    page.get_by_label("Name or alias").fill(last_name)
    page.get_by_role("button", name="Search").click()
    tab.arrive_at("Young people")
    page.get_by_role("link", name=f"{last_name}, {first_name}").click()
    tab.arrive_at(name)


def fill_date(page, legend: str, day: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def uk_datetime(moment: datetime) -> str:
    """As the app shows a time: '5 March 2026 at 2:07pm', in UK time."""
    moment = moment.astimezone(ZoneInfo("Europe/London")) if moment.tzinfo else moment
    hour = moment.hour % 12 or 12
    return f"{moment.day} {moment:%B %Y} at {hour}:{moment:%M}{'am' if moment.hour < 12 else 'pm'}"


def days_ago(days: int) -> date:
    return datetime.now(UTC).date() - timedelta(days=days)


# 1. Screening ---------------------------------------------------------------------------------


def test_practitioner_starts_a_screening_and_sees_what_is_still_needed(tab, people, casework):
    page = tab.page
    name = casework.screened
    sign_in(tab, people.practitioner_email)
    open_record(tab, name)
    expect(page.get_by_text("No screenings yet.")).to_be_visible()

    page.get_by_role("button", name="Start a screening").click()
    tab.arrive_at(f"CSE screening for {name}")
    first_section = page.locator(".govuk-task-list__item").first
    expect(first_section).to_contain_text("Missing and whereabouts")
    expect(first_section).to_contain_text("Not started")

    page.get_by_role("link", name="Missing and whereabouts").click()
    tab.arrive_at("Missing and whereabouts")
    item = page.locator("#item-missing_overnight_or_longer")
    item.get_by_role("group", name=OVERNIGHT).get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()

    tab.arrive_at("Missing and whereabouts")
    expect(page).to_have_title(re.compile(r"^Error: Missing and whereabouts"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        [f"Describe the evidence for '{OVERNIGHT}'", f"Enter the date '{OVERNIGHT}' was last seen"]
    )
    expect(item.get_by_label("Yes", exact=True)).to_be_checked()

    summary.get_by_role("link").first.click()
    evidence = item.get_by_label("Evidence")
    expect(evidence).to_be_focused()
    evidence.fill("Carer reported her missing from 9pm until 11am the next day; police found her in Luton.")
    seen = days_ago(6)
    fill_date(item, "Date last seen", seen)
    page.get_by_role("button", name="Save and continue").click()
    tab.arrive_at("Relationships and associates")

    page.get_by_role("link", name="Back to the sections").click()
    tab.arrive_at(f"CSE screening for {name}")
    expect(page.locator(".govuk-task-list__item").first).to_contain_text("In progress")

    page.get_by_role("link", name="Check your answers").click()
    tab.arrive_at("Check your answers before submitting")
    gaps = page.locator(".govuk-error-summary")
    expect(gaps.get_by_role("heading", level=2)).to_have_text(re.compile(r"^There are \d+ answers still needed$"))
    expect(gaps.get_by_role("heading", level=3).first).to_have_text("Missing and whereabouts")
    expect(gaps.get_by_role("link", name=f"Answer '{REPEAT_MISSING}', or choose Not known")).to_be_visible()
    expect(gaps.get_by_role("link", name=re.compile(re.escape(OVERNIGHT)))).to_have_count(0)
    answered = page.locator(".govuk-summary-list__row").filter(has_text=OVERNIGHT)
    expect(answered).to_contain_text("Yes")
    expect(answered).to_contain_text("police found her in Luton")
    expect(answered).to_contain_text(f"Last seen: {seen.day} {seen:%B %Y}")


# 2. Chronology and risk -----------------------------------------------------------------------


def test_practitioner_records_a_missing_episode_and_reads_the_risk(tab, people, casework):
    page = tab.page
    name = casework.went_missing
    sign_in(tab, people.practitioner_email)
    open_record(tab, name)

    page.get_by_role("link", name="Chronology", exact=True).click()
    tab.arrive_at("Chronology")
    expect(page.get_by_text("Nothing recorded yet.")).to_be_visible()
    page.get_by_role("link", name="Record a missing episode").click()
    tab.arrive_at("Record a missing episode")

    reported = datetime.combine(days_ago(5), datetime.min.time(), tzinfo=UTC).replace(hour=21, minute=40)
    returned = datetime.combine(days_ago(3), datetime.min.time(), tzinfo=UTC).replace(hour=23, minute=50)
    interviewed = datetime.combine(days_ago(2), datetime.min.time(), tzinfo=UTC).replace(hour=10, minute=0)
    page.get_by_role("group", name="Where were they missing from?").get_by_label("Care").check()
    fill_date(page, "Date reported missing", reported.date())
    page.get_by_label("Time reported missing").fill("9.40pm")
    fill_date(page, "Date returned", returned.date())
    page.get_by_label("Time returned").fill("23:50")
    page.get_by_role("group", name="Police classification").get_by_label("Absent").check()
    page.get_by_role("group", name="Police risk grade").get_by_label("Not graded").check()
    page.get_by_role("group", name="Were they found out of the area?").get_by_label("No", exact=True).check()
    page.get_by_label("Where were they found?").fill("Railway station, Luton")
    interview = page.get_by_role("group", name="What happened about the return home interview?")
    interview.get_by_label("Done", exact=True).check()
    fill_date(page, "Date of the return home interview", interviewed.date())
    page.get_by_label("Time of the return home interview").fill("10am")
    page.get_by_label("Who did the return home interview?").fill("Sam Lee, return home interview worker, Safe Steps")
    page.get_by_role("button", name="Save missing episode").click()

    tab.arrive_at("Chronology")
    expect(page.get_by_role("alert", name="Success")).to_contain_text("Missing episode recorded.")
    expect(page.locator("#entries")).to_have_text("1 entry")
    episode = page.locator("li[data-kind=episode]")
    expect(episode.get_by_role("heading")).to_have_text(f"Missing from care: {uk_datetime(reported)}")
    expect(episode).to_contain_text("Absent")
    expect(episode).to_contain_text("Recorded as low risk")
    expect(episode).to_contain_text("2 days 2 hours")
    expect(episode).to_contain_text(f"Return home interview due by {uk_datetime(returned + timedelta(hours=72))}")
    expect(episode).to_contain_text("Done in time")

    page.get_by_role("link", name="Back to the record").click()
    tab.arrive_at(name)
    page.get_by_role("link", name="Why: the factors, patterns and flags").click()
    tab.arrive_at(f"Risk for {name}")
    bands = page.locator(".app-bands")
    for row in (
        "Band in force",
        "Computed from the whole history",
        "The latest missing episode alone",
        "Risk to others",
        "Highest band ever",
    ):
        expect(bands.get_by_text(row, exact=True)).to_be_visible()
    expect(bands.locator("#band-in-force .app-band")).to_have_text(re.compile(r"^(Low|Medium|High|Very high)$"))


# 3. The manager's caseload --------------------------------------------------------------------


def record_sexual_assault(tab, name: str) -> date:
    page = tab.page
    open_record(tab, name)
    page.get_by_role("link", name="Chronology", exact=True).click()
    tab.arrive_at("Chronology")
    page.get_by_role("link", name="Record an incident").click()
    tab.arrive_at("Record an incident")
    happened = days_ago(10)
    fill_date(page, "Date of the incident", happened)
    page.get_by_label("Time of the incident").fill("23:30")
    page.get_by_role("group", name="Type of incident").get_by_label("Sexual assault").check()
    page.get_by_label("What happened").fill("Disclosed to her school nurse; reported to the police the same day.")
    page.get_by_role("button", name="Save incident").click()
    tab.arrive_at("Chronology")
    expect(page.get_by_role("alert", name="Success")).to_contain_text("Incident recorded.")
    expect(page.locator("li[data-kind=incident]")).to_contain_text("Significant")
    return happened


def test_manager_filters_the_caseload_by_band_and_opens_a_risk_page(tab, people, casework):
    page = tab.page
    name = casework.assaulted
    first_name, last_name = name.split(" ", 1)
    sign_in(tab, people.practitioner_email)
    record_sexual_assault(tab, name)
    sign_out(tab)

    sign_in(tab, people.manager_email)
    navigate(tab, "Caseload", "Caseload")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Caseload")).to_have_attribute(
        "aria-current", "page"
    )
    page.get_by_label("Band").select_option(label="High")
    page.get_by_role("button", name="Filter").click()
    tab.arrive_at("Caseload")
    expect(page.get_by_label("Band")).to_have_value("high")
    rows = page.locator("#caseload tbody tr")
    expect(rows.filter(has_text=f"{last_name}, {first_name}")).to_have_count(1)
    expect(rows.locator(".app-band")).to_have_text(["High"] * rows.count())

    page.get_by_role("link", name=f"{last_name}, {first_name}").click()
    tab.arrive_at(f"Risk for {name}")
    expect(page.locator("#band-in-force .app-band")).to_have_text("High")
    expect(page.locator("#factors-current-harm")).to_contain_text(SEXUAL_ASSAULT)


# 4. Looking after the questionnaire -----------------------------------------------------------


def test_coordinator_previews_uploads_and_simulates_questionnaire_versions(tab, casework):
    page = tab.page
    sign_in(tab, casework.coordinator_email)
    navigate(tab, "Questionnaires", "Questionnaires")
    versions = page.locator("tbody tr")
    expect(versions.filter(has_text="Active")).to_have_count(1)

    page.get_by_role("link", name="Preview version 2").click()
    tab.arrive_at("Preview: CSE screening, version 2")
    page.get_by_label("Preview as").select_option(label="Police")
    page.get_by_role("button", name="Show").click()
    tab.arrive_at("Preview: CSE screening, version 2")
    expect(page.get_by_label("Preview as")).to_have_value("police")
    expect(page.get_by_text(re.compile(r"^What a user from this agency is asked: \d+ sections"))).to_be_visible()

    page.get_by_role("link", name="Back to questionnaires").click()
    tab.arrive_at("Questionnaires")
    page.get_by_role("link", name="Upload a new version").click()
    tab.arrive_at("Upload a new questionnaire version")
    page.get_by_role("button", name="Check and upload").click()
    tab.arrive_at("Upload a new questionnaire version")
    expect(page).to_have_title(re.compile(r"^Error: Upload a new questionnaire version"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(["Upload a .yaml file or paste the definition"])

    page.get_by_role("link", name="Back to questionnaires").click()
    tab.arrive_at("Questionnaires")
    page.get_by_role("link", name="Simulate version 1").click()
    tab.arrive_at("Simulate version 1 before activating it")
    expect(page.get_by_text(re.compile(r"Nothing was saved\. \d+ would change band\."))).to_be_visible()
