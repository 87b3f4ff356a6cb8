"""What happens to a screening: start (or carry on with the draft already started), save a page,
submit, amend, discard. Views call these; each writes its own audit entry in the same transaction."""

import uuid
from dataclasses import dataclass

from riskapp import audit
from riskapp.catalogue.questionnaires import parsed
from riskapp.data import locks
from riskapp.data import risk as risk_data
from riskapp.data import screenings as screening_data
from riskapp.models import QuestionnaireDefinition, Screening, User, YoungPerson
from riskapp.questionnaire.answers import (
    Answer,
    Gap,
    SectionProgress,
    answers_digest,
    finalise,
    progress,
    rest_not_known,
)
from riskapp.risk.service import current_result, rescore
from riskapp.timeutil import utcnow


def young_person_context(young_person: YoungPerson) -> dict:
    """What show_if conditions may know about the young person."""
    return {"sex": young_person.sex}


def _audit_context(screening: Screening, young_person: YoungPerson) -> dict:
    return {"object_type": "screening", "object_id": screening.id, **audit.about(young_person)}


def draft_in_progress(young_person: YoungPerson, user: User) -> Screening | None:
    """The draft this person already has of this young person, if any: starting again carries on with it.
    Held under a lock until the request commits, so two starts at once (a double click) make one draft;
    the database's unique index refuses a second draft whatever happens."""
    locks.hold(f"screening-draft:{young_person.id}:{user.id}")
    return screening_data.draft_of(young_person.id, user.id)


def start_screening(young_person: YoungPerson, definition: QuestionnaireDefinition, user: User) -> Screening:
    """This person's draft of this young person: the one already started, or a new one."""
    return draft_in_progress(young_person, user) or new_draft(young_person, definition, user)


def new_draft(young_person: YoungPerson, definition: QuestionnaireDefinition, user: User) -> Screening:
    """A new draft. The caller has found none in progress (``draft_in_progress``, whose lock it holds)."""
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


def save_section(
    screening: Screening,
    young_person: YoungPerson,
    section_id: str,
    answers: dict[str, Answer],
    *,
    rest_not_known_too: bool = False,
) -> int:
    """Save a page's answers; with ``rest_not_known_too``, record "not known" for every question of
    the section left unanswered as well. Returns how many were marked not known."""
    questionnaire = parsed(screening.definition)
    agency = screening.agency.slug
    item_ids = {item.id for item in questionnaire.section(section_id).items_for(agency)}
    marked: dict[str, Answer] = {}
    if rest_not_known_too:
        earlier = {k: a for k, a in screening_data.answers_of(screening).items() if k not in item_ids}
        given = {**earlier, **answers}
        marked = rest_not_known(questionnaire, agency, section_id, given, young_person_context(young_person))
    screening_data.save_answers(screening, {**answers, **marked}, replace=item_ids)
    screening_data.mark_saved(screening, utcnow())  # "last saved", on the list of drafts
    details = {"section": section_id, "items": len(answers) + len(marked)}
    if rest_not_known_too:
        details["marked_not_known"] = len(marked)
    audit.record("save-draft", details=details, **_audit_context(screening, young_person))
    return len(marked)


def progress_of(screening: Screening, young_person: YoungPerson) -> tuple[list[SectionProgress], list[Gap]]:
    """Each section's status on the task list and the answers still needed on the check page, by one
    rule (riskapp.questionnaire.answers.progress), so the two pages always agree."""
    return progress(
        parsed(screening.definition),
        screening.agency.slug,
        screening_data.answers_of(screening),
        young_person_context(young_person),
    )


def gaps(screening: Screening, young_person: YoungPerson) -> list[Gap]:
    return progress_of(screening, young_person)[1]


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


def discard(screening: Screening, young_person: YoungPerson, reason: str) -> None:
    """The draft is no longer wanted: it stays, with the reason, but is never listed, resumed or
    scored again. The reason may name people, so the audit trail only says one was given."""
    screening.status = "discarded"
    screening.discarded_at = utcnow()
    screening.discard_reason = reason
    audit.record("discard-draft", details={"reason_given": True}, **_audit_context(screening, young_person))


def amend(original: Screening, young_person: YoungPerson, user: User, reason: str) -> Screening:
    """A new draft that starts from the submitted answers and the same definition. The caller has
    checked the user has no draft of this young person (``draft_in_progress``)."""
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


@dataclass(frozen=True)
class BandAfterSubmitting:
    """The young person's band in force now, and the one in force before this screening was submitted
    (None if they had never been scored)."""

    now: str
    before: str | None
    lower_band_waits: bool  # a lower band waits for a manager's check (riskapp.risk.decisions)


def band_after_submitting(screening: Screening, young_person: YoungPerson) -> BandAfterSubmitting:
    history = risk_data.band_history(young_person.id)
    earlier = [band for computed_at, band in history if computed_at < screening.submitted_at]
    return BandAfterSubmitting(
        now=current_result(young_person).band,
        before=earlier[-1] if earlier else None,
        lower_band_waits=risk_data.awaiting_decision(young_person.id) is not None,
    )
