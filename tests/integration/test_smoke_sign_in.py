from riskapp.reference import Role
from tests.helpers import sign_in


def test_practitioner_signs_in_and_sees_young_people(client, make):
    authority = make.authority()
    user = make.user(role=Role.PRACTITIONER, authorities=[authority])
    make.young_person(authority, first_name="Kayla", last_name="Brightwater")
    sign_in(client, user)
    response = client.get("/young-people/")
    assert response.status_code == 200
    assert "Brightwater, Kayla" in response.soup.select_one("table").get_text()
