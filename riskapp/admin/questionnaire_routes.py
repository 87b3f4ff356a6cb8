"""Questionnaire administration: list versions, preview as each agency, upload, activate, retire."""

from flask import Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSelect, GovSubmitInput, GovTextArea
from wtforms import FileField, SelectField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from riskapp import audit
from riskapp.access import requires
from riskapp.admin.routes import bp
from riskapp.catalogue.questionnaires import (
    active_definition,
    check_upload,
    parsed,
    set_status,
    shipped,
    store_upload,
    sync_shipped_definitions,
)
from riskapp.data import organisations as organisation_data
from riskapp.data import questionnaires as questionnaire_data
from riskapp.data import young_people as young_people_data
from riskapp.data.risk import decisions_in_batch
from riskapp.forms.base import BaseForm
from riskapp.forms.sections import build_section_form
from riskapp.permissions import Permission, has_permission
from riskapp.questionnaire.fhir import questionnaire_resource
from riskapp.questionnaire.yamlsafe import MAX_BYTES
from riskapp.risk.decisions import Cause
from riskapp.risk.service import rescore_everyone, simulate, would_lower
from riskapp.scoring.rules import rules_from


class UploadForm(BaseForm):
    definition_file = FileField(
        "Upload a definition file",
        widget=GovFileInput(),
        description="A .yaml file, at most 1 MB. Start from a copy of the current version",
        validators=[Optional()],
    )
    definition_text = TextAreaField(
        "Or paste the definition",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=MAX_BYTES, message="The definition must be at most 1 MB")],
    )
    submit = SubmitField("Check and upload", widget=GovSubmitInput())


class StatusForm(BaseForm):
    submit = SubmitField("Confirm", widget=GovSubmitInput())


class PreviewForm(BaseForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    agency = SelectField("Preview as", widget=GovSelect(), validators=[Optional()])
    submit = SubmitField("Show", widget=GovSubmitInput())


def _load(definition_id: int):
    definition = questionnaire_data.get_definition(definition_id)
    if definition is None:
        abort(404)
    return definition


@bp.route("/questionnaires")
@requires(Permission.MANAGE_QUESTIONNAIRES)
def list_questionnaires():
    sync_shipped_definitions()
    definitions = questionnaire_data.list_definitions()
    return render_template(
        "admin/list_questionnaires.html",
        rows=[(d, parsed(d)) for d in definitions],
        file_problems=shipped().problems,
        status_form=StatusForm(formdata=None),
    )


@bp.route("/questionnaires/<int:definition_id>")
@requires(Permission.MANAGE_QUESTIONNAIRES)
def preview_questionnaire(definition_id: int):
    definition = _load(definition_id)
    questionnaire = parsed(definition)
    agencies = organisation_data.list_agencies()
    form = PreviewForm(request.args)
    form.agency.choices = [(a.slug, a.name) for a in agencies]
    agency = form.agency.data if form.agency.data in {a.slug for a in agencies} else agencies[0].slug
    form.agency.data = agency
    sections = [
        (section, build_section_form(section.items_for(agency), {}, formdata=None))
        for section in questionnaire.sections_for(agency)
    ]
    return render_template(
        "admin/preview_questionnaire.html",
        definition=definition,
        questionnaire=questionnaire,
        sections=sections,
        form=form,
        agency=agency,
    )


@bp.route("/questionnaires/upload", methods=["GET", "POST"])
@requires(Permission.MANAGE_QUESTIONNAIRES)
def upload_questionnaire():
    form = UploadForm()
    problems = []
    if form.validate_on_submit():
        text, name = _uploaded_text(form)
        if text is None:
            form.definition_file.errors.append("Upload a .yaml file or paste the definition")
        else:
            questionnaire, problems = check_upload(text, name)
            if questionnaire is not None:
                definition = store_upload(text, questionnaire, current_user.user)
                flash(f"Version {questionnaire.version} uploaded as a draft. Preview it, then activate it.")
                return redirect(url_for("admin.preview_questionnaire", definition_id=definition.id))
            audit.record_refusal(
                "upload-questionnaire", outcome="invalid", details={"file": name, "problems": len(problems)}
            )
    status = 200 if not problems else 422
    return render_template("admin/upload_questionnaire.html", form=form, problems=problems), status


def _uploaded_text(form: UploadForm) -> tuple[str | None, str]:
    upload = form.definition_file.data
    if upload and getattr(upload, "filename", ""):
        raw = upload.read(MAX_BYTES + 1)
        name = upload.filename.rsplit("/", 1)[-1][:100] or "upload.yaml"
        return raw.decode("utf-8", errors="replace"), name
    if form.definition_text.data:
        return form.definition_text.data, "pasted definition"
    return None, ""


def _lowered_by(definition) -> list[tuple]:
    """Whose band in force this version would lower, among the young people this user's
    authorities hold."""
    people = young_people_data.find_young_people(current_user.user.authority_ids, None, 1, 100_000)[0]
    return would_lower(people, rules_from(parsed(definition)))


@bp.route("/questionnaires/<int:definition_id>/activate/check")
@requires(Permission.MANAGE_QUESTIONNAIRES)
def check_activation(definition_id: int):
    """Before activating: everyone whose band in force the new rules would lower. Their lowering
    will wait for a manager's confirmation; nothing lowers at activation."""
    definition = _load(definition_id)
    lowered = _lowered_by(definition)
    audit.record(
        "check-activation",
        object_type="questionnaire_definition",
        object_id=definition.id,
        details={"would_lower": len(lowered)},
    )
    return render_template(
        "admin/check_activation.html",
        definition=definition,
        active=active_definition(definition.questionnaire_id),
        lowered=lowered,
        can_see_names=has_permission(current_user.user, Permission.VIEW_YOUNG_PEOPLE),
        band_labels=rules_from(parsed(definition)).band_labels,
        form=StatusForm(formdata=None),
    )


@bp.route("/questionnaires/<int:definition_id>/activate", methods=["POST"])
@requires(Permission.MANAGE_QUESTIONNAIRES)
def activate_questionnaire(definition_id: int):
    definition = _load(definition_id)
    if StatusForm().validate_on_submit():
        set_status(definition, "active")
        cause = Cause(
            "activation",
            reason=f"Version {definition.questionnaire_version} of the questionnaire was activated",
            object_type="questionnaire_definition",
            object_id=str(definition.id),
            batch=definition.definition_hash,
        )
        changed, total = rescore_everyone(cause)
        waiting = [d for d in decisions_in_batch(definition.definition_hash) if d.status == "awaiting"]
        audit.record("rescore-all", details={"young_people": total, "changed": len(changed), "waiting": len(waiting)})
        flash(
            f"Version {definition.questionnaire_version} is now the active version. New screenings use it. "
            f"{total} young people were re-scored with its rules; {len(changed)} changed band. "
            f"{len(waiting)} lower bands wait for a CSE coordinator or manager to confirm them."
        )
    return redirect(url_for("admin.list_questionnaires"))


@bp.route("/questionnaires/<int:definition_id>/retire", methods=["POST"])
@requires(Permission.MANAGE_QUESTIONNAIRES)
def retire_questionnaire(definition_id: int):
    definition = _load(definition_id)
    if definition.status == "active":
        flash("The active version cannot be retired: activate another version instead, and this one is retired then.")
        return redirect(url_for("admin.list_questionnaires"))
    if StatusForm().validate_on_submit():
        set_status(definition, "retired")
        flash(f"Version {definition.questionnaire_version} is retired. Screenings made with it keep their answers.")
    return redirect(url_for("admin.list_questionnaires"))


@bp.route("/questionnaires/<int:definition_id>/fhir.json")
@requires(Permission.MANAGE_QUESTIONNAIRES)
def export_questionnaire_fhir(definition_id: int):
    definition = _load(definition_id)
    audit.record("export", object_type="questionnaire_definition", object_id=definition.id, details={"format": "fhir"})
    response = jsonify(questionnaire_resource(parsed(definition), current_app.config["FHIR_BASE_URL"]))
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{definition.questionnaire_id}-v{definition.questionnaire_version}.fhir.json"'
    )
    return response


@bp.route("/questionnaires/<int:definition_id>/simulate")
@requires(Permission.MANAGE_QUESTIONNAIRES)
def simulate_questionnaire(definition_id: int):
    """Before a version is activated: whose band would change under its rules, and why."""
    definition = _load(definition_id)
    user = current_user.user
    rules = rules_from(parsed(definition))
    people = young_people_data.find_young_people(user.authority_ids, None, 1, 100_000)[0]
    outcomes = simulate(people, rules)
    changed = [(person, before, after) for person, before, after in outcomes if before != after.band]
    audit.record(
        "simulate-questionnaire",
        object_type="questionnaire_definition",
        object_id=definition.id,
        details={"young_people": len(outcomes), "changed": len(changed)},
    )
    return render_template(
        "admin/simulate_questionnaire.html",
        definition=definition,
        checked=len(outcomes),
        changed=changed,
        can_see_names=has_permission(user, Permission.VIEW_YOUNG_PEOPLE),
        band_labels=rules.band_labels,
    )


@bp.route("/questionnaires/<int:definition_id>/definition.yaml")
@requires(Permission.MANAGE_QUESTIONNAIRES)
def download_questionnaire(definition_id: int):
    """The exact stored file, to copy and change for the next version."""
    definition = _load(definition_id)
    audit.record("export", object_type="questionnaire_definition", object_id=definition.id, details={"format": "yaml"})
    name = f"{definition.questionnaire_id}-v{definition.questionnaire_version}.yaml"
    return Response(
        definition.source_text,
        mimetype="text/yaml",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
