"""The audit sealer: recording an entry never waits for the chain, and the sealer links every
committed entry into one unbroken chain, after responses or by hand.

Most tests here run inside the usual rolled-back test transaction. Those that must commit from
several connections at once use ``fresh_app``, a database of their own.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import OperationalError

from riskapp import audit
from riskapp.extensions import db
from riskapp.models import AuditEvent, AuditPending, AuditSeal
from riskapp.reference import Role
from tests.databases import migrate
from tests.helpers import audit_actions, sign_in


def _verify(app) -> str:
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    return result.output


def _sealed_event_ids(session) -> list[int]:
    return list(session.scalars(select(AuditSeal.event_id).order_by(AuditSeal.seq)))


@pytest.fixture
def team(make):
    own = make.authority("own-area", "Own")
    return {
        "manager": make.user(role=Role.MANAGER, authorities=[own]),
        "practitioner": make.user(role=Role.PRACTITIONER, authorities=[own], email="prac@example.org"),
        "record": make.young_person(own, first_name="Ruby", last_name="Ashgrove"),
    }


def test_recording_an_entry_only_adds_rows(app, db_session):
    db_session.connection()  # the test's own savepoint, begun before listening
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    engine = db_session.get_bind().engine
    event.listen(engine, "before_cursor_execute", listener)
    try:
        audit.record("view", object_type="young_person", object_id="record-1")
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert [s.split("(")[0].split()[:3] for s in statements] == [
        ["INSERT", "INTO", "audit_event"],
        ["INSERT", "INTO", "audit_pending"],
    ], "no lock, and nothing read from the chain"


def test_with_the_sealer_stopped_entries_wait_and_the_sealed_chain_still_verifies(
    app, client, team, db_session, monkeypatch
):
    monkeypatch.setitem(app.config, "AUDIT_SEALER_ENABLED", False)
    audit.record("create", object_type="local_authority", object_id="1")
    assert audit.seal_pending() == 1

    practitioner = app.test_client()
    sign_in(practitioner, team["practitioner"])
    with practitioner.get(f"/young-people/{team['record'].id}") as response:
        assert response.status_code == 200
    audit.record("rescore-all", by_system=True, details={"via": "test"})
    waiting = db_session.scalar(select(func.count()).select_from(AuditPending))
    assert waiting >= 3, "the sign-in, the view and the rescore"
    assert f"Audit trail intact: 1 entries checked. {waiting} entries waiting to be sealed." in _verify(app)

    # Pages that show the trail show entries still waiting for their seal.
    sign_in(client, team["manager"])
    page = client.get(f"/young-people/{team['record'].id}/access-log")
    rows = [[c.get_text(" ", strip=True) for c in row.select("td")] for row in page.soup.select("tbody tr")]
    who = f"{team['practitioner'].full_name} Practitioner, Children's social care"
    assert any(row[1] == who and row[2] == "view" for row in rows), "a name, role and agency, not an e-mail address"

    # Started again, the sealer seals everything after the next response.
    monkeypatch.setitem(app.config, "AUDIT_SEALER_ENABLED", True)
    monkeypatch.setitem(app.config, "AUDIT_SEAL_INTERVAL_SECONDS", 0)
    with client.get("/healthz") as response:
        assert response.status_code == 200
    entries = audit_actions(db_session)
    assert _sealed_event_ids(db_session) == [entry.id for entry in entries], "everything, in the order recorded"
    assert f"Audit trail intact: {len(entries)} entries checked. 0 entries waiting to be sealed." in _verify(app)


def test_a_busy_worker_seals_at_most_once_an_interval(app, client, team, db_session, monkeypatch):
    monkeypatch.setitem(app.config, "AUDIT_SEALER_ENABLED", True)
    monkeypatch.setitem(app.config, "AUDIT_SEAL_INTERVAL_SECONDS", 0)
    sign_in(client, team["practitioner"])
    with client.get(f"/young-people/{team['record'].id}") as response:
        assert response.status_code == 200
    assert db_session.scalar(select(func.count()).select_from(AuditPending)) == 0

    monkeypatch.setitem(app.config, "AUDIT_SEAL_INTERVAL_SECONDS", 3600)
    with client.get(f"/young-people/{team['record'].id}") as response:
        assert response.status_code == 200
    [waiting] = db_session.scalars(select(AuditPending.event_id)).all()
    assert waiting == audit_actions(db_session, action="view")[-1].id, "the second view waits"

    result = app.test_cli_runner().invoke(args=["audit", "seal"])
    assert result.exit_code == 0 and "Sealed 1 entry." in result.output
    assert "0 entries waiting to be sealed." in _verify(app)


def test_a_refusal_is_sealed_after_its_error_response(app, client, team, db_session, monkeypatch):
    monkeypatch.setitem(app.config, "AUDIT_SEALER_ENABLED", True)
    monkeypatch.setitem(app.config, "AUDIT_SEAL_INTERVAL_SECONDS", 0)
    sign_in(client, team["practitioner"])
    with client.get("/audit") as response:
        assert response.status_code == 403
    [refusal] = audit_actions(db_session, outcome="denied")
    assert _sealed_event_ids(db_session)[-1] == refusal.id


def test_the_schedule_runs_one_sealer_at_a_time_and_once_an_interval():
    schedule = audit.SealSchedule()
    assert schedule.start(now=100.0, interval=0.5)
    assert not schedule.start(now=101.0, interval=0.5), "one at a time"
    schedule.finish()
    assert not schedule.due(now=100.4, interval=0.5)
    assert schedule.start(now=100.5, interval=0.5)


# Committing from several connections --------------------------------------------------------


def _record_committed(app, count: int, label: str = "record") -> None:
    with app.app_context():
        for n in range(count):
            audit.record("view", object_type="young_person", object_id=f"{label}-{n}", details={"n": n})
        db.session.commit()


def _report(app) -> audit.ChainReport:
    with app.app_context():
        return audit.verify_chain()


def test_recording_does_not_wait_for_a_sealer_holding_its_lock(fresh_app):
    if fresh_app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite's sealer lock is its write lock, which every writer takes in turn")
    migrate(fresh_app)
    with fresh_app.app_context():
        holder = db.engine.connect()
        try:
            holder.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": audit.SEALER_LOCK_KEY})
            db.session.execute(text("SET LOCAL lock_timeout = '2s'"))  # fail rather than hang
            audit.record("view", object_type="young_person", object_id="while-sealing")
            db.session.commit()
            assert audit.seal_pending(wait=False) == 0, "another sealer is at work: skip"
        finally:
            holder.close()
        assert audit.seal_pending() == 1
    assert _report(fresh_app) == audit.ChainReport(entries_checked=1, pending=0)


def test_sealers_racing_recorders_and_each_other_make_one_unbroken_chain(fresh_app):
    migrate(fresh_app)
    recorders_done = threading.Event()
    start_together = threading.Barrier(6)

    def recorder(n: int) -> None:
        start_together.wait()
        for batch in range(20):
            _record_committed(fresh_app, 5, label=f"recorder-{n}-{batch}")

    def sealer(wait: bool) -> int:
        start_together.wait()
        sealed = 0
        with fresh_app.app_context():
            while not recorders_done.is_set():
                sealed += audit.seal_pending(limit=40, wait=wait)
                db.session.remove()
        return sealed

    with ThreadPoolExecutor(6) as pool:
        recorders = [pool.submit(recorder, n) for n in range(4)]
        sealers = [pool.submit(sealer, wait) for wait in (True, False)]
        for done in recorders:
            done.result()
        recorders_done.set()
        sealed_while_recording = sum(s.result() for s in sealers)

    assert sealed_while_recording > 0
    with fresh_app.app_context():
        while audit.seal_pending(limit=40):
            pass
        seqs = list(db.session.scalars(select(AuditSeal.seq).order_by(AuditSeal.seq)))
        events = db.session.scalar(select(func.count()).select_from(AuditEvent))
    assert events == 4 * 20 * 5
    assert seqs == list(range(1, events + 1)), "every entry sealed once, no place taken twice"
    assert _report(fresh_app) == audit.ChainReport(entries_checked=events, pending=0)


def test_sealing_a_batch_takes_the_same_few_statements_however_large_it_is(fresh_app):
    """The sealer's lock is held for milliseconds because a batch is a handful of statements, not
    one or more per entry. (How long a batch of 500 takes is measured by bench/bench_audit.py in
    make bench, not here: a timed test fails on a busy machine.)"""
    migrate(fresh_app)
    _record_committed(fresh_app, 2000, label="before")
    with fresh_app.app_context():
        assert audit.seal_pending(limit=2000) == 2000
    statements = {}
    for size in (50, 500):
        _record_committed(fresh_app, size, label=f"batch-{size}")
        with fresh_app.app_context():
            seen = []

            def listener(_conn, _cursor, statement, *_rest, seen=seen):
                seen.append(statement)

            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                assert audit.seal_pending(limit=size) == size
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
            statements[size] = len(seen)
    assert statements[500] == statements[50] and statements[500] <= 12, statements
    assert _report(fresh_app).pending == 0


def test_a_failed_sealing_run_leaves_the_response_alone_and_the_next_run_retries(
    app, client, team, db_session, monkeypatch, caplog
):
    monkeypatch.setitem(app.config, "AUDIT_SEALER_ENABLED", True)
    monkeypatch.setitem(app.config, "AUDIT_SEAL_INTERVAL_SECONDS", 0)
    sign_in(client, team["practitioner"])
    seal_pending = audit.seal_pending

    def locked(*args, **kwargs):
        raise OperationalError("INSERT INTO audit_seal ...", {}, Exception("database is locked"))

    monkeypatch.setattr(audit, "seal_pending", locked)
    with client.get(f"/young-people/{team['record'].id}") as response:
        assert response.status_code == 200
    assert db_session.scalar(select(func.count()).select_from(AuditPending)) > 0
    assert "Sealing the audit trail failed (OperationalError)" in caplog.text
    assert "Ashgrove" not in caplog.text

    monkeypatch.setattr(audit, "seal_pending", seal_pending)
    with client.get("/healthz") as response:
        assert response.status_code == 200
    assert db_session.scalar(select(func.count()).select_from(AuditPending)) == 0
