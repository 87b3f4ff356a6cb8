"""Young people: find, create, view and change a record. Views are thin: load, authorise, act."""

import uuid

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from riskapp import audit
from riskapp.access import load_young_person, requires
from riskapp.concurrency import apply_versioned_update
from riskapp.data import organisations as organisation_data
from riskapp.data import screenings as screening_data
from riskapp.data import young_people as young_people_data
from riskapp.data.meetings import meetings_about
from riskapp.data.young_people import YoungPersonSearch
from riskapp.forms.once import OnceOnlyForm, claim, creates_once
from riskapp.fragments import fragment
from riskapp.models import ProfessionalInvolvement, YoungPerson
from riskapp.paging import Page, page_number
from riskapp.permissions import Permission, can_create_young_person_in, has_permission
from riskapp.reference import MEETING_TYPES
from riskapp.risk.coverage import coverage_for
from riskapp.risk.flags import FLAG_LABELS
from riskapp.risk.service import active_rules, current_result, rescore, rules_key
from riskapp.timeutil import today
from riskapp.young_people.forms import FIELD_LABELS, ConfirmForm, ProfessionalForm, SearchForm, YoungPersonForm
from riskapp.young_people.record import record_as_dict

bp = Blueprint("young_people", __name__, url_prefix="/young-people")


def _authority_choices() -> list[tuple[int, str]]:
    return [(authority.id, authority.name) for authority in current_user.user.authorities]


@bp.route("/", methods=["GET", "POST"])
@requires(Permission.VIEW_YOUNG_PEOPLE)
def find_young_people():
    # The search is posted, so names and dates of birth never appear in URLs or server logs.
    form = SearchForm()
    search = None
    if form.validate_on_submit():
        search = YoungPersonSearch(
            name=form.name.data or "",
            date_of_birth=form.date_of_birth.data,
            local_id=form.local_id.data or "",
            nhs_number="".join((form.nhs_number.data or "").split()),
        )
        if search.is_empty:
            search = None
        else:
            audit.record("search", object_type="young_person", details={"fields": _searched_fields(search)})
    page = page_number(request.args.get("page"))
    size = 100 if search else current_app.config["PAGE_SIZE"]
    rows, total = young_people_data.find_young_people(current_user.user.authority_ids, search, page, size)
    if search is None:
        audit.record("view-list", object_type="young_person", details={"page": page, "shown": len(rows)})
    return render_template(
        "young_people/find_young_people.html",
        form=form,
        searched=search is not None,
        page=Page(rows, total, page, size),
    )


def _searched_fields(search: YoungPersonSearch) -> list[str]:
    # Which fields were used, not their values: search terms are names of children.
    return [name for name in ("name", "date_of_birth", "local_id", "nhs_number") if getattr(search, name)]


def _created(first):
    """Where a second save of the form goes: the record its first save made."""
    flash("Record created.")
    return redirect(url_for("young_people.view_young_person", young_person_id=first.object_id))


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
@creates_once(_created)
def create_young_person():
    form = YoungPersonForm(version=1)
    form.responsible_authority_id.choices = _authority_choices()
    if len(form.responsible_authority_id.choices) == 1 and request.method == "GET":
        form.responsible_authority_id.data = form.responsible_authority_id.choices[0][0]
    if not form.validate_on_submit():
        return render_template("young_people/create_young_person.html", form=form)
    values = form.record_values()
    if not can_create_young_person_in(current_user.user, values["responsible_authority_id"]):
        abort(404)
    young_person = young_people_data.add_young_person(YoungPerson(created_by_id=current_user.user.id, **values))
    claim(form, "young_person", young_person.id)
    audit.record(
        "create",
        object_type="young_person",
        object_id=young_person.id,
        details={"version": young_person.version, "fields": sorted(k for k, v in values.items() if v)},
        **audit.about(young_person),
    )
    flash("Record created.")
    return redirect(url_for("young_people.view_young_person", young_person_id=young_person.id))


@bp.route("/<uuid:young_person_id>")
@requires(Permission.VIEW_YOUNG_PEOPLE)
def view_young_person(young_person_id: uuid.UUID):
    young_person = load_young_person(young_person_id, Permission.VIEW_YOUNG_PEOPLE)
    audit.record_view(young_person, "record")
    return _render_record(young_person)


def _render_record(young_person: YoungPerson, professional_form: ProfessionalForm | None = None, **extra):
    """The record page. With a blank professional form its body is served as kept (riskapp.fragments)
    while nothing it shows has changed; not when the form shows what was typed and its errors."""
    keep = professional_form is None
    can_view_access_log = has_permission(current_user.user, Permission.VIEW_RECORD_ACCESS)
    on = today()
    key = ("record", young_person.id, young_person.revision, rules_key(), on, can_view_access_log) if keep else None

    def render(csrf_value: str) -> str:
        start_screening_form = OnceOnlyForm(formdata=None)
        start_screening_form.keep_token_for_each_request()
        return render_template(
            "young_people/_record_body.html",
            young_person=young_person,
            professional_form=professional_form or _blank_professional_form(),
            csrf_value=csrf_value,
            today=on,
            can_view_access_log=can_view_access_log,
            screenings=screening_data.screenings_for(young_person.id, with_answers=False),
            coverage=coverage_for(young_person),
            start_screening_form=start_screening_form,
            risk=current_result(young_person),
            band_labels=active_rules().band_labels,
            flag_labels=FLAG_LABELS,
            meetings=meetings_about(young_person.id),
            meeting_types=dict(MEETING_TYPES),
        )

    return render_template(
        "young_people/view_young_person.html", young_person=young_person, record_body=fragment(key, render), **extra
    )


@bp.route("/<uuid:young_person_id>/record.json")
@requires(Permission.VIEW_YOUNG_PEOPLE)
def export_young_person(young_person_id: uuid.UUID):
    young_person = load_young_person(young_person_id, Permission.VIEW_YOUNG_PEOPLE)
    audit.record(
        "export",
        object_type="young_person",
        object_id=young_person.id,
        details={"format": "json"},
        **audit.about(young_person),
    )
    response = jsonify(record_as_dict(young_person))
    response.headers["Content-Disposition"] = f'attachment; filename="young-person-{young_person.id}.json"'
    return response


@bp.route("/<uuid:young_person_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
def edit_young_person(young_person_id: uuid.UUID):
    young_person = load_young_person(young_person_id, Permission.EDIT_YOUNG_PEOPLE)
    form = YoungPersonForm(obj=young_person if request.method == "GET" else None)
    form.responsible_authority_id.choices = _authority_choices()
    context = {"young_person": young_person}
    if not form.validate_on_submit():
        audit.record_view(young_person, "edit-form")
        return render_template("young_people/edit_young_person.html", form=form, **context)
    conflict = apply_versioned_update(
        young_person,
        form,
        form.record_values(),
        object_type="young_person",
        audit_context=audit.about(young_person),
        labels=FIELD_LABELS,
        template="young_people/edit_young_person.html",
        template_context=lambda: context,
    )
    if conflict is not None:
        return conflict
    # Authority, date of birth and learning disability all feed the stored result.
    rescore(young_person)
    flash("Record updated.")
    return redirect(url_for("young_people.view_young_person", young_person_id=young_person.id))


def _professional_form() -> ProfessionalForm:
    form = ProfessionalForm()
    form.agency_id.choices = [(0, "Select an agency")] + [(a.id, a.name) for a in organisation_data.list_agencies()]
    return form


def _blank_professional_form() -> ProfessionalForm:
    form = _professional_form()
    form.keep_token_for_each_request()
    return form


def _professional_added(young_person_id: uuid.UUID):
    flash("Professional added.")
    return redirect(url_for("young_people.view_young_person", young_person_id=young_person_id) + "#professionals")


@bp.route("/<uuid:young_person_id>/professionals", methods=["POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
@creates_once(lambda first, young_person_id: _professional_added(young_person_id))
def add_professional(young_person_id: uuid.UUID):
    young_person = load_young_person(young_person_id, Permission.EDIT_YOUNG_PEOPLE)
    form = _professional_form()
    if form.validate_on_submit() and form.agency_id.data:
        professional = young_people_data.add_professional(
            ProfessionalInvolvement(
                young_person=young_person,
                name=form.name.data,
                job_title=form.job_title.data or "",
                agency_id=form.agency_id.data,
                contact=form.contact.data or "",
            )
        )
        claim(form, "professional_involvement", professional.id)
        audit.record(
            "create",
            object_type="professional_involvement",
            object_id=professional.id,
            details={"name": professional.name, "agency": professional.agency.slug},
            **audit.about(young_person),
        )
        return _professional_added(young_person.id)
    if form.agency_id.data == 0 and not form.agency_id.errors:
        form.agency_id.errors.append("Select the professional's agency")
    # Show the record again with the form's errors and everything typed still in place.
    audit.record_view(young_person, "record")
    return _render_record(young_person, form, form=form)


@bp.route("/<uuid:young_person_id>/professionals/<int:professional_id>/remove", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
def remove_professional(young_person_id: uuid.UUID, professional_id: int):
    young_person = load_young_person(young_person_id, Permission.EDIT_YOUNG_PEOPLE)
    professional = young_people_data.get_professional(young_person, professional_id)
    if professional is None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        audit.record(
            "delete",
            object_type="professional_involvement",
            object_id=professional.id,
            details={"name": professional.name, "agency": professional.agency.slug},
            **audit.about(young_person),
        )
        young_people_data.remove_professional(professional)
        flash("Professional removed.")
        return redirect(url_for("young_people.view_young_person", young_person_id=young_person.id) + "#professionals")
    audit.record_view(young_person, "remove-professional")
    return render_template(
        "young_people/remove_professional.html", young_person=young_person, professional=professional, form=form
    )
