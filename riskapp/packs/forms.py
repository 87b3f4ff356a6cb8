from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from riskapp.forms.base import BaseForm
from riskapp.forms.once import OnceOnlyFormMixin


class PanelPackForm(OnceOnlyFormMixin, BaseForm):
    title = StringField(
        "Title of the pack",
        widget=GovTextInput(),
        description="For example, Missing Young People Panel, 3 December",
        validators=[InputRequired(message="Enter a title for the pack"), Length(max=200)],
    )
    authority_id = SelectField(
        "Local authority", coerce=int, widget=GovSelect(), validators=[InputRequired(message="Select the authority")]
    )
    flag = SelectField("Who to include", widget=GovSelect(), validators=[Optional()])
    local_ids = TextAreaField(
        "Or choose young people by local ID (optional)",
        widget=GovTextArea(),
        description="One per line. If you list anyone here, the pack holds just them, in this order",
        validators=[Optional(), Length(max=8000)],
    )
    submit = SubmitField("Make the pack", widget=GovSubmitInput())

    def local_id_list(self) -> list[str]:
        seen: dict[str, None] = {}
        for line in (self.local_ids.data or "").splitlines():
            if line.strip():
                seen.setdefault(line.strip(), None)
        return list(seen)
