"""HL7 FHIR R4 export: a questionnaire as a Questionnaire, a screening as a QuestionnaireResponse.

Plain dicts ready for JSON. Indicators become ``choice`` items with a yes/no/not-known answer list;
sections become ``group`` items; simple item show_if conditions become ``enableWhen`` (others, and
section conditions, are described in an extension). Kind, weight and tags travel as codes on the
item; guidance and sources stay in the definition file, which the export's version points to.
"""

from typing import Any

from riskapp.questionnaire.answers import Answer
from riskapp.questionnaire.schema import ANSWERED, Condition, Item, Questionnaire

CODE_SYSTEM = "https://riskapp.invalid/fhir/CodeSystem"
STATUS = {"draft": "draft", "active": "active", "retired": "retired"}
SIMPLE_TYPES = {"short_text": "string", "long_text": "text", "date": "date", "number": "decimal"}
STATE_CODES = {"not-known": "Not known", "declined": "Declined to say"}


def canonical_url(q: Questionnaire, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/Questionnaire/{q.id}"


def _coding(code: str, display: str, system: str = f"{CODE_SYSTEM}/answer") -> dict:
    return {"system": system, "code": code, "display": display}


def _answer_options(item: Item) -> list[dict]:
    if item.is_indicator:
        options = [("yes", "Yes"), ("no", "No")]
    else:
        options = [(o.value, o.label) for o in item.options]
    states = [("not-known", "Not known")] + ([("declined", "Declined to say")] if item.declinable else [])
    return [{"valueCoding": _coding(code, label)} for code, label in options + states]


def _enable_when(condition: Condition | None) -> dict:
    """FHIR enableWhen expresses "any of these item answers"; other conditions go in an extension."""
    if condition is None:
        return {}
    if condition.op in ("item-equals", "item-in"):
        return {
            "enableWhen": [
                {"question": condition.target, "operator": "=", "answerCoding": _coding(value, value)}
                for value in condition.values
            ],
            "enableBehavior": "any",
        }
    return {"extension": [{"url": f"{CODE_SYSTEM}/show-if", "valueString": repr(condition)}]}


def _item(item: Item) -> dict[str, Any]:
    entry: dict[str, Any] = {"linkId": item.id, "text": item.text}
    if item.type in SIMPLE_TYPES:
        entry["type"] = SIMPLE_TYPES[item.type]
    else:
        entry["type"] = "choice"
        entry["answerOption"] = _answer_options(item)
        if item.type == "multiple_choice":
            entry["repeats"] = True
    codes = [_coding(item.kind, item.kind, f"{CODE_SYSTEM}/kind")] if item.kind else []
    codes += [_coding(tag, tag, f"{CODE_SYSTEM}/tag") for tag in item.tags]
    if codes:
        entry["code"] = codes
    if item.is_indicator:
        entry["extension"] = [{"url": f"{CODE_SYSTEM}/weight", "valueInteger": item.weight}]
    entry.update(_enable_when(item.show_if))
    return entry


def questionnaire_resource(q: Questionnaire, base_url: str) -> dict[str, Any]:
    return {
        "resourceType": "Questionnaire",
        "id": f"{q.id}-v{q.version}",
        "url": canonical_url(q, base_url),
        "version": str(q.version),
        "name": q.id.replace("-", "_"),
        "title": q.title,
        "status": STATUS[q.status],
        "description": q.description or q.title,
        "item": [
            {"linkId": section.id, "text": section.title, "type": "group", "item": [_item(i) for i in section.items]}
            for section in q.sections
        ],
    }


def _answer_values(item: Item, answer: Answer) -> list[dict]:
    if answer.state != ANSWERED:
        return [{"valueCoding": _coding(answer.state, STATE_CODES.get(answer.state, answer.state))}]
    if item.type == "date":
        return [{"valueDate": answer.value}]
    if item.type == "number":
        return [{"valueDecimal": float(answer.value)}]
    if item.type in ("short_text", "long_text"):
        return [{"valueString": answer.value}]
    labels = {o.value: o.label for o in item.options} | {"yes": "Yes", "no": "No"}
    values = answer.value if isinstance(answer.value, list) else [answer.value]
    return [{"valueCoding": _coding(v, labels.get(v, v))} for v in values]


def questionnaire_response(q: Questionnaire, answers: dict[str, Answer], meta: dict[str, str]) -> dict[str, Any]:
    """``meta``: id, status (completed or in-progress), subject, authored, author, base_url."""
    groups = []
    for section in q.sections:
        items = []
        for item in section.items:
            answer = answers.get(item.id)
            if answer is None or answer.state == "not-applicable":
                continue  # FHIR leaves out questions that were not enabled
            entry: dict[str, Any] = {"linkId": item.id, "text": item.text, "answer": _answer_values(item, answer)}
            if answer.evidence:
                entry["item"] = [
                    {"linkId": f"{item.id}.evidence", "text": "Evidence", "answer": [{"valueString": answer.evidence}]}
                ]
            items.append(entry)
        if items:
            groups.append({"linkId": section.id, "text": section.title, "item": items})
    return {
        "resourceType": "QuestionnaireResponse",
        "id": meta["id"],
        "questionnaire": f"{canonical_url(q, meta['base_url'])}|{q.version}",
        "status": meta["status"],
        "subject": {"reference": meta["subject"]},
        "authored": meta["authored"],
        "author": {"reference": meta["author"]},
        "item": groups,
    }
