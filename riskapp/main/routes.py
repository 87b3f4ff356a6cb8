from flask import Blueprint, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import text

from riskapp.access import public, signed_in
from riskapp.extensions import db
from riskapp.permissions import Permission, has_permission

bp = Blueprint("main", __name__)


@bp.route("/")
@signed_in
def home():
    user = current_user.user
    if has_permission(user, Permission.VIEW_YOUNG_PEOPLE):
        return redirect(url_for("dashboard.view_caseload"))
    tasks = [task for task in ADMINISTRATION_TASKS if task[3] is None or has_permission(user, task[3])]
    return render_template(
        "main/home.html", tasks=[(url_for(endpoint), text, hint) for endpoint, text, hint, _ in tasks]
    )


# An administrator's home page: (endpoint, link text, what it is for, permission or None).
ADMINISTRATION_TASKS = [
    (
        "admin.list_users",
        "Manage user accounts",
        "Add people, change their role or authorities, reset a password or deactivate an account.",
        Permission.MANAGE_USERS,
    ),
    (
        "admin.list_questionnaires",
        "Questionnaires",
        "Check, upload, preview and simulate a new version of the screening questionnaire before activating it.",
        Permission.MANAGE_QUESTIONNAIRES,
    ),
    (
        "audit_trail.list_audit_events",
        "Audit trail",
        "Who viewed or changed what, and when.",
        Permission.VIEW_AUDIT_TRAIL,
    ),
    ("auth.change_password", "Change your password", "", None),
]


@bp.route("/healthz")
@public
def health_check():
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}


# (endpoint, text, permission or None for every signed-in user)
NAVIGATION = [
    ("dashboard.view_caseload", "Caseload", Permission.VIEW_YOUNG_PEOPLE),
    ("young_people.find_young_people", "Young people", Permission.VIEW_YOUNG_PEOPLE),
    ("young_people.create_young_person", "Add a young person", Permission.EDIT_YOUNG_PEOPLE),
    ("packs.list_packs", "Panel packs", Permission.VIEW_YOUNG_PEOPLE),
    ("transfers.list_transfers", "Transfers", Permission.VIEW_YOUNG_PEOPLE),
    ("audit_trail.list_audit_events", "Audit trail", Permission.VIEW_AUDIT_TRAIL),
    ("screenings.list_coverage_gaps", "Screenings to review", Permission.VIEW_COVERAGE_LIST),
    ("admin.list_users", "User accounts", Permission.MANAGE_USERS),
    ("admin.list_questionnaires", "Questionnaires", Permission.MANAGE_QUESTIONNAIRES),
    ("auth.change_password", "Change password", None),
]


@bp.app_context_processor
def _main_navigation() -> dict:
    # Worked out once per request: context processors run for every template rendered, and each
    # form field a page shows is a template of its own (govuk-frontend-wtf).
    if "main_navigation" not in g:
        g.main_navigation = _navigation_for_current_user()
    return {"main_navigation": g.main_navigation}


def _navigation_for_current_user() -> list[dict]:
    if not current_user.is_authenticated:
        return []
    user = current_user.user
    return [
        {"url": url_for(endpoint), "text": text, "current": request.endpoint == endpoint}
        for endpoint, text, permission in NAVIGATION
        if permission is None or has_permission(user, permission)
    ]
