"""Correcting a recorded incident, plan review or note: the record forms with the version they were
loaded from (riskapp.concurrency), filled with what was saved, and the names the audit trail and the
conflict page give their fields. Missing episodes are corrected with EpisodeForm, versioned already.
"""

import json
from dataclasses import dataclass
from datetime import datetime

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from riskapp.chronology.forms import IncidentForm, NoteForm, PlanReviewForm
from riskapp.concurrency import VersionedFormMixin
from riskapp.forms.base import BaseForm
from riskapp.timeutil import to_uk


class IncidentCorrectionForm(VersionedFormMixin, IncidentForm):
    def fill_from(self, incident) -> None:
        """Show a recorded incident for correction, its time in UK time as it was typed."""
        self.version.data = incident.version
        local = to_uk(incident.occurred_at)
        self.occurred_on.data, self.occurred_time.data = local.date(), f"{local:%H:%M}"
        self.incident_type.data = incident.incident_type
        self.location.data = incident.location
        self.description.data = incident.description
        self.evidence_of.data = incident.evidence_of


class PlanReviewCorrectionForm(VersionedFormMixin, PlanReviewForm):
    def fill_from(self, review) -> None:
        self.version.data = review.version
        # Stored as the end of the day given (riskapp.chronology.forms.on_date): the UTC date is that day.
        self.reviewed_on.data = review.reviewed_at.date()
        self.plan_type.data = review.plan_type
        self.summary.data = review.summary
        self.next_review_on.data = review.next_review_due


class NoteCorrectionForm(VersionedFormMixin, NoteForm):
    def fill_from(self, note) -> None:
        self.version.data = note.version
        self.noted_on.data = note.noted_at.date()
        self.text.data = note.text
        self.evidence_of.data = note.evidence_of


class WithdrawNoteForm(VersionedFormMixin, BaseForm):
    reason = TextAreaField(
        "Why are you withdrawing this note?",
        widget=GovTextArea(),
        description="For example, it was written about the wrong young person, or what it says turned out to be untrue",
        filters=[lambda text: text.strip() if text else text],  # spaces alone are no reason
        validators=[
            DataRequired(message="Enter why you are withdrawing this note"),
            Length(max=2000, message="The reason must be 2000 characters or fewer"),
        ],
    )
    submit = SubmitField("Withdraw note", widget=GovSubmitInput())


def keep_same_day(values: dict, entry, name: str) -> dict:
    """A date-only entry keeps its stored moment while its day is unchanged: re-saving the form is
    not a change of date (on_date gives 'now' for today, which moves on)."""
    if values[name].date() == getattr(entry, name).date():
        return values | {name: getattr(entry, name)}
    return values


INCIDENT_FIELD_LABELS = {
    "occurred_at": "When it happened",
    "incident_type": "Type of incident",
    "incident_label": "Type of incident (label)",
    "significant": "Significant",
    "evidence_of": "What it is evidence of",
    "location": "Where it happened",
    "description": "What happened",
}
PLAN_REVIEW_FIELD_LABELS = {
    "reviewed_at": "Date reviewed",
    "plan_type": "Which plan",
    "summary": "Summary of the review",
    "next_review_due": "Next review due",
}
NOTE_FIELD_LABELS = {
    "noted_at": "Date",
    "text": "Note",
    "evidence_of": "What it is evidence of",
    "withdrawn_at": "Withdrawn",
    "withdrawn_by_id": "Withdrawn by",
    "withdrawn_reason": "Reason for withdrawing",
}

EPISODE_FIELD_LABELS = {
    "missing_from": "Missing from",
    "reported_at": "Reported missing",
    "returned_at": "Returned",
    "police_classification": "Police classification",
    "police_classification_label": "Police classification (label)",
    "police_risk_grade": "Police risk grade",
    "police_risk_grade_label": "Police risk grade (label)",
    "classified_low": "Recorded as low risk",
    "found_location": "Where found",
    "found_with": "Who with",
    "vehicle": "Vehicle",
    "out_of_area": "Out of area",
    "found_with_adult_of_concern": "Found with an adult of concern",
    "found_at_place_of_concern": "Found at a place of concern",
    "return_interview": "Return home interview",
    "return_interview_at": "Return home interview time",
    "return_interview_by": "Return home interview by",
    "return_interview_findings": "What was learned",
}
FIELD_LABELS = {
    "episode": EPISODE_FIELD_LABELS,
    "incident": INCIDENT_FIELD_LABELS,
    "plan-review": PLAN_REVIEW_FIELD_LABELS,
    "note": NOTE_FIELD_LABELS,
}
OBJECT_TYPES = {
    "episode": "missing_episode",
    "incident": "incident",
    "plan-review": "plan_review",
    "note": "professional_note",
}
# Stored alongside a field a user sets, and changed with it: not named again as a change.
FOLLOWS_ANOTHER = frozenset(
    {"police_classification_label", "police_risk_grade_label", "classified_low", "incident_label", "significant"}
)


@dataclass(frozen=True)
class Correction:
    """The last correction of an entry, as the chronology shows it."""

    at: datetime
    by: str
    fields: tuple[str, ...]


def last_corrections(entries: list[tuple[str, object]], updates: dict[tuple[str, str], tuple]) -> dict:
    """{entry id: Correction} for each (kind, entry) saved again since it was recorded, from the
    audit trail's last change to it (``updates``, riskapp.data.audit.latest_updates). An entry
    saved again with no change on the audit trail says only when."""
    corrections = {}
    for kind, entry in entries:
        if entry.version <= 1 or getattr(entry, "is_withdrawn", False):  # a withdrawal says so itself
            continue
        event, name = updates.get((OBJECT_TYPES[kind], str(entry.id)), (None, ""))
        if event is None:
            corrections[entry.id] = Correction(entry.updated_at, "", ())
            continue
        changed = json.loads(event.details).get("changes", {})
        labels = FIELD_LABELS[kind]
        fields = tuple(labels.get(field, field) for field in changed if field not in FOLLOWS_ANOTHER)
        corrections[entry.id] = Correction(event.occurred_at, name, fields)
    return corrections
