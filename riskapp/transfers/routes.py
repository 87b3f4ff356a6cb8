"""Transfers: a young person moves to another authority or youth offending service.

The record moves with them (its responsible authority changes). The sending authority keeps read
access to what was recorded before the move through the transfer page and its handover PDF.
"""

import uuid

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from riskapp import audit
from riskapp.access import load_young_person, reachable, requires
from riskapp.concurrency import apply_versioned_update
from riskapp.data import organisations as organisation_data
from riskapp.data import transfers as transfer_data
from riskapp.forms.once import claim, creates_once
from riskapp.models import Transfer, YoungPerson
from riskapp.paging import Page, page_number
from riskapp.permissions import Permission, can_access_young_person, can_read_transfer
from riskapp.reference import label_for
from riskapp.reports.bounded import RenderFailed
from riskapp.reports.download import pdf_file_name, pdf_response
from riskapp.timeutil import today, utcnow
from riskapp.transfers import service
from riskapp.transfers.forms import FIELD_LABELS, MOVE_AHEAD_DAYS, RECEIVING_SERVICES, TransferForm

bp = Blueprint("transfers", __name__)


def load_transfer(transfer_id: uuid.UUID) -> Transfer:
    """The transfer, if this user's authorities sent or received it."""
    transfer = transfer_data.get_transfer(transfer_id)
    return reachable(
        transfer,
        can_read_transfer,
        object_type="transfer",
        object_id=transfer_id,
        needs=Permission.VIEW_YOUNG_PEOPLE,
        young_person_id=transfer.young_person_id if transfer else None,
    )


def _reader_authority(transfer: Transfer) -> int:
    """The side of the transfer through which this user reads it (the sending side if both)."""
    if transfer.from_authority_id in current_user.user.authority_ids:
        return transfer.from_authority_id
    return transfer.to_authority_id


def _transfer_form(young_person: YoungPerson) -> TransferForm:
    form = TransferForm(version=young_person.version) if request.method == "GET" else TransferForm()
    others = [a for a in organisation_data.list_authorities() if a.id != young_person.responsible_authority_id]
    form.to_authority_id.choices = [(0, "Select an authority")] + [(a.id, a.name) for a in others]
    form.confirm.label.text = (
        f"I understand that the record will move to the authority selected above, and that "
        f"{young_person.responsible_authority.name} will keep read access only to what was recorded "
        f"before the transfer"
    )
    return form


def _transferred(first, **_):
    """Where a second save of the form goes: the transfer its first save made (the record may no
    longer be in the user's reach)."""
    flash("Transfer recorded.")
    return redirect(url_for("transfers.view_transfer", transfer_id=first.object_id))


@bp.route("/young-people/<uuid:young_person_id>/transfer", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
@creates_once(_transferred)
def record_transfer(young_person_id: uuid.UUID):
    young_person = load_young_person(young_person_id, Permission.EDIT_YOUNG_PEOPLE)
    form = _transfer_form(young_person)
    context = {"young_person": young_person, "move_ahead_days": MOVE_AHEAD_DAYS}
    if request.method == "POST":
        valid = form.validate_on_submit()
        checked = form.check_against(
            young_person.responsible_authority_id, young_person.responsible_authority.name,
            young_person.date_of_birth, today(),
        )  # fmt: skip
        if valid and checked:
            return _transfer(young_person, form, context)
    # The form names the young person, so showing it (again, with errors) is on the audit trail.
    audit.record_view(young_person, "transfer-form")
    return render_template("transfers/record_transfer.html", form=form, **context)


def _transfer(young_person: YoungPerson, form: TransferForm, context: dict):
    user, now = current_user.user, utcnow()
    from_authority = young_person.responsible_authority
    [to_authority] = organisation_data.get_authorities_by_ids([form.to_authority_id.data])
    transfer = service.new_transfer(young_person, form, to_authority, user, now)
    # Claimed first: a second save at the same moment waits here, and prints no second handover.
    claim(form, "transfer", transfer.id)
    handover = service.handover_section(transfer, from_authority.name, to_authority.name, user)
    # Printed before the move, from the record as the sending authority holds it.
    try:
        transfer.handover_pdf, transfer.data_version = service.print_handover(young_person, handover, user, now)
    except RenderFailed as failure:
        # Nothing is saved (the status rolls the request back); what was typed stays in the form.
        return render_template(
            "transfers/record_transfer.html", form=form, render_failed=failure.reason, **context
        ), 503
    conflict = apply_versioned_update(
        young_person,
        form,
        {"responsible_authority_id": to_authority.id},
        object_type="young_person",
        audit_context=audit.about(young_person),
        labels=FIELD_LABELS,
        template="transfers/record_transfer.html",
        template_context=lambda: context,
    )
    if conflict is not None:
        return conflict
    service.complete(transfer, young_person, from_authority.slug, to_authority.slug)
    flash(f"Transfer recorded. The record is now held by {to_authority.name}.")
    # The transfer page, not the record: the person who moved it may no longer reach the record.
    return redirect(url_for("transfers.view_transfer", transfer_id=transfer.id))


@bp.route("/transfers/")
@requires(Permission.VIEW_YOUNG_PEOPLE)
def list_transfers():
    page = page_number(request.args.get("page"))
    size = current_app.config["PAGE_SIZE"]
    rows, total = transfer_data.transfers_within(current_user.user.authority_ids, page, size)
    audit.record("view-list", object_type="transfer", details={"page": page, "shown": len(rows)})
    return render_template(
        "transfers/list_transfers.html",
        page=Page(rows, total, page, size),
        services=dict(RECEIVING_SERVICES),
        my_authorities=current_user.user.authority_ids,
    )


@bp.route("/transfers/<uuid:transfer_id>")
@requires(Permission.VIEW_YOUNG_PEOPLE)
def view_transfer(transfer_id: uuid.UUID):
    transfer = load_transfer(transfer_id)
    audit.record(
        "view",
        object_type="transfer",
        object_id=transfer.id,
        young_person_id=transfer.young_person_id,
        authority_id=_reader_authority(transfer),
        details={"page": "transfer"},
    )
    return render_template(
        "transfers/view_transfer.html",
        transfer=transfer,
        service_label=label_for(RECEIVING_SERVICES, transfer.receiving_service),
        can_open_record=can_access_young_person(current_user.user, transfer.young_person, Permission.VIEW_YOUNG_PEOPLE),
        recorded=service.recorded_before(transfer),
    )


@bp.route("/transfers/<uuid:transfer_id>/handover.pdf")
@requires(Permission.VIEW_YOUNG_PEOPLE)
def download_handover(transfer_id: uuid.UUID):
    transfer = load_transfer(transfer_id)
    audit.record(
        "export",
        object_type="transfer",
        object_id=transfer.id,
        young_person_id=transfer.young_person_id,
        authority_id=_reader_authority(transfer),
        details={"format": "pdf", "report": "handover", "data_version": transfer.data_version[:16]},
    )
    # Not the local ID: the record may since have moved on, and its ID with it, out of this reader's sight.
    name = pdf_file_name("handover", transfer.moved_on, record_id=transfer.young_person_id)
    return pdf_response(transfer.handover_pdf, name)
