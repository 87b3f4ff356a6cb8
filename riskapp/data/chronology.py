import uuid
from datetime import datetime

from sqlalchemy import select

from riskapp.data import add  # noqa: F401 - the data layer's one add(), used as chronology_data.add
from riskapp.extensions import db
from riskapp.models import Incident, MissingEpisode, PlanReview, ProfessionalNote

ENTRY_MODELS = {
    "episode": MissingEpisode,
    "incident": Incident,
    "plan-review": PlanReview,
    "note": ProfessionalNote,
}


def entries_of(young_person_id: uuid.UUID) -> dict[str, list]:
    """Every chronology entry of one young person, by kind (one query per kind)."""
    return {
        kind: list(db.session.scalars(select(model).where(model.young_person_id == young_person_id)))
        for kind, model in ENTRY_MODELS.items()
    }


def get_entry(kind: str, entry_id: uuid.UUID):
    model = ENTRY_MODELS.get(kind)
    return db.session.get(model, entry_id) if model else None


def corrected_entries_since(young_person_id: uuid.UUID, since: datetime | None) -> list[tuple[str, object]]:
    """Chronology entries corrected (saved again) since a moment: what a manager checks before
    letting the band down. One query per kind."""
    corrected = []
    for kind, model in ENTRY_MODELS.items():
        query = select(model).where(model.young_person_id == young_person_id, model.version > 1)
        if since is not None:
            query = query.where(model.updated_at >= since)
        corrected += [(kind, entry) for entry in db.session.scalars(query)]
    return sorted(corrected, key=lambda pair: pair[1].updated_at, reverse=True)
