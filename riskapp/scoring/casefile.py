"""Read a documented JSON case file (docs/casefile.schema.json) into a Chronology. Plain Python.

A case file holds everything the app scores: screenings (with their questionnaire version and
agency), missing episodes and their facts, incidents with their type and "evidence of", notes, plan
reviews with plan type and agency, resolutions, judgements and settlements. Entries are numbered in
file order: "incident:1" is the first incident.
"""

import json
from datetime import date, datetime
from pathlib import Path

import jsonschema

from riskapp.scoring.chronology import (
    Chronology,
    Episode,
    Evidence,
    Incident,
    Judgement,
    Note,
    PlanReview,
    Resolution,
    Screening,
    Settlement,
)

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "casefile.schema.json"


class CaseFileError(ValueError):
    pass


def _moment(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise CaseFileError(f"{text!r} needs a UTC offset, like 2026-03-14T21:30:00+00:00")
    return value


def _optional_moment(raw: dict, key: str) -> datetime | None:
    return _moment(raw[key]) if raw.get(key) else None


def _screenings(data: dict) -> tuple[list[Screening], list[Evidence]]:
    screenings, evidence = [], []
    for n, raw in enumerate(data.get("screenings", []), start=1):
        entry = f"screening:{n}"
        screenings.append(
            Screening(entry, date.fromisoformat(raw["date"]), raw["agency"], raw.get("questionnaire", ""))
        )
        for item_id, answer in raw["answers"].items():
            if answer == "yes":
                seen = raw.get("evidence_dates", {}).get(item_id, raw["date"])
                evidence.append(Evidence(item_id, date.fromisoformat(seen), raw["agency"], entry))
    return screenings, evidence


def _episode(n: int, raw: dict) -> Episode:
    return Episode(
        entry=f"episode:{n}",
        reported_at=_moment(raw["reported_at"]),
        returned_at=_optional_moment(raw, "returned_at"),
        agency=raw.get("agency", "police"),
        classification=raw.get("classification", "missing"),
        risk_grade=raw.get("risk_grade", ""),
        classified_low=raw.get("classified_low", False),
        found_location=raw.get("found_location", ""),
        found_with=raw.get("found_with", ""),
        vehicle=raw.get("vehicle", ""),
        out_of_area=raw.get("out_of_area", False),
        found_with_adult_of_concern=raw.get("found_with_adult_of_concern", False),
        found_at_place_of_concern=raw.get("found_at_place_of_concern", False),
        return_interview=raw.get("return_interview", "not-known"),
        return_interview_at=_optional_moment(raw, "return_interview_at"),
    )


def _incident(n: int, raw: dict) -> Incident:
    return Incident(
        f"incident:{n}",
        _moment(raw["occurred_at"]),
        raw["type"],
        raw.get("agency", "police"),
        raw.get("significant", False),
        raw.get("evidence_of") or raw.get("indicator", ""),  # "indicator" is the 1.x name of evidence_of
    )


def _numbered(data: dict, key: str, build) -> tuple:
    return tuple(build(n, raw) for n, raw in enumerate(data.get(key, []), start=1))


def read_casefile(data: dict) -> tuple[Chronology, datetime | None]:
    try:
        jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text()), format_checker=jsonschema.FormatChecker())
    except jsonschema.ValidationError as error:
        where = "/".join(str(part) for part in error.absolute_path) or "the top level"
        raise CaseFileError(f"At {where}: {error.message}") from None
    screenings, evidence = _screenings(data)
    person = data["young_person"]
    chronology = Chronology(
        date_of_birth=date.fromisoformat(person["date_of_birth"]),
        learning_disability=person.get("learning_disability", False),
        evidence=tuple(evidence),
        episodes=_numbered(data, "episodes", _episode),
        incidents=_numbered(data, "incidents", _incident),
        notes=_numbered(
            data,
            "notes",
            lambda n, r: Note(f"note:{n}", _moment(r["noted_at"]), r["agency"], r.get("evidence_of", "")),
        ),
        screenings=tuple(screenings),
        plan_reviews=_numbered(
            data,
            "plan_reviews",
            lambda n, p: PlanReview(
                f"plan-review:{n}",
                _moment(p["reviewed_at"]),
                date.fromisoformat(p["next_review_due"]) if p.get("next_review_due") else None,
                p.get("plan_type", ""),
                p.get("agency", ""),
            ),
        ),
        resolutions=tuple(
            Resolution(r["item_id"], date.fromisoformat(r["resolved_on"]), r["reason"])
            for r in data.get("resolutions", [])
        ),
        judgements=_numbered(
            data,
            "judgements",
            lambda n, j: Judgement(
                f"judgement:{n}", j["band"], _moment(j["made_at"]), j["agency"], j.get("status", "in-force")
            ),
        ),
        settlements=tuple(
            Settlement(date.fromisoformat(s["settled_on"]), s.get("agreed_band", ""), s.get("forum", ""))
            for s in data.get("settlements", [])
        ),
        extra={"sex": person.get("sex", "not-known")},
    )
    return chronology, (_moment(data["as_of"]) if data.get("as_of") else None)
