from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from riskapp.concurrency import VersionedFormMixin
from riskapp.forms.base import BaseForm
from riskapp.forms.fields import GovukDateField
from riskapp.forms.once import OnceOnlyFormMixin
from riskapp.reference import ETHNICITY_CHOICES, LEGAL_STATUS_CHOICES, SEX_CHOICES, YES_NO_NOT_KNOWN
from riskapp.timeutil import today
from riskapp.young_people.validation import date_of_birth_problem, nhs_number_problem, normalise_nhs_number

FIELD_LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "preferred_name": "Preferred name",
    "aliases": "Other names and aliases",
    "date_of_birth": "Date of birth",
    "sex": "Sex",
    "gender_identity": "Gender identity",
    "sexual_orientation": "Sexual orientation",
    "ethnicity": "Ethnicity",
    "learning_disability": "Learning disability or difficulty",
    "disability_details": "Disability or learning difficulty: details",
    "legal_status": "Legal status",
    "placement": "Placement or where they live",
    "school": "School, college or education setting",
    "local_id": "Local ID",
    "nhs_number": "NHS number",
    "responsible_authority_id": "Responsible local authority",
}


def _text(label_key: str, required_message: str | None = None, max_length: int = 100, **kwargs) -> StringField:
    validators = [InputRequired(message=required_message)] if required_message else [Optional()]
    validators.append(
        Length(max=max_length, message=f"{FIELD_LABELS[label_key]} must be {max_length} characters or fewer")
    )
    return StringField(FIELD_LABELS[label_key], widget=GovTextInput(), validators=validators, **kwargs)


class YoungPersonForm(OnceOnlyFormMixin, VersionedFormMixin, BaseForm):
    first_name = _text("first_name", "Enter the young person's first name")
    last_name = _text("last_name", "Enter the young person's last name")
    preferred_name = _text("preferred_name", description="Optional. The name they like to be called")
    aliases = TextAreaField(
        FIELD_LABELS["aliases"],
        widget=GovTextArea(),
        description="Optional. One per line: street names, nicknames, names used online",
        validators=[Optional(), Length(max=2000, message="Other names must be 2000 characters or fewer")],
    )
    date_of_birth = GovukDateField(
        FIELD_LABELS["date_of_birth"],
        description="For example, 27 3 2010",
        validators=[DataRequired(message="Enter the young person's date of birth")],
    )
    sex = RadioField(
        FIELD_LABELS["sex"],
        choices=SEX_CHOICES,
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select the young person's sex")],
    )
    gender_identity = _text(
        "gender_identity",
        max_length=200,
        description="Optional and sensitive. Only in the young person's own words, and only if they want it recorded",
    )
    sexual_orientation = _text(
        "sexual_orientation",
        max_length=200,
        description="Optional and sensitive. Only in the young person's own words, and only if they want it recorded",
    )
    ethnicity = SelectField(
        FIELD_LABELS["ethnicity"], choices=ETHNICITY_CHOICES, widget=GovSelect(), validators=[Optional()]
    )
    learning_disability = RadioField(
        FIELD_LABELS["learning_disability"],
        choices=YES_NO_NOT_KNOWN,
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select whether the young person has a learning disability or difficulty")],
    )
    disability_details = TextAreaField(
        FIELD_LABELS["disability_details"],
        widget=GovTextArea(),
        description="Optional. Any disability, and what helps them communicate",
        validators=[Optional(), Length(max=2000, message="Details must be 2000 characters or fewer")],
    )
    legal_status = RadioField(
        FIELD_LABELS["legal_status"],
        choices=LEGAL_STATUS_CHOICES,
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select the young person's legal status")],
    )
    placement = _text(
        "placement", max_length=300, description="Optional. For example, lives with mother; residential home"
    )
    school = _text("school", max_length=300)
    local_id = _text("local_id", max_length=40, description="Optional. The ID in your agency's case system")
    nhs_number = _text("nhs_number", max_length=13, description="Optional. 10 digits, like 999 123 4560")
    responsible_authority_id = RadioField(
        FIELD_LABELS["responsible_authority_id"],
        coerce=int,
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select the responsible local authority")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_date_of_birth(self, field) -> None:
        if field.data:
            problem = date_of_birth_problem(field.data, today())
            if problem:
                raise ValidationError(problem)

    def validate_nhs_number(self, field) -> None:
        problem = nhs_number_problem(field.data or "")
        if problem:
            raise ValidationError(problem)

    def record_values(self) -> dict:
        """The values to store, from the fields a user may set (nothing else is read)."""
        return {
            name: (
                normalise_nhs_number(self[name].data or "") if name == "nhs_number" else self[name].data or _empty(name)
            )
            for name in FIELD_LABELS
        }


def _empty(name: str):
    return None if name in {"date_of_birth", "responsible_authority_id"} else ""


class SearchForm(BaseForm):
    name = StringField(
        "Name or alias",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=100, message="Name must be 100 characters or fewer")],
    )
    date_of_birth = GovukDateField("Date of birth", description="For example, 27 3 2010", validators=[Optional()])
    local_id = StringField("Local ID", widget=GovTextInput(), validators=[Optional(), Length(max=40)])
    nhs_number = StringField("NHS number", widget=GovTextInput(), validators=[Optional(), Length(max=13)])
    submit = SubmitField("Search", widget=GovSubmitInput())


class ProfessionalForm(OnceOnlyFormMixin, BaseForm):
    name = StringField(
        "Name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the professional's name"), Length(max=200)],
    )
    job_title = StringField(
        "Role", widget=GovTextInput(), description="For example, allocated social worker", validators=[Length(max=200)]
    )
    agency_id = SelectField(
        "Agency", coerce=int, widget=GovSelect(), validators=[InputRequired(message="Select the professional's agency")]
    )
    contact = StringField(
        "Phone or email",
        widget=GovTextInput(),
        validators=[Length(max=300, message="Contact must be 300 characters or fewer")],
    )
    submit = SubmitField("Add professional", widget=GovSubmitInput())


class ConfirmForm(BaseForm):
    submit = SubmitField("Remove", widget=GovSubmitInput())
