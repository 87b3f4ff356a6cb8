import json
import uuid
from datetime import date, datetime

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import lazyload

from riskapp.data import revisions
from riskapp.extensions import db
from riskapp.models import Screening, ScreeningAnswer, User, YoungPerson
from riskapp.questionnaire.answers import CONSIDERED_STATES, Answer


def get_screening(screening_id: uuid.UUID) -> Screening | None:
    return db.session.get(Screening, screening_id)


def screenings_for(young_person_id: uuid.UUID, *, with_answers: bool = True) -> list[Screening]:
    """A young person's screenings, newest first, leaving out discarded drafts. A list that only shows
    them asks ``with_answers=False``: their answers (a hundred or so each) then load only if something
    asks for them."""
    query = (
        select(Screening)
        .where(Screening.young_person_id == young_person_id, Screening.status != "discarded")
        .order_by(Screening.created_at.desc())
    )
    if not with_answers:
        query = query.options(lazyload(Screening.answers), lazyload(Screening.author, User.authorities))
    return list(db.session.scalars(query))


def draft_of(young_person_id: uuid.UUID, author_id: int) -> Screening | None:
    """This person's draft of this young person, if they have one (never more than one)."""
    return db.session.scalar(
        select(Screening).where(
            Screening.young_person_id == young_person_id, Screening.author_id == author_id, Screening.status == "draft"
        )
    )


def drafts_by(author_id: int, authority_ids: set[int]) -> list[tuple[Screening, YoungPerson]]:
    """This person's drafts of young people these authorities are responsible for, most recently
    saved first, each with its young person: one query, and one more for all their answers."""
    rows = db.session.execute(
        select(Screening, YoungPerson)
        .join(YoungPerson, YoungPerson.id == Screening.young_person_id)
        .where(
            Screening.author_id == author_id,
            Screening.status == "draft",
            YoungPerson.responsible_authority_id.in_(authority_ids),
        )
        .order_by(Screening.updated_at.desc())
    )
    return [(screening, young_person) for screening, young_person in rows]


def count_drafts_by(author_id: int, authority_ids: set[int]) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Screening)
        .join(YoungPerson, YoungPerson.id == Screening.young_person_id)
        .where(
            Screening.author_id == author_id,
            Screening.status == "draft",
            YoungPerson.responsible_authority_id.in_(authority_ids),
        )
    )


def mark_saved(screening: Screening, when: datetime) -> None:
    """When a draft was last saved (for the list of drafts). Set without the row's version check, so
    two saves of one draft at once (a double click on "Save and continue") both succeed, as their
    answers do; the version stays for changes to the screening itself."""
    revisions.touch(db.session, [screening.young_person_id])
    db.session.execute(
        revisions.touching(update(Screening).where(Screening.id == screening.id).values(updated_at=when))
    )


def add_screening(screening: Screening) -> Screening:
    db.session.add(screening)
    db.session.flush()
    return screening


def to_answer(row: ScreeningAnswer) -> Answer:
    return Answer(
        item_id=row.item_id,
        state=row.state,
        value=json.loads(row.value) if row.value else None,
        evidence=row.evidence,
        evidence_date=row.evidence_date,
    )


def answers_of(screening: Screening) -> dict[str, Answer]:
    return {row.item_id: to_answer(row) for row in screening.answers}


def answers_to(screening_ids: list[uuid.UUID], item_ids: set[str]) -> dict[uuid.UUID, list[Answer]]:
    """Some items' answers in some screenings, in one query, without loading the rest of their answers:
    by screening, in the order they were first saved."""
    found: dict[uuid.UUID, list[Answer]] = {screening_id: [] for screening_id in screening_ids}
    if not screening_ids or not item_ids:
        return found
    rows = db.session.scalars(
        select(ScreeningAnswer)
        .where(ScreeningAnswer.screening_id.in_(screening_ids), ScreeningAnswer.item_id.in_(sorted(item_ids)))
        .order_by(ScreeningAnswer.id)
    )
    for row in rows:
        found[row.screening_id].append(to_answer(row))
    return found


def save_answers(screening: Screening, answers: dict[str, Answer], replace: set[str]) -> None:
    """Write the answers for the items in ``replace``: an item in ``replace`` without an answer is
    cleared. Only ever called on drafts (the database refuses anything else)."""
    existing = {row.item_id: row for row in screening.answers}
    for item_id in replace:
        answer = answers.get(item_id)
        row = existing.get(item_id)
        if answer is None:
            if row is not None:
                screening.answers.remove(row)
                db.session.delete(row)
            continue
        if row is None:
            row = ScreeningAnswer(screening=screening, item_id=item_id)
            db.session.add(row)
        row.state = answer.state
        row.value = json.dumps(answer.value) if answer.value is not None else ""
        row.evidence = answer.evidence
        row.evidence_date = answer.evidence_date
    db.session.flush()


def considered_items_by_young_person(young_person_ids: list[uuid.UUID]) -> dict[uuid.UUID, set[str]]:
    """For each young person, the items any of their submitted screenings considered."""
    rows = db.session.execute(
        select(Screening.young_person_id, ScreeningAnswer.item_id)
        .join(ScreeningAnswer, ScreeningAnswer.screening_id == Screening.id)
        .where(
            Screening.young_person_id.in_(young_person_ids),
            Screening.status == "submitted",
            ScreeningAnswer.state.in_(CONSIDERED_STATES),
        )
        .distinct()
    )
    considered: dict[uuid.UUID, set[str]] = {}
    for young_person_id, item_id in rows:
        considered.setdefault(young_person_id, set()).add(item_id)
    return considered


def count_never_screened(authority_ids: set[int]) -> int:
    """Young people of these authorities with no submitted screening (drafts do not count)."""
    submitted = exists().where(Screening.young_person_id == YoungPerson.id, Screening.status == "submitted")
    return db.session.scalar(
        select(func.count())
        .select_from(YoungPerson)
        .where(YoungPerson.responsible_authority_id.in_(authority_ids), ~submitted)
    )


def screened_young_people(authority_ids: set[int]) -> list[tuple[YoungPerson, date, set[int]]]:
    """Young people of these authorities with at least one submitted screening: the person, the
    date of the latest one, and the questionnaire versions used."""
    rows = db.session.execute(
        select(YoungPerson, Screening.submitted_at, Screening.questionnaire_version)
        .join(Screening, Screening.young_person_id == YoungPerson.id)
        .where(YoungPerson.responsible_authority_id.in_(authority_ids), Screening.status == "submitted")
        .order_by(YoungPerson.last_name, YoungPerson.first_name)
    )
    found: dict[uuid.UUID, tuple] = {}
    for young_person, submitted_at, version in rows:
        person, latest, versions = found.get(young_person.id, (young_person, submitted_at, set()))
        found[young_person.id] = (person, max(latest, submitted_at), versions | {version})
    return list(found.values())
