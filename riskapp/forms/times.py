"""Times of day as people type them, and the one rule for reading them.

Practitioners copy times from police logs ("1430hrs"), emails ("2.30pm") and their own notes
("14:30", "2 PM"). Every time field reads them with ``parse_time``; anything that is not a real
time on the 12- or 24-hour clock ("25:00", "2.75pm", "13pm") is refused, never guessed.
"""

import re
from datetime import time

from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField, ValidationError
from wtforms.validators import InputRequired, Optional

TIME_HINT = "For example, 2.30pm or 14:30 (UK time)"

# "2pm", "2.30pm", "2:30 p.m.", "12am" (midnight). The hour is 1 to 12.
_TWELVE_HOUR = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(am|pm)$")
# "14:30", "9.05", "1430", "1430hrs". A bare number of one or two digits ("9") is refused: 9am or 9pm?
_TWENTY_FOUR_HOUR = re.compile(r"^(\d{1,2})[:.]?(\d{2})(?:hrs|hr|h)?$")
_WORDS = {"midday": time(12, 0), "noon": time(12, 0), "midnight": time(0, 0)}


def _normalised(text: str) -> str:
    """Lower case, without spaces, 'a.m.' and 'p.m.' as 'am' and 'pm'."""
    squeezed = re.sub(r"\s+", "", text.lower())
    return squeezed.replace("a.m.", "am").replace("p.m.", "pm").replace("a.m", "am").replace("p.m", "pm")


def parse_time(text: str | None) -> time | None:
    """The time of day typed ("2.30pm", "14:30", "12am" is midnight), or None if it is not a real time."""
    typed = _normalised(text or "")
    if typed in _WORDS:
        return _WORDS[typed]
    if found := _TWELVE_HOUR.match(typed):
        hour, minute = int(found.group(1)), int(found.group(2) or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return None
        return time(hour % 12 + (12 if found.group(3) == "pm" else 0), minute)
    if found := _TWENTY_FOUR_HOUR.match(typed):
        hour, minute = int(found.group(1)), int(found.group(2))
        return time(hour, minute) if hour <= 23 and minute <= 59 else None
    return None


def real_time_message(label: str) -> str:
    return f"{label} must be a real time, like 2.30pm or 14:30"


class RealTime:
    """Refuses a typed time ``parse_time`` cannot read, naming the field."""

    def __call__(self, form, field) -> None:
        if field.data and parse_time(field.data) is None:
            raise ValidationError(real_time_message(field.label.text))


def time_field(label: str, required_message: str | None = None) -> StringField:
    """A time typed in UK time, in any of the ways ``parse_time`` reads."""
    first = InputRequired(message=required_message) if required_message else Optional()
    return StringField(
        label,
        widget=GovTextInput(),
        description=TIME_HINT,
        validators=[first, RealTime()],
    )
