"""The plain data a young person's summary is printed from. Templates never see ORM objects."""

import uuid
from collections.abc import Callable
from datetime import date, datetime

from riskapp.catalogue.questionnaires import parsed
from riskapp.data import chronology as chronology_data
from riskapp.data import risk as risk_data
from riskapp.data import screenings as screening_data
from riskapp.data.meetings import meetings_about
from riskapp.models import User, YoungPerson
from riskapp.permissions import Permission, can_access_young_person
from riskapp.reference import LEGAL_STATUS_CHOICES, SEX_CHOICES, label_for
from riskapp.reports import evidence
from riskapp.reports.charts import band_over_time, episodes_per_month
from riskapp.risk import service
from riskapp.timeutil import to_uk, utcnow

VOICE_ITEMS = ("voice_what_said", "voice_not_said", "voice_behaviour_observed", "voice_wishes_feelings")


def _episode_text(e) -> str:
    parts = [f"Missing from {e.missing_from}", f"police: {e.police_classification_label or e.police_classification}"]
    if e.police_risk_grade_label:
        parts.append(e.police_risk_grade_label)
    if e.found_location:
        parts.append(f"found at {e.found_location}")
    if e.found_with:
        parts.append(f"with {e.found_with}")
    if e.out_of_area == "yes":
        parts.append("out of area")
    parts.append(f"return home interview: {e.return_interview}")
    return "; ".join(parts)


# People, places and vehicles of concern: what missing episodes record about where and with whom a
# young person was found. (There is no separate register of them yet.)
CONCERN_FIELDS = (("found_with", "Person"), ("found_location", "Place"), ("vehicle", "Vehicle"))


def _concerns(episodes) -> list[dict]:
    rows = [
        {"on": to_uk(e.reported_at).date(), "kind": kind, "detail": getattr(e, name), "agency": e.agency.name}
        for e in episodes
        for name, kind in CONCERN_FIELDS
        if getattr(e, name)
    ]
    return sorted(rows, key=lambda row: row["on"], reverse=True)


def _chronology(entries: dict, screenings) -> list[dict]:
    rows = [
        {"at": e.reported_at, "kind": "Missing episode", "agency": e.agency.name, "author": e.author.full_name,
         "text": _episode_text(e)}
        for e in entries["episode"]
    ]  # fmt: skip
    rows += [
        {
            "at": i.occurred_at,
            "kind": i.incident_label,
            "agency": i.agency.name,
            "author": i.author.full_name,
            "text": i.description,
        }
        for i in entries["incident"]
    ]
    rows += [
        {
            "at": p.reviewed_at,
            "kind": "Plan review",
            "agency": p.agency.name,
            "author": p.author.full_name,
            "text": p.summary,
        }
        for p in entries["plan-review"]
    ]
    rows += [
        {"at": n.noted_at, "kind": "Note", "agency": n.agency.name, "author": n.author.full_name, "text": n.text}
        for n in entries["note"]
    ]
    rows += [
        {"at": s.submitted_at, "kind": f"Screening ({s.definition.title}, v{s.questionnaire_version})",
         "agency": s.agency.name, "author": s.author.full_name, "text": ""}
        for s in screenings if s.is_submitted
    ]  # fmt: skip
    return sorted(rows, key=lambda row: row["at"], reverse=True)


def _latest_by_agency(chronology: list[dict]) -> list[dict]:
    """Each agency's most recent entry in the chronology (newest first), so a chair sees at a glance
    who has been in touch lately and who has not."""
    latest: dict[str, dict] = {}
    for row in chronology:  # newest first
        latest.setdefault(row["agency"], row)
    return list(latest.values())


def _voice(screenings) -> list[dict]:
    voice = []
    for screening in screenings:
        if not screening.is_submitted:
            continue
        questionnaire = parsed(screening.definition)
        for answer in screening.answers:
            if answer.item_id in VOICE_ITEMS and answer.state == "answered":
                voice.append(
                    {"at": screening.submitted_at, "question": questionnaire.item(answer.item_id).text,
                     "answer": answer.value.strip('"'), "agency": screening.agency.name}
                )  # fmt: skip
    return voice


def reader_may_name(user: User | None) -> Callable[[YoungPerson], bool]:
    """Whom a summary printed for ``user`` may name besides its own young person: those the user may
    see. Without a user, nobody (a caller that knows its readers passes its own rule)."""
    if user is None:
        return lambda person: False
    return lambda person: can_access_young_person(user, person, Permission.VIEW_YOUNG_PEOPLE)


def also_discussed(named: list[str], unnamed: int) -> str:
    """ "Mia Quill and 2 other young people": the others discussed, by name only where allowed."""
    words = [*named]
    if unnamed:
        words.append(f"{unnamed} other young {'person' if unnamed == 1 else 'people'}")
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


def _meeting_row(meeting, young_person: YoungPerson, may_name: Callable, today: date, latest: bool) -> dict:
    """One meeting as this young person's summary prints it: the decisions and open actions about
    them, those shared by everyone discussed (marked), and the others discussed only by name where
    the reader may see them."""
    others = [p for p in meeting.young_people if p.id != young_person.id]
    named = sorted(p.full_name for p in others if may_name(p))
    return {
        "id": str(meeting.id),
        "held_on": meeting.held_on,
        "type": meeting.meeting_type,
        "chair": meeting.chair,
        "decisions": meeting.decisions_about(young_person.id),
        "shared_decisions": meeting.decisions,
        "also_discussed": also_discussed(named, len(others) - len(named)),
        "views_settled": meeting.views_settled,
        "next_review_on": meeting.next_review_on,
        "review_missed": bool(latest and meeting.next_review_on and meeting.next_review_on < today),
        "open_actions": [
            {
                "description": a.description,
                "owner": a.owner,
                "agency": a.agency.name,
                "due_on": a.due_on,
                "overdue": a.due_on < today,
                "shared": a.young_person_id is None,
            }
            for a in meeting.actions
            if a.status == "open" and a.young_person_id in (None, young_person.id)
        ],
    }


def summary_context(
    young_person: YoungPerson,
    user: User | None,
    now: datetime | None = None,
    data_version: str = "",
    for_meeting: uuid.UUID | None = None,
    generated_by: str = "",
    may_name: Callable[[YoungPerson], bool] | None = None,
) -> dict:
    """Everything the summary prints. ``for_meeting`` names the meeting the summary is made for:
    its decisions and actions are printed first, under their own heading. ``generated_by`` says
    who printed it when that is not ``user`` (a pack made from the command line has no user).
    ``may_name`` says which other young people discussed at its meetings it may name (by default
    those ``user`` may see); the rest are counted, never named."""
    now = now or utcnow()
    may_name = may_name or reader_may_name(user)
    result = service.current_result(young_person)
    explanation = service.explanation(result)
    rules = service.active_rules()
    entries = chronology_data.entries_of(young_person.id)
    screenings = screening_data.screenings_for(young_person.id)
    meetings = meetings_about(young_person.id)
    chronology = _chronology(entries, screenings)
    bands = rules.band_labels
    return {
        "generated_at": now,
        "generated_by": generated_by or f"{user.full_name}, {user.role_enum.label}, {user.agency.name}",
        "data_version": data_version or result.inputs_hash[:16],
        "young_person": {
            "name": young_person.full_name,
            "aliases": young_person.alias_list,
            "date_of_birth": young_person.date_of_birth,
            "sex": label_for(SEX_CHOICES, young_person.sex),
            "nhs_number": young_person.nhs_number,
            "local_id": young_person.local_id,
            "reference": young_person.local_id or str(young_person.id),  # for the PDF's metadata: never the name
            "legal_status": label_for(LEGAL_STATUS_CHOICES, young_person.legal_status),
            "placement": young_person.placement,
            "authority": young_person.responsible_authority.name,
        },
        "bands": bands,
        "result": {
            "band": result.band,
            "computed_band": result.computed_band,
            "score": result.score,
            "latest_only_band": result.latest_only_band if entries["episode"] else None,
            "risk_to_others_band": result.risk_to_others_band,
            "highest_band": result.highest_band,
            "override": next(
                (
                    {"band": o.band, "rationale": o.rationale, "by": o.author.full_name}
                    for o in risk_data.overrides_of(young_person.id)
                    if o.status == "in-force"
                ),
                None,
            ),
        },
        "pending_lowerings": evidence.pending_lowerings(risk_data.decisions_of(young_person.id), bands),
        "factors": evidence.factors(explanation, evidence.entry_sources(entries, screenings)),
        "findings": explanation["findings"],
        "flags": evidence.flags(explanation),
        "agency_views": evidence.agency_views(explanation, bands),
        "risk_to_others": explanation["risk_to_others_factors"],
        "chronology": chronology,
        "latest_by_agency": _latest_by_agency(chronology),
        "return_interviews": [
            {
                "returned_at": e.returned_at,
                "status": e.return_interview,
                "by": e.return_interview_by,
                "findings": e.return_interview_findings,
            }
            for e in entries["episode"]
            if e.return_interview_findings or e.return_interview == "done"
        ],
        "voice": _voice(screenings),
        "concerns": _concerns(entries["episode"]),
        "professionals": [
            {"name": p.name, "role": p.job_title, "agency": p.agency.name, "contact": p.contact}
            for p in young_person.professionals
        ],
        "charts": {
            "bands": band_over_time(
                [(r.computed_at, r.band) for r in risk_data.results_of(young_person.id)],
                [(b.id, b.label) for b in rules.bands],
            ),
            "episodes": episodes_per_month([e.reported_at for e in entries["episode"]], now.date()),
        },
        "for_meeting": str(for_meeting) if for_meeting else None,
        "meetings": [_meeting_row(m, young_person, may_name, now.date(), latest=m is meetings[0]) for m in meetings],
        "plan": next(
            (
                {
                    "reviewed_at": p.reviewed_at,
                    "summary": p.summary,
                    "next_review_due": p.next_review_due,
                    "type": p.plan_type,
                }
                for p in sorted(entries["plan-review"], key=lambda p: p.reviewed_at, reverse=True)
            ),
            None,
        ),  # fmt: skip
    }
