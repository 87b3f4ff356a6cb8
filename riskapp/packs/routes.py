"""Panel packs: choose a list, watch the pack being made (or leave and come back), download it."""

import uuid

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from riskapp import audit
from riskapp.access import reachable, requires
from riskapp.data import packs as pack_data
from riskapp.extensions import db
from riskapp.forms.once import claim, creates_once
from riskapp.models import PanelPack
from riskapp.packs import queue, service
from riskapp.packs.forms import PanelPackForm
from riskapp.permissions import Permission, can_read_pack
from riskapp.reports.download import pdf_file_name, pdf_response
from riskapp.risk.flags import FLAG_LABELS
from riskapp.timeutil import to_uk, today, utcnow

bp = Blueprint("packs", __name__, url_prefix="/panel-packs")

# A pack still "running" with no progress for this long was cut off (a restart, a lost worker).
STALLED_AFTER_SECONDS = 15 * 60


def load_pack(pack_id: uuid.UUID) -> PanelPack:
    return reachable(pack_data.get_pack(pack_id), can_read_pack, object_type="panel_pack", object_id=pack_id)


def _progress(pack: PanelPack) -> dict:
    done = pack.total if pack.status == "done" else pack_data.sections_done(pack.id)
    waited = (utcnow() - pack.updated_at).total_seconds()
    stalled = pack.status in ("queued", "running") and waited > STALLED_AFTER_SECONDS
    return {
        "status": "stalled" if stalled else pack.status,
        "done": done,
        "total": pack.total,
        "error": pack.error,
        "message": _message(pack, done, stalled),
    }


def _message(pack: PanelPack, done: int, stalled: bool) -> str:
    if stalled:
        return "This pack stopped without finishing. Make it again."
    if pack.status == "done":
        return f"The pack is ready: {pack.total} young people, {pack.pages} pages."
    if pack.status == "failed":
        return f"The pack could not be made: {pack.error}."
    if pack.status == "queued" and done == 0:
        return f"Waiting to start. {pack.total} summaries to print."
    return f"Printed {done} of {pack.total} summaries."


@bp.route("/")
@requires(Permission.VIEW_YOUNG_PEOPLE)
def list_packs():
    packs = pack_data.packs_for(current_user.user.authority_ids)
    audit.record("view-list", object_type="panel_pack", details={"shown": len(packs)})
    return render_template("packs/list_packs.html", packs=[(p, _progress(p)) for p in packs])


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.VIEW_YOUNG_PEOPLE)
@creates_once(lambda first: redirect(url_for("packs.view_pack", pack_id=first.object_id)))
def request_pack():
    user = current_user.user
    form = PanelPackForm(
        formdata=request.form if request.method == "POST" else None,
        data={
            "title": f"Missing Young People Panel, {today():%-d %B %Y}",
            "flag": request.args.get("flag", "repeat-missing"),
            "authority_id": request.args.get("authority", type=int),
        },
    )
    form.authority_id.choices = [(a.id, a.name) for a in user.authorities]
    form.flag.choices = [("", "Everyone with a risk assessment")] + [
        (kind, f"Everyone with the flag: {label}") for kind, label in FLAG_LABELS.items()
    ]
    if request.method == "POST" and form.validate_on_submit():
        authority = next(a for a in user.authorities if a.id == form.authority_id.data)
        choice = service.choose(authority, form.flag.data or "", form.local_id_list())
        if choice.unknown_local_ids:
            unknown = ", ".join(choice.unknown_local_ids)
            form.local_ids.errors.append(f"No young person in {authority.name} has the local ID {unknown}")
        else:
            try:
                pack = service.request_pack(
                    user, authority, choice.young_people, form.title.data, choice.selection,
                    queue.backend_name(current_app),
                )  # fmt: skip
            except service.PackRefused as refused:
                form.flag.errors.append(refused.reason)
            else:
                claim(form, "panel_pack", pack.id)
                db.session.commit()  # the pack's workers read it from the database
                queue.start(pack.id)
                return redirect(url_for("packs.view_pack", pack_id=pack.id))
    return render_template("packs/request_pack.html", form=form)


@bp.route("/<uuid:pack_id>")
@requires(Permission.VIEW_YOUNG_PEOPLE)
def view_pack(pack_id: uuid.UUID):
    pack = load_pack(pack_id)
    audit.record("view", object_type="panel_pack", object_id=pack.id, authority_id=pack.authority_id)
    return render_template("packs/view_pack.html", pack=pack, progress=_progress(pack))


@bp.route("/<uuid:pack_id>/progress")
@requires(Permission.VIEW_YOUNG_PEOPLE)
def pack_progress(pack_id: uuid.UUID):
    """What the pack's page polls. Not audited: it shows no one's details, only a count."""
    return jsonify(_progress(load_pack(pack_id)))


@bp.route("/<uuid:pack_id>/pack.pdf")
@requires(Permission.VIEW_YOUNG_PEOPLE)
def download_pack(pack_id: uuid.UUID):
    pack = load_pack(pack_id)
    if pack.status != "done":
        abort(404)
    service.record_export(pack)
    made_on = to_uk(pack.finished_at or pack.requested_at).date()
    return pdf_response(pack.pdf, pdf_file_name("panel-pack", made_on, record_id=pack.id))
