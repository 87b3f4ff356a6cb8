"""What happens to a screening: start, save a page, submit, amend. Views call these; each writes
its own audit entry in the same transaction."""

import uuid

from riskapp import audit
from riskapp.catalogue.questionnaires import parsed
from riskapp.data import screenings as screening_data
from riskapp.models import QuestionnaireDefinition, Screening, User, YoungPerson
from riskapp.questionnaire.answers import Answer, answers_digest, finalise, submission_gaps
from riskapp.risk.service import rescore
from riskapp.timeutil import utcnow


def young_person_context(young_person: YoungPerson) -> dict:
    """What show_if conditions may know about the young person."""
    return {"sex": young_person.sex}


def _audit_context(screening: Screening, young_person: YoungPerson) -> dict:
    return {"object_type": "screening", "object_id": screening.id, **audit.about(young_person)}


def start_screening(young_person: YoungPerson, definition: QuestionnaireDefinition, user: User) -> Screening:
    screening = screening_data.add_screening(
        Screening(
            id=uuid.uuid4(),
            young_person_id=young_person.id,
            definition=definition,
            questionnaire_id=definition.questionnaire_id,
            questionnaire_version=definition.questionnaire_version,
            definition_hash=definition.definition_hash,
            status="draft",
            agency_id=user.agency_id,
            author_id=user.id,
        )
    )
    audit.record(
        "create",
        details={"questionnaire": definition.questionnaire_id, "version": definition.questionnaire_version},
        **_audit_context(screening, young_person),
    )
    return screening


def save_section(screening: Screening, young_person: YoungPerson, section_id: str, answers: dict[str, Answer]) -> None:
    questionnaire = parsed(screening.definition)
    item_ids = {item.id for item in questionnaire.section(section_id).items_for(screening.agency.slug)}
    screening_data.save_answers(screening, answers, replace=item_ids)
    audit.record(
        "save-draft",
        details={"section": section_id, "items": len(answers)},
        **_audit_context(screening, young_person),
    )


def gaps(screening: Screening, young_person: YoungPerson):
    questionnaire = parsed(screening.definition)
    return submission_gaps(
        questionnaire, screening.agency.slug, screening_data.answers_of(screening), young_person_context(young_person)
    )


def submit(screening: Screening, young_person: YoungPerson) -> None:
    """Make the screening final. The caller has checked there are no gaps."""
    questionnaire = parsed(screening.definition)
    final = finalise(
        questionnaire, screening.agency.slug, screening_data.answers_of(screening), young_person_context(young_person)
    )
    # Answers first: once the screening is marked submitted the database refuses any change to them.
    screening_data.save_answers(screening, final, replace=set(final) | {a.item_id for a in screening.answers})
    screening.status = "submitted"
    screening.submitted_at = utcnow()
    screening.answers_hash = answers_digest(final)

    rescore(young_person)
    audit.record(
        "submit",
        details={"answers_hash": screening.answers_hash, "amends": str(screening.amends_id or "")},
        **_audit_context(screening, young_person),
    )


def amend(original: Screening, young_person: YoungPerson, user: User, reason: str) -> Screening:
    """A new draft that starts from the submitted answers and the same definition."""
    amendment = screening_data.add_screening(
        Screening(
            id=uuid.uuid4(),
            young_person_id=young_person.id,
            definition=original.definition,
            questionnaire_id=original.questionnaire_id,
            questionnaire_version=original.questionnaire_version,
            definition_hash=original.definition_hash,
            status="draft",
            # The same questions as the original (its agency's), so no answer is lost; the
            # amender is the author.
            agency_id=original.agency_id,
            author_id=user.id,
            amends_id=original.id,
            amendment_reason=reason,
        )
    )
    copied = {k: a for k, a in screening_data.answers_of(original).items() if a.state != "not-applicable"}
    screening_data.save_answers(amendment, copied, replace=set(copied))
    audit.record(
        "amend", details={"amends": str(original.id), "reason": reason}, **_audit_context(amendment, young_person)
    )
    return amendment
