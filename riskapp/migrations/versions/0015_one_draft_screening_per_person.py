"""One draft screening per person per young person, and a draft can be discarded with a reason.

A partial unique index on ``screening (young_person_id, author_id)`` where the status is 'draft'
makes a second draft impossible, however close together two starts come. A screening that is
discarded keeps its row and answers (status 'discarded', when, and the reason given), but is no
longer a draft, so it is never listed, resumed or scored.

Before the index can be made, where one person has more than one draft of the same young person
the newest is kept and the others are discarded, with the reason "duplicate draft (migration)".

Downgrading drops the index and the two columns; discarded screenings keep their status.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 04:05:00

"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

INDEX = "uq_screening_one_draft_per_author"
DRAFT = sa.text("status = 'draft'")
DUPLICATE_REASON = "duplicate draft (migration)"

screening = sa.table(
    "screening",
    sa.column("id", sa.Uuid),
    sa.column("young_person_id", sa.Uuid),
    sa.column("author_id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("created_at", sa.DateTime),
    sa.column("updated_at", sa.DateTime),
    sa.column("version", sa.Integer),
    sa.column("discarded_at", sa.DateTime),
    sa.column("discard_reason", sa.Text),
)


def upgrade() -> None:
    # In place: rebuilding the table, as batch mode would by default on SQLite, would drop the
    # triggers that keep a submitted screening final.
    with op.batch_alter_table("screening", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("discarded_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("discard_reason", sa.Text(), server_default="", nullable=False))
    _discard_duplicate_drafts(op.get_bind())
    op.create_index(
        INDEX, "screening", ["young_person_id", "author_id"], unique=True, sqlite_where=DRAFT, postgresql_where=DRAFT
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name="screening")
    with op.batch_alter_table("screening", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("discard_reason")
        batch_op.drop_column("discarded_at")


def _discard_duplicate_drafts(connection) -> None:
    """Keep each person's newest draft of a young person; discard the older ones."""
    drafts = connection.execute(
        sa.select(screening.c.id, screening.c.young_person_id, screening.c.author_id)
        .where(screening.c.status == "draft")
        .order_by(screening.c.created_at.desc(), screening.c.id.desc())
    ).all()
    kept, older = set(), []
    for screening_id, young_person_id, author_id in drafts:
        if (young_person_id, author_id) in kept:
            older.append(screening_id)
        kept.add((young_person_id, author_id))
    if not older:
        return
    now = datetime.now(UTC).replace(tzinfo=None)  # stored as naive UTC, as riskapp stores it
    connection.execute(
        screening.update()
        .where(screening.c.id.in_(older))
        .values(
            status="discarded",
            discarded_at=now,
            discard_reason=DUPLICATE_REASON,
            updated_at=now,
            version=screening.c.version + 1,
        )
    )
