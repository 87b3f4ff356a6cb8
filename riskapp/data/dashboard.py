"""The caseload query. It reads stored results only, in a fixed number of queries whatever the
page holds: one count, one page of rows (results joined to young people and authorities)."""

from dataclasses import dataclass

from sqlalchemy import exists, func, select

from riskapp.extensions import db
from riskapp.models import LocalAuthority, RiskResult, RiskResultAgency, RiskResultFlag, YoungPerson


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
    ).all()
    return [tuple(row) for row in rows], total
