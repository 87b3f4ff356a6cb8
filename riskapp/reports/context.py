"""The plain data a young person's summary is printed from. Templates never see ORM objects.

``summary_context`` is a pure function of what riskapp.reports.inputs loaded: no queries here.
"""

import uuid
from datetime import date, datetime

from riskapp.reference import LEGAL_STATUS_CHOICES, SEX_CHOICES, YES_NO_NOT_KNOWN, label_for
from riskapp.reports import evidence
from riskapp.reports.charts import band_over_time, episodes_per_month
from riskapp.reports.inputs import Episode, Meeting, SummaryInputs
from riskapp.scoring.factors import age_on
from riskapp.timeutil import to_uk, utcnow


def _episode_text(e: Episode) -> str:
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


def _concerns(episodes: tuple[Episode, ...]) -> list[dict]:
    rows = [
        {"on": to_uk(e.reported_at).date(), "kind": kind, "detail": getattr(e, name), "agency": e.agency}
        for e in episodes
        for name, kind in CONCERN_FIELDS
        if getattr(e, name)
    ]
    return sorted(rows, key=lambda row: row["on"], reverse=True)


def _chronology(inputs: SummaryInputs) -> list[dict]:
    rows = [
        {"at": e.reported_at, "kind": "Missing episode", "agency": e.agency, "author": e.author,
         "text": _episode_text(e)}
        for e in inputs.episodes
    ]  # fmt: skip
    rows += [
        {"at": i.occurred_at, "kind": i.label, "agency": i.agency, "author": i.author, "text": i.description}
        for i in inputs.incidents
    ]
    rows += [
        {"at": p.reviewed_at, "kind": "Plan review", "agency": p.agency, "author": p.author, "text": p.summary}
        for p in inputs.plan_reviews
    ]
    rows += [
        {"at": n.noted_at, "kind": "Note", "agency": n.agency, "author": n.author, "text": n.text} for n in inputs.notes
    ]
    rows += [
        {"at": s.submitted_at, "kind": f"Screening ({s.title}, v{s.questionnaire_version})",
         "agency": s.agency, "author": s.author, "text": ""}
        for s in inputs.screenings
    ]  # fmt: skip
    return sorted(rows, key=lambda row: row["at"], reverse=True)


def _latest_by_agency(chronology: list[dict]) -> list[dict]:
    """Each agency's most recent entry in the chronology (newest first), so a chair sees at a glance
    who has been in touch lately and who has not."""
    latest: dict[str, dict] = {}
    for row in chronology:  # newest first
        latest.setdefault(row["agency"], row)
    return list(latest.values())


def _voice(inputs: SummaryInputs) -> list[dict]:
    return [
        {"at": s.submitted_at, "question": v.question, "answer": v.answer, "agency": s.agency}
        for s in inputs.screenings
        for v in s.voice
    ]


def also_discussed(named: list[str] | tuple[str, ...], unnamed: int) -> str:
    """ "Mia Quill and 2 other young people": the others discussed, by name only where allowed."""
    words = [*named]
    if unnamed:
        words.append(f"{unnamed} other young {'person' if unnamed == 1 else 'people'}")
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


def _meeting_row(meeting: Meeting, today: date, latest: bool) -> dict:
    """One meeting as this young person's summary prints it: the decisions and open actions about
    them, those shared by everyone discussed (marked), and the others discussed only by name where
    the reader may see them."""
    return {
        "id": str(meeting.id),
        "held_on": meeting.held_on,
        "type": meeting.meeting_type,
        "chair": meeting.chair,
        "decisions": meeting.decisions,
        "shared_decisions": meeting.shared_decisions,
        "also_discussed": also_discussed(meeting.named, meeting.unnamed),
        "views_settled": meeting.views_settled,
        "next_review_on": meeting.next_review_on,
        "review_missed": bool(latest and meeting.next_review_on and meeting.next_review_on < today),
        "open_actions": [
            {
                "description": a.description,
                "owner": a.owner,
                "agency": a.agency,
                "due_on": a.due_on,
                "overdue": a.due_on < today,
                "shared": a.shared,
            }
            for a in meeting.open_actions
        ],
    }


def summary_context(
    inputs: SummaryInputs,
    *,
    generated_by: str,
    now: datetime | None = None,
    data_version: str = "",
    for_meeting: uuid.UUID | None = None,
) -> dict:
    """Everything the summary prints, from what was loaded for it. ``generated_by`` says who printed
    it (riskapp.reports.inputs.printed_by, or "the command line"). ``for_meeting`` names the meeting
    the summary is made for: its decisions and actions are printed first, under their own heading.
    ``data_version`` is printed as the version of the data (by default the result's fingerprint)."""
    now = now or utcnow()
    result, assessment = inputs.result, inputs.result.assessment
    record = inputs.record
    chronology = _chronology(inputs)
    bands = dict(inputs.bands)
    return {
        "generated_at": now,
        "generated_by": generated_by,
        "data_version": data_version or result.inputs_hash[:16],
        "young_person": {
            "name": record.full_name,
            "aliases": list(record.aliases),
            "date_of_birth": record.date_of_birth,
            "age": age_on(record.date_of_birth, inputs.today),
            "sex": label_for(SEX_CHOICES, record.sex),
            "nhs_number": record.nhs_number,
            "local_id": record.local_id,
            "reference": record.local_id or str(record.id),  # for the PDF's metadata: never the name
            "legal_status": label_for(LEGAL_STATUS_CHOICES, record.legal_status),
            "placement": record.placement,
            "authority": record.authority,
            "learning_disability": label_for(YES_NO_NOT_KNOWN, record.learning_disability),
            "disability_details": record.disability_details,
        },
        "bands": bands,
        "result": {
            "band": result.band,
            "computed_band": result.computed_band,
            "score": result.score,
            "latest_only_band": result.latest_only_band if inputs.episodes else None,
            "risk_to_others_band": result.risk_to_others_band,
            "highest_band": result.highest_band,
            "override": (
                {"band": j.band, "rationale": j.rationale, "by": j.by} if (j := inputs.judgement) is not None else None
            ),
        },
        "pending_lowerings": evidence.pending_lowerings(inputs.pending_lowerings, bands),
        "factors": evidence.factors(assessment, evidence.entry_sources(inputs)),
        "findings": assessment.findings,
        "flags": evidence.flags(assessment),
        "agency_views": evidence.agency_views(assessment, bands),
        "risk_to_others": assessment.risk_to_others_factors,
        "chronology": chronology,
        "latest_by_agency": _latest_by_agency(chronology),
        "return_interviews": [
            {
                "returned_at": e.returned_at,
                "status": e.return_interview,
                "by": e.return_interview_by,
                "findings": e.return_interview_findings,
            }
            # Newest first, as the chronology above them.
            for e in sorted(inputs.episodes, key=lambda e: e.returned_at or e.reported_at, reverse=True)
            if e.return_interview_findings or e.return_interview == "done"
        ],
        "voice": _voice(inputs),
        "concerns": _concerns(inputs.episodes),
        "professionals": [
            {"name": p.name, "role": p.role, "agency": p.agency, "contact": p.contact} for p in inputs.professionals
        ],
        "charts": {
            # A line needs two points: scored once, the summary says so in words instead.
            "bands": band_over_time(list(inputs.band_history), list(inputs.bands))
            if len(inputs.band_history) > 1
            else "",
            "scored_once": (
                {
                    "at": inputs.band_history[0][0],
                    "band": inputs.band_history[0][1],
                }
                if len(inputs.band_history) == 1
                else None
            ),
            "episodes": episodes_per_month([e.reported_at for e in inputs.episodes], now.date()),
        },
        "for_meeting": str(for_meeting) if for_meeting else None,
        "meetings": [_meeting_row(m, now.date(), latest=n == 0) for n, m in enumerate(inputs.meetings)],
        "plan": next(
            (
                {
                    "reviewed_at": p.reviewed_at,
                    "summary": p.summary,
                    "next_review_due": p.next_review_due,
                    "type": p.plan_type,
                }
                for p in sorted(inputs.plan_reviews, key=lambda p: p.reviewed_at, reverse=True)
            ),
            None,
        ),  # fmt: skip
    }
