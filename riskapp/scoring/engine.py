"""Scoring a whole chronology.

Full history: every fact counts wherever it was recorded (screenings, incidents, notes, episodes'
facts; riskapp.scoring.factors); an indicator once evidenced stays active until a practitioner
resolves it with a reason (a later "no" or "not known" does not clear it); recent evidence weighs
more, and past harm keeps a floor band however old; pattern rules look across every episode; floors
from practice set the least band; the risk a young person poses to others gets its own band, and
their own current harm counts for them too. Days are UK calendar days. Every step is linear in the
number of entries once they are sorted.
"""

import gc
import hashlib
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime

from riskapp.scoring import ENGINE_VERSION, patterns
from riskapp.scoring.chronology import Chronology, Episode
from riskapp.scoring.factors import all_evidence, apply_floors, factors_from, is_own, uk_date
from riskapp.scoring.result import Assessment, Finding, Flag
from riskapp.scoring.rules import Rules
from riskapp.scoring.views import agency_views, disagreements
from riskapp.scoring.words import agency_name, days_ago, plural


def assess(chronology: Chronology, rules: Rules, now: datetime) -> Assessment:
    with cyclic_collection_paused():
        return _assess(chronology, rules, now)


@contextmanager
def cyclic_collection_paused() -> Iterator[None]:
    """Scoring builds thousands of small immutable objects (a piece of evidence per fact, a factor per
    indicator) and no reference cycles, so reference counting frees everything it makes. Left on,
    Python's cycle collector would walk those objects again and again as they are made, about a
    fifth of the time scoring takes, to find nothing. Paused only if it was running, and resumed
    however scoring ends; another thread that finds it paused leaves it to the one that paused it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _assess(chronology: Chronology, rules: Rules, now: datetime) -> Assessment:
    today = uk_date(now)  # days are UK calendar days everywhere in the core
    episodes = tuple(sorted(chronology.episodes, key=lambda e: e.reported_at))
    evidence = all_evidence(chronology, rules, now)
    factors, resolved = factors_from(evidence, rules, today, chronology.resolutions)
    own = tuple(f for f in factors if is_own(f, rules))
    others = tuple(f for f in factors if rules.risk_to_others_tag in f.tags)
    findings = _findings(episodes, rules, now)
    score = round(sum(f.points for f in own) + sum(f.points for f in findings), 2)
    score_band = rules.band_for(score)
    band, floors = apply_floors(score_band, own, chronology, rules, today)
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
        agency_views=agency_views(own, chronology, rules, today),
        highest_band=highest_band,
        highest_band_at=highest_at,
        rules_version=rules.version_label,
        engine_version=ENGINE_VERSION,
        resolved=resolved,
    )
    return replace(assessment, flags=_flags(assessment, episodes, chronology, rules, now))


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


def _flags(assessment: Assessment, episodes, chronology: Chronology, rules: Rules, now: datetime) -> tuple[Flag, ...]:
    flags = list(_classification_challenges(assessment, episodes, rules))
    flags += _plan_not_reviewed(assessment, chronology, rules, now)
    repeat = next((f for f in assessment.findings if f.rule == "repeat_missing"), None)
    if repeat:
        flags.append(Flag("repeat-missing", f"Repeat missing: {repeat.description}", repeat.entries))
    unknown = patterns.interviews_not_known(episodes)
    if unknown:
        flags.append(
            Flag(
                "return-interview-not-known",
                f"Nobody has recorded whether a return home interview was offered after "
                f"{plural(len(unknown), 'episode')}: {patterns.dated(unknown)}. "
                "Record it on each episode.",
                tuple(e.entry for e in unknown),
            )
        )
    if chronology.coverage_gaps:
        flags.append(
            Flag(
                "coverage-gap",
                f"{plural(chronology.coverage_gaps, 'indicator')} of the current tool "
                f"{'has' if chronology.coverage_gaps == 1 else 'have'} never been considered",
            )
        )
    if rules.band_index(assessment.risk_to_others_band) > 0:
        flags.append(
            Flag(
                "risk-to-others",
                f"Risk to others: {rules.band_labels[assessment.risk_to_others_band]}",
                tuple(e for f in assessment.risk_to_others_factors for e in f.entries),
            )
        )
    flags += disagreements(assessment.agency_views, chronology, rules)
    return tuple(flags)


def _classification_challenges(assessment: Assessment, episodes, rules: Rules):
    if rules.band_index(assessment.band) < rules.middle_band_index:
        return
    low = [episode for episode in episodes if episode.classified_low]
    if not low:
        return
    reasons = [f.description for f in assessment.findings] + [f.text.rstrip(".") for f in assessment.factors[:3]]
    recorded = patterns.listed(
        low,
        lambda e: (
            f"{patterns.show_date(patterns.day(e.reported_at))} ({agency_name(e.agency)}) as "
            f"'{e.classification}{' / ' + e.risk_grade if e.risk_grade else ''}'"
        ),
        "; ",
    )
    band = rules.band_labels[assessment.band]
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
    today = uk_date(now)
    flags = []
    for incident in chronology.incidents:
        if (
            incident.significant
            and (last_review is None or incident.occurred_at > last_review)
            and incident.occurred_at <= now
        ):
            days = (today - uk_date(incident.occurred_at)).days
            since = "the plan has not been reviewed since" if last_review else "no plan review has been recorded"
            flags.append(
                Flag(
                    "plan-not-reviewed",
                    f"{incident.label or incident.type.replace('-', ' ').capitalize()} on "
                    f"{patterns.show_date(uk_date(incident.occurred_at))} ({agency_name(incident.agency)}), "
                    f"{days_ago(days)}, and {since}",
                    (incident.entry,),
                    days,
                )
            )
    if last_review is not None:
        flags += _band_rose_since_review(assessment, chronology, rules, last_review, now)
    return flags


def _band_rose_since_review(assessment, chronology: Chronology, rules: Rules, last_review, now) -> list[Flag]:
    before = [p.band for p in chronology.band_history if p.at <= last_review]
    band_at_review = before[-1] if before else None
    if not band_at_review or rules.band_index(assessment.band) <= rules.band_index(band_at_review):
        return []
    rise = next(
        (
            p.at
            for p in chronology.band_history
            if p.at > last_review and rules.band_index(p.band) > rules.band_index(band_at_review)
        ),
        now,
    )
    days = (uk_date(now) - uk_date(rise)).days
    labels = rules.band_labels
    when = "it rose today" if days == 0 else f"{plural(days, 'day')} since the rise"
    return [
        Flag(
            "plan-not-reviewed",
            f"The band rose from {labels.get(band_at_review, band_at_review)} to {labels[assessment.band]} after "
            f"the last plan review ({patterns.show_date(uk_date(last_review))}); {when}",
            (),
            days,
        )
    ]


def inputs_hash(chronology: Chronology, rules: Rules, now: datetime) -> str:
    """A fingerprint of everything the result depends on: the rules version, the engine version,
    the moment of scoring and the chronology. Pickle (fixed protocol) serialises the frozen
    dataclasses in field order, deterministically, and far faster than JSON or repr."""
    digest = hashlib.sha256()
    digest.update(f"{rules.version_label}|{ENGINE_VERSION}|{now.isoformat()}|".encode())
    digest.update(pickle.dumps(chronology, protocol=5))
    return digest.hexdigest()
