from sqlalchemy import func, select
from sqlalchemy.orm import lazyload

from riskapp.extensions import db
from riskapp.models import Agency, LocalAuthority, User, user_authority


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def users_by_ids(ids: set[int]) -> dict[int, User]:
    """The users with these ids and their agency, in one query (a page naming many people asks once)."""
    if not ids:
        return {}
    users = db.session.scalars(select(User).where(User.id.in_(ids)).options(lazyload(User.authorities)))
    return {user.id: user for user in users}


def list_users_within(authority_ids: set[int], page: int, page_size: int) -> tuple[list[User], int]:
    """Accounts whose every authority is one of these (the accounts an administrator manages)."""
    outside = select(user_authority.c.user_id).where(user_authority.c.authority_id.not_in(authority_ids))
    inside = select(user_authority.c.user_id).where(user_authority.c.authority_id.in_(authority_ids))
    condition = User.id.in_(inside) & User.id.not_in(outside)
    total = db.session.scalar(select(func.count()).select_from(User).where(condition))
    users = db.session.scalars(
        select(User)
        .where(condition)
        .order_by(User.is_active.desc(), User.full_name, User.id)
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return list(users), total


def create_user(
    *,
    email: str,
    full_name: str,
    role: str,
    agency: Agency,
    authorities: list[LocalAuthority],
    password_hash: str,
    job_title: str = "",
    is_demo: bool = False,
    must_change_password: bool = False,
) -> User:
    user = User(
        email=normalise_email(email),
        full_name=full_name,
        job_title=job_title,
        role=role,
        agency=agency,
        authorities=list(authorities),
        password_hash=password_hash,
        is_active=True,
        is_demo=is_demo,
        must_change_password=must_change_password,
    )
    db.session.add(user)
    db.session.flush()
    return user
