"""A professional note can be withdrawn with a reason.

The note keeps its row and text: ``withdrawn_at``, ``withdrawn_by_id`` and ``withdrawn_reason``
say when, by whom and why. A withdrawn note is shown as withdrawn on the chronology and no longer
counts in scoring. Notes recorded before this migration are not withdrawn (``withdrawn_at`` null).

Downgrading drops the three columns: a withdrawn note would count again.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 04:45:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

FOREIGN_KEY = "fk_professional_note_withdrawn_by_id_app_user"


# Batch mode rebuilds the table on SQLite, which cannot add or drop a foreign key in place (0013 and
# 0015 add columns in place, recreate="never", to keep the triggers on their tables; professional_note
# has none).
def upgrade() -> None:
    with op.batch_alter_table("professional_note", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_reason", sa.Text(), server_default="", nullable=False))
        batch_op.create_foreign_key(batch_op.f(FOREIGN_KEY), "app_user", ["withdrawn_by_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("professional_note", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f(FOREIGN_KEY), type_="foreignkey")
        batch_op.drop_column("withdrawn_reason")
        batch_op.drop_column("withdrawn_by_id")
        batch_op.drop_column("withdrawn_at")
