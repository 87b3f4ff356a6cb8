"""The audit trail off the hot path: recording an event no longer extends the hash chain.

An event's place in the chain (``seq``, ``prev_hash``, ``entry_hash``) moves from ``audit_event`` to
a new insert-only table, ``audit_seal``, which the sealer writes after the event has committed;
``audit_pending`` lists the events waiting for theirs. Every existing event is already chained:
its seal is carried over as it is, and its hash, which covers the same fields, still verifies.

Downgrading first seals any waiting events (with the hash as at this migration), then moves every
seal back onto its event.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 09:40:12.530114

"""

import hashlib
import json
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SEAL_APPEND_ONLY = {
    "postgresql": [
        """
        CREATE FUNCTION audit_seal_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit_seal is append-only: % refused', TG_OP;
        END
        $$
        """,
        "CREATE TRIGGER audit_seal_append_only BEFORE UPDATE OR DELETE ON audit_seal "
        "FOR EACH ROW EXECUTE FUNCTION audit_seal_refuse_change()",
        "CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON audit_seal "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_seal_refuse_change()",
    ],
    "sqlite": [
        "CREATE TRIGGER audit_seal_no_update BEFORE UPDATE ON audit_seal "
        "BEGIN SELECT RAISE(ABORT, 'audit_seal is append-only: UPDATE refused'); END",
        "CREATE TRIGGER audit_seal_no_delete BEFORE DELETE ON audit_seal "
        "BEGIN SELECT RAISE(ABORT, 'audit_seal is append-only: DELETE refused'); END",
    ],
}
DROP_SEAL_TRIGGERS = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_seal_no_truncate ON audit_seal",
        "DROP TRIGGER IF EXISTS audit_seal_append_only ON audit_seal",
        "DROP FUNCTION IF EXISTS audit_seal_refuse_change()",
    ],
    "sqlite": ["DROP TRIGGER IF EXISTS audit_seal_no_update", "DROP TRIGGER IF EXISTS audit_seal_no_delete"],
}

# audit_event's triggers as migration 0001 made them. On SQLite, rebuilding the table to drop or
# add columns drops them, so they are made again; PostgreSQL switches them off and on instead.
EVENT_APPEND_ONLY_SQLITE = [
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: UPDATE refused'); END",
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: DELETE refused'); END",
]
DROP_EVENT_TRIGGERS_SQLITE = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
]

CHAIN_COLUMNS = ("seq", "prev_hash", "entry_hash")


def upgrade():
    dialect = op.get_bind().dialect.name
    op.create_table(
        "audit_seal",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.Column("sealed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_seal")),
        sa.UniqueConstraint("event_id", name=op.f("uq_audit_seal_event_id")),
    )
    op.execute(
        "INSERT INTO audit_seal (seq, event_id, prev_hash, entry_hash, sealed_at) "
        "SELECT seq, id, prev_hash, entry_hash, occurred_at FROM audit_event"
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_constraint("uq_audit_event_seq", type_="unique")
        for column in CHAIN_COLUMNS:
            batch_op.drop_column(column)
    if dialect == "sqlite":
        for statement in EVENT_APPEND_ONLY_SQLITE:
            op.execute(statement)
    # Only now the seal's foreign key: SQLite cannot rebuild (drop) a table that rows refer to.
    with op.batch_alter_table("audit_seal", schema=None) as batch_op:
        batch_op.create_foreign_key(op.f("fk_audit_seal_event_id_audit_event"), "audit_event", ["event_id"], ["id"])
    op.create_table(
        "audit_pending",
        sa.Column("event_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["audit_event.id"], name=op.f("fk_audit_pending_event_id_audit_event")),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_audit_pending")),
    )
    for statement in SEAL_APPEND_ONLY[dialect]:
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    _seal_waiting_events()
    op.drop_table("audit_pending")
    if dialect == "postgresql":
        op.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
    else:
        for statement in DROP_EVENT_TRIGGERS_SQLITE:
            op.execute(statement)
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("entry_hash", sa.String(length=64), nullable=True))
    copies = ", ".join(
        f"{column} = (SELECT s.{column} FROM audit_seal s WHERE s.event_id = audit_event.id)"
        for column in CHAIN_COLUMNS
    )
    op.execute(f"UPDATE audit_event SET {copies}")
    for statement in DROP_SEAL_TRIGGERS[dialect]:
        op.execute(statement)
    op.drop_table("audit_seal")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        for column in CHAIN_COLUMNS:
            batch_op.alter_column(
                column, existing_type=sa.Integer() if column == "seq" else sa.String(64), nullable=False
            )
        batch_op.create_unique_constraint("uq_audit_event_seq", ["seq"])
    if dialect == "postgresql":
        op.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")
    else:
        for statement in EVENT_APPEND_ONLY_SQLITE:
            op.execute(statement)


# Sealing on the way down, with the hash as at this migration (riskapp.audit.compute_hash):
# migrations never import app code.

EVENT_FIELDS = {
    "occurred_at": sa.DateTime,
    "action": sa.String,
    "outcome": sa.String,
    "actor_user_id": sa.Integer,
    "actor_email": sa.String,
    "actor_role": sa.String,
    "actor_agency": sa.String,
    "actor_authorities": sa.String,
    "object_type": sa.String,
    "object_id": sa.String,
    "young_person_id": sa.Uuid,
    "authority_id": sa.Integer,
    "details": sa.Text,
    "ip_address": sa.String,
}
event = sa.table("audit_event", sa.column("id", sa.Integer), *(sa.column(n, t) for n, t in EVENT_FIELDS.items()))
seal = sa.table(
    "audit_seal",
    *(sa.column(name, sa.String) for name in ("prev_hash", "entry_hash")),
    sa.column("seq", sa.Integer),
    sa.column("event_id", sa.Integer),
    sa.column("sealed_at", sa.DateTime),
)


def _canonical(value):
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return aware.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def _hash(row, seq: int, prev_hash: str) -> str:
    payload = {name: _canonical(row._mapping[name]) for name in EVENT_FIELDS} | {"seq": seq, "prev_hash": prev_hash}
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _seal_waiting_events() -> None:
    connection = op.get_bind()
    last = connection.execute(sa.select(seal.c.seq, seal.c.entry_hash).order_by(seal.c.seq.desc()).limit(1)).first()
    seq, prev_hash = last if last else (0, "0" * 64)
    sealed = sa.exists().where(seal.c.event_id == event.c.id)
    waiting = connection.execute(sa.select(event).where(~sealed).order_by(event.c.id)).all()
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = []
    for row in waiting:
        seq += 1
        entry_hash = _hash(row, seq, prev_hash)
        rows.append(
            {"seq": seq, "event_id": row.id, "prev_hash": prev_hash, "entry_hash": entry_hash, "sealed_at": now}
        )
        prev_hash = entry_hash
    if rows:
        connection.execute(seal.insert(), rows)
