"""The scoring rules of a questionnaire version, with the defaults the research supports."""

from dataclasses import dataclass, field

from riskapp.questionnaire.schema import Band, Item, Questionnaire

DEFAULT_PATTERNS = {
    "repeat_missing": {"episodes": 3, "within_days": 30, "points": 5},
    "rising_missing": {"window_days": 90, "points": 3},
    "same_place_or_person": {"episodes": 2, "points": 3},
    "found_out_of_area": {"points": 3},
    "return_interview_late": {"hours": 72, "points": 2},
    "return_interview_declined": {"times": 2, "points": 2},
}
DEFAULT_OVERNIGHT_HOURS = 8
DEFAULT_RECENCY = {"recent_days": 183, "older_percent": 50, "older_floor": 2, "significant_weight": 5}


@dataclass(frozen=True)
class Floor:
    when: str
    band: str
    items: tuple[str, ...] = ()
    age: int = 0


@dataclass(frozen=True)
class Rules:
    questionnaire_id: str
    questionnaire_version: int
    definition_hash: str
    bands: tuple[Band, ...]
    indicators: dict[str, Item]
    recency: dict = field(default_factory=lambda: dict(DEFAULT_RECENCY))
    patterns: dict = field(default_factory=lambda: dict(DEFAULT_PATTERNS))
    floors: tuple[Floor, ...] = ()
    risk_to_others_tag: str = "risk-to-others"
    # What entries other than screenings are evidence of (scoring.evidence in the definition file):
    # an incident type to indicator ids, and an episode fact (found_with_adult_of_concern,
    # found_at_place_of_concern, in_vehicle, out_of_area, overnight) to indicator ids.
    incident_evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)
    episode_evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # An episode is "overnight" once it lasted this many hours (or is still open after them), or if it
    # spanned midnight UK time for half of them (scoring.evidence.overnight_hours).
    overnight_hours: int = DEFAULT_OVERNIGHT_HOURS
    # Two agencies' views this many bands apart or more raise "agency-disagreement" until settled.
    agency_disagreement_bands: int = 2

    @property
    def version_label(self) -> str:
        return f"{self.questionnaire_id} v{self.questionnaire_version} ({self.definition_hash[:12]})"

    @property
    def band_labels(self) -> dict[str, str]:
        return {band.id: band.label for band in self.bands}

    def band_index(self, band_id: str) -> int:
        return next(i for i, band in enumerate(self.bands) if band.id == band_id)

    def band_for(self, score: float) -> str:
        chosen = self.bands[0].id
        for band in self.bands:
            if score >= band.min_score:
                chosen = band.id
        return chosen

    @property
    def middle_band_index(self) -> int:
        return (len(self.bands) - 1) // 2


def rules_from(questionnaire: Questionnaire) -> Rules:
    scoring = questionnaire.scoring or {}
    patterns = {name: dict(params) for name, params in (scoring.get("patterns") or DEFAULT_PATTERNS).items()}
    floors = tuple(
        Floor(when=f["when"], band=f["band"], items=tuple(f.get("items", ())), age=f.get("age", 0))
        for f in scoring.get("floors", ())
    )
    return Rules(
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        definition_hash=questionnaire.definition_hash,
        bands=questionnaire.bands,
        indicators={item.id: item for item in questionnaire.indicators()},
        recency={**DEFAULT_RECENCY, **dict(scoring.get("recency") or {})},
        patterns=patterns,
        floors=floors,
        risk_to_others_tag=(scoring.get("risk_to_others") or {}).get("tag", "risk-to-others"),
        incident_evidence={
            kind: tuple(ids) for kind, ids in ((scoring.get("evidence") or {}).get("incident_types") or {}).items()
        },
        episode_evidence={
            fact: tuple(ids) for fact, ids in ((scoring.get("evidence") or {}).get("episode_facts") or {}).items()
        },
        overnight_hours=(scoring.get("evidence") or {}).get("overnight_hours", DEFAULT_OVERNIGHT_HOURS),
        agency_disagreement_bands=(scoring.get("agency_disagreement") or {}).get("bands", 2),
    )
