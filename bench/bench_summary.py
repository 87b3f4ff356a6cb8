"""Benchmark: a representative summary PDF end to end (request, access check, data, template,
WeasyPrint with our fetcher, audit) against bare WeasyPrint rendering of the same HTML, in the
same run. Target (issue 5): end to end within 1.25 x bare rendering.

Run with `make bench` (or `python bench/bench_summary.py`).
"""

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import flask_migrate  # noqa: E402
from flask import render_template  # noqa: E402
from weasyprint import HTML  # noqa: E402

from bench.history import add_history  # noqa: E402
from riskapp import create_app  # noqa: E402
from riskapp.data.users import get_user_by_email  # noqa: E402
from riskapp.extensions import db  # noqa: E402
from riskapp.meetings.forms import MEETING_TYPES  # noqa: E402
from riskapp.models import ReportCache  # noqa: E402
from riskapp.reports.context import summary_context  # noqa: E402
from riskapp.reports.inputs import load_summary_inputs, printed_by, reader_may_name  # noqa: E402
from riskapp.reports.pdf import STATIC_DIR  # noqa: E402
from riskapp.risk import service  # noqa: E402
from tests.factories import PASSWORD, Factories  # noqa: E402

RUNS = 10


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{directory}/bench.sqlite3", "TESTING": False})
        with app.app_context():
            flask_migrate.upgrade(directory=app.extensions["migrate"].directory)
            make = Factories(db.session)
            area = make.authority("bench", "Bench")
            user = make.user(role="practitioner", authorities=[area], email="bench@example.org")
            person = make.young_person(area, first_name="Bench", last_name="Person")
            add_history(make, person, user)
            service.rescore(person)
            db.session.commit()
            person_id = person.id
        client = app.test_client()
        token = re.search(
            r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/sign-in").get_data(as_text=True)
        )
        client.post("/sign-in", data={"email": "bench@example.org", "password": PASSWORD, "csrf_token": token.group(1)})
        end_to_end, cached = [], []
        for _ in range(RUNS):
            with app.app_context():  # a cache miss each time: the first download of a changed record
                db.session.query(ReportCache).delete()
                db.session.commit()
            start = time.perf_counter()
            response = client.get(f"/young-people/{person_id}/summary.pdf")
            end_to_end.append(time.perf_counter() - start)
            assert response.status_code == 200
            start = time.perf_counter()
            assert client.get(f"/young-people/{person_id}/summary.pdf").data == response.data
            cached.append(time.perf_counter() - start)
        with app.test_request_context():
            reader = get_user_by_email("bench@example.org")
            inputs = load_summary_inputs(db.session.get(type(person), person_id), may_name=reader_may_name(reader))
            html = render_template(
                "reports/summary.html",
                meeting_types=dict(MEETING_TYPES),
                **summary_context(inputs, generated_by=printed_by(reader)),
            )
            bare = []
            for _ in range(RUNS):
                start = time.perf_counter()
                pdf = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/").write_pdf()
                bare.append(time.perf_counter() - start)
        import io

        import pypdf

        pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
        e2e, raw = statistics.median(end_to_end), statistics.median(bare)
        print(f"Summary PDF ({pages} pages), median of {RUNS} runs, same process, same HTML")
        print(f"  end to end (request to PDF):   {e2e * 1000:7.0f} ms")
        print(f"  bare WeasyPrint, same HTML:    {raw * 1000:7.0f} ms")
        print(f"  ratio: {e2e / raw:.2f} x (target 1.25 x)")
        print(f"  cached repeat (same record):   {statistics.median(cached) * 1000:7.1f} ms (target 50 ms)")


if __name__ == "__main__":
    main()
