import json
import uuid

from sqlalchemy import func, or_, select

from riskapp.extensions import db
from riskapp.models import AuditEvent, User, user_authority


def changes_since(object_type: str, object_id: str, version: int) -> list[AuditEvent]:
    """The recorded changes to one record made after the given version, oldest first."""
    entries = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.object_type == object_type, AuditEvent.object_id == object_id, AuditEvent.action == "update")
        .order_by(AuditEvent.id)
    ).all()
    return [entry for entry in entries if json.loads(entry.details).get("version", 0) > version]


def latest_updates(young_person_id: uuid.UUID, object_types: tuple[str, ...]) -> dict[tuple[str, str], tuple]:
    """The last saved change to each record of these types about one young person, with the name
    of who made it: {(object_type, object_id): (AuditEvent, full name or "")}. One query."""
    rows = db.session.execute(
        select(AuditEvent, User.full_name)
        .outerjoin(User, User.id == AuditEvent.actor_user_id)
        .where(
            AuditEvent.young_person_id == young_person_id,
            AuditEvent.object_type.in_(object_types),
            AuditEvent.action == "update",
            AuditEvent.outcome == "success",
        )
        .order_by(AuditEvent.id)
    ).all()
    return {(event.object_type, event.object_id): (event, name or "") for event, name in rows}


def record_views(young_person_id: uuid.UUID, page: int, page_size: int) -> tuple[list[AuditEvent], int]:
    """Every access to one young person's record (views, exports, changes, refusals), newest first."""
    condition = AuditEvent.young_person_id == young_person_id
    total = db.session.scalar(select(func.count()).select_from(AuditEvent).where(condition))
    rows = db.session.scalars(
        select(AuditEvent)
        .where(condition)
        .order_by(AuditEvent.id.desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return list(rows), total


def entries_for_authorities(
    authority_ids: set[int], page: int, page_size: int, action: str | None = None
) -> tuple[list[AuditEvent], int]:
    """Entries about records of these authorities, and entries with no record (sign-ins, user
    administration) made by users who belong to one of them."""
    colleagues = select(user_authority.c.user_id).where(user_authority.c.authority_id.in_(authority_ids))
    conditions = [
        or_(
            AuditEvent.authority_id.in_(authority_ids),
            (AuditEvent.authority_id.is_(None) & AuditEvent.actor_user_id.in_(colleagues)),
        )
    ]
    if action:
        conditions.append(AuditEvent.action == action)
    total = db.session.scalar(select(func.count()).select_from(AuditEvent).where(*conditions))
    rows = db.session.scalars(
        select(AuditEvent)
        .where(*conditions)
        .order_by(AuditEvent.id.desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return list(rows), total


def list_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
