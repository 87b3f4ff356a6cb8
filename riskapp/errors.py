"""Error pages. Every error is a plain GOV.UK page; nothing internal is shown."""

import logging
import traceback

from flask import Flask, Response, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

ERROR_TEMPLATES = {400, 403, 404, 405, 413, 429, 500}


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError):
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        code = error.code or 500
        template = f"errors/{code}.html" if code in ERROR_TEMPLATES else "errors/generic.html"
        try:
            return render_template(template, code=code), code
        except Exception:
            return Response(f"{code} {error.name}", status=code, mimetype="text/plain")

    @app.errorhandler(Exception)
    def _unexpected_error(error: Exception):
        # Log the type and where it happened, never the message: database errors quote the values
        # that failed, and those values can be case text.
        where = "".join(traceback.format_tb(error.__traceback__)[-3:])
        log.error("Unhandled %s\n%s", type(error).__name__, where)
        return render_template("errors/500.html", code=500), 500
