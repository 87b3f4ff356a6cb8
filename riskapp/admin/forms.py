from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Regexp

from riskapp.concurrency import VersionedFormMixin
from riskapp.forms.base import BaseForm
from riskapp.reference import ROLE_LABELS

USER_FIELD_LABELS = {
    "email": "Email address",
    "full_name": "Full name",
    "job_title": "Job title",
    "agency_id": "Agency",
    "role": "Role",
    "authority_ids": "Local authorities",
}

# Deliberately simple: one @, something before it, a dot in the domain, no spaces.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class UserForm(VersionedFormMixin, BaseForm):
    email = StringField(
        USER_FIELD_LABELS["email"],
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter an email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Regexp(EMAIL_PATTERN, message="Enter an email address in the correct format, like name@example.org"),
        ],
    )
    full_name = StringField(
        USER_FIELD_LABELS["full_name"],
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the person's full name"), Length(max=200)],
    )
    job_title = StringField(
        USER_FIELD_LABELS["job_title"],
        widget=GovTextInput(),
        description="For example, hospital safeguarding nurse, missing persons coordinator",
        validators=[Length(max=200)],
    )
    agency_id = SelectField(
        USER_FIELD_LABELS["agency_id"],
        coerce=int,
        widget=GovSelect(),
        validators=[InputRequired(message="Select the person's agency")],
    )
    role = RadioField(
        USER_FIELD_LABELS["role"],
        choices=[(role.value, label) for role, label in ROLE_LABELS.items()],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select the person's role")],
    )
    authority_ids = SelectMultipleField(
        USER_FIELD_LABELS["authority_ids"],
        coerce=int,
        widget=GovCheckboxesInput(),
        description="Select all that apply. They will see the records of these authorities only",
        validators=[InputRequired(message="Select at least one local authority")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class ConfirmUserActionForm(BaseForm):
    submit = SubmitField("Confirm", widget=GovSubmitInput())
