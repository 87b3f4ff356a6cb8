"""The caseload query. It reads stored results, in a fixed number of queries whatever the page
holds: one count, one page of rows (results joined to young people and authorities, with what needs
doing), and one for the flag kinds of the results on the page (none when the page is empty).

What needs doing (a return interview overdue, never screened, a screening due again) depends on
the clock as well as the record, so it is worked out as the caseload is read, not stored with the
result: time passing changes it without anything being recorded."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from riskapp.extensions import db
from riskapp.models import (
    BandDecision,
    LocalAuthority,
    MissingEpisode,
    RiskResult,
    RiskResultAgency,
    RiskResultFlag,
    Screening,
    User,
    YoungPerson,
)
from riskapp.reference import RETURN_INTERVIEW_STILL_OWED

# What needs doing, as the caseload names it (and filters by it).
TO_DO_LABELS = {
    "return-interview-overdue": "Return interview overdue",
    "never-screened": "Never screened",
    "screening-due": "Screening due again",
}


@dataclass(frozen=True)
class ToDoClock:
    """The moments that decide what needs doing, worked out by the caller from the rules and today."""

    interview_overdue_if_returned_before: datetime
    screening_due_if_last_before: datetime


@dataclass(frozen=True)
class CaseloadFilter:
    authority_ids: frozenset[int]
    band: str = ""
    flag: str = ""
    agency: str = ""
    to_do: str = ""  # one of TO_DO_LABELS


def _to_do_conditions(clock: ToDoClock) -> dict:
    """Each kind of thing to do, as a condition on a current result's young person."""
    young_person_id = RiskResult.young_person_id
    screened = exists().where(Screening.young_person_id == young_person_id, Screening.status == "submitted")
    screened_lately = exists().where(
        Screening.young_person_id == young_person_id,
        Screening.status == "submitted",
        Screening.submitted_at >= clock.screening_due_if_last_before,
    )
    interview_overdue = exists().where(
        MissingEpisode.young_person_id == young_person_id,
        MissingEpisode.returned_at.is_not(None),
        MissingEpisode.returned_at < clock.interview_overdue_if_returned_before,
        MissingEpisode.return_interview.in_(RETURN_INTERVIEW_STILL_OWED),
    )
    return {
        "return-interview-overdue": interview_overdue,
        "never-screened": ~screened,
        "screening-due": screened & ~screened_lately,
    }


def _conditions(filters: CaseloadFilter, clock: ToDoClock) -> list:
    conditions = [RiskResult.is_current.is_(True), RiskResult.authority_id.in_(filters.authority_ids)]
    if filters.to_do:
        conditions.append(_to_do_conditions(clock)[filters.to_do])
    if filters.band:
        conditions.append(RiskResult.band == filters.band)
    if filters.flag:
        conditions.append(
            exists().where(RiskResultFlag.result_id == RiskResult.id, RiskResultFlag.kind == filters.flag)
        )
    if filters.agency:
        conditions.append(
            exists().where(RiskResultAgency.result_id == RiskResult.id, RiskResultAgency.agency == filters.agency)
        )
    return conditions


def caseload_page(filters: CaseloadFilter, clock: ToDoClock, page: int, page_size: int) -> tuple[list[tuple], int]:
    """Rows: (result, young person id, first name, last name, is demo, authority name, to do), where
    ``to do`` is the keys of TO_DO_LABELS that apply, in that order."""
    conditions = _conditions(filters, clock)
    to_do = _to_do_conditions(clock)
    total = db.session.scalar(select(func.count()).select_from(RiskResult).where(*conditions))
    rows = db.session.execute(
        select(
            RiskResult,
            YoungPerson.id,
            YoungPerson.first_name,
            YoungPerson.last_name,
            YoungPerson.is_demo,
            LocalAuthority.name,
            *(condition.label(kind.replace("-", "_")) for kind, condition in to_do.items()),
        )
        .join(YoungPerson, YoungPerson.id == RiskResult.young_person_id)
        .join(LocalAuthority, LocalAuthority.id == RiskResult.authority_id)
        .where(*conditions)
        .order_by(RiskResult.priority.desc(), RiskResult.computed_at.desc(), RiskResult.id)
        .offset((page - 1) * page_size)
        .limit(page_size)
        .options(selectinload(RiskResult.flag_rows))  # the page shows each result's flags
    ).all()
    kinds = list(to_do)
    return [(*row[:6], tuple(kind for kind, due in zip(kinds, row[6:], strict=True) if due)) for row in rows], total


def decisions_awaiting(
    user_id: int, agency_id: int, is_coordinator: bool, authority_ids: frozenset[int], limit: int = 50
) -> list[tuple]:
    """Lowerings this user may decide, oldest first, in one query: in their authorities, not asked
    for by them, and asked for by someone of their agency (or by no one) unless they are a CSE
    coordinator. Rows: (decision, young person id, first name, last name)."""
    requester = aliased(User)
    query = (
        select(BandDecision, YoungPerson.id, YoungPerson.first_name, YoungPerson.last_name)
        .join(YoungPerson, YoungPerson.id == BandDecision.young_person_id)
        .outerjoin(requester, requester.id == BandDecision.requested_by_id)
        .where(
            BandDecision.status == "awaiting",
            YoungPerson.responsible_authority_id.in_(authority_ids),
            or_(BandDecision.requested_by_id.is_(None), BandDecision.requested_by_id != user_id),
        )
        .order_by(BandDecision.requested_at, BandDecision.id)
        .limit(limit)
    )
    if not is_coordinator:
        query = query.where(or_(BandDecision.requested_by_id.is_(None), requester.agency_id == agency_id))
    return [tuple(row) for row in db.session.execute(query).all()]
