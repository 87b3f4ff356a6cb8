"""The bare page: a tiny Flask app with nothing of riskapp's, serving one Jinja page of a chosen
size. `make load` serves it under gunicorn with the same workers as the app and drives it with the
same client, so the app's figures can be read against what Flask, Jinja and gunicorn alone manage
on this machine.

The page is rendered on every request from ``templates/bare_page.html``: a table with as many rows
as it takes to reach the size asked for (``BARE_PAGE_BYTES``), then padding to the exact byte.
It reads no database, no session and no cookie.
"""

import os
from pathlib import Path

from flask import Flask, render_template

DEFAULT_BYTES = 23_000


def _rows(count: int) -> list[dict]:
    return [
        {"number": n, "date": f"{1 + n % 28:02d}/{1 + n % 12:02d}/2026", "kind": ("Episode", "Incident", "Note")[n % 3]}
        for n in range(count)
    ]


def _fit(app: Flask, size: int) -> tuple[list[dict], str]:
    """The rows and padding that make the rendered page exactly ``size`` bytes (or its bare
    skeleton, if that is already larger)."""
    with app.app_context():

        def length(rows: list[dict], padding: str = "") -> int:
            return len(render_template("bare_page.html", rows=rows, padding=padding).encode())

        low, high = 0, max(1, size // 20)  # a row is over 20 bytes, so `high` rows are too many
        while low < high:  # the most rows that still fit
            middle = (low + high + 1) // 2
            low, high = (middle, high) if length(_rows(middle)) <= size else (low, middle - 1)
        count = low
        rows = _rows(count)
        return rows, " " * max(0, size - length(rows))


def create_app() -> Flask:
    app = Flask(__name__, template_folder=str(Path(__file__).resolve().parent / "templates"))
    size = int(os.environ.get("BARE_PAGE_BYTES") or DEFAULT_BYTES)
    rows, padding = _fit(app, size)

    @app.get("/")
    def page():
        return render_template("bare_page.html", rows=rows, padding=padding)

    return app
