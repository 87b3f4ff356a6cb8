"""A PDF as a download, the same way from every page that gives one (summaries, packs, handovers)."""

import re
import uuid
from datetime import date

from flask import Response

_UNSAFE = re.compile(r"[^A-Za-z0-9]+")
LOCAL_ID_CHARACTERS = 40


def pdf_file_name(kind: str, on: date, *, local_id: str = "", record_id: uuid.UUID | None = None) -> str:
    """What a downloaded PDF is called: what it is, whose it is and the day, such as
    ``summary-LA-12345-2026-12-01.pdf``. File names carry the local ID as typed (any character other
    than a letter or a digit becomes a hyphen, so the name is safe on every system), or the first
    part of the record's id where there is no local ID; never a name: downloads folders and e-mail
    subjects are not secure places."""
    whose = _UNSAFE.sub("-", local_id).strip("-")[:LOCAL_ID_CHARACTERS].strip("-")
    if not whose and record_id is not None:
        whose = str(record_id).split("-")[0]
    return "-".join(part for part in (kind, whose, on.isoformat()) if part) + ".pdf"


def pdf_response(pdf: bytes, file_name: str) -> Response:
    return Response(
        pdf, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{file_name}"'}
    )
