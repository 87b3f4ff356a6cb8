from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import IntegerField, RadioField, StringField, SubmitField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from riskapp.concurrency import VersionedFormMixin
from riskapp.forms.base import BaseForm
from riskapp.forms.fields import GovukDateField
from riskapp.timeutil import today


def _stripped(text: str | None) -> str | None:
    """Spaces alone are not a reason: they get "Enter the reason", not "at least 10 characters"."""
    return text.strip() if isinstance(text, str) else text


class ResolveIndicatorForm(BaseForm):
    reason = TextAreaField(
        "Why does this indicator no longer apply?",
        widget=GovTextArea(),
        filters=[_stripped],
        description="For example, the adult of concern has been convicted and has no contact. Be specific: "
        "this stays on the record",
        validators=[
            DataRequired(message="Enter why the indicator no longer applies"),
            Length(min=10, max=2000, message="Explain why the indicator no longer applies in at least 10 characters"),
        ],
    )
    submit = SubmitField("Record as resolved", widget=GovSubmitInput())


class LoadedAgainstMixin:
    """The current result the form was loaded against: a save from a stale form (the band moved on
    since) gets the conflict page instead of silently replacing a newer judgement."""

    loaded_result = IntegerField(
        widget=HiddenInput(), validators=[InputRequired(message="Reload the page and try again")]
    )


class OverrideForm(LoadedAgainstMixin, BaseForm):
    band = RadioField(
        "Band in your professional judgement",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select a band")],
    )
    rationale = TextAreaField(
        "Your rationale",
        widget=GovTextArea(),
        filters=[_stripped],
        description="What you know that the score does not show. Lowering the band needs a manager to confirm it",
        validators=[
            DataRequired(message="Enter your rationale"),
            Length(min=20, max=4000, message="Explain your rationale in at least 20 characters"),
        ],
    )
    submit = SubmitField("Save professional judgement", widget=GovSubmitInput())


class WithdrawOverrideForm(LoadedAgainstMixin, BaseForm):
    reason = TextAreaField(
        "Why should the raised band be withdrawn?",
        widget=GovTextArea(),
        filters=[_stripped],
        description="If this would lower the band in force, a manager must confirm it first",
        validators=[
            DataRequired(message="Enter why the raised band should be withdrawn"),
            Length(min=20, max=4000, message="Explain why in at least 20 characters"),
        ],
    )
    submit = SubmitField("Withdraw the raised band", widget=GovSubmitInput())


def _reason_field(label: str):
    return TextAreaField(
        label,
        widget=GovTextArea(),
        filters=[_stripped],
        description="Kept with the decision on the record. Say what you checked",
        validators=[
            DataRequired(message="Enter the reason for your decision"),
            Length(min=10, max=4000, message="Explain your decision in at least 10 characters"),
        ],
    )


class DecisionForm(VersionedFormMixin, BaseForm):
    reason = _reason_field("Your reason")
    submit = SubmitField("Confirm the lower band", widget=GovSubmitInput())


class BatchDecisionForm(BaseForm):
    reason = _reason_field("Your reason, for every young person listed")
    submit = SubmitField("Confirm every lower band listed", widget=GovSubmitInput())


class SettlementForm(BaseForm):
    settled_on = GovukDateField(
        "Date settled",
        description="For example, 27 3 2026",
        validators=[DataRequired(message="Enter the date the views were settled")],
    )
    forum = StringField(
        "Where it was settled",
        widget=GovTextInput(),
        description="For example, strategy meeting, MACE panel, professionals' meeting",
        validators=[InputRequired(message="Enter where it was settled"), Length(max=200)],
    )
    outcome = TextAreaField(
        "How the agencies' views were settled",
        widget=GovTextArea(),
        description="What each agency knew, what was agreed, and what happens next",
        validators=[InputRequired(message="Enter how the views were settled"), Length(max=4000)],
    )
    agreed_band = RadioField("Band agreed (optional)", widget=GovRadioInput(), validators=[Optional()])
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_settled_on(self, field) -> None:
        # Recorded once it has happened: a date to come is a typing mistake.
        if field.data and field.data > today():
            raise ValidationError("Date settled must be today or in the past")
