"""FHIR R4 exports, checked against the FHIR structure (fhir.resources R4B models) and our own rules."""

from pathlib import Path

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as FhirResponse

from riskapp.questionnaire.answers import Answer
from riskapp.questionnaire.fhir import questionnaire_resource, questionnaire_response
from riskapp.questionnaire.parser import load_definition

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://partnership.example/fhir"


@pytest.fixture(scope="module")
def current():
    return load_definition((ROOT / "questionnaires/cse-screening/v2.yaml").read_text(), "v2.yaml")


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item.get("item", []))


def test_questionnaire_is_valid_fhir_and_keeps_every_item(current):
    resource = questionnaire_resource(current, BASE)
    FhirQuestionnaire.model_validate(resource)
    assert resource["url"] == f"{BASE}/Questionnaire/cse-screening" and resource["version"] == "2"
    link_ids = [item["linkId"] for item in _walk(resource["item"])]
    assert len(link_ids) == len(set(link_ids)) == len(current.sections) + len(current.items())
    indicator = next(i for i in _walk(resource["item"]) if i["linkId"] == current.indicators()[0].id)
    assert [o["valueCoding"]["code"] for o in indicator["answerOption"]][:3] == ["yes", "no", "not-known"]
    assert {c["code"] for c in indicator["code"]} >= {current.indicators()[0].kind}


def test_show_if_becomes_enable_when(current):
    resource = questionnaire_resource(current, BASE)
    known = {item["linkId"] for item in _walk(resource["item"])}
    with_conditions = [i for i in _walk(resource["item"]) if "enableWhen" in i]
    assert with_conditions
    for item in with_conditions:
        assert all(when["question"] in known for when in item["enableWhen"])


def test_response_points_at_questionnaire_url_and_version(current):
    indicator, text_item = current.indicators()[0], next(i for i in current.items() if i.type == "long_text")
    answers = {
        indicator.id: Answer(indicator.id, "answered", "yes", "Seen in a car with an older man"),
        text_item.id: Answer(text_item.id, "answered", "She said she was fine"),
        current.indicators()[1].id: Answer(current.indicators()[1].id, "not-known"),
        current.indicators()[2].id: Answer(current.indicators()[2].id, "not-applicable"),
    }
    meta = {
        "id": "0b7c9d5e-1111-4a4a-9999-000000000001",
        "status": "completed",
        "subject": "Patient/0b7c9d5e-1111-4a4a-9999-000000000002",
        "authored": "2026-11-26T10:00:00+00:00",
        "author": "Practitioner/7",
        "base_url": BASE,
    }
    response = questionnaire_response(current, answers, meta)
    FhirResponse.model_validate(response)
    assert response["questionnaire"] == f"{BASE}/Questionnaire/cse-screening|2"
    answered = {item["linkId"]: item for item in _walk(response["item"]) if "answer" in item}
    assert answered[indicator.id]["answer"] == [
        {"valueCoding": {"system": "https://riskapp.invalid/fhir/CodeSystem/answer", "code": "yes", "display": "Yes"}}
    ]
    assert answered[text_item.id]["answer"] == [{"valueString": "She said she was fine"}]
    assert answered[current.indicators()[1].id]["answer"][0]["valueCoding"]["code"] == "not-known"
    assert current.indicators()[2].id not in answered, "not applicable questions are left out, as FHIR expects"
