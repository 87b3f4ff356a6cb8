"""Migrations: numbered files, a schema built from empty, and no drift from the models."""

import re
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from riskapp import MIGRATIONS_DIR
from riskapp.extensions import db


def test_migration_files_are_numbered_in_order():
    names = sorted(p.name for p in (Path(MIGRATIONS_DIR) / "versions").glob("*.py"))
    assert names, "there is at least the initial migration"
    numbers = [int(re.match(r"^(\d{4})_[a-z0-9_]+\.py$", name).group(1)) for name in names]
    assert numbers == list(range(1, len(names) + 1))


def test_the_migrated_schema_matches_the_models(app, db_session):
    # The app fixture built this database by running every migration from empty.
    connection = db_session.connection()
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    assert compare_metadata(context, db.metadata) == []


def test_every_agency_is_seeded_by_the_migration(app, db_session):
    from riskapp.data.organisations import list_agencies
    from riskapp.reference import AGENCIES

    assert sorted((a.slug, a.name) for a in list_agencies()) == sorted(AGENCIES)


def test_every_editable_record_carries_a_version():
    from riskapp.models import ProfessionalInvolvement, User, YoungPerson

    for model in (User, YoungPerson, ProfessionalInvolvement):
        assert model.__mapper__.version_id_col is model.__table__.c.version
