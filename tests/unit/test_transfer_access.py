"""Who reads a transfer: the sending and the receiving authority, with a role that views records."""

from types import SimpleNamespace

import pytest

from riskapp.models import Transfer
from riskapp.permissions import can_read_transfer
from riskapp.reference import Role

SENDING, RECEIVING, ELSEWHERE = 1, 2, 3


def _user(role: Role, *authorities: int, active: bool = True):
    return SimpleNamespace(is_active=active, role_enum=role, authority_ids=set(authorities))


TRANSFER = Transfer(from_authority_id=SENDING, to_authority_id=RECEIVING)


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.MANAGER, Role.CSE_COORDINATOR])
def test_both_sides_read_it(role):
    assert can_read_transfer(_user(role, SENDING), TRANSFER)
    assert can_read_transfer(_user(role, RECEIVING), TRANSFER)
    assert can_read_transfer(_user(role, ELSEWHERE, RECEIVING), TRANSFER)


def test_nobody_else_reads_it():
    assert not can_read_transfer(_user(Role.CSE_COORDINATOR, ELSEWHERE), TRANSFER)
    assert not can_read_transfer(_user(Role.ADMINISTRATOR, SENDING, RECEIVING), TRANSFER), "no casework role"
    assert not can_read_transfer(_user(Role.PRACTITIONER, SENDING, active=False), TRANSFER)
