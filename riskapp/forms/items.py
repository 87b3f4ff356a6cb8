"""The item-type registry: for each type of questionnaire item, the WTForms fields that ask it,
how a stored answer fills them, and how the posted data becomes an answer. Adding an item type
means adding one entry here, not an ``if`` in a view."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput, GovTextArea, GovTextInput
from wtforms import Field, RadioField, SelectMultipleField, StringField, TextAreaField, ValidationError
from wtforms.validators import Length, Optional

from riskapp.forms.fields import GovukDateField
from riskapp.questionnaire.answers import Answer
from riskapp.questionnaire.schema import ANSWERED, DECLINED, NOT_KNOWN, Item

NOT_KNOWN_CHOICE = (NOT_KNOWN, "Not known")
DECLINED_CHOICE = (DECLINED, "The young person declined to say")


def field_name(item: Item, part: str = "") -> str:
    return f"item__{item.id}{'__' + part if part else ''}"


def _extra_states(item: Item) -> list[tuple[str, str]]:
    return [NOT_KNOWN_CHOICE, *([DECLINED_CHOICE] if item.declinable else [])]


@dataclass(frozen=True)
class ItemType:
    """How one type of item is asked and read back."""

    def fields(self, item: Item) -> dict[str, Field]:
        raise NotImplementedError

    def form_data(self, item: Item, answer: Answer | None) -> dict:
        raise NotImplementedError

    def read(self, item: Item, form) -> Answer | None:
        raise NotImplementedError


class IndicatorType(ItemType):
    def fields(self, item):
        return {
            field_name(item): RadioField(
                item.text,
                choices=[("yes", "Yes"), ("no", "No"), *_extra_states(item)],
                widget=GovRadioInput(),
                validators=[Optional()],
                description=item.guidance,
            ),
            field_name(item, "evidence"): TextAreaField(
                "Evidence",
                widget=GovTextArea(),
                description="What was seen or heard, by whom, and the source. "
                + ("Needed if yes." if item.evidence_required else "Optional."),
                validators=[Optional(), Length(max=5000, message="Evidence must be 5000 characters or fewer")],
            ),
            field_name(item, "date"): GovukDateField(
                "Date last seen",
                description=("Needed if yes. " if item.date_required else "Optional. ") + "For example, 27 3 2026",
                validators=[Optional()],
            ),
        }

    def form_data(self, item, answer):
        if answer is None:
            return {}
        choice = answer.value if answer.state == ANSWERED else answer.state
        return {
            field_name(item): choice,
            field_name(item, "evidence"): answer.evidence,
            field_name(item, "date"): answer.evidence_date,
        }

    def read(self, item, form):
        choice = form[field_name(item)].data
        evidence = form[field_name(item, "evidence")].data or ""
        seen = form[field_name(item, "date")].data
        if not choice:
            return None
        if choice in ("yes", "no"):
            return Answer(item.id, ANSWERED, choice, evidence, seen)
        return Answer(item.id, choice, None, evidence, seen)


class SingleChoiceType(ItemType):
    def fields(self, item):
        choices = [(o.value, o.label) for o in item.options] + _extra_states(item)
        return {
            field_name(item): RadioField(
                item.text, choices=choices, widget=GovRadioInput(), validators=[Optional()], description=item.guidance
            )
        }

    def form_data(self, item, answer):
        if answer is None:
            return {}
        return {field_name(item): answer.value if answer.state == ANSWERED else answer.state}

    def read(self, item, form):
        choice = form[field_name(item)].data
        if not choice:
            return None
        return Answer(item.id, ANSWERED, choice) if choice not in (NOT_KNOWN, DECLINED) else Answer(item.id, choice)


def _validate_exclusive(form, field):
    if len(field.data or []) > 1 and set(field.data) & {NOT_KNOWN, DECLINED}:
        raise ValidationError(f"Select the options that apply, or '{NOT_KNOWN_CHOICE[1]}', not both")


class MultipleChoiceType(ItemType):
    def fields(self, item):
        choices = [(o.value, o.label) for o in item.options] + _extra_states(item)
        return {
            field_name(item): SelectMultipleField(
                item.text,
                choices=choices,
                widget=GovCheckboxesInput(),
                validators=[Optional(), _validate_exclusive],
                description=item.guidance or "Select all that apply",
            )
        }

    def form_data(self, item, answer):
        if answer is None:
            return {}
        return {field_name(item): answer.value if answer.state == ANSWERED else [answer.state]}

    def read(self, item, form):
        chosen = form[field_name(item)].data or []
        if not chosen:
            return None
        if chosen[0] in (NOT_KNOWN, DECLINED):
            return Answer(item.id, chosen[0])
        return Answer(item.id, ANSWERED, list(chosen))


class TextType(ItemType):
    """Short and long text, dates and numbers: left blank means not known."""

    def __init__(self, kind: str):
        self.kind = kind

    def fields(self, item):
        hint = item.guidance or "Optional. Leave blank if not known"
        if self.kind == "long_text":
            field = TextAreaField(
                item.text, widget=GovTextArea(), description=hint, validators=[Optional(), Length(max=10000)]
            )
        elif self.kind == "date":
            field = GovukDateField(item.text, description=hint, validators=[Optional()])
        elif self.kind == "number":
            field = StringField(
                item.text, widget=GovTextInput(), description=hint, validators=[Optional(), _number_validator(item)]
            )
        else:
            field = StringField(
                item.text, widget=GovTextInput(), description=hint, validators=[Optional(), Length(max=500)]
            )
        return {field_name(item): field}

    def form_data(self, item, answer):
        if answer is None or answer.state != ANSWERED:
            return {}
        value = date.fromisoformat(answer.value) if self.kind == "date" else answer.value
        return {field_name(item): value}

    def read(self, item, form):
        value = form[field_name(item)].data
        if value in (None, ""):
            return Answer(item.id, NOT_KNOWN)
        if self.kind == "date":
            return Answer(item.id, ANSWERED, value.isoformat())
        return Answer(item.id, ANSWERED, str(value))


def _number_validator(item: Item):
    def check(form, field):
        try:
            number = Decimal(str(field.data).strip())
        except InvalidOperation:
            raise ValidationError(f"'{item.text}' must be a number") from None
        if item.min is not None and number < Decimal(str(item.min)):
            raise ValidationError(f"'{item.text}' must be {item.min:g} or more")
        if item.max is not None and number > Decimal(str(item.max)):
            raise ValidationError(f"'{item.text}' must be {item.max:g} or less")

    return check


ITEM_TYPES: dict[str, ItemType] = {
    "indicator": IndicatorType(),
    "single_choice": SingleChoiceType(),
    "multiple_choice": MultipleChoiceType(),
    "short_text": TextType("short_text"),
    "long_text": TextType("long_text"),
    "date": TextType("date"),
    "number": TextType("number"),
}
