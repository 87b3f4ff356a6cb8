"""The load client: one process, one asyncio loop, one ``Browser`` (cookie jar) per virtual user.

``python -m bench.load.client`` reads a plan as JSON on stdin (the server's address, the demo
sign-ins, the phases) and prints what it measured as JSON on stdout; progress goes to stderr.
`make load` (bench/load/run.py) runs it once per server, so its processor time is its own.

Against riskapp, every virtual user signs in once through the sign-in form, with its own session,
and finds on its caseload the young people it may see; it only ever asks for those. Each phase
then runs for a warm-up (not counted) and a measured window. A request counts if it ends inside the
window; users stop starting requests when the window ends. Any status other than the expected one,
a connection that fails, a body saying "database is locked", or a page without what it should show
is an error, and its time still counts in the percentiles.
"""

import asyncio
import json
import random
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from bench.load import machine, pages
from bench.load.http import Browser, Response, ResponseError
from bench.load.report import error_counts, figures

LOCKED = b"database is locked"

# The realistic mix: (action, weight). Saving a note is three requests (the form, the POST, the
# chronology it redirects to), so the summary PDF is about 3% of requests.
MIX = [
    ("caseload", 15),
    ("record", 25),
    ("risk", 15),
    ("chronology", 14),
    ("screening", 12),
    ("save note", 15),
    ("summary PDF", 4),
]


@dataclass
class Recorder:
    """The requests of one phase that end inside its measured window."""

    window_start: float = float("inf")
    window_end: float = float("inf")
    kinds: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)

    def add(self, kind: str, started: float, ended: float, outcome: str) -> None:
        if self.window_start <= ended <= self.window_end:
            self.kinds.append(kind)
            self.latencies.append(ended - started)
            self.outcomes.append(outcome)


@dataclass
class VirtualUser:
    index: int
    browser: Browser
    young_people: list[str] = field(default_factory=list)
    screenings: list[str] = field(default_factory=list)
    rng: random.Random = field(default_factory=random.Random)
    turn: int = 0
    notes_saved: int = 0

    def next_young_person(self) -> str:
        self.turn += 1
        return self.young_people[(self.index + self.turn) % len(self.young_people)]


# How the report lists the mix's requests.
REQUEST_KINDS = ["caseload", "record", "risk", "chronology", "screening", "note form", "note save",
                 "chronology after save", "summary PDF"]  # fmt: skip


def _kind_order(kind: str) -> int:
    return REQUEST_KINDS.index(kind) if kind in REQUEST_KINDS else len(REQUEST_KINDS)


Check = Callable[[Response], str | None]  # a problem with the response, or None


async def timed(
    user: VirtualUser, recorder: Recorder, kind: str, path: str, *, form: dict | None = None,
    expect: int = 200, check: Check | None = None,
) -> Response | None:  # fmt: skip
    """Make one request and record it; the response if it was as expected, else None."""
    started = time.perf_counter()
    try:
        response = await user.browser.request("POST" if form is not None else "GET", path, form)
    except TimeoutError:
        recorder.add(kind, started, time.perf_counter(), "timeout")
        return None
    except (OSError, ResponseError) as error:
        recorder.add(kind, started, time.perf_counter(), f"connection: {type(error).__name__}")
        return None
    ended = time.perf_counter()
    if LOCKED in response.body:
        outcome = "database is locked"
    elif response.status != expect:
        outcome = f"status {response.status}"
    else:
        outcome = (check and check(response)) or "ok"
    recorder.add(kind, started, ended, outcome)
    return response if outcome == "ok" else None


# What a virtual user does ----------------------------------------------------------------------


async def bare_page(user: VirtualUser, recorder: Recorder) -> None:
    await timed(user, recorder, "bare page", "/")


async def record_page(user: VirtualUser, recorder: Recorder) -> None:
    await timed(user, recorder, "record", f"/young-people/{user.next_young_person()}")


async def _page_of(user: VirtualUser, recorder: Recorder, kind: str, suffix: str) -> None:
    await timed(user, recorder, kind, f"/young-people/{user.next_young_person()}{suffix}")


async def _screening(user: VirtualUser, recorder: Recorder) -> None:
    if not user.screenings:
        await record_page(user, recorder)
        return
    await timed(user, recorder, "screening", f"/screenings/{user.rng.choice(user.screenings)}")


def _pdf(response: Response) -> str | None:
    return None if response.body.startswith(b"%PDF") else "not a PDF"


async def _summary_pdf(user: VirtualUser, recorder: Recorder) -> None:
    await timed(user, recorder, "summary PDF", f"/young-people/{user.next_young_person()}/summary.pdf", check=_pdf)


async def save_note(user: VirtualUser, recorder: Recorder) -> None:
    """Open the add-a-note form, post it (where the form says) with its own hidden fields (its CSRF
    token, and any once-only token it may carry), and see the note on the chronology it redirects
    to."""
    form_path = f"/young-people/{user.next_young_person()}/notes/new"

    def has_token(response: Response) -> str | None:
        return None if "csrf_token" in pages.hidden_fields(response.text, "text") else "no CSRF token in the form"

    form_page = await timed(user, recorder, "note form", form_path, check=has_token)
    if form_page is None:
        return
    user.notes_saved += 1
    text = f"Load test note {user.index}-{user.notes_saved}: seen with a new phone"
    noted_on = (datetime.now(UTC) - timedelta(days=1)).date()
    form = {
        **pages.hidden_fields(form_page.text, "text"),
        "noted_on-day": str(noted_on.day), "noted_on-month": str(noted_on.month), "noted_on-year": str(noted_on.year),
        "text": text, "evidence_of": "",
    }  # fmt: skip

    def to_chronology(response: Response) -> str | None:
        sent_to = urlsplit(response.header("location") or "").path
        return None if sent_to.endswith("/chronology") else "not sent to the chronology"

    post_to = pages.form_action(form_page.text, "text") or form_path
    saved = await timed(user, recorder, "note save", post_to, form=form, expect=302, check=to_chronology)
    if saved is None:
        return

    def shows_note(response: Response) -> str | None:
        return None if text in response.text else "saved note not on the chronology"

    await timed(user, recorder, "chronology after save", urlsplit(saved.header("location")).path, check=shows_note)


ACTIONS: dict[str, Callable[[VirtualUser, Recorder], Awaitable[None]]] = {
    "caseload": lambda user, recorder: timed(user, recorder, "caseload", "/dashboard"),
    "record": record_page,
    "risk": lambda user, recorder: _page_of(user, recorder, "risk", "/risk"),
    "chronology": lambda user, recorder: _page_of(user, recorder, "chronology", "/chronology"),
    "screening": _screening,
    "save note": save_note,
    "summary PDF": _summary_pdf,
}


async def mix(user: VirtualUser, recorder: Recorder) -> None:
    action = user.rng.choices([name for name, _ in MIX], weights=[weight for _, weight in MIX])[0]
    await ACTIONS[action](user, recorder)


SCENARIOS = {"bare": bare_page, "record": record_page, "mix": mix}


# Signing in and finding the young people -------------------------------------------------------


class SetUpFailed(Exception):
    pass


async def sign_in(browser: Browser, login: dict) -> None:
    page = await browser.get("/sign-in")
    token = pages.csrf_token(page.text)
    if page.status != 200 or not token:
        raise SetUpFailed(f"GET /sign-in answered {page.status} without a CSRF token")
    answer = await browser.post(
        "/sign-in", {"csrf_token": token, "email": login["email"], "password": login["password"]}
    )
    if answer.status != 302 or "sign-in" in (answer.header("location") or ""):
        raise SetUpFailed(f"signing in {login['email']} answered {answer.status} (expected a redirect home)")


async def find_young_people(user: VirtualUser) -> None:
    caseload = await user.browser.get("/dashboard")
    user.young_people = pages.young_person_ids(caseload.text)
    if caseload.status != 200 or not user.young_people:
        raise SetUpFailed(f"user {user.index}'s caseload answered {caseload.status} with no young people")


async def prepare_app_users(plan: dict) -> tuple[list[VirtualUser], dict]:
    """Sign every virtual user in (each with its own session) and learn the young people each may
    see, the screenings of each, and the size of each record page."""
    users = [_user(plan, index) for index in range(plan["users"])]
    logins = plan["logins"]
    await asyncio.gather(*(sign_in(user.browser, logins[user.index % len(logins)]) for user in users))
    await asyncio.gather(*(find_young_people(user) for user in users))
    record_bytes, screenings = {}, {}
    for user in users:
        for young_person in user.young_people:
            if young_person not in record_bytes:
                record = await user.browser.get(f"/young-people/{young_person}")
                if record.status != 200:
                    raise SetUpFailed(f"the record of {young_person} answered {record.status}")
                record_bytes[young_person] = len(record.body)
                screenings[young_person] = pages.screening_ids(record.text)
        user.screenings = [screening for person in user.young_people for screening in screenings[person]]
    # The record phase asks each user for its young people in turn: the mean page it is sent.
    expected = sum(sum(record_bytes[p] for p in u.young_people) / len(u.young_people) for u in users) / len(users)
    return users, {
        "accounts": len({user.index % len(logins) for user in users}),
        "sessions": len(users),
        "young_people": len(record_bytes),
        "record_page_bytes": round(expected),
        "record_page_bytes_min": min(record_bytes.values()),
        "record_page_bytes_max": max(record_bytes.values()),
    }


def _user(plan: dict, index: int) -> VirtualUser:
    address = urlsplit(plan["url"])
    browser = Browser(address.hostname, address.port, timeout=plan["timeout"])
    return VirtualUser(index, browser, rng=random.Random(plan["seed"] * 1000 + index))


# Phases --------------------------------------------------------------------------------------


async def run_phase(users: list[VirtualUser], phase: dict, plan: dict) -> dict:
    scenario = SCENARIOS[phase["scenario"]]
    chosen = users[: phase["users"]]
    recorder = Recorder()
    start = time.perf_counter()
    recorder.window_start, recorder.window_end = start + plan["warmup"], start + plan["warmup"] + plan["seconds"]
    readings: dict[str, machine.Reading] = {}

    async def read_at(moment: float, name: str) -> None:
        await asyncio.sleep(moment - time.perf_counter())
        readings[name] = machine.read(plan.get("server_pid"))

    async def drive(user: VirtualUser) -> None:
        while time.perf_counter() < recorder.window_end:
            await scenario(user, recorder)

    notes_before = sum(user.notes_saved for user in chosen)
    await asyncio.gather(
        read_at(recorder.window_start, "start"), read_at(recorder.window_end, "end"), *(drive(user) for user in chosen)
    )
    used = readings["end"].since(readings["start"])
    counted = figures(recorder.latencies, sum(o != "ok" for o in recorder.outcomes), plan["seconds"])
    by_kind = {
        kind: figures(
            [latency for k, latency in zip(recorder.kinds, recorder.latencies, strict=True) if k == kind],
            sum(k == kind and o != "ok" for k, o in zip(recorder.kinds, recorder.outcomes, strict=True)),
            plan["seconds"],
        ).as_dict()
        for kind in sorted(set(recorder.kinds), key=_kind_order)
    }
    return {
        **phase,
        "seconds": plan["seconds"],
        "warmup_seconds": plan["warmup"],
        "figures": counted.as_dict(),
        "kinds": by_kind,
        "errors_by_kind": error_counts(recorder.outcomes),
        "notes_started": sum(user.notes_saved for user in chosen) - notes_before,
        "load_1m": machine.load_1m(),
        "client_cpu_s": round(used.client_cpu_s, 3),
        "client_cpu_cores": used.client_cpu_s / plan["seconds"],
        "client_cpu_ms_per_request": 1000 * used.client_cpu_s / counted.requests if counted.requests else None,
        "server_cpu_cores": used.server_cpu_s / plan["seconds"],
        "machine_busy_cores": used.machine_busy_s / plan["seconds"],
        "machine_cores": round(used.machine_total_s / plan["seconds"]),
    }


async def run(plan: dict) -> dict:
    if plan["target"] == "app":
        users, discovery = await prepare_app_users(plan)
    else:
        users, discovery = [_user(plan, index) for index in range(plan["users"])], {}
    results = []
    for phase in plan["phases"]:
        print(
            f"    {phase['name']}, {phase['users']} user(s): {plan['warmup']} s + {plan['seconds']} s", file=sys.stderr
        )
        results.append(await run_phase(users, phase, plan))
        figures_ = results[-1]["figures"]
        print(f"      {figures_['per_second']:.1f} req/s, {figures_['errors']} errors", file=sys.stderr)
    return {"discovery": discovery, "phases": results}


def main() -> None:
    plan = json.load(sys.stdin)
    try:
        outcome = asyncio.run(run(plan))
    except SetUpFailed as failure:
        sys.exit(f"load client: {failure}")
    json.dump(outcome, sys.stdout)


if __name__ == "__main__":
    main()
