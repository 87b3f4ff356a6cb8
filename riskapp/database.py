"""Engine set-up: the SQLite pragmas and transaction mode that make the embedded default safe
under several gunicorn workers, and the single commit point of a request."""

import sqlite3

from flask import Flask, Response
from sqlalchemy import Engine, event

from riskapp.extensions import db


def configure_engine(engine: Engine, busy_timeout_ms: int) -> None:
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
        # Every request writes (at least its audit entry), and a transaction that reads and then
        # upgrades to a write lock gets SQLITE_BUSY in WAL mode whatever busy_timeout says.
        # BEGIN IMMEDIATE takes the write lock up front, so waiting writers queue on busy_timeout
        # instead of failing with "database is locked".
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def register_request_transaction(app: Flask) -> None:
    """One transaction per request, committed in one place: on a successful response.

    Views only add and flush. A refusal that must stay on the audit trail despite the error status
    (denied access, a throttled sign-in, an edit conflict) goes through
    riskapp.audit.record_refusal, which rolls back the request's work and commits the entry.
    """

    @app.after_request
    def _commit_on_success(response: Response) -> Response:
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response
