"""One clock for the whole app, so tests can move time and every stored time is UTC.

People type and read times as UK local time (GMT or BST); they are converted at the edges."""

from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def utcnow() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Today's date in the UK, which is what people mean by "today"."""
    return utcnow().astimezone(UK).date()


def as_utc(value: datetime | None) -> datetime | None:
    """Treat a naive datetime as UTC (SQLite returns naive values) and convert aware ones to UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def from_uk(day: date, at: time) -> datetime:
    """A date and time as typed in the UK (GMT or BST), as an aware UTC datetime."""
    return datetime.combine(day, at, tzinfo=UK).astimezone(UTC)


def to_uk(value: datetime) -> datetime:
    return as_utc(value).astimezone(UK)


@lru_cache(maxsize=65536)
def uk_day(value: datetime) -> date:
    """The UK calendar date of a moment. Cached: scoring asks for the same episode's day many times
    (patterns, facts, descriptions), and a time-zone conversion costs far more than a lookup."""
    return to_uk(value).date()
