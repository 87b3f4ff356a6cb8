"""The GOV.UK date field: day, month and year typed separately, GOV.UK error wording."""

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form
from wtforms.validators import DataRequired

from riskapp.forms.fields import GovukDateField


class _Form(Form):
    date_of_birth = GovukDateField("Date of birth", validators=[DataRequired(message="Enter the date of birth")])


def _validate(day, month, year):
    form = _Form(MultiDict({"date_of_birth-day": day, "date_of_birth-month": month, "date_of_birth-year": year}))
    form.validate()
    return form


@pytest.mark.parametrize(
    ("parts", "error"),
    [
        (("", "", ""), "Enter the date of birth"),
        (("14", "", "2010"), "Date of birth must include a month"),
        (("", "", "2010"), "Date of birth must include a day and a month"),
        (("30", "2", "2024"), "Date of birth must be a real date"),
        (("1", "13", "2024"), "Date of birth must be a real date"),
        (("0", "0", "0000"), "Date of birth must be a real date"),
        (("1", "1", "99"), "Year must include 4 numbers"),
        (("one", "1", "2010"), "Date of birth must be a real date, using numbers only"),
        (("1", "1", "1850"), "Date of birth must be after 1900"),
    ],
)
def test_invalid_dates_get_govuk_messages(parts, error):
    assert _validate(*parts).date_of_birth.errors == [error]


def test_a_real_date_is_read_and_typed_values_are_kept():
    form = _validate(" 14", "05", "2010 ")
    assert form.date_of_birth.errors == []
    assert form.date_of_birth.data == date(2010, 5, 14)
    assert form.date_of_birth.typed_parts() == ("14", "05", "2010")
