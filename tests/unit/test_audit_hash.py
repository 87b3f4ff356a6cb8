"""The audit hash covers every stored field, so any change to an entry changes its hash."""

import uuid
from datetime import UTC, datetime

import pytest

from riskapp.audit import HASHED_FIELDS, compute_hash
from riskapp.models import AuditEvent


def _entry(**changes) -> AuditEvent:
    values = {
        "seq": 7,
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
        "prev_hash": "0" * 64,
    }
    values.update(changes)
    return AuditEvent(**values)


def test_the_hash_is_stable_and_treats_naive_times_as_utc():
    naive = _entry(occurred_at=datetime(2026, 11, 26, 9, 30))
    assert compute_hash(_entry()) == compute_hash(_entry()) == compute_hash(naive)


@pytest.mark.parametrize("field", HASHED_FIELDS)
def test_changing_any_field_changes_the_hash(field):
    replacement = {
        "seq": 8,
        "occurred_at": datetime(2026, 11, 26, 9, 31, tzinfo=UTC),
        "actor_user_id": 4,
        "young_person_id": uuid.UUID(int=6),
        "authority_id": 3,
    }.get(field, "changed")
    assert compute_hash(_entry(**{field: replacement})) != compute_hash(_entry())
