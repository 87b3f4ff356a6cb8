"""User administration: create, edit, deactivate and reactivate accounts."""

import secrets

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from riskapp import audit
from riskapp.access import reachable, requires
from riskapp.admin.forms import USER_FIELD_LABELS, ConfirmUserActionForm, UserForm
from riskapp.auth.passwords import hash_password
from riskapp.concurrency import apply_versioned_update
from riskapp.data import organisations as organisation_data
from riskapp.data import sessions as session_data
from riskapp.data import users as user_data
from riskapp.models import User
from riskapp.paging import Page, page_number
from riskapp.permissions import Permission, can_manage_user
from riskapp.timeutil import utcnow

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _load_user(user_id: int) -> User:
    return reachable(user_data.get_user(user_id), can_manage_user, object_type="user", object_id=user_id)


def _prepare(form: UserForm) -> UserForm:
    form.agency_id.choices = [(agency.id, agency.name) for agency in organisation_data.list_agencies()]
    form.authority_ids.choices = [(a.id, a.name) for a in current_user.user.authorities]
    return form


def _user_values(form: UserForm) -> dict:
    return {
        "email": user_data.normalise_email(form.email.data),
        "full_name": form.full_name.data,
        "job_title": form.job_title.data or "",
        "agency_id": form.agency_id.data,
        "role": form.role.data,
    }


@bp.route("/users")
@requires(Permission.MANAGE_USERS)
def list_users():
    page = page_number(request.args.get("page"))
    size = current_app.config["PAGE_SIZE"]
    users, total = user_data.list_users_within(current_user.user.authority_ids, page, size)
    return render_template(
        "admin/list_users.html", page=Page(users, total, page, size), confirm_form=ConfirmUserActionForm()
    )


@bp.route("/users/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def create_user():
    form = _prepare(UserForm(version=1))
    if form.validate_on_submit():
        if user_data.get_user_by_email(form.email.data):
            form.email.errors.append("An account with this email address already exists")
        else:
            initial_password = secrets.token_urlsafe(12)
            values = _user_values(form)
            user = user_data.create_user(
                **{k: v for k, v in values.items() if k != "agency_id"},
                agency=organisation_data.get_agency(values["agency_id"]),
                authorities=organisation_data.get_authorities_by_ids(form.authority_ids.data),
                password_hash=hash_password(initial_password),
                must_change_password=True,
            )
            audit.record(
                "create",
                object_type="user",
                object_id=user.id,
                details={**values, "authorities": form.authority_ids.data},
            )
            return render_template("admin/user_created.html", user=user, initial_password=initial_password)
    return render_template("admin/create_user.html", form=form)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def edit_user(user_id: int):
    user = _load_user(user_id)
    form = _prepare(UserForm(obj=user if request.method == "GET" else None))
    if request.method == "GET":
        form.authority_ids.data = sorted(user.authority_ids)
    if not form.validate_on_submit():
        return render_template("admin/edit_user.html", form=form, user=user)
    other = user_data.get_user_by_email(form.email.data)
    if other is not None and other.id != user.id:
        form.email.errors.append("An account with this email address already exists")
        return render_template("admin/edit_user.html", form=form, user=user)
    before_authorities = sorted(user.authority_ids)
    conflict = apply_versioned_update(
        user,
        form,
        _user_values(form),
        object_type="user",
        audit_context={},
        labels=USER_FIELD_LABELS,
        template="admin/edit_user.html",
        template_context=lambda: {"user": user},
    )
    if conflict is not None:
        return conflict
    if sorted(form.authority_ids.data) != before_authorities:
        user.authorities = organisation_data.get_authorities_by_ids(form.authority_ids.data)
        user.updated_at = utcnow()  # touches the row, so the version moves on with the change
        audit.record(
            "update",
            object_type="user",
            object_id=user.id,
            details={"changes": {"authorities": [before_authorities, sorted(form.authority_ids.data)]}},
        )
    flash("Account updated.")
    return redirect(url_for("admin.list_users"))


@bp.route("/users/<int:user_id>/deactivate", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def deactivate_user(user_id: int):
    user = _load_user(user_id)
    form = ConfirmUserActionForm()
    if user.id == current_user.user.id:
        flash("You cannot deactivate your own account.")
        return redirect(url_for("admin.list_users"))
    if form.validate_on_submit() and user.is_active:
        user.is_active = False
        user.deactivated_at = utcnow()
        ended = session_data.end_all_sessions_for(user, "deactivated")
        audit.record("deactivate", object_type="user", object_id=user.id, details={"sessions_ended": ended})
        flash("Account deactivated. Their sessions have ended.")
        return redirect(url_for("admin.list_users"))
    return render_template("admin/deactivate_user.html", user=user, form=form)


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@requires(Permission.MANAGE_USERS)
def reactivate_user(user_id: int):
    user = _load_user(user_id)
    form = ConfirmUserActionForm()
    if form.validate_on_submit() and not user.is_active:
        user.is_active = True
        user.deactivated_at = None
        audit.record("reactivate", object_type="user", object_id=user.id)
        flash("Account reactivated.")
    return redirect(url_for("admin.list_users"))


@bp.route("/users/<int:user_id>/reset-password", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def reset_password(user_id: int):
    """Give a person who has forgotten their password a new temporary one, shown once."""
    user = _load_user(user_id)
    form = ConfirmUserActionForm()
    if form.validate_on_submit():
        temporary = secrets.token_urlsafe(12)
        user.password_hash = hash_password(temporary)
        user.must_change_password = True
        ended = session_data.end_all_sessions_for(user, "password-reset")
        audit.record("reset-password", object_type="user", object_id=user.id, details={"sessions_ended": ended})
        return render_template("admin/password_reset.html", user=user, initial_password=temporary)
    return render_template("admin/reset_password.html", user=user, form=form)
