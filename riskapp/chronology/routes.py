"""Chronology: record missing episodes, incidents, plan reviews and notes; see the timeline."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from riskapp import audit
from riskapp.access import load_young_person, requires
from riskapp.catalogue.labels import labels
from riskapp.chronology.corrections import (
    EPISODE_FIELD_LABELS,
    INCIDENT_FIELD_LABELS,
    NOTE_FIELD_LABELS,
    OBJECT_TYPES,
    PLAN_REVIEW_FIELD_LABELS,
    IncidentCorrectionForm,
    NoteCorrectionForm,
    PlanReviewCorrectionForm,
    WithdrawNoteForm,
    keep_same_day,
    last_corrections,
)
from riskapp.chronology.evidence import current_evidence_options
from riskapp.chronology.forms import (
    KINDS,
    MISSING_FROM,
    PLAN_TYPES,
    RETURN_INTERVIEW,
    EpisodeForm,
    IncidentForm,
    NoteForm,
    PlanReviewForm,
    TimelineFilterForm,
    on_date,
)
from riskapp.concurrency import apply_versioned_update
from riskapp.data import chronology as chronology_data
from riskapp.data import organisations as organisation_data
from riskapp.data import screenings as screening_data
from riskapp.data.audit import latest_updates
from riskapp.data.meetings import meetings_about
from riskapp.forms.once import claim, creates_once
from riskapp.models import Incident, MissingEpisode, PlanReview, ProfessionalNote, YoungPerson
from riskapp.permissions import Permission
from riskapp.reference import MEETING_TYPES, YES_NO_NOT_KNOWN
from riskapp.risk.return_interviews import hours_allowed
from riskapp.risk.service import rescore
from riskapp.timeutil import utcnow

bp = Blueprint("chronology", __name__)


@dataclass(frozen=True)
class TimelineItem:
    kind: str
    at: datetime
    agency_slug: str
    entry: Any


@dataclass(frozen=True)
class InterviewClock:
    """The return home interview's clock: due a fixed number of hours after the return."""

    due: datetime
    status: str  # in-time, late, declined, overdue, waiting, not-known

    @classmethod
    def of(cls, episode: MissingEpisode, now: datetime, hours: int) -> "InterviewClock | None":
        if episode.returned_at is None:
            return None
        due = episode.returned_at + timedelta(hours=hours)
        if episode.return_interview == "done" and episode.return_interview_at:
            return cls(due, "in-time" if episode.return_interview_at <= due else "late")
        if episode.return_interview in ("declined", "not-known"):
            # Not known: nobody stated what happened. A gap in the record, not a late interview.
            return cls(due, episode.return_interview)
        return cls(due, "overdue" if now > due else "waiting")


def duration_text(start: datetime, end: datetime) -> str:
    """'2 days 3 hours', '5 hours', '40 minutes': days and hours, minutes only under a day."""
    minutes = max(int((end - start).total_seconds() // 60), 0)
    days, hours, mins = minutes // 1440, minutes % 1440 // 60, minutes % 60
    parts = [(days, "day"), (hours, "hour")] + ([] if days else [(mins, "minute")])
    words = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n]
    return " ".join(words) or "Less than a minute"


def _timeline(young_person: YoungPerson) -> list[TimelineItem]:
    """Every entry of the young person, and their submitted screenings, newest first."""
    entries = chronology_data.entries_of(young_person.id)
    moments = {
        "episode": lambda e: e.reported_at,
        "incident": lambda e: e.occurred_at,
        "plan-review": lambda e: e.reviewed_at,
        "note": lambda e: e.noted_at,
    }
    items = [
        TimelineItem(kind, moments[kind](entry), entry.agency.slug, entry)
        for kind, kind_entries in entries.items()
        for entry in kind_entries
    ]
    items += [
        TimelineItem("screening", screening.submitted_at, screening.agency.slug, screening)
        for screening in screening_data.screenings_for(young_person.id)
        if screening.is_submitted
    ]
    # Meetings about them (strategy meetings, reviews, panels), on the day they were held, recorded
    # by the agency of whoever recorded them. The meeting's own page says what the reader may see.
    items += [
        TimelineItem("meeting", on_date(meeting.held_on), meeting.author.agency.slug, meeting)
        for meeting in meetings_about(young_person.id)
    ]
    return sorted(items, key=lambda item: (item.at, item.entry.created_at), reverse=True)


@bp.route("/young-people/<uuid:young_person_id>/chronology")
@requires(Permission.VIEW_YOUNG_PEOPLE)
def view_timeline(young_person_id: uuid.UUID):
    young_person = load_young_person(young_person_id, Permission.VIEW_YOUNG_PEOPLE)
    agencies = organisation_data.list_agencies()
    filters = TimelineFilterForm(formdata=request.args, agencies=[(a.slug, a.name) for a in agencies])
    kind, agency = filters.chosen_kind, filters.chosen_agency
    items = [
        item
        for item in _timeline(young_person)
        if (not kind or item.kind == kind) and (not agency or item.agency_slug == agency)
    ]
    audit.record(
        "view",
        object_type="young_person",
        object_id=young_person.id,
        details={"page": "chronology"},
        **audit.about(young_person),
    )
    now = utcnow()
    evidence, rules = current_evidence_options()
    hours = hours_allowed(rules)
    return render_template(
        "chronology/view_timeline.html",
        young_person=young_person,
        filter_form=filters,
        filtered=bool(kind or agency),
        items=items,
        now=now,
        clocks={item.entry.id: InterviewClock.of(item.entry, now, hours) for item in items if item.kind == "episode"},
        corrections=last_corrections(
            [(item.kind, item.entry) for item in items if item.kind in OBJECT_TYPES],
            latest_updates(young_person.id, tuple(OBJECT_TYPES.values())),
        ),
        interview_hours=hours,
        evidence=evidence,
        kind_labels=dict(KINDS),
        agency_names={a.slug: a.name for a in agencies},
        missing_from=dict(MISSING_FROM),
        interview_labels=dict(RETURN_INTERVIEW),
        plan_types=dict(PLAN_TYPES),
        meeting_types=dict(MEETING_TYPES),
        yes_no=dict(YES_NO_NOT_KNOWN),
        duration=duration_text,
    )


def _record(young_person: YoungPerson, form, entry, object_type: str, details: dict, message: str):
    """Save an entry with the user's agency as its source, claim the form's token, audit it,
    rescore, and go back to the timeline."""
    user = current_user.user
    entry.young_person_id = young_person.id
    entry.agency_id = user.agency_id
    entry.author_id = user.id
    chronology_data.add(entry)
    claim(form, object_type, entry.id)
    audit.record(
        "create",
        object_type=object_type,
        object_id=entry.id,
        details={"version": entry.version, **details},
        **audit.about(young_person),
    )
    rescore(young_person)
    return _to_timeline(young_person.id, message)


def _to_timeline(young_person_id: uuid.UUID, message: str):
    # The message names no one: it can be seen over a shoulder.
    flash(message)
    return redirect(url_for("chronology.view_timeline", young_person_id=young_person_id))


def _again(message: str):
    """Where a second save of the same form goes: the timeline, as the first did."""
    return lambda _first, young_person_id: _to_timeline(young_person_id, message)


def _show_form(young_person: YoungPerson, template: str, form, page: str):
    audit.record(
        "view",
        object_type="young_person",
        object_id=young_person.id,
        details={"page": page},
        **audit.about(young_person),
    )
    return render_template(template, young_person=young_person, form=form)


@bp.route("/young-people/<uuid:young_person_id>/episodes/new", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
@creates_once(_again("Missing episode recorded."))
def record_episode(young_person_id: uuid.UUID):
    young_person = load_young_person(young_person_id, Permission.EDIT_YOUNG_PEOPLE)
    form = EpisodeForm(
        version=1,
        labels=labels(),
        date_of_birth=young_person.date_of_birth,
        existing_episodes=chronology_data.entries_of(young_person.id)["episode"],
    )
    if not form.validate_on_submit():
        return _show_form(young_person, "chronology/record_episode.html", form, "record-episode")
    values = form.values()
    return _record(
        young_person,
        form,
        MissingEpisode(**values),
        "missing_episode",
        {
            "missing_from": values["missing_from"],
            "police_classification": values["police_classification"],
            "police_risk_grade": values["police_risk_grade"],
            "return_interview": values["return_interview"],
            "found_with_adult_of_concern": values["found_with_adult_of_concern"],
            "found_at_place_of_concern": values["found_at_place_of_concern"],
        },
        "Missing episode recorded.",
    )


@bp.route("/young-people/<uuid:young_person_id>/incidents/new", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
@creates_once(_again("Incident recorded."))
def record_incident(young_person_id: uuid.UUID):
    young_person = load_young_person(young_person_id, Permission.EDIT_YOUNG_PEOPLE)
    evidence, _rules = current_evidence_options()
    form = IncidentForm(labels=labels(), evidence=evidence, date_of_birth=young_person.date_of_birth)
    if not form.validate_on_submit():
        return _show_form(young_person, "chronology/record_incident.html", form, "record-incident")
    values = form.values()
    counted = evidence.counted_for(values["incident_type"])
    return _record(
        young_person,
        form,
        Incident(**values),
        "incident",
        {
            "incident_type": values["incident_type"],
            "significant": values["significant"],
            "evidence_of": values["evidence_of"],
        },
        "Incident recorded." + (" Its type counts as evidence towards the risk assessment." if counted else ""),
    )


@bp.route("/young-people/<uuid:young_person_id>/plan-reviews/new", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
@creates_once(_again("Plan review recorded."))
def record_plan_review(young_person_id: uuid.UUID):
    young_person = load_young_person(young_person_id, Permission.EDIT_YOUNG_PEOPLE)
    form = PlanReviewForm(date_of_birth=young_person.date_of_birth)
    if not form.validate_on_submit():
        return _show_form(young_person, "chronology/record_plan_review.html", form, "record-plan-review")
    values = form.values()
    return _record(
        young_person,
        form,
        PlanReview(**values),
        "plan_review",
        {"plan_type": values["plan_type"]},
        "Plan review recorded.",
    )


@bp.route("/young-people/<uuid:young_person_id>/notes/new", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
@creates_once(_again("Note recorded."))
def record_note(young_person_id: uuid.UUID):
    young_person = load_young_person(young_person_id, Permission.EDIT_YOUNG_PEOPLE)
    evidence, _rules = current_evidence_options()
    form = NoteForm(evidence=evidence, date_of_birth=young_person.date_of_birth)
    if not form.validate_on_submit():
        return _show_form(young_person, "chronology/record_note.html", form, "record-note")
    values = form.values()
    return _record(
        young_person,
        form,
        ProfessionalNote(**values),
        "professional_note",
        {"evidence_of": values["evidence_of"]},
        "Note recorded.",
    )


@bp.route("/young-people/<uuid:young_person_id>/episodes/<uuid:episode_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
def edit_episode(young_person_id: uuid.UUID, episode_id: uuid.UUID):
    """Correct a recorded episode (for example a classification the police changed). The same
    versioned save as every other form: a stale save is refused and shows what changed."""
    young_person = load_young_person(young_person_id, Permission.EDIT_YOUNG_PEOPLE)
    episode = chronology_data.get_entry("episode", episode_id)
    if episode is None or episode.young_person_id != young_person.id:
        abort(404)
    others = [e for e in chronology_data.entries_of(young_person.id)["episode"] if e.id != episode.id]
    form = EpisodeForm(labels=labels(), date_of_birth=young_person.date_of_birth, existing_episodes=others)
    if request.method == "GET":
        form.fill_from(episode)
    context = {"young_person": young_person, "editing": episode}
    if not form.validate_on_submit():
        if request.method == "GET":
            audit.record(
                "view",
                object_type="missing_episode",
                object_id=episode.id,
                details={"page": "edit-episode"},
                **audit.about(young_person),
            )
        return render_template("chronology/record_episode.html", form=form, **context)
    conflict = apply_versioned_update(
        episode,
        form,
        form.values(),
        object_type="missing_episode",
        audit_context=audit.about(young_person),
        labels=EPISODE_FIELD_LABELS,
        template="chronology/record_episode.html",
        template_context=lambda: context,
    )
    if conflict is not None:
        return conflict
    rescore(young_person)
    flash("Missing episode updated.")
    return redirect(url_for("chronology.view_timeline", young_person_id=young_person.id) + f"#episode-{episode.id}")


def _correct(young_person_id: uuid.UUID, kind: str, entry_id: uuid.UUID, make_form, correction: dict):
    """Correct a recorded incident, plan review or note as an episode is corrected: the versioned
    save (a stale save is refused with the conflict page), audited with what changed, then re-scored
    (a lower band waits for a manager, as for any change to the evidence)."""
    young_person = load_young_person(young_person_id, Permission.EDIT_YOUNG_PEOPLE)
    entry = chronology_data.get_entry(kind, entry_id)
    if entry is None or entry.young_person_id != young_person.id:
        abort(404)
    if getattr(entry, "is_withdrawn", False):
        return _to_timeline(young_person.id, "This entry has been withdrawn: it cannot be corrected.")
    form = make_form(young_person)
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
    def make_form(young_person):
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
        lambda young_person: PlanReviewCorrectionForm(date_of_birth=young_person.date_of_birth),
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
    def make_form(young_person):
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
    note = chronology_data.get_entry("note", note_id)
    if note is None or note.young_person_id != young_person.id:
        abort(404)
    if note.is_withdrawn:
        return _to_timeline(young_person.id, "This note has already been withdrawn.")
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
