"""The base form every riskapp form uses.

It refuses hidden control characters in any text field (they save on SQLite but make PostgreSQL
fail, and right-to-left overrides can disguise a name), and it trims surrounding spaces.
"""

import re
import unicodedata

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, TextAreaField

# C0/C1 controls except tab, newline and carriage return; bidi overrides and isolates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _is_text(field_class: type) -> bool:
    # Passwords are compared exactly as typed, so they are never trimmed or normalised.
    return issubclass(field_class, (StringField, TextAreaField)) and not issubclass(field_class, PasswordField)


def clean_text(value):
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFC", value.strip())


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            if _is_text(unbound_field.field_class):
                filters = unbound_field.kwargs.get("filters", ())
                if clean_text not in filters:
                    unbound_field.kwargs["filters"] = [*filters, clean_text]
            return unbound_field.bind(form=form, **options)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if _is_text(type(field)) and isinstance(field.data, str):
                if _FORBIDDEN.search(field.data):
                    field.errors = [*field.errors, f"{field.label.text} must not contain hidden control characters"]
                    valid = False
        return valid
