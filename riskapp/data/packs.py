"""Queries for panel packs: who goes in a pack, and the pack's own rows."""

import uuid

from sqlalchemy import delete, exists, func, select

from riskapp.data import add  # noqa: F401 - the data layer's one add()
from riskapp.extensions import db
from riskapp.models import PanelPack, PanelPackSection, RiskResult, RiskResultFlag, YoungPerson


def young_people_in(authority_id: int, flag: str = "") -> list[YoungPerson]:
    """Everyone whose record the authority holds (with the flag, if one is given), highest
    priority first: the order a panel takes them in."""
    query = (
        select(YoungPerson)
        .join(RiskResult, (RiskResult.young_person_id == YoungPerson.id) & RiskResult.is_current.is_(True))
        .where(YoungPerson.responsible_authority_id == authority_id)
        .order_by(RiskResult.priority.desc(), YoungPerson.last_name, YoungPerson.first_name, YoungPerson.id)
    )
    if flag:
        query = query.where(exists().where(RiskResultFlag.result_id == RiskResult.id, RiskResultFlag.kind == flag))
    return list(db.session.scalars(query))


def a_scored_young_person() -> YoungPerson | None:
    """Any young person with a stored result (render workers print one summary to warm up)."""
    return db.session.scalar(
        select(YoungPerson)
        .join(RiskResult, (RiskResult.young_person_id == YoungPerson.id) & RiskResult.is_current.is_(True))
        .limit(1)
    )


def get_pack(pack_id: uuid.UUID) -> PanelPack | None:
    return db.session.get(PanelPack, pack_id)


def packs_for(authority_ids: set[int], limit: int = 50) -> list[PanelPack]:
    return list(
        db.session.scalars(
            select(PanelPack)
            .where(PanelPack.authority_id.in_(authority_ids))
            .order_by(PanelPack.requested_at.desc())
            .limit(limit)
        )
    )


def sections_done(pack_id: uuid.UUID) -> int:
    return db.session.scalar(select(func.count()).where(PanelPackSection.pack_id == pack_id))


def sections_of(pack_id: uuid.UUID) -> list[PanelPackSection]:
    return list(
        db.session.scalars(
            select(PanelPackSection).where(PanelPackSection.pack_id == pack_id).order_by(PanelPackSection.position)
        )
    )


def section_exists(pack_id: uuid.UUID, position: int) -> bool:
    return db.session.get(PanelPackSection, (pack_id, position)) is not None


def remove_sections(pack_id: uuid.UUID) -> None:
    db.session.execute(delete(PanelPackSection).where(PanelPackSection.pack_id == pack_id))
