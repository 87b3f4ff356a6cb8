"""PDF summaries: the same access check as the record, audited, sent as an attachment."""

import uuid

from flask import Blueprint, Response, render_template
from flask_login import current_user

from riskapp import audit
from riskapp.access import requires
from riskapp.meetings.forms import MEETING_TYPES
from riskapp.permissions import Permission
from riskapp.reports import cache
from riskapp.reports.context import summary_context
from riskapp.reports.pdf import render_pdf
from riskapp.young_people.routes import load_young_person

bp = Blueprint("reports", __name__)


@bp.route("/young-people/<uuid:young_person_id>/summary.pdf")
@requires(Permission.VIEW_YOUNG_PEOPLE)
def download_summary(young_person_id: uuid.UUID):
    young_person = load_young_person(young_person_id, Permission.VIEW_YOUNG_PEOPLE)
    key = cache.cache_key(young_person)
    pdf = cache.cached_pdf(key)
    if pdf is None:
        context = summary_context(young_person, current_user.user, data_version=key[:16])
        pdf = render_pdf(render_template("reports/summary.html", meeting_types=dict(MEETING_TYPES), **context))
        cache.store_pdf(key, young_person, pdf)
        cached = False
    else:
        cached = True
    audit.record(
        "export",
        object_type="young_person",
        object_id=young_person.id,
        details={"format": "pdf", "report": "summary", "data_version": key[:16], "from_cache": cached},
        **audit.about(young_person),
    )
    # The file name carries no name: downloads folders and e-mail subjects are not secure places.
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="summary-{young_person.id}.pdf"'},
    )
