"""The audit trail: append-only, hash-chained entries for every sign-in, view, change, export and
refusal.

Each entry's hash covers its own fields and the previous entry's hash, so changing, removing or
reordering any entry breaks the chain from that point; ``verify_chain`` names the first broken
entry. The chain is extended under a lock (PostgreSQL advisory lock; SQLite's BEGIN IMMEDIATE
already serialises writers) so two workers never claim the same place in it.
"""

import hashlib
import json
import uuid
from dataclasses import dataclass
from functools import partial
from typing import Any

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import select, text

from riskapp.database import at_end, reading, write_step
from riskapp.extensions import db
from riskapp.models import AuditEvent, User
from riskapp.timeutil import as_utc, utcnow

GENESIS_HASH = "0" * 64
_CHAIN_LOCK_KEY = 4_702_113  # any constant; names the advisory lock that guards the chain

# The fields an entry's hash covers, in order.
HASHED_FIELDS = (
    "seq",
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
    "prev_hash",
)


def _canonical(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, uuid.UUID):
        return str(value)
    if hasattr(value, "isoformat"):
        return as_utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def compute_hash(entry: AuditEvent) -> str:
    payload = {name: _canonical(getattr(entry, name)) for name in HASHED_FIELDS}
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _lock_chain() -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK_KEY})


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
) -> AuditEvent | None:
    """Append an entry in the current transaction: it commits or rolls back with the change it
    describes. A read request's entries (views) are written after its page is built, in one short
    write transaction (riskapp.database.at_end). ``by_system`` marks work the app does itself (such
    as copying a shipped questionnaire into the database), which is not credited to whoever's
    request triggered it."""
    if reading():
        fields = {"outcome": outcome, "actor": actor, "object_type": object_type, "object_id": object_id}
        fields |= {"young_person_id": young_person_id, "authority_id": authority_id, "details": details}
        at_end(partial(record, action, by_system=by_system, **fields))
        return None
    _lock_chain()
    last = db.session.execute(
        select(AuditEvent.seq, AuditEvent.entry_hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    entry = AuditEvent(
        seq=(last.seq + 1) if last else 1,
        occurred_at=utcnow(),
        action=action,
        outcome=outcome,
        object_type=object_type,
        object_id=str(object_id) if object_id not in (None, "") else "",
        young_person_id=young_person_id,
        authority_id=authority_id,
        details=json.dumps(details or {}, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str),
        ip_address=_client_ip(),
        prev_hash=last.entry_hash if last else GENESIS_HASH,
        **_actor_fields(None if by_system else (actor or _current_actor())),
    )
    # Columns with Python-side defaults are only filled at flush; set them now so the hash
    # covers exactly what is stored.
    for name in ("actor_email", "actor_role", "actor_agency", "actor_authorities"):
        if getattr(entry, name) is None:
            setattr(entry, name, "")
    entry.entry_hash = compute_hash(entry)
    db.session.add(entry)
    db.session.flush()
    return entry


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


@dataclass(frozen=True)
class ChainReport:
    entries_checked: int
    broken_seq: int | None = None
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify_chain(batch_size: int = 2000) -> ChainReport:
    """Walk the whole chain in order and report the first entry whose link does not hold."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    last_seq = 0
    while True:
        rows = db.session.scalars(
            select(AuditEvent).where(AuditEvent.seq > last_seq).order_by(AuditEvent.seq).limit(batch_size)
        ).all()
        if not rows:
            return ChainReport(entries_checked=checked)
        for entry in rows:
            problem = _link_problem(entry, expected_seq, expected_prev)
            if problem:
                return ChainReport(checked, broken_seq=entry.seq, broken_id=entry.id, reason=problem)
            checked += 1
            expected_prev = entry.entry_hash
            expected_seq = entry.seq + 1
            last_seq = entry.seq
        db.session.expunge_all()


def _link_problem(entry: AuditEvent, expected_seq: int, expected_prev: str) -> str:
    if entry.seq != expected_seq:
        return f"entries {expected_seq} to {entry.seq - 1} are missing"
    if entry.prev_hash != expected_prev:
        return "its link to the previous entry does not match (an entry before it was changed or removed)"
    if compute_hash(entry) != entry.entry_hash:
        return "its contents do not match its hash (the entry was changed)"
    return ""
