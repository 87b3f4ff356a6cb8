"""Evidence to factors, and the floors over them. Used for the young person's own band and for
each agency's view, so both read the same facts the same way.

Every fact counts wherever it was recorded: a screening "yes", an incident (by its type, through the
rules file, and by the author's "evidence of"), a note ("evidence of") and a missing episode's facts
(found with an adult of concern, at a place of concern, in a vehicle, out of area, overnight) all
become Evidence with their entry's UK calendar date and agency.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache
from operator import attrgetter

from riskapp.scoring.chronology import Chronology, Episode, Evidence, Resolution
from riskapp.scoring.result import Factor
from riskapp.scoring.rules import Floor, Rules
from riskapp.timeutil import uk_day


def uk_date(moment: datetime) -> date:
    """The UK calendar date of a moment: what a practitioner means by "the day it happened"."""
    return uk_day(moment)


def is_overnight(episode: Episode, hours: int, now: datetime) -> bool:
    """Missing overnight or longer: returned ``hours`` or more after it was reported, still not returned
    ``hours`` after it, or missing across midnight UK time for at least half that many hours (22:30 to
    03:00 is a night away; 23:50 to 00:10 is not)."""
    end = episode.returned_at if episode.returned_at is not None else now
    away = end - episode.reported_at
    if away >= _hours(hours):
        return True
    return away >= _hours(hours / 2) and uk_date(end) > uk_date(episode.reported_at)  # across midnight


@lru_cache(maxsize=64)
def _hours(hours: float) -> timedelta:
    return timedelta(hours=hours)


def episode_facts(episode: Episode, rules: Rules, now: datetime) -> tuple[str, ...]:
    """The facts an episode records, and "overnight" when its times say so."""
    return episode.facts + (("overnight",) if is_overnight(episode, rules.overnight_hours, now) else ())


def _once(item_ids):
    """Each indicator once, in order (most entries map to one indicator: skip the work then)."""
    return item_ids if len(item_ids) < 2 else tuple(dict.fromkeys(item_ids))


def all_evidence(chronology: Chronology, rules: Rules, now: datetime) -> tuple[Evidence, ...]:
    """Screening evidence plus what incidents, notes and episodes' facts are evidence of."""
    found = list(chronology.evidence)
    for incident in chronology.incidents:
        item_ids = rules.incident_evidence.get(incident.type, ())
        if incident.evidence_of:
            item_ids = _once((*item_ids, incident.evidence_of))
        if item_ids:
            seen_on = uk_date(incident.occurred_at)
            found += [Evidence(i, seen_on, incident.agency, incident.entry) for i in item_ids]
    for note in chronology.notes:
        if note.evidence_of:
            found.append(Evidence(note.evidence_of, uk_date(note.noted_at), note.agency, note.entry))
    if rules.episode_evidence:  # one pass per episode, only over facts the rules give a meaning
        for episode in chronology.episodes:
            item_ids = [i for fact in episode_facts(episode, rules, now) for i in rules.episode_evidence.get(fact, ())]
            if item_ids:
                seen_on = uk_date(episode.reported_at)
                found += [Evidence(i, seen_on, episode.agency, episode.entry) for i in _once(item_ids)]
    return tuple(found)


def points_for(weight: int, last_seen: date, today: date, recency: dict) -> tuple[float, bool]:
    """Recent evidence counts in full; older evidence counts less, and significant evidence never
    below ``older_floor`` points (the past-harm floor keeps its band too)."""
    recent = (today - last_seen).days <= recency["recent_days"]
    if recent:
        return float(weight), True
    points = weight * recency["older_percent"] / 100
    if weight >= recency["significant_weight"]:
        points = max(points, recency["older_floor"])
    return round(points, 2), False


def last_resolutions(resolutions: Iterable[Resolution]) -> dict[str, date]:
    last: dict[str, date] = {}
    for resolution in resolutions:
        last[resolution.item_id] = max(resolution.resolved_on, last.get(resolution.item_id, date.min))
    return last


evidence_order = attrgetter("seen_on", "entry")  # oldest first, then by entry: a stable order
_agency_of, _entry_of = attrgetter("agency"), attrgetter("entry")


def factors_from(
    evidence: Iterable[Evidence], rules: Rules, today: date, resolutions: Iterable[Resolution] = ()
) -> tuple[tuple[Factor, ...], tuple[str, ...]]:
    """One factor per active indicator (evidenced, not resolved since), and the resolved ones, each
    with its evidence oldest first."""
    by_item: dict[str, list[Evidence]] = defaultdict(list)
    indicators = rules.indicators
    for item in evidence:
        if item.seen_on <= today and item.item_id in indicators:
            by_item[item.item_id].append(item)
    for seen in by_item.values():
        seen.sort(key=evidence_order)
    last_resolution = last_resolutions(resolutions)
    factors, resolved = [], []
    for item_id, seen in by_item.items():
        last = seen[-1].seen_on
        if item_id in last_resolution and last_resolution[item_id] >= last:
            resolved.append(item_id)  # resolved with a reason after the latest evidence of it
            continue
        item = rules.indicators[item_id]
        points, recent = points_for(item.weight, last, today, rules.recency)
        factors.append(
            Factor(
                item_id=item_id,
                text=item.text,
                kind=item.kind,
                weight=item.weight,
                points=points,
                first_seen=seen[0].seen_on,
                last_seen=last,
                count=len(seen),
                agencies=tuple(sorted(set(map(_agency_of, seen)))),
                entries=tuple(map(_entry_of, seen)),  # unique: each entry is evidence of an indicator once
                recent=recent,
                tags=item.tags,
                evidence=tuple(seen),
            )
        )
    factors.sort(key=lambda f: (-f.points, f.item_id))
    return tuple(factors), tuple(sorted(resolved))


def is_own(factor: Factor, rules: Rules) -> bool:
    """The young person's own factors: everything not about risk to others, and always their own
    current harm, even when it is also tagged risk to others (being made to recruit others is harm)."""
    return rules.risk_to_others_tag not in factor.tags or factor.kind == "current-harm"


def is_past_harm(factor: Factor, rules: Rules) -> bool:
    return factor.kind == "current-harm" or factor.weight >= rules.recency["significant_weight"]


def age_on(date_of_birth: date, today: date) -> int:
    return today.year - date_of_birth.year - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))


def _holds(floor: Floor, factors: tuple[Factor, ...], chronology: Chronology, rules: Rules, today: date) -> bool:
    if not factors:
        return False
    when = floor.when
    if when == "disclosure":
        return any(f.item_id in floor.items for f in factors)
    if when == "current-harm":
        return any(f.kind == "current-harm" for f in factors)
    if when == "past-harm":
        return any(is_past_harm(f, rules) for f in factors)
    if when == "under-age":
        return age_on(chronology.date_of_birth, today) < floor.age
    return when == "learning-disability" and chronology.learning_disability


def apply_floors(
    band: str, factors: tuple[Factor, ...], chronology: Chronology, rules: Rules, today: date
) -> tuple[str, tuple[str, ...]]:
    """Raise the band to every floor that holds; floors never lower it."""
    applied = []
    for floor in rules.floors:
        if _holds(floor, factors, chronology, rules, today) and rules.band_index(floor.band) > rules.band_index(band):
            band = floor.band
            applied.append(floor.when)
    return band, tuple(applied)
