"""Queries for transfers of young people between authorities."""

import uuid

from sqlalchemy import func, or_, select

from riskapp.data import add  # noqa: F401 - the data layer's one add(), used as transfer_data.add
from riskapp.extensions import db
from riskapp.models import Transfer


def get_transfer(transfer_id: uuid.UUID) -> Transfer | None:
    return db.session.get(Transfer, transfer_id)


def transfers_within(authority_ids: set[int], page: int, page_size: int) -> tuple[list[Transfer], int]:
    """Transfers into and out of these authorities, newest first."""
    condition = or_(Transfer.from_authority_id.in_(authority_ids), Transfer.to_authority_id.in_(authority_ids))
    total = db.session.scalar(select(func.count()).select_from(Transfer).where(condition))
    rows = db.session.scalars(
        select(Transfer)
        .where(condition)
        .order_by(Transfer.transferred_at.desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return list(rows), total
