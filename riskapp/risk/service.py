"""The band's web side: score a young person's whole chronology with the active rules and store the
result as their current one. Features call ``rescore`` after they change a record."""

import json
from dataclasses import asdict, replace
from datetime import datetime

from riskapp import audit
from riskapp.catalogue.questionnaires import (
    active_definition,
    active_definition_key,
    parsed,
    screening_questionnaire_id,
)
from riskapp.data import chronology as chronology_data
from riskapp.data import locks
from riskapp.data import risk as risk_data
from riskapp.data.young_people import all_young_people
from riskapp.database import write_step
from riskapp.models import RiskResult, YoungPerson
from riskapp.risk import decisions, wording
from riskapp.risk.decisions import Cause
from riskapp.risk.inputs import build_chronology, judgements_of
from riskapp.scoring.band_in_force import band_in_force
from riskapp.scoring.chronology import Resolution
from riskapp.scoring.engine import assess, inputs_hash
from riskapp.scoring.judgement import band_with_judgements
from riskapp.scoring.result import Assessment
from riskapp.scoring.rules import Rules, rules_from
from riskapp.timeutil import utcnow


def active_rules() -> Rules:
    return rules_from(parsed(active_definition(screening_questionnaire_id())))


def rules_key() -> tuple:
    """Names the rules in force (the active questionnaire version), for keys of what was rendered under them."""
    return active_definition_key(screening_questionnaire_id())


def _supersede_overrides(young_person: YoungPerson, computed_band: str, rules: Rules) -> list:
    """A judgement was made against a computed band. A raise the evidence has caught up with, and a
    lower judgement made before the evidence rose, no longer apply and must be made again if still
    meant. A raise the evidence has not caught up with stands: only a manager lets the band down."""
    rank = _ranker(rules)
    overrides = risk_data.overrides_of(young_person.id)
    for override in overrides:
        if override.status not in ("in-force", "awaiting-confirmation"):
            continue
        if override.direction == "raise":
            moot = rank(computed_band) >= rank(override.band)
        else:
            moot = rank(computed_band) > rank(override.computed_band)
        if moot:
            override.status = "superseded"
            decisions.supersede_about(young_person, "band_override", override.id, "the judgement no longer applies")
            audit.record(
                "supersede-judgement",
                object_type="band_override",
                object_id=override.id,
                details={"was_computed": override.computed_band, "now_computed": computed_band},
                **audit.about(young_person),
            )
    return overrides  # with the statuses they have now


def _ranker(rules: Rules):
    known = {b.id for b in rules.bands}
    return lambda band: rules.band_index(band) if band in known else -1


def _priority(rules: Rules, band: str, flags: set[str], trend: str) -> int:
    return rules.band_index(band) * 1000 + len(flags) * 100 + (50 if trend == "up" else 0)


def rescore(
    young_person: YoungPerson,
    now: datetime | None = None,
    rules: Rules | None = None,
    *,
    cause: Cause | None = None,
    allowed: str | None = None,
) -> RiskResult:
    """Score the whole chronology and store the result as the young person's current one.

    The band in force follows the candidate (the judgement in force, else the computed band) up at
    once, but down only as far as ``allowed`` (a band a manager has just confirmed); below that a
    decision waits for a manager (riskapp.risk.decisions). ``cause`` says what made this re-score
    happen, for that decision: by default the signed-in user's change to the evidence, or the
    evidence growing older outside a request.

    One re-score of a young person at a time: another waits, then starts from the result this one
    stores (two first views of a never-scored record would otherwise both store a current result)."""
    locks.hold(f"risk-result:{young_person.id}")
    now = now or utcnow()
    rules = rules or active_rules()
    entries = chronology_data.entries_of(young_person.id)
    chronology = build_chronology(young_person, entries)
    assessment = assess(chronology, rules, now)
    previous = risk_data.current_result(young_person.id)
    overrides = _supersede_overrides(young_person, assessment.band, rules)
    # After superseding: the latest judgement in force, else the computed band (the rule assess uses too).
    candidate, _judgement = band_with_judgements(assessment.band, judgements_of(young_person, overrides), now)
    known = {b.id for b in rules.bands}
    before = previous.band if previous is not None and previous.band in known else None
    outcome = band_in_force(candidate, before, allowed, rules.band_index)
    latest_change = max((e.updated_at for kind in entries.values() for e in kind), default=None)
    decisions.keep_one_awaiting(young_person, outcome, candidate, cause, latest_change)
    band = outcome.band
    # The trend is about the evidence: computed bands over time. No earlier result is "new".
    trend = "new" if previous is None else _trend(rules, previous.computed_band, assessment.band)
    flags = {flag.kind for flag in assessment.flags}
    if risk_data.awaiting_decision(young_person.id) is not None:
        flags.add("override-awaiting-confirmation")
    agencies = {e.agency.slug for kind in entries.values() for e in kind} | {
        a for factor in assessment.factors for a in factor.agencies
    }
    reviews = [p.next_review_due for p in entries["plan-review"] if p.next_review_due]
    return risk_data.store_result(
        RiskResult(
            young_person_id=young_person.id,
            authority_id=young_person.responsible_authority_id,
            is_current=True,
            computed_at=now,
            band=band,
            computed_band=assessment.band,
            score=assessment.score,
            latest_only_band=assessment.latest_only_band,
            risk_to_others_band=assessment.risk_to_others_band,
            highest_band=assessment.highest_band,
            trend=trend,
            priority=_priority(rules, band, flags, trend),
            last_episode_at=max((e.reported_at for e in entries["episode"]), default=None),
            next_review_due=max(reviews) if reviews else None,
            explanation=json.dumps(asdict(assessment), default=str),
            rules_version=assessment.rules_version,
            engine_version=assessment.engine_version,
            inputs_hash=inputs_hash(chronology, rules, now),
        ),
        flags,
        agencies,
    )


def candidate_if_resolved(young_person: YoungPerson, resolution: Resolution, now: datetime | None = None) -> str:
    """The candidate band if this resolution counted too: what a manager is asked to let the band
    down to when a practitioner resolves an indicator."""
    now = now or utcnow()
    rules = active_rules()
    chronology = build_chronology(young_person)
    chronology = replace(chronology, resolutions=(*chronology.resolutions, resolution))
    candidate, _judgement = band_with_judgements(assess(chronology, rules, now).band, chronology.judgements, now)
    return candidate


def current_result(young_person: YoungPerson) -> RiskResult:
    """The stored current result; a record that has never been scored is scored now (in a read
    request, in a write step of its own, checking again inside it)."""
    stored = risk_data.current_result(young_person.id)
    if stored is not None:
        return stored
    with write_step():
        result = risk_data.current_result(young_person.id) or rescore(young_person)
    return result


def _trend(rules: Rules, before: str, after: str) -> str:
    if before not in {b.id for b in rules.bands}:
        return "same"
    difference = rules.band_index(after) - rules.band_index(before)
    return "up" if difference > 0 else "down" if difference < 0 else "same"


def assessment(result: RiskResult) -> Assessment:
    """The Assessment a stored result was scored as (its explanation), typed: what every page reads."""
    return Assessment.from_dict(json.loads(result.explanation))


def explanation(result: RiskResult) -> dict:
    """The stored explanation as the JSON it is kept in, loose dicts by key; the pages read ``assessment``."""
    return json.loads(result.explanation)


def changes_between(earlier: RiskResult, later: RiskResult, rules: Rules | None = None) -> dict:
    """Why the band changed between two stored results: factors and patterns that came and went, and
    in words, a change in the floor holding the band up or in the questionnaire's rules."""
    before, after = assessment(earlier), assessment(later)
    rules = rules or active_rules()
    factors_before = {f.item_id: f for f in before.factors}
    factors_after = {f.item_id: f for f in after.factors}
    findings_before = {f.description for f in before.findings}
    findings_after = {f.description for f in after.findings}
    return {
        "band": (earlier.band, later.band),
        "score": (earlier.score, later.score),
        "added": [factors_after[i].text for i in factors_after.keys() - factors_before.keys()],
        "removed": [factors_before[i].text for i in factors_before.keys() - factors_after.keys()],
        "patterns_added": sorted(findings_after - findings_before),
        "patterns_removed": sorted(findings_before - findings_after),
        "floors": wording.floor_change(before, after, rules.floors, rules.band_labels),
        "rules": wording.rules_change(earlier.rules_version, later.rules_version),
    }


def rescore_everyone(cause: Cause | None = None) -> tuple[list[tuple], int]:
    """Re-score every young person (after a rules change); returns whose computed band changed.
    A band in force the new rules would lower waits for a manager, as a decision with ``cause``."""

    rules = active_rules()
    changed = []
    people = all_young_people()
    for person in people:
        before = risk_data.current_result(person.id)
        after = rescore(person, rules=rules, cause=cause)
        if before is None or before.computed_band != after.computed_band:
            changed.append((person.id, before.computed_band if before else None, after.computed_band))
    return changed, len(people)


def simulate(
    young_people: list[YoungPerson], rules: Rules, now: datetime | None = None
) -> list[tuple[YoungPerson, str, Assessment]]:
    """What each young person's band would be under other rules, without storing anything."""
    now = now or utcnow()
    return [
        (
            person,
            (risk_data.current_result(person.id) or RiskResult(band="")).computed_band,
            assess(build_chronology(person), rules, now),
        )
        for person in young_people
    ]


def would_lower(
    young_people: list[YoungPerson], rules: Rules, now: datetime | None = None
) -> list[tuple[YoungPerson, str, str]]:
    """Whose band in force other rules would lower (young person, band in force, band it would be),
    from ``simulate``: a judgement in force still decides the candidate, as in ``rescore``."""
    lowered = []
    known = {b.id for b in rules.bands}
    now = now or utcnow()
    for person, _computed_before, assessment in simulate(young_people, rules, now):
        current = risk_data.current_result(person.id)
        if current is None or current.band not in known:
            continue
        candidate, _judgement = band_with_judgements(assessment.band, judgements_of(person), now)
        if band_in_force(candidate, current.band, None, rules.band_index).lowering_waits:
            lowered.append((person, current.band, candidate))
    return lowered
