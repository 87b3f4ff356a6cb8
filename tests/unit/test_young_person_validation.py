from datetime import date

import pytest

from riskapp.young_people.validation import date_of_birth_problem, nhs_number_problem, normalise_nhs_number


@pytest.mark.parametrize("number", ["943 476 5919", "9434765919", "943-476-5919", ""])
def test_valid_nhs_numbers(number):
    assert nhs_number_problem(number) is None


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("943 476 5918", "check digit"),
        ("12345", "10 digits"),
        ("94347659I9", "10 digits"),
        ("9434765910x", "10 digits"),
    ],
)
def test_invalid_nhs_numbers(number, problem):
    assert problem in nhs_number_problem(number)


def test_nhs_number_is_stored_without_spaces():
    assert normalise_nhs_number(" 943 476 5919 ") == "9434765919"


@pytest.mark.parametrize(
    ("born", "problem"),
    [
        (date(2026, 11, 27), "today or in the past"),
        (date(1990, 1, 1), "within the last 26 years"),
        (date(2010, 5, 14), None),
        (date(2026, 11, 26), None),
    ],
)
def test_date_of_birth_rules(born, problem):
    message = date_of_birth_problem(born, today=date(2026, 11, 26))
    assert (message is None) if problem is None else (problem in message)
