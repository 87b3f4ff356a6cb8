import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from riskapp.models.base import Base, UTCDateTime


class AuditEvent(Base):
    """One append-only audit entry. ``entry_hash`` chains it to the entry before it (by ``seq``).

    Database triggers (migration 0001) refuse UPDATE and DELETE; riskapp.audit.verify_chain finds
    any change made by someone able to get round them.
    """

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
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
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))
