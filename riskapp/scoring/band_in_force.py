"""The band in force never goes down without a manager. Pure: bands are ranked by the caller's
``rank`` (for example ``Rules.band_index``), so this knows nothing of the rules file, Flask or the
database.

The candidate is what the band would be if nothing held it up: the latest professional judgement in
force, else the computed band. A candidate at or above the band in force takes effect at once. A
lower candidate takes effect only as far down as a manager has allowed; whatever lies below that
waits for a manager's decision.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BandInForce:
    band: str  # the band in force now
    lowering_waits: bool  # the candidate is below it: a manager must decide
    rose: bool = False  # the band went up from the band in force before


def band_in_force(
    candidate: str,
    before: str | None,
    allowed: str | None,
    rank: Callable[[str], int],
) -> BandInForce:
    """The band in force now, given the candidate band, the band in force before (None when the young
    person has no earlier result) and the lowest band a manager has allowed it down to (None when no
    manager has decided anything in this step)."""
    if before is None:
        return BandInForce(candidate, lowering_waits=False)
    if rank(candidate) >= rank(before):
        return BandInForce(candidate, lowering_waits=False, rose=rank(candidate) > rank(before))
    floor = before if allowed is None or rank(allowed) >= rank(before) else allowed
    band = candidate if rank(candidate) >= rank(floor) else floor
    return BandInForce(band, lowering_waits=rank(candidate) < rank(band))
