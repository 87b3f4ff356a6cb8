"""PDF summaries: the same access check as the record, audited, sent as an attachment."""

import uuid

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user

from riskapp import audit
from riskapp.access import load_young_person, requires
from riskapp.permissions import Permission
from riskapp.reference import MEETING_TYPES
from riskapp.reports import cache
from riskapp.reports.bounded import RenderFailed, configured_limits, pool_for
from riskapp.reports.context import summary_context
from riskapp.reports.download import pdf_file_name, pdf_response
from riskapp.reports.inputs import SummaryInputs, load_summary_inputs, printed_by, reader_may_name
from riskapp.reports.print_templates import print_html
from riskapp.timeutil import today

bp = Blueprint("reports", __name__)


def render_bounded(html: str) -> bytes:
    """Render in a worker process, within the configured time and memory limits."""
    return pool_for(configured_limits(current_app.config)).render(html)


def _meeting_asked_for(inputs: SummaryInputs) -> uuid.UUID | None:
    asked = request.args.get("meeting")
    if not asked:
        return None
    try:
        meeting_id = uuid.UUID(asked)
    except ValueError:
        abort(404)
    if meeting_id not in {meeting.id for meeting in inputs.meetings}:
        abort(404)
    return meeting_id


@bp.route("/young-people/<uuid:young_person_id>/summary.pdf")
@requires(Permission.VIEW_YOUNG_PEOPLE)
def download_summary(young_person_id: uuid.UUID):
    young_person = load_young_person(young_person_id, Permission.VIEW_YOUNG_PEOPLE)
    user = current_user.user
    inputs = load_summary_inputs(young_person, may_name=reader_may_name(user))
    meeting_id = _meeting_asked_for(inputs)
    key = cache.cache_key(inputs, cache.template_version(), for_meeting=meeting_id)
    pdf = cache.cached_pdf(key)
    cached = pdf is not None
    if pdf is None:
        context = summary_context(inputs, generated_by=printed_by(user), data_version=key[:16], for_meeting=meeting_id)
        html = print_html("reports/summary.html", meeting_types=dict(MEETING_TYPES), **context)
        try:
            pdf = render_bounded(html)
        except RenderFailed as failure:
            return render_template("reports/render_failed.html", young_person=young_person, reason=failure.reason), 503
        cache.store_pdf(key, young_person, pdf)
    details = {"format": "pdf", "report": "summary", "data_version": key[:16], "from_cache": cached}
    if meeting_id:
        details["meeting"] = str(meeting_id)
    audit.record("export", object_type="young_person", object_id=young_person.id, details=details,
                 **audit.about(young_person))  # fmt: skip
    name = pdf_file_name("summary", today(), local_id=young_person.local_id, record_id=young_person.id)
    return pdf_response(pdf, name)
