"""A representative record for the PDF benchmarks: a screening and a year of missing episodes and
incidents, which prints as a summary of about five to eight pages."""

from datetime import UTC, datetime, timedelta

from riskapp.data import chronology as chronology_data
from riskapp.models import Incident, MissingEpisode


def add_history(make, person, user, episodes: int = 60) -> None:
    make.screening(person, user, answers={"staying_out_late": "yes", "voice_what_said": "Said she was fine"})
    now = datetime.now(UTC)
    for n in range(episodes):
        at = now - timedelta(days=360 - n * (360 // episodes))
        chronology_data.add(
            MissingEpisode(
                young_person_id=person.id,
                agency_id=user.agency_id,
                author_id=user.id,
                missing_from="care",
                reported_at=at,
                returned_at=at + timedelta(hours=5),
                police_classification="missing",
                police_classification_label="Missing",
                found_location=f"Place {n % 7}",
                return_interview="done",
                return_interview_at=at + timedelta(hours=30),
                return_interview_findings="Said little; seemed tired.",
            )
        )
        if n % 3 == 0:
            chronology_data.add(
                Incident(
                    young_person_id=person.id,
                    agency_id=user.agency_id,
                    author_id=user.id,
                    occurred_at=at + timedelta(hours=2),
                    incident_type="arrest",
                    incident_label="Arrest",
                    description="Demo incident text for the benchmark.",
                )
            )
