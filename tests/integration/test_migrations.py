"""Migrations: numbered files, a schema built from empty, no drift from the models, and data carried
across the migrations that move it."""

import json
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.exc import DatabaseError

from riskapp import MIGRATIONS_DIR, audit
from riskapp.extensions import db
from riskapp.models import AuditEvent
from tests.databases import migrate


def test_migration_files_are_numbered_in_order():
    names = sorted(p.name for p in (Path(MIGRATIONS_DIR) / "versions").glob("*.py"))
    assert names, "there is at least the initial migration"
    numbers = [int(re.match(r"^(\d{4})_[a-z0-9_]+\.py$", name).group(1)) for name in names]
    assert numbers == list(range(1, len(names) + 1))


def test_the_migrated_schema_matches_the_models(app, db_session):
    # The app fixture built this database by running every migration from empty.
    connection = db_session.connection()
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    assert compare_metadata(context, db.metadata) == []


def test_every_agency_is_seeded_by_the_migration(app, db_session):
    from riskapp.data.organisations import list_agencies
    from riskapp.reference import AGENCIES

    assert sorted((a.slug, a.name) for a in list_agencies()) == sorted(AGENCIES)


def test_every_editable_record_carries_a_version():
    from riskapp.models import ProfessionalInvolvement, User, YoungPerson

    for model in (User, YoungPerson, ProfessionalInvolvement):
        assert model.__mapper__.version_id_col is model.__table__.c.version


def _chained_before_0011(count: int) -> list[dict]:
    """Audit rows as riskapp wrote them before migration 0011: each chained in its own row."""
    rows, prev_hash = [], audit.GENESIS_HASH
    for seq in range(1, count + 1):
        event = {
            "occurred_at": datetime(2026, 11, 30, 9, seq, 15, 250000, tzinfo=UTC),
            "action": "view",
            "outcome": "success",
            "actor_user_id": None,
            "actor_email": "zoë@example.org",
            "actor_role": "manager",
            "actor_agency": "police",
            "actor_authorities": "luton",
            "object_type": "young_person",
            "object_id": str(uuid.UUID(int=seq)),
            "young_person_id": uuid.UUID(int=seq),
            "authority_id": None,
            "details": json.dumps({"page": "record", "n": seq}),
            "ip_address": "10.0.0.1",
        }
        entry_hash = audit.compute_hash(SimpleNamespace(**event), seq, prev_hash)
        rows.append({**event, "seq": seq, "prev_hash": prev_hash, "entry_hash": entry_hash})
        prev_hash = entry_hash
    return rows


# audit_event before migration 0011: today's columns, and each entry's place in the chain.
OLD_AUDIT_EVENT = sa.table(
    "audit_event",
    *(sa.column(column.name, column.type) for column in AuditEvent.__table__.columns),
    *(sa.column(name, sa.String) for name in ("prev_hash", "entry_hash")),
    sa.column("seq", sa.Integer),
)


def test_0011_carries_the_audit_chain_over_and_back(fresh_app):
    migrate(fresh_app, "0010")
    with fresh_app.app_context():
        db.session.execute(OLD_AUDIT_EVENT.insert(), _chained_before_0011(3))
        db.session.commit()

    migrate(fresh_app)
    with fresh_app.app_context():
        assert audit.verify_chain() == audit.ChainReport(entries_checked=3, pending=0), "already sealed"
        for n in range(3):
            audit.record("view", object_type="young_person", object_id=f"after-{n}")
            db.session.commit()
            if n < 2:
                assert audit.seal_pending() == 1
        assert audit.verify_chain() == audit.ChainReport(entries_checked=5, pending=1)

    migrate(fresh_app, "0010", down=True)
    with fresh_app.app_context():
        rows = db.session.execute(sa.select(OLD_AUDIT_EVENT).order_by(OLD_AUDIT_EVENT.c.seq)).all()
        assert [row.seq for row in rows] == [1, 2, 3, 4, 5, 6], "the waiting entry was sealed on the way down"
        assert [row.id for row in rows] == sorted(row.id for row in rows)
        prev_hash = audit.GENESIS_HASH
        for row in rows:
            assert (row.prev_hash, row.entry_hash) == (prev_hash, audit.compute_hash(row, row.seq, prev_hash))
            prev_hash = row.entry_hash
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(sa.text("UPDATE audit_event SET action = 'nothing'"))
        db.session.rollback()

    migrate(fresh_app)
    with fresh_app.app_context():
        assert audit.verify_chain() == audit.ChainReport(entries_checked=6, pending=0)
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(sa.text("DELETE FROM audit_event"))
