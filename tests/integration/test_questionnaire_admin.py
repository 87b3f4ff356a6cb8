"""Administrators publish a new version by editing a copy of the file: no code change."""

from pathlib import Path

import pytest

from riskapp.models import QuestionnaireDefinition
from riskapp.reference import Role
from tests.helpers import audit_actions, sign_in

ROOT = Path(__file__).resolve().parents[2]
NEW_INDICATOR = """
      - id: befriended_by_delivery_driver
        type: indicator
        text: "An adult delivery driver has befriended the young person {{ config }} <script>alert(1)</script>"
        guidance: Look for gifts, lifts and phone contact.
        kind: risk-indicator
        weight: 3
        tags: [online]
        sources: [nwg]
"""


def _version_three() -> str:
    """The default file, copied: next version number, one indicator added to the first section."""
    text = (ROOT / "questionnaires/cse-screening/v2.yaml").read_text()
    text = text.replace("version: 2\n", "version: 3\n", 1)
    marker = "    items:\n"
    position = text.index(marker) + len(marker)
    return text[:position] + NEW_INDICATOR.lstrip("\n") + text[position:]


@pytest.fixture
def administrator(make, client):
    area = make.authority("central-bedfordshire", "Central Bedfordshire")
    user = make.user(role=Role.ADMINISTRATOR, authorities=[area])
    sign_in(client, user)
    return user


def test_new_version_checked_uploaded_activated_and_used_with_no_code_change(
    app, client, make, administrator, tmp_path, db_session
):
    copy = tmp_path / "v3.yaml"
    copy.write_text(_version_three())
    check = app.test_cli_runner().invoke(args=["questionnaires", "check", str(copy)])
    assert check.exit_code == 0, check.output
    assert "version 3" in check.output

    client.get("/admin/questionnaires/upload")
    uploaded = client.post("/admin/questionnaires/upload", data={"definition_text": copy.read_text()})
    assert uploaded.status_code == 302
    definition = db_session.query(QuestionnaireDefinition).filter_by(questionnaire_version=3).one()
    assert definition.status == "draft"

    preview = client.get(uploaded.headers["Location"] + "?agency=health")
    assert preview.status_code == 200
    legend = preview.soup.select_one("#item-befriended_by_delivery_driver legend").get_text(" ", strip=True)
    assert legend == "An adult delivery driver has befriended the young person {{ config }} <script>alert(1)</script>"
    assert preview.soup.find("script", string=lambda s: s and "alert(1)" in s) is None

    client.get("/admin/questionnaires")
    assert client.post(f"/admin/questionnaires/{definition.id}/activate", data={}).status_code == 302
    statuses = {d.questionnaire_version: d.status for d in db_session.query(QuestionnaireDefinition).all()}
    db_session.expire_all()
    statuses = {d.questionnaire_version: d.status for d in db_session.query(QuestionnaireDefinition).all()}
    assert statuses == {1: "retired", 2: "retired", 3: "active"}
    assert [e.action for e in audit_actions(db_session, object_type="questionnaire_definition")][-3:] == [
        "publish-questionnaire",
        "retire-questionnaire",
        "activate-questionnaire",
    ]

    # A practitioner's next screening asks the new question.
    area = administrator.authorities[0]
    practitioner = make.user(authorities=[area])
    young_person = make.young_person(area)
    worker = client.application.test_client()
    sign_in(worker, practitioner)
    worker.get(f"/young-people/{young_person.id}")
    task_list = worker.get(worker.post(f"/young-people/{young_person.id}/screenings", data={}).headers["Location"])
    first_section = worker.get(task_list.soup.select_one(".govuk-task-list a")["href"])
    assert first_section.soup.select_one("#item-befriended_by_delivery_driver") is not None


def test_a_broken_upload_lists_every_problem_with_its_line_and_stores_nothing(client, administrator, db_session):
    broken = (
        _version_three()
        .replace("type: indicator", "type: indicater", 1)
        .replace("tags: [online]", "tags: [onlin]", 1)
        .replace("sources: [nwg]\n", 'sources: [nwg]\n        show_if: {item: no_such_item, equals: "yes"}\n', 1)
    )
    client.get("/admin/questionnaires/upload")
    response = client.post("/admin/questionnaires/upload", data={"definition_text": broken})
    assert response.status_code == 422
    problems = [li.get_text(" ", strip=True) for li in response.soup.select("#definition-problems li")]
    line = broken.splitlines().index("        type: indicater") + 1
    assert any(f"line {line}:" in p and "Did you mean 'indicator'?" in p for p in problems), problems
    assert any("unknown tag 'onlin'" in p and "Did you mean 'online'?" in p for p in problems), problems
    assert any("no_such_item" in p for p in problems), problems
    assert db_session.query(QuestionnaireDefinition).filter_by(questionnaire_version=3).count() == 0
    assert response.soup.select_one("#definition_text").get_text().startswith("# CSE screening")


def test_an_upload_may_not_reuse_a_version_or_change_an_ids_meaning(client, administrator):
    client.get("/admin/questionnaires/upload")
    same_version = (
        (ROOT / "questionnaires/cse-screening/v2.yaml")
        .read_text()
        .replace("title: CSE screening\n", "title: Changed\n")
    )
    response = client.post("/admin/questionnaires/upload", data={"definition_text": same_version})
    assert "Version 2 of 'cse-screening' already exists" in response.soup.select_one("#definition-problems").get_text()

    changed = _version_three().replace("kind: risk-indicator", "kind: current-harm", 2)
    response = client.post("/admin/questionnaires/upload", data={"definition_text": changed})
    assert "meant (type, kind, options)" in response.soup.select_one("#definition-problems").get_text()


def test_preview_shows_each_agency_its_own_items(client, administrator, db_session):
    client.get("/admin/questionnaires")
    current = db_session.query(QuestionnaireDefinition).filter_by(questionnaire_version=2).one()
    police = client.get(f"/admin/questionnaires/{current.id}?agency=police")
    health = client.get(f"/admin/questionnaires/{current.id}?agency=health")
    assert police.soup.select_one("#item-police_intel_person_of_concern") is not None
    assert health.soup.select_one("#item-police_intel_person_of_concern") is None


def test_questionnaire_fhir_export(client, administrator, db_session):
    client.get("/admin/questionnaires")
    current = db_session.query(QuestionnaireDefinition).filter_by(questionnaire_version=2).one()
    response = client.get(f"/admin/questionnaires/{current.id}/fhir.json")
    assert response.json["resourceType"] == "Questionnaire" and response.json["version"] == "2"


def test_practitioners_cannot_manage_questionnaires(client, make):
    sign_in(client, make.user(role=Role.PRACTITIONER))
    assert client.get("/admin/questionnaires").status_code == 403
    assert client.get("/admin/questionnaires/upload").status_code == 403


def test_the_app_refuses_to_start_with_an_invalid_active_questionnaire(tmp_path):
    from riskapp import create_app

    folder = tmp_path / "questionnaires" / "cse-screening"
    folder.mkdir(parents=True)
    (folder / "v2.yaml").write_text(
        (ROOT / "questionnaires/cse-screening/v2.yaml").read_text().replace("type: indicator", "type: indicater", 1)
    )
    with pytest.raises(RuntimeError) as refused:
        create_app({"QUESTIONNAIRES_DIR": tmp_path / "questionnaires", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert "questionnaires/cse-screening/v2.yaml:" in str(refused.value)
    assert "Did you mean 'indicator'?" in str(refused.value)


def test_the_active_version_cannot_be_retired(client, administrator, db_session):
    client.get("/admin/questionnaires")
    active = db_session.query(QuestionnaireDefinition).filter_by(status="active").one()
    response = client.post(f"/admin/questionnaires/{active.id}/retire", data={}, follow_redirects=True)
    assert "cannot be retired" in response.soup.select_one(".govuk-notification-banner").get_text()
    db_session.refresh(active)
    assert active.status == "active"
    assert client.get("/admin/questionnaires").status_code == 200


def test_the_exact_stored_file_can_be_downloaded_to_start_the_next_version(client, administrator, db_session):
    client.get("/admin/questionnaires")
    current = db_session.query(QuestionnaireDefinition).filter_by(questionnaire_version=2).one()
    response = client.get(f"/admin/questionnaires/{current.id}/definition.yaml")
    assert response.headers["Content-Disposition"] == 'attachment; filename="cse-screening-v2.yaml"'
    assert response.get_data(as_text=True) == (ROOT / "questionnaires/cse-screening/v2.yaml").read_text()


def test_the_app_refuses_to_start_when_chronology_labels_still_name_an_indicator(tmp_path):
    """What an incident type is evidence of moved to the questionnaire file's scoring.evidence (issue 9)."""
    import shutil

    from riskapp import create_app

    shutil.copytree(ROOT / "questionnaires", tmp_path / "questionnaires")
    labels = tmp_path / "questionnaires" / "chronology.yaml"
    old = "{value: sexual-assault, label: Sexual assault, significant: true}"
    assert old in labels.read_text()
    labels.write_text(labels.read_text().replace(old, old[:-1] + ", indicator: sexual_assault}"))
    with pytest.raises(RuntimeError, match=r"chronology.yaml:\d+: \[moved-key\] .*scoring.evidence.incident_types"):
        create_app({"QUESTIONNAIRES_DIR": tmp_path / "questionnaires", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_activating_an_older_or_retired_version_is_warned_about_first(client, administrator, db_session):
    client.get("/admin/questionnaires")  # the shipped versions are stored
    versions = {d.questionnaire_version: d for d in db_session.query(QuestionnaireDefinition).all()}
    active = next(d for d in versions.values() if d.status == "active")
    older = versions[1]  # the 2014 checklist, shipped retired
    assert older.status == "retired"
    page = client.get(f"/admin/questionnaires/{older.id}/activate/check")
    warning = " ".join(page.soup.select_one("#older-version").get_text(" ", strip=True).split())
    assert "Version 1 is a retired version" in warning
    assert f"version {active.questionnaire_version} is in use now" in warning
    assert "boys and young men" in warning
    assert "Activate the older version 1" in page.soup.select_one("button.govuk-button--warning").get_text()
    assert client.get(f"/admin/questionnaires/{active.id}/activate/check").soup.select_one("#older-version") is None
