"""Transfers: a young person's move to another authority or youth offending service, with the
handover PDF as it was printed at the moment of transfer.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 07:29:18.626679

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "transfer",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("young_person_id", sa.Uuid(), nullable=False),
        sa.Column("from_authority_id", sa.Integer(), nullable=False),
        sa.Column("to_authority_id", sa.Integer(), nullable=False),
        sa.Column("receiving_service", sa.String(length=40), nullable=False),
        sa.Column("moved_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("contact_role", sa.String(length=200), nullable=False),
        sa.Column("contact_details", sa.String(length=300), nullable=False),
        sa.Column("young_person_name", sa.String(length=300), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("transferred_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("handover_pdf", sa.LargeBinary(), nullable=False),
        sa.Column("data_version", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["young_person_id"], ["young_person.id"], name=op.f("fk_transfer_young_person_id_young_person")
        ),
        sa.ForeignKeyConstraint(
            ["from_authority_id"], ["local_authority.id"], name=op.f("fk_transfer_from_authority_id_local_authority")
        ),
        sa.ForeignKeyConstraint(
            ["to_authority_id"], ["local_authority.id"], name=op.f("fk_transfer_to_authority_id_local_authority")
        ),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["app_user.id"], name=op.f("fk_transfer_recorded_by_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer")),
    )
    with op.batch_alter_table("transfer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transfer_young_person_id"), ["young_person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_transfer_from_authority_id"), ["from_authority_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_transfer_to_authority_id"), ["to_authority_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_transfer_transferred_at"), ["transferred_at"], unique=False)


def downgrade():
    with op.batch_alter_table("transfer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transfer_transferred_at"))
        batch_op.drop_index(batch_op.f("ix_transfer_to_authority_id"))
        batch_op.drop_index(batch_op.f("ix_transfer_from_authority_id"))
        batch_op.drop_index(batch_op.f("ix_transfer_young_person_id"))
    op.drop_table("transfer")
