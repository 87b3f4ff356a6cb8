"""Command-line commands: create-user, authorities add, demo-data."""

from riskapp.auth.passwords import verify_password
from riskapp.data.users import get_user_by_email
from riskapp.models import AuditEvent, User, YoungPerson
from riskapp.reference import AGENCIES, Role


def _create_user(app, password_input: str, *extra: str):
    args = [
        "create-user",
        "--email",
        "Sam.Officer@example.org",
        "--name",
        "Sam Officer",
        "--role",
        "practitioner",
        "--agency",
        "police",
        "--authority",
        "luton",
        "--password-stdin",
        *extra,
    ]
    return app.test_cli_runner().invoke(args=args, input=password_input)


def test_create_user_reads_the_password_from_stdin(app, make, db_session):
    make.authority("luton", "Luton")
    result = _create_user(app, "amber falcon quiet river\n")
    assert result.exit_code == 0, result.output
    user = get_user_by_email("sam.officer@example.org")
    assert verify_password(user.password_hash, "amber falcon quiet river")
    assert user.password_hash.startswith("$argon2id$")
    assert db_session.query(AuditEvent).filter_by(action="create", object_type="user").count() == 1


def test_create_user_refuses_weak_passwords_and_unknown_names(app, make):
    make.authority("luton", "Luton")
    assert "too common" in _create_user(app, "password1234\n").output
    assert "Unknown authority" in _create_user(app, "amber falcon quiet river\n", "--authority", "nowhere").output
    assert get_user_by_email("sam.officer@example.org") is None


def test_add_an_authority(app, db_session):
    result = app.test_cli_runner().invoke(args=["authorities", "add", "milton-keynes", "Milton Keynes"])
    assert result.exit_code == 0
    again = app.test_cli_runner().invoke(args=["authorities", "add", "milton-keynes", "Milton Keynes"])
    assert again.exit_code != 0 and "already exists" in again.output


def test_demo_data_gives_every_agency_and_role_and_fresh_passwords_each_run(app, db_session):
    first = app.test_cli_runner().invoke(args=["demo-data"])
    assert first.exit_code == 0, first.output
    users = db_session.query(User).filter_by(is_demo=True).all()
    assert {(u.agency.slug, u.role) for u in users} >= {(slug, role.value) for slug, _ in AGENCIES for role in Role}
    assert {a.slug for u in users for a in u.authorities} == {"bedford", "central-bedfordshire", "luton"}
    young_people = db_session.query(YoungPerson).all()
    assert len(young_people) == 12 and all(yp.is_demo for yp in young_people)

    line = next(line for line in first.output.splitlines() if "police-practitioner@luton" in line)
    email, password = line.split()[:2]
    assert verify_password(get_user_by_email(email).password_hash, password)

    second = app.test_cli_runner().invoke(args=["demo-data"])
    assert db_session.query(YoungPerson).count() == 12
    new_password = next(line for line in second.output.splitlines() if email in line).split()[1]
    db_session.expire_all()
    assert new_password != password
    assert verify_password(get_user_by_email(email).password_hash, new_password)
