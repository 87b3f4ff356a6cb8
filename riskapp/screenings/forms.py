"""The screening pages' own forms: amending a submitted screening and confirming a submission (the
section forms are built from the questionnaire by riskapp.forms.sections)."""

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from riskapp.forms.base import BaseForm


class AmendForm(BaseForm):
    reason = TextAreaField(
        "Why does this screening need amending?",
        widget=GovTextArea(),
        description="For example, new information from health, or a mistake in an answer",
        validators=[InputRequired(message="Enter why the screening needs amending"), Length(max=2000)],
    )
    submit = SubmitField("Start the amendment", widget=GovSubmitInput())


class ConfirmForm(BaseForm):
    submit = SubmitField("Submit screening", widget=GovSubmitInput())
