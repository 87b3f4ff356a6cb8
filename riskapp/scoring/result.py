"""What the scoring core returns: the band, the score and every reason for them.

A stored result keeps its Assessment as JSON (``asdict``, dates as ISO text); ``Assessment.from_dict``
reads it back as the same typed objects, so no reader picks through loose dicts by string key.
"""

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from riskapp.scoring.chronology import Evidence


def _date(value: Any) -> date | None:
    """A date as stored in the JSON (ISO text, "2026-03-12"), or one already a date."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _evidence(data: dict) -> Evidence:
    return Evidence(data["item_id"], _date(data["seen_on"]), data["agency"], data["entry"])


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

    @classmethod
    def from_dict(cls, data: dict) -> "Factor":
        return cls(
            item_id=data["item_id"],
            text=data["text"],
            kind=data["kind"],
            weight=data["weight"],
            points=data["points"],
            first_seen=_date(data["first_seen"]),
            last_seen=_date(data["last_seen"]),
            count=data["count"],
            agencies=tuple(data["agencies"]),
            entries=tuple(data["entries"]),
            recent=data["recent"],
            tags=tuple(data.get("tags") or ()),
            evidence=tuple(_evidence(e) for e in data.get("evidence") or ()),
        )


@dataclass(frozen=True, slots=True)
class Finding:
    """A pattern found across the chronology."""

    rule: str
    points: int
    description: str
    entries: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict) -> "Finding":
        return cls(data["rule"], data["points"], data["description"], tuple(data.get("entries") or ()))


@dataclass(frozen=True, slots=True)
class Flag:
    kind: str  # a key of riskapp.risk.flags.FLAG_LABELS
    message: str
    entries: tuple[str, ...] = ()
    days_elapsed: int | None = None

    @classmethod
    def from_dict(cls, data: dict) -> "Flag":
        return cls(data["kind"], data["message"], tuple(data.get("entries") or ()), data.get("days_elapsed"))


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

    @classmethod
    def from_dict(cls, data: dict) -> "AgencyView":
        return cls(
            agency=data["agency"],
            score=data["score"],
            band=data["band"],
            item_ids=tuple(data["item_ids"]),
            status=data.get("status") or "concerns",
            last_entry_on=_date(data.get("last_entry_on")),
        )


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

    @classmethod
    def from_dict(cls, data: dict) -> "Assessment":
        """The Assessment a stored result's JSON was written from (``to_dict``, dates as ISO text).
        Fields added to the engine since a result was stored take their defaults; keys the engine
        no longer writes (an early ``inputs_hash``) are left out. Numbers stay as they were stored."""
        return cls(
            band=data["band"],
            score=data["score"],
            score_band=data["score_band"],
            floors_applied=tuple(data["floors_applied"]),
            factors=tuple(Factor.from_dict(f) for f in data["factors"]),
            findings=tuple(Finding.from_dict(f) for f in data["findings"]),
            latest_only_band=data["latest_only_band"],
            latest_only_score=data["latest_only_score"],
            risk_to_others_band=data["risk_to_others_band"],
            risk_to_others_score=data["risk_to_others_score"],
            risk_to_others_factors=tuple(Factor.from_dict(f) for f in data["risk_to_others_factors"]),
            flags=tuple(Flag.from_dict(f) for f in data["flags"]),
            agency_views=tuple(AgencyView.from_dict(v) for v in data.get("agency_views") or ()),
            highest_band=data["highest_band"],
            highest_band_at=data["highest_band_at"],
            rules_version=data["rules_version"],
            engine_version=data["engine_version"],
            resolved=tuple(data.get("resolved") or ()),
        )
