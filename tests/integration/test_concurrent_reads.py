"""Many users at once: two people reading at the same moment do not wait for each other, on either
database. (The first reader is held in the middle of its page, its transaction open, while the second
reads the same record from start to finish.)"""

import threading
import time

import flask_migrate
import pytest
from flask import before_render_template
from sqlalchemy import func, select

from riskapp import create_app
from riskapp.extensions import db
from riskapp.models import AuditEvent
from tests.conftest import CheckingClient
from tests.databases import BACKENDS, ScratchDatabase
from tests.factories import Factories
from tests.helpers import sign_in


@pytest.fixture(params=BACKENDS)
def shared_record(request, tmp_path):
    """An app on a database of its own (not the suite's one-connection transaction), with one young
    person and two practitioners who may both read the record."""
    scratch = ScratchDatabase(request.param, tmp_path, prefix="riskapp_readers")
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": scratch.url, "SERVER_NAME": "localhost", "SQLITE_BUSY_TIMEOUT_MS": 3000}
    )
    app.test_client_class = CheckingClient
    with app.app_context():
        flask_migrate.upgrade(directory=app.extensions["migrate"].directory)
        make = Factories(db.session)
        authority = make.authority("readers")
        readers = [make.user(authorities=[authority]) for _ in range(2)]
        young_person_id = make.young_person(authority).id
        db.session.commit()
        readers = [(user.email, user.password_hash) for user in readers]
    try:
        yield app, young_person_id, readers
    finally:
        with app.app_context():
            db.engine.dispose()
        scratch.drop()


class _Reader:
    def __init__(self, email: str):
        self.email = email


def test_two_people_reading_at_the_same_moment_do_not_wait_for_each_other(shared_record):
    app, young_person_id, readers = shared_record
    first, second = app.test_client(), app.test_client()
    sign_in(first, _Reader(readers[0][0]))
    sign_in(second, _Reader(readers[1][0]))
    url = f"/young-people/{young_person_id}"
    assert second.get(url).status_code == 200  # scored once, so neither reader below has to write

    in_the_middle, carry_on = threading.Event(), threading.Event()

    def hold_the_first_reader(_sender, **_extra):
        if threading.current_thread().name == "first-reader":
            in_the_middle.set()
            carry_on.wait(15)

    answers = {}
    before_render_template.connect(hold_the_first_reader, app)
    try:
        thread = threading.Thread(target=lambda: answers.update(first=first.get(url)), name="first-reader")
        thread.start()
        assert in_the_middle.wait(10), "the first reader never reached its page"
        started = time.monotonic()
        answers["second"] = second.get(url)
        waited = time.monotonic() - started
    finally:
        carry_on.set()
        thread.join(15)
        before_render_template.disconnect(hold_the_first_reader, app)

    assert answers["second"].status_code == 200
    assert waited < 2, f"the second reader waited {waited:.1f} s for the first"
    assert answers["first"].status_code == 200
    with app.app_context():
        views = db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.young_person_id == young_person_id, AuditEvent.action == "view")
        )
    assert views == 3, "every view is on the audit trail"
