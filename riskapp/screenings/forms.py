"""Forms built at run time from a questionnaire definition, one per section."""

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from riskapp.forms.base import BaseForm
from riskapp.questionnaire.answers import Answer, answer_problem
from riskapp.questionnaire.schema import Item
from riskapp.screenings.fields import ITEM_TYPES, field_name


class SectionForm(BaseForm):
    """Base for the generated section forms. ``items`` is set on each generated class."""

    items: tuple[Item, ...] = ()
    submit = SubmitField("Save and continue", widget=GovSubmitInput())

    def answers(self) -> dict[str, Answer]:
        """The answers that passed their checks. A field with an error is not saved (its typed
        value is still shown on the page, to be corrected), so nothing invalid is ever stored."""
        incomplete = getattr(self, "_incomplete", set())
        read = {
            item.id: ITEM_TYPES[item.type].read(item, self)
            for item in self.items
            if item.id in incomplete or not any(self[name].errors for name in self._field_names(item))
        }
        return {item_id: answer for item_id, answer in read.items() if answer is not None}

    def _field_names(self, item: Item) -> list[str]:
        return [
            name for name in (field_name(item), field_name(item, "evidence"), field_name(item, "date")) if name in self
        ]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Items whose only problem is missing evidence or a date: valid values, still saved.
        self._incomplete: set[str] = set()
        for item in self.items:
            if self[field_name(item)].errors:
                continue
            problem = answer_problem(item, ITEM_TYPES[item.type].read(item, self))
            if problem and item.is_indicator and self[field_name(item)].data == "yes":
                part = "evidence" if problem.startswith("Describe") else "date"
                if not any(self[name].errors for name in self._field_names(item)):
                    self._incomplete.add(item.id)
                self[field_name(item, part)].errors = [*self[field_name(item, part)].errors, problem]
                valid = False
        return valid


def build_section_form(items: tuple[Item, ...], answers: dict[str, Answer], formdata=None) -> SectionForm:
    attributes: dict = {"items": items}
    for item in items:
        attributes.update(ITEM_TYPES[item.type].fields(item))
    form_class = type("GeneratedSectionForm", (SectionForm,), attributes)
    data = {}
    for item in items:
        data.update(ITEM_TYPES[item.type].form_data(item, answers.get(item.id)))
    return form_class(formdata=formdata, data=data) if formdata is not None else form_class(data=data)


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
