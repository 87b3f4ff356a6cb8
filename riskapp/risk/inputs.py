"""Turn a young person's records into the plain Chronology the scoring core reads: every entry the
app scores (screenings, notes, incidents, episodes with their facts, plan reviews, resolutions,
judgements, settlements). What an incident or an episode is evidence of is decided by the scoring
core from the rules file, never here."""

from riskapp.data import chronology as chronology_data
from riskapp.data import risk as risk_data
from riskapp.data import screenings as screening_data
from riskapp.models import YoungPerson
from riskapp.risk.coverage import coverage_for
from riskapp.scoring import chronology as scoring
from riskapp.timeutil import to_uk


def _screenings(young_person: YoungPerson) -> tuple[list[scoring.Screening], list[scoring.Evidence]]:
    screenings = [s for s in screening_data.screenings_for(young_person.id) if s.is_submitted]
    superseded = {s.amends_id for s in screenings if s.amends_id}
    entries, evidence = [], []
    for screening in screenings:
        if screening.id in superseded:
            continue  # a submitted amendment replaces what it corrects
        entry, submitted_on = f"screening:{screening.id}", to_uk(screening.submitted_at).date()
        entries.append(
            scoring.Screening(
                entry,
                submitted_on,
                screening.agency.slug,
                f"{screening.questionnaire_id} v{screening.questionnaire_version}",
            )
        )
        for answer in screening_data.answers_of(screening).values():
            if answer.is_yes:
                evidence.append(
                    scoring.Evidence(answer.item_id, answer.evidence_date or submitted_on, screening.agency.slug, entry)
                )
    return entries, evidence


def build_chronology(young_person: YoungPerson, entries: dict | None = None) -> scoring.Chronology:
    entries = entries or chronology_data.entries_of(young_person.id)
    screenings, evidence = _screenings(young_person)
    coverage = coverage_for(young_person)
    return scoring.Chronology(
        date_of_birth=young_person.date_of_birth,
        learning_disability=young_person.learning_disability == "yes",
        evidence=tuple(evidence),
        episodes=tuple(_episode(e) for e in entries["episode"]),
        incidents=tuple(
            scoring.Incident(
                f"incident:{i.id}",
                i.occurred_at,
                i.incident_type,
                i.agency.slug,
                i.significant,
                i.evidence_of or "",
                i.incident_label,
            )
            for i in entries["incident"]
        ),
        notes=tuple(
            scoring.Note(f"note:{n.id}", n.noted_at, n.agency.slug, n.evidence_of or "")
            for n in entries.get("note", ())
            if not n.is_withdrawn  # kept on the chronology, but it no longer counts
        ),
        screenings=tuple(screenings),
        plan_reviews=tuple(
            scoring.PlanReview(f"plan-review:{p.id}", p.reviewed_at, p.next_review_due, p.plan_type, p.agency.slug)
            for p in entries["plan-review"]
        ),
        resolutions=tuple(
            scoring.Resolution(r.item_id, r.resolved_on, r.reason)
            for r in risk_data.resolutions_of(young_person.id)  # only those in force: confirmed by a manager
        ),
        judgements=judgements_of(young_person),
        settlements=tuple(
            scoring.Settlement(s.settled_on, s.agreed_band, s.forum) for s in risk_data.settlements_of(young_person.id)
        ),
        band_history=tuple(
            scoring.BandPoint(r.computed_at, r.computed_band) for r in risk_data.results_of(young_person.id)
        ),
        coverage_gaps=len(coverage.gaps) if coverage and coverage.screened else 0,
        extra={"sex": young_person.sex},
    )


def judgements_of(young_person: YoungPerson, overrides: list | None = None) -> tuple[scoring.Judgement, ...]:
    """Professional judgements as the core reads them, with the status each has now (from
    ``overrides`` when the caller has them loaded already)."""
    overrides = risk_data.overrides_of(young_person.id) if overrides is None else overrides
    return tuple(
        scoring.Judgement(f"judgement:{o.id}", o.band, o.created_at, o.author.agency.slug, o.status) for o in overrides
    )


def _yes(value: str) -> bool:
    return value == "yes"


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
        out_of_area=_yes(e.out_of_area),
        found_with_adult_of_concern=_yes(e.found_with_adult_of_concern),
        found_at_place_of_concern=_yes(e.found_at_place_of_concern),
        return_interview=e.return_interview or "not-known",
        return_interview_at=e.return_interview_at,
    )
