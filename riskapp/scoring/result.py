"""What the scoring core returns: the band, the score and every reason for them."""

from dataclasses import asdict, dataclass, field
from datetime import date

from riskapp.scoring.chronology import Evidence


@dataclass(frozen=True, slots=True)
class Factor:
    item_id: str
    text: str
    kind: str
    weight: int
    points: float
    first_seen: date
    last_seen: date
    count: int
    agencies: tuple[str, ...]
    entries: tuple[str, ...]
    recent: bool
    tags: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()  # each time it was seen: date, agency and entry, oldest first


@dataclass(frozen=True, slots=True)
class Finding:
    """A pattern found across the chronology."""

    rule: str
    points: int
    description: str
    entries: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Flag:
    kind: str  # a key of riskapp.risk.flags.FLAG_LABELS
    message: str
    entries: tuple[str, ...] = ()
    days_elapsed: int | None = None


@dataclass(frozen=True, slots=True)
class AgencyView:
    """What one agency's own entries say. ``status`` is "concerns", or "no-concerns" for an agency
    that screened and answered no indicator "yes" (its band is then the lowest)."""

    agency: str
    score: float
    band: str
    item_ids: tuple[str, ...]
    status: str = "concerns"
    last_entry_on: date | None = None  # the agency's latest screening or evidence


@dataclass(frozen=True, slots=True)
class Assessment:
    band: str
    score: float
    score_band: str  # the band from the score alone, before floors
    floors_applied: tuple[str, ...]
    factors: tuple[Factor, ...]
    findings: tuple[Finding, ...]
    latest_only_band: str
    latest_only_score: float
    risk_to_others_band: str
    risk_to_others_score: float
    risk_to_others_factors: tuple[Factor, ...]
    flags: tuple[Flag, ...]
    agency_views: tuple[AgencyView, ...]
    highest_band: str
    highest_band_at: str  # ISO timestamp, or "now"
    rules_version: str
    engine_version: str
    resolved: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        return asdict(self)
