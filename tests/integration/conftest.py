"""People shared by the integration tests, each made in the test's own transaction (``make``).

- ``area``: Central Bedfordshire (slug ``central-bedfordshire``), the authority the young people
  of most modules belong to.
- ``practitioner``: Sam Social, a practitioner of Children's social care in ``area``, signed in
  through ``client``. Tests assert on that name and agency (the requester of a decision, the author
  on a summary, "Children's social care" beside an indicator), so a module that needs someone
  else (another agency or name, a role) defines its own ``practitioner``, which wins over this one.
- ``officer``: Pat Police, a police practitioner in ``area``, not signed in: another agency's
  author of entries while the signed-in reader is the practitioner.

Builders for what is recorded about a young person (``make.episode``, ``make.incident``,
``make.meeting``) are on the factories, in tests/factories.py.
"""

import pytest

from riskapp.reference import Role
from tests.helpers import sign_in


@pytest.fixture
def area(make):
    return make.authority("central-bedfordshire", "Central Bedfordshire")


@pytest.fixture
def practitioner(make, area, client):
    user = make.user(role=Role.PRACTITIONER, agency="social-care", authorities=[area], full_name="Sam Social")
    sign_in(client, user)
    return user


@pytest.fixture
def officer(make, area):
    return make.user(role=Role.PRACTITIONER, agency="police", authorities=[area], full_name="Pat Police")


# The screening tests' young person and who fills the screenings in.


@pytest.fixture
def young_person(make, area):
    """Tyler Oakhollow, a boy (the boys' and young men's items apply), of the shared authority.
    Modules with a young person of their own define their own fixture of this name."""
    return make.young_person(area, first_name="Tyler", last_name="Oakhollow", sex="male")


@pytest.fixture
def police(officer, client):
    """The shared police officer, signed in: screenings filled in as the police."""
    sign_in(client, officer)
    return officer
