"""The caseload dashboard: a user's authorities, highest priority first, from stored results."""

from datetime import timedelta

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from riskapp import audit
from riskapp.access import requires
from riskapp.data.dashboard import TO_DO_LABELS, CaseloadFilter, ToDoClock, caseload_page, decisions_awaiting
from riskapp.data.meetings import missed_reviews, overdue_actions
from riskapp.data.screenings import count_drafts_by
from riskapp.paging import Page, page_number
from riskapp.permissions import Permission, has_permission
from riskapp.reference import AGENCIES, Role
from riskapp.risk.decisions import ROUTE_LABELS
from riskapp.risk.flags import FLAG_LABELS
from riskapp.risk.return_interviews import overdue_if_returned_before
from riskapp.risk.service import active_rules
from riskapp.timeutil import today, utcnow

bp = Blueprint("dashboard", __name__)


@bp.route("/dashboard")
@requires(Permission.VIEW_YOUNG_PEOPLE)
def view_caseload():
    user = current_user.user
    rules = active_rules()
    bands = rules.bands
    band_labels = rules.band_labels
    authorities = {a.id: a.name for a in user.authorities}
    chosen_authority = request.args.get("authority", type=int)
    filters = CaseloadFilter(
        authority_ids=frozenset([chosen_authority] if chosen_authority in authorities else authorities),
        band=request.args.get("band") if request.args.get("band") in band_labels else "",
        flag=request.args.get("flag") if request.args.get("flag") in FLAG_LABELS else "",
        agency=request.args.get("agency") if request.args.get("agency") in dict(AGENCIES) else "",
        to_do=request.args.get("to_do") if request.args.get("to_do") in TO_DO_LABELS else "",
    )
    now = utcnow()
    clock = ToDoClock(
        interview_overdue_if_returned_before=overdue_if_returned_before(rules, now),
        screening_due_if_last_before=now - timedelta(days=current_app.config["SCREENING_DUE_AFTER_DAYS"]),
    )
    page = page_number(request.args.get("page"))
    size = current_app.config["PAGE_SIZE"]
    rows, total = caseload_page(filters, clock, page, size)
    overdue = overdue_actions(set(filters.authority_ids), today(), limit=10)
    missed = missed_reviews(set(filters.authority_ids), today(), limit=10)
    awaiting = (
        decisions_awaiting(
            user.id, user.agency_id, user.role_enum == Role.CSE_COORDINATOR, frozenset(authorities), limit=50
        )
        if has_permission(user, Permission.CONFIRM_LOWER_BAND)
        else []
    )
    may_screen = has_permission(user, Permission.EDIT_YOUNG_PEOPLE)
    audit.record(
        "view-list",
        object_type="caseload",
        details={"page": page, "shown": len(rows), "decisions_awaiting": len(awaiting)},
    )
    params = {
        k: v
        for k, v in {
            "band": filters.band,
            "flag": filters.flag,
            "agency": filters.agency,
            "to_do": filters.to_do,
            "authority": chosen_authority if chosen_authority in authorities else None,
        }.items()
        if v
    }
    return render_template(
        "dashboard/view_caseload.html",
        page=Page(rows, total, page, size),
        band_labels=band_labels,
        lowest_band=bands[0].id,
        flag_labels=FLAG_LABELS,
        to_do_labels=TO_DO_LABELS,
        agencies=AGENCIES,
        authorities=authorities,
        filters=filters,
        chosen_authority=chosen_authority,
        params=params,
        overdue=overdue,
        missed=missed,
        awaiting=awaiting,
        route_labels=ROUTE_LABELS,
        batches=sorted({decision.batch for decision, *_ in awaiting if decision.batch}),
        drafts=count_drafts_by(user.id, user.authority_ids) if may_screen else 0,
    )
