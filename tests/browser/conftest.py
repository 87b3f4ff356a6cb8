"""Browser fixtures: Debian's chromium driven by Playwright against a live gunicorn server.

- ``live_server``: the real app under gunicorn with two workers, once on SQLite and once on
  PostgreSQL (so every browser test runs on both).
- ``people``: the users and the young person the journeys start from, made once per server.
- ``casework``: a CSE coordinator and one young person for each casework journey, made once per
  server (each journey works on its own young person, so the journeys do not depend on each other).
- ``tab``: a fresh browser context and page for each test. ``tab.arrive_at(heading)`` must be
  called after every page load: it checks the <h1>, saves a screenshot to test-artifacts/ and
  runs an axe scan; at the end of the test, every page that loaded must have been checked.
  The screenshot and the scan are of the markup, which the templates make the same way whichever
  database holds the data, so they are taken on the first backend of the run only (SQLite, unless
  ``RISKAPP_TEST_DATABASES`` names another first); on the second the <h1> is still checked.

These tests never skip. Without chromium they fail, saying how to install it.
"""

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.browser.axe import assert_accessible
from tests.databases import BACKENDS
from tests.live_server import REPO_ROOT, running_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = REPO_ROOT / "test-artifacts"
# Every wait is for an event or a state (a page loaded, a download started, a heading visible) and
# ends as soon as it happens; the limit only says when to give up. Generous, so that a busy machine
# (the suite runs on every core) makes a journey slower, never a failure.
WAIT_MS = 60_000
expect.set_options(timeout=WAIT_MS)
AUTHORITY = ("central-bedfordshire", "Central Bedfordshire")


@pytest.fixture(scope="session", params=BACKENDS)
def live_server(request, tmp_path_factory):
    with running_server(request.param, tmp_path_factory, workers=2) as server:
        yield server


@dataclass(frozen=True)
class People:
    practitioner_email: str
    manager_email: str
    young_person_name: str
    authority_name: str
    manager_name: str = "Morgan Reid"


@pytest.fixture(scope="session")
def people(live_server) -> People:
    slug, name = AUTHORITY
    live_server.make("authority", slug=slug, name=name)
    accounts = {}
    for role, full_name in (("practitioner", "Priya Patel"), ("manager", People.manager_name)):
        accounts[role] = f"{role}@{slug}.example.org"
        live_server.make("user", email=accounts[role], role=role, full_name=full_name, authorities=[slug])
    live_server.make(
        "young_person", authority=slug, first_name="Kayla", last_name="Brightwater", date_of_birth="2010-05-14"
    )
    return People(accounts["practitioner"], accounts["manager"], "Kayla Brightwater", name)


@dataclass(frozen=True)
class Casework:
    coordinator_email: str
    screened: str  # a practitioner screens them
    went_missing: str  # a practitioner records their missing episode
    assaulted: str  # a practitioner records an incident; a manager finds them on the caseload


@pytest.fixture(scope="session")
def casework(live_server, people) -> Casework:
    slug, _ = AUTHORITY
    coordinator_email = f"cse-coordinator@{slug}.example.org"
    live_server.make(
        "user", email=coordinator_email, role="cse-coordinator", full_name="Chris Okafor", authorities=[slug]
    )
    names = {"screened": ("Tyler", "Ashgrove"), "went_missing": ("Mia", "Calloway"), "assaulted": ("Reece", "Dunmore")}
    for first_name, last_name in names.values():
        live_server.make(
            "young_person", authority=slug, first_name=first_name, last_name=last_name, date_of_birth="2009-11-03"
        )
    return Casework(coordinator_email, **{key: " ".join(name) for key, name in names.items()})


@pytest.fixture(scope="session")
def chromium() -> Browser:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (installs Debian's chromium) and run again")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class BrowserTab:
    """One test's page, counting the documents it loads and the ones the test has checked."""

    def __init__(self, page: Page, artifacts: Path, *, review: bool = True):
        self.page = page
        self.artifacts = artifacts
        self.review = review  # screenshot and axe scan each page
        self.loaded = 0
        self.checked = 0
        page.on("load", self._count_load)

    def _count_load(self, _page: Page) -> None:
        self.loaded += 1

    def arrive_at(self, heading: str) -> None:
        self.page.wait_for_load_state()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(heading)
        self.checked += 1
        if not self.review:
            return
        slug = re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")
        self.page.screenshot(path=self.artifacts / f"{self.checked:02d}-{slug}.png", full_page=True)
        assert_accessible(self.page)


@pytest.fixture
def tab(request, chromium: Browser, live_server) -> BrowserTab:
    context = chromium.new_context(base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(WAIT_MS)
    artifacts = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")
    shutil.rmtree(artifacts, ignore_errors=True)
    artifacts.mkdir(parents=True)
    browser_tab = BrowserTab(context.new_page(), artifacts, review=live_server.backend == BACKENDS[0])
    try:
        yield browser_tab
        assert browser_tab.loaded == browser_tab.checked, (
            f"{browser_tab.loaded} pages loaded but only {browser_tab.checked} were checked with arrive_at"
        )
    finally:
        context.close()
