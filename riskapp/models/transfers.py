import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, LargeBinary, String, Text, Uuid
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from riskapp.models.base import Base, UTCDateTime
from riskapp.models.organisations import LocalAuthority
from riskapp.models.users import User
from riskapp.models.young_people import YoungPerson
from riskapp.timeutil import utcnow


class Transfer(Base):
    """A young person's move to another authority or youth offending service, with the handover
    PDF as it was printed at that moment. A transfer is never changed afterwards.

    The name and date of birth are copied as they were at the transfer, so the sending authority
    (which no longer reads the live record) never sees later changes to them.
    """

    __tablename__ = "transfer"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    young_person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    from_authority_id: Mapped[int] = mapped_column(ForeignKey("local_authority.id"), index=True)
    to_authority_id: Mapped[int] = mapped_column(ForeignKey("local_authority.id"), index=True)
    receiving_service: Mapped[str] = mapped_column(String(40))  # childrens-social-care, youth-offending-service
    moved_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_role: Mapped[str] = mapped_column(String(200), default="")
    contact_details: Mapped[str] = mapped_column(String(300))  # phone number or email address
    young_person_name: Mapped[str] = mapped_column(String(300))
    date_of_birth: Mapped[date] = mapped_column(Date)
    transferred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    # Deferred: lists of transfers never load the PDFs.
    handover_pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    data_version: Mapped[str] = mapped_column(String(64))

    # ``young_person.transfers`` (newest first) is what the record page lists.
    young_person: Mapped[YoungPerson] = relationship(
        backref=backref("transfers", order_by="Transfer.transferred_at.desc()", lazy="select")
    )
    from_authority: Mapped[LocalAuthority] = relationship(foreign_keys=[from_authority_id], lazy="joined")
    to_authority: Mapped[LocalAuthority] = relationship(foreign_keys=[to_authority_id], lazy="joined")
    recorded_by: Mapped[User] = relationship(lazy="joined")
