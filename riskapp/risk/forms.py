from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from riskapp.forms.base import BaseForm
from riskapp.forms.fields import GovukDateField


class ResolveIndicatorForm(BaseForm):
    reason = TextAreaField(
        "Why does this indicator no longer apply?",
        widget=GovTextArea(),
        description="For example, the adult of concern has been convicted and has no contact. Be specific: "
        "this stays on the record",
        validators=[InputRequired(message="Enter why the indicator no longer applies"), Length(max=2000)],
    )
    submit = SubmitField("Record as resolved", widget=GovSubmitInput())


class OverrideForm(BaseForm):
    band = RadioField(
        "Band in your professional judgement",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select a band")],
    )
    rationale = TextAreaField(
        "Your rationale",
        widget=GovTextArea(),
        description="What you know that the score does not show. Lowering the band needs a manager to confirm it",
        validators=[
            InputRequired(message="Enter your rationale"),
            Length(min=20, max=4000, message="Explain your rationale in at least 20 characters"),
        ],
    )
    submit = SubmitField("Save professional judgement", widget=GovSubmitInput())


class DecisionForm(BaseForm):
    note = TextAreaField("Note (optional)", widget=GovTextArea(), validators=[Length(max=2000)])
    submit = SubmitField("Confirm", widget=GovSubmitInput())


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
