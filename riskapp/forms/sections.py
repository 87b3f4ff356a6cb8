"""A questionnaire section as a form: one generated WTForms class per section, its fields from the
item-type registry (riskapp.forms.items). Used by screenings and by the questionnaire preview."""

from datetime import date

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField

from riskapp.forms.base import BaseForm
from riskapp.forms.items import ITEM_TYPES, field_name
from riskapp.questionnaire.answers import Answer
from riskapp.questionnaire.schema import Item
from riskapp.timeutil import today


class SectionForm(BaseForm):
    """Base for the generated section forms. ``items`` is set on each generated class."""

    items: tuple[Item, ...] = ()
    submit = SubmitField("Save and continue", widget=GovSubmitInput())
    # Saves the page as "Save and continue" does, then records "not known" for every question of the
    # section still unanswered, if the page had no problems.
    rest_not_known = SubmitField("Mark the rest of this section not known", widget=GovSubmitInput())

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

    def _dates_in_range(self) -> bool:
        """No date after today, and none before the young person was born."""
        born = getattr(self, "date_of_birth", None)
        valid = True
        for item in self.items:
            for name in (field_name(item), field_name(item, "date")):
                field = self[name] if name in self else None
                if field is None or not isinstance(field.data, date) or field.errors:
                    continue
                if field.data > today():
                    field.errors = [*field.errors, f"{field.label.text} must be today or in the past"]
                    valid = False
                elif born and field.data < born:
                    field.errors = [*field.errors, f"{field.label.text} must be after the young person's date of birth"]
                    valid = False
        return valid

    def _missing_for_yes(self, item: Item) -> list[tuple[str, str]]:
        """Every piece a "yes" still needs, all at once (evidence, then the date last seen)."""
        missing = []
        if item.evidence_required and not (self[field_name(item, "evidence")].data or "").strip():
            missing.append(("evidence", f"Describe the evidence for '{item.text}'"))
        if (
            item.date_required
            and self[field_name(item, "date")].data is None
            and not self[field_name(item, "date")].errors
        ):
            missing.append(("date", f"Enter the date '{item.text}' was last seen"))
        return missing

    def evidence_in_reveal(self, item: Item) -> bool:
        """Whether an indicator's evidence and date sit in its "Yes" answer's conditional reveal, shown
        once "Yes" is chosen. They stay in view under the answers instead when another answer holds
        evidence or a date, or either has a problem, so nothing kept or wrong is ever hidden."""
        if self[field_name(item)].data == "yes":
            return True
        evidence, seen = self[field_name(item, "evidence")], self[field_name(item, "date")]
        holds_something = evidence.data or seen.data or any(seen.typed_parts())
        return not (holds_something or evidence.errors or seen.errors)

    def _field_names(self, item: Item) -> list[str]:
        return [
            name for name in (field_name(item), field_name(item, "evidence"), field_name(item, "date")) if name in self
        ]

    def validate(self, extra_validators=None) -> bool:
        # Both checks always run: a date after today must be refused (and so not saved into the
        # draft) even when another answer on the page has its own problem.
        fields_valid = super().validate(extra_validators)
        valid = self._dates_in_range() and fields_valid
        # Items whose only problem is missing evidence or a date: valid values, still saved.
        self._incomplete: set[str] = set()
        for item in self.items:
            if self[field_name(item)].errors:
                continue
            if not (item.is_indicator and self[field_name(item)].data == "yes"):
                continue
            for part, problem in self._missing_for_yes(item):
                if not any(self[name].errors for name in self._field_names(item)):
                    self._incomplete.add(item.id)
                self[field_name(item, part)].errors = [*self[field_name(item, part)].errors, problem]
                valid = False
        return valid


def build_section_form(
    items: tuple[Item, ...], answers: dict[str, Answer], formdata=None, date_of_birth: date | None = None
) -> SectionForm:
    attributes: dict = {"items": items}
    for item in items:
        attributes.update(ITEM_TYPES[item.type].fields(item))
    form_class = type("GeneratedSectionForm", (SectionForm,), attributes)
    data = {}
    for item in items:
        data.update(ITEM_TYPES[item.type].form_data(item, answers.get(item.id)))
    form = form_class(formdata=formdata, data=data) if formdata is not None else form_class(data=data)
    form.date_of_birth = date_of_birth
    return form
