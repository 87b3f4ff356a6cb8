"""Claims of create forms' once-only tokens (riskapp.forms.once)."""

from sqlalchemy.exc import IntegrityError

from riskapp.extensions import db
from riskapp.models import FormSubmission


class AlreadyClaimed(Exception):
    """Another save claimed this token first. The request's transaction has been rolled back."""

    def __init__(self, token: str):
        super().__init__("the form's token was claimed by another save")
        self.token = token


def get_submission(token: str) -> FormSubmission | None:
    return db.session.get(FormSubmission, token, populate_existing=True)


def claim(token: str, user_id: int, object_type: str, object_id: object) -> FormSubmission:
    """Claim ``token`` for the record just made, in the request's transaction. If the token is
    already claimed (two saves at the same moment), everything the request did is rolled back."""
    submission = FormSubmission(token=token, user_id=user_id, object_type=object_type, object_id=str(object_id))
    db.session.add(submission)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise AlreadyClaimed(token) from None
    return submission
