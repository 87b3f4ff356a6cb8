"""Scoring a whole chronology.

Full history: an indicator once evidenced stays active until a practitioner resolves it with a
reason (a later "no" or "not known" does not clear it); recent evidence weighs more, older
significant evidence keeps a floor; pattern rules look across every episode; floors from practice
set the least band; the risk a young person poses to others gets its own band. Every step is
linear in the number of entries once they are sorted.
"""

import hashlib
import pickle
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime

from riskapp.scoring import ENGINE_VERSION, patterns
from riskapp.scoring.chronology import Chronology, Episode, Evidence
from riskapp.scoring.result import AgencyView, Assessment, Factor, Finding, Flag
from riskapp.scoring.rules import Rules


def assess(chronology: Chronology, rules: Rules, now: datetime) -> Assessment:
    episodes = tuple(sorted(chronology.episodes, key=lambda e: e.reported_at))
    factors, resolved = _factors(chronology, rules, now.date())
    own = tuple(f for f in factors if rules.risk_to_others_tag not in f.tags)
    others = tuple(f for f in factors if rules.risk_to_others_tag in f.tags)
    findings = _findings(episodes, rules, now)
    score = round(sum(f.points for f in own) + sum(f.points for f in findings), 2)
    score_band = rules.band_for(score)
    band, floors = _apply_floors(score_band, own, chronology, rules, now.date())
    latest_score, latest_band = _latest_episode_only(episodes, rules, now)
    others_score = round(sum(f.points for f in others), 2)
    highest_band, highest_at = _highest(band, chronology, rules)
    assessment = Assessment(
        band=band,
        score=score,
        score_band=score_band,
        floors_applied=floors,
        factors=own,
        findings=findings,
        latest_only_band=latest_band,
        latest_only_score=latest_score,
        risk_to_others_band=rules.band_for(others_score),
        risk_to_others_score=others_score,
        risk_to_others_factors=others,
        flags=(),
        agency_views=_agency_views(own, rules),
        highest_band=highest_band,
        highest_band_at=highest_at,
        rules_version=rules.version_label,
        engine_version=ENGINE_VERSION,
        resolved=resolved,
    )
    return replace(assessment, flags=_flags(assessment, episodes, chronology, rules, now))


def _points(weight: int, last_seen: date, today: date, recency: dict) -> tuple[float, bool]:
    recent = (today - last_seen).days <= recency["recent_days"]
    if recent:
        return float(weight), True
    points = weight * recency["older_percent"] / 100
    if weight >= recency["significant_weight"]:
        points = max(points, recency["older_floor"])
    return round(points, 2), False


def _factors(chronology: Chronology, rules: Rules, today: date) -> tuple[tuple[Factor, ...], tuple[str, ...]]:
    by_item: dict[str, list[Evidence]] = defaultdict(list)
    for evidence in chronology.evidence:
        if evidence.item_id in rules.indicators and evidence.seen_on <= today:
            by_item[evidence.item_id].append(evidence)
    last_resolution = {}
    for resolution in chronology.resolutions:
        last_resolution[resolution.item_id] = max(
            resolution.resolved_on, last_resolution.get(resolution.item_id, date.min)
        )
    factors, resolved = [], []
    for item_id, seen in by_item.items():
        last = max(e.seen_on for e in seen)
        if item_id in last_resolution and last_resolution[item_id] >= last:
            resolved.append(item_id)  # resolved with a reason after the latest evidence of it
            continue
        item = rules.indicators[item_id]
        points, recent = _points(item.weight, last, today, rules.recency)
        factors.append(
            Factor(
                item_id=item_id,
                text=item.text,
                kind=item.kind,
                weight=item.weight,
                points=points,
                first_seen=min(e.seen_on for e in seen),
                last_seen=last,
                count=len(seen),
                agencies=tuple(sorted({e.agency for e in seen})),
                entries=tuple(dict.fromkeys(e.entry for e in seen)),
                recent=recent,
                tags=item.tags,
            )
        )
    factors.sort(key=lambda f: (-f.points, f.item_id))
    return tuple(factors), tuple(sorted(resolved))


def _findings(episodes: tuple[Episode, ...], rules: Rules, now: datetime) -> tuple[Finding, ...]:
    p = rules.patterns
    found: list[Finding | None] = []
    if "repeat_missing" in p:
        found.append(patterns.repeat_missing(episodes, p["repeat_missing"]))
    if "rising_missing" in p:
        found.append(patterns.rising_missing(episodes, p["rising_missing"], now))
    if "same_place_or_person" in p:
        found.extend(patterns.same_place_or_person(episodes, p["same_place_or_person"]))
    if "found_out_of_area" in p:
        found.append(patterns.found_out_of_area(episodes, p["found_out_of_area"]))
    if "return_interview_late" in p and "return_interview_declined" in p:
        found.extend(
            patterns.return_interviews(episodes, p["return_interview_late"], p["return_interview_declined"], now)
        )
    return tuple(f for f in found if f is not None)


def _age(date_of_birth: date, today: date) -> int:
    return today.year - date_of_birth.year - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))


def _apply_floors(band: str, factors, chronology: Chronology, rules: Rules, today: date) -> tuple[str, tuple[str, ...]]:
    applied = []
    active = {f.item_id for f in factors}
    for floor in rules.floors:
        holds = (
            (floor.when == "disclosure" and bool(active & set(floor.items)))
            or (floor.when == "current-harm" and any(f.kind == "current-harm" for f in factors))
            or (floor.when == "under-age" and bool(factors) and _age(chronology.date_of_birth, today) < floor.age)
            or (floor.when == "learning-disability" and bool(factors) and chronology.learning_disability)
        )
        if holds and rules.band_index(floor.band) > rules.band_index(band):
            band = floor.band
            applied.append(floor.when)
    return band, tuple(applied)


def _latest_episode_only(episodes: tuple[Episode, ...], rules: Rules, now: datetime) -> tuple[float, str]:
    """The band the latest missing episode would give on its own: how risk looks to someone who
    reads only the newest report."""
    if not episodes:
        return 0.0, rules.bands[0].id
    findings = _findings(episodes[-1:], rules, now)
    score = float(sum(f.points for f in findings))
    return score, rules.band_for(score)


def _highest(band: str, chronology: Chronology, rules: Rules) -> tuple[str, str]:
    best_band, best_at = band, "now"
    for point in chronology.band_history:
        if point.band in {b.id for b in rules.bands} and rules.band_index(point.band) >= rules.band_index(best_band):
            if rules.band_index(point.band) > rules.band_index(best_band) or best_at == "now":
                best_band, best_at = point.band, point.at.isoformat()
    return best_band, best_at


def _agency_views(factors, rules: Rules) -> tuple[AgencyView, ...]:
    by_agency: dict[str, list[Factor]] = defaultdict(list)
    for factor in factors:
        for agency in factor.agencies:
            by_agency[agency].append(factor)
    return tuple(
        AgencyView(
            agency,
            round(sum(f.points for f in group), 2),
            rules.band_for(sum(f.points for f in group)),
            tuple(f.item_id for f in group),
        )
        for agency, group in sorted(by_agency.items())
    )


def _flags(assessment: Assessment, episodes, chronology: Chronology, rules: Rules, now: datetime) -> tuple[Flag, ...]:
    flags = list(_classification_challenges(assessment, episodes, rules))
    flags += _plan_not_reviewed(assessment, chronology, rules, now)
    repeat = next((f for f in assessment.findings if f.rule == "repeat_missing"), None)
    if repeat:
        flags.append(Flag("repeat-missing", f"Repeat missing: {repeat.description}", repeat.entries))
    if chronology.coverage_gaps:
        flags.append(
            Flag(
                "coverage-gap", f"{chronology.coverage_gaps} indicators of the current tool have never been considered"
            )
        )
    if rules.band_index(assessment.risk_to_others_band) > 0:
        flags.append(
            Flag(
                "risk-to-others",
                f"Risk to others: {assessment.risk_to_others_band}",
                tuple(e for f in assessment.risk_to_others_factors for e in f.entries),
            )
        )
    return tuple(flags)


def _classification_challenges(assessment: Assessment, episodes, rules: Rules):
    if rules.band_index(assessment.band) < rules.middle_band_index:
        return
    low = [episode for episode in episodes if episode.classified_low]
    if not low:
        return
    reasons = [f.description for f in assessment.findings] + [f.text for f in assessment.factors[:3]]
    recorded = "; ".join(
        f"{e.reported_at:%d %b %Y} as '{e.classification}{' / ' + e.risk_grade if e.risk_grade else ''}'" for e in low
    )
    band = next(b.label for b in rules.bands if b.id == assessment.band)
    count = "1 episode was" if len(low) == 1 else f"{len(low)} episodes were"
    yield Flag(
        "classification-challenge",
        f"{count} recorded as absent or at the lowest police grade ({recorded}), but the whole history gives "
        f"{band}. Reasons: {'; '.join(reasons) or 'see the factors'}. Reconsider the classification with the "
        "police, or escalate.",
        tuple(e.entry for e in low),
    )


def _plan_not_reviewed(assessment: Assessment, chronology: Chronology, rules: Rules, now: datetime) -> list[Flag]:
    last_review = max((p.reviewed_at for p in chronology.plan_reviews), default=None)
    flags = []
    for incident in chronology.incidents:
        if (
            incident.significant
            and (last_review is None or incident.occurred_at > last_review)
            and incident.occurred_at <= now
        ):
            days = (now - incident.occurred_at).days
            flags.append(
                Flag(
                    "plan-not-reviewed",
                    f"{incident.type.replace('-', ' ').capitalize()} on {incident.occurred_at:%d %b %Y}, "
                    f"{days} days ago, and the plan has not been reviewed since",
                    (incident.entry,),
                    days,
                )
            )
    if last_review is not None:
        before = [p.band for p in chronology.band_history if p.at <= last_review]
        band_at_review = before[-1] if before else None
        if band_at_review and rules.band_index(assessment.band) > rules.band_index(band_at_review):
            rise = next(
                (
                    p.at
                    for p in chronology.band_history
                    if p.at > last_review and rules.band_index(p.band) > rules.band_index(band_at_review)
                ),
                now,
            )
            flags.append(
                Flag(
                    "plan-not-reviewed",
                    f"The band rose from {band_at_review} to {assessment.band} after the last plan review "
                    f"({last_review:%d %b %Y}); {(now - rise).days} days since the rise",
                    (),
                    (now - rise).days,
                )
            )
    return flags


def inputs_hash(chronology: Chronology, rules: Rules, now: datetime) -> str:
    """A fingerprint of everything the result depends on: the rules version, the engine version,
    the moment of scoring and the chronology. Pickle (fixed protocol) serialises the frozen
    dataclasses in field order, deterministically, and far faster than JSON or repr."""
    digest = hashlib.sha256()
    digest.update(f"{rules.version_label}|{ENGINE_VERSION}|{now.isoformat()}|".encode())
    digest.update(pickle.dumps(chronology, protocol=5))
    return digest.hexdigest()
