"""Read a documented JSON case file (docs/casefile.schema.json) into a Chronology. Plain Python."""

import json
from datetime import date, datetime
from pathlib import Path

import jsonschema

from riskapp.scoring.chronology import Chronology, Episode, Evidence, Incident, PlanReview, Resolution

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "casefile.schema.json"


class CaseFileError(ValueError):
    pass


def _moment(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise CaseFileError(f"{text!r} needs a UTC offset, like 2026-03-14T21:30:00+00:00")
    return value


def read_casefile(data: dict) -> tuple[Chronology, datetime | None]:
    try:
        jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text()), format_checker=jsonschema.FormatChecker())
    except jsonschema.ValidationError as error:
        where = "/".join(str(part) for part in error.absolute_path) or "the top level"
        raise CaseFileError(f"At {where}: {error.message}") from None
    evidence = []
    for n, screening in enumerate(data.get("screenings", [])):
        for item_id, answer in screening["answers"].items():
            if answer == "yes":
                seen = screening.get("evidence_dates", {}).get(item_id, screening["date"])
                evidence.append(Evidence(item_id, date.fromisoformat(seen), screening["agency"], f"screening:{n + 1}"))
    incidents = []
    for n, raw in enumerate(data.get("incidents", [])):
        incident = Incident(
            f"incident:{n + 1}",
            _moment(raw["occurred_at"]),
            raw["type"],
            raw.get("agency", "police"),
            raw.get("significant", False),
        )
        incidents.append(incident)
        if raw.get("indicator"):
            evidence.append(Evidence(raw["indicator"], incident.occurred_at.date(), incident.agency, incident.entry))
    episodes = [
        Episode(
            entry=f"episode:{n + 1}",
            reported_at=_moment(raw["reported_at"]),
            returned_at=_moment(raw["returned_at"]) if raw.get("returned_at") else None,
            agency=raw.get("agency", "police"),
            classification=raw.get("classification", "missing"),
            risk_grade=raw.get("risk_grade", ""),
            classified_low=raw.get("classified_low", False),
            found_location=raw.get("found_location", ""),
            found_with=raw.get("found_with", ""),
            vehicle=raw.get("vehicle", ""),
            out_of_area=raw.get("out_of_area", False),
            return_interview=raw.get("return_interview", "not-offered"),
            return_interview_at=_moment(raw["return_interview_at"]) if raw.get("return_interview_at") else None,
        )
        for n, raw in enumerate(data.get("episodes", []))
    ]
    person = data["young_person"]
    chronology = Chronology(
        date_of_birth=date.fromisoformat(person["date_of_birth"]),
        learning_disability=person.get("learning_disability", False),
        evidence=tuple(evidence),
        episodes=tuple(episodes),
        incidents=tuple(incidents),
        plan_reviews=tuple(
            PlanReview(
                f"plan-review:{n + 1}",
                _moment(p["reviewed_at"]),
                date.fromisoformat(p["next_review_due"]) if p.get("next_review_due") else None,
            )
            for n, p in enumerate(data.get("plan_reviews", []))
        ),
        resolutions=tuple(
            Resolution(r["item_id"], date.fromisoformat(r["resolved_on"]), r["reason"])
            for r in data.get("resolutions", [])
        ),
        extra={"sex": person.get("sex", "not-known")},
    )
    return chronology, (_moment(data["as_of"]) if data.get("as_of") else None)
