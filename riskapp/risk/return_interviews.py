"""When a return home interview is due: a fixed number of hours after the young person comes back
(72 in the statutory guidance on children who run away or go missing), unless the active rules set
their own in the ``return_interview_late`` pattern. One rule for the chronology's clocks and the
caseload's "return interview overdue"."""

from datetime import datetime, timedelta

DEFAULT_HOURS = 72


def hours_allowed(rules) -> int:
    return int(rules.patterns.get("return_interview_late", {}).get("hours", DEFAULT_HOURS))


def overdue_if_returned_before(rules, now: datetime) -> datetime:
    """An interview still owed is overdue if the young person returned before this moment."""
    return now - timedelta(hours=hours_allowed(rules))
