"""Panel packs made outside the request, as in production: on a thread of a gunicorn worker (the
embedded default, no Redis) and on RQ render workers over the Redis at REDIS_URL.

The person asking leaves the request at once and follows progress on the pack's page; the pack
is then downloaded and read back. Each runs on SQLite and on PostgreSQL, against the demo data.
"""

import io
import json
import time
import uuid

import pypdf
import pytest

from tests.databases import BACKENDS
from tests.integration.test_live_workers import post_form, signed_in
from tests.live_server import LiveServer

pytestmark = pytest.mark.live

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture(params=BACKENDS)
def server_for(request, tmp_path_factory):
    servers = []

    def start(**settings) -> LiveServer:
        server = LiveServer(request.param, tmp_path_factory.mktemp(f"packs-{request.param}"), workers=2)
        server.env.update(settings)
        servers.append(server)
        server.start()
        server.demo_data()
        return server

    yield start
    for server in servers:
        server.stop()
        server.database.drop()


def ask_for_pack(server: LiveServer) -> tuple:
    email = f"panel-{uuid.uuid4().hex[:8]}@example.org"
    server.make("user", email=email, role="practitioner", authorities=["central-bedfordshire"])
    browser = signed_in(server, email)
    authority_id = server.scalar("SELECT id FROM local_authority WHERE slug = 'central-bedfordshire'")
    fields = {"title": "Panel pack", "authority_id": authority_id, "flag": ""}
    asked = post_form(browser, f"{server.url}/panel-packs/new", fields)
    assert asked.status_code == 302, asked.text
    return browser, server.url + asked.headers["Location"]


def follow_progress(browser, pack_url: str, timeout: float = 120) -> list[dict]:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = browser.get(f"{pack_url}/progress").json()
        if not seen or state != seen[-1]:
            seen.append(state)
        if state["status"] not in ("queued", "running"):
            return seen
        time.sleep(0.2)
    raise AssertionError(f"the pack was not made within {timeout}s: {seen}")


def read_pack(browser, pack_url: str) -> list[str]:
    response = browser.get(f"{pack_url}/pack.pdf")
    assert response.headers["Content-Type"] == "application/pdf"
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages]


def test_a_pack_is_made_on_a_thread_of_the_web_app_without_redis(server_for):
    server = server_for(PANEL_PACK_BACKEND="", REDIS_URL="")
    browser, pack_url = ask_for_pack(server)
    seen = follow_progress(browser, pack_url)
    assert seen[-1]["status"] == "done", seen
    assert any(state["done"] < state["total"] for state in seen), "progress was visible before the end"
    pages = read_pack(browser, pack_url)
    assert "Kayla Brightwater" in pages[0] and len(pages) > 10
    assert server.scalar("SELECT backend FROM panel_pack") == "in-process"
    assert server.scalar("SELECT count(*) FROM panel_pack_section") == 0, "sections are dropped once the pack is made"


def test_a_pack_is_made_by_rq_render_workers(server_for):
    queue = f"riskapp-test-{uuid.uuid4().hex[:8]}"
    server = server_for(PANEL_PACK_BACKEND="", REDIS_URL=REDIS_URL, PANEL_PACK_QUEUE=queue)
    browser, pack_url = ask_for_pack(server)
    waiting = browser.get(f"{pack_url}/progress").json()
    assert waiting["status"] == "queued" and waiting["done"] == 0, "nothing runs until a worker takes the jobs"

    worker = server.flask("render-worker", "--burst")
    log = worker.stdout + worker.stderr
    assert log.count("Job OK") == waiting["total"] + 1, log[-2000:]
    seen = follow_progress(browser, pack_url, timeout=10)
    assert seen[-1]["status"] == "done", seen
    pages = read_pack(browser, pack_url)
    assert "Kayla Brightwater" in pages[0] and len(pages) > 10
    assert server.scalar("SELECT backend FROM panel_pack") == "rq"
    exports = server.scalar("SELECT count(*) FROM audit_event WHERE action = 'export' AND object_type = 'young_person'")
    assert exports == waiting["total"]
    assert json.loads(server.scalar("SELECT details FROM audit_event WHERE action = 'request-export'"))["young_people"]
