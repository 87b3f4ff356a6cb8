"""Jinja set-up: the top-level templates/ folder first, then the GOV.UK Frontend macro packages."""

from datetime import date, datetime
from pathlib import Path

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemBytecodeCache, FileSystemLoader, PackageLoader, PrefixLoader

from config import BASE_DIR
from riskapp.questionnaire.schema import KIND_LABELS
from riskapp.reference import (
    AGENCIES,
    ETHNICITY_CHOICES,
    LEGAL_STATUS_CHOICES,
    SEX_CHOICES,
    YES_NO_NOT_KNOWN,
    label_for,
)
from riskapp.scoring.factors import age_on  # the one rule for a person's age, the scoring engine's
from riskapp.timeutil import to_uk


def uk_date(value: date | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def _clock(value: datetime) -> str:
    """'2:07pm', '12:30am': the time as people say it."""
    return f"{value.hour % 12 or 12}:{value:%M}{'am' if value.hour < 12 else 'pm'}"


def uk_datetime(value: datetime | None) -> str:
    """'5 March 2026 at 2:07pm'. Stored in UTC; shown, as typed, in UK time (GMT or BST)."""
    if value is None:
        return ""
    value = to_uk(value)
    return f"{uk_date(value.date())} at {_clock(value)}"


def uk_datetime_short(value: datetime | None) -> str:
    """'5 Mar 2026, 2:07pm': for a table's date column, where the long form wraps over four lines."""
    if value is None:
        return ""
    value = to_uk(value)
    return f"{value.day} {value:%b %Y}, {_clock(value)}"


def register_templating(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(BASE_DIR / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    if app.config["TEMPLATE_BYTECODE_CACHE"]:
        # Compiled templates kept on disk (keyed by each template's source, written atomically), so
        # a new process (a gunicorn worker recycled after max-requests, a command, a render worker)
        # does not compile the GOV.UK macros again: about 0.25 s before its first page otherwise.
        # One environment configuration per cache directory: trim_blocks/lstrip_blocks change the
        # compiled code but not the key.
        directory = Path(app.instance_path) / "template-bytecode"
        directory.mkdir(mode=0o700, exist_ok=True)
        app.jinja_env.bytecode_cache = FileSystemBytecodeCache(str(directory))
    WTFormsHelpers(app)
    app.jinja_env.filters.update(
        uk_date=uk_date,
        uk_datetime=uk_datetime,
        uk_datetime_short=uk_datetime_short,
        sex_label=lambda v: label_for(SEX_CHOICES, v),
        ethnicity_label=lambda v: label_for(ETHNICITY_CHOICES, v),
        legal_status_label=lambda v: label_for(LEGAL_STATUS_CHOICES, v),
        yes_no_label=lambda v: label_for(YES_NO_NOT_KNOWN, v),
        agency_name=lambda slug: label_for(AGENCIES, slug),
        iso_date=lambda text: uk_date(date.fromisoformat(str(text)[:10])) if text else "",
        plural=lambda count, one, many: f"{count} {one if count == 1 else many}",
    )
    app.jinja_env.globals.update(age_on=age_on, kind_labels=KIND_LABELS)
