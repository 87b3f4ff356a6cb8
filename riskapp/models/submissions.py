from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from riskapp.models.base import Base, UTCDateTime
from riskapp.timeutil import utcnow


class FormSubmission(Base):
    """A create form's once-only token, claimed in the same transaction as the record it made
    (riskapp.forms.once). The token is the primary key: of two saves with one token, the second
    to commit fails, so a double click makes one record."""

    __tablename__ = "form_submission"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    object_type: Mapped[str] = mapped_column(String(40))  # as on the audit trail: professional_note, ...
    object_id: Mapped[str] = mapped_column(String(36))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
