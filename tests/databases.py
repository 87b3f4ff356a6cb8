"""The two databases every database test runs on: a SQLite file and PostgreSQL.

PostgreSQL is the one on 127.0.0.1:5432 with trust auth (on developer machines and in CI);
each test session makes its own databases there and drops them afterwards.
``RISKAPP_TEST_DATABASES=sqlite`` narrows a local run to one backend; CI runs both.
"""

import os
import uuid
from pathlib import Path

import psycopg

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = [name for name in os.environ.get("RISKAPP_TEST_DATABASES", "sqlite,postgresql").split(",") if name]


def _admin_connection() -> psycopg.Connection:
    return psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True)


def create_postgres_database(prefix: str) -> tuple[str, str]:
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with _admin_connection() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return name, f"{base}/{name}"


def drop_postgres_database(name: str) -> None:
    with _admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class ScratchDatabase:
    """A fresh, empty database of one backend, created and dropped by the test session."""

    def __init__(self, backend: str, directory: Path, prefix: str = "riskapp_test"):
        self.backend = backend
        self._pg_name = None
        if backend == "sqlite":
            self.url = f"sqlite:///{directory / f'{prefix}.sqlite3'}"
        elif backend == "postgresql":
            self._pg_name, self.url = create_postgres_database(prefix)
        else:
            raise ValueError(f"Unknown test database backend {backend!r}")

    def drop(self) -> None:
        if self._pg_name:
            drop_postgres_database(self._pg_name)


def migrate(app, revision: str = "head", *, down: bool = False) -> None:
    """Run the app's migrations on its database, up (or down) to ``revision``."""
    import flask_migrate

    with app.app_context():
        directory = app.extensions["migrate"].directory
        (flask_migrate.downgrade if down else flask_migrate.upgrade)(directory=directory, revision=revision)
