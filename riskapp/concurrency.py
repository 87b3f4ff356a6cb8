"""One mechanism for every form that edits a record: optimistic concurrency.

A form carries the version of the record it was loaded from. On save, if the record has moved
on, nothing is written: the page comes back with status 409, what the user typed still in the
form, the changes others made since (from the audit trail), and the fields where the saved value
now differs from theirs. Saving again is then a deliberate choice made with the new version.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import render_template
from sqlalchemy.orm.exc import StaleDataError
from wtforms import IntegerField
from wtforms.validators import InputRequired
from wtforms.widgets import HiddenInput

from riskapp import audit
from riskapp.data.audit import changes_since
from riskapp.extensions import db


class VersionedFormMixin:
    """Add to any form that edits a record."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired(message="Reload the page and try again")])


@dataclass
class Conflict:
    others_changes: list[dict] = field(default_factory=list)
    differences: list[dict] = field(default_factory=list)


def field_changes(record: Any, new_values: dict[str, Any]) -> dict[str, list]:
    """{field: [before, after]} for the fields whose value would change."""
    return {
        name: [getattr(record, name), value] for name, value in new_values.items() if getattr(record, name) != value
    }


def apply_versioned_update(
    record: Any,
    form: Any,
    new_values: dict[str, Any],
    *,
    object_type: str,
    audit_context: dict,
    labels: dict[str, str],
    template: str,
    template_context: Callable[[], dict],
):
    """Save ``new_values`` onto ``record`` if ``form.version`` is current. Returns None on success,
    or a 409 response showing the conflict."""
    if int(form.version.data) == record.version:
        changes = field_changes(record, new_values)
        if not changes:
            return None
        for name, value in new_values.items():
            setattr(record, name, value)
        try:
            db.session.flush()
        except StaleDataError:
            db.session.rollback()
            record = db.session.get(type(record), record.id)
        else:
            audit.record(
                "update",
                object_type=object_type,
                object_id=record.id,
                details={"version": record.version, "changes": changes},
                **audit_context,
            )
            return None
    return _conflict_response(record, form, new_values, object_type, audit_context, labels, template, template_context)


def _conflict_response(record, form, new_values, object_type, audit_context, labels, template, template_context):
    submitted_version = int(form.version.data)
    # Nothing is saved; the refused attempt is on the audit trail. (This rolls back, so the record
    # below is re-read as it is now saved.)
    audit.record_refusal(
        "update",
        outcome="conflict",
        object_type=object_type,
        object_id=record.id,
        details={"submitted_version": submitted_version, "saved_version": record.version},
        **audit_context,
    )
    entries = changes_since(object_type, str(record.id), submitted_version)
    others = [
        {
            "who": entry.actor_email,
            "when": entry.occurred_at,
            "fields": [labels.get(name, name) for name in json.loads(entry.details).get("changes", {})],
        }
        for entry in entries
    ]
    differences = [
        {"label": labels.get(name, name), "yours": value, "saved": getattr(record, name)}
        for name, value in new_values.items()
        if getattr(record, name) != value
    ]
    form.version.data = record.version
    form.version.raw_data = [str(record.version)]
    conflict = Conflict(others_changes=others, differences=differences)
    return render_template(template, form=form, conflict=conflict, **template_context()), 409
