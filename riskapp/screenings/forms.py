"""The screening pages' own forms: amending a submitted screening, confirming a submission and
discarding a draft (the section forms are built from the questionnaire by riskapp.forms.sections)."""

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

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


class DiscardForm(BaseForm):
    reason = TextAreaField(
        "Why are you discarding this draft?",
        widget=GovTextArea(),
        description="For example, started by mistake, or another practitioner is screening this young person",
        filters=[lambda text: text.strip() if text else text],  # spaces alone are no reason
        validators=[DataRequired(message="Enter why you are discarding this draft"), Length(max=2000)],
    )
    submit = SubmitField("Discard draft", widget=GovSubmitInput())
