"""Evidence to factors, and the floors over them. Used for the young person's own band and for
each agency's view, so both read the same facts the same way.

Every fact counts wherever it was recorded: a screening "yes", an incident (by its type, through the
rules file, and by the author's "evidence of"), a note ("evidence of") and a missing episode's facts
(found with an adult of concern, at a place of concern, in a vehicle, out of area, overnight) all
become Evidence with their entry's UK calendar date and agency.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from operator import attrgetter

from riskapp.scoring.chronology import Chronology, Episode, Evidence, Resolution
from riskapp.scoring.result import Factor
from riskapp.scoring.rules import Floor, Rules
from riskapp.timeutil import uk_day

# The UK calendar date of a moment: what a practitioner means by "the day it happened". (The
# cached conversion itself: scoring asks for it hundreds of times per chronology.)
uk_date: Callable[[datetime], date] = uk_day


def overnight_test(hours: int, now: datetime) -> Callable[[Episode], bool]:
    """Whether an episode was missing overnight or longer: returned ``hours`` or more after it was
    reported, still not returned ``hours`` after it, or missing across midnight UK time for at least
    half that many hours (22:30 to 03:00 is a night away; 23:50 to 00:10 is not). The thresholds are
    worked out once, for every episode of an assessment."""
    whole, half = timedelta(hours=hours), timedelta(hours=hours / 2)

    def overnight(episode: Episode) -> bool:
        end = episode.returned_at if episode.returned_at is not None else now
        away = end - episode.reported_at
        return away >= whole or (away >= half and uk_date(end) > uk_date(episode.reported_at))  # across midnight

    return overnight


def _once(item_ids):
    """Each indicator once, in order (most entries map to one indicator: skip the work then)."""
    return item_ids if len(item_ids) < 2 else tuple(dict.fromkeys(item_ids))


def all_evidence(chronology: Chronology, rules: Rules, now: datetime) -> tuple[Evidence, ...]:
    """Screening evidence plus what incidents, notes and episodes' facts are evidence of."""
    found = list(chronology.evidence)
    _add_incident_evidence(found, chronology, rules)
    for note in chronology.notes:
        if note.evidence_of:
            found.append(Evidence(note.evidence_of, uk_date(note.noted_at), note.agency, note.entry))
    _add_episode_evidence(found, chronology, rules, now)
    return tuple(found)


def _add_incident_evidence(found: list[Evidence], chronology: Chronology, rules: Rules) -> None:
    """What each incident's type counts as (rules file) and what its author said it is evidence of."""
    add, by_type = found.append, rules.incident_evidence
    for incident in chronology.incidents:
        item_ids = by_type.get(incident.type, ())
        if incident.evidence_of:
            item_ids = _once((*item_ids, incident.evidence_of))
        if item_ids:
            seen_on, agency, entry = uk_date(incident.occurred_at), incident.agency, incident.entry
            for item_id in item_ids:
                add(Evidence(item_id, seen_on, agency, entry))


def _add_episode_evidence(found: list[Evidence], chronology: Chronology, rules: Rules, now: datetime) -> None:
    """What each episode's facts count as: the facts it records, and "overnight" when its times say so.
    One pass per episode, with the overnight thresholds worked out once."""
    add, by_fact = found.append, rules.episode_evidence
    if not by_fact:
        return
    overnight, for_overnight = overnight_test(rules.overnight_hours, now), by_fact.get("overnight", ())
    for episode in chronology.episodes:
        facts = episode.facts  # most episodes record none: then no list is built for them
        item_ids = [i for fact in facts for i in by_fact.get(fact, ())] if facts else []
        if for_overnight and overnight(episode):
            item_ids += for_overnight
        if item_ids:
            seen_on, agency, entry = uk_date(episode.reported_at), episode.agency, episode.entry
            for item_id in _once(item_ids):
                add(Evidence(item_id, seen_on, agency, entry))


def points_rule(recency: dict, today: date) -> Callable[[int, date], tuple[float, bool]]:
    """The points a piece of evidence last seen on a day is worth, and whether it is recent: recent
    evidence counts in full; older evidence counts less, and significant evidence never below
    ``older_floor`` points (the past-harm floor keeps its band too). The cut-off is worked out once,
    for every factor of an assessment."""
    recent_from = today - timedelta(days=recency["recent_days"])
    older_percent, significant_weight, older_floor = (
        recency["older_percent"],
        recency["significant_weight"],
        recency["older_floor"],
    )

    def points(weight: int, last_seen: date) -> tuple[float, bool]:
        if last_seen >= recent_from:  # seen within recent_days of today
            return float(weight), True
        older = weight * older_percent / 100
        if weight >= significant_weight:
            older = max(older, older_floor)
        return round(older, 2), False

    return points


def last_resolutions(resolutions: Iterable[Resolution]) -> dict[str, date]:
    last: dict[str, date] = {}
    for resolution in resolutions:
        last[resolution.item_id] = max(resolution.resolved_on, last.get(resolution.item_id, date.min))
    return last


_seen_on_of, _entry_of = attrgetter("seen_on"), attrgetter("entry")


def in_evidence_order(seen: list[Evidence]) -> None:
    """Oldest first, then by entry: a stable order. (Two stable sorts give the order of the key
    (seen_on, entry) without making a key tuple for each piece of evidence.)"""
    seen.sort(key=_entry_of)
    seen.sort(key=_seen_on_of)


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
    last_resolution = last_resolutions(resolutions)
    points_of = points_rule(rules.recency, today)
    factors, resolved = [], []
    for item_id, seen in by_item.items():
        in_evidence_order(seen)
        last = seen[-1].seen_on
        if item_id in last_resolution and last_resolution[item_id] >= last:
            resolved.append(item_id)  # resolved with a reason after the latest evidence of it
            continue
        item = indicators[item_id]
        points, recent = points_of(item.weight, last)
        factors.append(
            Factor(
                item_id,
                item.text,
                item.kind,
                item.weight,
                points,
                seen[0].seen_on,
                last,
                len(seen),
                tuple(sorted({e.agency for e in seen})),
                tuple([e.entry for e in seen]),  # unique: each entry is evidence of an indicator once
                recent,
                item.tags,
                tuple(seen),
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
