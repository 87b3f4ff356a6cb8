"""Benchmark: the caseload dashboard with 10,000 young people and 200,000 missing episodes, on
SQLite and PostgreSQL. Prints the median and 95th percentile time per page and the number of
queries per page (which must not grow with the page's contents).

Run with `make bench` (or `python bench/bench_dashboard.py [sqlite|postgresql]`).
"""

import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import flask_migrate  # noqa: E402
from sqlalchemy import event, insert, text  # noqa: E402

from riskapp import create_app  # noqa: E402
from riskapp.data import revisions  # noqa: E402
from riskapp.extensions import db  # noqa: E402
from riskapp.models import MissingEpisode, RiskResult, RiskResultAgency, RiskResultFlag, YoungPerson  # noqa: E402
from tests.databases import ScratchDatabase  # noqa: E402
from tests.factories import PASSWORD, Factories  # noqa: E402

YOUNG_PEOPLE, EPISODES, BATCH = 10_000, 200_000, 5_000
BANDS = ["low", "medium", "high", "very-high"]
FLAGS = ["classification-challenge", "plan-not-reviewed", "coverage-gap", "risk-to-others"]


def _new_rows(model):
    """A bulk insert of new young people and their rows: no page about them is kept yet, so no
    revision to move on (riskapp.data.revisions refuses a bulk change that does not say so)."""
    return revisions.touching(insert(model))


def _batches(rows):
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def populate(authority_ids: list[int], author_id: int, agency_id: int) -> None:
    rng = random.Random(7)
    now = datetime.now(UTC)
    people = [
        {
            "id": uuid.uuid4(), "first_name": f"Bench{n}", "last_name": f"Person{n}", "preferred_name": "", "aliases": "",
            "date_of_birth": (now - timedelta(days=rng.randint(11 * 365, 17 * 365))).date(), "sex": rng.choice(["female", "male"]),
            "gender_identity": "", "sexual_orientation": "", "ethnicity": "", "learning_disability": "no", "disability_details": "",
            "legal_status": "none", "placement": "", "school": "", "local_id": f"B{n}", "nhs_number": "",
            "responsible_authority_id": authority_ids[n % len(authority_ids)], "is_demo": True, "version": 1,
            "created_at": now, "updated_at": now,
        }
        for n in range(YOUNG_PEOPLE)
    ]  # fmt: skip
    for batch in _batches(people):
        db.session.execute(_new_rows(YoungPerson), batch)
    episodes = []
    for n in range(EPISODES):
        reported = now - timedelta(days=rng.randint(0, 3 * 365), hours=rng.randint(0, 23))
        episodes.append(
            {
                "id": uuid.uuid4(), "young_person_id": people[n % YOUNG_PEOPLE]["id"], "agency_id": agency_id, "author_id": author_id,
                "missing_from": "home", "reported_at": reported, "returned_at": reported + timedelta(hours=6),
                "police_classification": "missing", "police_classification_label": "Missing", "police_risk_grade": "",
                "police_risk_grade_label": "", "classified_low": False, "found_location": "", "found_with": "", "vehicle": "",
                "out_of_area": "no", "return_interview": "done", "return_interview_at": None, "return_interview_by": "",
                "return_interview_findings": "", "version": 1, "created_at": now, "updated_at": now,
            }
        )  # fmt: skip
    for batch in _batches(episodes):
        db.session.execute(_new_rows(MissingEpisode), batch)
    results = []
    for person in people:
        band = rng.choice(BANDS)
        results.append(
            {
                "young_person_id": person["id"], "authority_id": person["responsible_authority_id"], "is_current": True,
                "computed_at": now, "band": band, "computed_band": band, "score": rng.randint(0, 30), "latest_only_band": "low",
                "risk_to_others_band": "low", "highest_band": band, "trend": rng.choice(["up", "down", "same"]),
                "priority": BANDS.index(band) * 1000 + rng.randint(0, 300),
                "last_episode_at": now - timedelta(days=rng.randint(0, 90)), "next_review_due": None, "explanation": "{}",
                "rules_version": "bench", "engine_version": "bench", "inputs_hash": "0" * 64,
            }
        )  # fmt: skip
    for batch in _batches(results):
        db.session.execute(_new_rows(RiskResult), batch)
    ids = [row[0] for row in db.session.execute(db.select(RiskResult.id))]
    flags = [{"result_id": rid, "kind": rng.choice(FLAGS)} for rid in ids if rng.random() < 0.3]
    agencies = [{"result_id": rid, "agency": "police"} for rid in ids]
    for batch in _batches(flags):
        db.session.execute(_new_rows(RiskResultFlag), batch)
    for batch in _batches(agencies):
        db.session.execute(_new_rows(RiskResultAgency), batch)
    db.session.commit()
    # Statistics as a running system has them (autovacuum's ANALYZE): a bulk load has none yet.
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def measure(backend: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        scratch = ScratchDatabase(backend, Path(directory), prefix="riskapp_bench")
        try:
            app = create_app({"SQLALCHEMY_DATABASE_URI": scratch.url, "TESTING": False})
            with app.app_context():
                flask_migrate.upgrade(directory=app.extensions["migrate"].directory)
                make = Factories(db.session)
                authorities = [make.authority(f"bench-{n}", f"Bench {n}") for n in range(3)]
                user = make.user(role="manager", authorities=authorities, email="bench@example.org")
                db.session.commit()
                started = time.perf_counter()
                populate([a.id for a in authorities], user.id, user.agency_id)
                print(
                    f"  {backend}: loaded {YOUNG_PEOPLE:,} young people and {EPISODES:,} episodes in {time.perf_counter() - started:.1f} s"
                )
                queries = []
                event.listen(db.engine, "before_cursor_execute", lambda *args: queries.append(1))
            client = app.test_client()
            token = re.search(
                r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/sign-in").get_data(as_text=True)
            )
            client.post(
                "/sign-in", data={"email": "bench@example.org", "password": PASSWORD, "csrf_token": token.group(1)}
            )
            for path in (
                "/dashboard",
                "/dashboard?page=40",
                "/dashboard?band=high",
                "/dashboard?flag=plan-not-reviewed&page=3",
            ):
                timings, counts = [], []
                for _ in range(40):
                    queries.clear()
                    start = time.perf_counter()
                    response = client.get(path)
                    timings.append((time.perf_counter() - start) * 1000)
                    counts.append(len(queries))
                    assert response.status_code == 200, response.status_code
                timings.sort()
                print(
                    f"  {backend:<10} {path:<42} median {statistics.median(timings):6.1f} ms  "
                    f"p95 {timings[int(len(timings) * 0.95) - 1]:6.1f} ms  queries/page {max(counts)}"
                )
            with app.app_context():
                db.engine.dispose()
        finally:
            scratch.drop()


def main() -> None:
    backends = sys.argv[1:] or ["sqlite", "postgresql"]
    print(
        f"Caseload dashboard, {YOUNG_PEOPLE:,} young people, {EPISODES:,} missing episodes (whole request, test client)"
    )
    for backend in backends:
        measure(backend)


if __name__ == "__main__":
    main()
