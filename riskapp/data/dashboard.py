"""The caseload query. It reads stored results only, in a fixed number of queries whatever the
page holds: one count, one page of rows (results joined to young people and authorities), and one
for the flag kinds of the results on the page (none when the page is empty)."""

from dataclasses import dataclass

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from riskapp.extensions import db
from riskapp.models import (
    BandDecision,
    LocalAuthority,
    RiskResult,
    RiskResultAgency,
    RiskResultFlag,
    User,
    YoungPerson,
)


@dataclass(frozen=True)
class CaseloadFilter:
    authority_ids: frozenset[int]
    band: str = ""
    flag: str = ""
    agency: str = ""


def _conditions(filters: CaseloadFilter) -> list:
    conditions = [RiskResult.is_current.is_(True), RiskResult.authority_id.in_(filters.authority_ids)]
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


def caseload_page(filters: CaseloadFilter, page: int, page_size: int) -> tuple[list[tuple], int]:
    conditions = _conditions(filters)
    total = db.session.scalar(select(func.count()).select_from(RiskResult).where(*conditions))
    rows = db.session.execute(
        select(
            RiskResult,
            YoungPerson.id,
            YoungPerson.first_name,
            YoungPerson.last_name,
            YoungPerson.is_demo,
            LocalAuthority.name,
        )
        .join(YoungPerson, YoungPerson.id == RiskResult.young_person_id)
        .join(LocalAuthority, LocalAuthority.id == RiskResult.authority_id)
        .where(*conditions)
        .order_by(RiskResult.priority.desc(), RiskResult.computed_at.desc(), RiskResult.id)
        .offset((page - 1) * page_size)
        .limit(page_size)
        .options(selectinload(RiskResult.flag_rows))  # the page shows each result's flags
    ).all()
    return [tuple(row) for row in rows], total


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
