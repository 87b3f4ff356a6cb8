"""The band and what decides it: stored results, professional judgements, indicator resolutions and
how agencies' differing views were settled. Entries of the chronology are in models/chronology.py."""

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from riskapp.models.base import Base, UTCDateTime, Versioned
from riskapp.models.users import User
from riskapp.timeutil import utcnow


class IndicatorResolution(Base):
    """A practitioner's record that an indicator no longer applies. Until one exists, an indicator
    once evidenced stays active, whatever later screenings say."""

    __tablename__ = "indicator_resolution"

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(100))
    resolved_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # awaiting-confirmation (counts for nothing yet), in-force once a manager confirmed it, declined or superseded
    status: Mapped[str] = mapped_column(String(30), default="in-force", server_default="in-force")

    author: Mapped[User] = relationship(lazy="joined")


class BandOverride(Versioned, Base):
    """Professional judgement: a band set above or below the computed one, with a rationale.
    Lowering needs a manager's confirmation before it takes effect."""

    __tablename__ = "band_override"

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    band: Mapped[str] = mapped_column(String(40))
    computed_band: Mapped[str] = mapped_column(String(40))
    direction: Mapped[str] = mapped_column(String(10))  # raise, lower
    rationale: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(30))  # in-force, awaiting-confirmation, declined, withdrawn
    author_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decision_note: Mapped[str] = mapped_column(Text, default="")

    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id], lazy="joined")


class RiskResultFlag(Base):
    """One row per flag kind of a result: the only place its flags are kept (read them as
    ``RiskResult.flag_kinds``). Indexed by kind for the dashboard's flag filter."""

    __tablename__ = "risk_result_flag"

    result_id: Mapped[int] = mapped_column(ForeignKey("risk_result.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class RiskResultAgency(Base):
    """One row per agency involved in a result (recorded anything): the only place its agencies are
    kept (read them as ``RiskResult.agencies``). Indexed by agency for the dashboard's agency filter."""

    __tablename__ = "risk_result_agency"

    result_id: Mapped[int] = mapped_column(ForeignKey("risk_result.id"), primary_key=True)
    agency: Mapped[str] = mapped_column(String(60), primary_key=True, index=True)


class RiskResult(Base):
    """A stored scoring result. The dashboard reads these (never scores on the fly); ``is_current``
    marks the latest per young person. Results are never changed, only superseded. Its flag kinds
    and agencies are kept in rows of their own (``flag_rows``, ``agency_rows``), nowhere else."""

    __tablename__ = "risk_result"
    __table_args__ = (
        Index("ix_risk_result_dashboard", "authority_id", "is_current", "priority"),
        Index("ix_risk_result_history", "young_person_id", "computed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"))
    authority_id: Mapped[int] = mapped_column(ForeignKey("local_authority.id"))
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    band: Mapped[str] = mapped_column(String(40))  # effective: an override in force, or the computed band
    computed_band: Mapped[str] = mapped_column(String(40))
    score: Mapped[float] = mapped_column(Float)
    latest_only_band: Mapped[str] = mapped_column(String(40))
    risk_to_others_band: Mapped[str] = mapped_column(String(40))
    highest_band: Mapped[str] = mapped_column(String(40))
    trend: Mapped[str] = mapped_column(String(10), default="same")  # up, down, same, new
    priority: Mapped[int] = mapped_column(Integer, default=0)
    last_episode_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    next_review_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    explanation: Mapped[str] = mapped_column(Text)  # the whole Assessment as JSON
    rules_version: Mapped[str] = mapped_column(String(200))
    engine_version: Mapped[str] = mapped_column(String(20))
    inputs_hash: Mapped[str] = mapped_column(String(64))

    # Loaded when first read (one query for a single result); a list of results loads them with
    # selectinload, as the caseload does (riskapp.data.dashboard), so a page does not query per row.
    flag_rows: Mapped[list[RiskResultFlag]] = relationship()
    agency_rows: Mapped[list[RiskResultAgency]] = relationship()

    @property
    def flag_kinds(self) -> tuple[str, ...]:
        """The kinds of flag raised, in alphabetical order: the order every page shows them in."""
        return tuple(sorted(row.kind for row in self.flag_rows))

    @property
    def agencies(self) -> tuple[str, ...]:
        """The slugs of the agencies involved, in alphabetical order."""
        return tuple(sorted(row.agency for row in self.agency_rows))


class AgencyViewSettlement(Base):
    """How a difference between agencies' views of a young person was settled, and where (for
    example at a strategy meeting). Kept beside the per-agency views on the risk page."""

    __tablename__ = "agency_view_settlement"

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    settled_on: Mapped[date] = mapped_column(Date)
    forum: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(Text)
    agreed_band: Mapped[str] = mapped_column(String(40), default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User] = relationship(lazy="joined")


class BandDecision(Versioned, Base):
    """A lowering of the band in force, waiting for (or given) a manager's decision. Every route that
    would lower the band (a lower judgement, resolving an indicator, withdrawing a raise, correcting
    or withdrawing evidence, a new questionnaire version, evidence growing older) makes one of these;
    the band in force stays where it is until a manager of the requester's agency or a CSE
    coordinator, never the requester, confirms it with a reason."""

    __tablename__ = "band_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("young_person.id"), index=True)
    route: Mapped[str] = mapped_column(
        String(40)
    )  # judgement, resolution, withdraw-judgement, evidence, activation, rescore
    band_in_force: Mapped[str] = mapped_column(String(40))  # the band in force when the lowering was asked for
    proposed_band: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text, default="")  # the requester's words, or what caused it
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    object_type: Mapped[str] = mapped_column(String(40), default="")  # band_override, indicator_resolution, ...
    object_id: Mapped[str] = mapped_column(String(64), default="")
    batch: Mapped[str] = mapped_column(String(64), default="", index=True)  # e.g. the activated definition's hash
    status: Mapped[str] = mapped_column(
        String(30), default="awaiting", index=True
    )  # awaiting, confirmed, declined, superseded
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decision_reason: Mapped[str] = mapped_column(Text, default="")

    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id], lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id], lazy="joined")
