"""Once-only tokens of create forms: each claimed by the record it made, so a double click or a
form sent again makes one record (riskapp.forms.once).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 03:45:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "form_submission",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.String(length=36), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_form_submission_user_id_app_user")),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_form_submission")),
    )
    # A new table: nothing to alter, so no batch mode (SQLite needs it only to change a table).
    op.create_index(op.f("ix_form_submission_user_id"), "form_submission", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_form_submission_user_id"), table_name="form_submission")
    op.drop_table("form_submission")
