"""Screenings: start one, fill it in a section at a time, check, submit, view and amend."""

import uuid

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from riskapp import audit
from riskapp.access import load_young_person, requires
from riskapp.catalogue.questionnaires import active_definition, parsed, screening_questionnaire_id
from riskapp.data import screenings as screening_data
from riskapp.forms.items import field_name
from riskapp.forms.once import OnceOnlyForm, claim, creates_once
from riskapp.forms.sections import build_section_form
from riskapp.models import Screening, YoungPerson
from riskapp.paging import Page, page_number
from riskapp.permissions import Permission, can_access_young_person
from riskapp.questionnaire.answers import Gap, section_applies, visible_items
from riskapp.questionnaire.fhir import questionnaire_response
from riskapp.questionnaire.schema import Questionnaire
from riskapp.risk.coverage import young_people_needing_review
from riskapp.risk.service import active_rules
from riskapp.screenings import service
from riskapp.screenings.forms import AmendForm, ConfirmForm, DiscardForm
from riskapp.screenings.summary import screening_summary

bp = Blueprint("screenings", __name__)


def load_screening(screening_id: uuid.UUID, permission: Permission) -> tuple[Screening, YoungPerson]:
    """The screening and its young person, if this user may reach the young person's record;
    otherwise "not found", audited, exactly as for the record itself."""
    screening = screening_data.get_screening(screening_id)
    young_person = load_young_person(
        screening.young_person_id if screening else None, permission, object_type="screening", object_id=screening_id
    )
    return screening, young_person


def _editable_draft(screening_id: uuid.UUID) -> tuple[Screening, YoungPerson]:
    screening, young_person = load_screening(screening_id, Permission.EDIT_YOUNG_PEOPLE)
    if screening.is_submitted:
        flash("This screening has been submitted, so it cannot be changed. Amend it to record a correction.")
        abort(redirect(url_for("screenings.view_screening", screening_id=screening.id)))
    if not screening.is_draft:
        flash("This draft was discarded, so it cannot be changed. Start a new screening if one is needed.")
        abort(redirect(url_for("screenings.view_screening", screening_id=screening.id)))
    if screening.author_id != current_user.user.id:
        audit.record_refusal(
            "access-denied",
            object_type="screening",
            object_id=screening.id,
            **audit.about(young_person),
            details={"endpoint": request.endpoint, "reason": "not the draft's author"},
        )
        abort(403)
    return screening, young_person


def _audit(screening: Screening, young_person: YoungPerson, action: str, **details) -> None:
    audit.record(
        action,
        object_type="screening",
        object_id=screening.id,
        **audit.about(young_person),
        details=details,
    )


@bp.route("/young-people/<uuid:young_person_id>/screenings", methods=["POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
@creates_once(lambda first, **_: redirect(url_for("screenings.view_screening", screening_id=first.object_id)))
def start_screening(young_person_id: uuid.UUID):
    young_person = load_young_person(young_person_id, Permission.EDIT_YOUNG_PEOPLE)
    form = OnceOnlyForm()
    if not form.validate_on_submit():
        abort(400)  # only a button: someone else's once-only token, nothing typed to show again
    existing = service.draft_in_progress(young_person, current_user.user)
    if existing is not None:
        return redirect(url_for("screenings.view_screening", screening_id=existing.id, resumed=1))
    definition = active_definition(screening_questionnaire_id())
    if definition is None:
        abort(409)
    screening = service.new_draft(young_person, definition, current_user.user)
    claim(form, "screening", screening.id)
    return redirect(url_for("screenings.view_screening", screening_id=screening.id))


@bp.route("/screenings/drafts")
@requires(Permission.EDIT_YOUNG_PEOPLE)
def list_drafts():
    """The signed-in person's own drafts, of young people they may still reach."""
    user = current_user.user
    drafts = []
    for screening, young_person in screening_data.drafts_by(user.id, user.authority_ids):
        if not can_access_young_person(user, young_person, Permission.EDIT_YOUNG_PEOPLE):
            continue
        _sections, gaps = service.progress_of(screening, young_person)
        drafts.append({"screening": screening, "young_person": young_person, "missing": len(gaps)})
    audit.record("view-list", object_type="screening-drafts", details={"shown": len(drafts)})
    return render_template("screenings/list_drafts.html", drafts=drafts)


@bp.route("/screenings/<uuid:screening_id>")
@requires(Permission.VIEW_YOUNG_PEOPLE)
def view_screening(screening_id: uuid.UUID):
    screening, young_person = load_screening(screening_id, Permission.VIEW_YOUNG_PEOPLE)
    questionnaire = parsed(screening.definition)
    answers = screening_data.answers_of(screening)
    _audit(screening, young_person, "view")
    if screening.is_draft and screening.author_id == current_user.user.id:
        sections, gaps = service.progress_of(screening, young_person)
        return render_template(
            "screenings/task_list.html",
            screening=screening,
            young_person=young_person,
            sections=[(questionnaire.section(entry.section_id), entry) for entry in sections],
            missing=len(gaps),
            questionnaire=questionnaire,
            resumed=request.args.get("resumed") == "1",
        )
    return render_template(
        "screenings/view_screening.html",
        screening=screening,
        young_person=young_person,
        summary=screening_summary(questionnaire, answers),
        amendments=[s for s in screening_data.screenings_for(young_person.id) if s.amends_id == screening.id],
        amend_form=AmendForm(formdata=None),
    )


@bp.route("/screenings/<uuid:screening_id>/sections/<section_id>", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
def edit_section(screening_id: uuid.UUID, section_id: str):
    screening, young_person = _editable_draft(screening_id)
    questionnaire = parsed(screening.definition)
    agency = screening.agency.slug
    sections = questionnaire.sections_for(agency)
    if section_id not in {s.id for s in sections}:
        abort(404)
    section = questionnaire.section(section_id)
    answers = screening_data.answers_of(screening)
    context = service.young_person_context(young_person)
    # Items hidden by answers on other pages are left out; those depending on this page stay.
    shown = {
        item.id
        for item in visible_items(
            questionnaire, agency, {k: v for k, v in answers.items() if k not in {i.id for i in section.items}}, context
        )
    }
    items = tuple(item for item in section.items_for(agency) if item.id in shown)
    form = build_section_form(
        items,
        answers if request.method == "GET" else {},
        formdata=None if request.method == "GET" else request.form,
        date_of_birth=young_person.date_of_birth,  # no date before birth, none after today
    )
    if request.method == "GET":
        _audit(screening, young_person, "view", page="section", section=section_id)
    if request.method == "POST":
        valid = form.validate()
        # Saved whatever happens, so nothing typed is lost to an error, a time-out or a closed tab;
        # the rest of the section is marked not known only when the page has no problems.
        marked = service.save_section(
            screening, young_person, section_id, form.answers(), rest_not_known_too=valid and form.rest_not_known.data
        )
        if valid:
            if form.rest_not_known.data:
                flash(_marked_message(marked, section.title))
            applicable = [
                s
                for s in sections
                if s.id == section_id
                or section_applies(questionnaire, s.id, screening_data.answers_of(screening), context)
            ]
            return redirect(_next_page(screening, applicable, section_id))
    return render_template(
        "screenings/edit_section.html",
        screening=screening,
        young_person=young_person,
        section=section,
        form=form,
        questionnaire=questionnaire,
    )


def _marked_message(marked: int, title: str) -> str:
    if not marked:
        return f"Every question in '{title}' was already answered, so nothing was marked not known."
    questions = "question" if marked == 1 else "questions"
    return f"{marked} unanswered {questions} in '{title}' marked not known."


def _next_page(screening: Screening, sections, section_id: str) -> str:
    ids = [s.id for s in sections]
    position = ids.index(section_id)
    if position + 1 < len(ids):
        return url_for("screenings.edit_section", screening_id=screening.id, section_id=ids[position + 1])
    return url_for("screenings.check_screening", screening_id=screening.id)


@bp.route("/screenings/<uuid:screening_id>/check")
@requires(Permission.EDIT_YOUNG_PEOPLE)
def check_screening(screening_id: uuid.UUID):
    screening, young_person = _editable_draft(screening_id)
    questionnaire = parsed(screening.definition)
    answers = screening_data.answers_of(screening)
    _audit(screening, young_person, "view", page="check-answers")
    return render_template(
        "screenings/check_screening.html",
        screening=screening,
        young_person=young_person,
        summary=screening_summary(questionnaire, answers, agency=screening.agency.slug),
        gaps=_gaps_by_section(screening, questionnaire, service.gaps(screening, young_person)),
        form=ConfirmForm(formdata=None),
    )


def _gaps_by_section(screening: Screening, questionnaire: Questionnaire, gaps: list[Gap]) -> list[tuple[str, list]]:
    """The answers still needed, under their sections' titles in the order asked: (link, message)."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for gap in gaps:
        grouped.setdefault(gap.section_id, []).append((_gap_link(screening, questionnaire, gap), gap.message))
    return [(questionnaire.section(section_id).title, links) for section_id, links in grouped.items()]


def _gap_link(screening: Screening, questionnaire: Questionnaire, gap: Gap) -> str:
    """The question's page, at the field that needs answering (the id its error would link to)."""
    page = url_for("screenings.edit_section", screening_id=screening.id, section_id=gap.section_id)
    return f"{page}#{field_name(questionnaire.item(gap.item_id), gap.part)}"


@bp.route("/screenings/<uuid:screening_id>/submit", methods=["POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
def submit_screening(screening_id: uuid.UUID):
    screening, young_person = _editable_draft(screening_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if service.gaps(screening, young_person):
        flash("Some answers are missing. Answer them, or choose Not known, then submit.")
        return redirect(url_for("screenings.check_screening", screening_id=screening.id))
    service.submit(screening, young_person)
    return redirect(url_for("screenings.view_submitted", screening_id=screening.id))


@bp.route("/screenings/<uuid:screening_id>/submitted")
@requires(Permission.VIEW_YOUNG_PEOPLE)
def view_submitted(screening_id: uuid.UUID):
    """The confirmation after submitting: the band in force now, and what it was before."""
    screening, young_person = load_screening(screening_id, Permission.VIEW_YOUNG_PEOPLE)
    if not screening.is_submitted:
        return redirect(url_for("screenings.view_screening", screening_id=screening.id))
    _audit(screening, young_person, "view", page="submitted")
    return render_template(
        "screenings/view_submitted.html",
        screening=screening,
        young_person=young_person,
        band=service.band_after_submitting(screening, young_person),
        band_labels=active_rules().band_labels,
    )


@bp.route("/screenings/<uuid:screening_id>/discard", methods=["GET", "POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
def discard_screening(screening_id: uuid.UUID):
    """Only the draft's author discards it, with a reason."""
    screening, young_person = _editable_draft(screening_id)
    form = DiscardForm()
    if form.validate_on_submit():
        service.discard(screening, young_person, form.reason.data.strip())
        flash(f"Draft screening of {young_person.full_name} discarded.")
        return redirect(url_for("screenings.list_drafts"))
    return render_template(
        "screenings/discard_screening.html", screening=screening, young_person=young_person, form=form
    )


@bp.route("/screenings/<uuid:screening_id>/amend", methods=["POST"])
@requires(Permission.EDIT_YOUNG_PEOPLE)
def amend_screening(screening_id: uuid.UUID):
    screening, young_person = load_screening(screening_id, Permission.EDIT_YOUNG_PEOPLE)
    if not screening.is_submitted:
        abort(409)
    existing = service.draft_in_progress(young_person, current_user.user)
    if existing is not None:  # one draft at a time: carry on with it (or discard it) first
        return redirect(url_for("screenings.view_screening", screening_id=existing.id, resumed=1))
    form = AmendForm()
    if not form.validate_on_submit():
        return render_template(
            "screenings/view_screening.html",
            screening=screening,
            young_person=young_person,
            summary=screening_summary(parsed(screening.definition), screening_data.answers_of(screening)),
            amendments=[s for s in screening_data.screenings_for(young_person.id) if s.amends_id == screening.id],
            amend_form=form,
            form=form,
        )
    amendment = service.amend(screening, young_person, current_user.user, form.reason.data)
    return redirect(url_for("screenings.view_screening", screening_id=amendment.id))


@bp.route("/screenings/<uuid:screening_id>/fhir.json")
@requires(Permission.VIEW_YOUNG_PEOPLE)
def export_screening_fhir(screening_id: uuid.UUID):
    screening, young_person = load_screening(screening_id, Permission.VIEW_YOUNG_PEOPLE)
    _audit(screening, young_person, "export", format="fhir-questionnaire-response")
    response = jsonify(
        questionnaire_response(
            parsed(screening.definition), screening_data.answers_of(screening), _response_meta(screening)
        )
    )
    response.headers["Content-Disposition"] = f'attachment; filename="screening-{screening.id}.fhir.json"'
    return response


def _response_meta(screening: Screening) -> dict:
    return {
        "id": str(screening.id),
        # FHIR's "stopped": partly filled in, then abandoned.
        "status": "completed" if screening.is_submitted else "stopped" if screening.is_discarded else "in-progress",
        "subject": f"Patient/{screening.young_person_id}",
        "authored": (screening.submitted_at or screening.updated_at).isoformat(),
        "author": f"Practitioner/{screening.author_id}",
        "base_url": current_app.config["FHIR_BASE_URL"],
    }


@bp.route("/coverage")
@requires(Permission.VIEW_COVERAGE_LIST)
def list_coverage_gaps():
    page = page_number(request.args.get("page"))
    size = current_app.config["PAGE_SIZE"]
    rows = young_people_needing_review(current_user.user.authority_ids)
    never_screened = screening_data.count_never_screened(current_user.user.authority_ids)
    audit.record("view-list", object_type="coverage", details={"shown": len(rows), "never_screened": never_screened})
    return render_template(
        "screenings/list_coverage_gaps.html",
        page=Page(rows[(page - 1) * size : page * size], len(rows), page, size),
        never_screened=never_screened,
    )
