"""The audit hash covers every stored field and the entry's place in the chain, so any change to
an entry changes its hash."""

import uuid
from datetime import UTC, datetime

import pytest

from riskapp.audit import GENESIS_HASH, HASHED_FIELDS, chain, compute_hash
from riskapp.models import AuditEvent

PLACE = {"seq": 7, "prev_hash": "0" * 64}


def _entry(**changes) -> tuple[AuditEvent, int, str]:
    values = {
        "occurred_at": datetime(2026, 11, 26, 9, 30, tzinfo=UTC),
        "action": "view",
        "outcome": "success",
        "actor_user_id": 3,
        "actor_email": "pat@example.org",
        "actor_role": "practitioner",
        "actor_agency": "police",
        "actor_authorities": "luton",
        "object_type": "young_person",
        "object_id": "abc",
        "young_person_id": uuid.UUID(int=5),
        "authority_id": 2,
        "details": "{}",
        "ip_address": "10.0.0.1",
        **PLACE,
    }
    values.update(changes)
    seq, prev_hash = values.pop("seq"), values.pop("prev_hash")
    return AuditEvent(**values), seq, prev_hash


def _hash(**changes) -> str:
    return compute_hash(*_entry(**changes))


def test_the_hash_is_stable_and_treats_naive_times_as_utc():
    assert _hash() == _hash() == _hash(occurred_at=datetime(2026, 11, 26, 9, 30))


def test_the_hash_is_the_one_entries_had_before_seals_moved_to_their_own_table():
    # Computed by riskapp.audit before migration 0011, when seq and prev_hash were columns of the
    # event: entries chained then still verify.
    assert _hash() == "22124bccb787bbf87589e6120a2ee765e9de98eba71a15a3c6e2df5c354b66c2"


@pytest.mark.parametrize("field", HASHED_FIELDS)
def test_changing_any_field_changes_the_hash(field):
    replacement = {
        "seq": 8,
        "occurred_at": datetime(2026, 11, 26, 9, 31, tzinfo=UTC),
        "actor_user_id": 4,
        "young_person_id": uuid.UUID(int=6),
        "authority_id": 3,
    }.get(field, "changed")
    assert _hash(**{field: replacement}) != _hash()


def test_a_batch_is_chained_in_the_order_given_after_the_last_seal():
    events = []
    for n in (1, 2, 3):
        event = _entry(object_id=f"record-{n}")[0]
        event.id = 10 + n
        events.append(event)
    sealed_at = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    seals = chain(events, last_seq=4, last_hash="a" * 64, sealed_at=sealed_at)
    assert [(s["seq"], s["event_id"]) for s in seals] == [(5, 11), (6, 12), (7, 13)]
    assert [s["prev_hash"] for s in seals] == ["a" * 64, seals[0]["entry_hash"], seals[1]["entry_hash"]]
    assert all(s["entry_hash"] == compute_hash(e, s["seq"], s["prev_hash"]) for e, s in zip(events, seals, strict=True))
    assert chain(events[:1], last_seq=0, last_hash=GENESIS_HASH, sealed_at=sealed_at)[0]["prev_hash"] == GENESIS_HASH
