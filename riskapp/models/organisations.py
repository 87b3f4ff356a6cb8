from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from riskapp.models.base import Base


class LocalAuthority(Base):
    """One local authority in the partnership; every young person's record belongs to one."""

    __tablename__ = "local_authority"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))


class Agency(Base):
    """A kind of agency (police, health...). Seeded from riskapp.reference.AGENCIES."""

    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
