"""Recording a transfer and reading back what was recorded before it.

The handover PDF is printed from the record as it stands before the move, with the summary's own
context (riskapp.reports.context) and template, plus a first section about the transfer.
"""

import uuid
from datetime import datetime

from flask import current_app

from riskapp import audit
from riskapp.data import chronology as chronology_data
from riskapp.data import screenings as screening_data
from riskapp.data import transfers as transfer_data
from riskapp.data.meetings import meetings_about
from riskapp.models import LocalAuthority, Transfer, User, YoungPerson
from riskapp.reference import MEETING_TYPES, label_for
from riskapp.reports.bounded import configured_limits, pool_for
from riskapp.reports.cache import data_version
from riskapp.reports.context import summary_context
from riskapp.reports.inputs import load_summary_inputs, printed_by
from riskapp.reports.print_templates import print_html
from riskapp.risk.service import rescore
from riskapp.transfers.forms import RECEIVING_SERVICES, TransferForm


def new_transfer(
    young_person: YoungPerson, form: TransferForm, to_authority: LocalAuthority, user: User, now: datetime
) -> Transfer:
    """The transfer as typed, not yet added to the session (its PDF is printed next)."""
    return Transfer(
        id=uuid.uuid4(),
        young_person_id=young_person.id,
        from_authority_id=young_person.responsible_authority_id,
        to_authority_id=to_authority.id,
        receiving_service=form.receiving_service.data,
        moved_on=form.moved_on.data,
        reason=form.reason.data,
        contact_name=form.contact_name.data,
        contact_role=form.contact_role.data or "",
        contact_details=form.contact_details.data,
        young_person_name=young_person.full_name,
        date_of_birth=young_person.date_of_birth,
        transferred_at=now,
        recorded_by_id=user.id,
    )


def handover_section(transfer: Transfer, from_name: str, to_name: str, recorded_by: User) -> dict:
    """The first section of the handover PDF, as plain data."""
    return {
        "id": str(transfer.id),
        "from": from_name,
        "to": to_name,
        "service": label_for(RECEIVING_SERVICES, transfer.receiving_service),
        "moved_on": transfer.moved_on,
        "reason": transfer.reason,
        "contact": {"name": transfer.contact_name, "role": transfer.contact_role, "details": transfer.contact_details},
        "recorded_by": f"{recorded_by.full_name}, {recorded_by.role_enum.label}, {recorded_by.agency.name}",
        "recorded_at": transfer.transferred_at,
    }


def nobody(person: YoungPerson) -> bool:
    """The handover is read by the receiving authority, which may not see the other young people
    discussed at the young person's meetings: it names none of them, it only counts them."""
    return False


def print_handover(young_person: YoungPerson, handover: dict, user: User, now: datetime) -> tuple[bytes, str]:
    """The handover PDF of the record as it is now, and the data version it was printed from.
    Printed like a summary: in a render worker bounded in time and memory (raises RenderFailed)."""
    inputs = load_summary_inputs(young_person, may_name=nobody)
    version = data_version(inputs)
    context = summary_context(inputs, generated_by=printed_by(user), now=now, data_version=version[:16])
    html = print_html("reports/summary.html", meeting_types=dict(MEETING_TYPES), handover=handover, **context)
    return pool_for(configured_limits(current_app.config)).render(html), version


def complete(transfer: Transfer, young_person: YoungPerson, from_slug: str, to_slug: str) -> Transfer:
    """Store the transfer once the record has moved; audit it; re-score, which moves the young
    person from the old authority's caseload to the new one."""
    transfer_data.add(transfer)
    audit.record(
        "transfer",
        object_type="transfer",
        object_id=transfer.id,
        young_person_id=young_person.id,
        authority_id=transfer.from_authority_id,
        details={
            "from": from_slug,
            "to": to_slug,
            "service": transfer.receiving_service,
            "moved_on": transfer.moved_on.isoformat(),
        },
    )
    rescore(young_person)
    return transfer


def recorded_before(transfer: Transfer) -> dict:
    """What was recorded about the young person before the transfer, for both authorities to read.

    Entries are chosen by when they were recorded (``created_at``), not when the events happened.
    An entry changed after the transfer is listed without its details: the version at the moment
    of transfer is in the handover PDF, and the change is the receiving authority's.
    """
    cut = transfer.transferred_at
    rows = []
    for kind, entries in chronology_data.entries_of(transfer.young_person_id).items():
        for entry in entries:
            if entry.created_at < cut:
                rows.append(_entry_row(kind, entry, changed=entry.updated_at > cut))
    rows.sort(key=lambda row: row["at"], reverse=True)
    screenings = [
        {"at": s.submitted_at, "title": s.definition.title, "version": s.questionnaire_version,
         "agency": s.agency.name, "author": s.author.full_name, "amendment": bool(s.amends_id)}
        for s in screening_data.screenings_for(transfer.young_person_id)
        if s.is_submitted and s.submitted_at < cut
    ]  # fmt: skip
    meetings = [_meeting_row(m, transfer.young_person_id, changed=m.updated_at > cut)
                for m in meetings_about(transfer.young_person_id) if m.created_at < cut]  # fmt: skip
    return {"chronology": rows, "screenings": screenings, "meetings": meetings}


def _meeting_row(meeting, young_person_id: uuid.UUID, changed: bool) -> dict:
    """A meeting as both sides of the transfer read it: the decisions about this young person and
    the shared ones. The others discussed are only counted: either side may not see them."""
    return {
        "held_on": meeting.held_on,
        "type": dict(MEETING_TYPES).get(meeting.meeting_type, meeting.meeting_type),
        "chair": meeting.chair,
        "decisions": "" if changed else meeting.decisions_about(young_person_id),
        "shared_decisions": "" if changed else meeting.decisions,
        "others": len(meeting.young_people) - 1,
        "changed": changed,
    }


_KIND_LABELS = {"episode": "Missing episode", "plan-review": "Plan review", "note": "Note"}


def _entry_row(kind: str, entry, changed: bool) -> dict:
    at, label, text = {
        "episode": lambda e: (e.reported_at, _KIND_LABELS[kind], _episode_text(e)),
        "incident": lambda e: (e.occurred_at, e.incident_label, e.description),
        "plan-review": lambda e: (e.reviewed_at, _KIND_LABELS[kind], e.summary),
        "note": lambda e: (e.noted_at, _KIND_LABELS[kind], e.text),
    }[kind](entry)
    return {
        "at": at,
        "kind": label,
        "agency": entry.agency.name,
        "author": entry.author.full_name,
        "text": "" if changed else text,
        "changed": changed,
        # Withdrawn before the transfer: still listed, said to be withdrawn and no longer counting.
        "withdrawn": not changed and getattr(entry, "is_withdrawn", False),
    }


def _episode_text(e) -> str:
    parts = [f"Missing from {e.missing_from}"]
    if e.police_classification_label:
        parts.append(f"police: {e.police_classification_label}")
    parts += [f"{label} {value}" for label, value in
              (("found at", e.found_location), ("with", e.found_with), ("vehicle:", e.vehicle)) if value]  # fmt: skip
    return "; ".join(parts)
