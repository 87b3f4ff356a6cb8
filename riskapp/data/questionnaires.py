from sqlalchemy import select

from riskapp.extensions import db
from riskapp.models import QuestionnaireDefinition


def list_definitions() -> list[QuestionnaireDefinition]:
    return list(
        db.session.scalars(
            select(QuestionnaireDefinition).order_by(
                QuestionnaireDefinition.questionnaire_id, QuestionnaireDefinition.questionnaire_version.desc()
            )
        )
    )


def get_definition(definition_id: int) -> QuestionnaireDefinition | None:
    return db.session.get(QuestionnaireDefinition, definition_id)


def get_definition_by_version(questionnaire_id: str, version: int) -> QuestionnaireDefinition | None:
    return db.session.scalar(
        select(QuestionnaireDefinition).where(
            QuestionnaireDefinition.questionnaire_id == questionnaire_id,
            QuestionnaireDefinition.questionnaire_version == version,
        )
    )


def stored_versions(questionnaire_ids: set[str]) -> dict[tuple[str, int], tuple[int, str, str]]:
    """Which versions of these questionnaires are stored, in one light query (no text):
    {(questionnaire id, version): (definition id, status, definition hash)}."""
    rows = db.session.execute(
        select(
            QuestionnaireDefinition.questionnaire_id,
            QuestionnaireDefinition.questionnaire_version,
            QuestionnaireDefinition.id,
            QuestionnaireDefinition.status,
            QuestionnaireDefinition.definition_hash,
        ).where(QuestionnaireDefinition.questionnaire_id.in_(questionnaire_ids))
    )
    return {
        (row.questionnaire_id, row.questionnaire_version): (row.id, row.status, row.definition_hash) for row in rows
    }


def get_active_definition(questionnaire_id: str) -> QuestionnaireDefinition | None:
    return db.session.scalar(
        select(QuestionnaireDefinition).where(
            QuestionnaireDefinition.questionnaire_id == questionnaire_id, QuestionnaireDefinition.status == "active"
        )
    )


def versions_of(questionnaire_id: str) -> list[QuestionnaireDefinition]:
    return list(
        db.session.scalars(
            select(QuestionnaireDefinition)
            .where(QuestionnaireDefinition.questionnaire_id == questionnaire_id)
            .order_by(QuestionnaireDefinition.questionnaire_version)
        )
    )


def add_definition(definition: QuestionnaireDefinition) -> QuestionnaireDefinition:
    db.session.add(definition)
    db.session.flush()
    return definition
