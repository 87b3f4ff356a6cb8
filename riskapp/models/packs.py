import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from riskapp.models.base import Base, UTCDateTime
from riskapp.models.organisations import LocalAuthority
from riskapp.models.users import User
from riskapp.timeutil import utcnow


class PanelPack(Base):
    """A panel pack: one PDF for a chosen list of young people, built outside the request.

    ``status`` goes queued -> running -> done (or failed). Progress is the number of sections
    rendered so far (rows in panel_pack_section) against ``total``.
    """

    __tablename__ = "panel_pack"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    authority_id: Mapped[int] = mapped_column(ForeignKey("local_authority.id"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), index=True, nullable=True)
    title: Mapped[str] = mapped_column(String(300))
    selection: Mapped[str] = mapped_column(Text)  # how the list was chosen, in words, for the contents page
    young_person_ids: Mapped[str] = mapped_column(Text)  # JSON list, in the order of the pack
    total: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    backend: Mapped[str] = mapped_column(String(20))  # rq or in-process
    error: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)

    authority: Mapped[LocalAuthority] = relationship(lazy="joined")
    requested_by: Mapped[User | None] = relationship(lazy="joined")  # None: made from the command line


class PanelPackSection(Base):
    """One young person's rendered summary in a pack, kept until the pack is put together."""

    __tablename__ = "panel_pack_section"

    pack_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("panel_pack.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    young_person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"))
    name: Mapped[str] = mapped_column(String(300))
    date_of_birth: Mapped[str] = mapped_column(String(20))
    band_label: Mapped[str] = mapped_column(String(100))
    pages: Mapped[int] = mapped_column(Integer)
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
