"""A PDF as a download, the same way from every page that gives one (summaries, packs, handovers)."""

from flask import Response


def pdf_response(pdf: bytes, file_name: str) -> Response:
    # File names carry ids, never names: downloads folders and e-mail subjects are not secure places.
    return Response(
        pdf, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{file_name}"'}
    )
