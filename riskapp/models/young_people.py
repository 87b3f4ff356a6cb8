import uuid
from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from riskapp.models.base import Base, Versioned
from riskapp.models.organisations import Agency, LocalAuthority


class YoungPerson(Versioned, Base):
    """A young person's record. It belongs to its responsible authority."""

    __tablename__ = "young_person"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    preferred_name: Mapped[str] = mapped_column(String(100), default="")
    aliases: Mapped[str] = mapped_column(Text, default="")
    date_of_birth: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(20))
    gender_identity: Mapped[str] = mapped_column(String(200), default="")
    sexual_orientation: Mapped[str] = mapped_column(String(200), default="")
    ethnicity: Mapped[str] = mapped_column(String(60), default="")
    learning_disability: Mapped[str] = mapped_column(String(20), default="not-known")
    disability_details: Mapped[str] = mapped_column(Text, default="")
    legal_status: Mapped[str] = mapped_column(String(40), default="not-known")
    placement: Mapped[str] = mapped_column(String(300), default="")
    school: Mapped[str] = mapped_column(String(300), default="")
    local_id: Mapped[str] = mapped_column(String(40), default="", index=True)
    nhs_number: Mapped[str] = mapped_column(String(10), default="", index=True)
    responsible_authority_id: Mapped[int] = mapped_column(ForeignKey("local_authority.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # Moves on at the commit of every change to anything shown about the young person, wherever it
    # was recorded (riskapp.data.revisions); pages keep what they rendered under it (riskapp.fragments).
    revision: Mapped[int] = mapped_column(Integer, server_default="0")

    responsible_authority: Mapped[LocalAuthority] = relationship(lazy="joined")
    professionals: Mapped[list["ProfessionalInvolvement"]] = relationship(
        back_populates="young_person", order_by="ProfessionalInvolvement.name", lazy="selectin"
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class ProfessionalInvolvement(Versioned, Base):
    """A professional involved with a young person, and how to reach them."""

    __tablename__ = "professional_involvement"

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str] = mapped_column(String(200), default="")
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    contact: Mapped[str] = mapped_column(String(300), default="")

    agency: Mapped[Agency] = relationship(lazy="joined")
    young_person: Mapped[YoungPerson] = relationship(back_populates="professionals")
