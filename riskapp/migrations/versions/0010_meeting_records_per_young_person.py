"""Meetings record decisions and actions for each young person discussed: a ``decisions`` column on
each young person's link to the meeting (the meeting's own decisions become those shared by
everyone discussed), and the young person an action concerns (none for a shared action). A
meeting about exactly one young person moves its decisions and actions to that young person.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 10:12:31.118204

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Meetings about exactly one young person.
SINGLE = "SELECT meeting_id FROM meeting_young_person GROUP BY meeting_id HAVING COUNT(*) = 1"


def upgrade():
    with op.batch_alter_table("meeting_action", schema=None) as batch_op:
        batch_op.add_column(sa.Column("young_person_id", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_meeting_action_young_person_id"), ["young_person_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_meeting_action_young_person_id_young_person"), "young_person", ["young_person_id"], ["id"]
        )

    with op.batch_alter_table("meeting_young_person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decisions", sa.Text(), server_default="", nullable=False))

    op.execute(
        f"""
        UPDATE meeting_young_person SET decisions = (
            SELECT s.decisions FROM strategy_meeting s WHERE s.id = meeting_young_person.meeting_id
        )
        WHERE meeting_id IN ({SINGLE})
        """
    )
    op.execute(
        f"""
        UPDATE meeting_action SET young_person_id = (
            SELECT l.young_person_id FROM meeting_young_person l WHERE l.meeting_id = meeting_action.meeting_id
        )
        WHERE meeting_id IN ({SINGLE})
        """
    )
    op.execute(f"UPDATE strategy_meeting SET decisions = '' WHERE id IN ({SINGLE})")


def downgrade():
    # A meeting about one young person gets its decisions back; decisions about one of several young
    # people have nowhere to go before this revision and are lost.
    op.execute(
        f"""
        UPDATE strategy_meeting SET decisions = (
            SELECT l.decisions FROM meeting_young_person l WHERE l.meeting_id = strategy_meeting.id
        )
        WHERE id IN ({SINGLE})
        """
    )
    with op.batch_alter_table("meeting_young_person", schema=None) as batch_op:
        batch_op.drop_column("decisions")

    with op.batch_alter_table("meeting_action", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_meeting_action_young_person_id_young_person"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_meeting_action_young_person_id"))
        batch_op.drop_column("young_person_id")
