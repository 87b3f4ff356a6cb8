"""Nothing lowers the band without a manager: the one pending-decision mechanism.

Every route that could lower the band in force asks here (``ask``) or lets ``rescore`` ask for it
(``keep_one_awaiting``): the band in force stays where it is and one decision waits for a manager
of the requester's agency or a CSE coordinator, never the requester, to confirm or decline it on
the check page. ``decide`` applies what the manager chose to the judgement or resolution behind it;
the caller then re-scores with the confirmed band allowed.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import has_request_context
from flask_login import current_user

from riskapp import audit
from riskapp.data import risk as risk_data
from riskapp.models import BandDecision, User, YoungPerson
from riskapp.reference import Role
from riskapp.scoring.band_in_force import BandInForce
from riskapp.timeutil import utcnow

# Every endpoint whose action can lower the band in force. Each goes through this mechanism (most
# through ``rescore``); tests/integration/test_route_access.py fails if a route that re-scores is
# missing here, and tests/integration/test_band_decisions.py walks them as a practitioner.
BAND_LOWERING_ENDPOINTS = (
    "risk.set_override",
    "risk.withdraw_override",
    "risk.resolve_indicator",
    "chronology.edit_episode",
    "chronology.edit_incident",
    "chronology.edit_note",
    "chronology.edit_plan_review",
    "chronology.withdraw_note",
    "chronology.record_episode",
    "chronology.record_incident",
    "chronology.record_note",
    "chronology.record_plan_review",
    "screenings.submit_screening",
    "young_people.edit_young_person",
    "transfers.record_transfer",
    "admin.activate_questionnaire",
)

# Where a manager lets the band down: they need Permission.CONFIRM_LOWER_BAND and are never the requester.
CONFIRMING_ENDPOINTS = ("risk.decide_lower_band", "risk.decide_batch")

ROUTE_LABELS = {
    "judgement": "A lower band by professional judgement",
    "withdraw-judgement": "Withdrawing a raised band",
    "resolution": "An indicator recorded as resolved",
    "evidence": "A change to the recorded evidence",
    "activation": "A new questionnaire version",
    "rescore": "Evidence growing older",
}
# Lowerings the candidate band does not include until a manager confirms them (the judgement is not
# in force, the raise is not withdrawn, the resolution does not count): each has its own decision,
# in the name of whoever asked, which re-scoring never replaces.
OBJECT_ROUTES = frozenset({"judgement", "withdraw-judgement", "resolution"})

STATUS_LABELS = {
    "awaiting": "Awaiting a manager",
    "confirmed": "Confirmed",
    "declined": "Declined",
    "superseded": "No longer needed",
}

RESOLUTION_STATUSES = {
    "in-force": "resolved",
    "awaiting-confirmation": "awaiting a manager: still counts",
    "declined": "declined by a manager: not resolved",
    "superseded": "no longer asked for",
}
ENTRY_KINDS = {"episode": "Missing episode", "incident": "Incident", "plan-review": "Plan review", "note": "Note"}

MIN_REASON = 10


@dataclass(frozen=True)
class Cause:
    """What made a re-score happen, for the decision it may need. ``requester`` None with
    ``system`` True means nobody's action caused it (evidence growing older, a manager's decision)."""

    route: str
    reason: str = ""
    object_type: str = ""
    object_id: str = ""
    batch: str = ""
    requester: User | None = None
    system: bool = False
    new: bool = True  # something new happened: ask again even if a manager declined the same band


SYSTEM = Cause("rescore", system=True, new=False)


def default_cause() -> Cause:
    """Inside a request, a re-score follows the signed-in user's change to the evidence; outside
    one (the CLI, a scheduled run), the evidence has only grown older."""
    if has_request_context() and current_user and current_user.is_authenticated:
        return Cause("evidence", requester=current_user.user, new=False)
    return SYSTEM


def _requester(cause: Cause) -> User | None:
    if cause.requester is not None or cause.system:
        return cause.requester
    return default_cause().requester


def _same_kind(decision: BandDecision, cause: Cause) -> bool:
    """A request replaces a waiting one about the same judgement or resolution; a lowering from the
    evidence replaces the waiting one from the evidence. Requests about other things keep waiting."""
    if cause.route in OBJECT_ROUTES:
        return decision.object_type == cause.object_type and decision.object_id == str(cause.object_id or "")
    return decision.route not in OBJECT_ROUTES


def ask(young_person: YoungPerson, cause: Cause, band_in_force: str, proposed: str) -> BandDecision:
    """Ask a manager to decide a lowering. A waiting request about the same thing is superseded, so
    one waits for each judgement, withdrawal or resolution, and one for the evidence itself."""
    for earlier in risk_data.awaiting_decisions_of(young_person.id):
        if _same_kind(earlier, cause):
            supersede(young_person, earlier, "replaced by a later request")
    requester = _requester(cause)
    decision = risk_data.add(
        BandDecision(
            young_person_id=young_person.id,
            route=cause.route,
            band_in_force=band_in_force,
            proposed_band=proposed,
            reason=cause.reason or ROUTE_LABELS.get(cause.route, cause.route),
            requested_by_id=requester.id if requester else None,
            requested_at=utcnow(),
            object_type=cause.object_type,
            object_id=str(cause.object_id or ""),
            batch=cause.batch,
            status="awaiting",
        )
    )
    audit.record(
        "request-lower-band",
        actor=requester,
        object_type="band_decision",
        object_id=decision.id,
        details={"route": cause.route, "band_in_force": band_in_force, "proposed": proposed, "batch": cause.batch},
        by_system=requester is None,
        **audit.about(young_person),
    )
    return decision


def supersede(young_person: YoungPerson, decision: BandDecision, why: str) -> None:
    decision.status = "superseded"
    decision.decided_at = utcnow()
    decision.decision_reason = why
    if decision.route == "judgement" and decision.object_type == "band_override":
        override = risk_data.get_override(int(decision.object_id))
        if override is not None and override.status == "awaiting-confirmation":
            override.status = "superseded"
    if decision.object_type == "indicator_resolution":
        resolution = risk_data.get_resolution(int(decision.object_id))
        if resolution is not None and resolution.status == "awaiting-confirmation":
            resolution.status = "superseded"
    audit.record(
        "supersede-lower-band",
        object_type="band_decision",
        object_id=decision.id,
        details={"why": why},
        **audit.about(young_person),
    )


def supersede_about(young_person: YoungPerson, object_type: str, object_id, why: str) -> None:
    """A waiting lowering about a judgement or resolution that no longer applies is not needed."""
    for decision in risk_data.awaiting_decisions_of(young_person.id):
        if decision.object_type == object_type and decision.object_id == str(object_id):
            supersede(young_person, decision, why)


def keep_one_awaiting(
    young_person: YoungPerson,
    outcome: BandInForce,
    candidate: str,
    cause: Cause | None,
    latest_change: datetime | None,
) -> None:
    """After a re-score, for the lowering that comes from the evidence itself (requests about a
    judgement, a withdrawal or a resolution wait on their own): when the band rises, or nothing is
    to be lowered, a waiting one is not needed; a lower candidate needs one, in the name of whoever
    changed the evidence."""
    cause = cause or default_cause()
    if cause.route in OBJECT_ROUTES:  # the request itself waits on its own; this is about the rest
        cause = SYSTEM
    waiting = [d for d in risk_data.awaiting_decisions_of(young_person.id) if d.route not in OBJECT_ROUTES]
    if outcome.rose or not outcome.lowering_waits:
        for decision in waiting:
            supersede(young_person, decision, "the band in force rose" if outcome.rose else "nothing to lower any more")
        return
    requester = _requester(cause)
    if waiting:
        current = waiting[0]
        if requester is None or current.requested_by_id == requester.id:
            if current.proposed_band != candidate:
                audit.record(
                    "update-lower-band",
                    object_type="band_decision",
                    object_id=current.id,
                    details={"proposed": [current.proposed_band, candidate]},
                    **audit.about(young_person),
                )
                current.proposed_band = candidate
            return
        # Someone else's change lowers it too: ask again in their name (never decided by them).
    elif not cause.new and _declined_with_nothing_new(young_person, candidate, latest_change):
        return
    ask(young_person, cause, outcome.band, candidate)


def _declined_with_nothing_new(young_person: YoungPerson, candidate: str, latest_change: datetime | None) -> bool:
    """A manager declined this very lowering and no evidence changed since: do not ask again."""
    last = risk_data.last_decided(young_person.id)
    if last is None or last.status != "declined" or last.proposed_band != candidate:
        return False
    return latest_change is None or last.decided_at is None or latest_change <= last.decided_at


def refused(user: User, decision: BandDecision) -> str | None:
    """Why this user may not decide this lowering, or None. The decision belongs to a manager of the
    requester's own agency (their line of accountability) or the partnership's CSE coordinator, and
    never to the requester."""
    requester = decision.requested_by
    if requester is not None and requester.id == user.id:
        return (
            "You asked for this lower band, so someone else decides it: a manager of your agency or a CSE coordinator"
        )
    if user.role_enum == Role.CSE_COORDINATOR:
        return None
    if requester is None:  # nobody's own action: no agency's line of accountability, so the partnership's
        return "A CSE coordinator must decide this lower band, because no one's own action asked for it"
    if user.agency_id != requester.agency_id:
        return f"A manager from {requester.agency.name}, or a CSE coordinator, must decide this lower band"
    return None


def decide(young_person: YoungPerson, decision: BandDecision, user: User, confirm: bool, reason: str) -> str | None:
    """Record the manager's decision and apply it to what it is about. Returns the band a re-score
    may now lower to (None when declined)."""
    decision.status = "confirmed" if confirm else "declined"
    decision.decided_by_id = user.id
    decision.decided_at = utcnow()
    decision.decision_reason = reason
    if decision.object_type == "band_override" and decision.object_id:
        _apply_to_judgement(young_person, decision, user, confirm, reason)
    elif decision.object_type == "indicator_resolution" and decision.object_id:
        resolution = risk_data.get_resolution(int(decision.object_id))
        if resolution is not None and resolution.status == "awaiting-confirmation":
            resolution.status = "in-force" if confirm else "declined"  # counts only once confirmed
    audit.record(
        "confirm-lower-band" if confirm else "decline-lower-band",
        object_type="band_decision",
        object_id=decision.id,
        details={
            "route": decision.route,
            "band_in_force": decision.band_in_force,
            "proposed": decision.proposed_band,
            "reason": reason,
            "batch": decision.batch,
        },
        **audit.about(young_person),
    )
    return decision.proposed_band if confirm else None


def _apply_to_judgement(young_person, decision: BandDecision, user: User, confirm: bool, reason: str) -> None:
    override = risk_data.get_override(int(decision.object_id))
    if override is None:
        return
    if decision.route == "judgement" and override.status == "awaiting-confirmation":
        if confirm:
            # The lower judgement is in force now; the raise it replaces is withdrawn only now.
            for earlier in risk_data.overrides_of(young_person.id):
                if earlier.id != override.id and earlier.status == "in-force":
                    earlier.status = "withdrawn"
        override.status = "in-force" if confirm else "declined"
        override.decided_by_id, override.decided_at, override.decision_note = user.id, utcnow(), reason
    elif decision.route == "withdraw-judgement" and confirm and override.status == "in-force":
        override.status = "withdrawn"
        override.decided_by_id, override.decided_at, override.decision_note = user.id, utcnow(), reason
