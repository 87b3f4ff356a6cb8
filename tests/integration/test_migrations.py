"""Migrations: numbered files, a schema built from empty, no drift from the models, and data carried
across the migrations that move it."""

import json
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.exc import DatabaseError

from riskapp import MIGRATIONS_DIR, audit
from riskapp.data import revisions
from riskapp.extensions import db
from riskapp.models import AuditEvent, RiskResult, RiskResultAgency, RiskResultFlag, Screening
from tests.databases import migrate


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


def _chained_before_0011(count: int) -> list[dict]:
    """Audit rows as riskapp wrote them before migration 0011: each chained in its own row."""
    rows, prev_hash = [], audit.GENESIS_HASH
    for seq in range(1, count + 1):
        event = {
            "occurred_at": datetime(2026, 11, 30, 9, seq, 15, 250000, tzinfo=UTC),
            "action": "view",
            "outcome": "success",
            "actor_user_id": None,
            "actor_email": "zoë@example.org",
            "actor_role": "manager",
            "actor_agency": "police",
            "actor_authorities": "luton",
            "object_type": "young_person",
            "object_id": str(uuid.UUID(int=seq)),
            "young_person_id": uuid.UUID(int=seq),
            "authority_id": None,
            "details": json.dumps({"page": "record", "n": seq}),
            "ip_address": "10.0.0.1",
        }
        entry_hash = audit.compute_hash(SimpleNamespace(**event), seq, prev_hash)
        rows.append({**event, "seq": seq, "prev_hash": prev_hash, "entry_hash": entry_hash})
        prev_hash = entry_hash
    return rows


# audit_event before migration 0011: today's columns, and each entry's place in the chain.
OLD_AUDIT_EVENT = sa.table(
    "audit_event",
    *(sa.column(column.name, column.type) for column in AuditEvent.__table__.columns),
    *(sa.column(name, sa.String) for name in ("prev_hash", "entry_hash")),
    sa.column("seq", sa.Integer),
)


def test_0011_carries_the_audit_chain_over_and_back(fresh_app):
    migrate(fresh_app, "0010")
    with fresh_app.app_context():
        db.session.execute(OLD_AUDIT_EVENT.insert(), _chained_before_0011(3))
        db.session.commit()

    migrate(fresh_app)
    with fresh_app.app_context():
        assert audit.verify_chain() == audit.ChainReport(entries_checked=3, pending=0), "already sealed"
        for n in range(3):
            audit.record("view", object_type="young_person", object_id=f"after-{n}")
            db.session.commit()
            if n < 2:
                assert audit.seal_pending() == 1
        assert audit.verify_chain() == audit.ChainReport(entries_checked=5, pending=1)

    migrate(fresh_app, "0010", down=True)
    with fresh_app.app_context():
        rows = db.session.execute(sa.select(OLD_AUDIT_EVENT).order_by(OLD_AUDIT_EVENT.c.seq)).all()
        assert [row.seq for row in rows] == [1, 2, 3, 4, 5, 6], "the waiting entry was sealed on the way down"
        assert [row.id for row in rows] == sorted(row.id for row in rows)
        prev_hash = audit.GENESIS_HASH
        for row in rows:
            assert (row.prev_hash, row.entry_hash) == (prev_hash, audit.compute_hash(row, row.seq, prev_hash))
            prev_hash = row.entry_hash
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(sa.text("UPDATE audit_event SET action = 'nothing'"))
        db.session.rollback()

    migrate(fresh_app)
    with fresh_app.app_context():
        assert audit.verify_chain() == audit.ChainReport(entries_checked=6, pending=0)
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(sa.text("DELETE FROM audit_event"))


# risk_result before migration 0013: today's columns, and its flag kinds and agencies as text too.
OLD_RISK_RESULT = sa.table(
    "risk_result",
    *(sa.column(column.name, column.type) for column in RiskResult.__table__.columns),
    sa.column("flag_kinds", sa.String),
    sa.column("agencies", sa.String),
)
FLAG_ROW, AGENCY_ROW = RiskResultFlag.__table__, RiskResultAgency.__table__

# result id: (flag kinds as text, agencies as text, flag rows already there, agency rows already there)
BEFORE_0013 = {
    1: ("coverage-gap risk-to-others", "police social-care", [], []),  # rows never written
    2: ("plan-not-reviewed", "health", ["plan-not-reviewed"], ["health"]),  # both copies agree
    3: ("coverage-gap plan-not-reviewed", "education police", ["plan-not-reviewed"], ["police"]),  # rows short
    4: ("", "", [], []),
}


def _results_before_0013(young_person_id, authority_id) -> list[dict]:
    return [
        {
            "id": result_id, "young_person_id": young_person_id, "authority_id": authority_id,
            "is_current": result_id == 4, "computed_at": datetime(2026, 11, result_id, 9, 0, tzinfo=UTC),
            "band": "low", "computed_band": "low", "score": 0.0, "latest_only_band": "low",
            "risk_to_others_band": "low", "highest_band": "low", "trend": "same", "priority": 0,
            "last_episode_at": None, "next_review_due": None, "explanation": "{}", "rules_version": "test",
            "engine_version": "test", "inputs_hash": "0" * 64, "flag_kinds": flag_kinds, "agencies": agencies,
        }
        for result_id, (flag_kinds, agencies, _flags, _agencies) in BEFORE_0013.items()
    ]  # fmt: skip


def _rows(table, value: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for result_id, name in db.session.execute(sa.select(table.c.result_id, table.c[value])):
        found.setdefault(result_id, []).append(name)
    return {result_id: sorted(names) for result_id, names in found.items()}


def test_0013_keeps_flags_and_agencies_in_rows_only_and_back(fresh_app):
    from tests.factories import Factories

    migrate(fresh_app, "0012")
    with fresh_app.app_context():
        make = Factories(db.session)
        area = make.authority("luton", "Luton")
        person = make.young_person(area)
        db.session.commit()
        db.session.execute(revisions.touching(OLD_RISK_RESULT.insert()), _results_before_0013(person.id, area.id))
        for result_id, (_flag_kinds, _agencies, flags, agencies) in BEFORE_0013.items():
            for kind in flags:
                db.session.execute(revisions.touching(FLAG_ROW.insert()), {"result_id": result_id, "kind": kind})
            for agency in agencies:
                db.session.execute(revisions.touching(AGENCY_ROW.insert()), {"result_id": result_id, "agency": agency})
        db.session.commit()

    migrate(fresh_app)
    with fresh_app.app_context():
        columns = {column["name"] for column in sa.inspect(db.engine).get_columns("risk_result")}
        assert not columns & {"flag_kinds", "agencies"}
        assert _rows(FLAG_ROW, "kind") == {
            1: ["coverage-gap", "risk-to-others"],
            2: ["plan-not-reviewed"],
            3: ["coverage-gap", "plan-not-reviewed"],
        }
        assert _rows(AGENCY_ROW, "agency") == {1: ["police", "social-care"], 2: ["health"], 3: ["education", "police"]}
        read = {result.id: (result.flag_kinds, result.agencies) for result in db.session.scalars(sa.select(RiskResult))}
        assert read == {
            1: (("coverage-gap", "risk-to-others"), ("police", "social-care")),
            2: (("plan-not-reviewed",), ("health",)),
            3: (("coverage-gap", "plan-not-reviewed"), ("education", "police")),
            4: ((), ()),
        }

    migrate(fresh_app, "0012", down=True)
    with fresh_app.app_context():
        text = db.session.execute(
            sa.select(OLD_RISK_RESULT.c.id, OLD_RISK_RESULT.c.flag_kinds, OLD_RISK_RESULT.c.agencies)
        )
        assert {row.id: (row.flag_kinds, row.agencies) for row in text} == {
            result_id: (flag_kinds, agencies) for result_id, (flag_kinds, agencies, *_) in BEFORE_0013.items()
        }, "as riskapp wrote them: sorted, joined by single spaces"

    migrate(fresh_app)
    with fresh_app.app_context():
        assert _rows(FLAG_ROW, "kind")[3] == ["coverage-gap", "plan-not-reviewed"], "nothing added twice"


def test_0014_adds_the_claimed_tokens_of_create_forms_and_takes_them_away(fresh_app):
    from riskapp.data.organisations import list_agencies
    from riskapp.models import FormSubmission, User

    migrate(fresh_app, "0013")
    with fresh_app.app_context():
        assert "form_submission" not in sa.inspect(db.engine).get_table_names()

    migrate(fresh_app)
    with fresh_app.app_context():
        user = User(
            email="zoe@example.org", full_name="Zoë", role="practitioner", agency_id=list_agencies()[0].id,
            password_hash="x", version=1,
        )  # fmt: skip
        db.session.add(user)
        db.session.flush()
        claim = {"token": "abc", "user_id": user.id, "object_type": "professional_note", "object_id": "1"}
        db.session.add(FormSubmission(**claim))
        db.session.commit()
        db.session.add(FormSubmission(**{**claim, "object_id": "2"}))
        with pytest.raises(sa.exc.IntegrityError):
            db.session.commit()
        db.session.rollback()

    migrate(fresh_app, "0013", down=True)
    with fresh_app.app_context():
        assert "form_submission" not in sa.inspect(db.engine).get_table_names()
    migrate(fresh_app)
    with fresh_app.app_context():
        assert db.session.scalars(sa.select(FormSubmission)).all() == []


# screening before migration 0015: today's columns but the two about discarding.
OLD_SCREENING = sa.table(
    "screening",
    *(
        sa.column(c.name, c.type)
        for c in Screening.__table__.columns
        if c.name not in {"discarded_at", "discard_reason"}
    ),
)


def _draft_before_0015(young_person_id, author_id, agency_id, definition, day: int) -> dict:
    return {
        "id": uuid.uuid4(), "young_person_id": young_person_id, "definition_id": definition.id,
        "questionnaire_id": definition.questionnaire_id, "questionnaire_version": definition.questionnaire_version,
        "definition_hash": definition.definition_hash, "status": "draft", "agency_id": agency_id,
        "author_id": author_id, "submitted_at": None, "answers_hash": "", "amends_id": None, "amendment_reason": "",
        "version": 1, "created_at": datetime(2026, 11, day, 9, 0, tzinfo=UTC),
        "updated_at": datetime(2026, 11, day, 9, 0, tzinfo=UTC),
    }  # fmt: skip


def test_0015_keeps_one_draft_per_person_and_young_person_and_back(fresh_app):
    from riskapp.catalogue.questionnaires import sync_shipped_definitions
    from riskapp.data import questionnaires as questionnaire_data
    from tests.factories import Factories

    migrate(fresh_app, "0014")
    with fresh_app.app_context():
        make = Factories(db.session)
        area = make.authority("luton", "Luton")
        person, other = make.young_person(area), make.young_person(area)
        author, colleague = make.user(authorities=[area]), make.user(authorities=[area])
        db.session.commit()
        sync_shipped_definitions()
        definition = questionnaire_data.get_definition_by_version("cse-screening", 2)
        rows = {
            "older": _draft_before_0015(person.id, author.id, author.agency_id, definition, 1),
            "oldest": _draft_before_0015(person.id, author.id, author.agency_id, definition, 2),
            "newest": _draft_before_0015(person.id, author.id, author.agency_id, definition, 3),
            "colleague's": _draft_before_0015(person.id, colleague.id, colleague.agency_id, definition, 1),
            "of another young person": _draft_before_0015(other.id, author.id, author.agency_id, definition, 1),
        }
        rows["oldest"]["created_at"] = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)  # saved later, started first
        db.session.execute(revisions.touching(OLD_SCREENING.insert()), list(rows.values()))
        db.session.commit()

    migrate(fresh_app)
    with fresh_app.app_context():
        found = {s.id: s for s in db.session.scalars(sa.select(Screening))}
        status = {name: found[row["id"]].status for name, row in rows.items()}
        assert status == {
            "older": "discarded",
            "oldest": "discarded",
            "newest": "draft",
            "colleague's": "draft",
            "of another young person": "draft",
        }
        assert found[rows["older"]["id"]].discard_reason == "duplicate draft (migration)"
        assert found[rows["older"]["id"]].discarded_at is not None
        assert found[rows["newest"]["id"]].discard_reason == ""
        second = dict(rows["newest"], id=uuid.uuid4())
        with pytest.raises(DatabaseError):
            with db.session.begin_nested():
                db.session.execute(revisions.touching(OLD_SCREENING.insert()), second)
        db.session.rollback()

    migrate(fresh_app, "0014", down=True)
    with fresh_app.app_context():
        columns = {column["name"] for column in sa.inspect(db.engine).get_columns("screening")}
        assert not columns & {"discarded_at", "discard_reason"}
        db.session.execute(revisions.touching(OLD_SCREENING.insert()), dict(rows["newest"], id=uuid.uuid4()))
        db.session.rollback()  # two drafts were allowed again

    migrate(fresh_app)


OLD_NOTE = sa.table(
    "professional_note",
    sa.column("id", sa.Uuid),
    sa.column("young_person_id", sa.Uuid),
    sa.column("agency_id", sa.Integer),
    sa.column("author_id", sa.Integer),
    sa.column("noted_at", sa.DateTime),
    sa.column("text", sa.Text),
    sa.column("evidence_of", sa.String),
    sa.column("version", sa.Integer),
    sa.column("created_at", sa.DateTime),
    sa.column("updated_at", sa.DateTime),
)


def test_0016_keeps_every_note_not_withdrawn_and_back(fresh_app):
    from riskapp.models import ProfessionalNote
    from tests.factories import Factories

    migrate(fresh_app, "0015")
    with fresh_app.app_context():
        make = Factories(db.session)
        area = make.authority("luton", "Luton")
        person, author = make.young_person(area), make.user(authorities=[area])
        db.session.commit()
        at = datetime(2026, 11, 1, 9, 0)
        row = {
            "id": uuid.uuid4(),
            "young_person_id": person.id,
            "agency_id": author.agency_id,
            "author_id": author.id,
            "noted_at": at,
            "text": "Seen with a new phone",
            "evidence_of": "",
            "version": 1,
            "created_at": at,
            "updated_at": at,
        }
        db.session.execute(revisions.touching(OLD_NOTE.insert()), row)
        db.session.commit()

    migrate(fresh_app)
    with fresh_app.app_context():
        note = db.session.get(ProfessionalNote, row["id"])
        assert (note.text, note.is_withdrawn, note.withdrawn_by_id, note.withdrawn_reason) == (
            "Seen with a new phone",
            False,
            None,
            "",
        )

    migrate(fresh_app, "0015", down=True)
    with fresh_app.app_context():
        columns = {column["name"] for column in sa.inspect(db.engine).get_columns("professional_note")}
        assert not columns & {"withdrawn_at", "withdrawn_by_id", "withdrawn_reason"}
        texts = db.session.scalars(sa.select(OLD_NOTE.c.text).where(OLD_NOTE.c.id == row["id"])).all()
        assert texts == ["Seen with a new phone"]

    migrate(fresh_app)
