"""Route decorators: every endpoint declares who may use it (tests/integration/test_route_access.py checks).

- ``@public``: anyone, signed in or not (sign-in page, health check).
- ``@signed_in``: any signed-in user.
- ``@requires(permission)``: a signed-in user whose role grants the permission.
Record-level checks (which young people) go through ``load_young_person`` in the views, which
answers "not found" for records out of reach.
"""

from collections.abc import Callable
from functools import wraps

from flask import abort, request
from flask_login import current_user, login_required

from riskapp import audit
from riskapp.permissions import Permission, has_permission

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
