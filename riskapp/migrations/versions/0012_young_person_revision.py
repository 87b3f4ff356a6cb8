"""A young person's revision: moves on with every change to anything shown about them.

Pages about a young person keep what they rendered under it (riskapp.fragments); see
riskapp.data.revisions for what moves it. Existing records start at 0.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 19:55:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("young_person") as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("young_person") as batch_op:
        batch_op.drop_column("revision")
