"""Audit entries as a reader reads them: who acted (name, role and agency, not an id or an e-mail
address) and what they acted on, in words. A young person is named only to a reader who may open
their record now (riskapp.permissions); otherwise the entry says it was a young person's record.
E-mail addresses are shown to administrators alone: they manage the accounts, and a failed sign-in
is known only by the address typed."""

import uuid
from dataclasses import dataclass

from riskapp.data.users import users_by_ids
from riskapp.data.young_people import young_people_by_ids
from riskapp.models import AuditEvent, User, YoungPerson
from riskapp.permissions import Permission, can_access_young_person, has_permission
from riskapp.reference import AGENCIES, ROLE_LABELS, Role, label_for

OBJECT_LABELS = {
    "young_person": "Young person's record",
    "user": "User account",
    "questionnaire_definition": "Questionnaire version",
    "band_decision": "Decision on a lower band",
    "band_decision_batch": "Lower bands from a new questionnaire version",
    "band_override": "Professional judgement",
    "indicator_resolution": "Resolved indicator",
    "agency_view_settlement": "Settlement of the agencies' views",
    "risk_result": "Risk result",
    "transfer": "Transfer",
    "panel_pack": "Panel pack",
    "strategy_meeting": "Strategy meeting",
    "meeting_action": "Meeting action",
    "screening": "Screening",
    "missing_episode": "Missing episode",
    "professional_involvement": "Professional involved",
    "session": "Signed-in session",
    "local_authority": "Local authority",
    "coverage": "Coverage list",
    "caseload": "Caseload",
    "audit_trail": "Audit trail",
}


@dataclass(frozen=True)
class EntryRow:
    entry: AuditEvent
    who: str  # a full name, "Not signed in" or "The system"
    role_and_agency: str  # "Manager, Children's social care", as they were when they acted
    email: str  # only for an administrator reading; "" otherwise
    record: str  # what the entry is about, in words


def _object_label(object_type: str) -> str:
    return OBJECT_LABELS.get(object_type) or object_type.replace("_", " ").capitalize()


def _young_person_id(entry: AuditEvent) -> uuid.UUID | None:
    if entry.young_person_id is not None:
        return entry.young_person_id
    if entry.object_type == "young_person" and entry.object_id:
        try:
            return uuid.UUID(entry.object_id)
        except ValueError:
            return None
    return None


def _user_id(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _record(entry: AuditEvent, young_people: dict, users: dict, reader: User) -> str:
    label = _object_label(entry.object_type) if entry.object_type else ""
    person_id = _young_person_id(entry)
    if person_id is not None:
        person: YoungPerson | None = young_people.get(person_id)
        if person is None or not can_access_young_person(reader, person, Permission.VIEW_YOUNG_PEOPLE):
            return label if entry.object_type == "young_person" else f"{label} on a young person's record"
        return (
            f"{label}: {person.full_name}" if entry.object_type == "young_person" else f"{label} for {person.full_name}"
        )
    if entry.object_type == "user":
        account = users.get(_user_id(entry.object_id))
        return f"{label}: {account.full_name}" if account else label
    return label


def _actor(entry: AuditEvent, users: dict) -> tuple[str, str]:
    user = users.get(entry.actor_user_id)
    if user is None and not entry.actor_role:
        return ("The system" if entry.ip_address == "cli" else "Not signed in"), ""
    name = user.full_name if user else "A former user"
    agency = label_for(AGENCIES, entry.actor_agency) or (user.agency.name if user else "")
    role = ROLE_LABELS.get(Role(entry.actor_role)) if entry.actor_role in set(Role) else entry.actor_role
    return name, ", ".join(part for part in (role, agency) if part)


def entry_rows(entries: list[AuditEvent], reader: User) -> list[EntryRow]:
    """The page's entries in words: the people they name and the young people they are about are
    loaded in one query each, whatever the page holds."""
    users = users_by_ids(
        {e.actor_user_id for e in entries if e.actor_user_id is not None}
        | {i for e in entries if e.object_type == "user" and (i := _user_id(e.object_id)) is not None}
    )
    young_people = young_people_by_ids({i for e in entries if (i := _young_person_id(e)) is not None})
    show_email = has_permission(reader, Permission.MANAGE_USERS)
    rows = []
    for entry in entries:
        who, role_and_agency = _actor(entry, users)
        rows.append(
            EntryRow(
                entry=entry,
                who=who,
                role_and_agency=role_and_agency,
                email=entry.actor_email if show_email else "",
                record=_record(entry, young_people, users, reader),
            )
        )
    return rows
