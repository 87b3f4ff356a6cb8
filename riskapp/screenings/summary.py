"""A screening's answers laid out for reading: by section, with the state of every answer in words."""

from dataclasses import dataclass
from datetime import date

from riskapp.questionnaire.answers import Answer
from riskapp.questionnaire.schema import ANSWERED, DECLINED, KIND_LABELS, NOT_APPLICABLE, NOT_KNOWN, Item, Questionnaire

STATE_WORDS = {NOT_KNOWN: "Not known", DECLINED: "The young person declined to say", NOT_APPLICABLE: "Not applicable"}


@dataclass(frozen=True)
class AnswerLine:
    item: Item
    answer_text: str
    evidence: str
    evidence_date: date | None
    state: str
    kind_label: str


def answer_text(item: Item, answer: Answer | None) -> str:
    if answer is None:
        return "Not answered yet"
    if answer.state != ANSWERED:
        return STATE_WORDS[answer.state]
    labels = {o.value: o.label for o in item.options} | {"yes": "Yes", "no": "No"}
    if isinstance(answer.value, list):
        return ", ".join(labels.get(v, v) for v in answer.value)
    if item.type == "date":
        value = date.fromisoformat(answer.value)
        return f"{value.day} {value:%B %Y}"
    return labels.get(answer.value, str(answer.value))


def screening_summary(q: Questionnaire, answers: dict[str, Answer], agency: str | None = None) -> list[dict]:
    """Sections with their answer lines. Without an agency: every item that has an answer (a
    submitted screening shows what was asked); with one: every item that agency is asked."""
    summary = []
    for section in q.sections:
        items = section.items_for(agency) if agency else [item for item in section.items if item.id in answers]
        lines = [
            AnswerLine(
                item=item,
                answer_text=answer_text(item, answers.get(item.id)),
                evidence=answers[item.id].evidence if item.id in answers else "",
                evidence_date=answers[item.id].evidence_date if item.id in answers else None,
                state=answers[item.id].state if item.id in answers else "",
                kind_label=KIND_LABELS.get(item.kind, ""),
            )
            for item in items
        ]
        if lines:
            summary.append({"section": section, "lines": lines})
    return summary
