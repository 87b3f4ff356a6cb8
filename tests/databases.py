"""The two databases every database test runs on: a SQLite file and PostgreSQL.

PostgreSQL is the one on 127.0.0.1:5432 with trust auth (on developer machines and in CI);
each test session makes its own databases there and drops them afterwards.
``RISKAPP_TEST_DATABASES=sqlite`` narrows a local run to one backend; CI runs both.
"""

import atexit
import os
import shutil
import tempfile
import threading
import uuid
from pathlib import Path

import psycopg

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = [name for name in os.environ.get("RISKAPP_TEST_DATABASES", "sqlite,postgresql").split(",") if name]


def _admin_connection() -> psycopg.Connection:
    return psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True)


def _postgres_url(name: str) -> str:
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return f"{base}/{name}"


def create_postgres_database(prefix: str, template: str | None = None) -> tuple[str, str]:
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with _admin_connection() as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return name, _postgres_url(name)


def drop_postgres_database(name: str) -> None:
    with _admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class ScratchDatabase:
    """A fresh database of one backend, created and dropped by the test session: empty, or with
    ``migrated=True`` a copy of one this process migrated to the newest revision once (a file copy
    on SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL), which is what running the migrations
    again would have made, in a fraction of the time."""

    def __init__(self, backend: str, directory: Path, prefix: str = "riskapp_test", *, migrated: bool = False):
        self.backend = backend
        self._pg_name = None
        if backend == "sqlite":
            path = directory / f"{prefix}.sqlite3"
            if migrated:
                shutil.copyfile(_migrated_template("sqlite"), path)
            self.url = f"sqlite:///{path}"
        elif backend == "postgresql":
            template = _migrated_template("postgresql") if migrated else None
            self._pg_name, self.url = create_postgres_database(prefix, template=template)
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


# One migrated database per backend and process, copied for every database that starts migrated.

_templates: dict[str, str] = {}
_templates_lock = threading.Lock()


def _migrated_template(backend: str) -> str:
    """The path (SQLite) or database name (PostgreSQL) of this process's migrated template, made
    on first use by running every migration, and removed when the process ends."""
    with _templates_lock:
        if backend not in _templates:
            _templates[backend] = _make_template(backend)
        return _templates[backend]


def _make_template(backend: str) -> str:
    from riskapp import create_app
    from riskapp.extensions import db

    if backend == "sqlite":
        directory = tempfile.mkdtemp(prefix="riskapp_template_")
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        name = os.path.join(directory, "migrated.sqlite3")
        url = f"sqlite:///{name}"
    else:
        name, url = create_postgres_database("riskapp_template")
        atexit.register(drop_postgres_database, name)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    migrate(app)
    with app.app_context():
        db.engine.dispose()  # PostgreSQL copies a template only while nobody is connected to it
    return name
