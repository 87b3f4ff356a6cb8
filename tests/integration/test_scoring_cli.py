"""The assess and rescore commands, and simulating a new version before activating it."""

import json
from pathlib import Path

from riskapp.models import QuestionnaireDefinition, RiskResult
from riskapp.reference import Role
from riskapp.risk import service
from tests.helpers import sign_in

ROOT = Path(__file__).resolve().parents[2]


def test_assess_scores_a_documented_case_file(app):
    result = app.test_cli_runner().invoke(args=["assess", str(ROOT / "docs/casefiles/five-absences.json")])
    assert result.exit_code == 0, result.output
    output = json.loads(result.output)
    assert (output["band"], output["latest_only_band"]) == ("high", "low")
    assert len(output["inputs_hash"]) == 64
    assert {flag["kind"] for flag in output["flags"]} == {"classification-challenge", "repeat-missing"}
    text = app.test_cli_runner().invoke(
        args=["assess", str(ROOT / "docs/casefiles/kidnap-after-plan-review.json"), "--format", "text"]
    )
    assert "plan-not-reviewed" in text.output and "Risk to others:" in text.output


def test_assess_explains_a_bad_case_file(app, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"young_person": {"date_of_birth": "not a date"}}))
    result = app.test_cli_runner().invoke(args=["assess", str(bad)])
    assert result.exit_code != 0 and "young_person/date_of_birth" in result.output


def test_rescore_all_reports_whose_band_changed(app, make, db_session):
    area = make.authority()
    person = make.young_person(area)
    author = make.user(authorities=[area])
    make.screening(person, author, answers={"disclosure_of_exploitation": "yes"})
    db_session.query(RiskResult).filter_by(young_person_id=person.id).update({"computed_band": "low"})
    result = app.test_cli_runner().invoke(args=["rescore", "--all"])
    assert result.exit_code == 0, result.output
    assert f"{person.id}: low -> very-high" in result.output


def test_change_a_weight_simulate_activate_and_see_bands_change(app, client, make, db_session):
    area = make.authority("central-bedfordshire", "Central Bedfordshire")
    coordinator = make.user(role=Role.CSE_COORDINATOR, authorities=[area])
    person = make.young_person(area, first_name="Sam", last_name="Wickersley")
    make.screening(person, coordinator, answers={"staying_out_late": "yes", "school_absence_or_exclusion": "yes"})
    assert service.current_result(person).computed_band == "low"

    text = (ROOT / "questionnaires/cse-screening/v2.yaml").read_text().replace("version: 2\n", "version: 3\n", 1)
    marker = "      - id: staying_out_late\n"
    start = text.index(marker)
    weight_at = text.index("weight:", start)
    line_end = text.index("\n", weight_at)
    text = text[:weight_at] + "weight: 10" + text[line_end:]
    sign_in(client, coordinator)
    client.get("/admin/questionnaires/upload")
    assert client.post("/admin/questionnaires/upload", data={"definition_text": text}).status_code == 302
    draft = db_session.query(QuestionnaireDefinition).filter_by(questionnaire_version=3).one()

    simulation = client.get(f"/admin/questionnaires/{draft.id}/simulate")
    row = simulation.soup.select_one("#simulation tbody tr")
    assert row.select("td")[0].get_text(strip=True) == "Wickersley, Sam"
    assert row.select("td")[2].get_text(" ", strip=True).startswith("High")
    assert service.current_result(person).computed_band == "low", "simulating changes nothing"

    client.get("/admin/questionnaires")
    activated = client.post(f"/admin/questionnaires/{draft.id}/activate", data={}, follow_redirects=True)
    assert "1 changed band" in activated.soup.select_one(".govuk-notification-banner").get_text()
    assert service.current_result(person).computed_band == "high"
    page = client.get(f"/young-people/{person.id}/risk")
    assert "Rules changed" in page.soup.select_one(".app-change").get_text()
