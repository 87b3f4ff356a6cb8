"""Drafts of screenings: one per person per young person, listed, discarded with a reason; a task
list that agrees with the check page; Submit only when nothing is missing; the band after it."""

import json
import uuid
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy.exc import IntegrityError

from riskapp.data import risk as risk_data
from riskapp.models import Screening
from riskapp.questionnaire.answers import Answer
from riskapp.reference import Role
from riskapp.risk import service as risk_service
from riskapp.risk.inputs import build_chronology
from riskapp.timeutil import today, utcnow
from tests.helpers import audit_actions, sign_in


def _start(client, young_person) -> str:
    response = client.post(f"/young-people/{young_person.id}/screenings", data={})
    assert response.status_code == 302
    return response.headers["Location"]


def _drafts(db_session, young_person) -> list[Screening]:
    return db_session.query(Screening).filter_by(young_person_id=young_person.id, status="draft").all()


def _indicator_names(page) -> list[str]:
    return sorted(
        {radio["name"] for radio in page.soup.select("input[type=radio]") if radio["name"].startswith("item__")}
    )


def _statuses(task_list) -> dict[str, str]:
    """Each section's link on the task list and the status it shows."""
    return {
        row.select_one("a")["href"]: row.select_one(".govuk-task-list__status").get_text(" ", strip=True)
        for row in task_list.soup.select(".govuk-task-list__item")
        if row.select_one("a")
    }


def _gap_links(check) -> list[str]:
    return [a["href"] for a in check.soup.select(".govuk-error-summary__list a")]


def _submit_button(check):
    return check.soup.select_one("form[action$='/submit'] button")


# One draft per person per young person


def test_starting_again_carries_on_with_the_draft_already_started(client, young_person, police, db_session):
    first = _start(client, young_person)
    assert client.get(first).soup.select_one("#resumed") is None
    again = _start(client, young_person)
    assert again.split("?")[0] == first and again.endswith("?resumed=1")
    page = client.get(again)
    banner = page.soup.select_one("#resumed").get_text(" ", strip=True)
    assert "You already had a screening in progress, started" in banner and "Carry on with it." in banner
    assert len(_drafts(db_session, young_person)) == 1


def test_a_colleague_starts_a_draft_of_their_own(client, make, area, young_person, police, db_session):
    _start(client, young_person)
    nurse = make.user(role=Role.PRACTITIONER, agency="health", authorities=[area])
    other = client.application.test_client()
    sign_in(other, nurse)
    assert "resumed" not in _start(other, young_person)
    assert {d.author_id for d in _drafts(db_session, young_person)} == {police.id, nurse.id}


def test_the_database_refuses_a_second_draft_for_one_person_and_young_person(make, young_person, officer, db_session):
    """Two starts at once (a double click) cannot both make a draft, whatever the code does."""
    draft = make.screening(young_person, officer, submit=False)
    second = Screening(
        id=uuid.uuid4(),
        young_person_id=young_person.id,
        definition=draft.definition,
        questionnaire_id=draft.questionnaire_id,
        questionnaire_version=draft.questionnaire_version,
        definition_hash=draft.definition_hash,
        status="draft",
        agency_id=officer.agency_id,
        author_id=officer.id,
    )
    with pytest.raises(IntegrityError):
        with db_session.begin_nested():
            db_session.add(second)
            db_session.flush()
    # Once submitted it is no longer a draft, and a new one may start.
    make.screening(young_person, officer)  # carries on with the draft and submits it
    make.screening(young_person, officer, submit=False)
    assert db_session.query(Screening).filter_by(young_person_id=young_person.id).count() == 2


def test_amending_while_a_draft_is_in_progress_carries_on_with_the_draft(
    client, make, young_person, police, db_session
):
    submitted = make.screening(young_person, police)
    draft_url = _start(client, young_person)
    response = client.post(f"/screenings/{submitted.id}/amend", data={"reason": "New information from health"})
    assert response.headers["Location"] == draft_url + "?resumed=1"
    assert len(_drafts(db_session, young_person)) == 1


# Your draft screenings


def test_your_drafts_lists_only_your_own_drafts_of_young_people_you_can_reach(
    client, make, area, young_person, police, db_session
):
    mine = make.screening(young_person, police, submit=False, answers={"missing_overnight_or_longer": "yes"})
    make.screening(make.young_person(area, first_name="Done"), police)  # submitted: not a draft
    colleague = make.user(authorities=[area])
    make.screening(make.young_person(area, first_name="Theirs"), colleague, submit=False)
    elsewhere = make.authority("luton", "Luton")
    moved_away = make.young_person(elsewhere, first_name="Moved")
    make.screening(moved_away, police, submit=False)  # started before the record moved to Luton
    discarded_of = make.young_person(area, first_name="Discarded")
    discarded = make.screening(discarded_of, police, submit=False)
    discarded.status = "discarded"
    db_session.flush()

    caseload = client.get("/dashboard")
    link = caseload.soup.select_one("#your-drafts a")
    assert link.get_text(strip=True) == "Your draft screenings (1)" and link["href"] == "/screenings/drafts"
    page = client.get(link["href"])
    assert page.soup.h1.get_text(strip=True) == "Your draft screenings"
    rows = [[c.get_text(" ", strip=True) for c in row.select("td")] for row in page.soup.select("#drafts tbody tr")]
    assert len(rows) == 1
    name, questionnaire, started, saved, missing, _discard = rows[0]
    assert name.startswith("Oakhollow, Tyler") and questionnaire.startswith("CSE screening")
    assert started and saved
    # Every indicator is answered (Not known) but the "yes" needs its evidence.
    assert missing == "1"
    assert page.soup.select_one("#drafts tbody a")["href"] == f"/screenings/{mine.id}"
    assert audit_actions(db_session, action="view-list", object_type="screening-drafts")


def test_your_drafts_shows_when_each_was_last_saved(client, young_person, police):
    task_list_url = _start(client, young_person)
    with time_machine.travel(utcnow() + timedelta(minutes=10)):
        first = client.get(task_list_url).soup.select_one(".govuk-task-list a")["href"]
        client.post(first, data=dict.fromkeys(_indicator_names(client.get(first)), "not-known"))
        client.post(first, data=dict.fromkeys(_indicator_names(client.get(first)), "not-known"))  # saved again
        [row] = client.get("/screenings/drafts").soup.select("#drafts tbody tr")
    started, saved = (cell.get_text(strip=True) for cell in row.select("td")[2:4])
    assert started != saved


def test_no_drafts_no_link_and_an_empty_list_says_so(client, police):
    assert client.get("/dashboard").soup.select_one("#your-drafts") is None
    assert "You have no draft screenings" in client.get("/screenings/drafts").soup.select_one("main").get_text()


# Discarding a draft


def test_discarding_a_draft_needs_a_reason_is_audited_and_the_draft_counts_nowhere(
    client, make, young_person, police, db_session
):
    before = risk_service.rescore(young_person)
    draft = make.screening(
        young_person,
        police,
        submit=False,
        answers={"sexual_assault": Answer("sexual_assault", "answered", "yes", "Disclosed to a teacher", today())},
    )
    url = f"/screenings/{draft.id}/discard"
    page = client.get(url)
    assert page.soup.h1.get_text(strip=True).startswith("Are you sure you want to discard this draft screening")
    assert page.soup.select_one("button.govuk-button--warning").get_text(strip=True) == "Discard draft"
    for reason in ("", "   "):
        refused = client.post(url, data={"reason": reason})
        assert refused.status_code == 200
        assert "Enter why you are discarding this draft" in refused.soup.select_one(".govuk-error-summary").get_text()
    db_session.refresh(draft)
    assert draft.status == "draft"

    reason = "Started by mistake: Jo Bloggs at the school is screening him"
    response = client.post(url, data={"reason": reason})
    assert response.status_code == 302 and response.headers["Location"] == "/screenings/drafts"
    db_session.refresh(draft)
    assert (draft.status, draft.discard_reason) == ("discarded", reason) and draft.discarded_at is not None
    [entry] = audit_actions(db_session, action="discard-draft")
    assert json.loads(entry.details) == {"reason_given": True} and entry.object_id == str(draft.id)
    assert "Jo Bloggs" not in entry.details

    # Not listed, not resumable, not on the record, and its answers never count.
    assert client.get("/screenings/drafts").soup.select("#drafts tbody tr") == []
    assert client.get(f"/young-people/{young_person.id}").soup.select("#screenings + table tbody tr") == []
    blocked = client.get(f"/screenings/{draft.id}/sections/missing_whereabouts")
    assert blocked.status_code == 302 and blocked.headers["Location"] == f"/screenings/{draft.id}"
    assert "Discarded" in client.get(f"/screenings/{draft.id}").soup.select_one("main").get_text()
    assert client.get(f"/screenings/{draft.id}/fhir.json").json["status"] == "stopped"
    assert client.post(f"/screenings/{draft.id}/submit", data={}).status_code == 302
    db_session.refresh(draft)
    assert draft.status == "discarded"
    assert build_chronology(young_person).screenings == ()
    after = risk_service.rescore(young_person)
    assert (after.band, after.score) == (before.band, before.score)
    assert "resumed" not in _start(client, young_person), "starting again makes a new draft"


def test_only_the_author_discards_a_draft(client, make, area, young_person, officer, db_session):
    draft = make.screening(young_person, officer, submit=False)
    colleague = make.user(role=Role.PRACTITIONER, authorities=[area])
    sign_in(client, colleague)
    assert client.get(f"/screenings/{draft.id}/discard").status_code == 403
    assert client.post(f"/screenings/{draft.id}/discard", data={"reason": "Not mine"}).status_code == 403
    db_session.refresh(draft)
    assert draft.status == "draft"


# The task list and the check page agree; Submit only when complete


def test_the_task_list_and_the_check_page_agree(client, young_person, police):
    task_list_url = _start(client, young_person)
    statuses = _statuses(client.get(task_list_url))
    first = next(iter(statuses))
    assert set(statuses.values()) == {"Not started"}

    # Every indicator of the first section Not known, its other questions left blank.
    page = client.get(first)
    assert client.post(first, data=dict.fromkeys(_indicator_names(page), "not-known")).status_code == 302
    statuses = _statuses(client.get(task_list_url))
    gap_pages = {link.split("#")[0] for link in _gap_links(client.get(task_list_url + "/check"))}
    assert first not in gap_pages and statuses[first] == "Completed"
    for section, status in statuses.items():
        assert (status == "Completed") == (section not in gap_pages), section

    # Half of the next section: in progress, with how many answers it still needs.
    second = list(statuses)[1]
    names = _indicator_names(client.get(second))
    client.post(second, data=dict.fromkeys(names[:1], "not-known"))
    task_list = client.get(task_list_url)
    assert _statuses(task_list)[second] == "In progress"
    check = client.get(task_list_url + "/check")
    assert sum(link.startswith(second + "#") for link in _gap_links(check)) == len(names) - 1


def test_submit_shows_only_when_nothing_is_missing_and_each_gap_links_to_its_question(
    client, young_person, police, db_session
):
    task_list_url = _start(client, young_person)
    check = client.get(task_list_url + "/check")
    links = _gap_links(check)
    assert _submit_button(check) is None
    summary = check.soup.select_one(".govuk-error-summary__title").get_text(strip=True)
    assert summary == f"There are {len(links)} answers still needed"
    link = links[0]
    page, field = link.split("#")
    assert field.startswith("item__")
    assert client.get(page).soup.find(id=field) is not None, "the link lands on the question's first answer"

    refused = client.post(task_list_url + "/submit", data={})
    assert refused.status_code == 302 and refused.headers["Location"].endswith("/check")
    assert _gap_links(client.get(refused.headers["Location"])) == links
    assert _drafts(db_session, young_person), "still a draft"

    # A "yes" without its evidence links to the evidence box.
    [section] = {link.split("#")[0] for link in links if "missing_overnight_or_longer" in link}
    answers = dict.fromkeys(_indicator_names(client.get(section)), "not-known")
    client.post(section, data={**answers, "item__missing_overnight_or_longer": "yes"})
    evidence = [link for link in _gap_links(client.get(task_list_url + "/check")) if "overnight" in link]
    assert [link.split("#")[1] for link in evidence] == ["item__missing_overnight_or_longer__evidence"]
    assert client.get(section).soup.find(id="item__missing_overnight_or_longer__evidence") is not None

    for section in _statuses(client.get(task_list_url)):
        names = _indicator_names(client.get(section))
        client.post(section, data=dict.fromkeys(names, "not-known"))
    check = client.get(task_list_url + "/check")
    assert _gap_links(check) == [] and _submit_button(check).get_text(strip=True) == "Submit screening"
    assert set(_statuses(client.get(task_list_url)).values()) == {"Completed"}


# After submitting


def _ready_to_submit(make, young_person, author, **answers) -> Screening:
    given = {
        item_id: Answer(item_id, "answered", value, "Seen by the author", today() - timedelta(days=1))
        for item_id, value in answers.items()
    }
    return make.screening(young_person, author, submit=False, answers=given)


def test_after_submitting_the_band_in_force_and_what_it_was(client, make, young_person, police):
    before = risk_service.rescore(young_person)
    draft = _ready_to_submit(make, young_person, police, sexual_assault="yes", boy_missing_any="yes")
    response = client.post(f"/screenings/{draft.id}/submit", data={})
    assert response.headers["Location"] == f"/screenings/{draft.id}/submitted"
    page = client.get(response.headers["Location"])
    assert page.soup.h1.get_text(strip=True) == "Screening submitted"
    now = risk_data.current_result(young_person.id)
    labels = risk_service.active_rules().band_labels
    assert now.band != before.band
    assert page.soup.select_one("#band-in-force").get_text(strip=True) == labels[now.band]
    assert page.soup.select_one("#band-change").get_text(strip=True) == (
        f"Band in force: {labels[now.band]} (was {labels[before.band]})."
    )


def test_after_submitting_an_unchanged_band_says_so(client, make, area, young_person, police):
    before = risk_service.rescore(young_person)
    draft = _ready_to_submit(make, young_person, police, missing_overnight_or_longer="no")
    client.post(f"/screenings/{draft.id}/submit", data={})
    page = client.get(f"/screenings/{draft.id}/submitted")
    label = risk_service.active_rules().band_labels[before.band]
    assert page.soup.select_one("#band-change").get_text(strip=True) == (
        f"Band in force: {label}, unchanged by this screening."
    )
    # A draft has no confirmation yet.
    other = make.screening(make.young_person(area), police, submit=False)
    assert client.get(f"/screenings/{other.id}/submitted").headers["Location"] == f"/screenings/{other.id}"
