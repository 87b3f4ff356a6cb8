"""What only shows with a real server: several gunicorn worker processes sharing one database.

Every test runs on SQLite and on PostgreSQL. Requests are made with ``requests`` on fresh
connections, and gunicorn's access log (gunicorn.conf.py's threaded workers, as in production) names the
process that answered each one, so the tests can show that more than one process took part:

- ``live_server``: four long-lived workers, for sessions and for many writers at once;
- ``recycling_server``: four workers that each exit after one request (``--max-requests 1``), so
  every request is answered by a process that has never seen an earlier one. Nothing kept in a
  worker's memory can carry over: only what is in the database does.
"""

import re
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from urllib.parse import urljoin

import pytest
import requests
from bs4 import BeautifulSoup

from tests.databases import BACKENDS
from tests.factories import PASSWORD
from tests.live_server import LiveServer, running_server

pytestmark = pytest.mark.live

SIGN_IN_ERROR = "Enter a correct email address and password"
MAX_FAILURES = 5  # SIGN_IN_MAX_FAILURES, left at its default
_CSRF_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


AUTHORITY = "luton"


@contextmanager
def server_with_authority(backend: str, tmp_path_factory, **options) -> Iterator[LiveServer]:
    with running_server(backend, tmp_path_factory, **options) as server:
        server.make("authority", slug=AUTHORITY, name="Luton")
        yield server


@pytest.fixture(scope="module", params=BACKENDS)
def live_server(request, tmp_path_factory):
    with server_with_authority(request.param, tmp_path_factory, workers=4) as server:
        yield server


@pytest.fixture(scope="module", params=BACKENDS)
def recycling_server(request, tmp_path_factory):
    # --preload: each replacement worker is forked from the loaded app (create_app opens no
    # database connection), which makes a new worker per request quick enough.
    options = ("--max-requests", "1", "--preload")
    with server_with_authority(request.param, tmp_path_factory, workers=4, gunicorn_options=options) as server:
        yield server


def new_email(who: str) -> str:
    return f"{who}-{uuid.uuid4().hex[:8]}@example.org"


def make_user(server: LiveServer, role: str = "practitioner") -> tuple[int, str]:
    email = new_email(role)
    return server.make("user", email=email, role=role, authorities=[AUTHORITY]), email


def post_form(browser: requests.Session, url: str, fields: dict) -> requests.Response:
    """Open the form's page for its CSRF token (and cookie), then post the form, as a browser would."""
    page = browser.get(url, allow_redirects=False)
    assert page.status_code == 200, f"GET {url} answered {page.status_code}"
    token = _CSRF_TOKEN.search(page.text).group(1)
    return browser.post(url, data={**fields, "csrf_token": token}, allow_redirects=False)


def attempt_sign_in(server: LiveServer, email: str, password: str) -> requests.Response:
    with requests.Session() as browser:
        return post_form(browser, f"{server.url}/sign-in", {"email": email, "password": password})


def signed_in(server: LiveServer, email: str) -> requests.Session:
    browser = requests.Session()
    response = post_form(browser, f"{server.url}/sign-in", {"email": email, "password": PASSWORD})
    assert response.status_code == 302, f"{email} could not sign in: {response.status_code}"
    return browser


def error_summary(response: requests.Response) -> str:
    summary = BeautifulSoup(response.text, "html.parser").select_one(".govuk-error-summary")
    return summary.get_text(" ", strip=True) if summary else ""


def workers_that_answered(server: LiveServer, since: int, request_line: str, count: int) -> set[int]:
    """The process ids of the workers that answered the ``count`` requests made since ``since``."""
    entries = server.requests_logged_since(since, request_line, count)
    assert len(entries) == count, f"expected {count} access-log entries for {request_line}, found {len(entries)}"
    return {entry.worker_pid for entry in entries}


# Sign-in throttling ----------------------------------------------------------------------


@pytest.mark.parametrize("account", ["existing account", "unknown email address"])
def test_repeated_failed_sign_ins_are_throttled_across_workers(recycling_server, account):
    server = recycling_server
    email = make_user(server)[1] if account == "existing account" else new_email("nobody")
    log_position = server.access_log_position()

    for attempt in range(1, MAX_FAILURES):
        response = attempt_sign_in(server, email, "not the password")
        assert response.status_code == 200, f"attempt {attempt}"
        assert SIGN_IN_ERROR in error_summary(response), f"attempt {attempt}"

    for attempt in range(MAX_FAILURES, MAX_FAILURES + 2):
        response = attempt_sign_in(server, email, "not the password")
        assert response.status_code == 429, f"attempt {attempt}"
        assert "Too many attempts to sign in" in response.text

    # Locked out: even the right password is refused, without saying whether it was right.
    response = attempt_sign_in(server, email, PASSWORD)
    assert response.status_code == 429
    attempts = MAX_FAILURES + 2
    assert len(workers_that_answered(server, log_position, "POST /sign-in HTTP/1.1", attempts)) == attempts


# Deactivation ----------------------------------------------------------------------------


def test_deactivated_users_open_session_stops_working_on_their_next_request(live_server):
    practitioner_id, practitioner_email = make_user(live_server)
    _, administrator_email = make_user(live_server, role="administrator")
    practitioner = signed_in(live_server, practitioner_email)
    administrator = signed_in(live_server, administrator_email)
    assert practitioner.get(f"{live_server.url}/young-people/", allow_redirects=False).status_code == 200

    deactivated = post_form(administrator, f"{live_server.url}/admin/users/{practitioner_id}/deactivate", {})
    assert deactivated.status_code == 302
    assert deactivated.headers["Location"].endswith("/admin/users")

    response = practitioner.get(f"{live_server.url}/young-people/", allow_redirects=False)
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]
    signed_out_page = practitioner.get(urljoin(live_server.url, response.headers["Location"]))
    assert "Your account is no longer active" in signed_out_page.text


# Many workers writing at once ------------------------------------------------------------

READERS = 8
VIEWS_EACH = 25


def test_simultaneous_record_views_are_all_served_and_audited(live_server):
    """Every view writes an audit entry and updates the session row: on SQLite, several workers
    doing that at once must queue for the write lock, never fail with "database is locked"."""
    _, email = make_user(live_server)
    record_id = live_server.make(
        "young_person", authority=AUTHORITY, first_name="Tyler", last_name="Oakhollow", date_of_birth="2009-11-02"
    )
    record_url = f"{live_server.url}/young-people/{record_id}"
    readers = [signed_in(live_server, email) for _ in range(READERS)]
    start_together = threading.Barrier(READERS)
    log_position = live_server.access_log_position()

    def view_repeatedly(browser: requests.Session) -> list[int]:
        start_together.wait()
        return [browser.get(record_url, allow_redirects=False).status_code for _ in range(VIEWS_EACH)]

    with ThreadPoolExecutor(READERS) as pool:
        statuses = Counter(status for result in pool.map(view_repeatedly, readers) for status in result)

    assert statuses == {200: READERS * VIEWS_EACH}, live_server.error_log_text()[-6000:]
    assert "OperationalError" not in live_server.error_log_text()
    view_request = f"GET /young-people/{record_id} HTTP/1.1"
    assert len(workers_that_answered(live_server, log_position, view_request, READERS * VIEWS_EACH)) > 1
    verified = live_server.flask("audit", "verify", check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    views = live_server.scalar(
        "SELECT count(*) FROM audit_event WHERE action = 'view' AND object_id = :record_id", record_id=record_id
    )
    assert views == READERS * VIEWS_EACH


def test_first_views_of_a_record_never_scored_store_one_current_result(live_server):
    """A record is scored when first viewed. Several workers viewing it for the first time at once
    must not each store a current result: one re-score of a young person at a time."""
    _, email = make_user(live_server)
    readers = [signed_in(live_server, email) for _ in range(live_server.workers)]
    warm_up = live_server.make(
        "young_person", authority=AUTHORITY, first_name="Warm", last_name="Up", date_of_birth="2010-01-01"
    )
    assert readers[0].get(f"{live_server.url}/young-people/{warm_up}").status_code == 200  # questionnaires copied in
    start_together = threading.Barrier(len(readers))

    def first_view(browser: requests.Session, url: str) -> int:
        start_together.wait()
        return browser.get(url, allow_redirects=False).status_code

    for n in range(5):
        record_id = live_server.make(
            "young_person", authority=AUTHORITY, first_name="First", last_name=f"View{n}", date_of_birth="2010-01-01"
        )
        url = f"{live_server.url}/young-people/{record_id}"
        with ThreadPoolExecutor(len(readers)) as pool:
            assert list(pool.map(first_view, readers, [url] * len(readers))) == [200] * len(readers)
    scored_twice = live_server.scalar(
        "SELECT count(*) FROM (SELECT young_person_id FROM risk_result WHERE is_current "
        "GROUP BY young_person_id HAVING count(*) > 1) AS twice"
    )
    assert scored_twice == 0


def test_starting_a_screening_twice_at_once_makes_one_draft(live_server):
    """A double click on "Start a screening" sends two posts at once, perhaps to two workers: one
    draft is made, and both answers lead to it."""
    _, email = make_user(live_server)
    browsers = [signed_in(live_server, email) for _ in range(live_server.workers)]
    for n in range(3):
        record_id = live_server.make(
            "young_person", authority=AUTHORITY, first_name="Double", last_name=f"Click{n}", date_of_birth="2010-01-01"
        )
        record = f"{live_server.url}/young-people/{record_id}"
        tokens = [_CSRF_TOKEN.search(browser.get(record).text).group(1) for browser in browsers]
        start_together = threading.Barrier(len(browsers))

        def start(
            browser: requests.Session, token: str, url: str = f"{record}/screenings", together=start_together
        ) -> requests.Response:
            together.wait()
            return browser.post(url, data={"csrf_token": token}, allow_redirects=False)

        with ThreadPoolExecutor(len(browsers)) as pool:
            responses = list(pool.map(start, browsers, tokens))
        assert [r.status_code for r in responses] == [302] * len(browsers)
        assert len({r.headers["Location"].split("?")[0] for r in responses}) == 1, "every click leads to one draft"
        drafts = live_server.scalar(
            "SELECT count(*) FROM screening WHERE young_person_id = :id AND status = 'draft'",
            id=record_id if live_server.backend == "postgresql" else uuid.UUID(record_id).hex,
        )
        assert drafts == 1


def test_saving_a_page_of_a_draft_twice_at_once_saves_both(live_server):
    """A double click on "Save and continue": both saves succeed (the draft's "last saved" time is
    set without its version check, so the second does not fail as a stale update)."""
    _, email = make_user(live_server)
    browsers = [signed_in(live_server, email) for _ in range(live_server.workers)]
    record_id = live_server.make(
        "young_person", authority=AUTHORITY, first_name="Double", last_name="Save", date_of_birth="2010-01-01"
    )
    record = f"{live_server.url}/young-people/{record_id}"
    token = _CSRF_TOKEN.search(browsers[0].get(record).text).group(1)
    draft = browsers[0].post(f"{record}/screenings", data={"csrf_token": token}, allow_redirects=False)
    section = urljoin(live_server.url, draft.headers["Location"]) + "/sections/missing_whereabouts"
    page = browsers[0].get(section).text
    names = sorted(set(re.findall(r'name="(item__[a-z_]+)" type="radio"', page)))
    assert names, "the page asks its questions"
    answers = dict.fromkeys(names, "not-known")
    assert post_form(browsers[0], section, answers).status_code == 302  # answered once: now each save updates
    for _ in range(3):
        tokens = [_CSRF_TOKEN.search(browser.get(section).text).group(1) for browser in browsers]
        together = threading.Barrier(len(browsers))

        def save(browser: requests.Session, token: str, together=together) -> int:
            together.wait()
            return browser.post(section, data={**answers, "csrf_token": token}, allow_redirects=False).status_code

        with ThreadPoolExecutor(len(browsers)) as pool:
            assert list(pool.map(save, browsers, tokens)) == [302] * len(browsers)


def test_the_workers_seal_every_entry_once_requests_pause(live_server):
    """Entries are recorded without waiting for the hash chain; each worker links waiting entries
    into it after a response, at most every AUDIT_SEAL_INTERVAL_SECONDS (0.5), so the first
    request after a pause leaves nothing waiting."""
    _, email = make_user(live_server)
    browser = signed_in(live_server, email)
    for _ in range(20):
        assert browser.get(f"{live_server.url}/young-people/", allow_redirects=False).status_code == 200
    time.sleep(1)
    assert browser.get(f"{live_server.url}/young-people/", allow_redirects=False).status_code == 200

    deadline = time.monotonic() + 10
    while (waiting := live_server.scalar("SELECT count(*) FROM audit_pending")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert waiting == 0
    assert live_server.scalar("SELECT count(*) FROM audit_seal") == live_server.scalar(
        "SELECT count(*) FROM audit_event"
    )
    verified = live_server.flask("audit", "verify")
    assert "entries checked. 0 entries waiting to be sealed." in verified.stdout


# Threaded workers ----------------------------------------------------------------------------


@pytest.fixture(scope="module", params=BACKENDS)
def one_worker_server(request, tmp_path_factory):
    with server_with_authority(request.param, tmp_path_factory, workers=1) as server:
        yield server


def test_a_summary_being_printed_does_not_hold_up_pages_served_by_the_same_worker(one_worker_server):
    """gunicorn.conf.py serves with threaded workers: while one person's summary PDF is printed (the
    first print also starts the render processes, so it takes a second or more), another person's
    record page is answered by the same, only, worker without waiting for the print to finish."""
    server = one_worker_server
    _, email = make_user(server)
    record_id = server.make(
        "young_person", authority=AUTHORITY, first_name="Ayo", last_name="Brightwater", date_of_birth="2010-03-04"
    )
    printer, reader = signed_in(server, email), signed_in(server, email)
    record_url = f"{server.url}/young-people/{record_id}"
    assert reader.get(record_url).status_code == 200  # scored and kept before the race
    finished: dict[str, float] = {}

    def print_summary() -> int:
        response = printer.get(f"{record_url}/summary.pdf")
        finished["summary"] = time.monotonic()
        return response.status_code

    with ThreadPoolExecutor(1) as pool:
        summary = pool.submit(print_summary)
        time.sleep(0.2)  # the summary request is in the worker
        page = reader.get(record_url)
        finished["page"] = time.monotonic()
        assert summary.result(timeout=120) == 200

    printer.close()  # an open keep-alive connection would hold up the server's graceful stop
    reader.close()
    assert page.status_code == 200
    assert finished["page"] < finished["summary"], "the record page waited for the summary to be printed"
