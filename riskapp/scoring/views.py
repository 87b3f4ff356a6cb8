"""What each agency's own entries say, and when two agencies disagree.

An agency's view is scored like the young person's band, from that agency's evidence alone, with
the same floors (a disclosure heard by the police reads as the top band in the police view). An
agency that screened and answered no indicator "yes" has a view too: "screened, no concerns", the
lowest band. Two views far apart raise "agency-disagreement" until a settlement is recorded on or
after both agencies' latest entries.
"""

from collections import defaultdict
from datetime import date
from itertools import combinations

from riskapp.scoring.chronology import Chronology
from riskapp.scoring.factors import apply_floors, last_resolutions, points_rule
from riskapp.scoring.result import AgencyView, Factor, Flag
from riskapp.scoring.rules import Rules
from riskapp.scoring.words import agency_name, plural


def agency_views(
    factors: tuple[Factor, ...], chronology: Chronology, rules: Rules, today: date
) -> tuple[AgencyView, ...]:
    """Each agency's view from the young person's own factors: the part of each factor's evidence that
    agency recorded, weighed by that agency's latest sighting (and left out if resolved since)."""
    resolved_on = last_resolutions(chronology.resolutions)
    points_of = points_rule(rules.recency, today)
    by_agency: dict[str, list[tuple[Factor, float]]] = defaultdict(list)
    last_seen: dict[str, date] = {}
    for factor in factors:
        resolved = resolved_on.get(factor.item_id, date.min)
        latest = {item.agency: item.seen_on for item in factor.evidence}  # oldest first: the last one wins
        for agency, last in latest.items():
            if last > last_seen.get(agency, date.min):
                last_seen[agency] = last
            if resolved >= last:
                continue  # resolved after this agency last saw it
            by_agency[agency].append((factor, points_of(factor.weight, last)[0]))
    screened: dict[str, list[date]] = defaultdict(list)
    for screening in chronology.screenings:
        if screening.submitted_on <= today:
            screened[screening.agency].append(screening.submitted_on)
    views = []
    for agency in sorted(set(last_seen) | set(screened)):
        last = max([*screened[agency], *([last_seen[agency]] if agency in last_seen else [])], default=None)
        own = sorted(by_agency[agency], key=lambda pair: (-pair[1], pair[0].item_id))
        if not own:
            if screened[agency]:
                views.append(AgencyView(agency, 0.0, rules.bands[0].id, (), "no-concerns", last))
            continue
        score = round(sum(points for _factor, points in own), 2)
        chosen = tuple(factor for factor, _points in own)
        band, _floors = apply_floors(rules.band_for(score), chosen, chronology, rules, today)
        views.append(AgencyView(agency, score, band, tuple(f.item_id for f in chosen), "concerns", last))
    return tuple(views)


def _describe(view: AgencyView, labels: dict[str, str]) -> str:
    if view.status == "no-concerns":
        return f"{agency_name(view.agency)}: {labels[view.band]} (screened, no concerns)"
    return f"{agency_name(view.agency)}: {labels[view.band]}"


def disagreements(views: tuple[AgencyView, ...], chronology: Chronology, rules: Rules) -> list[Flag]:
    """One flag per pair of agencies whose views are ``rules.agency_disagreement_bands`` or more
    bands apart, unless the difference was settled on or after both agencies' latest entries."""
    flags = []
    labels = rules.band_labels
    for first, second in combinations(views, 2):
        gap = abs(rules.band_index(first.band) - rules.band_index(second.band))
        if gap < rules.agency_disagreement_bands:
            continue
        latest = max(d for d in (first.last_entry_on, second.last_entry_on) if d is not None)
        if any(s.settled_on >= latest for s in chronology.settlements):
            continue
        higher, lower = sorted((first, second), key=lambda v: -rules.band_index(v.band))
        flags.append(
            Flag(
                "agency-disagreement",
                f"Agencies' views are {plural(gap, 'band')} apart. {_describe(higher, labels)}; "
                f"{_describe(lower, labels)}. Talk to each other and record how the difference was settled.",
            )
        )
    return flags
