"""Server-side sessions. The signed cookie holds only a random token; the session row decides
whether it is still valid (sign-out, idle timeout, absolute limit, deactivated user)."""

import hashlib
import secrets
from dataclasses import dataclass

from flask import current_app

from riskapp.data import sessions as session_data
from riskapp.database import at_end, write_step
from riskapp.models import User, UserSession
from riskapp.timeutil import utcnow


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


@dataclass
class SignedInUser:
    """What Flask-Login knows as current_user. ``get_id`` is the session token, never the user id,
    so a copied cookie stops working as soon as its session ends on the server."""

    token: str
    session: UserSession

    is_authenticated = True
    is_active = True
    is_anonymous = False

    @property
    def user(self) -> User:
        return self.session.user

    def get_id(self) -> str:
        return self.token


def start_session(user: User, ip_address: str) -> SignedInUser:
    token = secrets.token_urlsafe(32)
    row = session_data.create_session(user, hash_token(token), ip_address)
    return SignedInUser(token=token, session=row)


def end_reason(row: UserSession) -> str | None:
    """Why a session can no longer be used, or None if it can."""
    if row.ended_at is not None:
        return row.end_reason or "signed-out"
    if not row.user.is_active:
        return "deactivated"
    now = utcnow()
    if now - row.started_at > current_app.config["SESSION_ABSOLUTE_LIMIT"]:
        return "absolute-limit"
    if now - row.last_seen_at > current_app.config["SESSION_IDLE_TIMEOUT"]:
        return "idle-timeout"
    return None


def load_session(token: str) -> SignedInUser | None:
    row = session_data.get_session_by_token_hash(hash_token(token))
    if row is None:
        return None
    reason = end_reason(row)
    if reason:
        if row.ended_at is None:
            with write_step():
                session_data.end_session(row, reason)
        return None
    if utcnow() - row.last_seen_at >= current_app.config["SESSION_TOUCH_INTERVAL"]:
        # The idle timeout needs to know the session is in use, not the moment of every request:
        # written at most once a minute, after the page (riskapp.database.at_end).
        session_id = row.id
        at_end(lambda: session_data.touch_session(session_id))
    return SignedInUser(token=token, session=row)
