"""The caseload says what needs doing, worked out as it is read (time passing changes it with
nothing recorded): a return home interview overdue, a young person never screened, a screening due
again after SCREENING_DUE_AFTER_DAYS. Each can be chosen as a filter."""

from datetime import timedelta

import time_machine

from riskapp.risk import service
from tests.helpers import now, sign_in


def _to_do(client, query: str = "") -> dict[str, list[str]]:
    rows = client.get(f"/dashboard{query}").soup.select("#caseload tbody tr")
    return {
        row.select_one("td a").get_text(strip=True): [tag.get_text(strip=True) for tag in row.select(".app-to-do-tag")]
        for row in rows
    }


def _names(client, query: str) -> list[str]:
    return sorted(_to_do(client, query))


def test_the_caseload_says_who_was_never_screened_or_is_due_a_screening(client, make, area, practitioner):
    never = make.young_person(area, first_name="Nia", last_name="Neverscreened")
    lately = make.young_person(area, first_name="Lily", last_name="Lately")
    make.screening(lately, practitioner)
    long_ago = make.young_person(area, first_name="Olly", last_name="Oldscreen")
    with time_machine.travel(now() - timedelta(days=92), tick=False):  # SCREENING_DUE_AFTER_DAYS is 91
        make.screening(long_ago, practitioner)
    for person in (never, lately, long_ago):
        service.rescore(person)

    assert _to_do(client) == {
        "Neverscreened, Nia": ["Never screened"],
        "Lately, Lily": [],
        "Oldscreen, Olly": ["Screening due again"],
    }
    assert _names(client, "?to_do=never-screened") == ["Neverscreened, Nia"]
    assert _names(client, "?to_do=screening-due") == ["Oldscreen, Olly"]
    # A draft is not a screening: it does not count until it is submitted.
    make.screening(never, practitioner, submit=False)
    assert _to_do(client)["Neverscreened, Nia"] == ["Never screened"]


def test_the_caseload_says_whose_return_interview_is_overdue(client, make, area, practitioner):
    people = {}
    for name, returned_hours_ago, interview in (
        ("Owed", 80, "offered"),  # back 80 hours ago, 72 allowed: overdue
        ("Notoffered", 73, "not-offered"),
        ("Recent", 20, "offered"),  # still within the 72 hours
        ("Done", 200, "done"),
        ("Declined", 200, "declined"),
        ("Unknown", 200, "not-known"),  # nobody said: a gap in the record, shown in the chronology
    ):
        person = make.young_person(area, first_name="Amy", last_name=name)
        make.screening(person, practitioner)
        returned = now() - timedelta(hours=returned_hours_ago)
        make.episode(
            person, practitioner, reported_at=returned - timedelta(hours=5), returned_at=returned,
            return_interview=interview, return_interview_at=None,
        )  # fmt: skip
        service.rescore(person)
        people[name] = person
    overdue = {name: tags for name, tags in _to_do(client).items() if "Return interview overdue" in tags}
    assert sorted(overdue) == ["Notoffered, Amy", "Owed, Amy"]
    assert _names(client, "?to_do=return-interview-overdue") == ["Notoffered, Amy", "Owed, Amy"]


def test_the_to_do_filter_ignores_what_it_does_not_know(client, make, area, practitioner):
    service.rescore(make.young_person(area, first_name="Nia", last_name="Neverscreened"))
    page = client.get("/dashboard?to_do=<script>")
    assert page.status_code == 200
    assert [a.get_text(strip=True) for a in page.soup.select("#caseload tbody td:first-child a")] == [
        "Neverscreened, Nia"
    ]


def test_screenings_to_review_says_how_many_were_never_screened_and_where_to_see_them(client, make, area):
    coordinator = make.user(role="cse-coordinator", authorities=[area])
    make.young_person(area, first_name="Nia", last_name="Neverscreened")
    make.young_person(make.authority("luton", "Luton"), first_name="Amira", last_name="Elsewhere")
    sign_in(client, coordinator)
    page = client.get("/coverage")
    text = " ".join(page.soup.select_one("#never-screened").get_text(" ", strip=True).split())
    assert text.startswith("1 young person in your authorities has never been screened.")
    assert page.soup.select_one("#never-screened a")["href"] == "/dashboard?to_do=never-screened"
