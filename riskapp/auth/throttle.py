"""Per-account sign-in throttling, stored in the database so every worker shares the count.

The key is a hash of the email as typed (normalised), whether or not an account exists, so the
throttle behaves identically for real and unknown accounts. A lockout is temporary: it slows a
guesser down without letting anyone lock a colleague out for good.
"""

import hashlib
from datetime import datetime

from flask import current_app

from riskapp.data import throttle as throttle_data
from riskapp.data.users import normalise_email
from riskapp.models import SignInThrottle
from riskapp.timeutil import utcnow


def account_key(email: str) -> str:
    return hashlib.sha256(normalise_email(email).encode("utf-8")).hexdigest()


def locked_until(email: str) -> datetime | None:
    row = throttle_data.get_throttle_for_update(account_key(email))
    if row is None or row.locked_until is None:
        return None
    return row.locked_until if row.locked_until > utcnow() else None


def register_failure(email: str) -> bool:
    """Count a failed sign-in. Returns True if the account is now locked."""
    config = current_app.config
    now = utcnow()
    key = account_key(email)
    row = throttle_data.get_throttle_for_update(key)
    if row is None or now - row.window_started_at > config["SIGN_IN_FAILURE_WINDOW"]:
        row = row or SignInThrottle(account_key=key)
        row.failures = 0
        row.window_started_at = now
        row.locked_until = None
    row.failures += 1
    if row.failures >= config["SIGN_IN_MAX_FAILURES"]:
        row.locked_until = now + config["SIGN_IN_LOCKOUT"]
    throttle_data.save_throttle(row)
    return row.locked_until is not None


def register_success(email: str) -> None:
    throttle_data.clear_throttle(account_key(email))
