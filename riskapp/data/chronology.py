import uuid

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
