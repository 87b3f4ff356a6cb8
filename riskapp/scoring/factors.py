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

from riskapp.scoring.chronology import Chronology, Episode, Evidence, Resolution
from riskapp.scoring.result import Factor
from riskapp.scoring.rules import Floor, Rules
from riskapp.timeutil import to_uk


def uk_date(moment: datetime) -> date:
    """The UK calendar date of a moment: what a practitioner means by "the day it happened"."""
    return to_uk(moment).date()


def is_overnight(episode: Episode, hours: int, now: datetime) -> bool:
    """Missing overnight or longer: returned ``hours`` or more after it was reported, still not returned
    ``hours`` after it, or missing across midnight UK time for at least half that many hours (22:30 to
    03:00 is a night away; 23:50 to 00:10 is not)."""
    end = episode.returned_at if episode.returned_at is not None else now
    if end < episode.reported_at:
        return False
    away = end - episode.reported_at
    across_midnight = uk_date(end) > uk_date(episode.reported_at)
    return away >= timedelta(hours=hours) or (across_midnight and away >= timedelta(hours=hours / 2))


def episode_facts(episode: Episode, rules: Rules, now: datetime) -> tuple[str, ...]:
    """The facts an episode records, and "overnight" when its times say so."""
    return episode.facts + (("overnight",) if is_overnight(episode, rules.overnight_hours, now) else ())


def all_evidence(chronology: Chronology, rules: Rules, now: datetime) -> tuple[Evidence, ...]:
    """Screening evidence plus what incidents, notes and episodes' facts are evidence of."""
    found = list(chronology.evidence)
    for incident in chronology.incidents:
        chosen = (incident.evidence_of,) if incident.evidence_of else ()
        for item_id in dict.fromkeys(rules.incident_evidence.get(incident.type, ()) + chosen):
            found.append(Evidence(item_id, uk_date(incident.occurred_at), incident.agency, incident.entry))
    for note in chronology.notes:
        if note.evidence_of:
            found.append(Evidence(note.evidence_of, uk_date(note.noted_at), note.agency, note.entry))
    for episode in chronology.episodes:
        facts = episode_facts(episode, rules, now)
        item_ids = (item_id for fact in facts for item_id in rules.episode_evidence.get(fact, ()))
        for item_id in dict.fromkeys(item_ids):
            found.append(Evidence(item_id, uk_date(episode.reported_at), episode.agency, episode.entry))
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


def _last_resolutions(resolutions: Iterable[Resolution]) -> dict[str, date]:
    last: dict[str, date] = {}
    for resolution in resolutions:
        last[resolution.item_id] = max(resolution.resolved_on, last.get(resolution.item_id, date.min))
    return last


def factors_from(
    evidence: Iterable[Evidence], rules: Rules, today: date, resolutions: Iterable[Resolution] = ()
) -> tuple[tuple[Factor, ...], tuple[str, ...]]:
    """One factor per active indicator (evidenced, not resolved since), and the resolved ones."""
    by_item: dict[str, list[Evidence]] = defaultdict(list)
    for item in evidence:
        if item.item_id in rules.indicators and item.seen_on <= today:
            by_item[item.item_id].append(item)
    last_resolution = _last_resolutions(resolutions)
    factors, resolved = [], []
    for item_id, seen in by_item.items():
        seen.sort(key=lambda e: (e.seen_on, e.entry))
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
                agencies=tuple(sorted({e.agency for e in seen})),
                entries=tuple(dict.fromkeys(e.entry for e in seen)),
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
    tests = {
        "disclosure": lambda: bool({f.item_id for f in factors} & set(floor.items)),
        "current-harm": lambda: any(f.kind == "current-harm" for f in factors),
        "past-harm": lambda: any(is_past_harm(f, rules) for f in factors),
        "under-age": lambda: age_on(chronology.date_of_birth, today) < floor.age,
        "learning-disability": lambda: chronology.learning_disability,
    }
    return floor.when in tests and tests[floor.when]()


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
