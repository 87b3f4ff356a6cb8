from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from riskapp.models.base import Base, UTCDateTime, Versioned
from riskapp.models.organisations import Agency, LocalAuthority
from riskapp.reference import Role
from riskapp.timeutil import utcnow

user_authority = Table(
    "user_authority",
    Base.metadata,
    Column("user_id", Integer, ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True),
    Column("authority_id", Integer, ForeignKey("local_authority.id"), primary_key=True),
)


class User(Versioned, Base):
    """A person who signs in: one agency, one or more local authorities, one role."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(40))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)

    agency: Mapped[Agency] = relationship(lazy="joined")
    authorities: Mapped[list[LocalAuthority]] = relationship(
        secondary=user_authority, lazy="selectin", order_by=LocalAuthority.name
    )

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def authority_ids(self) -> set[int]:
        return {authority.id for authority in self.authorities}


class UserSession(Base):
    """A signed-in session. The cookie carries a random token; only its SHA-256 is stored."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    end_reason: Mapped[str | None] = mapped_column(String(40), nullable=True)
    ip_address: Mapped[str] = mapped_column(String(64), default="")

    user: Mapped[User] = relationship(lazy="joined")


class SignInThrottle(Base):
    """Failed sign-ins per account key (a hash of the typed email, whether or not it exists)."""

    __tablename__ = "sign_in_throttle"

    account_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
