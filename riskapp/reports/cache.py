"""The summary cache: an unchanged record's summary is served as it was rendered.

The key is the record's data version (everything the summary prints, as loaded once by
riskapp.reports.inputs) and the template version (the print template, stylesheet and the code that
fills them). ``data_version`` and ``cache_key`` are pure functions of what was loaded.
"""

import hashlib
import uuid
from functools import lru_cache
from pathlib import Path

from riskapp.database import write_step
from riskapp.extensions import db
from riskapp.models import ReportCache, YoungPerson
from riskapp.reports.inputs import SummaryInputs

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_FILES = (
    "templates/reports/summary.html",
    "riskapp/static/reports/summary.css",
    "riskapp/reports/inputs.py",
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


def data_version(inputs: SummaryInputs) -> str:
    """A fingerprint of everything the summary prints: the SHA-256 of the inputs' repr. They are
    frozen dataclasses of plain values (text, numbers, dates, ids, tuples), whose repr spells out
    every field in order, so it changes when a printed fact changes and only then. (Among them the
    day it was loaded: actions and reviews become overdue by it.)"""
    return hashlib.sha256(repr(inputs).encode()).hexdigest()


def cache_key(inputs: SummaryInputs, template_version: str, for_meeting: uuid.UUID | None = None) -> str:
    """The key of the summary printed from ``inputs`` with the print template at ``template_version``,
    made for ``for_meeting`` if given. Whom it may name is in the inputs."""
    parts = f"{data_version(inputs)}|{template_version}|{for_meeting or ''}"
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
