import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from riskapp.models.base import Base, UTCDateTime


class AuditEvent(Base):
    """One audit entry, as recorded in the transaction of the change it describes.

    Insert-only: database triggers (migration 0001) refuse UPDATE and DELETE. Its place in the hash
    chain is its ``AuditSeal``, added later by the sealer (riskapp.audit.seal_pending).
    """

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True, index=True)
    actor_email: Mapped[str] = mapped_column(String(254), default="")
    actor_role: Mapped[str] = mapped_column(String(40), default="")
    actor_agency: Mapped[str] = mapped_column(String(60), default="")
    actor_authorities: Mapped[str] = mapped_column(String(400), default="")
    object_type: Mapped[str] = mapped_column(String(60), default="")
    object_id: Mapped[str] = mapped_column(String(64), default="")
    young_person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True, index=True)
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("local_authority.id"), nullable=True, index=True)
    details: Mapped[str] = mapped_column(Text, default="{}")
    ip_address: Mapped[str] = mapped_column(String(64), default="")


class AuditSeal(Base):
    """An event's place in the hash chain: ``entry_hash`` covers the event's fields, ``seq`` and
    ``prev_hash`` (the hash of seal ``seq - 1``).

    Insert-only, like the events: triggers (migration 0011) refuse UPDATE and DELETE.
    """

    __tablename__ = "audit_seal"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    event_id: Mapped[int] = mapped_column(ForeignKey("audit_event.id"), unique=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))
    sealed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditPending(Base):
    """An event waiting for its seal: the sealer's work list, so that finding the next events to
    seal never scans the whole trail. Added with the event; removed by the sealer when it seals it.
    Not part of the record: ``verify_chain`` counts unsealed events from the events themselves."""

    __tablename__ = "audit_pending"

    event_id: Mapped[int] = mapped_column(ForeignKey("audit_event.id"), primary_key=True, autoincrement=False)
