import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import lazyload

from riskapp.extensions import db
from riskapp.models import ProfessionalInvolvement, YoungPerson


def get_young_person(young_person_id: uuid.UUID) -> YoungPerson | None:
    """The record alone: its professionals are read when first used (most views of a record are
    answered before they are, from riskapp.fragments)."""
    return db.session.get(YoungPerson, young_person_id, options=[lazyload(YoungPerson.professionals)])


def get_professional(young_person: YoungPerson, professional_id: int) -> ProfessionalInvolvement | None:
    return db.session.scalar(
        select(ProfessionalInvolvement).where(
            ProfessionalInvolvement.id == professional_id,
            ProfessionalInvolvement.young_person_id == young_person.id,
        )
    )


@dataclass(frozen=True)
class YoungPersonSearch:
    name: str = ""
    date_of_birth: date | None = None
    local_id: str = ""
    nhs_number: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.date_of_birth or self.local_id or self.nhs_number)


def _like_pattern(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _search_conditions(search: YoungPersonSearch) -> list:
    conditions = []
    for word in search.name.split():
        pattern = _like_pattern(word)
        conditions.append(
            or_(
                *(
                    func.lower(column).like(pattern, escape="\\")
                    for column in (
                        YoungPerson.first_name,
                        YoungPerson.last_name,
                        YoungPerson.preferred_name,
                        YoungPerson.aliases,
                    )
                )
            )
        )
    if search.date_of_birth:
        conditions.append(YoungPerson.date_of_birth == search.date_of_birth)
    if search.local_id:
        conditions.append(func.lower(YoungPerson.local_id) == search.local_id.lower())
    if search.nhs_number:
        conditions.append(YoungPerson.nhs_number == search.nhs_number)
    return conditions


def find_young_people(
    authority_ids: set[int], search: YoungPersonSearch | None, page: int, page_size: int
) -> tuple[list[YoungPerson], int]:
    """Young people of the given authorities only, matching every part of the search."""
    conditions = [YoungPerson.responsible_authority_id.in_(authority_ids)]
    if search is not None:
        conditions += _search_conditions(search)
    total = db.session.scalar(select(func.count()).select_from(YoungPerson).where(*conditions))
    rows = db.session.scalars(
        select(YoungPerson)
        .where(*conditions)
        .order_by(YoungPerson.last_name, YoungPerson.first_name, YoungPerson.id)
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return list(rows), total


def young_people_by_ids(ids: set[uuid.UUID]) -> dict[uuid.UUID, YoungPerson]:
    """The young people with these ids, in one query."""
    if not ids:
        return {}
    query = select(YoungPerson).where(YoungPerson.id.in_(ids)).options(lazyload(YoungPerson.professionals))
    return {person.id: person for person in db.session.scalars(query)}


def all_young_people() -> list[YoungPerson]:
    return list(db.session.scalars(select(YoungPerson).order_by(YoungPerson.id)))


def add_young_person(young_person: YoungPerson) -> YoungPerson:
    db.session.add(young_person)
    db.session.flush()
    return young_person


def add_professional(professional: ProfessionalInvolvement) -> ProfessionalInvolvement:
    db.session.add(professional)
    db.session.flush()
    return professional


def remove_professional(professional: ProfessionalInvolvement) -> None:
    db.session.delete(professional)
    db.session.flush()
