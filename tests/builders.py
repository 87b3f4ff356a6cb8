"""Plain inputs for the scoring core (riskapp.scoring.chronology), for the unit tests: no database.

- ``NOW``: the moment the unit tests score at, fixed so that no result depends on when they run.
- ``episode(n, days_ago, **changes)``: episode ``n`` (its entry is ``episode:n``), reported
  ``days_ago`` days before ``NOW``, back five hours later, its return home interview done 30 hours
  after the report; ``changes`` set any other field, or replace these.
- ``ABSENT``: the changes for an episode the police recorded as "absent", classified low:
  ``episode(n, days_ago, **ABSENT)``.
"""

from datetime import UTC, datetime, timedelta

from riskapp.scoring.chronology import Episode

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
ABSENT = {"classification": "absent", "classified_low": True}


def episode(n, days_ago, **changes) -> Episode:
    reported = NOW - timedelta(days=days_ago)
    values = {
        "entry": f"episode:{n}",
        "reported_at": reported,
        "returned_at": reported + timedelta(hours=5),
        "return_interview": "done",
        "return_interview_at": reported + timedelta(hours=30),
    }
    return Episode(**(values | changes))
