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
    # What the meeting decided about this young person alone (the meeting's own ``decisions`` are
    # the ones shared by everyone discussed). Filled after the link is made, hence the default.
    Column("decisions", Text, nullable=False, server_default=""),
)


class MeetingYoungPerson(Base):
    """A young person discussed at a meeting, with the decisions about them alone. The link rows
    are made through ``StrategyMeeting.young_people``; this class reads and updates them."""

    __table__ = meeting_young_person

    meeting_id: Mapped[uuid.UUID]
    young_person_id: Mapped[uuid.UUID]
    decisions: Mapped[str]

    young_person: Mapped[YoungPerson] = relationship(lazy="joined", viewonly=True)


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
    decisions: Mapped[str] = mapped_column(Text, default="")  # shared by everyone discussed
    disruption: Mapped[str] = mapped_column(Text, default="")  # actions against people and places
    next_review_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))

    authority: Mapped[LocalAuthority] = relationship(lazy="joined")
    author: Mapped[User] = relationship(lazy="joined")
    young_people: Mapped[list[YoungPerson]] = relationship(secondary=meeting_young_person, lazy="selectin")
    actions: Mapped[list["MeetingAction"]] = relationship(
        back_populates="meeting", lazy="selectin", order_by="MeetingAction.due_on"
    )
    # The same link rows as ``young_people``, read with each young person's own decisions.
    discussed: Mapped[list[MeetingYoungPerson]] = relationship(lazy="selectin", viewonly=True)

    def decisions_about(self, young_person_id: uuid.UUID) -> str:
        return next((link.decisions for link in self.discussed if link.young_person_id == young_person_id), "")

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
    # The young person the action concerns; none when it is shared by everyone discussed.
    young_person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("young_person.id"), nullable=True, index=True)

    meeting: Mapped[StrategyMeeting] = relationship(back_populates="actions")
    agency: Mapped[Agency] = relationship(lazy="joined")


class ReportCache(Base):
    """A rendered summary, kept while neither the record's data nor the print template changes."""

    __tablename__ = "report_cache"

    cache_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    young_person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
