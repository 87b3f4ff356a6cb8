"""A screening's section page: an indicator's evidence and date revealed by its "Yes" answer, and
"Mark the rest of this section not known" in one click."""

import json
from datetime import timedelta

import pytest

from riskapp.data.screenings import answers_of
from riskapp.models import Screening
from riskapp.timeutil import today
from tests.helpers import audit_actions, sign_in

OVERNIGHT = "item__missing_overnight_or_longer"


@pytest.fixture
def section(client, officer, young_person) -> str:
    """The missing and whereabouts page of a new draft, filled in as the police."""
    sign_in(client, officer)
    task_list_url = client.post(f"/young-people/{young_person.id}/screenings", data={}).headers["Location"]
    return f"{task_list_url}/sections/missing_whereabouts"


def _reveal_of(page, field_id: str):
    """The conditional reveal a field sits in, or None."""
    return page.soup.find(id=field_id).find_parent(class_="govuk-radios__conditional")


def _is_hidden(reveal) -> bool:
    return "govuk-radios__conditional--hidden" in reveal["class"]


def _error_links(page) -> dict[str, str]:
    return {a.get_text(strip=True): a["href"] for a in page.soup.select(".govuk-error-summary__list a")}


def test_evidence_and_date_are_revealed_by_yes(client, section):
    page = client.get(section)
    yes = page.soup.select_one(f"input[name={OVERNIGHT}][value=yes]")
    for field in (f"{OVERNIGHT}__evidence", f"{OVERNIGHT}__date"):
        reveal = _reveal_of(page, field)
        assert reveal is not None and reveal["id"] == yes["data-aria-controls"], field
        assert _is_hidden(reveal), "closed until Yes is chosen (shown anyway without JavaScript)"
    others = page.soup.select(f"input[name={OVERNIGHT}]:not([value=yes])")
    assert others and not any(radio.has_attr("data-aria-controls") for radio in others)

    # Once Yes is saved the reveal is open.
    client.post(section, data={OVERNIGHT: "yes", f"{OVERNIGHT}__evidence": "Carer reported it"})
    page = client.get(section)
    assert not _is_hidden(_reveal_of(page, f"{OVERNIGHT}__evidence"))
    assert page.soup.find(id=f"{OVERNIGHT}__evidence").get_text() == "Carer reported it"


def test_an_error_in_a_reveal_is_linked_and_its_reveal_is_open(client, section):
    page = client.post(section, data={OVERNIGHT: "yes"})
    links = _error_links(page)
    assert links["Describe the evidence for 'The young person has been missing overnight or longer.'"] == (
        f"#{OVERNIGHT}__evidence"
    )
    assert f"#{OVERNIGHT}__date" in links.values()
    for field in (f"{OVERNIGHT}__evidence", f"{OVERNIGHT}__date"):
        assert not _is_hidden(_reveal_of(page, field)), field
    assert "govuk-form-group--error" in page.soup.find(id=f"{OVERNIGHT}__evidence").find_parent("div")["class"]


def test_evidence_or_a_date_under_another_answer_is_never_hidden(client, section):
    """A date with a problem, or evidence kept, under an answer other than Yes stays in view under
    the answers rather than in the closed reveal."""
    next_year = "2099"
    page = client.post(
        section,
        data={
            OVERNIGHT: "no",
            f"{OVERNIGHT}__date-day": "1",
            f"{OVERNIGHT}__date-month": "1",
            f"{OVERNIGHT}__date-year": next_year,
        },
    )
    assert _error_links(page)["Date last seen must be today or in the past"] == f"#{OVERNIGHT}__date"
    assert _reveal_of(page, f"{OVERNIGHT}__date") is None
    assert page.soup.find(id=f"{OVERNIGHT}__date").find_parent(class_="app-item__evidence") is not None

    client.post(section, data={OVERNIGHT: "no", f"{OVERNIGHT}__evidence": "Checked with the school: no concerns"})
    page = client.get(section)
    assert _reveal_of(page, f"{OVERNIGHT}__evidence") is None
    assert page.soup.find(id=f"{OVERNIGHT}__evidence").get_text() == "Checked with the school: no concerns"


# Mark the rest of this section not known

REST_NOT_KNOWN = {"rest_not_known": "Mark the rest of this section not known"}
REPEAT = "item__repeat_missing_episodes"


def _stored(db_session) -> dict:
    screening = db_session.query(Screening).one()
    db_session.refresh(screening)
    return answers_of(screening)


def _items_on(page) -> set[str]:
    return {div["id"].removeprefix("item-") for div in page.soup.select(".app-item")}


def _statuses(task_list) -> dict[str, str]:
    return {
        row.select_one("a")["href"]: row.select_one(".govuk-task-list__status").get_text(" ", strip=True)
        for row in task_list.soup.select(".govuk-task-list__item")
        if row.select_one("a")
    }


def test_one_click_marks_the_unanswered_rest_of_the_section_not_known_and_keeps_every_answer(
    client, section, db_session
):
    task_list_url = section.split("/sections/")[0]
    # An answer elsewhere, and one saved earlier on this page: neither is touched.
    relationships = f"{task_list_url}/sections/relationships"
    client.post(relationships, data={"item__older_partner_or_controlling_adult": "no"})
    client.post(section, data={REPEAT: "no"})
    page = client.get(section)
    assert page.soup.select_one("button[name=rest_not_known]").get_text(strip=True) == (
        "Mark the rest of this section not known"
    )
    assert "govuk-button--secondary" in page.soup.select_one("button[name=rest_not_known]")["class"]
    seen = today() - timedelta(days=3)
    response = client.post(
        section,
        data={
            OVERNIGHT: "yes",
            f"{OVERNIGHT}__evidence": "Carer reported it",
            f"{OVERNIGHT}__date-day": str(seen.day),
            f"{OVERNIGHT}__date-month": str(seen.month),
            f"{OVERNIGHT}__date-year": str(seen.year),
            REPEAT: "no",
            **REST_NOT_KNOWN,
        },
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/sections/relationships")
    banner = client.get(response.headers["Location"]).soup.select_one(".govuk-notification-banner").get_text()

    stored = _stored(db_session)
    overnight, repeat = stored["missing_overnight_or_longer"], stored["repeat_missing_episodes"]
    assert (overnight.value, overnight.evidence, overnight.evidence_date) == ("yes", "Carer reported it", seen)
    assert (repeat.state, repeat.value) == ("answered", "no")
    rest = _items_on(page) - {"missing_overnight_or_longer", "repeat_missing_episodes"}
    assert rest and {stored[item].state for item in rest} == {"not-known"}
    assert stored["older_partner_or_controlling_adult"].value == "no"
    other_section = _items_on(client.get(relationships)) - {"older_partner_or_controlling_adult"}
    assert not other_section & set(stored), "another section's unanswered questions are left alone"

    # Questions with a "Not known" choice were marked; a text, number or date left blank is saved
    # as not known by any save. The next page says so.
    marked = {name.removeprefix("item__") for name in _radio_names(page) | _checkbox_names(page)} & rest
    assert f"{len(marked)} unanswered questions in 'Missing and whereabouts' marked not known." in banner

    # The task list and the check page count the section as answered.
    assert _statuses(client.get(task_list_url))[section] == "Completed"
    gaps = [a["href"] for a in client.get(f"{task_list_url}/check").soup.select(".govuk-error-summary__list a")]
    assert gaps and not [link for link in gaps if link.startswith(section + "#")]

    entry = audit_actions(db_session, action="save-draft")[-1]
    details = json.loads(entry.details)
    assert details == {"section": "missing_whereabouts", "items": len(_items_on(page)), "marked_not_known": len(marked)}


def test_with_problems_on_the_page_nothing_is_marked_not_known(client, section, db_session):
    response = client.post(section, data={OVERNIGHT: "yes", REPEAT: "no", **REST_NOT_KNOWN})
    assert response.status_code == 200
    assert "Describe the evidence" in response.soup.select_one(".govuk-error-summary").get_text()
    assert response.soup.select_one(f"input[name={REPEAT}][value=no]").has_attr("checked")
    stored = _stored(db_session)
    assert stored["repeat_missing_episodes"].value == "no", "what passed its checks is saved, as ever"
    unanswered = {name.removeprefix("item__") for name in _radio_names(response)} - {
        "missing_overnight_or_longer",
        "repeat_missing_episodes",
    }
    assert unanswered and not unanswered & set(stored)
    details = json.loads(audit_actions(db_session, action="save-draft")[-1].details)
    assert "marked_not_known" not in details


def _radio_names(page) -> set[str]:
    return {radio["name"] for radio in page.soup.select("input[type=radio]") if radio["name"].startswith("item__")}


def _checkbox_names(page) -> set[str]:
    return {box["name"] for box in page.soup.select("input[type=checkbox]") if box["name"].startswith("item__")}
