"""Answers to a questionnaire, and the rules about them, as plain data.

An answer's ``state`` keeps four things apart: answered, not known, declined to say, and not
applicable (hidden by a show_if condition).
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from riskapp.questionnaire.conditions import evaluate
from riskapp.questionnaire.schema import ANSWERED, DECLINED, NOT_APPLICABLE, NOT_KNOWN, Item, Questionnaire

# An item was considered if the screening put it to the practitioner, whatever the answer, or ruled
# it out through a show_if condition of that same definition. Items a version never had, or that
# were not shown to the screening's agency, were not considered.
CONSIDERED_STATES = (ANSWERED, NOT_KNOWN, DECLINED, NOT_APPLICABLE)


@dataclass(frozen=True)
class Answer:
    item_id: str
    state: str
    value: Any = None  # "yes"/"no" for indicators, a str, a list of str, an ISO date or a number
    evidence: str = ""
    evidence_date: date | None = None

    @property
    def is_yes(self) -> bool:
        return self.state == ANSWERED and self.value == "yes"


def _condition_values(answers: dict[str, Answer]) -> dict[str, Any]:
    return {item_id: (a.value if a.state == ANSWERED else a.state) for item_id, a in answers.items()}


def visible_items(q: Questionnaire, agency: str, answers: dict[str, Answer], young_person: dict) -> list[Item]:
    """The items this agency is asked, given the answers so far (show_if applied)."""
    values = _condition_values(answers)
    shown = []
    for section in q.sections:
        if not section.shown_to(agency) or not evaluate(section.show_if, values, young_person):
            continue
        shown += [item for item in section.items_for(agency) if evaluate(item.show_if, values, young_person)]
    return shown


def section_applies(q: Questionnaire, section_id: str, answers: dict[str, Answer], young_person: dict) -> bool:
    return evaluate(q.section(section_id).show_if, _condition_values(answers), young_person)


@dataclass(frozen=True)
class Gap:
    section_id: str
    item_id: str
    message: str
    part: str = ""  # what is missing: the answer itself (""), its "evidence" or its "date"


def answer_problem(item: Item, answer: Answer | None) -> tuple[str, str] | None:
    """What part of this answer is missing for it to be submitted and why, in GOV.UK words, or None."""
    if answer is None:
        if item.is_indicator:
            return "", f"Answer '{item.text}', or choose Not known"
        return None
    if answer.is_yes and item.evidence_required and not answer.evidence.strip():
        return "evidence", f"Describe the evidence for '{item.text}'"
    if answer.is_yes and item.date_required and answer.evidence_date is None:
        return "date", f"Enter the date '{item.text}' was last seen"
    return None


def submission_gaps(q: Questionnaire, agency: str, answers: dict[str, Answer], young_person: dict) -> list[Gap]:
    section_of = {item.id: section.id for section in q.sections for item in section.items}
    gaps = []
    for item in visible_items(q, agency, answers, young_person):
        problem = answer_problem(item, answers.get(item.id))
        if problem:
            part, message = problem
            gaps.append(Gap(section_of[item.id], item.id, message, part))
    return gaps


# A section's status on the task list, from the same gaps the check page lists: "completed" exactly
# when nothing in it is missing.
COMPLETED, IN_PROGRESS, NOT_STARTED = "completed", "in-progress", "not-started"
SECTION_NOT_APPLICABLE = "not-applicable"


@dataclass(frozen=True)
class SectionProgress:
    section_id: str
    status: str
    missing: int  # answers still needed in it


def progress(
    q: Questionnaire, agency: str, answers: dict[str, Answer], young_person: dict
) -> tuple[list[SectionProgress], list[Gap]]:
    """Each section this agency sees, with its status, and the gaps that decide it (the check
    page's list): a section with no gaps is completed, one with an answer and gaps is in progress."""
    gaps = submission_gaps(q, agency, answers, young_person)
    values = _condition_values(answers)
    sections = []
    for section in q.sections_for(agency):
        missing = sum(1 for gap in gaps if gap.section_id == section.id)
        if not evaluate(section.show_if, values, young_person):
            status = SECTION_NOT_APPLICABLE
        elif not missing:
            status = COMPLETED
        elif any(item.id in answers for item in section.items_for(agency)):
            status = IN_PROGRESS
        else:
            status = NOT_STARTED
        sections.append(SectionProgress(section.id, status, missing))
    return sections, gaps


def rest_not_known(
    q: Questionnaire, agency: str, section_id: str, answers: dict[str, Answer], young_person: dict
) -> dict[str, Answer]:
    """ "Not known" for every question of this section still asked and unanswered, given every answer
    so far (show_if applied). An answer already given is never replaced. Every item type offers not
    known: a "Not known" choice, or a text, number or date left blank."""
    in_section = {item.id for item in q.section(section_id).items_for(agency)}
    return {
        item.id: Answer(item.id, NOT_KNOWN)
        for item in visible_items(q, agency, answers, young_person)
        if item.id in in_section and item.id not in answers
    }


def finalise(q: Questionnaire, agency: str, answers: dict[str, Answer], young_person: dict) -> dict[str, Answer]:
    """The answers as submitted: every item this agency sees gets a state; hidden ones are "not
    applicable" (and lose any value typed before they were hidden)."""
    visible = {item.id for item in visible_items(q, agency, answers, young_person)}
    final = {}
    for section in q.sections:
        for item in section.items_for(agency):
            if item.id in visible:
                final[item.id] = answers.get(item.id) or Answer(item.id, NOT_KNOWN)
            else:
                final[item.id] = Answer(item.id, NOT_APPLICABLE)
    return final


def answers_digest(answers: dict[str, Answer]) -> str:
    canonical = [
        [a.item_id, a.state, a.value, a.evidence, a.evidence_date.isoformat() if a.evidence_date else None]
        for a in sorted(answers.values(), key=lambda a: a.item_id)
    ]
    encoded = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def considered_item_ids(answers: dict[str, Answer]) -> set[str]:
    return {item_id for item_id, a in answers.items() if a.state in CONSIDERED_STATES}


def coverage_gaps(active: Questionnaire, considered: set[str]) -> list[Item]:
    """Indicators of the current tool that no screening of this young person has considered."""
    return [item for item in active.indicators() if item.id not in considered]
