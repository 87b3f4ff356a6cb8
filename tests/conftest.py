"""Fixtures shared by the whole suite.

- ``app``: one app per database backend for the session, its schema built by the migrations (a
  copy of a database this process migrated once: tests/databases.py). Every test that uses it runs once on SQLite and once on PostgreSQL.
- ``db_session``: each test runs inside a transaction that is rolled back afterwards; the app's
  own commits only release savepoints inside it. Requests use their own session on the same
  connection, so re-read (``db_session.refresh``) anything a request may have changed.
- ``fresh_app``: an app on an empty database of its own (not migrated yet), for the few tests that
  must really commit, from several connections at once. Each test gets a new one.
- ``client``: a test client that parses every HTML page (one <h1>, the title starts with it, no
  duplicate ids, the protective marking, CSRF tokens in POST forms) and sends the page's CSRF
  token with every POST, as a browser would.

The suite runs on several processes (pytest-xdist, ``-n auto`` in pyproject.toml; ``-n 0`` for one).
Each process makes its own databases (tests/databases.py). A test module's tests on one backend run
on one process, so what they share is made once.
"""

import re

import pytest
from flask.testing import FlaskClient
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy.orm import scoped_session, sessionmaker

from riskapp import create_app
from riskapp.extensions import db
from tests.databases import BACKENDS, ScratchDatabase
from tests.html import check_page

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def pytest_collection_modifyitems(config, items):
    for item in items:
        # A module's tests on one backend go together: fixtures made once per module and backend
        # (a live server, a browser journey's people) are made on one process only.
        params = getattr(getattr(item, "callspec", None), "params", {})
        backend = next((value for value in params.values() if isinstance(value, str) and value in BACKENDS), "")
        item.add_marker(pytest.mark.xdist_group(f"{item.nodeid.split('::')[0]}@{backend}"))
    # The longest groups (a live server or a browser each, tens of seconds) are handed out first,
    # so that no process is left running one of them alone at the end while the other waits.
    items.sort(key=lambda item: 0 if item.get_closest_marker("live") or item.get_closest_marker("browser") else 1)


@pytest.fixture(scope="session", params=BACKENDS)
def database(request, tmp_path_factory):
    scratch = ScratchDatabase(request.param, tmp_path_factory.mktemp(request.param), migrated=True)
    yield scratch
    scratch.drop()


@pytest.fixture(scope="session")
def app(database):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database.url, "SERVER_NAME": "localhost"})
    app.test_client_class = CheckingClient
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(params=BACKENDS)
def fresh_app(request, tmp_path):
    scratch = ScratchDatabase(request.param, tmp_path, prefix="riskapp_fresh")
    app = create_app({"SQLALCHEMY_DATABASE_URI": scratch.url, "SERVER_NAME": "localhost"})
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()
        scratch.drop()


@pytest.fixture(autouse=True)
def db_session(request):
    if "app" not in request.fixturenames:
        yield None
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        original = db.session
        db.session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint"), scopefunc=_app_ctx_id
        )
        try:
            yield db.session
        finally:
            db.session.remove()
            db.session = original
            transaction.rollback()
            connection.close()


class CheckingClient(FlaskClient):
    csrf_token: str | None = None
    auto_csrf = True

    def open(self, *args, **kwargs):
        method = (kwargs.get("method") or "GET").upper()
        if method == "POST" and self.auto_csrf and self.csrf_token:
            data = kwargs.get("data")
            if isinstance(data, dict) and "csrf_token" not in data:
                kwargs["data"] = {**data, "csrf_token": self.csrf_token}
        # Each request gets its own app context (so its own ``g`` and database session), as in
        # production, even though the test itself holds one open.
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and response.status_code != 302:
            text = response.get_data(as_text=True)
            response.soup = check_page(text)
            found = _CSRF.search(text)
            if found:
                self.csrf_token = found.group(1)
        return response


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make(app, db_session):
    """Factories for test data, bound to this test's transaction."""
    from tests import factories

    return factories.Factories(db_session)
