"""Named locks for the read-then-write steps that two requests must not interleave: copying the
shipped questionnaires in, and replacing a young person's current risk result.

On PostgreSQL, a transaction-level advisory lock, held until the transaction commits or rolls
back. SQLite needs none: every transaction that writes takes its single write lock at BEGIN
(BEGIN IMMEDIATE), and a read request's transaction writes nothing (riskapp.database). Until the
audit trail moved off the hot path, the audit chain's lock (taken by
every audited request, until its commit) serialised these steps too.
"""

from sqlalchemy import text

from riskapp.extensions import db


def hold(name: str) -> None:
    """Wait for, then hold until the end of this transaction, the lock called ``name``."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": name})
