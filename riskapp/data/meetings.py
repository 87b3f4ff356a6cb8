import uuid
from datetime import date

from sqlalchemy import exists, select, update
from sqlalchemy.orm import aliased, joinedload

from riskapp.data import (
    add,  # noqa: F401 - the data layer's one add(), used as chronology_data.add
    revisions,
)
from riskapp.extensions import db
from riskapp.models import MeetingAction, StrategyMeeting, YoungPerson, meeting_young_person


def get_meeting(meeting_id: uuid.UUID) -> StrategyMeeting | None:
    return db.session.get(StrategyMeeting, meeting_id)


def get_action(action_id: int) -> MeetingAction | None:
    return db.session.get(MeetingAction, action_id)


def meetings_about(young_person_id: uuid.UUID) -> list[StrategyMeeting]:
    return list(
        db.session.scalars(
            select(StrategyMeeting)
            .join(meeting_young_person, meeting_young_person.c.meeting_id == StrategyMeeting.id)
            .where(meeting_young_person.c.young_person_id == young_person_id)
            .order_by(StrategyMeeting.held_on.desc())
        )
    )


def set_decisions(meeting: StrategyMeeting, decisions: dict[uuid.UUID, str]) -> None:
    """Write the decisions about each young person discussed (one UPDATE per young person given)."""
    for young_person_id, text in decisions.items():
        db.session.execute(
            revisions.touching(
                update(meeting_young_person)
                .where(
                    meeting_young_person.c.meeting_id == meeting.id,
                    meeting_young_person.c.young_person_id == young_person_id,
                )
                .values(decisions=text)
            )
        )
        revisions.touch(db.session, [young_person_id])
    db.session.expire(meeting, ["discussed"])


def young_people_by_local_ids(authority_ids: set[int], local_ids: list[str]) -> dict[str, YoungPerson]:
    if not local_ids:
        return {}
    rows = db.session.scalars(
        select(YoungPerson).where(
            YoungPerson.responsible_authority_id.in_(authority_ids), YoungPerson.local_id.in_(local_ids)
        )
    )
    return {person.local_id: person for person in rows}


def overdue_actions(authority_ids: set[int], today: date, limit: int = 50) -> list[MeetingAction]:
    return list(
        db.session.scalars(
            select(MeetingAction)
            .options(joinedload(MeetingAction.meeting).selectinload(StrategyMeeting.young_people))
            .join(StrategyMeeting, StrategyMeeting.id == MeetingAction.meeting_id)
            .where(
                StrategyMeeting.authority_id.in_(authority_ids),
                MeetingAction.status == "open",
                MeetingAction.due_on < today,
            )
            .order_by(MeetingAction.due_on)
            .limit(limit)
        )
    )


def missed_reviews(authority_ids: set[int], today: date, limit: int = 50) -> list[StrategyMeeting]:
    """Meetings whose next review date has passed with no later meeting about any of the same
    young people (one query)."""
    later_meeting = aliased(StrategyMeeting)
    ours, theirs = meeting_young_person.alias("ours"), meeting_young_person.alias("theirs")
    followed_up = exists().where(
        ours.c.meeting_id == StrategyMeeting.id,
        theirs.c.young_person_id == ours.c.young_person_id,
        theirs.c.meeting_id == later_meeting.id,
        later_meeting.held_on > StrategyMeeting.held_on,
    )
    return list(
        db.session.scalars(
            select(StrategyMeeting)
            .where(
                StrategyMeeting.authority_id.in_(authority_ids), StrategyMeeting.next_review_on < today, ~followed_up
            )
            .order_by(StrategyMeeting.next_review_on)
            .limit(limit)
        )
    )
