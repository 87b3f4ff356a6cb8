"""Strategy meetings: record one about a young person (and others discussed), its actions, and
follow them up."""

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from riskapp import audit
from riskapp.access import requires
from riskapp.data import meetings as meeting_data
from riskapp.data import organisations as organisation_data
from riskapp.meetings.forms import MEETING_TYPES, ActionForm, ActionStatusForm, MeetingForm
from riskapp.models import MeetingAction, StrategyMeeting
from riskapp.permissions import Permission, can_access_young_person
from riskapp.timeutil import today
from riskapp.young_people.routes import load_young_person

bp = Blueprint("meetings", __name__)


def load_meeting(meeting_id: uuid.UUID, permission: Permission) -> StrategyMeeting:
    """A meeting is reachable by users who can reach every young person it discussed."""
    meeting = meeting_data.get_meeting(meeting_id)
    user = current_user.user
    if meeting is None or not all(can_access_young_person(user, p, permission) for p in meeting.young_people):
        audit.record_refusal(
            "access-denied",
            object_type="strategy_meeting",
            object_id=meeting_id,
            details={"endpoint": request.endpoint},
        )
        abort(404)
    return meeting


def _action_form() -> ActionForm:
    form = ActionForm()
    form.agency_id.choices = [(a.id, a.name) for a in organisation_data.list_agencies()]
    return form


@bp.route("/young-people/<uuid:young_person_id>/meetings/new", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
def record_meeting(young_person_id: uuid.UUID):
    young_person = load_young_person(young_person_id, Permission.EDIT_YOUNG_PEOPLE)
    form = MeetingForm()
    if form.validate_on_submit():
        others = meeting_data.young_people_by_local_ids(current_user.user.authority_ids, form.other_local_ids())
        unknown = [local_id for local_id in form.other_local_ids() if local_id not in others]
        if unknown:
            form.other_young_people.errors.append(
                f"No young person in your authorities has the local ID {', '.join(unknown)}"
            )
        else:
            meeting = meeting_data.add(
                StrategyMeeting(
                    authority_id=young_person.responsible_authority_id,
                    held_on=form.held_on.data,
                    meeting_type=form.meeting_type.data,
                    chair=form.chair.data,
                    attendees=form.attendees.data or "",
                    views_settled=form.views_settled.data or "",
                    decisions=form.decisions.data or "",
                    disruption=form.disruption.data or "",
                    next_review_on=form.next_review_on.data,
                    author_id=current_user.user.id,
                    young_people=[young_person, *[p for p in others.values() if p.id != young_person.id]],
                )
            )
            audit.record(
                "create",
                object_type="strategy_meeting",
                object_id=meeting.id,
                details={"type": meeting.meeting_type, "young_people": len(meeting.young_people)},
                **audit.about(young_person),
            )
            flash("Meeting recorded. Add its actions below.")
            return redirect(url_for("meetings.view_meeting", meeting_id=meeting.id))
    return render_template("meetings/record_meeting.html", young_person=young_person, form=form)


@bp.route("/meetings/<uuid:meeting_id>")
@requires(Permission.VIEW_YOUNG_PEOPLE)
def view_meeting(meeting_id: uuid.UUID):
    meeting = load_meeting(meeting_id, Permission.VIEW_YOUNG_PEOPLE)
    audit.record("view", object_type="strategy_meeting", object_id=meeting.id, authority_id=meeting.authority_id)
    return render_template(
        "meetings/view_meeting.html",
        meeting=meeting,
        meeting_types=dict(MEETING_TYPES),
        action_form=_action_form(),
        status_form=ActionStatusForm(formdata=None),
        today=today(),
    )


@bp.route("/meetings/<uuid:meeting_id>/actions", methods=["POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
def add_action(meeting_id: uuid.UUID):
    meeting = load_meeting(meeting_id, Permission.EDIT_YOUNG_PEOPLE)
    form = _action_form()
    if not form.validate_on_submit():
        return render_template(
            "meetings/view_meeting.html", meeting=meeting, meeting_types=dict(MEETING_TYPES), action_form=form,
            status_form=ActionStatusForm(formdata=None), today=today(), form=form,
        )  # fmt: skip
    action = meeting_data.add(
        MeetingAction(
            meeting=meeting,
            description=form.description.data,
            owner=form.owner.data,
            agency_id=form.agency_id.data,
            due_on=form.due_on.data,
        )
    )
    audit.record(
        "create",
        object_type="meeting_action",
        object_id=action.id,
        authority_id=meeting.authority_id,
        details={"meeting": str(meeting.id)},
    )
    flash("Action added.")
    return redirect(url_for("meetings.view_meeting", meeting_id=meeting.id) + "#actions")


@bp.route("/meeting-actions/<int:action_id>/status", methods=["POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
def update_action(action_id: int):
    action = meeting_data.get_action(action_id)
    if action is None:
        abort(404)
    meeting = load_meeting(action.meeting_id, Permission.EDIT_YOUNG_PEOPLE)
    form = ActionStatusForm()
    if form.validate_on_submit():
        before, action.status = action.status, form.status.data
        audit.record(
            "update",
            object_type="meeting_action",
            object_id=action.id,
            authority_id=meeting.authority_id,
            details={"changes": {"status": [before, action.status]}},
        )
        flash("Action updated.")
    return redirect(url_for("meetings.view_meeting", meeting_id=meeting.id) + "#actions")
