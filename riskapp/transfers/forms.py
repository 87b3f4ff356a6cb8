from datetime import date, timedelta

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from riskapp.concurrency import VersionedFormMixin
from riskapp.forms.base import BaseForm
from riskapp.forms.fields import GovukDateField
from riskapp.forms.once import OnceOnlyFormMixin

RECEIVING_SERVICES = [
    ("childrens-social-care", "Children's social care"),
    ("youth-offending-service", "Youth offending service"),
]
# A move can be recorded ahead of the day, but not so far ahead that the record leaves too soon.
MOVE_AHEAD_DAYS = 90

FIELD_LABELS = {"responsible_authority_id": "Responsible local authority"}


class TransferForm(OnceOnlyFormMixin, VersionedFormMixin, BaseForm):
    """The version is the young person's record's: the transfer changes its responsible authority."""

    to_authority_id = SelectField(
        "Which authority is the young person moving to?",
        coerce=int,
        widget=GovSelect(),
        validate_choice=False,  # checked in validate_to_authority_id, with clearer messages
    )
    receiving_service = RadioField(
        "Which service will hold their case?",
        choices=RECEIVING_SERVICES,
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select the service that will hold their case")],
    )
    moved_on = GovukDateField(
        "Date of the move",
        description="The day they moved or will move. For example, 27 3 2026",
        validators=[DataRequired(message="Enter the date of the move")],
    )
    reason = TextAreaField(
        "Reason for the transfer",
        widget=GovTextArea(),
        description="For example, placement moved; family moved; sentence order transferred",
        validators=[
            InputRequired(message="Enter the reason for the transfer"),
            Length(max=4000, message="Reason must be 4000 characters or fewer"),
        ],
    )
    contact_name = StringField(
        "Name of the key contact at the receiving end",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the name of the key contact at the receiving end"),
            Length(max=200, message="Name must be 200 characters or fewer"),
        ],
    )
    contact_role = StringField(
        "Their role and team",
        widget=GovTextInput(),
        description="Optional",
        validators=[Optional(), Length(max=200, message="Role must be 200 characters or fewer")],
    )
    contact_details = StringField(
        "Their phone number or email address",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the key contact's phone number or email address"),
            Length(max=300, message="Phone number or email address must be 300 characters or fewer"),
        ],
    )
    confirm = BooleanField(
        "I understand",
        widget=GovCheckboxInput(),
        validators=[DataRequired(message="Confirm that you understand what the transfer does")],
    )
    submit = SubmitField("Transfer the record", widget=GovSubmitInput())

    def check_against(self, current_authority_id: int, current_authority_name: str, date_of_birth: date, today: date):
        """The checks that need the record: add their messages to the fields. True if none failed."""
        ok = True
        known = {value for value, _label in self.to_authority_id.choices}
        if self.to_authority_id.data == current_authority_id:
            self.to_authority_id.errors = [
                f"Select an authority other than {current_authority_name}: the record is already held there"
            ]
            ok = False
        elif self.to_authority_id.data not in known or not self.to_authority_id.data:
            self.to_authority_id.errors = ["Select the authority the young person is moving to"]
            ok = False
        moved_on = self.moved_on.data
        if moved_on and moved_on < date_of_birth:
            self.moved_on.errors = [*self.moved_on.errors, "Date of the move must be on or after their date of birth"]
            ok = False
        elif moved_on and moved_on > today + timedelta(days=MOVE_AHEAD_DAYS):
            self.moved_on.errors = [
                *self.moved_on.errors,
                f"Date of the move must be no more than {MOVE_AHEAD_DAYS} days from today",
            ]
            ok = False
        return ok
