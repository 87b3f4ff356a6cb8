from sqlalchemy import text

from riskapp.extensions import db
from riskapp.models import SignInThrottle


def get_throttle_for_update(account_key: str) -> SignInThrottle | None:
    """Read an account's counter while holding a lock on it, so that failures arriving at the same
    moment on different workers are all counted. (SQLite's BEGIN IMMEDIATE already serialises.)"""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": account_key})
    return db.session.get(SignInThrottle, account_key, populate_existing=True)


def save_throttle(row: SignInThrottle) -> None:
    db.session.add(row)
    db.session.flush()


def clear_throttle(account_key: str) -> None:
    row = db.session.get(SignInThrottle, account_key)
    if row is not None:
        db.session.delete(row)
