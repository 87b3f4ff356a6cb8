"""Journeys through the real app in a real browser, on SQLite and on PostgreSQL.

Every page on the way is checked by ``tab.arrive_at``: the right <h1>, a screenshot in
test-artifacts/, and no serious or critical axe-core (WCAG 2.2 AA) violations.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(tab, email: str) -> None:
    page = tab.page
    page.goto("/sign-in")
    tab.arrive_at("Sign in")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    tab.arrive_at("Caseload")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Young people", exact=True).click()
    tab.arrive_at("Young people")


def open_record_by_searching(tab, name: str) -> None:
    page = tab.page
    first_name, last_name = name.split(" ", 1)
    page.get_by_label("Name or alias").fill(last_name)
    page.get_by_role("button", name="Search").click()
    tab.arrive_at("Young people")
    expect(page.locator("#results-heading")).to_have_text("1 match")
    page.get_by_role("link", name=f"{last_name}, {first_name}").click()
    tab.arrive_at(name)


def test_practitioner_signs_in_and_finds_a_young_person_by_name(tab, people):
    page = tab.page
    page.goto("/")
    tab.arrive_at("Sign in")
    assert page.url.endswith("/sign-in?next=/"), page.url

    sign_in(tab, people.practitioner_email)
    expect(page.locator("#signed-in-as")).to_contain_text("Priya Patel")
    open_record_by_searching(tab, people.young_person_name)
    expect(page.get_by_text("Born 14 May 2010")).to_be_visible()
    expect(page.get_by_text(people.authority_name).first).to_be_visible()


def fill_new_record_without_last_name(page) -> None:
    page.get_by_label("First name").fill("Jayden")
    page.get_by_label("Preferred name").fill("JD")
    page.get_by_label("Other names and aliases").fill("J-Dawg\nJay")
    page.get_by_label("Day").fill("19")
    page.get_by_label("Month").fill("8")
    page.get_by_label("Year").fill("2008")
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("Ethnicity").select_option(label="Black, Black British, Caribbean or African: African")
    page.get_by_role("group", name="Does the young person have a learning disability or difficulty?").get_by_label(
        "Not known"
    ).check()
    page.get_by_role("group", name="Legal status").get_by_label("Child in need").check()
    page.get_by_label("Placement or where they live").fill("Sofa surfing")


def expect_typed_values_kept(page) -> None:
    expect(page.get_by_label("First name")).to_have_value("Jayden")
    expect(page.get_by_label("Preferred name")).to_have_value("JD")
    expect(page.get_by_label("Other names and aliases")).to_have_value("J-Dawg\nJay")
    expect(page.get_by_label("Day")).to_have_value("19")
    expect(page.get_by_label("Month")).to_have_value("8")
    expect(page.get_by_label("Year")).to_have_value("2008")
    expect(page.get_by_label("Male", exact=True)).to_be_checked()
    expect(page.get_by_label("Ethnicity")).to_have_value("black-african")
    expect(page.get_by_label("Placement or where they live")).to_have_value("Sofa surfing")
    expect(page.get_by_role("group", name="Legal status").get_by_label("Child in need")).to_be_checked()
    expect(page.get_by_label("Central Bedfordshire")).to_be_checked()


def test_practitioner_adds_a_young_person_after_correcting_a_mistake(tab, people):
    page = tab.page
    sign_in(tab, people.practitioner_email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Add a young person").click()
    tab.arrive_at("Add a young person")

    fill_new_record_without_last_name(page)
    page.get_by_role("button", name="Save").click()
    tab.arrive_at("Add a young person")
    expect(page).to_have_title(re.compile(r"^Error: Add a young person"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text(["Enter the young person's last name"])
    expect_typed_values_kept(page)

    summary.get_by_role("link", name="Enter the young person's last name").click()
    expect(page.get_by_label("Last name")).to_be_focused()
    page.get_by_label("Last name").fill("Marrowby")
    page.get_by_role("button", name="Save").click()
    tab.arrive_at("Jayden Marrowby")
    expect(page.get_by_role("alert", name="Success")).to_contain_text("Record created.")
    expect(page.get_by_text("Born 19 August 2008")).to_be_visible()
    expect(page.get_by_text("J-Dawg, Jay")).to_be_visible()


def test_manager_sees_the_audit_trail_and_who_has_viewed_a_record(tab, people):
    page = tab.page
    sign_in(tab, people.manager_email)
    open_record_by_searching(tab, people.young_person_name)

    page.get_by_role("link", name="Who has viewed or changed this record").click()
    tab.arrive_at(f"Who has viewed or changed {people.young_person_name}'s record")
    views_by_manager = page.locator("tbody tr").filter(has_text=people.manager_name).filter(has_text="view")
    expect(views_by_manager.first).to_be_visible()
    expect(views_by_manager.first).to_contain_text("Manager, Children's social care")
    expect(page.locator("tbody")).not_to_contain_text(people.manager_email)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit trail").click()
    tab.arrive_at("Audit trail")
    newest = page.locator("tbody tr").first
    expect(newest).to_contain_text(people.manager_name)
    expect(newest).to_contain_text("view-access-log")
    expect(newest).to_contain_text(f"Young person's record: {people.young_person_name}")

    page.get_by_label("Show only this action").select_option("sign-in")
    page.get_by_role("button", name="Filter").click()
    tab.arrive_at("Audit trail")
    expect(page.locator("tbody tr").first).to_contain_text("sign-in")
