"""Every fact counts wherever it was recorded (issue 9, item 2), on the chronology's side: an
incident or a note can say what it is evidence of, an episode says whether the young person was
found with an adult of concern or at a place of concern, and an unstated return home interview
is "not known". Each through the routes, on both databases."""

import dataclasses
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from riskapp.catalogue.labels import load_labels
from riskapp.models import Incident, MissingEpisode, ProfessionalNote
from riskapp.questionnaire.problems import DefinitionError
from riskapp.reference import Role
from riskapp.timeutil import utcnow
from tests.helpers import audit_actions, sign_in
from tests.integration.test_chronology import _add_episode, _date, _days_ago, _post, _timeline, _valid

ROOT = Path(__file__).resolve().parents[2]
DISCLOSURE = "disclosure_of_exploitation"
DISCLOSURE_TEXT = "The young person has told someone that they are being, or have been, sexually exploited or abused."
MODELS = {"incidents": Incident, "notes": ProfessionalNote}
TYPED = {"incidents": ("description", "Taken in a car"), "notes": ("text", "Seen with a new phone")}


@pytest.fixture
def young_person(make, area):
    return make.young_person(area, date_of_birth=date(2010, 1, 1))


@pytest.fixture
def practitioner(make, young_person, client):
    """Not the shared one: a police officer, recording what the police saw."""
    user = make.user(
        role=Role.PRACTITIONER, agency="police", authorities=[young_person.responsible_authority], full_name="Ola Reid"
    )
    sign_in(client, user)
    return user


def _rules_mapping(monkeypatch, incident_evidence: dict) -> None:
    """The active rules with this mapping of incident types to indicators (the shipped rules file
    holds its own, set in the scoring core's part of issue 9)."""
    from riskapp.risk import service

    real = service.active_rules
    monkeypatch.setattr(
        service, "active_rules", lambda: dataclasses.replace(real(), incident_evidence=incident_evidence)
    )


@pytest.fixture
def disclosure_counts(monkeypatch, app):
    _rules_mapping(monkeypatch, {"disclosure": (DISCLOSURE,)})


# "What is this evidence of?" on incidents and notes


@pytest.mark.parametrize("kind", ["incidents", "notes"])
def test_the_choice_lists_the_indicators_by_section_with_nothing_chosen(client, practitioner, young_person, kind):
    page = client.get(f"/young-people/{young_person.id}/{kind}/new")
    choice = page.soup.select_one("select#evidence_of[name=evidence_of]")
    label = page.soup.select_one("label[for=evidence_of]").get_text(strip=True)
    assert label == "What is this evidence of? (optional)"
    options = choice.select("option")
    assert (options[0]["value"], options[0].get_text(strip=True)) == ("", "No particular indicator")
    assert [o["value"] for o in choice.select("option[selected]")] == [""]
    voice = choice.select_one("optgroup[label='Voice of the young person']")
    assert voice.select_one(f"option[value={DISCLOSURE}]").get_text(strip=True) == DISCLOSURE_TEXT
    assert choice.select_one("optgroup[label='Missing and whereabouts'] option[value=missing_overnight_or_longer]")
    assert len(choice.select("optgroup option")) > 50, "every indicator of the active questionnaire"
    assert not choice.select("optgroup option[value=voice_what_said]"), "questions that are not indicators are left out"
    hint = page.soup.select_one("#evidence_of-hint").get_text(" ", strip=True)
    assert "For example, choose 'The young person has told someone…' when they disclosed" in hint
    assert "evidence_of-hint" in choice["aria-describedby"]


@pytest.mark.parametrize("kind", ["incidents", "notes"])
def test_the_choice_is_stored_audited_and_shown_on_the_timeline(client, practitioner, young_person, db_session, kind):
    response = _post(client, young_person, kind, {**_valid(kind), "evidence_of": DISCLOSURE})
    assert response.status_code == 302
    entry = db_session.scalars(select(MODELS[kind])).one()
    assert entry.evidence_of == DISCLOSURE
    created = audit_actions(db_session, action="create", object_id=str(entry.id))
    assert json.loads(created[0].details)["evidence_of"] == DISCLOSURE
    item = _timeline(client, young_person).soup.select_one(f"li[data-kind={kind.removesuffix('s')}]")
    row = item.find("dt", string=lambda s: s and s.strip() == "Evidence of").find_next_sibling("dd")
    assert row.get_text(strip=True) == DISCLOSURE_TEXT


@pytest.mark.parametrize("kind", ["incidents", "notes"])
def test_leaving_the_choice_stores_nothing_and_shows_nothing(client, practitioner, young_person, db_session, kind):
    assert _post(client, young_person, kind, _valid(kind)).status_code == 302
    assert db_session.scalars(select(MODELS[kind])).one().evidence_of == ""
    item = _timeline(client, young_person).soup.select_one(f"li[data-kind={kind.removesuffix('s')}]")
    assert "Evidence of" not in item.get_text()


@pytest.mark.parametrize("kind", ["incidents", "notes"])
@pytest.mark.parametrize("value", ["not_an_indicator", "voice_what_said", "disclosure_of_exploitation<script>"])
def test_an_unknown_indicator_is_refused_and_what_was_typed_is_kept(
    client, practitioner, young_person, db_session, kind, value
):
    response = _post(client, young_person, kind, {**_valid(kind), "evidence_of": value})
    assert response.status_code == 200
    summary = response.soup.select_one(".govuk-error-summary")
    link = summary.find("a", string=lambda s: s and "Select what this is evidence of from the list" in s)
    assert link is not None and link["href"] == "#evidence_of", summary.get_text()
    assert "Select what this is evidence of" in response.soup.select_one("#evidence_of-error").get_text()
    assert "govuk-select--error" in response.soup.select_one("#evidence_of")["class"]
    name, typed = TYPED[kind]
    assert response.soup.select_one(f"#{name}").get_text() == typed
    assert db_session.scalars(select(MODELS[kind])).all() == []


def test_a_valid_choice_is_kept_when_another_field_is_wrong(client, practitioner, young_person):
    response = _post(client, young_person, "notes", {**_valid("notes"), "evidence_of": DISCLOSURE, "text": ""})
    assert response.status_code == 200
    assert response.soup.select_one("#evidence_of option[selected]")["value"] == DISCLOSURE


def test_a_police_officer_records_a_disclosure_in_a_note(client, practitioner, young_person, db_session):
    """The issue's own case: the officer who heard a disclosure records it as a note."""
    data = {**_date("noted_on", _days_ago(2)), "text": "She told PC Reid the men made her.", "evidence_of": DISCLOSURE}
    assert _post(client, young_person, "notes", data).status_code == 302
    note = db_session.scalars(select(ProfessionalNote)).one()
    assert (note.evidence_of, note.agency.slug, note.noted_at.date()) == (DISCLOSURE, "police", _days_ago(2))


def test_incident_types_that_already_count_say_so(client, practitioner, young_person, db_session, disclosure_counts):
    page = client.get(f"/young-people/{young_person.id}/incidents/new")
    disclosure = page.soup.select_one("input[name=incident_type][value=disclosure]")
    hint = page.soup.select_one(f"#{disclosure['aria-describedby']}").get_text(" ", strip=True)
    assert hint == f"Counts as evidence of: {DISCLOSURE_TEXT}"
    kidnap = page.soup.select_one("input[name=incident_type][value=kidnap]")
    assert not kidnap.has_attr("aria-describedby"), "a type the rules do not map has no such hint"
    assert "already count as evidence" in page.soup.select_one("#evidence_of-hint").get_text()

    response = _post(client, young_person, "incidents", {**_valid("incidents"), "incident_type": "disclosure"})
    page = client.get(response.headers["Location"])
    assert "Its type counts as evidence" in page.soup.select_one(".govuk-notification-banner").get_text()
    item = page.soup.select_one("li[data-kind=incident]")
    row = item.find("dt", string=lambda s: s and "Its type counts as evidence of" in s).find_next_sibling("dd")
    assert row.get_text(strip=True) == DISCLOSURE_TEXT


def test_without_a_mapping_no_type_claims_to_count(client, practitioner, young_person, db_session, monkeypatch):
    _rules_mapping(monkeypatch, {})
    page = client.get(f"/young-people/{young_person.id}/incidents/new")
    assert "already count as evidence" not in page.soup.select_one("#evidence_of-hint").get_text()
    assert page.soup.select("input[name=incident_type][aria-describedby]") == []
    response = _post(client, young_person, "incidents", {**_valid("incidents"), "incident_type": "disclosure"})
    page = client.get(response.headers["Location"])
    assert "counts as evidence" not in page.soup.select_one(".govuk-notification-banner").get_text()
    assert "Its type counts" not in page.soup.select_one("li[data-kind=incident]").get_text()


# Episodes: found with an adult of concern, at a place of concern

FACTS = ("found_with_adult_of_concern", "found_at_place_of_concern")


def test_the_new_questions_start_with_nothing_chosen(client, practitioner, young_person):
    page = client.get(f"/young-people/{young_person.id}/episodes/new")
    legends = [legend.get_text(" ", strip=True) for legend in page.soup.select("legend")]
    assert "Was the young person found with an adult of concern?" in legends
    assert (
        "Were they found at a place of concern, such as a property used for dealing drugs, a hotel or a takeaway?"
        in legends
    )
    for name in FACTS:
        radios = page.soup.select(f"input[type=radio][name={name}]")
        assert [r["value"] for r in radios] == ["yes", "no", "not-known"]
        assert [r.find_next("label").get_text(strip=True) for r in radios] == ["Yes", "No", "Not known"]
        assert not any(r.has_attr("checked") for r in radios), f"{name} must not be pre-selected"


def test_the_answers_are_stored_and_shown(client, practitioner, young_person, db_session):
    data = {**_valid("episodes"), "found_with_adult_of_concern": "yes", "found_at_place_of_concern": "no"}
    assert _post(client, young_person, "episodes", data).status_code == 302
    episode = db_session.scalars(select(MissingEpisode)).one()
    assert (episode.found_with_adult_of_concern, episode.found_at_place_of_concern) == ("yes", "no")
    details = json.loads(audit_actions(db_session, action="create", object_type="missing_episode")[0].details)
    assert (details["found_with_adult_of_concern"], details["found_at_place_of_concern"]) == ("yes", "no")
    text = _timeline(client, young_person).soup.select_one("li[data-kind=episode]").get_text(" ", strip=True)
    assert "Found with an adult of concern Yes" in text and "Found at a place of concern No" in text


def test_unanswered_questions_are_stored_as_not_known(client, practitioner, young_person, db_session):
    assert _post(client, young_person, "episodes", _valid("episodes")).status_code == 302
    episode = db_session.scalars(select(MissingEpisode)).one()
    assert (episode.found_with_adult_of_concern, episode.found_at_place_of_concern) == ("not-known", "not-known")
    text = _timeline(client, young_person).soup.select_one("li[data-kind=episode]").get_text(" ", strip=True)
    assert "Found with an adult of concern Not known" in text and "Found at a place of concern Not known" in text


def test_a_made_up_answer_is_refused_and_what_was_typed_is_kept(client, practitioner, young_person, db_session):
    data = {**_valid("episodes"), "found_with_adult_of_concern": "maybe", "found_at_place_of_concern": "yes"}
    response = _post(client, young_person, "episodes", data)
    assert response.status_code == 200
    assert response.soup.select_one(".govuk-error-summary a[href='#found_with_adult_of_concern']") is not None
    assert response.soup.select_one("input[name=found_at_place_of_concern][value=yes]").has_attr("checked")
    assert response.soup.select_one("#found_with")["value"] == "Two older males"
    assert db_session.scalars(select(MissingEpisode)).all() == []


def test_the_answers_can_be_corrected(client, practitioner, young_person, db_session):
    _post(client, young_person, "episodes", {**_valid("episodes"), "found_at_place_of_concern": "not-known"})
    episode = db_session.scalars(select(MissingEpisode)).one()
    url = f"/young-people/{young_person.id}/episodes/{episode.id}/edit"
    page = client.get(url)
    assert page.soup.select_one("input[name=found_at_place_of_concern][value=not-known]").has_attr("checked")
    assert not any(r.has_attr("checked") for r in page.soup.select("input[name=found_with_adult_of_concern]")[:2])
    form = {
        **_valid("episodes"),
        "version": "1",
        "found_with_adult_of_concern": "yes",
        "found_at_place_of_concern": "yes",
    }
    assert client.post(url, data=form).status_code == 302
    db_session.refresh(episode)
    assert (episode.found_with_adult_of_concern, episode.found_at_place_of_concern) == ("yes", "yes")
    changes = json.loads(audit_actions(db_session, action="update", object_type="missing_episode")[0].details)
    assert changes["changes"]["found_with_adult_of_concern"] == ["not-known", "yes"]
    assert changes["changes"]["found_at_place_of_concern"] == ["not-known", "yes"]


# An unstated return home interview is "not known"


def test_an_episode_with_no_interview_stated_is_not_known_not_late(client, practitioner, young_person, db_session):
    returned = utcnow() - timedelta(hours=100)
    episode = _add_episode(young_person, practitioner, reported_at=returned - timedelta(hours=5), returned_at=returned)
    assert episode.return_interview == "not-known"
    item = _timeline(client, young_person).soup.select_one(f"#episode-{episode.id}")
    text = item.get_text(" ", strip=True)
    assert "Return home interview Not known: nobody has recorded whether one was offered" in text
    assert "Not offered" not in text
    assert [tag.get_text(strip=True) for tag in item.select(".govuk-tag")] == ["Not recorded"], "not overdue"


def test_the_correction_form_shows_an_unstated_interview_as_not_known(client, practitioner, young_person):
    episode = _add_episode(young_person, practitioner, returned_at=utcnow() - timedelta(days=9))
    page = client.get(f"/young-people/{young_person.id}/episodes/{episode.id}/edit")
    checked = page.soup.select_one("input[name=return_interview][checked]")
    assert checked["value"] == "not-known" and checked.find_next("label").get_text(strip=True) == "Not known"


def test_the_interview_question_is_still_required(client, practitioner, young_person, db_session):
    response = _post(client, young_person, "episodes", {**_valid("episodes"), "return_interview": ""})
    assert (
        "Select what happened about the return home interview"
        in response.soup.select_one(".govuk-error-summary").get_text()
    )
    assert db_session.scalars(select(MissingEpisode)).all() == []


def test_not_known_can_be_chosen_and_needs_no_interview_details(client, practitioner, young_person, db_session):
    data = {**_valid("episodes"), "return_interview": "not-known", "interview_time": "", "interview_by": ""}
    data |= {"interview_on-day": "", "interview_on-month": "", "interview_on-year": ""}
    assert _post(client, young_person, "episodes", data).status_code == 302
    episode = db_session.scalars(select(MissingEpisode)).one()
    assert (episode.return_interview, episode.return_interview_at) == ("not-known", None)


# The labels file: what a type is evidence of has moved to the rules


def test_a_labels_file_that_still_names_an_indicator_gets_a_file_and_line_problem(tmp_path):
    text = (ROOT / "questionnaires/chronology.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  - {value: kidnap, label: Kidnap or abduction, significant: true}",
        "  - value: kidnap\n    label: Kidnap or abduction\n    indicator: kidnapped_or_abducted",
    )
    path = tmp_path / "chronology.yaml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    indicator: kidnapped_or_abducted") + 1
    with pytest.raises(DefinitionError) as raised:
        load_labels(path)
    [problem] = raised.value.problems
    assert (problem.file, problem.line, problem.rule) == ("questionnaires/chronology.yaml", line, "moved-key")
    assert "scoring.evidence.incident_types" in str(problem) and "questionnaire file" in str(problem)


def test_the_shipped_labels_name_no_indicator_and_keep_old_values():
    labels = load_labels(ROOT / "questionnaires/chronology.yaml")
    assert not hasattr(labels.incident_types[0], "indicator")
    values = {label.value for label in labels.incident_types}
    assert {"sexual-assault", "kidnap", "trafficking", "arrest", "other"} <= values, "old records keep their types"
    significant = {label.value for label in labels.incident_types if label.significant}
    assert {"disclosure", "drug-supply-arrest", "found-in-dealing-property", "county-lines-referral"} <= significant


def test_an_old_incident_keeps_its_stored_label(client, make, practitioner, young_person, db_session):
    """An incident recorded under a type the file no longer has still shows as recorded."""
    make.incident(
        young_person,
        practitioner,
        days_ago=400,
        incident_type="retired-type",
        incident_label="A type the partnership retired",
        indicator_id="online_grooming",
    )
    item = _timeline(client, young_person).soup.select_one("li[data-kind=incident]")
    assert "Incident: A type the partnership retired" in item.get_text()


# Demo data: a new user can see each of these


def test_the_demo_shows_evidence_recorded_outside_screenings(app, db_session, client):
    from riskapp.auth.passwords import hash_password
    from riskapp.models import User, YoungPerson
    from tests.factories import PASSWORD

    assert app.test_cli_runner().invoke(args=["demo-data"]).exit_code == 0
    home = [
        yp for yp in db_session.scalars(select(YoungPerson)) if yp.responsible_authority.slug == "central-bedfordshire"
    ]
    ids = {yp.id for yp in home}
    notes = [n for n in db_session.scalars(select(ProfessionalNote)) if n.young_person_id in ids]
    assert [(n.agency.slug, n.evidence_of) for n in notes if n.evidence_of] == [("police", DISCLOSURE)]
    arrests = [i for i in db_session.scalars(select(Incident)) if i.incident_type == "drug-supply-arrest"]
    assert [(i.young_person_id in ids, db_session.get(YoungPerson, i.young_person_id).sex) for i in arrests] == [
        (True, "male")
    ]
    assert all(not i.indicator_id for i in db_session.scalars(select(Incident))), "indicator_id is no longer written"
    found = [
        e
        for e in db_session.scalars(select(MissingEpisode))
        if (e.found_with_adult_of_concern, e.found_at_place_of_concern) == ("yes", "yes")
    ]
    assert len(found) == 1 and found[0].young_person_id in ids and found[0].return_interview == "not-known"

    officer = db_session.scalars(select(User).where(User.email.like("police-practitioner@central-bedfordshire%"))).one()
    officer.password_hash = hash_password(PASSWORD)
    db_session.flush()
    sign_in(client, officer)
    page = _timeline(client, db_session.get(YoungPerson, found[0].young_person_id))
    text = page.soup.select_one(f"#episode-{found[0].id}").get_text(" ", strip=True)
    assert "Found with an adult of concern Yes" in text and "Found at a place of concern Yes" in text
    assert "Return home interview Not known" in text
