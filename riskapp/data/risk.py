"""Queries for the band: stored results, judgements, indicator resolutions, settled agency views."""

import uuid
from datetime import datetime

from sqlalchemy import or_, select, update

from riskapp.data import (
    add,  # noqa: F401 - the data layer's one add(), used as risk_data.add
    revisions,
)
from riskapp.extensions import db
from riskapp.models import (
    AgencyViewSettlement,
    BandDecision,
    BandOverride,
    Incident,
    IndicatorResolution,
    RiskResult,
    RiskResultAgency,
    RiskResultFlag,
)


def resolutions_of(young_person_id: uuid.UUID) -> list[IndicatorResolution]:
    """The resolutions that count: a manager has not declined the lowering they would cause."""
    return list(
        db.session.scalars(
            select(IndicatorResolution)
            .where(IndicatorResolution.young_person_id == young_person_id, IndicatorResolution.status == "in-force")
            .order_by(IndicatorResolution.resolved_on, IndicatorResolution.id)
        )
    )


def all_resolutions_of(young_person_id: uuid.UUID) -> list[IndicatorResolution]:
    """Every resolution recorded, declined ones too, for the record's history."""
    return list(
        db.session.scalars(
            select(IndicatorResolution)
            .where(IndicatorResolution.young_person_id == young_person_id)
            .order_by(IndicatorResolution.resolved_on, IndicatorResolution.id)
        )
    )


def get_resolution(resolution_id: int) -> IndicatorResolution | None:
    return db.session.get(IndicatorResolution, resolution_id)


def overrides_of(young_person_id: uuid.UUID) -> list[BandOverride]:
    return list(
        db.session.scalars(
            select(BandOverride)
            .where(BandOverride.young_person_id == young_person_id)
            .order_by(BandOverride.created_at.desc())
        )
    )


def get_override(override_id: int) -> BandOverride | None:
    return db.session.get(BandOverride, override_id)


def results_of(young_person_id: uuid.UUID) -> list[RiskResult]:
    return list(
        db.session.scalars(
            select(RiskResult)
            .where(RiskResult.young_person_id == young_person_id)
            .order_by(RiskResult.computed_at, RiskResult.id)
        )
    )


def band_history(young_person_id: uuid.UUID) -> list[tuple[datetime, str]]:
    """When each of a young person's results was stored and the band it put in force, oldest first
    (``results_of`` without the explanations)."""
    rows = db.session.execute(
        select(RiskResult.computed_at, RiskResult.band)
        .where(RiskResult.young_person_id == young_person_id)
        .order_by(RiskResult.computed_at, RiskResult.id)
    )
    return [(computed_at, band) for computed_at, band in rows]


def current_result(young_person_id: uuid.UUID) -> RiskResult | None:
    return db.session.scalar(
        select(RiskResult).where(RiskResult.young_person_id == young_person_id, RiskResult.is_current.is_(True))
    )


def store_result(result: RiskResult, flags: set[str], agencies: set[str]) -> RiskResult:
    """Store a new current result with its flag kinds and agencies (rows of their own, the only
    place they are kept); the young person's previous result stops being current."""
    db.session.execute(
        revisions.touching(  # the new result, added below, moves the young person's revision on
            update(RiskResult)
            .where(RiskResult.young_person_id == result.young_person_id, RiskResult.is_current.is_(True))
            .values(is_current=False)
        )
    )
    result.flag_rows = [RiskResultFlag(kind=kind) for kind in sorted(flags)]
    result.agency_rows = [RiskResultAgency(agency=agency) for agency in sorted(agencies)]
    db.session.add(result)
    db.session.flush()
    return result


def settlements_of(young_person_id: uuid.UUID) -> list[AgencyViewSettlement]:
    return list(
        db.session.scalars(
            select(AgencyViewSettlement)
            .where(AgencyViewSettlement.young_person_id == young_person_id)
            .order_by(AgencyViewSettlement.settled_on.desc(), AgencyViewSettlement.id.desc())
        )
    )


def decisions_of(young_person_id: uuid.UUID) -> list[BandDecision]:
    """Every band decision about a young person, newest first."""
    return list(
        db.session.scalars(
            select(BandDecision)
            .where(BandDecision.young_person_id == young_person_id)
            .order_by(BandDecision.requested_at.desc(), BandDecision.id.desc())
        )
    )


def awaiting_decision(young_person_id: uuid.UUID) -> BandDecision | None:
    """The latest lowering waiting for a manager (several may wait: one for each judgement, withdrawal
    or resolution asked for, and one for the evidence itself)."""
    return db.session.scalar(
        select(BandDecision)
        .where(BandDecision.young_person_id == young_person_id, BandDecision.status == "awaiting")
        .order_by(BandDecision.requested_at.desc(), BandDecision.id.desc())
        .limit(1)
    )


def awaiting_decisions_of(young_person_id: uuid.UUID) -> list[BandDecision]:
    return list(
        db.session.scalars(
            select(BandDecision).where(
                BandDecision.young_person_id == young_person_id, BandDecision.status == "awaiting"
            )
        )
    )


def last_decided(young_person_id: uuid.UUID) -> BandDecision | None:
    """The latest decision a manager made (confirmed or declined) about a young person."""
    return db.session.scalar(
        select(BandDecision)
        .where(BandDecision.young_person_id == young_person_id, BandDecision.status.in_(("confirmed", "declined")))
        .order_by(BandDecision.decided_at.desc(), BandDecision.id.desc())
        .limit(1)
    )


def get_decision(decision_id: int) -> BandDecision | None:
    return db.session.get(BandDecision, decision_id)


def decisions_in_batch(batch: str) -> list[BandDecision]:
    return list(
        db.session.scalars(
            select(BandDecision).where(BandDecision.batch == batch).order_by(BandDecision.requested_at, BandDecision.id)
        )
    )


def significant_incidents_since(young_person_id: uuid.UUID, since: datetime | None) -> list[Incident]:
    """Significant incidents (a kidnap, an assault...) since a moment, or all of them, newest first."""
    query = select(Incident).where(Incident.young_person_id == young_person_id, Incident.significant.is_(True))
    if since is not None:
        # Recorded late counts too: an old kidnap entered yesterday is new to the manager.
        query = query.where(or_(Incident.occurred_at >= since, Incident.created_at >= since))
    return list(db.session.scalars(query.order_by(Incident.occurred_at.desc())))


def resolutions_since(young_person_id: uuid.UUID, since: datetime | None) -> list[IndicatorResolution]:
    """Resolutions asked for or recorded since a moment (any status), newest first."""
    query = select(IndicatorResolution).where(IndicatorResolution.young_person_id == young_person_id)
    if since is not None:
        query = query.where(IndicatorResolution.created_at >= since)
    return list(db.session.scalars(query.order_by(IndicatorResolution.created_at.desc())))
