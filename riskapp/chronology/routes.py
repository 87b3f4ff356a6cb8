"""Chronology: record missing episodes, incidents, plan reviews and notes; see the timeline. Corrections
and withdrawals are in riskapp.chronology.correction_routes, on the same blueprint."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from riskapp import audit
from riskapp.access import load_young_person, requires
from riskapp.catalogue.labels import labels
from riskapp.chronology.corrections import (
    OBJECT_TYPES,
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
    return to_timeline(young_person.id, message)


def to_timeline(young_person_id: uuid.UUID, message: str):
    # The message names no one: it can be seen over a shoulder.
    flash(message)
    return redirect(url_for("chronology.view_timeline", young_person_id=young_person_id))


def _again(message: str):
    """Where a second save of the same form goes: the timeline, as the first did."""
    return lambda _first, young_person_id: to_timeline(young_person_id, message)


def show_form(young_person: YoungPerson, template: str, form, page: str):
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
        return show_form(young_person, "chronology/record_episode.html", form, "record-episode")
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
        return show_form(young_person, "chronology/record_incident.html", form, "record-incident")
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
        return show_form(young_person, "chronology/record_plan_review.html", form, "record-plan-review")
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
        return show_form(young_person, "chronology/record_note.html", form, "record-note")
    values = form.values()
    return _record(
        young_person,
        form,
        ProfessionalNote(**values),
        "professional_note",
        {"evidence_of": values["evidence_of"]},
        "Note recorded.",
    )
