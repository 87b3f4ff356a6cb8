"""The summary cache: an unchanged record's summary is served as it was rendered.

The key is the record's data version (everything the summary prints, by id and version) and the
template version (the print template, stylesheet and the code that fills them).
"""

import hashlib
import uuid
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from riskapp.data import chronology as chronology_data
from riskapp.data import risk as risk_data
from riskapp.data import screenings as screening_data
from riskapp.data.meetings import meetings_about
from riskapp.database import write_step
from riskapp.extensions import db
from riskapp.models import ReportCache, YoungPerson
from riskapp.risk import service
from riskapp.timeutil import today

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_FILES = (
    "templates/reports/summary.html",
    "riskapp/static/reports/summary.css",
    "riskapp/reports/context.py",
    "riskapp/reports/evidence.py",
    "riskapp/reports/charts.py",
)


@lru_cache(maxsize=1)
def template_version() -> str:
    digest = hashlib.sha256()
    for name in TEMPLATE_FILES:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def data_version(young_person: YoungPerson, may_name: Callable[[YoungPerson], bool] | None = None) -> str:
    """``may_name``: whom the reader may see among the other young people discussed at the young
    person's meetings (the summary names only them), as given to ``summary_context``."""
    result = service.current_result(young_person)
    parts = [young_person.id, young_person.version, result.id, result.inputs_hash, today()]  # overdue marks use today
    for kind, entries in chronology_data.entries_of(young_person.id).items():
        parts += sorted(f"{kind}:{entry.id}:{entry.version}" for entry in entries)
    screenings = screening_data.screenings_for(young_person.id, with_answers=False)
    parts += [f"screening:{s.id}:{s.status}" for s in screenings]
    for meeting in meetings_about(young_person.id):
        parts += [f"meeting:{meeting.id}:{meeting.version}", meeting.decisions_about(young_person.id)]
        parts += [f"action:{a.id}:{a.version}:{a.young_person_id}" for a in meeting.actions]
        parts += [
            f"discussed:{p.id}:{p.version}:{bool(may_name and may_name(p))}"
            for p in meeting.young_people
            if p.id != young_person.id
        ]
    parts += [f"band-decision:{d.id}:{d.status}:{d.version}" for d in risk_data.decisions_of(young_person.id)]
    parts += [f"professional:{p.id}:{p.version}" for p in young_person.professionals]
    parts += [f"judgement:{o.id}:{o.status}" for o in risk_data.overrides_of(young_person.id)]
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


def cache_key(
    young_person: YoungPerson,
    for_meeting: uuid.UUID | None = None,
    may_name: Callable[[YoungPerson], bool] | None = None,
) -> str:
    parts = f"{data_version(young_person, may_name)}|{template_version()}|{for_meeting or ''}"
    return hashlib.sha256(parts.encode()).hexdigest()


def cached_pdf(key: str) -> bytes | None:
    row = db.session.get(ReportCache, key)
    return row.pdf if row else None


def store_pdf(key: str, young_person: YoungPerson, pdf: bytes) -> None:
    """Keep only the newest summary of each young person (a read request keeps it in a step of its own)."""
    young_person_id = young_person.id
    with write_step():
        if db.session.get(ReportCache, key) is not None:
            return  # another request for the same summary kept it first
        db.session.query(ReportCache).filter(ReportCache.young_person_id == young_person_id).delete()
        db.session.add(ReportCache(cache_key=key, young_person_id=young_person_id, pdf=pdf))
        db.session.flush()
