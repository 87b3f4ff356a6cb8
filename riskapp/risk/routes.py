"""Risk: the whole-history band and why, resolving indicators, and professional judgement."""

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from riskapp import audit
from riskapp.access import requires
from riskapp.data import risk as risk_data
from riskapp.data.young_people import get_young_person
from riskapp.models import AgencyViewSettlement, BandOverride, IndicatorResolution
from riskapp.permissions import Permission, can_access_young_person, has_permission
from riskapp.reference import Role
from riskapp.risk import service
from riskapp.risk.flags import FLAG_LABELS
from riskapp.risk.forms import DecisionForm, OverrideForm, ResolveIndicatorForm, SettlementForm
from riskapp.timeutil import today, utcnow
from riskapp.young_people.routes import load_young_person

bp = Blueprint("risk", __name__)

JUDGEMENT_STATUSES = {
    "in-force": "In force",
    "awaiting-confirmation": "Awaiting a manager",
    "declined": "Declined",
    "withdrawn": "Replaced by a later judgement",
    "superseded": "No longer applies: the computed band changed",
}


@bp.route("/young-people/<uuid:young_person_id>/risk")
@requires(Permission.VIEW_YOUNG_PEOPLE)
def view_risk(young_person_id: uuid.UUID):
    young_person = load_young_person(young_person_id, Permission.VIEW_YOUNG_PEOPLE)
    result = service.current_result(young_person)
    results = risk_data.results_of(young_person.id)
    comparison = _comparison(results, request.args.get("from", type=int), request.args.get("to", type=int))
    changes = [
        {"at": later.computed_at, **service.changes_between(earlier, later)}
        for earlier, later in zip(results, results[1:], strict=False)
        if earlier.band != later.band or earlier.computed_band != later.computed_band
    ]
    audit.record(
        "view",
        object_type="young_person",
        object_id=young_person.id,
        details={"page": "risk"},
        **audit.about(young_person),
    )
    rules = service.active_rules()
    return render_template(
        "risk/view_risk.html",
        young_person=young_person,
        result=result,
        explanation=service.explanation(result),
        changes=list(reversed(changes)),
        results=results,
        comparison=comparison,
        settlements=risk_data.settlements_of(young_person.id),
        overrides=risk_data.overrides_of(young_person.id),
        resolutions=risk_data.resolutions_of(young_person.id),
        band_labels=rules.band_labels,
        bands=rules.bands,
        flag_labels=FLAG_LABELS,
        can_confirm=has_permission(current_user.user, Permission.CONFIRM_LOWER_BAND),
        judgement_statuses=JUDGEMENT_STATUSES,
        decision_form=DecisionForm(formdata=None),
    )


@bp.route("/young-people/<uuid:young_person_id>/indicators/<item_id>/resolve", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
def resolve_indicator(young_person_id: uuid.UUID, item_id: str):
    young_person = load_young_person(young_person_id, Permission.EDIT_YOUNG_PEOPLE)
    rules = service.active_rules()
    if item_id not in rules.indicators:
        abort(404)
    form = ResolveIndicatorForm()
    if form.validate_on_submit():
        resolution = risk_data.add(
            IndicatorResolution(
                young_person_id=young_person.id,
                item_id=item_id,
                resolved_on=today(),
                reason=form.reason.data,
                author_id=current_user.user.id,
            )
        )
        audit.record(
            "resolve-indicator",
            object_type="indicator_resolution",
            object_id=resolution.id,
            details={"item": item_id},
            **audit.about(young_person),
        )
        service.rescore(young_person)
        flash("Indicator recorded as resolved.")
        return redirect(url_for("risk.view_risk", young_person_id=young_person.id))
    audit.record_view(young_person, "resolve-indicator")
    return render_template(
        "risk/resolve_indicator.html", young_person=young_person, item=rules.indicators[item_id], form=form
    )


@bp.route("/young-people/<uuid:young_person_id>/judgement", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
def set_override(young_person_id: uuid.UUID):
    young_person = load_young_person(young_person_id, Permission.EDIT_YOUNG_PEOPLE)
    result = service.current_result(young_person)
    rules = service.active_rules()
    form = OverrideForm()
    form.band.choices = [(b.id, b.label) for b in rules.bands]
    if form.validate_on_submit():
        direction = "raise" if rules.band_index(form.band.data) > rules.band_index(result.computed_band) else "lower"
        if form.band.data == result.computed_band:
            form.band.errors.append("Choose a band different from the computed one, or keep the computed band")
        else:
            for earlier in risk_data.overrides_of(young_person.id):
                if earlier.status in ("in-force", "awaiting-confirmation"):
                    earlier.status = "withdrawn"
            override = risk_data.add(
                BandOverride(
                    young_person_id=young_person.id,
                    band=form.band.data,
                    computed_band=result.computed_band,
                    direction=direction,
                    rationale=form.rationale.data,
                    # Raising takes effect at once; lowering waits for a manager (IICSA: ratings fell too fast).
                    status="in-force" if direction == "raise" else "awaiting-confirmation",
                    author_id=current_user.user.id,
                )
            )
            audit.record(
                "set-judgement",
                object_type="band_override",
                object_id=override.id,
                details={"band": override.band, "computed": override.computed_band, "direction": direction},
                **audit.about(young_person),
            )
            service.rescore(young_person)
            flash(
                "Professional judgement saved."
                if direction == "raise"
                else "Saved. A manager must confirm a lower band before it takes effect."
            )
            return redirect(url_for("risk.view_risk", young_person_id=young_person.id))
    audit.record_view(young_person, "judgement")
    return render_template(
        "risk/set_override.html",
        young_person=young_person,
        result=result,
        form=form,
        band_labels=rules.band_labels,
    )


@bp.route("/judgements/<int:override_id>/<any(confirm, decline):decision>", methods=["POST"])
@requires(Permission.CONFIRM_LOWER_BAND)
def decide_override(override_id: int, decision: str):
    override = risk_data.get_override(override_id)
    young_person = get_young_person(override.young_person_id) if override is not None else None
    if young_person is None or not can_access_young_person(
        current_user.user, young_person, Permission.CONFIRM_LOWER_BAND
    ):
        audit.record_refusal(
            "access-denied", object_type="band_override", object_id=override_id, details={"endpoint": request.endpoint}
        )
        abort(404)
    form = DecisionForm()
    if not form.validate_on_submit() or override.status != "awaiting-confirmation":
        abort(409)
    refusal = confirmation_refused(current_user.user, override)
    if refusal:
        flash(refusal)
        return redirect(url_for("risk.view_risk", young_person_id=young_person.id))
    override.status = "in-force" if decision == "confirm" else "declined"
    override.decided_by_id = current_user.user.id
    override.decided_at = utcnow()
    override.decision_note = form.note.data or ""
    audit.record(
        f"{decision}-judgement", object_type="band_override", object_id=override.id, **audit.about(young_person)
    )
    service.rescore(young_person)
    flash("Lower band confirmed." if decision == "confirm" else "Lower band declined: the computed band stands.")
    return redirect(url_for("risk.view_risk", young_person_id=young_person.id))


def _comparison(results, first: int | None, second: int | None) -> dict | None:
    """Why the band changed between any two stored results the user picks."""
    by_id = {r.id: r for r in results}
    if first not in by_id or second not in by_id:
        return None
    earlier, later = sorted((by_id[first], by_id[second]), key=lambda r: (r.computed_at, r.id))
    return {"from": earlier, "to": later, **service.changes_between(earlier, later)}


@bp.route("/young-people/<uuid:young_person_id>/agency-views/settle", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
def settle_agency_views(young_person_id: uuid.UUID):
    young_person = load_young_person(young_person_id, Permission.EDIT_YOUNG_PEOPLE)
    rules = service.active_rules()
    form = SettlementForm()
    form.agreed_band.choices = [(b.id, b.label) for b in rules.bands]
    if form.validate_on_submit():
        settlement = risk_data.add(
            AgencyViewSettlement(
                young_person_id=young_person.id,
                settled_on=form.settled_on.data,
                forum=form.forum.data,
                outcome=form.outcome.data,
                agreed_band=form.agreed_band.data or "",
                author_id=current_user.user.id,
            )
        )
        audit.record(
            "record-settlement",
            object_type="agency_view_settlement",
            object_id=settlement.id,
            details={"forum": settlement.forum},
            **audit.about(young_person),
        )
        flash("How the agencies' views were settled is recorded.")
        return redirect(url_for("risk.view_risk", young_person_id=young_person.id) + "#agency-views")
    audit.record_view(young_person, "settle-agency-views")
    return render_template("risk/settle_agency_views.html", young_person=young_person, form=form)


def confirmation_refused(user, override: BandOverride) -> str | None:
    """Why this user may not decide this lower band, or None. The decision belongs to a manager
    of the author's own agency (their line of accountability) or the partnership's CSE coordinator,
    and never to the author."""
    if override.author_id == user.id:
        return "Another manager must decide a lower band you set yourself."
    if user.role_enum != Role.CSE_COORDINATOR and user.agency_id != override.author.agency_id:
        return f"A manager from {override.author.agency.name}, or a CSE coordinator, must decide this lower band."
    return None
