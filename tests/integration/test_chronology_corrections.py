"""Correcting a recorded incident, plan review or note (issue 11, item 3), as a missing episode is
corrected: from the chronology, with what was saved filled in, a stale save refused with the
conflict page, every change audited. (A correction that would lower the band waits for a manager:
tests/integration/test_band_decisions.py walks it.)"""

import json
from datetime import date

import pytest
from sqlalchemy import select

from riskapp.models import Incident, MissingEpisode, PlanReview, ProfessionalNote
from riskapp.reference import Role
from riskapp.templating import uk_datetime
from tests.helpers import audit_actions, sign_in
from tests.integration.test_chronology import _post, _timeline, _valid

MODELS = {"incidents": Incident, "plan-reviews": PlanReview, "notes": ProfessionalNote}
KIND = {"incidents": "incident", "plan-reviews": "plan-review", "notes": "note"}
OBJECT_TYPES = {"incidents": "incident", "plan-reviews": "plan_review", "notes": "professional_note"}
LINKS = {"incidents": "Correct this incident", "plan-reviews": "Correct this plan review", "notes": "Correct this note"}
TITLES = {
    "incidents": "Correct an incident",
    "plan-reviews": "Correct a plan review",
    "notes": "Correct a professional note",
}
# One field of each kind, what the test changes it to, and the column that holds it.
CORRECTIONS = {
    "incidents": ("location", "Bus station, not the retail park", "location"),
    "plan-reviews": ("summary", "Added a curfew and a safety plan for school", "summary"),
    "notes": ("text", "Seen with a new phone and new trainers", "text"),
}


@pytest.fixture
def young_person(make, area):
    return make.young_person(area, date_of_birth=date(2010, 1, 1))


@pytest.fixture(autouse=True)
def practitioner(make, area, client):
    user = make.user(role=Role.PRACTITIONER, agency="police", authorities=[area], full_name="Dana Okafor")
    sign_in(client, user)
    return user


def _recorded(client, young_person, db_session, kind):
    assert _post(client, young_person, kind, _valid(kind)).status_code == 302
    return db_session.scalars(select(MODELS[kind])).one()


def _url(young_person, kind, entry):
    return f"/young-people/{young_person.id}/{kind}/{entry.id}/edit"


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_the_chronology_links_each_entry_to_its_correction(client, young_person, db_session, kind):
    entry = _recorded(client, young_person, db_session, kind)
    item = _timeline(client, young_person).soup.select_one(f"li[data-kind={KIND[kind]}]")
    [link] = [a for a in item.select("a") if a.get_text(strip=True).startswith(LINKS[kind])]
    assert link["href"] == _url(young_person, kind, entry)
    assert link.select_one(".govuk-visually-hidden").get_text(strip=True).startswith("of ")


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_an_entry_can_be_corrected_and_a_stale_correction_is_refused(client, young_person, db_session, kind):
    entry = _recorded(client, young_person, db_session, kind)
    url = _url(young_person, kind, entry)
    page = client.get(url)
    assert page.soup.h1.get_text(strip=True) == TITLES[kind]
    assert page.soup.select_one("input[name=version]")["value"] == "1"
    assert page.soup.select_one("input[name=submission_token]") is None, "only create forms are once-only"
    name, corrected, column = CORRECTIONS[kind]
    saved = page.soup.select_one(f"[name={name}]")
    assert (saved.get("value") or saved.get_text()) == _valid(kind)[name], "what was saved is filled in"

    form = {**_valid(kind), "version": "1", name: corrected}
    response = client.post(url, data=form)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/chronology#{KIND[kind]}-{entry.id}")
    db_session.refresh(entry)
    assert (getattr(entry, column), entry.version) == (corrected, 2)
    [update] = audit_actions(db_session, action="update", object_type=OBJECT_TYPES[kind])
    assert update.young_person_id == young_person.id
    assert json.loads(update.details) == {"version": 2, "changes": {column: [_valid(kind)[name], corrected]}}
    assert corrected in _timeline(client, young_person).soup.select_one(f"li[data-kind={KIND[kind]}]").get_text()

    stale = client.post(url, data={**form, name: "Someone else's correction"})
    assert stale.status_code == 409
    assert stale.soup.select_one("#conflict") is not None
    assert stale.soup.select_one("input[name=version]")["value"] == "2", "saving again is a deliberate choice"
    db_session.refresh(entry)
    assert getattr(entry, column) == corrected
    outcomes = [e.outcome for e in audit_actions(db_session, action="update", object_type=OBJECT_TYPES[kind])]
    assert outcomes == ["success", "conflict"]


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_saving_a_correction_unchanged_changes_nothing(client, young_person, db_session, kind):
    """Not even a date-only entry's moment (stored as 'now' when dated today)."""
    entry = _recorded(client, young_person, db_session, kind)
    assert client.post(_url(young_person, kind, entry), data={**_valid(kind), "version": "1"}).status_code == 302
    db_session.refresh(entry)
    assert entry.version == 1
    assert audit_actions(db_session, action="update", object_type=OBJECT_TYPES[kind]) == []


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_a_wrong_correction_gets_the_same_messages_as_recording(client, young_person, db_session, kind):
    entry = _recorded(client, young_person, db_session, kind)
    required = {"incidents": "occurred_time", "plan-reviews": "summary", "notes": "text"}[kind]
    response = client.post(_url(young_person, kind, entry), data={**_valid(kind), "version": "1", required: ""})
    assert response.status_code == 200
    assert response.soup.select_one(".govuk-error-summary a")["href"] == f"#{required}"
    db_session.refresh(entry)
    assert entry.version == 1


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_another_authoritys_police_cannot_correct(client, make, young_person, db_session, kind):
    entry = _recorded(client, young_person, db_session, kind)
    elsewhere = client.application.test_client()
    sign_in(elsewhere, make.user(agency="police", authorities=[make.authority("luton", "Luton")]))
    url = _url(young_person, kind, entry)
    assert elsewhere.get(url).status_code == 404
    assert elsewhere.post(url, data={**_valid(kind), "version": "1", CORRECTIONS[kind][0]: "x"}).status_code == 404
    db_session.refresh(entry)
    assert entry.version == 1


def test_an_entry_of_another_young_person_is_not_found(client, make, area, young_person, db_session):
    entry = _recorded(client, young_person, db_session, "notes")
    other = make.young_person(area)
    assert client.get(f"/young-people/{other.id}/notes/{entry.id}/edit").status_code == 404
    assert client.get(f"/young-people/{young_person.id}/incidents/{entry.id}/edit").status_code == 404


# The history: the chronology says which entries were corrected, when, by whom and what changed.

CHANGED = {"incidents": "Where it happened", "plan-reviews": "Summary of the review", "notes": "Note"}


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_a_corrected_entry_says_when_by_whom_and_what_changed(client, young_person, db_session, kind):
    entry = _recorded(client, young_person, db_session, kind)
    item = _timeline(client, young_person).soup.select_one(f"li[data-kind={KIND[kind]}]")
    assert item.select_one(".app-timeline__corrected") is None, "not corrected yet"
    name, corrected, _column = CORRECTIONS[kind]
    client.post(_url(young_person, kind, entry), data={**_valid(kind), "version": "1", name: corrected})
    [update] = audit_actions(db_session, action="update", object_type=OBJECT_TYPES[kind])
    item = _timeline(client, young_person).soup.select_one(f"li[data-kind={KIND[kind]}]")
    said = " ".join(item.select_one(".app-timeline__corrected").get_text(" ", strip=True).split())
    assert said == f"Corrected {uk_datetime(update.occurred_at)} by Dana Okafor. Changed: {CHANGED[kind]}."


def test_the_last_correction_is_shown_and_labels_follow_their_choice(client, young_person, db_session):
    """A new type of incident changes its label and whether it is significant: one change, named once."""
    entry = _recorded(client, young_person, db_session, "incidents")
    url = _url(young_person, "incidents", entry)
    client.post(url, data={**_valid("incidents"), "version": "1", "location": "Bus station"})
    client.post(url, data={**_valid("incidents"), "version": "2", "location": "Bus station", "incident_type": "other"})
    item = _timeline(client, young_person).soup.select_one("li[data-kind=incident]")
    said = item.select_one(".app-timeline__corrected").get_text(" ", strip=True)
    assert said.endswith("Changed: Type of incident.")


def test_a_corrected_episode_says_so_too(client, young_person, db_session):
    assert _post(client, young_person, "episodes", _valid("episodes")).status_code == 302
    episode = db_session.scalars(select(MissingEpisode)).one()
    url = f"/young-people/{young_person.id}/episodes/{episode.id}/edit"
    client.get(url)
    assert client.post(url, data={**_valid("episodes"), "version": "1", "vehicle": "Blue van"}).status_code == 302
    item = _timeline(client, young_person).soup.select_one("li[data-kind=episode]")
    said = item.select_one(".app-timeline__corrected").get_text(" ", strip=True)
    assert "by Dana Okafor" in said and said.endswith("Changed: Vehicle.")


# Withdrawing a note: it stays, marked withdrawn with who, when and why, and no longer counts.

REASON = "Written about the wrong young person."


def _withdraw_url(young_person, note):
    return f"/young-people/{young_person.id}/notes/{note.id}/withdraw"


def test_a_note_can_be_withdrawn_with_a_reason_and_stays_on_the_chronology(client, young_person, db_session):
    note = _recorded(client, young_person, db_session, "notes")
    item = _timeline(client, young_person).soup.select_one("li[data-kind=note]")
    [link] = [a for a in item.select("a") if a.get_text(strip=True).startswith("Withdraw this note")]
    assert link["href"] == _withdraw_url(young_person, note)
    page = client.get(link["href"])
    assert page.soup.h1.get_text(strip=True) == "Are you sure you want to withdraw this note?"
    assert "Seen with a new phone" in page.soup.select_one(".govuk-inset-text").get_text()

    for reason in ("", "   "):
        refused = client.post(link["href"], data={"version": "1", "reason": reason})
        assert refused.status_code == 200
        summary = refused.soup.select_one(".govuk-error-summary")
        assert summary.get_text(" ", strip=True).endswith("Enter why you are withdrawing this note")
    db_session.refresh(note)
    assert note.withdrawn_at is None

    response = client.post(link["href"], data={"version": "1", "reason": REASON})
    assert response.status_code == 302
    db_session.refresh(note)
    assert (note.is_withdrawn, note.withdrawn_by.full_name, note.withdrawn_reason, note.version) == (
        True,
        "Dana Okafor",
        REASON,
        2,
    )
    [update] = audit_actions(db_session, action="update", object_type="professional_note")
    assert json.loads(update.details)["changes"]["withdrawn_reason"] == ["", REASON]

    page = _timeline(client, young_person)
    item = page.soup.select_one("li[data-kind=note]")
    assert item.select_one("h3 .govuk-tag").get_text(strip=True) == "Withdrawn"
    withdrawn = " ".join(item.select_one(".app-timeline__withdrawn").get_text(" ", strip=True).split())
    assert withdrawn == (
        f"Withdrawn {uk_datetime(note.withdrawn_at)} by Dana Okafor. It no longer counts towards the risk "
        f"assessment. Reason: {REASON}"
    )
    assert item.select_one("del").get_text(strip=True) == "Seen with a new phone"
    assert not [a for a in item.select("a") if a.get_text(strip=True).startswith(("Correct", "Withdraw"))]
    assert item.select_one(".app-timeline__corrected") is None, "the withdrawal says so itself"


def test_a_withdrawn_note_no_longer_counts(client, young_person, db_session):
    from riskapp.risk.inputs import build_chronology

    _post(client, young_person, "notes", {**_valid("notes"), "evidence_of": "disclosure_of_exploitation"})
    note = db_session.scalars(select(ProfessionalNote)).one()
    assert [n.evidence_of for n in build_chronology(young_person).notes] == ["disclosure_of_exploitation"]
    assert client.post(_withdraw_url(young_person, note), data={"version": "1", "reason": REASON}).status_code == 302
    db_session.expire_all()
    assert build_chronology(young_person).notes == ()
    item = _timeline(client, young_person).soup.select_one("li[data-kind=note]")
    row = item.find("dt", string=lambda s: s and s.strip() == "Evidence of").find_next_sibling("dd")
    assert row.get_text(strip=True).endswith("(no longer counts: withdrawn)")


def test_a_withdrawn_note_cannot_be_corrected_or_withdrawn_again(client, young_person, db_session):
    note = _recorded(client, young_person, db_session, "notes")
    client.post(_withdraw_url(young_person, note), data={"version": "1", "reason": REASON})
    corrected = client.post(_url(young_person, "notes", note), data={**_valid("notes"), "version": "2", "text": "x"})
    assert corrected.status_code == 302
    again = client.post(_withdraw_url(young_person, note), data={"version": "2", "reason": "Another reason here"})
    assert again.status_code == 302
    db_session.refresh(note)
    assert (note.text, note.withdrawn_reason, note.version) == ("Seen with a new phone", REASON, 2)
    banners = client.get(again.headers["Location"]).soup.select(".govuk-notification-banner")
    assert "This note has already been withdrawn." in " ".join(b.get_text(" ", strip=True) for b in banners)


def test_a_stale_withdrawal_gets_the_conflict_page(client, young_person, db_session):
    note = _recorded(client, young_person, db_session, "notes")
    url = _url(young_person, "notes", note)
    client.post(url, data={**_valid("notes"), "version": "1", "text": "Seen with a new phone and trainers"})
    stale = client.post(_withdraw_url(young_person, note), data={"version": "1", "reason": REASON})
    assert stale.status_code == 409
    assert stale.soup.select_one("#conflict") is not None
    db_session.refresh(note)
    assert not note.is_withdrawn


def test_another_authoritys_police_cannot_withdraw(client, make, young_person, db_session):
    note = _recorded(client, young_person, db_session, "notes")
    elsewhere = client.application.test_client()
    sign_in(elsewhere, make.user(agency="police", authorities=[make.authority("luton", "Luton")]))
    assert elsewhere.get(_withdraw_url(young_person, note)).status_code == 404
    assert elsewhere.post(_withdraw_url(young_person, note), data={"version": "1", "reason": REASON}).status_code == 404
    db_session.refresh(note)
    assert not note.is_withdrawn
