"""The audit trail: append-only, hash-chained entries for every sign-in, view, change, export and
refusal.

Recording an entry and chaining it are two steps, so that no request waits for another:

- ``record`` inserts the ``audit_event`` row, and its place on the sealer's work list
  (``audit_pending``), in the current transaction: the entry commits or rolls back with the change
  it describes. It takes no lock and reads nothing of the chain.
- ``seal_pending``, the sealer, links committed events into the hash chain in batches, oldest
  event id first. Each gets an ``audit_seal`` row: the next ``seq``, the previous seal's hash
  (``prev_hash``) and its own hash over the event's fields, ``seq`` and ``prev_hash``. The sealer
  works in a short transaction of its own, never the request's, under the one lock that guards
  the chain's end (PostgreSQL: a transaction-level advisory lock; SQLite: its write lock), held
  for milliseconds. The app runs it after responses (``register_sealer``): at most once every
  AUDIT_SEAL_INTERVAL_SECONDS in each process, and not at all while another process is sealing.
  ``flask --app riskapp audit seal`` runs it by hand.

PostgreSQL hands out ids before commit, so an event can commit after a later one was sealed; it
simply gets a later ``seq``. The chain's order is the order of sealing.

Events and seals are insert-only (triggers refuse UPDATE and DELETE). Changing, removing or
reordering a sealed entry breaks the chain from that point: ``verify_chain`` names the first broken
entry, and counts the events still waiting for their seal.
"""

import hashlib
import json
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from flask import Flask, Response, has_request_context, request
from flask_login import current_user
from sqlalchemy import delete, exists, func, insert, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from riskapp.database import at_end, write_step
from riskapp.extensions import db
from riskapp.models import AuditEvent, AuditPending, AuditSeal, User
from riskapp.timeutil import as_utc, utcnow

GENESIS_HASH = "0" * 64
SEALER_LOCK_KEY = 4_702_113  # any constant; names the advisory lock that only the sealer takes

# The event's fields that its hash covers; with its seal's seq and prev_hash, everything hashed.
EVENT_FIELDS = (
    "occurred_at",
    "action",
    "outcome",
    "actor_user_id",
    "actor_email",
    "actor_role",
    "actor_agency",
    "actor_authorities",
    "object_type",
    "object_id",
    "young_person_id",
    "authority_id",
    "details",
    "ip_address",
)
HASHED_FIELDS = ("seq", *EVENT_FIELDS, "prev_hash")


def _canonical(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, uuid.UUID):
        return str(value)
    if hasattr(value, "isoformat"):
        return as_utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def compute_hash(event: Any, seq: int, prev_hash: str) -> str:
    """The hash of ``event`` (an AuditEvent, or a row with its columns) at place ``seq`` in the
    chain, after the entry whose hash is ``prev_hash``. The payload is the one entries had when
    ``seq`` and ``prev_hash`` were columns of the event, so entries chained then still verify."""
    payload = {name: _canonical(getattr(event, name)) for name in EVENT_FIELDS}
    payload.update(seq=seq, prev_hash=prev_hash)
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def chain(events: Sequence[Any], last_seq: int, last_hash: str, sealed_at: datetime) -> list[dict[str, Any]]:
    """The seals that put ``events``, in this order, after seal ``last_seq`` (hash ``last_hash``)."""
    seals = []
    for seq, event in enumerate(events, start=last_seq + 1):
        entry_hash = compute_hash(event, seq, last_hash)
        seals.append(
            {"seq": seq, "event_id": event.id, "prev_hash": last_hash, "entry_hash": entry_hash, "sealed_at": sealed_at}
        )
        last_hash = entry_hash
    return seals


# Recording --------------------------------------------------------------------------------


def _actor_fields(actor: User | None) -> dict[str, Any]:
    if actor is None:
        return {}
    return {
        "actor_user_id": actor.id,
        "actor_email": actor.email,
        "actor_role": actor.role,
        "actor_agency": actor.agency.slug,
        "actor_authorities": ",".join(sorted(a.slug for a in actor.authorities)),
    }


def _current_actor() -> User | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.user
    return None


def _client_ip() -> str:
    if not has_request_context():
        return "cli"
    return request.remote_addr or ""


def record(
    action: str,
    *,
    outcome: str = "success",
    actor: User | None = None,
    object_type: str = "",
    object_id: Any = "",
    young_person_id: uuid.UUID | None = None,
    authority_id: int | None = None,
    details: dict | None = None,
    by_system: bool = False,
) -> AuditEvent:
    """Add an entry in the current transaction: it commits or rolls back with the change it
    describes, and the sealer chains it after it commits. A read request's entries (views) are made
    now and written after its page is built, in one short write transaction
    (riskapp.database.at_end). ``by_system`` marks work the app does itself (such as copying a
    shipped questionnaire into the database), which is not credited to whoever's request
    triggered it."""
    entry = AuditEvent(
        occurred_at=utcnow(),
        action=action,
        outcome=outcome,
        object_type=object_type,
        object_id=str(object_id) if object_id not in (None, "") else "",
        young_person_id=young_person_id,
        authority_id=authority_id,
        details=json.dumps(details or {}, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str),
        ip_address=_client_ip(),
        **_actor_fields(None if by_system else (actor or _current_actor())),
    )
    at_end(partial(_store, entry))
    return entry


def _store(entry: AuditEvent) -> None:
    db.session.add(entry)
    db.session.flush()  # gives the entry its id
    db.session.execute(insert(AuditPending).values(event_id=entry.id))


def about(young_person) -> dict:
    """The record an entry is about: its young person and the authority that holds the record
    (which decides who may read the entry)."""
    return {"young_person_id": young_person.id, "authority_id": young_person.responsible_authority_id}


def record_view(young_person, page: str) -> None:
    """Every page that shows a young person's details is on the audit trail."""
    record("view", object_type="young_person", object_id=young_person.id, details={"page": page}, **about(young_person))


def record_refusal(action: str, **kwargs: Any) -> None:
    """Record a refusal (denied access, failed sign-in) so that it survives the error response.

    Any unfinished work of the request is rolled back first: a refused request changes nothing
    but the audit trail.
    """
    db.session.rollback()
    with write_step():
        record(action, outcome=kwargs.pop("outcome", "denied"), **kwargs)
    db.session.commit()


# Sealing ----------------------------------------------------------------------------------


def seal_pending(limit: int = 500, *, wait: bool = True) -> int:
    """Seal up to ``limit`` committed events waiting for their place in the chain, oldest id
    first; return how many were sealed.

    Runs in a transaction of its own, never the caller's, on the database the app's session uses
    (in the test suite, inside the test's transaction). With ``wait=False`` it returns 0 at once if
    another sealer holds the lock on PostgreSQL. On SQLite it queues for the write lock like any
    other writer.
    """
    with Session(bind=db.session.get_bind(), join_transaction_mode="create_savepoint") as session:
        with session.begin():
            if not _lock_chain_end(session, wait):
                return 0
            last = session.execute(
                select(AuditSeal.seq, AuditSeal.entry_hash).order_by(AuditSeal.seq.desc()).limit(1)
            ).first()
            # The work list first, then its events: a plan that starts from the events could walk
            # the whole trail looking for the few that wait.
            waiting = select(AuditPending.event_id).order_by(AuditPending.event_id).limit(limit)
            events = session.execute(
                select(AuditEvent.id, *(getattr(AuditEvent, name) for name in EVENT_FIELDS))
                .where(AuditEvent.id.in_(waiting))
                .order_by(AuditEvent.id)
            ).all()
            if not events:
                return 0
            last_seq, last_hash = last if last else (0, GENESIS_HASH)
            seals = chain(events, last_seq, last_hash, sealed_at=utcnow())
            session.execute(insert(AuditSeal.__table__), seals)
            session.execute(delete(AuditPending).where(AuditPending.event_id.in_([e.id for e in events])))
            return len(seals)


def _lock_chain_end(session: Session, wait: bool) -> bool:
    if session.get_bind().dialect.name == "postgresql":
        if wait:
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SEALER_LOCK_KEY})
            return True
        return bool(session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": SEALER_LOCK_KEY}))
    # SQLite has one write lock. Take it before reading the chain's end, whatever BEGIN the engine
    # issued: a deferred transaction that has read cannot start writing once another connection
    # has committed. A write that matches no row takes the lock and changes nothing.
    session.execute(text("DELETE FROM audit_pending WHERE 1 = 0"))
    return True


@dataclass
class SealSchedule:
    """When this process seals: at most once per interval, and one thread at a time."""

    last_started: float = float("-inf")
    running: bool = False
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def due(self, now: float, interval: float) -> bool:
        return not self.running and now - self.last_started >= interval

    def start(self, now: float, interval: float) -> bool:
        with self._guard:
            if not self.due(now, interval):
                return False
            self.running, self.last_started = True, now
            return True

    def finish(self) -> None:
        with self._guard:
            self.running = False


def register_sealer(app: Flask) -> None:
    """Seal waiting events once a response has been sent: the request's transaction has ended,
    and nobody waits for the sealer. AUDIT_SEALER_ENABLED = False switches this off; events then
    wait for ``flask --app riskapp audit seal``."""
    schedule = SealSchedule()

    @app.after_request
    def _seal_after_response(response: Response) -> Response:
        if app.config["AUDIT_SEALER_ENABLED"] and schedule.due(
            time.monotonic(), app.config["AUDIT_SEAL_INTERVAL_SECONDS"]
        ):
            response.call_on_close(lambda: _seal_now(app, schedule))
        return response


def _seal_now(app: Flask, schedule: SealSchedule) -> None:
    if not schedule.start(time.monotonic(), app.config["AUDIT_SEAL_INTERVAL_SECONDS"]):
        return
    try:
        with app.app_context():
            seal_pending(app.config["AUDIT_SEAL_BATCH"], wait=False)
    except SQLAlchemyError as error:
        # The events stay on the work list for the next run. Only the error's kind is logged:
        # a statement's parameters could hold case details.
        app.logger.warning("Sealing the audit trail failed (%s); the next run will try again", type(error).__name__)
    finally:
        schedule.finish()


# Verifying --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    entries_checked: int
    pending: int = 0
    broken_seq: int | None = None
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


_SEAL_COLUMNS = (AuditSeal.seq, AuditSeal.event_id, AuditSeal.prev_hash, AuditSeal.entry_hash)


def verify_chain(batch_size: int = 2000) -> ChainReport:
    """Walk the sealed chain in order and report the first entry whose link does not hold, and how
    many events are not sealed yet."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    while True:
        rows = db.session.execute(
            select(*_SEAL_COLUMNS, AuditEvent.id.label("found_id"), *(getattr(AuditEvent, n) for n in EVENT_FIELDS))
            .outerjoin(AuditEvent, AuditEvent.id == AuditSeal.event_id)
            .where(AuditSeal.seq >= expected_seq)
            .order_by(AuditSeal.seq)
            .limit(batch_size)
        ).all()
        if not rows:
            return ChainReport(entries_checked=checked, pending=_count_unsealed())
        for row in rows:
            problem = _link_problem(row, expected_seq, expected_prev)
            if problem:
                return ChainReport(checked, _count_unsealed(), row.seq, row.event_id, problem)
            checked += 1
            expected_prev = row.entry_hash
            expected_seq = row.seq + 1


def _link_problem(entry: Any, expected_seq: int, expected_prev: str) -> str:
    """What is wrong with ``entry`` (a seal's columns and its event's) at this point in the chain."""
    if entry.seq != expected_seq:
        return f"entries {expected_seq} to {entry.seq - 1} are missing"
    if entry.prev_hash != expected_prev:
        return "its link to the previous entry does not match (an entry before it was changed or removed)"
    if entry.found_id is None:
        return "its event is missing (the entry was removed)"
    if compute_hash(entry, entry.seq, entry.prev_hash) != entry.entry_hash:
        return "its contents do not match its hash (the entry was changed)"
    return ""


def _count_unsealed() -> int:
    sealed = exists().where(AuditSeal.event_id == AuditEvent.id)
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(~sealed))
