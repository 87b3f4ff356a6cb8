"""The assess and rescore commands, and simulating a new version before activating it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import update

from riskapp import create_app
from riskapp.data import revisions
from riskapp.models import QuestionnaireDefinition, RiskResult
from riskapp.reference import Role
from riskapp.risk import service
from tests.helpers import sign_in

ROOT = Path(__file__).resolve().parents[2]


def test_assess_scores_a_documented_case_file(app):
    result = app.test_cli_runner().invoke(args=["assess", str(ROOT / "docs/casefiles/five-absences.json")])
    assert result.exit_code == 0, result.output
    output = json.loads(result.output)
    assert (output["band"], output["latest_only_band"]) == ("very-high", "low")  # five overnight episodes
    assert len(output["inputs_hash"]) == 64
    assert {flag["kind"] for flag in output["flags"]} == {"classification-challenge", "repeat-missing"}
    text = app.test_cli_runner().invoke(
        args=["assess", str(ROOT / "docs/casefiles/kidnap-after-plan-review.json"), "--format", "text"]
    )
    assert "plan-not-reviewed" in text.output and "Risk to others:" in text.output


# One example per principle of issue 9 (2 to 7), with the band a reader should expect.
EXAMPLES = {
    "disclosure-in-a-police-note.json": ("very-high", {"agency-disagreement"}),
    "drug-supply-arrest-boy.json": ("medium", set()),
    "recruiting-others-own-harm.json": ("high", {"risk-to-others"}),
    "past-harm-floor.json": ("medium", set()),
    "agency-disagreement.json": ("high", {"agency-disagreement"}),
    # Medium, not Low: their episodes were overnight (missing_overnight_or_longer, the past-harm floor).
    "no-earlier-history-not-rising.json": ("medium", set()),
    "return-interview-not-known.json": ("medium", {"return-interview-not-known"}),
    "five-absences.json": ("very-high", {"classification-challenge", "repeat-missing"}),
    "kidnap-after-plan-review.json": ("very-high", {"plan-not-reviewed"}),
}


@pytest.mark.parametrize(("name", "expected"), EXAMPLES.items())
def test_every_documented_example_gives_its_expected_band(app, name, expected):
    result = app.test_cli_runner().invoke(args=["assess", str(ROOT / "docs/casefiles" / name)])
    assert result.exit_code == 0, result.output
    output = json.loads(result.output)
    assert (output["band"], {flag["kind"] for flag in output["flags"]}) == expected


def test_every_example_in_docs_is_checked():
    assert {p.name for p in (ROOT / "docs/casefiles").glob("*.json")} == set(EXAMPLES)


def test_the_examples_show_each_principle(app):
    def run(name):
        return json.loads(app.test_cli_runner().invoke(args=["assess", str(ROOT / "docs/casefiles" / name)]).output)

    note = run("disclosure-in-a-police-note.json")
    assert "disclosure" in note["floors_applied"]
    police = next(v for v in note["agency_views"] if v["agency"] == "police")
    assert police["band"] == "very-high", "the police view applies the disclosure floor"
    boy = {f["item_id"] for f in run("drug-supply-arrest-boy.json")["factors"]}
    assert boy == {"criminal_exploitation_overlap", "offending_or_asb"}
    recruiting = run("recruiting-others-own-harm.json")
    assert [f["item_id"] for f in recruiting["factors"]] == ["recruiting_others"]
    assert recruiting["risk_to_others_band"] == "medium"
    past = run("past-harm-floor.json")
    assert past["floors_applied"] == ["past-harm"] and past["band_in_force"] == "medium"
    assert past["judgements"][0]["status"] == "awaiting-confirmation"
    views = {v["agency"]: v["status"] for v in run("agency-disagreement.json")["agency_views"]}
    assert views == {"health": "no-concerns", "police": "concerns"}
    assert "rising_missing" not in {f["rule"] for f in run("no-earlier-history-not-rising.json")["findings"]}
    assert run("return-interview-not-known.json")["findings"] == []


def test_assess_runs_before_the_database_exists_and_never_creates_it(tmp_path):
    database = tmp_path / "never-created.sqlite3"
    # The real command, in a process of its own, as someone would type it on a fresh machine.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "FLASK_APP": "riskapp"}
    env.pop("FLASK_ENV", None)
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "riskapp", "assess", "docs/casefiles/past-harm-floor.json"]
        + ["--format", "text"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Band in force:" in result.stdout
    assert not database.exists(), "assess created the database"
    # Every example, through the same command in this process (a process each costs ~1.5 s).
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    with app.app_context():  # as the flask command gives it
        for name in EXAMPLES:
            output = app.test_cli_runner().invoke(args=["assess", f"docs/casefiles/{name}", "--format", "text"]).output
            assert "Band in force:" in output, output
            assert not database.exists(), f"assess {name} created the database"
    assert not list(tmp_path.iterdir())


def test_assess_prints_judgements_and_the_band_in_force(app, tmp_path):
    case = json.loads((ROOT / "docs/casefiles/past-harm-floor.json").read_text())
    case["judgements"].append({"band": "high", "made_at": "2026-11-21T09:00:00+00:00", "agency": "police"})
    path = tmp_path / "judged.json"
    path.write_text(json.dumps(case))
    text = app.test_cli_runner().invoke(args=["assess", str(path), "--format", "text"]).output
    assert "Band in force: high (professional judgement, Police, 21 Nov 2026)" in text
    assert "Computed band: medium" in text
    assert "20 Nov 2026 Children's social care: low (awaiting-confirmation)" in text


def test_assess_with_a_draft_rules_file(app, tmp_path):
    draft = (ROOT / "questionnaires/cse-screening/v2.yaml").read_text()
    draft = draft.replace(
        "drug-supply-arrest: [criminal_exploitation_overlap, offending_or_asb]", "drug-supply-arrest: []"
    )
    path = tmp_path / "draft.yaml"
    path.write_text(draft.replace("status: active", "status: draft", 1))
    case = str(ROOT / "docs/casefiles/drug-supply-arrest-boy.json")
    output = json.loads(app.test_cli_runner().invoke(args=["assess", case, "--rules", str(path)]).output)
    assert [f["item_id"] for f in output["factors"]] == ["criminal_exploitation_overlap"]
    broken = tmp_path / "broken.yaml"
    broken.write_text(draft.replace("in_vehicle: [vehicles_unknown_adults]", "in_vehicel: [vehicles_unknown_adults]"))
    refused = app.test_cli_runner().invoke(args=["assess", case, "--rules", str(broken)])
    assert refused.exit_code != 0 and "Did you mean 'in_vehicle'?" in refused.output
    assert f"{broken}:" in refused.output


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
    db_session.execute(  # stored under older rules (a bulk change, so it says whose revision it moves)
        revisions.touching(
            update(RiskResult).where(RiskResult.young_person_id == person.id).values(computed_band="low")
        )
    )
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
    # Why the band changed, in words (issue 11): the rules version, not an internal "Rules changed" label.
    assert (
        "Scored with version 3 of the questionnaire, not version 2." in page.soup.select_one(".app-change").get_text()
    )
