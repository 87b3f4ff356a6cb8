"""Coverage: which indicators of the current tool a young person's screenings never considered.

Old screenings keep their meaning; this shows what they could not have asked (for example every
boys and LGBT+ indicator when only the 2014 checklist was used), so the record can be reviewed.
"""

from dataclasses import dataclass
from datetime import datetime

from riskapp.catalogue.questionnaires import active_definition, parsed, screening_questionnaire_id
from riskapp.data import screenings as screening_data
from riskapp.models import YoungPerson
from riskapp.questionnaire.answers import coverage_gaps
from riskapp.questionnaire.conditions import evaluate
from riskapp.questionnaire.schema import Item, Questionnaire


@dataclass(frozen=True)
class Coverage:
    questionnaire: Questionnaire
    gaps: list[Item]
    screened: bool

    def gaps_by_section(self) -> list[tuple[str, list[Item]]]:
        gap_ids = {item.id for item in self.gaps}
        return [
            (section.title, [item for item in section.items if item.id in gap_ids])
            for section in self.questionnaire.sections
            if any(item.id in gap_ids for item in section.items)
        ]


def _active() -> Questionnaire | None:
    definition = active_definition(screening_questionnaire_id())
    return parsed(definition) if definition else None


def coverage_for(young_person: YoungPerson) -> Coverage | None:
    active = _active()
    if active is None:
        return None
    considered = screening_data.considered_items_by_young_person([young_person.id]).get(young_person.id)
    gaps = [item for item in coverage_gaps(active, considered or set()) if _applies_to(active, item, young_person)]
    return Coverage(active, gaps, screened=considered is not None)


def _applies_to(questionnaire: Questionnaire, item, young_person: YoungPerson) -> bool:
    """Items in a section meant only for some young people (by sex) are not gaps for the others."""
    condition = questionnaire.section_of(item.id).show_if
    if condition is None or condition.op != "young-person-in":
        return True
    return evaluate(condition, {}, {"sex": young_person.sex})


@dataclass(frozen=True)
class ReviewNeeded:
    young_person: YoungPerson
    latest_screening_at: datetime
    versions_used: list[int]
    gap_count: int


def young_people_needing_review(authority_ids: set[int]) -> list[ReviewNeeded]:
    """Screened young people of these authorities whose screenings miss indicators of the current tool."""
    active = _active()
    if active is None:
        return []
    screened = screening_data.screened_young_people(authority_ids)
    considered = screening_data.considered_items_by_young_person([person.id for person, _, _ in screened])
    rows = []
    for person, latest, versions in screened:
        gaps = [
            item
            for item in coverage_gaps(active, considered.get(person.id, set()))
            if _applies_to(active, item, person)
        ]
        if gaps:
            rows.append(ReviewNeeded(person, latest, sorted(versions), len(gaps)))
    return rows
