"""Print templates filled from plain data. Kept apart from riskapp.reports.pdf so that a web
process, which only fills templates and hands the HTML to the render workers, never imports
WeasyPrint (about 0.4 s at every process start)."""

from pathlib import Path

from flask import current_app

STATIC_DIR = (Path(__file__).resolve().parents[1] / "static").resolve()


def print_html(template_name: str, **context) -> str:
    """A print template filled from plain data only: no request, no signed-in user, none of the web
    pages' context processors, so it renders the same from a request, a job or the command line."""
    return current_app.jinja_env.get_template(template_name).render(**context)
