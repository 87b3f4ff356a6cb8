"""Route decorators: every endpoint declares who may use it (tests/integration/test_route_access.py checks).

- ``@public``: anyone, signed in or not (sign-in page, health check).
- ``@signed_in``: any signed-in user.
- ``@requires(permission)``: a signed-in user whose role grants the permission.

Object-level checks (which young people, meetings, packs, transfers, users) go through one way in,
``reachable``: the object if it exists and the policy lets this user reach it; otherwise "not
found", whether or not it exists, and the attempt goes on the audit trail. ``load_young_person``
is that for a young person's record, used by every feature.
"""

import uuid
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import abort, request
from flask_login import current_user, login_required

from riskapp import audit
from riskapp.data import young_people as young_people_data
from riskapp.models import User, YoungPerson
from riskapp.permissions import Permission, can_access_young_person, has_permission

T = TypeVar("T")

ACCESS_RULE_ATTR = "_access_rule"


def public(view: Callable) -> Callable:
    setattr(view, ACCESS_RULE_ATTR, "public")
    return view


def signed_in(view: Callable) -> Callable:
    wrapped = login_required(view)
    setattr(wrapped, ACCESS_RULE_ATTR, "signed-in")
    return wrapped


def requires(permission: Permission) -> Callable[[Callable], Callable]:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def checked(*args, **kwargs):
            if not has_permission(current_user.user, permission):
                audit.record_refusal(
                    "access-denied",
                    details={"endpoint": request.endpoint, "needs": str(permission), "method": request.method},
                )
                abort(403)
            return view(*args, **kwargs)

        wrapped = login_required(checked)
        setattr(wrapped, ACCESS_RULE_ATTR, f"requires:{permission}")
        return wrapped

    return decorator


def reachable(
    found: T | None,
    may_reach: Callable[[User, T], bool],
    *,
    object_type: str,
    object_id: object,
    needs: Permission | None = None,
    young_person_id: uuid.UUID | None = None,
) -> T:
    """``found`` if it exists and ``may_reach(user, found)``; otherwise "not found" (404) whether or
    not it exists, and the refused attempt is audited (what was asked for, by which page, whether it
    exists: never anything the user could not already see)."""
    if found is None or not may_reach(current_user.user, found):
        details = {"endpoint": request.endpoint, "exists": found is not None}
        if needs is not None:
            details["needs"] = str(needs)
        audit.record_refusal(
            "access-denied",
            object_type=object_type,
            object_id=object_id,
            young_person_id=young_person_id,
            details=details,
        )
        abort(404)
    return found


def load_young_person(
    young_person_id: uuid.UUID | None,
    permission: Permission,
    *,
    object_type: str = "young_person",
    object_id: object = None,
) -> YoungPerson:
    """The record, if this user may reach it with ``permission``. For something that belongs to a
    young person (a screening, a band decision), give its own type and id: it is reachable exactly
    when its young person is, and a refusal is audited under it."""
    return reachable(
        young_people_data.get_young_person(young_person_id) if young_person_id is not None else None,
        lambda user, young_person: can_access_young_person(user, young_person, permission),
        object_type=object_type,
        object_id=young_person_id if object_id is None else object_id,
        needs=permission,
        young_person_id=young_person_id,
    )
