from flask import Blueprint, Flask, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from riskapp import audit
from riskapp.access import public, signed_in
from riskapp.auth import passwords, throttle
from riskapp.auth.forms import ChangePasswordForm, SignInForm, SignOutForm
from riskapp.auth.redirects import safe_next
from riskapp.auth.sessions import hash_token, load_session, start_session
from riskapp.data import sessions as session_data
from riskapp.data.users import get_user_by_email
from riskapp.extensions import db, login_manager

bp = Blueprint("auth", __name__)

SIGN_IN_ERROR = "Enter a correct email address and password"

END_REASON_MESSAGES = {
    "idle-timeout": "You were signed out because you had not done anything for a while. Sign in again to carry on.",
    "absolute-limit": "You were signed out because you had been signed in for the longest time allowed. Sign in again.",
    "deactivated": "Your account is no longer active. Speak to your administrator if you think this is wrong.",
}


def register_login_manager(app: Flask) -> None:
    login_manager.session_protection = None  # the server-side session row does this job

    @login_manager.user_loader
    def _load(token: str):
        signed_in_user = load_session(token)
        if signed_in_user is None:
            g.session_ended = True
        return signed_in_user

    @login_manager.unauthorized_handler
    def _unauthorized():
        if g.get("session_ended"):
            reason = _ended_reason()
            if reason in END_REASON_MESSAGES:
                flash(END_REASON_MESSAGES[reason])
        next_path = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("auth.sign_in", next=next_path))


def _ended_reason() -> str | None:
    token = session.get("_user_id")
    if not token:
        return None
    row = session_data.get_session_by_token_hash(hash_token(token))
    return row.end_reason if row else None


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignInForm()
    if not form.validate_on_submit():
        return render_template("auth/sign_in.html", form=form)

    email = form.email.data
    if throttle.locked_until(email):
        audit.record_refusal("sign-in", outcome="throttled", details=_attempt_details(email))
        return _throttled_page()

    user = get_user_by_email(email)
    if user is not None and user.is_active:
        password_ok = passwords.verify_password(user.password_hash, form.password.data)
    else:
        passwords.burn_equal_time(form.password.data)
        password_ok = False

    if not password_ok:
        locked = throttle.register_failure(email)
        audit.record("sign-in", outcome="failure", actor=user, details=_attempt_details(email))
        db.session.commit()
        if locked:
            return _throttled_page()
        form.email.errors.append(SIGN_IN_ERROR)
        form.password.errors.append(SIGN_IN_ERROR)
        return render_template("auth/sign_in.html", form=form)

    throttle.register_success(email)
    session.clear()  # a new session at sign-in: nothing from before it carries over
    signed_in_user = start_session(user, request.remote_addr or "")
    login_user(signed_in_user)
    audit.record("sign-in", actor=user, object_type="session", object_id=signed_in_user.session.id)
    return redirect(safe_next(request.args.get("next"), url_for("main.home")))


def _attempt_details(email: str) -> dict:
    # The typed email is kept only as a hash: people sometimes type a password into that box.
    return {"account_key": throttle.account_key(email)[:16]}


@bp.route("/sign-out", methods=["POST"])
@signed_in
def sign_out():
    form = SignOutForm()
    if form.validate_on_submit():
        row = current_user.session
        session_data.end_session(row, "signed-out")
        audit.record("sign-out", object_type="session", object_id=row.id)
        logout_user()
        session.clear()
        flash("You have signed out.")
    response = redirect(url_for("auth.sign_in"))
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
def change_password():
    user = current_user.user
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not passwords.verify_password(user.password_hash, form.current_password.data):
            form.current_password.errors.append("Your current password is not correct")
        else:
            problem = passwords.password_problem(form.new_password.data, email=user.email, full_name=user.full_name)
            if problem:
                form.new_password.errors.append(problem)
            else:
                user.password_hash = passwords.hash_password(form.new_password.data)
                user.must_change_password = False
                # Every other session of this account ends; this one carries on.
                ended = session_data.end_other_sessions_for(user, current_user.session, "password-changed")
                audit.record(
                    "change-password", object_type="user", object_id=user.id, details={"sessions_ended": ended}
                )
                flash("Your password has been changed. Any other sessions have been signed out.")
                return redirect(url_for("main.home"))
    return render_template("auth/change_password.html", form=form)


def register_password_change_gate(app: Flask) -> None:
    """A user given a temporary password must choose their own before doing anything else."""

    @app.before_request
    def _require_new_password():
        if request.endpoint in {"auth.change_password", "auth.sign_out", "static", "main.health_check"}:
            return None
        if current_user.is_authenticated and current_user.user.must_change_password:
            return redirect(url_for("auth.change_password"))
        return None


@bp.app_context_processor
def _inject_sign_out_form() -> dict:
    # formdata=None: the header form never reads the request (which may be the one being refused).
    # Made once per request: context processors run for every template rendered, and each form
    # field a page shows is a template of its own (govuk-frontend-wtf).
    if "sign_out_form" not in g:
        g.sign_out_form = SignOutForm(formdata=None)
    return {"sign_out_form": g.sign_out_form, "session_idle_minutes": _idle_minutes()}


def _idle_minutes() -> int:
    return int(current_app.config["SESSION_IDLE_TIMEOUT"].total_seconds() // 60)


def _throttled_page():
    minutes = int(current_app.config["SIGN_IN_LOCKOUT"].total_seconds() // 60)
    return render_template("auth/sign_in_throttled.html", lockout_minutes=minutes), 429
