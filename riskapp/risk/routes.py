"""Risk: the whole-history band and why, resolving indicators, and professional judgement. Anything
here that could lower the band in force goes through riskapp.risk.decisions: it waits for a manager
(the check pages are in risk/decision_routes.py)."""

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from riskapp import audit
from riskapp.access import load_young_person, requires
from riskapp.concurrency import Conflict
from riskapp.data import risk as risk_data
from riskapp.fragments import fragment
from riskapp.models import AgencyViewSettlement, BandOverride, IndicatorResolution, RiskResult, YoungPerson
from riskapp.permissions import Permission, has_permission
from riskapp.risk import decisions, service, wording
from riskapp.risk.decisions import Cause
from riskapp.risk.forms import OverrideForm, ResolveIndicatorForm, SettlementForm, WithdrawOverrideForm
from riskapp.scoring import chronology as scoring
from riskapp.timeutil import today

bp = Blueprint("risk", __name__)

JUDGEMENT_STATUSES = {
    "in-force": "In force",
    "awaiting-confirmation": "Awaiting a manager",
    "declined": "Declined",
    "withdrawn": "Withdrawn or replaced by a later judgement",
    "superseded": "No longer applies: the evidence or a later judgement overtook it",
}


@bp.route("/young-people/<uuid:young_person_id>/risk")
@requires(Permission.VIEW_YOUNG_PEOPLE)
def view_risk(young_person_id: uuid.UUID):
    young_person = load_young_person(young_person_id, Permission.VIEW_YOUNG_PEOPLE)
    audit.record_view(young_person, "risk")
    can_edit = has_permission(current_user.user, Permission.EDIT_YOUNG_PEOPLE)
    compared = (request.args.get("from", type=int), request.args.get("to", type=int))
    key = ("risk", young_person.id, young_person.revision, service.rules_key(), can_edit, compared)
    body = fragment(key, lambda _csrf: _risk_body(young_person, can_edit, compared))
    return render_template("risk/view_risk.html", young_person=young_person, risk_body=body)


def _risk_body(young_person: YoungPerson, can_edit: bool, compared: tuple[int | None, int | None]) -> str:
    result = service.current_result(young_person)
    results = risk_data.results_of(young_person.id)
    rules = service.active_rules()
    comparison = _comparison(results, *compared, rules)
    changes = [
        {"at": later.computed_at, **service.changes_between(earlier, later, rules)}
        for earlier, later in zip(results, results[1:], strict=False)
        if earlier.band != later.band or earlier.computed_band != later.computed_band
    ]
    band_decisions = risk_data.decisions_of(young_person.id)
    explanation = service.assessment(result)
    return render_template(
        "risk/_risk_body.html",
        young_person=young_person,
        result=result,
        explanation=explanation,
        flags=[(flag.kind, *wording.flag_text(flag)) for flag in explanation.flags],
        floor=wording.floor_sentence(explanation, rules.floors, rules.band_labels),
        choices=wording.compare_choices(results, [service.assessment(r) for r in results]),
        changes=list(reversed(changes)),
        results=results,
        comparison=comparison,
        settlements=risk_data.settlements_of(young_person.id),
        overrides=risk_data.overrides_of(young_person.id),
        resolutions=risk_data.all_resolutions_of(young_person.id),
        awaiting=[d for d in band_decisions if d.status == "awaiting"],
        decided=[d for d in band_decisions if d.status != "awaiting"],
        band_labels=rules.band_labels,
        bands=rules.bands,
        route_labels=decisions.ROUTE_LABELS,
        decision_statuses=decisions.STATUS_LABELS,
        can_edit=can_edit,
        judgement_statuses=JUDGEMENT_STATUSES,
        resolution_statuses=decisions.RESOLUTION_STATUSES,
        indicators=rules.indicators,
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
                status="awaiting-confirmation",  # resolving is a lowering: it counts once a manager confirms it
            )
        )
        audit.record(
            "resolve-indicator",
            object_type="indicator_resolution",
            object_id=resolution.id,
            details={"item": item_id},
            **audit.about(young_person),
        )
        result = service.current_result(young_person)
        proposed = service.candidate_if_resolved(
            young_person, scoring.Resolution(item_id, resolution.resolved_on, resolution.reason)
        )
        if rules.band_index(proposed) > rules.band_index(result.band):
            proposed = result.band
        cause = Cause(
            "resolution",
            reason=f"{rules.indicators[item_id].text} Resolved because: {form.reason.data}",
            object_type="indicator_resolution",
            object_id=str(resolution.id),
        )
        decisions.ask(young_person, cause, result.band, proposed)
        service.rescore(young_person, cause=cause)
        flash(
            "Saved. The indicator still counts until a manager confirms it is resolved"
            + (", and the band in force stays until then." if proposed != result.band else ".")
        )
        return redirect(url_for("risk.view_risk", young_person_id=young_person.id))
    audit.record_view(young_person, "resolve-indicator")
    return render_template(
        "risk/resolve_indicator.html", young_person=young_person, item=rules.indicators[item_id], form=form
    )


def _stale(form, result: RiskResult) -> bool:
    return form.loaded_result.data is not None and int(form.loaded_result.data) != result.id


def _chosen_band(form, band_labels: dict) -> str:
    """What the user asked for on the stale form, so that nothing they chose is lost from view."""
    band = getattr(form, "band", None)
    if band is not None and band.data:
        return f"{band_labels.get(band.data, band.data)} (your judgement, not saved)"
    return "Withdraw the raised band (not saved)"


def _stale_response(young_person: YoungPerson, form, result: RiskResult, template: str, context: dict):
    """The band moved on since the form was loaded: save nothing, say so, and show what changed."""
    submitted = int(form.loaded_result.data)
    audit.record_refusal(
        request.endpoint.split(".")[-1].replace("_", "-"),
        outcome="conflict",
        object_type="risk_result",
        object_id=result.id,
        details={"loaded_result": submitted, "current_result": result.id},
        **audit.about(young_person),
    )
    result = risk_data.current_result(young_person.id)
    newer = [j for j in risk_data.overrides_of(young_person.id) if j.status in ("in-force", "awaiting-confirmation")]
    conflict = Conflict(
        others_changes=[
            {"who": j.author.full_name, "when": j.created_at, "fields": [f"professional judgement ({j.band})"]}
            for j in newer
        ],
        differences=[
            {
                "label": "Band",
                "yours": _chosen_band(form, context["band_labels"]),
                "saved": f"{context['band_labels'].get(result.band, result.band)} in force now",
            }
        ],
    )
    form.loaded_result.data = result.id
    form.loaded_result.raw_data = [str(result.id)]
    return render_template(template, form=form, conflict=conflict, result=result, **context), 409


@bp.route("/young-people/<uuid:young_person_id>/judgement", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
def set_override(young_person_id: uuid.UUID):
    young_person = load_young_person(young_person_id, Permission.EDIT_YOUNG_PEOPLE)
    result = service.current_result(young_person)
    rules = service.active_rules()
    form = OverrideForm()
    form.band.choices = [(b.id, b.label) for b in rules.bands]
    context = {"young_person": young_person, "band_labels": rules.band_labels}
    if request.method == "GET":
        form.loaded_result.data = result.id
    if form.validate_on_submit():
        if _stale(form, result):
            return _stale_response(young_person, form, result, "risk/set_override.html", context)
        if form.band.data == result.band:
            form.band.errors.append("Choose a band different from the band in force")
        else:
            override = _save_judgement(young_person, result, form, rules)
            flash(
                "Professional judgement saved."
                if override.direction == "raise"
                else "Saved. The band in force stays until a manager confirms the lower band."
            )
            return redirect(url_for("risk.view_risk", young_person_id=young_person.id))
    audit.record_view(young_person, "judgement")
    return render_template("risk/set_override.html", form=form, result=result, **context)


def _save_judgement(young_person: YoungPerson, result: RiskResult, form, rules) -> BandOverride:
    """A raise takes effect at once. A lower judgement (below the band in force) withdraws nothing in
    force: it waits for a manager as a band decision (IICSA: ratings fell too fast)."""
    direction = "raise" if rules.band_index(form.band.data) > rules.band_index(result.band) else "lower"
    for earlier in risk_data.overrides_of(young_person.id):
        if earlier.status == "awaiting-confirmation" or (direction == "raise" and earlier.status == "in-force"):
            earlier.status = "withdrawn"
            decisions.supersede_about(young_person, "band_override", earlier.id, "replaced by a later judgement")
    override = risk_data.add(
        BandOverride(
            young_person_id=young_person.id,
            band=form.band.data,
            computed_band=result.computed_band,
            direction=direction,
            rationale=form.rationale.data,
            status="in-force" if direction == "raise" else "awaiting-confirmation",
            author_id=current_user.user.id,
        )
    )
    audit.record(
        "set-judgement",
        object_type="band_override",
        object_id=override.id,
        details={"band": override.band, "in_force": result.band, "direction": direction},
        **audit.about(young_person),
    )
    cause = Cause("judgement", reason=form.rationale.data, object_type="band_override", object_id=str(override.id))
    if direction == "lower":
        decisions.ask(young_person, cause, result.band, override.band)
    service.rescore(young_person, cause=cause)
    return override


@bp.route("/judgements/<int:override_id>/withdraw", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
def withdraw_override(override_id: int):
    """Withdraw a raised band. If that would lower the band in force, the raise stands until a
    manager confirms the withdrawal."""
    override = risk_data.get_override(override_id)
    if override is None:
        abort(404)
    young_person = load_young_person(override.young_person_id, Permission.EDIT_YOUNG_PEOPLE)
    if override.status != "in-force" or override.direction != "raise":
        abort(404)
    result = service.current_result(young_person)
    rules = service.active_rules()
    form = WithdrawOverrideForm()
    context = {"young_person": young_person, "override": override, "band_labels": rules.band_labels}
    if request.method == "GET":
        form.loaded_result.data = result.id
    if form.validate_on_submit():
        if _stale(form, result):
            return _stale_response(young_person, form, result, "risk/withdraw_override.html", context)
        audit.record(
            "withdraw-judgement",
            object_type="band_override",
            object_id=override.id,
            details={"band": override.band, "computed": result.computed_band},
            **audit.about(young_person),
        )
        if rules.band_index(result.computed_band) < rules.band_index(result.band):
            cause = Cause(
                "withdraw-judgement", reason=form.reason.data, object_type="band_override", object_id=str(override.id)
            )
            decisions.ask(young_person, cause, result.band, result.computed_band)
            service.rescore(young_person, cause=cause)
            flash("Saved. The raised band stays in force until a manager confirms the lower band.")
        else:
            override.status = "withdrawn"
            service.rescore(young_person)
            flash("The raised band is withdrawn.")
        return redirect(url_for("risk.view_risk", young_person_id=young_person.id))
    audit.record_view(young_person, "withdraw-judgement")
    return render_template("risk/withdraw_override.html", form=form, result=result, **context)


def _comparison(results, first: int | None, second: int | None, rules) -> dict | None:
    """Why the band changed between any two stored results the user picks."""
    by_id = {r.id: r for r in results}
    if first not in by_id or second not in by_id:
        return None
    earlier, later = sorted((by_id[first], by_id[second]), key=lambda r: (r.computed_at, r.id))
    return {"from": earlier, "to": later, **service.changes_between(earlier, later, rules)}


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


from riskapp.risk import decision_routes  # noqa: E402,F401 - adds the check pages to this blueprint
