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

from riskapp.scoring.chronology import Chronology, Evidence
from riskapp.scoring.factors import apply_floors, factors_from, is_own
from riskapp.scoring.result import AgencyView, Flag
from riskapp.scoring.rules import Rules
from riskapp.scoring.words import agency_name, plural


def agency_views(
    evidence: tuple[Evidence, ...], chronology: Chronology, rules: Rules, today: date
) -> tuple[AgencyView, ...]:
    by_agency: dict[str, list[Evidence]] = defaultdict(list)
    for item in evidence:
        if item.seen_on <= today:
            by_agency[item.agency].append(item)
    screened: dict[str, list[date]] = defaultdict(list)
    for screening in chronology.screenings:
        if screening.submitted_on <= today:
            screened[screening.agency].append(screening.submitted_on)
    views = []
    for agency in sorted(set(by_agency) | set(screened)):
        factors, _resolved = factors_from(by_agency[agency], rules, today, chronology.resolutions)
        own = tuple(f for f in factors if is_own(f, rules))
        last = max([e.seen_on for e in by_agency[agency]] + screened[agency], default=None)
        if not own:
            if screened[agency]:
                views.append(AgencyView(agency, 0.0, rules.bands[0].id, (), "no-concerns", last))
            continue
        score = round(sum(f.points for f in own), 2)
        band, _floors = apply_floors(rules.band_for(score), own, chronology, rules, today)
        views.append(AgencyView(agency, score, band, tuple(f.item_id for f in own), "concerns", last))
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
