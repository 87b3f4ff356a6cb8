"""Forms for recording a young person's chronology: missing episodes, incidents, plan reviews and
notes, and the timeline's filter.

Times are typed in UK time, as people write them ("2.30pm", "14:30"; riskapp.forms.times reads
them), and stored as UTC.
Every form is given the young person's date of birth (no entry can come before it) and, where it
offers configurable labels, the labels from questionnaires/chronology.yaml.
"""

from datetime import UTC, date, datetime, time

from govuk_frontend_wtf.gov_form_base import GovFormBase
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import Field, RadioField, SelectField, StringField, SubmitField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from riskapp.catalogue.labels import ChronologyLabels, Label
from riskapp.chronology.evidence import EvidenceOptions
from riskapp.concurrency import VersionedFormMixin
from riskapp.forms.base import BaseForm
from riskapp.forms.fields import GovukDateField
from riskapp.forms.once import OnceOnlyFormMixin
from riskapp.forms.times import parse_time, time_field
from riskapp.reference import YES_NO_NOT_KNOWN
from riskapp.timeutil import from_uk, to_uk, today, utcnow

MISSING_FROM = [("home", "Home"), ("care", "Care"), ("education", "Education")]
RETURN_INTERVIEW = [
    ("not-offered", "Not offered"),
    ("offered", "Offered, not done yet"),
    ("done", "Done"),
    ("declined", "Declined by the young person"),
    # What is stored when nobody stated it (the model's default): a gap in the record, not a late interview.
    ("not-known", "Not known"),
]
# "Not graded" is a choice of its own, so a grade left unanswered is not taken for one.
NOT_GRADED = "not-graded"
PLAN_TYPES = [("vulnerability", "Vulnerability plan"), ("safety", "Safety plan")]
LONG_TEXT = 5000


def on_date(day: date, now: datetime | None = None) -> datetime:
    """The moment stored for an entry recorded with a date only: the end of that day, or now if
    it is today. A plan review dated the day of an incident is taken as made after it."""
    now = now or utcnow()
    return min(datetime.combine(day, time(23, 59, 59), tzinfo=UTC), now)


def _text(label: str, max_length: int, description: str = "", *, name: str) -> StringField:
    """An optional line of text; ``name`` is how messages refer to it ("Vehicle must be...")."""
    return StringField(
        label,
        widget=GovTextInput(),
        description=description,
        validators=[Optional(), Length(max=max_length, message=f"{name} must be {max_length} characters or fewer")],
    )


def _long_text(label: str, description: str = "", required_message: str | None = None) -> TextAreaField:
    first = InputRequired(message=required_message) if required_message else Optional()
    return TextAreaField(
        label,
        widget=GovTextArea(),
        description=description,
        validators=[first, Length(max=LONG_TEXT, message=f"{label} must be {LONG_TEXT} characters or fewer")],
    )


class OptionalRadioField(RadioField):
    """Radios with nothing chosen until the user chooses one; leaving them all unchosen is allowed."""

    def pre_validate(self, form) -> None:
        if self.data in (None, ""):
            return
        super().pre_validate(form)


class GroupedSelect(GovFormBase):
    """A GOV.UK select whose options are grouped (``<optgroup>``), for a long list such as every
    indicator of the questionnaire by section. govuk-frontend's select has no groups."""

    template = "chronology/_grouped_select.html"

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        params = self.map_gov_params(field, **kwargs)
        params["empty"] = field.empty_label
        params["value"] = field.data or ""
        params["groups"] = field.groups
        return self.render(params)


class EvidenceOfField(StringField):
    """An optional choice of one indicator of the active questionnaire, grouped by section. The
    form checks the choice is an indicator of the active rules."""

    widget = GroupedSelect()
    empty_label = "No particular indicator"
    groups: tuple = ()


EVIDENCE_MESSAGE = "Select what this is evidence of from the list, or choose 'No particular indicator'"


def _evidence_field() -> EvidenceOfField:
    return EvidenceOfField("What is this evidence of? (optional)", validators=[Optional()])


class EvidenceFormMixin:
    """The 'What is this evidence of?' choice, filled from the active questionnaire."""

    def use_evidence(self, evidence: EvidenceOptions, extra_hint: str = "") -> None:
        self.evidence = evidence
        self.evidence_of.groups = evidence.groups
        example = ""
        if evidence.example:
            example = f"For example, choose '{evidence.example}' when they disclosed exploitation to you. "
        self.evidence_of.description = (
            "Choose the indicator from the screening questionnaire that this shows, if there is one. "
            f"{example}It then counts as evidence of that indicator, with this entry's date and agency.{extra_hint}"
        )

    def validate_evidence_of(self, field) -> None:
        if field.data and field.data not in self.evidence.texts:
            raise ValidationError(EVIDENCE_MESSAGE)


class ChronologyForm(OnceOnlyFormMixin, BaseForm):
    """What every record form shares: dates no later than today and no earlier than the young
    person's date of birth, and checks that involve more than one field."""

    def __init__(self, *args, date_of_birth: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.date_of_birth = date_of_birth

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        problems = [(field, message) for field, message in self.problems() if not field.errors]
        for field, message in problems:
            if not field.errors:  # one message per field: the first found
                field.errors = [message]
        return valid and not problems

    def problems(self):
        """(field, message) pairs found by looking at several fields together."""
        return []

    def date_problem(self, field: GovukDateField) -> str | None:
        if field.errors or field.data is None:
            return None
        if field.data > today():
            return f"{field.label.text} must be today or in the past"
        if field.data < self.date_of_birth:
            return f"{field.label.text} must be after the young person's date of birth"
        return None

    def moment(self, day_field: GovukDateField, time_field: Field) -> datetime | None:
        """The date and time typed (UK time), as UTC; None if either is missing or wrong. A date
        with its own problem (after today, before birth) gives no moment, so checks that compare
        moments do not report the same mistake a second time."""
        at = parse_time(time_field.data)
        if day_field.errors or time_field.errors or day_field.data is None or at is None:
            return None
        if self.date_problem(day_field):
            return None
        return from_uk(day_field.data, at)

    def moment_problem(self, day_field: GovukDateField, time_field: Field) -> tuple | None:
        """Today's date with a time still to come."""
        moment = self.moment(day_field, time_field)
        if moment is not None and moment > utcnow():
            return time_field, f"{time_field.label.text} must be now or in the past"
        return None


class EpisodeForm(VersionedFormMixin, ChronologyForm):
    missing_from = RadioField(
        "Where were they missing from?",
        choices=MISSING_FROM,
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select where the young person was missing from")],
    )
    reported_on = GovukDateField(
        "Date reported missing",
        description="For example, 27 3 2025",
        validators=[DataRequired(message="Enter the date the young person was reported missing")],
    )
    reported_time = time_field("Time reported missing", "Enter the time the young person was reported missing")
    returned_on = GovukDateField(
        "Date returned", description="Leave the date and time empty if they are still missing", validators=[Optional()]
    )
    returned_time = time_field("Time returned")
    police_classification = RadioField(
        "Police classification",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select the police classification")],
    )
    police_risk_grade = RadioField(
        "Police risk grade",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select the police risk grade, or 'Not graded'")],
    )
    found_location = _text(
        "Where were they found?", 300, "Optional. An address, a place or an area", name="Where they were found"
    )
    found_with = _text(
        "Who were they with?",
        300,
        "Optional. Names, nicknames or descriptions of anyone with them",
        name="Who they were with",
    )
    vehicle = _text("Vehicle", 200, "Optional. Any vehicle seen: registration, make, colour", name="Vehicle")
    out_of_area = RadioField(
        "Were they found out of the area?",
        choices=YES_NO_NOT_KNOWN,
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select whether they were found out of the area")],
    )
    return_interview = RadioField(
        "What happened about the return home interview?",
        choices=RETURN_INTERVIEW,
        description="Every young person who returns should be offered one within 72 hours",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select what happened about the return home interview")],
    )
    interview_on = GovukDateField(
        "Date of the return home interview", description="If it has been done", validators=[Optional()]
    )
    interview_time = time_field("Time of the return home interview")
    interview_by = _text(
        "Who did the return home interview?",
        200,
        "If it has been done: name, role and organisation",
        name="Who did the interview",
    )
    found_with_adult_of_concern = OptionalRadioField(
        "Was the young person found with an adult of concern?",
        choices=YES_NO_NOT_KNOWN,
        description="Optional. For example, an adult known or suspected to exploit children, or an older adult "
        "they have no reason to be with",
        widget=GovRadioInput(),
    )
    found_at_place_of_concern = OptionalRadioField(
        "Were they found at a place of concern, such as a property used for dealing drugs, a hotel or a takeaway?",
        choices=YES_NO_NOT_KNOWN,
        description="Optional",
        widget=GovRadioInput(),
    )
    findings = _long_text("What was learned", "Optional. Why they went, where, who with, how they travelled, any harm")
    submit = SubmitField("Save missing episode", widget=GovSubmitInput())

    def __init__(self, *args, labels: ChronologyLabels, existing_episodes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.labels = labels
        self.existing_episodes = existing_episodes
        self.police_classification.choices = labels.choices("police_classifications")
        self.police_risk_grade.choices = [(NOT_GRADED, "Not graded"), *labels.choices("police_risk_grades")]

    def problems(self):
        for field in (self.reported_on, self.returned_on, self.interview_on):
            problem = self.date_problem(field)
            if problem:
                yield field, problem
        for day, at in (
            (self.reported_on, self.reported_time),
            (self.returned_on, self.returned_time),
            (self.interview_on, self.interview_time),
        ):
            problem = self.moment_problem(day, at)
            if problem:
                yield problem
        yield from self._duplicate_problems()
        yield from self._return_problems()
        yield from self._interview_problems()

    def _duplicate_problems(self):
        """The same episode recorded twice, or one inside another, would count twice."""
        reported = self.reported_at
        if reported is None:
            return
        for episode in self.existing_episodes:
            if abs((episode.reported_at - reported).total_seconds()) < 60:
                yield self.reported_time, "An episode reported missing at this date and time is already recorded"
                return
            if episode.returned_at and episode.reported_at < reported < episode.returned_at:
                yield self.reported_time, "This is during an episode already recorded: change that episode instead"
                return

    def _return_problems(self):
        if self.returned_on.data and not self.returned_time.data:
            yield self.returned_time, "Enter the time the young person returned"
        if self.returned_time.data and not self.returned_on.data and not self.returned_on.raw_data:
            yield self.returned_on, "Enter the date the young person returned"
        reported, returned = self.reported_at, self.returned_at
        if reported and returned and returned <= reported:
            yield self.returned_on, "The return must be after the report"

    def _interview_problems(self):
        if self.return_interview.data != "done":
            return
        if not self.interview_on.data and not self.interview_on.raw_data:
            yield self.interview_on, "Enter the date of the return home interview"
        if not self.interview_time.data:
            yield self.interview_time, "Enter the time of the return home interview"
        if not self.interview_by.data:
            yield self.interview_by, "Enter who did the return home interview"
        if not self.returned_on.data and not self.returned_on.raw_data:
            yield self.returned_on, "Enter when the young person returned: the interview comes after the return"
        returned, interviewed = self.returned_at, self.interview_at
        if returned and interviewed and interviewed < returned:
            yield self.interview_on, "The return home interview must be after the return"

    def fill_from(self, episode) -> None:
        """Show a recorded episode for correction, times in UK time as they were typed."""
        self.version.data = episode.version
        self.missing_from.data = episode.missing_from
        for day, at, value in (
            (self.reported_on, self.reported_time, episode.reported_at),
            (self.returned_on, self.returned_time, episode.returned_at),
            (self.interview_on, self.interview_time, episode.return_interview_at),
        ):
            if value is not None:
                local = to_uk(value)
                day.data, at.data = local.date(), f"{local:%H:%M}"
        self.police_classification.data = episode.police_classification
        self.police_risk_grade.data = episode.police_risk_grade or NOT_GRADED
        self.found_location.data = episode.found_location
        self.found_with.data = episode.found_with
        self.vehicle.data = episode.vehicle
        self.out_of_area.data = episode.out_of_area
        self.found_with_adult_of_concern.data = episode.found_with_adult_of_concern
        self.found_at_place_of_concern.data = episode.found_at_place_of_concern
        self.return_interview.data = episode.return_interview
        self.interview_by.data = episode.return_interview_by
        self.findings.data = episode.return_interview_findings

    @property
    def reported_at(self) -> datetime | None:
        return self.moment(self.reported_on, self.reported_time)

    @property
    def returned_at(self) -> datetime | None:
        return self.moment(self.returned_on, self.returned_time)

    @property
    def interview_at(self) -> datetime | None:
        return self.moment(self.interview_on, self.interview_time)

    def values(self) -> dict:
        """The values to store, from the fields a user may set (nothing else is read)."""
        classification = self.labels.find("police_classifications", self.police_classification.data)
        grade = self.labels.find("police_risk_grades", self.police_risk_grade.data)
        done = self.return_interview.data == "done"
        return {
            "missing_from": self.missing_from.data,
            "reported_at": self.reported_at,
            "returned_at": self.returned_at,
            "police_classification": classification.value,
            "police_classification_label": classification.label,
            "police_risk_grade": grade.value if grade else "",
            "police_risk_grade_label": grade.label if grade else "",
            "classified_low": classification.low or bool(grade and grade.low),
            "found_location": self.found_location.data or "",
            "found_with": self.found_with.data or "",
            "vehicle": self.vehicle.data or "",
            "out_of_area": self.out_of_area.data,
            "found_with_adult_of_concern": self.found_with_adult_of_concern.data or "not-known",
            "found_at_place_of_concern": self.found_at_place_of_concern.data or "not-known",
            "return_interview": self.return_interview.data,
            "return_interview_at": self.interview_at if done else None,
            "return_interview_by": self.interview_by.data or "",
            "return_interview_findings": self.findings.data or "",
        }


class IncidentForm(EvidenceFormMixin, ChronologyForm):
    occurred_on = GovukDateField(
        "Date of the incident",
        description="For example, 27 3 2025",
        validators=[DataRequired(message="Enter the date of the incident")],
    )
    occurred_time = time_field("Time of the incident", "Enter the time of the incident (your best estimate if unsure)")
    incident_type = RadioField(
        "Type of incident", widget=GovRadioInput(), validators=[InputRequired(message="Select the type of incident")]
    )
    location = _text("Where did it happen?", 300, "Optional. An address, a place or an area", name="Where it happened")
    description = _long_text("What happened", "Optional. The facts, and who reported them")
    evidence_of = _evidence_field()
    submit = SubmitField("Save incident", widget=GovSubmitInput())

    def __init__(self, *args, labels: ChronologyLabels, evidence: EvidenceOptions, **kwargs):
        super().__init__(*args, **kwargs)
        self.labels = labels
        self.incident_type.choices = labels.choices("incident_types")
        counted = any(evidence.counted_for(value) for value, _label in self.incident_type.choices)
        self.use_evidence(
            evidence,
            " Some types of incident already count as evidence: it says so under the type." if counted else "",
        )

    def type_hints(self) -> list[dict]:
        """For each incident type, a hint naming what the rules already count it as evidence of."""
        hints = []
        for value, _label in self.incident_type.choices:
            counted = self.evidence.counted_for(value)
            hints.append({"hint": {"text": f"Counts as evidence of: {'; '.join(counted)}"}} if counted else {})
        return hints

    def problems(self):
        problem = self.date_problem(self.occurred_on)
        if problem:
            yield self.occurred_on, problem
        moment_problem = self.moment_problem(self.occurred_on, self.occurred_time)
        if moment_problem:
            yield moment_problem

    def values(self) -> dict:
        label: Label = self.labels.find("incident_types", self.incident_type.data)
        return {
            "occurred_at": self.moment(self.occurred_on, self.occurred_time),
            "incident_type": label.value,
            "incident_label": label.label,
            "significant": label.significant,
            "evidence_of": self.evidence_of.data or "",
            "location": self.location.data or "",
            "description": self.description.data or "",
        }


class PlanReviewForm(ChronologyForm):
    reviewed_on = GovukDateField(
        "Date reviewed",
        description="For example, 27 3 2025",
        validators=[DataRequired(message="Enter the date the plan was reviewed")],
    )
    plan_type = RadioField(
        "Which plan was reviewed?",
        choices=PLAN_TYPES,
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select which plan was reviewed")],
    )
    summary = _long_text(
        "Summary of the review",
        "What changed in the plan, and why",
        required_message="Enter a summary of the review",
    )
    next_review_on = GovukDateField(
        "Next review due", description="Optional. For example, 27 6 2025", validators=[Optional()]
    )
    submit = SubmitField("Save plan review", widget=GovSubmitInput())

    def problems(self):
        problem = self.date_problem(self.reviewed_on)
        if problem:
            yield self.reviewed_on, problem
        reviewed, due = self.reviewed_on.data, self.next_review_on.data
        if reviewed and due and not self.next_review_on.errors and due <= reviewed:
            yield self.next_review_on, "The next review must be after the date reviewed"

    def values(self) -> dict:
        return {
            "reviewed_at": on_date(self.reviewed_on.data),
            "plan_type": self.plan_type.data,
            "summary": self.summary.data or "",
            "next_review_due": self.next_review_on.data,
        }


class NoteForm(EvidenceFormMixin, ChronologyForm):
    noted_on = GovukDateField(
        "Date",
        description="The date the note is about. For example, 27 3 2025",
        validators=[DataRequired(message="Enter the date of the note")],
    )
    text = _long_text("Note", "Facts first. Say where the information came from", required_message="Enter the note")
    evidence_of = _evidence_field()
    submit = SubmitField("Save note", widget=GovSubmitInput())

    def __init__(self, *args, evidence: EvidenceOptions, **kwargs):
        super().__init__(*args, **kwargs)
        self.use_evidence(evidence)

    def problems(self):
        problem = self.date_problem(self.noted_on)
        if problem:
            yield self.noted_on, problem

    def values(self) -> dict:
        return {
            "noted_at": on_date(self.noted_on.data),
            "text": self.text.data or "",
            "evidence_of": self.evidence_of.data or "",
        }


KINDS = [
    ("episode", "Missing episodes"),
    ("incident", "Incidents"),
    ("plan-review", "Plan reviews"),
    ("note", "Professional notes"),
    ("screening", "Screenings"),
    ("meeting", "Meetings"),
]


class TimelineFilterForm(BaseForm):
    """Sent by GET: it changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    kind = SelectField("Type of entry", choices=[("", "All entries"), *KINDS], widget=GovSelect())
    agency = SelectField("Agency", widget=GovSelect())

    def __init__(self, *args, agencies: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.agency.choices = [("", "All agencies"), *agencies]

    @property
    def chosen_kind(self) -> str:
        return self.kind.data if self.kind.data in dict(KINDS) else ""

    @property
    def chosen_agency(self) -> str:
        return self.agency.data if self.agency.data in dict(self.agency.choices[1:]) else ""
