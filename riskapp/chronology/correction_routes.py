"""Correcting and withdrawing chronology entries, on the chronology blueprint: each correction as
an episode's is made (the version check, the changed fields audited with before and after, a
re-score whose lowering waits for a manager)."""

import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from riskapp import audit
from riskapp.access import load_young_person, requires
from riskapp.catalogue.labels import labels
from riskapp.chronology.corrections import (
    EPISODE_FIELD_LABELS,
    INCIDENT_FIELD_LABELS,
    NOTE_FIELD_LABELS,
    PLAN_REVIEW_FIELD_LABELS,
    IncidentCorrectionForm,
    NoteCorrectionForm,
    PlanReviewCorrectionForm,
    WithdrawNoteForm,
    keep_same_day,
)
from riskapp.chronology.evidence import current_evidence_options
from riskapp.chronology.forms import EpisodeForm
from riskapp.chronology.routes import bp, to_timeline
from riskapp.concurrency import apply_versioned_update
from riskapp.data import chronology as chronology_data
from riskapp.permissions import Permission
from riskapp.risk.service import rescore
from riskapp.timeutil import utcnow


def _entry_of(young_person, kind: str, entry_id: uuid.UUID):
    """The young person's own entry of this kind, or "not found"."""
    entry = chronology_data.get_entry(kind, entry_id)
    if entry is None or entry.young_person_id != young_person.id:
        abort(404)
    return entry


@bp.route("/young-people/<uuid:young_person_id>/episodes/<uuid:episode_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
def edit_episode(young_person_id: uuid.UUID, episode_id: uuid.UUID):
    """Correct a recorded episode (for example a classification the police changed)."""

    def make_form(young_person, episode):
        others = [e for e in chronology_data.entries_of(young_person.id)["episode"] if e.id != episode.id]
        return EpisodeForm(labels=labels(), date_of_birth=young_person.date_of_birth, existing_episodes=others)

    return _correct(
        young_person_id,
        "episode",
        episode_id,
        make_form,
        {
            "object_type": "missing_episode",
            "template": "chronology/record_episode.html",
            "page": "edit-episode",
            "labels": EPISODE_FIELD_LABELS,
            "message": "Missing episode updated.",
        },
    )


def _correct(young_person_id: uuid.UUID, kind: str, entry_id: uuid.UUID, make_form, correction: dict):
    """Correct a recorded episode, incident, plan review or note: the versioned save (a stale save is
    refused with the conflict page), audited with what changed, then re-scored (a lower band waits
    for a manager, as for any change to the evidence). ``make_form(young_person, entry)``."""
    young_person = load_young_person(young_person_id, Permission.EDIT_YOUNG_PEOPLE)
    entry = _entry_of(young_person, kind, entry_id)
    if getattr(entry, "is_withdrawn", False):
        return to_timeline(young_person.id, "This entry has been withdrawn: it cannot be corrected.")
    form = make_form(young_person, entry)
    if request.method == "GET":
        form.fill_from(entry)
    context = {"young_person": young_person, "editing": entry}
    object_type, template = correction["object_type"], correction["template"]
    if not form.validate_on_submit():
        if request.method == "GET":
            audit.record(
                "view",
                object_type=object_type,
                object_id=entry.id,
                details={"page": correction["page"]},
                **audit.about(young_person),
            )
        return render_template(template, form=form, **context)
    values = form.values()
    if correction.get("date_only"):
        values = keep_same_day(values, entry, correction["date_only"])
    conflict = apply_versioned_update(
        entry,
        form,
        values,
        object_type=object_type,
        audit_context=audit.about(young_person),
        labels=correction["labels"],
        template=template,
        template_context=lambda: context,
    )
    if conflict is not None:
        return conflict
    rescore(young_person)
    flash(correction["message"])
    return redirect(url_for("chronology.view_timeline", young_person_id=young_person.id) + f"#{kind}-{entry.id}")


@bp.route("/young-people/<uuid:young_person_id>/incidents/<uuid:incident_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
def edit_incident(young_person_id: uuid.UUID, incident_id: uuid.UUID):
    def make_form(young_person, _incident):
        evidence, _rules = current_evidence_options()
        return IncidentCorrectionForm(labels=labels(), evidence=evidence, date_of_birth=young_person.date_of_birth)

    return _correct(
        young_person_id,
        "incident",
        incident_id,
        make_form,
        {
            "object_type": "incident",
            "template": "chronology/record_incident.html",
            "page": "edit-incident",
            "labels": INCIDENT_FIELD_LABELS,
            "message": "Incident updated.",
        },
    )


@bp.route("/young-people/<uuid:young_person_id>/plan-reviews/<uuid:plan_review_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
def edit_plan_review(young_person_id: uuid.UUID, plan_review_id: uuid.UUID):
    return _correct(
        young_person_id,
        "plan-review",
        plan_review_id,
        lambda young_person, _review: PlanReviewCorrectionForm(date_of_birth=young_person.date_of_birth),
        {
            "object_type": "plan_review",
            "template": "chronology/record_plan_review.html",
            "page": "edit-plan-review",
            "labels": PLAN_REVIEW_FIELD_LABELS,
            "message": "Plan review updated.",
            "date_only": "reviewed_at",
        },
    )


@bp.route("/young-people/<uuid:young_person_id>/notes/<uuid:note_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
def edit_note(young_person_id: uuid.UUID, note_id: uuid.UUID):
    def make_form(young_person, _note):
        evidence, _rules = current_evidence_options()
        return NoteCorrectionForm(evidence=evidence, date_of_birth=young_person.date_of_birth)

    return _correct(
        young_person_id,
        "note",
        note_id,
        make_form,
        {
            "object_type": "professional_note",
            "template": "chronology/record_note.html",
            "page": "edit-note",
            "labels": NOTE_FIELD_LABELS,
            "message": "Note updated.",
            "date_only": "noted_at",
        },
    )


@bp.route("/young-people/<uuid:young_person_id>/notes/<uuid:note_id>/withdraw", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
def withdraw_note(young_person_id: uuid.UUID, note_id: uuid.UUID):
    """Withdraw a note with a reason: it stays on the chronology, marked withdrawn, and no longer
    counts. A versioned save like a correction; a lower band waits for a manager (rescore)."""
    young_person = load_young_person(young_person_id, Permission.EDIT_YOUNG_PEOPLE)
    note = _entry_of(young_person, "note", note_id)
    if note.is_withdrawn:
        return to_timeline(young_person.id, "This note has already been withdrawn.")
    form = WithdrawNoteForm()
    if request.method == "GET":
        form.version.data = note.version
    context = {"young_person": young_person, "note": note}
    if not form.validate_on_submit():
        if request.method == "GET":
            audit.record(
                "view",
                object_type="professional_note",
                object_id=note.id,
                details={"page": "withdraw-note"},
                **audit.about(young_person),
            )
        return render_template("chronology/withdraw_note.html", form=form, **context)
    values = {"withdrawn_at": utcnow(), "withdrawn_by_id": current_user.user.id, "withdrawn_reason": form.reason.data}
    conflict = apply_versioned_update(
        note,
        form,
        values,
        object_type="professional_note",
        audit_context=audit.about(young_person),
        labels=NOTE_FIELD_LABELS,
        template="chronology/withdraw_note.html",
        template_context=lambda: context,
    )
    if conflict is not None:
        return conflict
    rescore(young_person)
    flash("Note withdrawn. It no longer counts towards the risk assessment.")
    return redirect(url_for("chronology.view_timeline", young_person_id=young_person.id) + f"#note-{note.id}")
