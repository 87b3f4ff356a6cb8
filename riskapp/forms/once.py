"""One mechanism for every form that creates a record: a once-only submission token.

A create form carries a hidden token, made when the page is drawn and signed for the user it was
drawn for. Saving claims the token in the same transaction as the record it makes
(riskapp.data.submissions). A second POST with the same token (a double click, the browser sending
the form again) makes nothing: it goes where the first went. Two at the same moment cannot both
make a record: the token is the claim table's primary key, so the second to commit fails, its work
is rolled back, and it too goes where the first went. A form shown again with errors keeps its
token, so the corrected form still saves once.

A duplicate adds nothing to the audit trail: no record was made, and the page it is sent to
records its own view as usual.

A form in a page that is kept and served again (riskapp.fragments) carries ``TOKEN_PLACEHOLDER``
instead, replaced by a new token for each request, as its CSRF token is.

A form sent without a token (a page drawn before tokens existed, a script) is saved as before,
unguarded. Someone else's token (it does not verify for this user) is refused: the form is shown
again, with what was typed and a new token, so a deliberate second save makes one record.
"""

import secrets
from collections.abc import Callable
from functools import wraps

from flask import Response, abort, current_app, has_request_context, request
from flask_login import current_user
from itsdangerous import BadSignature, Signer
from markupsafe import Markup
from wtforms import HiddenField
from wtforms.validators import ValidationError

from riskapp.data import submissions as submission_data
from riskapp.data.submissions import AlreadyClaimed
from riskapp.forms.base import BaseForm
from riskapp.models import FormSubmission

TOKEN_FIELD = "submission_token"  # noqa: S105 - the name of a form field, not a secret
# Random per process, so nothing typed into a record can match it.
TOKEN_PLACEHOLDER = f"submission-token-placeholder-{secrets.token_hex(16)}"
REFUSED = "This form was opened when someone else was signed in. Check the details and save them again."


def _signer() -> Signer:
    # Salted with the user's id: a token made for someone else does not verify.
    return Signer(current_app.secret_key, salt=f"form-submission:{current_user.user.id}")


def new_token() -> str:
    if not has_request_context() or not current_user.is_authenticated:
        return ""  # a form built outside a signed-in request (a unit test) saves unguarded
    return _signer().sign(secrets.token_urlsafe(18)).decode()


def fill_tokens(text: str) -> str:
    """``text`` with a new token in place of each placeholder: one form, one token."""
    parts = text.split(TOKEN_PLACEHOLDER)
    return "".join(part + (new_token() if index < len(parts) - 1 else "") for index, part in enumerate(parts))


def token_of(value: str | None) -> str | None:
    """The token in a form's hidden value if it was made for the signed-in user; None otherwise."""
    if not value or not current_user.is_authenticated:
        return None
    try:
        return _signer().unsign(value).decode()
    except BadSignature:
        return None


class _TokenInput:
    """The hidden input; if the token was refused, the message too, where the error summary's link
    lands (a link to a hidden input would go nowhere)."""

    def __call__(self, field, **kwargs) -> Markup:
        hidden = Markup('<input type="hidden" name="{}" value="{}">').format(field.name, field.data or "")
        if not field.errors:
            return hidden
        message = Markup(
            '<div class="govuk-form-group govuk-form-group--error" id="{}" tabindex="-1">'
            '<p class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {}</p></div>'
        ).format(field.id, field.errors[0])
        return message + hidden


class SubmissionTokenField(HiddenField):
    widget = _TokenInput()

    def __init__(self, **kwargs):
        super().__init__(default=new_token, **kwargs)

    def pre_validate(self, form) -> None:
        if not self.data:
            self.data = new_token()  # none was sent: saved unguarded, and guarded if shown again
        elif token_of(self.data) is None:
            self.data = new_token()
            raise ValidationError(REFUSED)


class OnceOnlyFormMixin:
    """Add to any form that creates a record; render ``form.submission_token`` on its create page,
    decorate the route with ``creates_once`` and ``claim`` the token when the record is made."""

    submission_token = SubmissionTokenField()

    def keep_token_for_each_request(self) -> None:
        """For a form in a kept fragment: a placeholder, filled with a new token for each request."""
        self.submission_token.data = TOKEN_PLACEHOLDER


class OnceOnlyForm(OnceOnlyFormMixin, BaseForm):
    """A form that is only a button that creates a record (start a screening)."""


def claim(form: OnceOnlyFormMixin, object_type: str, object_id: object) -> None:
    """Claim the form's token for the record just made, in the same transaction. If another save
    claimed it first, the request's work is rolled back and ``creates_once`` sends the user on."""
    token = token_of(form.submission_token.data)
    if token is not None:
        submission_data.claim(token, current_user.user.id, object_type, object_id)


def _first(token: str | None) -> FormSubmission | None:
    """The claim of this user's token, if it was claimed."""
    if token is None:
        return None
    submission = submission_data.get_submission(token)
    return submission if submission is not None and submission.user_id == current_user.user.id else None


def creates_once(went_to: Callable[..., Response]) -> Callable[[Callable], Callable]:
    """For a route whose form creates a record. ``went_to(submission, **view_args)`` is where the
    first save went (with its message): a second POST of the same form goes there too, making
    nothing. Checked before the route loads anything, so a form whose first save moved the record
    out of the user's reach (a transfer) still ends on the page the first save showed."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def once(**view_args):
            first = _first(token_of(request.form.get(TOKEN_FIELD))) if request.method == "POST" else None
            if first is None:
                try:
                    return view(**view_args)
                except AlreadyClaimed as claimed:
                    first = _first(claimed.token)
                    if first is None:
                        abort(409)  # cannot happen: only the user a token verifies for can claim it
            return went_to(first, **view_args)

        return once

    return decorator
