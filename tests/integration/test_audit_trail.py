"""The audit trail: append-only in the database, hash-chained, verifiable, readable by managers."""

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from riskapp import audit
from riskapp.models import AuditSeal
from riskapp.reference import Role
from tests.helpers import audit_actions, sign_in


@pytest.fixture
def some_entries(app, db_session):
    for n in range(5):
        audit.record("view", object_type="young_person", object_id=f"record-{n}", details={"n": n})
    db_session.flush()
    assert audit.seal_pending() == 5
    return audit_actions(db_session)


def sealed_chain(db_session) -> list[AuditSeal]:
    return list(db_session.scalars(select(AuditSeal).order_by(AuditSeal.seq)))


def test_verify_reports_an_intact_chain(app, some_entries):
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0
    assert "Audit trail intact: 5 entries checked. 0 entries waiting to be sealed." in result.output


def test_each_entry_links_to_the_one_before(db_session, some_entries):
    chain = sealed_chain(db_session)
    assert [seal.event_id for seal in chain] == [entry.id for entry in some_entries], "sealed in the order recorded"
    assert chain[0].prev_hash == audit.GENESIS_HASH
    for before, after in zip(chain, chain[1:], strict=False):
        assert after.prev_hash == before.entry_hash
        assert after.seq == before.seq + 1


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET action = 'nothing'",
        "DELETE FROM audit_event",
        "UPDATE audit_seal SET prev_hash = entry_hash",
        "DELETE FROM audit_seal",
    ],
)
def test_the_database_refuses_to_change_or_remove_entries(db_session, some_entries, statement):
    with pytest.raises(DatabaseError, match="append-only"):
        with db_session.begin_nested():
            db_session.execute(text(statement))


def _bypass_append_only(db_session) -> None:
    """What someone with direct database access could do: switch the protection off."""
    for table in ("audit_event", "audit_seal"):
        if db_session.get_bind().dialect.name == "postgresql":
            db_session.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        else:
            db_session.execute(text(f"DROP TRIGGER {table}_no_update"))
            db_session.execute(text(f"DROP TRIGGER {table}_no_delete"))


THIRD_EVENT = "(SELECT event_id FROM audit_seal WHERE seq = 3)"


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        (
            f"UPDATE audit_event SET details = '{{\"n\": 99}}' WHERE id = {THIRD_EVENT}",
            "contents do not match its hash",
        ),
        (
            f"UPDATE audit_event SET actor_email = 'someone@else' WHERE id = {THIRD_EVENT}",
            "contents do not match its hash",
        ),
        ("DELETE FROM audit_seal WHERE seq = 3", "entries 3 to 3 are missing"),
    ],
)
def test_verify_names_the_first_changed_entry(app, db_session, some_entries, tamper, reason):
    _bypass_append_only(db_session)
    db_session.execute(text(tamper))
    db_session.expire_all()
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    expected_seq = 4 if tamper.startswith("DELETE") else 3
    assert f"BROKEN at entry seq={expected_seq}" in result.output
    assert reason in result.output
    assert "2 entries before it are intact" in result.output


def test_verify_finds_a_sealed_event_removed(app, db_session, some_entries):
    _bypass_append_only(db_session)
    if db_session.get_bind().dialect.name == "postgresql":
        db_session.execute(text("ALTER TABLE audit_event DISABLE TRIGGER ALL"))  # the seal's foreign key too
    else:
        db_session.execute(text("PRAGMA defer_foreign_keys = ON"))  # until a commit that never comes
    db_session.execute(text(f"DELETE FROM audit_event WHERE id = {THIRD_EVENT}"))
    report = audit.verify_chain()
    assert (report.broken_seq, report.broken_id, report.entries_checked) == (3, some_entries[2].id, 2)
    assert "its event is missing" in report.reason


def test_a_rewritten_entry_with_a_fresh_hash_breaks_the_next_link(app, db_session, some_entries):
    _bypass_append_only(db_session)
    entry, seal = some_entries[2], sealed_chain(db_session)[2]
    entry.details = '{"n":42}'
    seal.entry_hash = audit.compute_hash(entry, seal.seq, seal.prev_hash)
    db_session.flush()
    report = audit.verify_chain()
    assert (report.broken_seq, report.broken_id) == (4, some_entries[3].id)
    assert "link to the previous entry" in report.reason


@pytest.fixture
def team(make):
    own, other = make.authority("own-area", "Own"), make.authority("other-area", "Other")
    return {
        "own": own,
        "manager": make.user(role=Role.MANAGER, authorities=[own]),
        "practitioner": make.user(role=Role.PRACTITIONER, authorities=[own], email="prac@example.org"),
        "outsider": make.user(role=Role.PRACTITIONER, authorities=[other], email="outsider@example.org"),
        "record": make.young_person(own, first_name="Ruby", last_name="Ashgrove"),
        "other_record": make.young_person(other, first_name="Amira", last_name="Castellan"),
    }


def test_managers_see_who_viewed_a_record_and_that_look_is_audited(client, team, db_session):
    practitioner_client = client.application.test_client()
    sign_in(practitioner_client, team["practitioner"])
    practitioner_client.get(f"/young-people/{team['record'].id}")

    sign_in(client, team["manager"])
    page = client.get(f"/young-people/{team['record'].id}/access-log")
    assert page.status_code == 200
    rows = [[c.get_text(" ", strip=True) for c in row.select("td")] for row in page.soup.select("tbody tr")]
    who = f"{team['practitioner'].full_name} Practitioner, Children's social care"
    assert any(row[1] == who and row[2] == "view" for row in rows), "a name, role and agency, not an e-mail address"
    # Times are shown in UK time (GMT or BST), and the column says so.
    assert page.soup.select_one("thead th").get_text(strip=True) == "When (UK time)"
    assert audit_actions(db_session, action="view-access-log")[-1].actor_user_id == team["manager"].id


def test_practitioners_cannot_see_the_access_log(client, team):
    sign_in(client, team["practitioner"])
    assert client.get(f"/young-people/{team['record'].id}/access-log").status_code == 403
    assert client.get("/audit").status_code == 403


def test_audit_trail_shows_only_the_managers_authorities(client, team, db_session):
    outsider_client = client.application.test_client()
    sign_in(outsider_client, team["outsider"])
    outsider_client.get(f"/young-people/{team['other_record'].id}")
    sign_in(client, team["manager"])
    page = client.get("/audit")
    text_of_page = page.soup.select_one("table").get_text(" ")
    assert "outsider@example.org" not in text_of_page and team["outsider"].full_name not in text_of_page
    assert audit_actions(db_session, action="view-audit-trail")[-1].actor_user_id == team["manager"].id
    filtered = client.get("/audit?action=sign-in")
    actions = {row.select("td")[2].get_text(strip=True) for row in filtered.soup.select("tbody tr")}
    assert actions == {"sign-in"}


def test_no_case_text_reaches_the_application_log(client, team, caplog):
    sign_in(client, team["practitioner"])
    client.get("/young-people/")
    client.post("/young-people/", data={"name": "Ashgrove\n2026-01-01 INFO admin login ok"})
    client.get(f"/young-people/{team['record'].id}")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Ashgrove" not in logged and "Ruby" not in logged
