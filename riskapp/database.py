"""Engine set-up and the request's transactions.

A request that only reads (GET, HEAD, OPTIONS) runs in a read transaction: on SQLite a deferred
BEGIN, which takes no lock, so in WAL mode any number of readers go on at once; on PostgreSQL an
ordinary transaction that has written nothing and so holds no lock. What such a request must write
anyway waits until the page is built and is written in one short write transaction at the end:
its audit entries (riskapp.audit) and the session's last-seen time (riskapp.auth.sessions). A step
of a read request that has to write, such as scoring a record never scored or keeping a summary in
the cache, runs in ``write_step()``: the read transaction ends, the step gets its own write
transaction, and reading goes on after it.

A request that changes things (POST and the rest), a command and a job run in one write transaction
from the start: on SQLite BEGIN IMMEDIATE, so writers queue on busy_timeout instead of failing with
"database is locked" (a deferred transaction that reads and then writes can fail that way however
long it waits). The request's transaction is committed in one place: on a successful response.
"""

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask, Response, current_app, g, has_request_context, request
from sqlalchemy import Engine, event

from riskapp.extensions import db

READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
log = logging.getLogger(__name__)


class WriteInReadTransaction(RuntimeError):
    """A read request wrote outside write_step(): on SQLite that write could fail under load."""


def reading() -> bool:
    """True while a read request is in its read transaction (not in a write step)."""
    return has_request_context() and request.method in READING_METHODS and not g.get("_db_writing", False)


def configure_engine(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "before_cursor_execute")
    def _no_writes_while_reading(_conn, _cursor, statement: str, _params, _context, _many) -> None:
        if reading() and statement.lstrip()[:7].upper().startswith(_WRITES):
            message = f"a read request wrote outside write_step(): {statement[:80]}"
            if current_app.config.get("STRICT_READ_TRANSACTIONS"):
                raise WriteInReadTransaction(message)
            log.warning(message)

    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record) -> None:
        # Python 3.11's sqlite3 opens transactions lazily and only before DML; take control of
        # BEGIN ourselves (SQLAlchemy's documented pysqlite recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN" if reading() else "BEGIN IMMEDIATE")


@contextmanager
def write_step() -> Iterator[None]:
    """Run a write inside a read request in its own short write transaction, committed at the end
    of the step. Anywhere else (a POST, a command, a job, a step inside a step) it is part of the
    transaction already running."""
    if not reading():
        yield
        return
    db.session.commit()  # end the read transaction (it wrote nothing)
    g._db_writing = True
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        g._db_writing = False


def at_end(write: Callable[[], None]) -> None:
    """A write a read request must make (an audit entry, the session's last-seen time): made in one
    short write transaction once the page is built. Anywhere else it is made now, in the transaction
    already running."""
    if reading():
        g.setdefault("_db_at_end", []).append(write)
    else:
        write()


def register_request_transaction(app: Flask) -> None:
    """One transaction per request, committed in one place: on a successful response.

    Views only add and flush. A refusal that must stay on the audit trail despite the error status
    (denied access, a throttled sign-in, an edit conflict) goes through
    riskapp.audit.record_refusal, which rolls back the request's work and commits the entry.
    """

    @app.after_request
    def _commit_on_success(response: Response) -> Response:
        if response.status_code >= 400:
            db.session.rollback()
            return response
        db.session.commit()
        writes = g.pop("_db_at_end", None)
        if writes:
            with write_step():
                for write in writes:
                    write()
        return response
