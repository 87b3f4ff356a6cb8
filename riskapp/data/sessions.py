from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from riskapp.extensions import db
from riskapp.models import User, UserSession
from riskapp.timeutil import utcnow


def create_session(user: User, token_hash: str, ip_address: str) -> UserSession:
    row = UserSession(token_hash=token_hash, user=user, ip_address=ip_address[:64])
    db.session.add(row)
    db.session.flush()
    return row


def get_session_by_token_hash(token_hash: str) -> UserSession | None:
    """The session with its user, the user's agency and authorities, in one query (every request asks)."""
    found = db.session.scalars(
        select(UserSession)
        .where(UserSession.token_hash == token_hash)
        .options(joinedload(UserSession.user).joinedload(User.authorities))
    )
    return found.unique().one_or_none()


def touch_session(session_id: int) -> None:
    """The session was used now. One UPDATE, without loading the row."""
    db.session.execute(update(UserSession).where(UserSession.id == session_id).values(last_seen_at=utcnow()))


def end_session(row: UserSession, reason: str) -> None:
    row.ended_at = utcnow()
    row.end_reason = reason


def end_all_sessions_for(user: User, reason: str) -> int:
    result = db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
    )
    return result.rowcount or 0


def end_other_sessions_for(user: User, keep: UserSession, reason: str) -> int:
    result = db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None), UserSession.id != keep.id)
        .values(ended_at=utcnow(), end_reason=reason)
    )
    return result.rowcount or 0
