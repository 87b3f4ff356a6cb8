"""Times typed as people write them: the one rule every time field reads them by."""

from datetime import time

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form

from riskapp.forms.times import parse_time, time_field


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("14:30", time(14, 30)),
        ("14.30", time(14, 30)),
        ("9:05", time(9, 5)),
        ("09:05", time(9, 5)),
        ("00:00", time(0, 0)),
        ("23:59", time(23, 59)),
        ("1430", time(14, 30)),
        ("0930", time(9, 30)),
        ("1430hrs", time(14, 30)),
        ("1430 hrs", time(14, 30)),
        ("2.30pm", time(14, 30)),
        ("2:30pm", time(14, 30)),
        ("2:30 pm", time(14, 30)),
        ("2.30 p.m.", time(14, 30)),
        ("2pm", time(14, 0)),
        ("2 PM", time(14, 0)),
        ("11am", time(11, 0)),
        ("9.15 a.m.", time(9, 15)),
        ("12am", time(0, 0)),
        ("12.30am", time(0, 30)),
        ("12pm", time(12, 0)),
        ("12:45pm", time(12, 45)),
        ("midday", time(12, 0)),
        ("Midnight", time(0, 0)),
        ("  14:30  ", time(14, 30)),
    ],
)
def test_times_are_read_as_people_write_them(typed, read):
    assert parse_time(typed) == read


@pytest.mark.parametrize(
    "typed",
    [
        "",
        None,
        "25:00",
        "24:00",
        "23:60",
        "2.75pm",
        "13pm",
        "0am",
        "14:30pm",
        "9",  # 9am or 9pm?
        "14",
        "2:3",
        "12345",
        "half two",
        "2.30 in the afternoon",
        "-1:00",
    ],
)
def test_impossible_or_unclear_times_are_refused(typed):
    assert parse_time(typed) is None


class _Form(Form):
    occurred_time = time_field("Time of the incident", "Enter the time of the incident")


def _errors(typed: str) -> list[str]:
    form = _Form(MultiDict({"occurred_time": typed}))
    form.validate()
    return form.occurred_time.errors


def test_one_message_names_the_field_and_shows_how_to_type_it():
    assert _errors("25:00") == ["Time of the incident must be a real time, like 2.30pm or 14:30"]
    assert _errors("2.75pm") == ["Time of the incident must be a real time, like 2.30pm or 14:30"]
    assert _errors("") == ["Enter the time of the incident"]
    assert _errors("2.30pm") == []


def test_the_hint_shows_both_ways_and_the_time_zone():
    assert _Form().occurred_time.description == "For example, 2.30pm or 14:30 (UK time)"
    assert _Form().occurred_time.label.text == "Time of the incident"
