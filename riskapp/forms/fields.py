"""GOV.UK-style fields that govuk-frontend-wtf does not get quite right."""

from datetime import date

from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import Field
from wtforms.validators import StopValidation


class _DateInput(GovDateInput):
    """Three inputs named ``<field>-day``, ``-month``, ``-year``. The day input carries the field's
    own id, so the error summary link lands on it, and values are shown as typed."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", f"{field.id}-date")
        kwargs.setdefault("value", None)
        return self.render(self.map_gov_params(field, **kwargs))

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        parts = field.typed_parts()
        error_class = " govuk-input--error" if field.errors else ""
        params["items"] = [
            {
                "label": label,
                "id": field.id if index == 0 else f"{field.id}-{key}",
                "name": f"{field.name}-{key}",
                "classes": f"govuk-input--width-{width}{error_class}",
                "value": parts[index],
                "inputmode": "numeric",
            }
            for index, (key, label, width) in enumerate((("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4)))
        ]
        params.get("attributes", {}).pop("required", None)
        return params


class GovukDateField(Field):
    """A date typed as day, month and year, with GOV.UK error messages
    ("Date of birth must include a month", "Date of birth must be a real date")."""

    widget = _DateInput()

    def __init__(self, label=None, validators=None, *, earliest: date | None = None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.earliest = earliest or date(1900, 1, 1)
        self._typed: tuple[str, str, str] | None = None

    def typed_parts(self) -> tuple[str, str, str]:
        if self._typed is not None:
            return self._typed
        if isinstance(self.data, date):
            return (str(self.data.day), str(self.data.month), str(self.data.year))
        return ("", "", "")

    def process(self, formdata, data=None, extra_filters=None):
        super().process(formdata, data, extra_filters)
        if formdata is not None:
            parts = tuple(formdata.get(f"{self.name}-{key}", "").strip() for key in ("day", "month", "year"))
            if any(parts):
                self._typed = parts
                self.raw_data = list(parts)
            else:
                self.raw_data = None  # nothing typed: Optional() and DataRequired() read it so
            self.data = self._parse(parts) if any(parts) else None

    def _parse(self, parts: tuple[str, str, str]) -> date | None:
        try:
            day, month, year = (int(part) for part in parts)
            return date(year, month, day)
        except ValueError:
            return None

    def pre_validate(self, form) -> None:
        if self._typed is None:
            return
        missing = [name for name, part in zip(("day", "month", "year"), self._typed, strict=True) if not part]
        label = self.label.text
        if missing:
            raise StopValidation(f"{label} must include a {' and a '.join(missing)}")
        if not all(part.isdigit() for part in self._typed):
            raise StopValidation(f"{label} must be a real date, using numbers only")
        if len(self._typed[2]) != 4:
            raise StopValidation("Year must include 4 numbers")
        if self.data is None:
            raise StopValidation(f"{label} must be a real date")
        if self.data < self.earliest:
            raise StopValidation(f"{label} must be after {self.earliest.year}")
