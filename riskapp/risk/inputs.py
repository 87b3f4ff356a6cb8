"""Turn a young person's records into the plain Chronology the scoring core reads."""

from riskapp.data import chronology as chronology_data
from riskapp.data import risk as risk_data
from riskapp.data import screenings as screening_data
from riskapp.models import YoungPerson
from riskapp.questionnaire.schema import ANSWERED
from riskapp.scoring import chronology as scoring
from riskapp.screenings.coverage import coverage_for


def _screening_evidence(young_person: YoungPerson) -> list[scoring.Evidence]:
    screenings = [s for s in screening_data.screenings_for(young_person.id) if s.is_submitted]
    superseded = {s.amends_id for s in screenings if s.amends_id}
    evidence = []
    for screening in screenings:
        if screening.id in superseded:
            continue  # a submitted amendment replaces what it corrects
        for answer in screening.answers:
            if answer.state == ANSWERED and answer.value == '"yes"':
                seen_on = answer.evidence_date or screening.submitted_at.date()
                evidence.append(
                    scoring.Evidence(answer.item_id, seen_on, screening.agency.slug, f"screening:{screening.id}")
                )
    return evidence


def build_chronology(young_person: YoungPerson, entries: dict | None = None) -> scoring.Chronology:
    entries = entries or chronology_data.entries_of(young_person.id)
    evidence = _screening_evidence(young_person)
    evidence += [
        scoring.Evidence(i.indicator_id, i.occurred_at.date(), i.agency.slug, f"incident:{i.id}")
        for i in entries["incident"]
        if i.indicator_id
    ]
    coverage = coverage_for(young_person)
    return scoring.Chronology(
        date_of_birth=young_person.date_of_birth,
        learning_disability=young_person.learning_disability == "yes",
        evidence=tuple(evidence),
        episodes=tuple(_episode(e) for e in entries["episode"]),
        incidents=tuple(
            scoring.Incident(f"incident:{i.id}", i.occurred_at, i.incident_type, i.agency.slug, i.significant)
            for i in entries["incident"]
        ),
        plan_reviews=tuple(
            scoring.PlanReview(f"plan-review:{p.id}", p.reviewed_at, p.next_review_due) for p in entries["plan-review"]
        ),
        resolutions=tuple(
            scoring.Resolution(r.item_id, r.resolved_on, r.reason) for r in risk_data.resolutions_of(young_person.id)
        ),
        band_history=tuple(
            scoring.BandPoint(r.computed_at, r.computed_band) for r in risk_data.results_of(young_person.id)
        ),
        coverage_gaps=len(coverage.gaps) if coverage and coverage.screened else 0,
    )


def _episode(e) -> scoring.Episode:
    return scoring.Episode(
        entry=f"episode:{e.id}",
        reported_at=e.reported_at,
        returned_at=e.returned_at,
        agency=e.agency.slug,
        classification=e.police_classification_label or e.police_classification,
        risk_grade=e.police_risk_grade_label,
        classified_low=e.classified_low,
        found_location=e.found_location,
        found_with=e.found_with,
        vehicle=e.vehicle,
        out_of_area=e.out_of_area == "yes",
        return_interview=e.return_interview,
        return_interview_at=e.return_interview_at,
    )
