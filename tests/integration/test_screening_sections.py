"""A screening's section page: an indicator's evidence and date revealed by its "Yes" answer."""

import pytest

from tests.helpers import sign_in

OVERNIGHT = "item__missing_overnight_or_longer"


@pytest.fixture
def young_person(make, area):
    return make.young_person(area, first_name="Tyler", last_name="Oakhollow", sex="male")


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
