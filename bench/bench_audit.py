"""Benchmark: the audit trail's two steps, on SQLite and PostgreSQL.

- recording an entry (``audit.record`` and a commit), which takes no lock;
- sealing a batch of 500 waiting entries (``audit.seal_pending``), while the chain grows to
  100,000 entries: the cost of a batch must not grow with the chain;
- verifying the whole chain (``audit.verify_chain``).

Run with `make bench` (or `python bench/bench_audit.py [sqlite|postgresql]`).
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select  # noqa: E402

from riskapp import audit, create_app  # noqa: E402
from riskapp.extensions import db  # noqa: E402
from riskapp.models import AuditEvent, AuditPending  # noqa: E402
from riskapp.timeutil import utcnow  # noqa: E402
from tests.databases import ScratchDatabase, migrate  # noqa: E402

CHAIN, BATCH, RECORDS = 100_000, 500, 500


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def add_waiting_events(count: int) -> None:
    """Events as ``record`` adds them, in bulk."""
    now = utcnow()
    rows = [
        {
            "occurred_at": now,
            "action": "view",
            "outcome": "success",
            "object_type": "young_person",
            "object_id": f"record-{n}",
            "details": '{"page":"record"}',
            "ip_address": "10.0.0.1",
        }
        for n in range(count)
    ]
    first = (db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0) + 1
    db.session.execute(insert(AuditEvent), rows)
    ids = db.session.scalars(select(AuditEvent.id).where(AuditEvent.id >= first)).all()
    db.session.execute(insert(AuditPending), [{"event_id": event_id} for event_id in ids])
    db.session.commit()


def run(backend: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        scratch = ScratchDatabase(backend, Path(directory), prefix="riskapp_bench_audit")
        try:
            app = create_app({"SQLALCHEMY_DATABASE_URI": scratch.url, "TESTING": False})
            migrate(app)
            with app.app_context():
                measure(backend)
                db.engine.dispose()
        finally:
            scratch.drop()


def measure(backend: str) -> None:
    recording = []
    for n in range(RECORDS):
        started = time.perf_counter()
        audit.record("view", object_type="young_person", object_id=f"record-{n}")
        db.session.commit()
        recording.append(time.perf_counter() - started)
    print(f"{backend}: record and commit one entry: median {_ms(statistics.median(recording))}")

    add_waiting_events(CHAIN - RECORDS)
    batches = []
    while True:
        started = time.perf_counter()
        if not audit.seal_pending(BATCH):
            break
        batches.append(time.perf_counter() - started)
    tenth = len(batches) // 10
    early, late = batches[:tenth], batches[-tenth:]
    print(
        f"{backend}: sealed {CHAIN:,} entries in {len(batches)} batches of {BATCH}: median {_ms(statistics.median(batches))},"
        f" first tenth {_ms(statistics.median(early))}, last tenth {_ms(statistics.median(late))}"
    )
    started = time.perf_counter()
    report = audit.verify_chain()
    print(f"{backend}: verified {report.entries_checked:,} entries in {time.perf_counter() - started:.1f} s: {report}")


if __name__ == "__main__":
    for name in sys.argv[1:] or ["sqlite", "postgresql"]:
        run(name)
