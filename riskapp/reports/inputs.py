"""Everything a young person's summary prints, loaded once, as plain frozen data.

``load_summary_inputs`` is the only part of printing a summary that reads the database (and, for a
record never scored, the one that scores it). The print context (riskapp.reports.context) and the
cache key (riskapp.reports.cache) are pure functions of what it returns, so a test can build
``SummaryInputs`` by hand. It holds what is printed and nothing else: a change to the record that the
summary does not print (a draft screening, another young person's action) leaves it as it was.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from riskapp.catalogue.questionnaires import parsed, shipped
from riskapp.data import chronology as chronology_data
from riskapp.data import risk as risk_data
from riskapp.data import screenings as screening_data
from riskapp.data.meetings import meetings_about
from riskapp.models import User, YoungPerson
from riskapp.permissions import Permission, can_access_young_person
from riskapp.questionnaire.schema import ANSWERED, VOICE_TAG, Questionnaire
from riskapp.risk import service
from riskapp.scoring.result import Assessment
from riskapp.timeutil import today


@dataclass(frozen=True)
class Record:
    """The young person's own record. ``sex`` and ``legal_status`` are the stored codes."""

    id: uuid.UUID
    full_name: str
    aliases: tuple[str, ...]
    date_of_birth: date
    sex: str
    nhs_number: str
    local_id: str
    legal_status: str
    placement: str
    authority: str
    learning_disability: str  # yes, no or not-known
    disability_details: str


@dataclass(frozen=True)
class Result:
    """The current result: the bands stored with it and the assessment that explains them."""

    band: str
    computed_band: str
    score: float
    latest_only_band: str
    risk_to_others_band: str
    highest_band: str
    inputs_hash: str
    assessment: Assessment


@dataclass(frozen=True)
class Episode:
    id: uuid.UUID
    reported_at: datetime
    returned_at: datetime | None
    agency: str
    author: str
    missing_from: str
    police_classification: str
    police_classification_label: str
    police_risk_grade_label: str
    found_location: str
    found_with: str
    vehicle: str
    out_of_area: str
    return_interview: str
    return_interview_by: str
    return_interview_findings: str


@dataclass(frozen=True)
class Incident:
    id: uuid.UUID
    occurred_at: datetime
    label: str
    agency: str
    author: str
    description: str


@dataclass(frozen=True)
class PlanReview:
    reviewed_at: datetime
    plan_type: str
    summary: str
    next_review_due: date | None
    agency: str
    author: str


@dataclass(frozen=True)
class Note:
    id: uuid.UUID
    noted_at: datetime
    agency: str
    author: str
    text: str


@dataclass(frozen=True)
class VoiceAnswer:
    """One answer to an item the questionnaire tags ``voice``, with the question as that version asked it."""

    question: str
    answer: str


@dataclass(frozen=True)
class Screening:
    """A submitted screening: what the chronology says of it, and the young person's voice in it."""

    id: uuid.UUID
    submitted_at: datetime
    title: str
    questionnaire_version: int
    agency: str
    author: str
    voice: tuple[VoiceAnswer, ...] = ()


@dataclass(frozen=True)
class Action:
    """An open action about the young person, or shared by everyone discussed (``shared``)."""

    description: str
    owner: str
    agency: str
    due_on: date
    shared: bool


@dataclass(frozen=True)
class Meeting:
    """A meeting that discussed the young person. Of the others discussed, only those the reader may
    see are named (``named``, in alphabetical order); the rest are counted (``unnamed``)."""

    id: uuid.UUID
    held_on: date
    meeting_type: str
    chair: str
    decisions: str  # about this young person alone
    shared_decisions: str  # for everyone discussed
    views_settled: str
    next_review_on: date | None
    open_actions: tuple[Action, ...]
    named: tuple[str, ...]
    unnamed: int


@dataclass(frozen=True)
class PendingLowering:
    """A lower band waiting for a manager. ``requested_by`` is None when the system asked for it."""

    requested_by: str | None
    requested_at: datetime
    band_in_force: str
    proposed_band: str
    reason: str


@dataclass(frozen=True)
class Judgement:
    """The professional judgement in force."""

    band: str
    rationale: str
    by: str


@dataclass(frozen=True)
class Professional:
    name: str
    role: str
    agency: str
    contact: str


@dataclass(frozen=True)
class SummaryInputs:
    record: Record
    result: Result
    bands: tuple[tuple[str, str], ...]  # (id, label) of the rules in force, lowest first
    episodes: tuple[Episode, ...]
    incidents: tuple[Incident, ...]
    plan_reviews: tuple[PlanReview, ...]
    notes: tuple[Note, ...]
    screenings: tuple[Screening, ...]  # submitted ones, newest first
    meetings: tuple[Meeting, ...]  # newest first
    pending_lowerings: tuple[PendingLowering, ...]  # newest first
    judgement: Judgement | None
    professionals: tuple[Professional, ...]
    band_history: tuple[tuple[datetime, str], ...]  # each stored result's time and band, oldest first
    today: date  # the UK day it was loaded: actions and reviews are overdue by it


def reader_may_name(user: User | None) -> Callable[[YoungPerson], bool]:
    """Whom a summary printed for ``user`` may name besides its own young person: those the user may
    see. Without a user, nobody (a caller that knows its readers passes its own rule)."""
    if user is None:
        return lambda person: False
    return lambda person: can_access_young_person(user, person, Permission.VIEW_YOUNG_PEOPLE)


def printed_by(user: User) -> str:
    """Who printed a summary, as its first lines say."""
    return f"{user.full_name}, {user.role_enum.label}, {user.agency.name}"


def voice_item_ids(questionnaire: Questionnaire, shipped_versions: list[Questionnaire]) -> tuple[str, ...]:
    """The items of a questionnaire version printed as the young person's own voice: those it tags
    ``voice``. A version stored before the tag existed (it does not declare it) takes the items the
    shipped versions of the same questionnaire tag: an item id keeps its meaning in every version."""
    if questionnaire.declares_tag(VOICE_TAG):
        return tuple(item.id for item in questionnaire.tagged(VOICE_TAG))
    tagged = {item.id for version in shipped_versions for item in version.tagged(VOICE_TAG)}
    return tuple(item.id for item in questionnaire.items() if item.id in tagged)


def _answer_text(value) -> str:
    if value is None:
        return ""
    return ", ".join(value) if isinstance(value, list) else str(value)


def _screenings(young_person_id: uuid.UUID) -> tuple[Screening, ...]:
    """Submitted screenings, each with its voice answers (only those are read of its answers)."""
    submitted = [s for s in screening_data.screenings_for(young_person_id, with_answers=False) if s.is_submitted]
    questions: dict[int, dict[str, str]] = {}  # by definition: the voice items' questions, by item id
    for screening in submitted:
        if screening.definition_id not in questions:
            questionnaire = parsed(screening.definition)
            index = questionnaire.item_index()
            ids = voice_item_ids(questionnaire, shipped().versions(questionnaire.id))
            questions[screening.definition_id] = {item_id: index[item_id].text for item_id in ids}
    wanted = {item_id for by_item in questions.values() for item_id in by_item}
    answers = screening_data.answers_to([s.id for s in submitted], wanted)
    rows = []
    for screening in submitted:
        asked = questions[screening.definition_id]
        voice = tuple(
            VoiceAnswer(asked[a.item_id], _answer_text(a.value))
            for a in answers[screening.id]
            if a.item_id in asked and a.state == ANSWERED
        )
        rows.append(
            Screening(
                id=screening.id,
                submitted_at=screening.submitted_at,
                title=screening.definition.title,
                questionnaire_version=screening.questionnaire_version,
                agency=screening.agency.name,
                author=screening.author.full_name,
                voice=voice,
            )
        )
    return tuple(rows)


def _meetings(young_person: YoungPerson, may_name: Callable[[YoungPerson], bool]) -> tuple[Meeting, ...]:
    rows = []
    for meeting in meetings_about(young_person.id):
        others = [p for p in meeting.young_people if p.id != young_person.id]
        named = tuple(sorted(p.full_name for p in others if may_name(p)))
        rows.append(
            Meeting(
                id=meeting.id,
                held_on=meeting.held_on,
                meeting_type=meeting.meeting_type,
                chair=meeting.chair,
                decisions=meeting.decisions_about(young_person.id),
                shared_decisions=meeting.decisions,
                views_settled=meeting.views_settled,
                next_review_on=meeting.next_review_on,
                open_actions=tuple(
                    Action(a.description, a.owner, a.agency.name, a.due_on, shared=a.young_person_id is None)
                    for a in meeting.actions
                    if a.status == "open" and a.young_person_id in (None, young_person.id)
                ),
                named=named,
                unnamed=len(others) - len(named),
            )
        )
    return tuple(rows)


def _episode(e) -> Episode:
    return Episode(
        id=e.id,
        reported_at=e.reported_at,
        returned_at=e.returned_at,
        agency=e.agency.name,
        author=e.author.full_name,
        missing_from=e.missing_from,
        police_classification=e.police_classification,
        police_classification_label=e.police_classification_label,
        police_risk_grade_label=e.police_risk_grade_label,
        found_location=e.found_location,
        found_with=e.found_with,
        vehicle=e.vehicle,
        out_of_area=e.out_of_area,
        return_interview=e.return_interview,
        return_interview_by=e.return_interview_by,
        return_interview_findings=e.return_interview_findings,
    )


def load_summary_inputs(young_person: YoungPerson, *, may_name: Callable[[YoungPerson], bool]) -> SummaryInputs:
    """Everything the summary of ``young_person`` prints, read once. ``may_name`` says which other young
    people discussed at their meetings the summary may name (``reader_may_name`` for a reader); the
    rest are counted, never named. A record never scored is scored now (riskapp.risk.service)."""
    result = service.current_result(young_person)
    rules = service.active_rules()
    entries = chronology_data.entries_of(young_person.id)
    judgement = next(
        (
            Judgement(o.band, o.rationale, o.author.full_name)
            for o in risk_data.overrides_of(young_person.id)
            if o.status == "in-force"
        ),
        None,
    )
    return SummaryInputs(
        record=Record(
            id=young_person.id,
            full_name=young_person.full_name,
            aliases=tuple(young_person.alias_list),
            date_of_birth=young_person.date_of_birth,
            sex=young_person.sex,
            nhs_number=young_person.nhs_number,
            local_id=young_person.local_id,
            legal_status=young_person.legal_status,
            placement=young_person.placement,
            authority=young_person.responsible_authority.name,
            learning_disability=young_person.learning_disability,
            disability_details=young_person.disability_details,
        ),
        result=Result(
            band=result.band,
            computed_band=result.computed_band,
            score=result.score,
            latest_only_band=result.latest_only_band,
            risk_to_others_band=result.risk_to_others_band,
            highest_band=result.highest_band,
            inputs_hash=result.inputs_hash,
            assessment=service.assessment(result),
        ),
        bands=tuple((band.id, band.label) for band in rules.bands),
        episodes=tuple(_episode(e) for e in entries["episode"]),
        incidents=tuple(
            Incident(i.id, i.occurred_at, i.incident_label, i.agency.name, i.author.full_name, i.description)
            for i in entries["incident"]
        ),
        plan_reviews=tuple(
            PlanReview(p.reviewed_at, p.plan_type, p.summary, p.next_review_due, p.agency.name, p.author.full_name)
            for p in entries["plan-review"]
        ),
        notes=tuple(
            Note(n.id, n.noted_at, n.agency.name, n.author.full_name, n.text)
            for n in entries["note"]
            if not n.is_withdrawn  # withdrawn: on the chronology, not in the summary
        ),
        screenings=_screenings(young_person.id),
        meetings=_meetings(young_person, may_name),
        pending_lowerings=tuple(
            PendingLowering(
                d.requested_by.full_name if d.requested_by else None,
                d.requested_at,
                d.band_in_force,
                d.proposed_band,
                d.reason,
            )
            for d in risk_data.decisions_of(young_person.id)
            if d.status == "awaiting"
        ),
        judgement=judgement,
        professionals=tuple(
            Professional(p.name, p.job_title, p.agency.name, p.contact) for p in young_person.professionals
        ),
        band_history=tuple(risk_data.band_history(young_person.id)),
        today=today(),
    )
