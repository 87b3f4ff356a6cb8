from sqlalchemy import select

from riskapp.extensions import db
from riskapp.models import Agency, LocalAuthority


def list_authorities() -> list[LocalAuthority]:
    return list(db.session.scalars(select(LocalAuthority).order_by(LocalAuthority.name)))


def list_agencies() -> list[Agency]:
    return list(db.session.scalars(select(Agency).order_by(Agency.name)))


def get_authority_by_slug(slug: str) -> LocalAuthority | None:
    return db.session.scalar(select(LocalAuthority).where(LocalAuthority.slug == slug))


def get_agency_by_slug(slug: str) -> Agency | None:
    return db.session.scalar(select(Agency).where(Agency.slug == slug))


def get_authorities_by_ids(ids: list[int]) -> list[LocalAuthority]:
    return list(db.session.scalars(select(LocalAuthority).where(LocalAuthority.id.in_(ids))))


def get_agency(agency_id: int) -> Agency | None:
    return db.session.get(Agency, agency_id)


def create_authority(slug: str, name: str) -> LocalAuthority:
    authority = LocalAuthority(slug=slug, name=name)
    db.session.add(authority)
    db.session.flush()
    return authority
