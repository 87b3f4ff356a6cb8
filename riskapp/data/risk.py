"""Queries for the band: stored results, judgements, indicator resolutions, settled agency views."""

import uuid

from sqlalchemy import select, update

from riskapp.data import add  # noqa: F401 - the data layer's one add(), used as risk_data.add
from riskapp.extensions import db
from riskapp.models import (
    AgencyViewSettlement,
    BandDecision,
    BandOverride,
    IndicatorResolution,
    RiskResult,
    RiskResultAgency,
    RiskResultFlag,
)


def resolutions_of(young_person_id: uuid.UUID) -> list[IndicatorResolution]:
    return list(
        db.session.scalars(
            select(IndicatorResolution)
            .where(IndicatorResolution.young_person_id == young_person_id)
            .order_by(IndicatorResolution.resolved_on)
        )
    )


def overrides_of(young_person_id: uuid.UUID) -> list[BandOverride]:
    return list(
        db.session.scalars(
            select(BandOverride)
            .where(BandOverride.young_person_id == young_person_id)
            .order_by(BandOverride.created_at.desc())
        )
    )


def override_in_force(young_person_id: uuid.UUID) -> BandOverride | None:
    return db.session.scalar(
        select(BandOverride)
        .where(BandOverride.young_person_id == young_person_id, BandOverride.status == "in-force")
        .order_by(BandOverride.created_at.desc())
        .limit(1)
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


def current_result(young_person_id: uuid.UUID) -> RiskResult | None:
    return db.session.scalar(
        select(RiskResult).where(RiskResult.young_person_id == young_person_id, RiskResult.is_current.is_(True))
    )


def store_result(result: RiskResult, flags: set[str], agencies: set[str]) -> RiskResult:
    db.session.execute(
        update(RiskResult)
        .where(RiskResult.young_person_id == result.young_person_id, RiskResult.is_current.is_(True))
        .values(is_current=False)
    )
    db.session.add(result)
    db.session.flush()
    db.session.add_all([RiskResultFlag(result_id=result.id, kind=kind) for kind in sorted(flags)])
    db.session.add_all([RiskResultAgency(result_id=result.id, agency=agency) for agency in sorted(agencies)])
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
