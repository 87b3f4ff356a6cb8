"""Strategy meetings: record one about a young person (and others discussed), what it decided about
each of them and for all of them, its actions, and follow them up."""

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from riskapp import audit
from riskapp.access import load_young_person, reachable, requires
from riskapp.data import meetings as meeting_data
from riskapp.data import organisations as organisation_data
from riskapp.forms.once import claim, creates_once
from riskapp.meetings.forms import (
    SHARED,
    ActionForm,
    ActionStatusForm,
    MeetingForm,
    decision_field_name,
    decisions_form,
)
from riskapp.models import MeetingAction, StrategyMeeting
from riskapp.permissions import Permission, can_access_young_person
from riskapp.reference import MEETING_TYPES
from riskapp.timeutil import today, utcnow

bp = Blueprint("meetings", __name__)


def load_meeting(meeting_id: uuid.UUID, permission: Permission) -> StrategyMeeting:
    """A meeting is reachable by users who can reach every young person it discussed."""
    return reachable(
        meeting_data.get_meeting(meeting_id),
        lambda user, meeting: all(can_access_young_person(user, p, permission) for p in meeting.young_people),
        object_type="strategy_meeting",
        object_id=meeting_id,
        needs=permission,
    )


def _discussed(meeting: StrategyMeeting) -> list[tuple[uuid.UUID, str]]:
    """(id, name) of each young person discussed whom this user may see, the meeting's own first."""
    user = current_user.user
    people = sorted(
        meeting.young_people, key=lambda p: (p.responsible_authority_id != meeting.authority_id, p.full_name)
    )
    return [(p.id, p.full_name) for p in people if can_access_young_person(user, p, Permission.VIEW_YOUNG_PEOPLE)]


def _action_form(meeting: StrategyMeeting) -> ActionForm:
    form = ActionForm()
    form.agency_id.choices = [(a.id, a.name) for a in organisation_data.list_agencies()]
    form.concerns_choices([(str(young_person_id), name) for young_person_id, name in _discussed(meeting)])
    return form


def _groups(meeting: StrategyMeeting) -> list[dict]:
    """The meeting's decisions and actions under each young person's name, then the shared ones."""
    groups = [
        {"id": young_person_id, "heading": f"About {name}", "name": name,
         "decisions": meeting.decisions_about(young_person_id),
         "actions": [a for a in meeting.actions if a.young_person_id == young_person_id]}
        for young_person_id, name in _discussed(meeting)
    ]  # fmt: skip
    shared = [a for a in meeting.actions if a.young_person_id is None]
    if len(meeting.young_people) > 1 or meeting.decisions or shared:
        groups.append(
            {"id": None, "heading": "Shared by everyone discussed", "decisions": meeting.decisions, "actions": shared}
        )
    return groups


def _render_meeting(meeting: StrategyMeeting, action_form: ActionForm, **extra):
    return render_template(
        "meetings/view_meeting.html",
        meeting=meeting,
        meeting_types=dict(MEETING_TYPES),
        groups=_groups(meeting),
        hidden=len(meeting.young_people) - len(_discussed(meeting)),
        action_form=action_form,
        status_form=ActionStatusForm(formdata=None),
        today=today(),
        **extra,
    )


def _recorded(meeting: StrategyMeeting):
    """Where saving the meeting form goes, the first time and any time after."""
    if len(meeting.young_people) > 1:
        flash("Meeting recorded. Write what it decided about each of the other young people discussed.")
        return redirect(url_for("meetings.record_decisions", meeting_id=meeting.id))
    flash("Meeting recorded. Add its actions below.")
    return redirect(url_for("meetings.view_meeting", meeting_id=meeting.id))


@bp.route("/young-people/<uuid:young_person_id>/meetings/new", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
@creates_once(lambda first, **_: _recorded(meeting_data.get_meeting(uuid.UUID(first.object_id))))
def record_meeting(young_person_id: uuid.UUID):
    young_person = load_young_person(young_person_id, Permission.EDIT_YOUNG_PEOPLE)
    form = MeetingForm(date_of_birth=young_person.date_of_birth)
    form.decisions.label.text = f"Decisions about {young_person.full_name}"
    if form.validate_on_submit():
        others = meeting_data.young_people_by_local_ids(current_user.user.authority_ids, form.other_local_ids())
        unknown = [local_id for local_id in form.other_local_ids() if local_id not in others]
        if unknown:
            form.other_young_people.errors.append(
                f"No young person in your authorities has the local ID {', '.join(unknown)}"
            )
        else:
            return _recorded(_save_meeting(young_person, form, [p for p in others.values() if p.id != young_person.id]))
    return render_template("meetings/record_meeting.html", young_person=young_person, form=form)


def _save_meeting(young_person, form: MeetingForm, others: list) -> StrategyMeeting:
    meeting = meeting_data.add(
        StrategyMeeting(
            authority_id=young_person.responsible_authority_id,
            held_on=form.held_on.data,
            meeting_type=form.meeting_type.data,
            chair=form.chair.data,
            attendees=form.attendees.data or "",
            views_settled=form.views_settled.data or "",
            decisions=form.shared_decisions.data or "",
            disruption=form.disruption.data or "",
            next_review_on=form.next_review_on.data,
            author_id=current_user.user.id,
            young_people=[young_person, *others],
        )
    )
    claim(form, "strategy_meeting", meeting.id)
    meeting_data.set_decisions(meeting, {young_person.id: form.decisions.data or ""})
    audit.record(
        "create",
        object_type="strategy_meeting",
        object_id=meeting.id,
        details={"type": meeting.meeting_type, "young_people": len(meeting.young_people)},
        **audit.about(young_person),
    )
    return meeting


@bp.route("/meetings/<uuid:meeting_id>")
@requires(Permission.VIEW_YOUNG_PEOPLE)
def view_meeting(meeting_id: uuid.UUID):
    meeting = load_meeting(meeting_id, Permission.VIEW_YOUNG_PEOPLE)
    audit.record("view", object_type="strategy_meeting", object_id=meeting.id, authority_id=meeting.authority_id)
    return _render_meeting(meeting, _action_form(meeting))


@bp.route("/meetings/<uuid:meeting_id>/decisions", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
def record_decisions(meeting_id: uuid.UUID):
    meeting = load_meeting(meeting_id, Permission.EDIT_YOUNG_PEOPLE)
    discussed = _discussed(meeting)
    if request.method == "GET":
        form = decisions_form(discussed, formdata=None, version=meeting.version, shared=meeting.decisions)
        for young_person_id, _ in discussed:
            form[decision_field_name(young_person_id)].data = meeting.decisions_about(young_person_id)
    else:
        form = decisions_form(discussed)
    status = 200
    if form.validate_on_submit():
        if form.version.data != meeting.version:
            form.version.data = meeting.version
            form.shared.errors = [*form.shared.errors, "Someone else changed these decisions since you opened the "
                                  "page. Check what they wrote on the meeting page, then save yours again"]  # fmt: skip
            status = 409
        else:
            _save_decisions(meeting, form, discussed)
            flash("Decisions saved.")
            return redirect(url_for("meetings.view_meeting", meeting_id=meeting.id) + "#actions")
    fields = [decision_field_name(young_person_id) for young_person_id, _ in discussed]
    return render_template(
        "meetings/record_decisions.html", meeting=meeting, meeting_types=dict(MEETING_TYPES), form=form, fields=fields
    ), status


def _save_decisions(meeting: StrategyMeeting, form, discussed: list[tuple[uuid.UUID, str]]) -> None:
    about = {young_person_id: form[decision_field_name(young_person_id)].data or "" for young_person_id, _ in discussed}
    changed = [
        str(young_person_id)
        for young_person_id, text in about.items()
        if text != meeting.decisions_about(young_person_id)
    ]
    if (form.shared.data or "") != meeting.decisions:
        changed.append("shared")
    meeting_data.set_decisions(meeting, about)
    meeting.decisions = form.shared.data or ""
    meeting.updated_at = utcnow()  # a new version, so summaries printed from it change too
    audit.record(
        "update",
        object_type="strategy_meeting",
        object_id=meeting.id,
        authority_id=meeting.authority_id,
        details={"decisions_changed": changed},
    )


def _concerns(meeting: StrategyMeeting, form: ActionForm) -> uuid.UUID | None:
    """The young person an action concerns, or None when it is shared."""
    if len(meeting.young_people) == 1:
        return meeting.young_people[0].id
    return None if form.concerns.data == SHARED else uuid.UUID(form.concerns.data)


def _action_added(meeting_id: uuid.UUID):
    flash("Action added.")
    return redirect(url_for("meetings.view_meeting", meeting_id=meeting_id) + "#actions")


@bp.route("/meetings/<uuid:meeting_id>/actions", methods=["POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
@creates_once(lambda first, meeting_id: _action_added(meeting_id))
def add_action(meeting_id: uuid.UUID):
    meeting = load_meeting(meeting_id, Permission.EDIT_YOUNG_PEOPLE)
    form = _action_form(meeting)
    if not form.validate_on_submit():
        return _render_meeting(meeting, form, form=form)
    action = meeting_data.add(
        MeetingAction(
            meeting=meeting,
            description=form.description.data,
            owner=form.owner.data,
            agency_id=form.agency_id.data,
            due_on=form.due_on.data,
            young_person_id=_concerns(meeting, form),
        )
    )
    claim(form, "meeting_action", action.id)
    audit.record(
        "create",
        object_type="meeting_action",
        object_id=action.id,
        authority_id=meeting.authority_id,
        details={"meeting": str(meeting.id), "concerns": str(action.young_person_id or SHARED)},
    )
    return _action_added(meeting.id)


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
