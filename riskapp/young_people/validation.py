"""Plain checks on a young person's identifiers, usable without a form."""

from datetime import date


def normalise_nhs_number(value: str) -> str:
    return "".join(ch for ch in value if not ch.isspace() and ch != "-")


def nhs_number_problem(value: str) -> str | None:
    """The NHS number is 10 digits whose last digit is a modulus 11 check digit."""
    digits = normalise_nhs_number(value)
    if not digits:
        return None
    if len(digits) != 10 or not digits.isdigit():
        return "NHS number must be 10 digits, like 999 123 4560"
    total = sum(int(d) * weight for d, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[9]):
        return "Enter a real NHS number: this one fails the check digit"
    return None


def date_of_birth_problem(value: date, today: date) -> str | None:
    if value > today:
        return "Date of birth must be today or in the past"
    if (today - value).days > 26 * 366:
        return "Date of birth must be within the last 26 years: this tool is for children and young people"
    return None
