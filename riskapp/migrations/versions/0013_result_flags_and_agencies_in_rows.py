"""One stored form of a result's flag kinds and agencies: the rows of ``risk_result_flag`` and
``risk_result_agency``. The space-separated copies on ``risk_result`` (``flag_kinds``, ``agencies``)
go. Before they go, any flag kind or agency a result's text names but its rows lack is added as a
row, so nothing is lost whichever copy was complete.

Downgrading puts the columns back, each filled from the rows as riskapp wrote it: the values sorted
and joined by single spaces.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 23:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

BATCH = 1000  # results looked at per round trip

result = sa.table(
    "risk_result",
    sa.column("id", sa.Integer),
    sa.column("flag_kinds", sa.String),
    sa.column("agencies", sa.String),
)
flag = sa.table("risk_result_flag", sa.column("result_id", sa.Integer), sa.column("kind", sa.String))
agency = sa.table("risk_result_agency", sa.column("result_id", sa.Integer), sa.column("agency", sa.String))

# (column on risk_result, its length, table of rows, the rows' value column)
COPIES = (("flag_kinds", 200, flag, "kind"), ("agencies", 300, agency, "agency"))


def upgrade():
    connection = op.get_bind()
    for column, _length, rows, value in COPIES:
        _rows_from_text(connection, result.c[column], rows, rows.c[value])
    # Dropped in place (SQLite 3.35 and later can): rebuilding risk_result, as batch mode would by
    # default on SQLite, drops the table first, which the rows of risk_result_flag refer to.
    with op.batch_alter_table("risk_result", schema=None, recreate="never") as batch_op:
        for column, *_ in COPIES:
            batch_op.drop_column(column)


def downgrade():
    # Added in place for the same reason, so with a server default: SQLite adds a NOT NULL column
    # only with one, and removing it again would rebuild the table.
    with op.batch_alter_table("risk_result", schema=None, recreate="never") as batch_op:
        for column, length, *_ in COPIES:
            batch_op.add_column(sa.Column(column, sa.String(length=length), server_default="", nullable=False))
    connection = op.get_bind()
    for column, _length, rows, value in COPIES:
        _text_from_rows(connection, result.c[column], rows, rows.c[value])


def _in_batches(connection, query):
    """The rows of ``query`` (on risk_result, its id first), ``BATCH`` at a time in id order."""
    last = 0
    while rows := connection.execute(query.where(result.c.id > last).order_by(result.c.id).limit(BATCH)).all():
        yield rows
        last = rows[-1][0]


def _stored(connection, ids: list[int], rows, value) -> dict[int, set[str]]:
    """The values each of these results has rows for."""
    stored: dict[int, set[str]] = {}
    for result_id, found in connection.execute(sa.select(rows.c.result_id, value).where(rows.c.result_id.in_(ids))):
        stored.setdefault(result_id, set()).add(found)
    return stored


def _rows_from_text(connection, copy, rows, value) -> None:
    for named in _in_batches(connection, sa.select(result.c.id, copy).where(copy != "")):
        stored = _stored(connection, [result_id for result_id, _ in named], rows, value)
        missing = [
            {"result_id": result_id, value.name: name}
            for result_id, text in named
            for name in sorted(set(text.split()) - stored.get(result_id, set()))
        ]
        if missing:
            connection.execute(rows.insert(), missing)


def _text_from_rows(connection, copy, rows, value) -> None:
    fill = result.update().where(result.c.id == sa.bindparam("result_id")).values({copy.name: sa.bindparam("text")})
    for batch in _in_batches(connection, sa.select(result.c.id)):
        stored = _stored(connection, [result_id for (result_id,) in batch], rows, value)
        if stored:
            connection.execute(
                fill, [{"result_id": result_id, "text": " ".join(sorted(names))} for result_id, names in stored.items()]
            )
