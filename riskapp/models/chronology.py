import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from riskapp.models.base import Base, UTCDateTime, Versioned
from riskapp.models.organisations import Agency
from riskapp.models.users import User


class ChronologyEntry(Versioned):
    """What every chronology entry records: whose, from which agency, by whom."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    young_person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))


class MissingEpisode(ChronologyEntry, Base):
    __tablename__ = "missing_episode"

    missing_from: Mapped[str] = mapped_column(String(20))  # home, care, education
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    police_classification: Mapped[str] = mapped_column(String(60), default="")
    police_classification_label: Mapped[str] = mapped_column(String(120), default="")
    police_risk_grade: Mapped[str] = mapped_column(String(60), default="")
    police_risk_grade_label: Mapped[str] = mapped_column(String(120), default="")
    classified_low: Mapped[bool] = mapped_column(Boolean, default=False)
    found_location: Mapped[str] = mapped_column(String(300), default="")
    found_with: Mapped[str] = mapped_column(String(300), default="")
    vehicle: Mapped[str] = mapped_column(String(200), default="")
    out_of_area: Mapped[str] = mapped_column(String(20), default="not-known")
    # Facts the rules file turns into evidence of indicators (yes, no, not-known).
    found_with_adult_of_concern: Mapped[str] = mapped_column(
        String(20), default="not-known", server_default="not-known"
    )
    found_at_place_of_concern: Mapped[str] = mapped_column(String(20), default="not-known", server_default="not-known")
    # not-known until someone states it: the scoring reads that as a gap in the record, not a late
    # interview. (A Python default only: no migration.)
    return_interview: Mapped[str] = mapped_column(String(20), default="not-known")
    return_interview_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    return_interview_by: Mapped[str] = mapped_column(String(200), default="")
    return_interview_findings: Mapped[str] = mapped_column(Text, default="")

    agency: Mapped[Agency] = relationship(lazy="joined")
    author: Mapped[User] = relationship(lazy="joined")


class Incident(ChronologyEntry, Base):
    __tablename__ = "incident"

    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    incident_type: Mapped[str] = mapped_column(String(60))
    incident_label: Mapped[str] = mapped_column(String(120))
    significant: Mapped[bool] = mapped_column(Boolean, default=False)
    indicator_id: Mapped[str] = mapped_column(String(100), default="")
    # The indicator the author chose as what this incident is evidence of ("" for none).
    evidence_of: Mapped[str] = mapped_column(String(100), default="", server_default="")
    location: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")

    agency: Mapped[Agency] = relationship(lazy="joined")
    author: Mapped[User] = relationship(lazy="joined")


class PlanReview(ChronologyEntry, Base):
    __tablename__ = "plan_review"

    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    plan_type: Mapped[str] = mapped_column(String(30))  # vulnerability, safety
    summary: Mapped[str] = mapped_column(Text, default="")
    next_review_due: Mapped[date | None] = mapped_column(Date, nullable=True)

    agency: Mapped[Agency] = relationship(lazy="joined")
    author: Mapped[User] = relationship(lazy="joined")


class ProfessionalNote(ChronologyEntry, Base):
    __tablename__ = "professional_note"

    noted_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    text: Mapped[str] = mapped_column(Text)
    # The indicator the author chose as what this note is evidence of ("" for none), e.g. a disclosure.
    evidence_of: Mapped[str] = mapped_column(String(100), default="", server_default="")
    # A withdrawn note keeps its row and text, says when, by whom and why, and no longer counts.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    agency: Mapped[Agency] = relationship(lazy="joined")
    author: Mapped[User] = relationship(lazy="joined", foreign_keys="ProfessionalNote.author_id")
    withdrawn_by: Mapped[User | None] = relationship(lazy="joined", foreign_keys="ProfessionalNote.withdrawn_by_id")

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
