"""Filling in, submitting and amending screenings, as practitioners from different agencies."""

import re
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from riskapp.models import Screening, ScreeningAnswer
from riskapp.reference import Role
from riskapp.timeutil import today, utcnow
from tests.helpers import audit_actions, sign_in


def _start(client, young_person) -> str:
    client.get(f"/young-people/{young_person.id}")
    response = client.post(f"/young-people/{young_person.id}/screenings", data={})
    assert response.status_code == 302
    return response.headers["Location"]


def _section_links(page) -> list[str]:
    return [a["href"] for a in page.soup.select(".govuk-task-list a")]


def test_police_and_health_each_see_their_own_items(client, make, area, young_person, police):
    police_task_list = client.get(_start(client, young_person))
    assert police_task_list.soup.h1.get_text(strip=True) == "CSE screening for Tyler Oakhollow"

    nurse = make.user(role=Role.PRACTITIONER, agency="health", authorities=[area])
    health_client = client.application.test_client()
    sign_in(health_client, nurse)
    health_task_list = health_client.get(_start(health_client, young_person))

    police_items = _all_items(client, police_task_list)
    health_items = _all_items(health_client, health_task_list)
    assert "police_intel_person_of_concern" in police_items
    assert "police_intel_person_of_concern" not in health_items
    assert health_items - police_items, "health is asked things police are not"
    assert "boy_missing_any" in police_items, "Tyler is a boy: the boys and young men section applies"


def _all_items(client, task_list) -> set[str]:
    items = set()
    for link in _section_links(task_list):
        page = client.get(link)
        assert page.status_code == 200, link
        items |= {div["id"].removeprefix("item-") for div in page.soup.select(".app-item")}
    return items


def _indicator_names(page) -> list[str]:
    return sorted(
        {radio["name"] for radio in page.soup.select("input[type=radio]") if radio["name"].startswith("item__")}
    )


def test_a_draft_is_saved_on_every_page_even_with_errors_and_survives_a_time_out(
    client, young_person, police, app, db_session
):
    task_list = client.get(_start(client, young_person))
    first = _section_links(task_list)[0]
    page = client.get(first)
    names = _indicator_names(page)
    answers = dict.fromkeys(names, "not-known")
    overnight = "item__missing_overnight_or_longer"
    answers[overnight] = "yes"  # needs evidence and a date: leave them out
    response = client.post(first, data=answers)
    assert response.status_code == 200
    assert "Describe the evidence" in response.soup.select_one(".govuk-error-summary").get_text()
    assert response.soup.select_one(f"input[name={overnight}][value=yes]").has_attr("checked")

    with time_machine.travel(utcnow() + app.config["SESSION_IDLE_TIMEOUT"] + timedelta(minutes=5)):
        assert client.get(first).status_code == 302  # signed out
        sign_in(client, police)
        again = client.get(first)
        assert again.soup.select_one(f"input[name={overnight}][value=yes]").has_attr("checked")
        other = next(name for name in names if name != overnight)
        assert again.soup.select_one(f"input[name={other}][value=not-known]").has_attr("checked")
    assert [e.action for e in audit_actions(db_session, object_type="screening")].count("save-draft") == 1


def _answer_every_section(client, task_list_url):
    """Answer every indicator Not known and leave the rest blank; returns the check answers page."""
    for link in _section_links(client.get(task_list_url)):
        page = client.get(link)
        data = dict.fromkeys(_indicator_names(page), "not-known")
        response = client.post(link, data=data)
        assert response.status_code == 302, response.soup.select_one(".govuk-error-summary")
    return client.get(task_list_url.rstrip("/") + "/check")


def test_check_answers_then_submit_and_the_screening_is_final(client, young_person, police, db_session):
    task_list_url = _start(client, young_person)
    early = client.get(task_list_url + "/check")
    assert "answers still needed" in early.soup.select_one(".govuk-error-summary").get_text()
    refused = client.post(task_list_url + "/submit", data={})
    assert refused.status_code == 302 and refused.headers["Location"].endswith("/check")

    check = _answer_every_section(client, task_list_url)
    assert check.soup.select_one(".govuk-error-summary") is None
    assert client.post(task_list_url + "/submit", data={}).status_code == 302
    screening = db_session.query(Screening).one()
    db_session.refresh(screening)
    assert screening.status == "submitted" and len(screening.answers_hash) == 64
    assert screening.questionnaire_version == 2 and screening.agency.slug == "police"
    states = {a.state for a in screening.answers}
    assert states >= {"not-known", "not-applicable"}

    # The web refuses to change it...
    page = client.get(task_list_url)
    assert page.soup.h1.get_text(strip=True).startswith("Screening of Tyler Oakhollow")
    section = f"{task_list_url}/sections/missing_whereabouts"
    blocked = client.post(section, data={"item__missing_overnight_or_longer": "yes"})
    assert blocked.status_code == 302 and blocked.headers["Location"].endswith(task_list_url)
    db_session.expire_all()
    assert screening.answers_hash == db_session.get(Screening, screening.id).answers_hash

    # ...and so does the database, whoever asks.
    for statement in (
        "UPDATE screening SET status = 'draft'",
        "DELETE FROM screening_answer",
        "UPDATE screening_answer SET state = 'answered'",
    ):
        with pytest.raises(DatabaseError, match="cannot be changed"):
            with db_session.begin_nested():
                db_session.execute(text(statement))


def test_an_amendment_is_a_new_version_with_a_reason_and_both_stay_visible(
    client, young_person, police, make, db_session
):
    original = make.screening(young_person, police, answers={"missing_overnight_or_longer": "no"})
    page = client.get(f"/screenings/{original.id}")
    missing = client.post(f"/screenings/{original.id}/amend", data={"reason": ""})
    assert "Enter why the screening needs amending" in missing.soup.select_one(".govuk-error-summary").get_text()
    response = client.post(
        f"/screenings/{original.id}/amend", data={"reason": "Health told us about an overnight episode"}
    )
    amendment_url = response.headers["Location"]
    amendment = db_session.get(Screening, __import__("uuid").UUID(amendment_url.rsplit("/", 1)[1]))
    assert amendment.amends_id == original.id and amendment.status == "draft"
    assert page.status_code == 200
    record = client.get(f"/young-people/{young_person.id}")
    assert len(record.soup.select("#screenings + table tbody tr")) == 2
    original_page = client.get(f"/screenings/{original.id}")
    assert "Health told us about an overnight episode" in original_page.soup.select_one(".govuk-inset-text").get_text()
    db_session.refresh(original)
    assert original.status == "submitted"


def test_a_screening_always_shows_against_the_definition_it_was_answered_on(client, young_person, police, make):
    old = make.screening(young_person, police, version=1, answers={"missing_overnight_or_longer": "yes"})
    page = client.get(f"/screenings/{old.id}")
    text_of_page = page.soup.get_text(" ")
    assert "CSE screening (2014 checklist), version 1" in " ".join(text_of_page.split())
    assert page.soup.select_one("#section-boys_young_men") is None
    assert "Boys and young men" not in text_of_page


def test_a_young_person_screened_only_on_the_2014_checklist_shows_the_gap(client, make, area, young_person, police):
    make.screening(young_person, police, version=1)
    record = client.get(f"/young-people/{young_person.id}")
    warning = record.soup.select_one("#coverage").get_text(" ", strip=True)
    assert re.search(r"has considered \d+ indicators", warning) or "has considered" in warning
    never = record.soup.select_one("#coverage + details").get_text(" ")
    assert "Boys and young men" in never and "LGBT+" in never

    coordinator = make.user(role=Role.CSE_COORDINATOR, authorities=[area])
    coordinator_client = client.application.test_client()
    sign_in(coordinator_client, coordinator)
    listing = coordinator_client.get("/coverage")
    rows = [[c.get_text(strip=True) for c in row.select("td")] for row in listing.soup.select("tbody tr")]
    assert rows and rows[0][0] == "Oakhollow, Tyler" and rows[0][3] == "1"

    # A police screening on the current tool leaves only what police are never asked...
    make.screening(young_person, police, version=2)
    from riskapp.catalogue.questionnaires import active_definition, parsed

    current = parsed(active_definition("cse-screening"))
    not_for_police = [
        i for i in current.indicators() if not current.section_of(i.id).shown_to("police") or not i.shown_to("police")
    ]
    rows = coordinator_client.get("/coverage").soup.select("tbody tr")
    assert rows[0].select("td")[4].get_text(strip=True) == str(len(not_for_police))
    # ...and a social care screening, which is asked everything, closes the gap.
    make.screening(young_person, make.user(agency="social-care", authorities=[area]), version=2)
    assert coordinator_client.get("/coverage").soup.select("tbody tr") == []
    assert client.get(f"/young-people/{young_person.id}").soup.select_one("#coverage") is None


def test_screenings_of_another_authoritys_young_person_are_not_found(client, make, police, db_session):
    elsewhere = make.authority("luton", "Luton")
    other = make.young_person(elsewhere)
    author = make.user(authorities=[elsewhere])
    screening = make.screening(other, author)
    for path in (f"/screenings/{screening.id}", f"/screenings/{screening.id}/fhir.json"):
        assert client.get(path).status_code == 404
    assert client.post(f"/young-people/{other.id}/screenings", data={}).status_code == 404
    assert audit_actions(db_session, action="access-denied")[-3].object_type == "screening"


def test_only_the_author_continues_a_draft(client, make, area, young_person, police):
    draft = make.screening(young_person, police, submit=False)
    colleague = make.user(authorities=[area])
    other = client.application.test_client()
    sign_in(other, colleague)
    assert other.get(f"/screenings/{draft.id}/sections/missing_whereabouts").status_code == 403
    assert other.get(f"/screenings/{draft.id}").status_code == 200


def test_fhir_response_export_is_audited(client, young_person, police, make, db_session):
    screening = make.screening(young_person, police, answers={"missing_overnight_or_longer": "no"})
    response = client.get(f"/screenings/{screening.id}/fhir.json")
    assert response.json["resourceType"] == "QuestionnaireResponse"
    assert response.json["questionnaire"].endswith("/Questionnaire/cse-screening|2")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert audit_actions(db_session, action="export")[-1].object_id == str(screening.id)
    assert db_session.query(ScreeningAnswer).filter_by(screening_id=screening.id).count() > 0


def test_invalid_values_are_never_saved_into_a_draft(client, young_person, police, db_session):
    task_list_url = _start(client, young_person)
    section = f"{task_list_url}/sections/missing_whereabouts"
    client.get(section)
    response = client.post(
        section,
        data={"item__missing_overnight_or_longer": "catastrophic", "item__missing_episodes_last_3_months": "abc"},
    )
    assert response.status_code == 200
    assert "Not a valid choice" in response.soup.select_one(".govuk-error-summary").get_text()
    stored = {a.item_id for a in db_session.query(ScreeningAnswer).all()}
    assert "missing_overnight_or_longer" not in stored and "missing_episodes_last_3_months" not in stored


@pytest.mark.parametrize(
    ("day", "message"),
    [("1 1 2099", "must be today or in the past"), ("1 1 1990", "must be after the young person's date of birth")],
)
def test_screening_dates_must_be_real_for_this_young_person(client, young_person, police, day, message):
    section = f"{_start(client, young_person)}/sections/missing_whereabouts"
    client.get(section)
    d, m, y = day.split()
    data = {
        "item__missing_overnight_or_longer": "yes",
        "item__missing_overnight_or_longer__evidence": "Reported by carer",
        "item__missing_overnight_or_longer__date-day": d,
        "item__missing_overnight_or_longer__date-month": m,
        "item__missing_overnight_or_longer__date-year": y,
    }
    response = client.post(section, data=data)
    assert message in response.soup.select_one(".govuk-error-summary").get_text()


@pytest.mark.parametrize("item", ["missing_overnight_or_longer__date", "last_missing_date"])
def test_a_date_after_today_is_refused_and_not_saved_even_beside_another_problem(
    client, young_person, police, db_session, item
):
    """A draft keeps what passed its checks when a page has problems: a date last seen next year
    must be one of the problems, not kept."""
    section = f"{_start(client, young_person)}/sections/missing_whereabouts"
    client.get(section)
    next_year = str(today().year + 1)
    data = {
        "item__missing_overnight_or_longer": "yes",
        "item__missing_overnight_or_longer__evidence": "Reported by carer",
        "item__missing_overnight_or_longer__date-day": "1",
        "item__missing_overnight_or_longer__date-month": "1",
        "item__missing_overnight_or_longer__date-year": "2025",
        f"item__{item}-day": "1",
        f"item__{item}-month": "1",
        f"item__{item}-year": next_year,
        "item__missing_episodes_last_3_months": "abc",  # another problem on the same page
    }
    response = client.post(section, data=data)
    summary = response.soup.select_one(".govuk-error-summary")
    links = [link for link in summary.select("a") if "must be today or in the past" in link.get_text()]
    assert [link["href"] for link in links] == [f"#item__{item}"]
    stored = {a.item_id: a for a in db_session.query(ScreeningAnswer).all()}
    assert all(answer.evidence_date is None or answer.evidence_date <= today() for answer in stored.values())
    assert all(next_year not in (answer.value or "") for answer in stored.values())


def test_a_yes_lists_everything_it_still_needs_at_once(client, young_person, police):
    section = f"{_start(client, young_person)}/sections/missing_whereabouts"
    client.get(section)
    response = client.post(section, data={"item__missing_overnight_or_longer": "yes"})
    text = response.soup.select_one(".govuk-error-summary").get_text()
    assert "Describe the evidence" in text and "was last seen" in text


def test_save_and_continue_skips_sections_that_do_not_apply(client, make, area, police):
    girl = make.young_person(area, first_name="Kayla", last_name="Brightwater", sex="female")
    task_list_url = _start(client, girl)
    response = client.post(f"{task_list_url}/sections/risk_to_others", data={})
    assert response.status_code == 302 and response.headers["Location"].endswith("/sections/lgbt_context")


def test_boys_indicators_are_not_gaps_for_a_girl(client, make, area, police):
    girl = make.young_person(area, first_name="Kayla", last_name="Brightwater", sex="female")
    make.screening(girl, police, version=1)
    never = client.get(f"/young-people/{girl.id}").soup.select_one("#coverage + details").get_text(" ")
    assert "Boys and young men" not in never and "LGBT+" in never
