from datetime import date

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from riskapp.concurrency import VersionedFormMixin
from riskapp.forms.base import BaseForm
from riskapp.forms.fields import GovukDateField
from riskapp.forms.once import OnceOnlyFormMixin
from riskapp.reference import MEETING_TYPES
from riskapp.timeutil import today

ACTION_STATUSES = [("open", "Open"), ("done", "Done"), ("cancelled", "Cancelled")]


def _long(label: str, description: str) -> TextAreaField:
    return TextAreaField(
        label, widget=GovTextArea(), description=description, validators=[Optional(), Length(max=8000)]
    )


class MeetingForm(OnceOnlyFormMixin, BaseForm):
    """A meeting that has been held: its date is today or earlier, and not before the young person
    was born; a next review, if set, comes after it."""

    held_on = GovukDateField(
        "Date of the meeting",
        description="The day it was held. For example, 27 3 2026",
        validators=[DataRequired(message="Enter the date of the meeting")],
    )
    meeting_type = RadioField(
        "Type of meeting",
        choices=MEETING_TYPES,
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select the type of meeting")],
    )
    chair = StringField(
        "Chair", widget=GovTextInput(), description="Name, role and agency",
        validators=[InputRequired(message="Enter who chaired the meeting"), Length(max=200)],
    )  # fmt: skip
    attendees = _long("Who attended", "One per line: name, role, agency")
    other_young_people = TextAreaField(
        "Other young people discussed (optional)",
        widget=GovTextArea(),
        description="Their local IDs, one per line. Only young people of your authorities",
        validators=[Optional(), Length(max=2000)],
    )
    views_settled = _long(
        "How differences between agencies' views were settled", "What each agency knew and what was agreed"
    )
    decisions = _long("Decisions about this young person", "What the meeting decided about them")
    shared_decisions = _long(
        "Decisions shared by everyone discussed (optional)",
        "Only when other young people were discussed: what the meeting decided for all of them. "
        "You can write the decisions about each of the others on the next page",
    )
    disruption = _long("Disruption of people and places", "Actions against people, places and vehicles of concern")
    next_review_on = GovukDateField(
        "Date of the next review", description="Optional. For example, 27 6 2026", validators=[Optional()]
    )
    submit = SubmitField("Save meeting", widget=GovSubmitInput())

    def __init__(self, *args, date_of_birth: date | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.date_of_birth = date_of_birth

    def validate_held_on(self, field) -> None:
        if field.data and field.data > today():
            raise ValidationError("Date of the meeting must be today or in the past")
        if field.data and self.date_of_birth and field.data < self.date_of_birth:
            raise ValidationError("Date of the meeting must be after the young person's date of birth")

    def validate_next_review_on(self, field) -> None:
        held = self.held_on.data
        if field.data and held and not self.held_on.errors and field.data <= held:
            raise ValidationError("Date of the next review must be after the date of the meeting")

    def other_local_ids(self) -> list[str]:
        return [line.strip() for line in (self.other_young_people.data or "").splitlines() if line.strip()]


SHARED = "shared"


class ActionForm(OnceOnlyFormMixin, BaseForm):
    description = TextAreaField(
        "Action", widget=GovTextArea(), validators=[InputRequired(message="Enter the action"), Length(max=2000)]
    )
    owner = StringField(
        "Who will do it",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter who will do it"), Length(max=200)],
    )
    agency_id = SelectField(
        "Their agency", coerce=int, widget=GovSelect(), validators=[InputRequired(message="Select their agency")]
    )
    due_on = GovukDateField("Due by", validators=[DataRequired(message="Enter the date the action is due")])
    # Asked only when the meeting discussed more than one young person (the route sets the choices).
    concerns = RadioField(
        "Who the action concerns",
        widget=GovRadioInput(),
        validate_choice=False,
    )
    submit = SubmitField("Add action", widget=GovSubmitInput())

    def concerns_choices(self, discussed: list[tuple[str, str]]) -> None:
        """``discussed``: (young person id, name) of each young person discussed."""
        self.concerns.choices = [*discussed, (SHARED, "Everyone discussed (shared)")]

    def validate_concerns(self, field) -> None:
        if len(field.choices or []) > 2 and field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Select who the action concerns")


class DecisionsForm(VersionedFormMixin, BaseForm):
    """Decisions about each young person discussed, and those shared by all of them. One field per
    young person is added at runtime by ``decisions_form``."""

    shared = _long("Decisions shared by everyone discussed", "What the meeting decided for all of them")
    submit = SubmitField("Save decisions", widget=GovSubmitInput())


def decision_field_name(young_person_id) -> str:
    return f"about_{young_person_id.hex}"


def decisions_form(discussed: list[tuple], **kwargs) -> DecisionsForm:
    """``discussed``: (young person id, name) of each young person discussed, in order."""

    class Form(DecisionsForm):
        pass

    for young_person_id, name in discussed:
        setattr(Form, decision_field_name(young_person_id), _long(f"Decisions about {name}", "About them alone"))
    return Form(**kwargs)


class ActionStatusForm(BaseForm):
    status = RadioField(
        "Status", choices=ACTION_STATUSES, widget=GovRadioInput(), validators=[InputRequired(message="Select a status")]
    )
    submit = SubmitField("Update", widget=GovSubmitInput())
