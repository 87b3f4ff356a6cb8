"""What the scoring core reads: a young person's chronology as plain, immutable data."""

from dataclasses import dataclass, field
from datetime import date, datetime

from riskapp.questionnaire.scoring_format import EPISODE_FACTS

RECORDED_FACTS = EPISODE_FACTS[:4]  # what an episode records itself; "overnight" comes from its times


@dataclass(frozen=True, slots=True, init=False)
class Evidence:
    """An indicator seen: answered "yes" in a screening, or found by the rules in an incident, a note
    or an episode's facts. Carries its entry's date and agency, wherever it was recorded."""

    item_id: str
    seen_on: date
    agency: str
    entry: str  # "screening:<id>", "incident:<id>", "note:<id>", "episode:<id>": what it points back to

    def __init__(self, item_id: str, seen_on: date, agency: str, entry: str) -> None:
        # Scoring makes one for every fact in a whole history. The frozen dataclass's own __init__
        # finds each slot through object.__setattr__; setting the slots directly makes the same
        # frozen object in 60% of the time.
        _set_item_id(self, item_id)
        _set_seen_on(self, seen_on)
        _set_agency(self, agency)
        _set_entry(self, entry)


_set_item_id, _set_seen_on = Evidence.item_id.__set__, Evidence.seen_on.__set__  # type: ignore[attr-defined]
_set_agency, _set_entry = Evidence.agency.__set__, Evidence.entry.__set__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Screening:
    """A submitted screening, whatever it answered: an agency that screened and saw nothing has a
    view too ("screened, no concerns")."""

    entry: str
    submitted_on: date
    agency: str
    questionnaire: str = ""  # e.g. "cse-screening v2"


@dataclass(frozen=True, slots=True)
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
    found_with_adult_of_concern: bool = False
    found_at_place_of_concern: bool = False
    return_interview: str = "not-known"  # not-known (nobody stated it), not-offered, offered, done, declined
    return_interview_at: datetime | None = None

    @property
    def facts(self) -> tuple[str, ...]:
        """Which of EPISODE_FACTS this episode records ("yes" only; "no" and "not known" are not facts).
        "overnight" depends on the rules and the moment of scoring, so riskapp.scoring.factors adds it."""
        adult, place, vehicle, away = RECORDED_FACTS
        return (
            ((adult,) if self.found_with_adult_of_concern else ())
            + ((place,) if self.found_at_place_of_concern else ())
            + ((vehicle,) if self.vehicle and not self.vehicle.isspace() else ())
            + ((away,) if self.out_of_area else ())
        )


@dataclass(frozen=True, slots=True)
class Incident:
    entry: str
    occurred_at: datetime
    type: str
    agency: str
    significant: bool = False
    evidence_of: str = ""  # the indicator the author chose; the rules also map the type to indicators
    label: str = ""  # the type as the author saw it ("Kidnap or abduction"), for messages


@dataclass(frozen=True, slots=True)
class Note:
    entry: str
    noted_at: datetime
    agency: str
    evidence_of: str = ""  # the indicator the author chose, e.g. a disclosure heard by an officer


@dataclass(frozen=True, slots=True)
class PlanReview:
    entry: str
    reviewed_at: datetime
    next_review_due: date | None = None
    plan_type: str = ""  # vulnerability, safety
    agency: str = ""


@dataclass(frozen=True, slots=True)
class Resolution:
    """A practitioner's record that an indicator no longer applies, with a reason."""

    item_id: str
    resolved_on: date
    reason: str


@dataclass(frozen=True, slots=True)
class Judgement:
    """A professional judgement of the band: a raise is in force at once; a lowering only once a
    manager confirmed it."""

    entry: str
    band: str
    made_at: datetime
    agency: str
    status: str = "in-force"  # in-force, awaiting-confirmation, declined, withdrawn, superseded


@dataclass(frozen=True, slots=True)
class Settlement:
    """A record of how a difference between agencies' views was settled (for example at a meeting)."""

    settled_on: date
    agreed_band: str = ""
    forum: str = ""


@dataclass(frozen=True, slots=True)
class BandPoint:
    at: datetime
    band: str


@dataclass(frozen=True, slots=True)
class Chronology:
    date_of_birth: date
    learning_disability: bool = False
    evidence: tuple[Evidence, ...] = ()
    episodes: tuple[Episode, ...] = ()
    incidents: tuple[Incident, ...] = ()
    notes: tuple[Note, ...] = ()
    screenings: tuple[Screening, ...] = ()
    plan_reviews: tuple[PlanReview, ...] = ()
    resolutions: tuple[Resolution, ...] = ()
    judgements: tuple[Judgement, ...] = ()
    settlements: tuple[Settlement, ...] = ()
    band_history: tuple[BandPoint, ...] = ()  # earlier stored results, oldest first
    coverage_gaps: int = 0
    extra: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
