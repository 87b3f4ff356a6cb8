"""A young person's revision: a number that moves on with every change to anything shown about them.

Pages about a young person keep what they rendered under it (riskapp.fragments), so a page is
served from that cache only while nothing about the young person has changed. The band is
safety-critical: a change recorded anywhere (an episode, a screening's answer, a meeting, a stored
result, a band decision, a judgement) must be seen on the next page. So the revision is not moved
by the code that makes each change but here, once, for every change the session writes:

- before each flush, every new, changed or deleted object is looked at and the young people it
  concerns are noted: its ``young_person_id``, or through its screening, meeting or stored result;
- after the flush (and at commit, for bulk changes), one UPDATE moves on the revision of every
  young person noted, in the same transaction as the change: rolled back with it, seen with it;
- a model that is neither about young people nor listed below as not about one is refused
  (``UnclassifiedChange``), so a new table cannot be forgotten;
- a bulk INSERT, UPDATE or DELETE (which the session does not see object by object) on a table about young
  people is refused unless it says whom it touched: ``touching(statement)`` and ``touch(ids)``.
"""

import uuid
from collections.abc import Iterable

from sqlalchemy import Table, event, inspect, or_, select, update
from sqlalchemy.orm import ORMExecuteState, Session

from riskapp.models import (
    Agency,
    AuditEvent,
    AuditPending,
    AuditSeal,
    FormSubmission,
    LocalAuthority,
    MeetingAction,
    PanelPack,
    PanelPackSection,
    QuestionnaireDefinition,
    ReportCache,
    RiskResult,
    RiskResultAgency,
    RiskResultFlag,
    Screening,
    ScreeningAnswer,
    SignInThrottle,
    StrategyMeeting,
    User,
    UserSession,
    YoungPerson,
    meeting_young_person,
)

# Not about one young person: the audit trail (it records views, which change nothing), the
# summary cache, panel packs, sign-in, create forms' claimed tokens, and reference data (names of
# staff, agencies and authorities reach cached fragments after at most FRAGMENT_CACHE_SECONDS; the
# active questionnaire is part of their key).
NOT_ABOUT_A_YOUNG_PERSON = frozenset(
    {
        AuditEvent,
        AuditPending,
        AuditSeal,
        ReportCache,
        User,
        UserSession,
        SignInThrottle,
        Agency,
        LocalAuthority,
        QuestionnaireDefinition,
        PanelPack,
        FormSubmission,  # which form made a record; the record itself is noted
        PanelPackSection,  # a panel pack's copy of a summary, not shown on the young person's pages
    }
)
_NOTED = "young_people_changed"
_TOUCHED_OPTION = "young_people_touched"


class UnclassifiedChange(RuntimeError):
    """A change to a model this module does not know: say whom it concerns, or that it is nobody."""


class _Noted:
    """The young people a transaction's changes concern, directly or through a parent row."""

    def __init__(self) -> None:
        self.young_people: set[uuid.UUID] = set()
        self.screenings: set[uuid.UUID] = set()
        self.meetings: set[uuid.UUID] = set()
        self.results: set[uuid.UUID] = set()

    def __bool__(self) -> bool:
        return bool(self.young_people or self.screenings or self.meetings or self.results)

    def note(self, obj: object) -> None:
        cls = type(obj)
        if cls in NOT_ABOUT_A_YOUNG_PERSON:
            return
        if isinstance(obj, YoungPerson):
            self._add(self.young_people, obj.id)
        elif isinstance(obj, ScreeningAnswer):
            self._add(self.screenings, obj.screening_id)
        elif isinstance(obj, StrategyMeeting):
            # Everyone discussed now, and anyone taken off the meeting in this change.
            history = inspect(obj).attrs.young_people.history
            for young_person in [*obj.young_people, *history.deleted]:
                self._add(self.young_people, young_person.id)
            self._add(self.meetings, obj.id)
        elif isinstance(obj, MeetingAction):
            self._add(self.meetings, obj.meeting_id)
            self._add(self.young_people, obj.young_person_id)
        elif isinstance(obj, RiskResultFlag | RiskResultAgency):
            # Rows added through RiskResult.flag_rows or agency_rows have no result_id before the
            # flush; their result, new or changed with them, is noted for itself.
            self._add(self.results, obj.result_id)
        elif hasattr(obj, "young_person_id"):
            self._add(self.young_people, obj.young_person_id)
        else:
            raise UnclassifiedChange(f"{cls.__name__}: add it to riskapp.data.revisions")

    @staticmethod
    def _add(ids: set, value) -> None:
        if value is not None:
            ids.add(value)

    def statement(self):
        """One UPDATE moving on every noted young person's revision."""
        table = YoungPerson.__table__
        conditions = []
        if self.young_people:
            conditions.append(table.c.id.in_(sorted(self.young_people)))
        if self.screenings:
            conditions.append(
                table.c.id.in_(select(Screening.young_person_id).where(Screening.id.in_(sorted(self.screenings))))
            )
        if self.meetings:
            link = meeting_young_person
            conditions.append(
                table.c.id.in_(select(link.c.young_person_id).where(link.c.meeting_id.in_(sorted(self.meetings))))
            )
        if self.results:
            conditions.append(
                table.c.id.in_(select(RiskResult.young_person_id).where(RiskResult.id.in_(sorted(self.results))))
            )
        return touching(update(table).where(or_(*conditions)).values(revision=table.c.revision + 1))


def _noted(session: Session) -> _Noted:
    noted = session.info.get(_NOTED)
    if noted is None:
        noted = session.info[_NOTED] = _Noted()
    return noted


def touch(session: Session, young_person_ids: Iterable[uuid.UUID]) -> None:
    """Note young people a bulk statement changed; their revisions move on at commit."""
    _noted(session).young_people.update(i for i in young_person_ids if i is not None)


def touching(statement):
    """Mark a bulk UPDATE or DELETE whose young people were given to ``touch`` (or that concerns
    nobody's page)."""
    return statement.execution_options(**{_TOUCHED_OPTION: True})


_TRACKED_TABLES: frozenset[str] = frozenset()


def _tracked_tables() -> frozenset[str]:
    global _TRACKED_TABLES
    if not _TRACKED_TABLES:
        untracked = {cls.__table__.name for cls in NOT_ABOUT_A_YOUNG_PERSON}
        _TRACKED_TABLES = frozenset(name for name in YoungPerson.metadata.tables if name not in untracked) - {
            "user_authority"
        }
    return _TRACKED_TABLES


@event.listens_for(Session, "before_flush")
def _note_changes(session: Session, _flush_context, _instances) -> None:
    if not (session.new or session.dirty or session.deleted):
        return
    noted = _noted(session)
    for obj in [*session.new, *session.deleted]:
        noted.note(obj)
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=True):
            noted.note(obj)


def _move_on(session: Session) -> None:
    noted = session.info.pop(_NOTED, None)
    if noted:
        session.execute(noted.statement())


@event.listens_for(Session, "after_flush_postexec")
def _move_on_after_flush(session: Session, _flush_context) -> None:
    _move_on(session)


@event.listens_for(Session, "before_commit")
def _move_on_before_commit(session: Session) -> None:
    _move_on(session)  # young people given to touch() since the last flush


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, _previous_transaction) -> None:
    session.info.pop(_NOTED, None)


@event.listens_for(Session, "do_orm_execute")
def _refuse_unnoted_bulk_changes(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete or state.is_insert) or state.execution_options.get(_TOUCHED_OPTION):
        return
    table = state.statement.table
    name = table.name if isinstance(table, Table) else getattr(table, "name", "")
    if name in _tracked_tables():
        raise UnclassifiedChange(
            f"bulk change to {name}: say whose revision it moves (revisions.touch and revisions.touching)"
        )
