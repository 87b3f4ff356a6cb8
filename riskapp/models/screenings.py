import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from riskapp.models.base import Base, UTCDateTime, Versioned
from riskapp.models.organisations import Agency
from riskapp.models.users import User


class QuestionnaireDefinition(Versioned, Base):
    """One version of a questionnaire, stored exactly as published, so that every screening can
    always be shown again against the very definition it was answered on."""

    __tablename__ = "questionnaire_definition"
    __table_args__ = (UniqueConstraint("questionnaire_id", "questionnaire_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(60), index=True)
    # Not "version": that is the row's own edit counter (Versioned), used for concurrency.
    questionnaire_version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    definition_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source_text: Mapped[str] = mapped_column(
        Text, deferred=True
    )  # read only to parse it (riskapp.catalogue.questionnaires.parsed)
    file_name: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(20))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)


class Screening(Versioned, Base):
    """A questionnaire filled in for one young person by one practitioner. Once submitted it never
    changes (the database refuses); an amendment is a new screening that points at it. A person has
    at most one draft of a young person (the database refuses a second); a draft they no longer
    want is discarded with a reason, and then counts nowhere."""

    __tablename__ = "screening"
    __table_args__ = (
        Index(
            "uq_screening_one_draft_per_author",
            "young_person_id",
            "author_id",
            unique=True,
            sqlite_where=text("status = 'draft'"),
            postgresql_where=text("status = 'draft'"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    young_person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_definition.id"))
    questionnaire_id: Mapped[str] = mapped_column(String(60))
    questionnaire_version: Mapped[int] = mapped_column(Integer)
    definition_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    answers_hash: Mapped[str] = mapped_column(String(64), default="")
    amends_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("screening.id"), nullable=True)
    amendment_reason: Mapped[str] = mapped_column(Text, default="")
    discarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    discard_reason: Mapped[str] = mapped_column(Text, default="")  # may name people: never in the audit trail

    definition: Mapped[QuestionnaireDefinition] = relationship(lazy="joined")
    agency: Mapped[Agency] = relationship(lazy="joined")
    author: Mapped[User] = relationship(lazy="joined")
    answers: Mapped[list["ScreeningAnswer"]] = relationship(
        back_populates="screening", lazy="selectin", order_by="ScreeningAnswer.id"
    )

    @property
    def is_submitted(self) -> bool:
        return self.status == "submitted"

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def is_discarded(self) -> bool:
        return self.status == "discarded"


class ScreeningAnswer(Base):
    """One answer. ``state`` keeps apart answered, not known, declined and not applicable."""

    __tablename__ = "screening_answer"
    __table_args__ = (UniqueConstraint("screening_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    screening_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("screening.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(Text, default="")  # JSON
    evidence: Mapped[str] = mapped_column(Text, default="")
    evidence_date: Mapped[date | None] = mapped_column(Date, nullable=True)

    screening: Mapped[Screening] = relationship(back_populates="answers")
