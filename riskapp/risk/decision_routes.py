"""The check page for a lowering of the band in force, where a manager confirms or declines it with
a reason; and the list of lowerings a new questionnaire version left waiting, which a CSE
coordinator other than the one who activated it may confirm with one reason."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from riskapp import audit
from riskapp.access import load_young_person, requires
from riskapp.concurrency import Conflict
from riskapp.data import chronology as chronology_data
from riskapp.data import risk as risk_data
from riskapp.data.young_people import get_young_person
from riskapp.extensions import db
from riskapp.models import BandDecision, YoungPerson
from riskapp.permissions import Permission, can_access_young_person, has_permission
from riskapp.reference import Role
from riskapp.risk import decisions, service, wording
from riskapp.risk.forms import BatchDecisionForm, DecisionForm
from riskapp.risk.routes import bp


def _load(decision_id: int, permission: Permission) -> tuple[BandDecision, YoungPerson]:
    """The decision, if this user may reach its young person; otherwise "not found", audited."""
    decision = risk_data.get_decision(decision_id)
    young_person = load_young_person(
        decision.young_person_id if decision is not None else None,
        permission,
        object_type="band_decision",
        object_id=decision_id,
    )
    return decision, young_person


def _page(decision: BandDecision, young_person: YoungPerson, form, *, refusal: str = "", conflict=None, status=200):
    result = service.current_result(young_person)
    rules = service.active_rules()
    assessment = service.assessment(result)
    last = risk_data.last_decided(young_person.id)
    since = last.decided_at if last is not None and last.id != decision.id else None
    user = current_user.user
    refusal_now = decisions.refused(user, decision)
    may_decide = has_permission(user, Permission.CONFIRM_LOWER_BAND) and refusal_now is None
    context = {
        "decision": decision,
        "young_person": young_person,
        "result": result,
        "since": since,
        "incidents": risk_data.significant_incidents_since(young_person.id, since),
        "resolutions": risk_data.resolutions_since(young_person.id, since),
        "corrections": chronology_data.corrected_entries_since(young_person.id, since),
        "indicators": rules.indicators,
        "resolution_statuses": decisions.RESOLUTION_STATUSES,
        "entry_kinds": decisions.ENTRY_KINDS,
        "flags": [wording.flag_text(f) for f in assessment.flags if f.kind != "override-awaiting-confirmation"],
        "agency_views": assessment.agency_views,
        "floor": wording.floor_sentence(assessment, rules.floors, rules.band_labels),
        "band_labels": rules.band_labels,
        "route_labels": decisions.ROUTE_LABELS,
        "statuses": decisions.STATUS_LABELS,
        "may_decide": may_decide and decision.status == "awaiting",
        "cannot_decide": "" if may_decide else refusal_now or "",
        "refusal": refusal,
        "form": form,
    }
    if conflict is not None:
        context["conflict"] = conflict
    return render_template("risk/view_decision.html", **context), status


@bp.route("/decisions/<int:decision_id>")
@requires(Permission.VIEW_YOUNG_PEOPLE)
def view_decision(decision_id: int):
    decision, young_person = _load(decision_id, Permission.VIEW_YOUNG_PEOPLE)
    audit.record(
        "view", object_type="band_decision", object_id=decision.id, details={"page": "decision"},
        **audit.about(young_person),
    )  # fmt: skip
    form = DecisionForm(formdata=None)
    form.version.data = decision.version
    return _page(decision, young_person, form)


@bp.route("/decisions/<int:decision_id>/<any(confirm, decline):choice>", methods=["POST"])
@requires(Permission.CONFIRM_LOWER_BAND)
def decide_lower_band(decision_id: int, choice: str):
    decision, young_person = _load(decision_id, Permission.CONFIRM_LOWER_BAND)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _page(decision, young_person, form)
    user = current_user.user
    if decision.status != "awaiting" or int(form.version.data) != decision.version:
        return _conflict(decision, young_person, form)
    refusal = decisions.refused(user, decision)
    if refusal:
        audit.record_refusal(
            f"{choice}-lower-band",
            object_type="band_decision",
            object_id=decision.id,
            details={"why": refusal},
            **audit.about(young_person),
        )
        decision, young_person = risk_data.get_decision(decision_id), get_young_person(young_person.id)
        return _page(decision, young_person, form, refusal=refusal, status=403)
    try:
        allowed = decisions.decide(young_person, decision, user, choice == "confirm", form.reason.data)
        db.session.flush()
    except StaleDataError:  # another manager decided in the same instant: theirs stands, nothing of ours
        db.session.rollback()
        return _conflict(risk_data.get_decision(decision_id), get_young_person(young_person.id), form)
    service.rescore(young_person, cause=decisions.SYSTEM, allowed=allowed)
    flash(
        "Lower band confirmed: it is the band in force now."
        if choice == "confirm"
        else "Lower band declined: the band in force stands."
    )
    return redirect(url_for("risk.view_risk", young_person_id=young_person.id))


def _conflict(decision: BandDecision, young_person: YoungPerson, form):
    """Someone decided (or the request changed) since the page was loaded: save nothing."""
    submitted = int(form.version.data)
    audit.record_refusal(
        "decide-lower-band",
        outcome="conflict",
        object_type="band_decision",
        object_id=decision.id,
        details={"submitted_version": submitted, "saved_version": decision.version, "status": decision.status},
        **audit.about(young_person),
    )
    decision, young_person = risk_data.get_decision(decision.id), get_young_person(young_person.id)
    who = decision.decided_by.full_name if decision.decided_by else "Someone"
    conflict = Conflict(
        others_changes=[
            {
                "who": who,
                "when": decision.decided_at or decision.updated_at,
                "fields": [f"status ({decisions.STATUS_LABELS.get(decision.status, decision.status)})"],
            }
        ],
        differences=[{"label": "Proposed band", "yours": "as it was when you opened the page",
                      "saved": decision.proposed_band}],
    )  # fmt: skip
    form.version.data = decision.version
    form.version.raw_data = [str(decision.version)]
    return _page(decision, young_person, form, conflict=conflict, status=409)


@bp.route("/decisions/batches/<batch>", methods=["GET", "POST"])
@requires(Permission.CONFIRM_LOWER_BAND)
def decide_batch(batch: str):
    """Every lowering a new questionnaire version left waiting, confirmed with one reason by a CSE
    coordinator who did not activate it."""
    user = current_user.user
    waiting = [d for d in risk_data.decisions_in_batch(batch) if d.status == "awaiting"]
    people = {d.id: get_young_person(d.young_person_id) for d in waiting}
    rows = [
        (d, people[d.id])
        for d in waiting
        if people[d.id] is not None and can_access_young_person(user, people[d.id], Permission.CONFIRM_LOWER_BAND)
    ]
    refusal = ""
    if user.role_enum != Role.CSE_COORDINATOR:
        refusal = "Only a CSE coordinator may confirm a whole list of lower bands"
    elif any(d.requested_by_id == user.id for d, _ in rows):
        refusal = "Another CSE coordinator must confirm the lower bands of a version you activated"
    form = BatchDecisionForm()
    status = 200
    if request.method == "POST" and refusal:
        audit.record_refusal("confirm-lower-band-batch", details={"batch": batch, "why": refusal})
        status = 403
    elif not refusal and rows and form.validate_on_submit():
        for decision, young_person in rows:
            allowed = decisions.decide(young_person, decision, user, True, form.reason.data)
            service.rescore(young_person, cause=decisions.SYSTEM, allowed=allowed)
        audit.record("confirm-lower-band-batch", details={"batch": batch, "young_people": len(rows)})
        flash(f"{len(rows)} lower bands confirmed.")
        return redirect(url_for("dashboard.view_caseload"))
    audit.record("view-list", object_type="band_decision_batch", object_id=batch, details={"shown": len(rows)})
    rules = service.active_rules()
    return render_template(
        "risk/decide_batch.html",
        batch=batch,
        rows=rows,
        form=form,
        refusal=refusal,
        band_labels=rules.band_labels,
        route_labels=decisions.ROUTE_LABELS,
    ), status
