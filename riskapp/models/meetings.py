import uuid
from datetime import date

from sqlalchemy import Column, Date, ForeignKey, LargeBinary, String, Table, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from riskapp.models.base import Base, Versioned
from riskapp.models.organisations import Agency, LocalAuthority
from riskapp.models.users import User
from riskapp.models.young_people import YoungPerson

meeting_young_person = Table(
    "meeting_young_person",
    Base.metadata,
    Column("meeting_id", Uuid, ForeignKey("strategy_meeting.id", ondelete="CASCADE"), primary_key=True),
    Column("young_person_id", Uuid, ForeignKey("young_person.id"), primary_key=True),
)


class StrategyMeeting(Versioned, Base):
    """A strategy meeting, review, Missing Young People Panel or MACE meeting, and what it decided."""

    __tablename__ = "strategy_meeting"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    authority_id: Mapped[int] = mapped_column(ForeignKey("local_authority.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    meeting_type: Mapped[str] = mapped_column(String(30))
    chair: Mapped[str] = mapped_column(String(200))
    attendees: Mapped[str] = mapped_column(Text, default="")  # one "name, role, agency" per line
    views_settled: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    disruption: Mapped[str] = mapped_column(Text, default="")  # actions against people and places
    next_review_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))

    authority: Mapped[LocalAuthority] = relationship(lazy="joined")
    author: Mapped[User] = relationship(lazy="joined")
    young_people: Mapped[list[YoungPerson]] = relationship(secondary=meeting_young_person, lazy="selectin")
    actions: Mapped[list["MeetingAction"]] = relationship(
        back_populates="meeting", lazy="selectin", order_by="MeetingAction.due_on"
    )

    @property
    def attendee_list(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class MeetingAction(Versioned, Base):
    __tablename__ = "meeting_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("strategy_meeting.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open, done, cancelled

    meeting: Mapped[StrategyMeeting] = relationship(back_populates="actions")
    agency: Mapped[Agency] = relationship(lazy="joined")


class ReportCache(Base):
    """A rendered summary, kept while neither the record's data nor the print template changes."""

    __tablename__ = "report_cache"

    cache_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    young_person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
