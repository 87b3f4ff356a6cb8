"""Benchmark: a 50-person panel pack against bare WeasyPrint rendering of the same 50 documents in
two processes, in the same run. Target (issue 5): the pack within 1.2 x the bare rendering.

Measured three ways:
- bare: the 50 summaries' HTML (made beforehand) rendered by WeasyPrint in a pool of two processes;
- in-process: the embedded default (no Redis): data, templates, the bounded render pool (one
  process per core), the contents page and putting the pack together, as `flask panel-pack` does;
- rq: the same pack as jobs on RQ, run by two `flask --app riskapp render-worker` processes started
  beforehand (as in production), timed from the request until the pack is done.

Run with `make bench` (or `python bench/bench_panel_pack.py [PEOPLE]`). Needs Redis on 127.0.0.1:6379
for the RQ figure (skipped, and said so, without it).
"""

import io
import os
import subprocess
import sys
import tempfile
import time
import uuid
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import flask_migrate  # noqa: E402
import pypdf  # noqa: E402
from redis import Redis  # noqa: E402
from weasyprint import HTML  # noqa: E402

from bench.history import add_history  # noqa: E402
from riskapp import create_app  # noqa: E402
from riskapp.data import packs as pack_data  # noqa: E402
from riskapp.data.organisations import get_authority_by_slug  # noqa: E402
from riskapp.extensions import db  # noqa: E402
from riskapp.meetings.forms import MEETING_TYPES  # noqa: E402
from riskapp.packs import queue, service  # noqa: E402
from riskapp.reports.bounded import configured_limits, pool_for  # noqa: E402
from riskapp.reports.context import summary_context  # noqa: E402
from riskapp.reports.inputs import load_summary_inputs, reader_may_name  # noqa: E402
from riskapp.reports.print_templates import STATIC_DIR, print_html  # noqa: E402
from riskapp.risk import service as risk_service  # noqa: E402
from tests.factories import Factories  # noqa: E402

PEOPLE = int(sys.argv[1]) if len(sys.argv) > 1 else 50
REDIS_URL = "redis://127.0.0.1:6379/0"


def _bare(html: str) -> bytes:
    return HTML(string=html, base_url=STATIC_DIR.as_uri() + "/").write_pdf()


def make_people(app) -> None:
    with app.app_context():
        flask_migrate.upgrade(directory=app.extensions["migrate"].directory)
        make = Factories(db.session)
        area = make.authority("bench", "Bench")
        user = make.user(role="practitioner", authorities=[area], email="bench@example.org")
        for n in range(PEOPLE):
            person = make.young_person(area, first_name=f"Bench{n}", last_name="Person")
            add_history(make, person, user, episodes=40)
            risk_service.rescore(person)
        db.session.commit()


def ask(app, backend: str) -> uuid.UUID:
    authority = get_authority_by_slug("bench")
    choice = service.choose(authority)
    pack = service.request_pack(None, authority, choice.young_people, "Bench pack", choice.selection, backend)
    db.session.commit()
    return pack.id


def pack_pages(app, pack_id) -> int:
    with app.app_context():
        pack = pack_data.get_pack(pack_id)
        assert pack.status == "done", pack.error
        return pack.pages


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{directory}/bench.sqlite3"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": False, "PANEL_PACK_BACKEND": "in-process"})
        print(f"Making {PEOPLE} young people with a year of history each...", flush=True)
        make_people(app)

        with app.app_context():
            htmls = []
            for person in pack_data.young_people_in(get_authority_by_slug("bench").id):
                inputs = load_summary_inputs(person, may_name=reader_may_name(None))
                context = summary_context(inputs, generated_by="bench")
                htmls.append(print_html("reports/summary.html", meeting_types=dict(MEETING_TYPES), **context))
            db.session.commit()

        # Bare WeasyPrint in two processes (started and warmed before the clock starts).
        with get_context("forkserver").Pool(2) as bare_pool:
            bare_pool.map(_bare, ["<p>warm</p>"] * 2)
            start = time.perf_counter()
            bare_pdfs = bare_pool.map(_bare, htmls, chunksize=1)
            bare = time.perf_counter() - start
        bare_pages = sum(len(pypdf.PdfReader(io.BytesIO(pdf)).pages) for pdf in bare_pdfs)

        # In-process: the embedded default, render pool warmed first.
        with app.app_context():
            pool = pool_for(configured_limits(app.config))
            list(pool.render_many(["<p>warm</p>"] * pool.limits.processes))
            pack_id = ask(app, "in-process")
            start = time.perf_counter()
            queue.run_in_process(pack_id)
            in_process = time.perf_counter() - start
        in_process_pages = pack_pages(app, pack_id)

        print(f"Panel pack of {PEOPLE} summaries ({bare_pages} pages of summaries), 2 cores, same run, same data")
        print(f"  bare WeasyPrint, 2 processes:      {bare:7.1f} s")
        print(f"  pack, in-process (no Redis):       {in_process:7.1f} s  ({in_process_pages} pages with contents)")
        print(f"  ratio: {in_process / bare:.2f} x (target 1.2 x)", flush=True)

        rq_seconds = run_on_rq(app, url)
        if rq_seconds is not None:
            print(f"  pack, RQ with 2 render workers:    {rq_seconds:7.1f} s")
            print(f"  ratio: {rq_seconds / bare:.2f} x (target 1.2 x)")


def run_on_rq(app, url: str) -> float | None:
    try:
        Redis.from_url(REDIS_URL).ping()
    except Exception:
        print("  RQ: no Redis at 127.0.0.1:6379, not measured")
        return None
    queue_name = f"riskapp-bench-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": REDIS_URL, "PANEL_PACK_QUEUE": queue_name,
           "SECRET_KEY": "bench-only", "RISKAPP_CONFIG": "development"}  # fmt: skip
    # BENCH_LOG_DIR=... keeps each worker's log (RQ prints how long every job took).
    log_dir = Path(os.environ.get("BENCH_LOG_DIR") or tempfile.mkdtemp())
    workers = [
        subprocess.Popen(  # noqa: S603 - our own flask command
            [str(ROOT / ".venv/bin/flask"), "--app", "riskapp", "render-worker"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        for log in (open(log_dir / f"worker-{n}.log", "w") for n in range(2))
    ]
    try:
        time.sleep(5)  # the workers import WeasyPrint and print a page to warm up
        rq_app = create_app(
            {"SQLALCHEMY_DATABASE_URI": url, "TESTING": False, "REDIS_URL": REDIS_URL,
             "PANEL_PACK_QUEUE": queue_name, "PANEL_PACK_BACKEND": "rq"}
        )  # fmt: skip
        with rq_app.app_context():
            start = time.perf_counter()
            pack_id = ask(rq_app, "rq")
            queue.start(pack_id)
            while True:
                status = pack_data.get_pack(pack_id).status
                db.session.rollback()  # never hold SQLite's write lock while the workers need it
                if status not in ("queued", "running"):
                    break
                time.sleep(0.1)
            seconds = time.perf_counter() - start
        pack_pages(rq_app, pack_id)
        return seconds
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=30)


if __name__ == "__main__":
    main()
