"""What the scoring core reads: a young person's chronology as plain, immutable data."""

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Evidence:
    """An indicator seen: answered "yes" in a screening, or implied by an incident."""

    item_id: str
    seen_on: date
    agency: str
    entry: str  # "screening:<id>" or "incident:<id>": what the explanation points back to


@dataclass(frozen=True)
class Episode:
    entry: str
    reported_at: datetime
    returned_at: datetime | None = None
    agency: str = "police"
    classification: str = "missing"
    risk_grade: str = ""
    classified_low: bool = False  # absent, or the lowest police grade, by the labels in force at the time
    found_location: str = ""
    found_with: str = ""
    vehicle: str = ""
    out_of_area: bool = False
    return_interview: str = "not-offered"  # not-offered, offered, done, declined
    return_interview_at: datetime | None = None


@dataclass(frozen=True)
class Incident:
    entry: str
    occurred_at: datetime
    type: str
    agency: str
    significant: bool = False


@dataclass(frozen=True)
class PlanReview:
    entry: str
    reviewed_at: datetime
    next_review_due: date | None = None


@dataclass(frozen=True)
class Resolution:
    """A practitioner's record that an indicator no longer applies, with a reason."""

    item_id: str
    resolved_on: date
    reason: str


@dataclass(frozen=True)
class BandPoint:
    at: datetime
    band: str


@dataclass(frozen=True)
class Chronology:
    date_of_birth: date
    learning_disability: bool = False
    evidence: tuple[Evidence, ...] = ()
    episodes: tuple[Episode, ...] = ()
    incidents: tuple[Incident, ...] = ()
    plan_reviews: tuple[PlanReview, ...] = ()
    resolutions: tuple[Resolution, ...] = ()
    band_history: tuple[BandPoint, ...] = ()  # earlier stored results, oldest first
    coverage_gaps: int = 0
    extra: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
