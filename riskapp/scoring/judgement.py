"""The band with professional judgement: the latest judgement in force, or the computed band.

The one rule for the candidate band, used by the app's re-scoring and by the ``assess`` command for the
judgements in a case file. Which judgements are in force (a raise at once; a lowering only once a
manager confirmed it) is decided by riskapp.risk.decisions; here a judgement's ``status`` says so.
The band in force can then only go down with a manager (riskapp.scoring.band_in_force).
"""

from datetime import datetime

from riskapp.scoring.chronology import Judgement


def band_with_judgements(
    computed_band: str, judgements: tuple[Judgement, ...], now: datetime
) -> tuple[str, Judgement | None]:
    """The band in force and the judgement that set it (None when the computed band stands)."""
    in_force = [j for j in judgements if j.status == "in-force" and j.made_at <= now]
    if not in_force:
        return computed_band, None
    latest = max(in_force, key=lambda j: (j.made_at, j.entry))
    return latest.band, latest
