"""The audit trail, read by managers, CSE coordinators and administrators. Reading it is itself
audited."""

import uuid

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from riskapp import audit
from riskapp.access import load_young_person, requires
from riskapp.audit_trail.entries import entry_rows
from riskapp.data import audit as audit_data
from riskapp.paging import Page, page_number
from riskapp.permissions import Permission

bp = Blueprint("audit_trail", __name__)


@bp.route("/audit")
@requires(Permission.VIEW_AUDIT_TRAIL)
def list_audit_events():
    user = current_user.user
    actions = audit_data.list_actions()
    action = request.args.get("action") or None
    if action not in actions:
        action = None
    page = page_number(request.args.get("page"))
    size = current_app.config["PAGE_SIZE"]
    rows, total = audit_data.entries_for_authorities(user.authority_ids, page, size, action)
    audit.record("view-audit-trail", object_type="audit_trail", details={"action": action, "page": page})
    return render_template(
        "audit_trail/list_audit_events.html",
        page=Page(entry_rows(rows, user), total, page, size),
        actions=actions,
        action=action,
    )


@bp.route("/young-people/<uuid:young_person_id>/access-log")
@requires(Permission.VIEW_RECORD_ACCESS)
def view_record_access(young_person_id: uuid.UUID):
    young_person = load_young_person(young_person_id, Permission.VIEW_RECORD_ACCESS)
    page = page_number(request.args.get("page"))
    size = current_app.config["PAGE_SIZE"]
    rows, total = audit_data.record_views(young_person.id, page, size)
    audit.record(
        "view-access-log",
        object_type="young_person",
        object_id=young_person.id,
        **audit.about(young_person),
    )
    return render_template(
        "audit_trail/view_record_access.html",
        young_person=young_person,
        page=Page(entry_rows(rows, current_user.user), total, page, size),
    )
