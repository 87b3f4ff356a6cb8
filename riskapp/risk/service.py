"""The band's web side: score a young person's whole chronology with the active rules and store the
result as their current one. Features call ``rescore`` after they change a record."""

import json
from dataclasses import asdict
from datetime import datetime

from riskapp import audit
from riskapp.data import chronology as chronology_data
from riskapp.data import risk as risk_data
from riskapp.models import RiskResult, YoungPerson
from riskapp.risk.inputs import build_chronology
from riskapp.scoring.engine import assess, inputs_hash
from riskapp.scoring.result import Assessment
from riskapp.scoring.rules import Rules, rules_from
from riskapp.screenings.catalogue import active_definition, parsed, screening_questionnaire_id
from riskapp.timeutil import utcnow


def active_rules() -> Rules:
    return rules_from(parsed(active_definition(screening_questionnaire_id())))


def _supersede_overrides(young_person: YoungPerson, computed_band: str) -> None:
    """A judgement was made against a computed band. When new evidence moves that band, the
    judgement (in force or awaiting a manager) no longer applies and must be made again."""
    for override in risk_data.overrides_of(young_person.id):
        if override.status in ("in-force", "awaiting-confirmation") and override.computed_band != computed_band:
            override.status = "superseded"
            audit.record(
                "supersede-judgement",
                object_type="band_override",
                object_id=override.id,
                details={"was_computed": override.computed_band, "now_computed": computed_band},
                **audit.about(young_person),
            )


def _priority(rules: Rules, band: str, flags: set[str], trend: str) -> int:
    return rules.band_index(band) * 1000 + len(flags) * 100 + (50 if trend == "up" else 0)


def rescore(young_person: YoungPerson, now: datetime | None = None, rules: Rules | None = None) -> RiskResult:
    """Score the whole chronology and store the result as the young person's current one."""
    now = now or utcnow()
    rules = rules or active_rules()
    entries = chronology_data.entries_of(young_person.id)
    chronology = build_chronology(young_person, entries)
    assessment = assess(chronology, rules, now)
    previous = risk_data.current_result(young_person.id)
    _supersede_overrides(young_person, assessment.band)
    override = risk_data.override_in_force(young_person.id)
    band = override.band if override else assessment.band
    trend = "new" if previous is None else _trend(rules, previous.band, band)
    flags = {flag.kind for flag in assessment.flags}
    if any(o.status == "awaiting-confirmation" for o in risk_data.overrides_of(young_person.id)):
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
            flag_kinds=" ".join(sorted(flags)),
            agencies=" ".join(sorted(agencies)),
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


def current_result(young_person: YoungPerson) -> RiskResult:
    """The stored current result; a record that has never been scored is scored now."""
    return risk_data.current_result(young_person.id) or rescore(young_person)


def _trend(rules: Rules, before: str, after: str) -> str:
    if before not in {b.id for b in rules.bands}:
        return "same"
    difference = rules.band_index(after) - rules.band_index(before)
    return "up" if difference > 0 else "down" if difference < 0 else "same"


def explanation(result: RiskResult) -> dict:
    return json.loads(result.explanation)


def changes_between(earlier: RiskResult, later: RiskResult) -> dict:
    """Why the band changed between two stored results: factors and patterns that came and went."""
    before, after = explanation(earlier), explanation(later)
    factors_before = {f["item_id"]: f for f in before["factors"]}
    factors_after = {f["item_id"]: f for f in after["factors"]}
    findings_before = {f["description"] for f in before["findings"]}
    findings_after = {f["description"] for f in after["findings"]}
    return {
        "band": (earlier.band, later.band),
        "score": (earlier.score, later.score),
        "added": [factors_after[i]["text"] for i in factors_after.keys() - factors_before.keys()],
        "removed": [factors_before[i]["text"] for i in factors_before.keys() - factors_after.keys()],
        "patterns_added": sorted(findings_after - findings_before),
        "patterns_removed": sorted(findings_before - findings_after),
        "floors": (before["floors_applied"], after["floors_applied"]),
        "rules": (earlier.rules_version, later.rules_version),
    }


def rescore_everyone() -> tuple[list[tuple], int]:
    """Re-score every young person (after a rules change); returns whose computed band changed."""
    from riskapp.data.young_people import all_young_people

    rules = active_rules()
    changed = []
    people = all_young_people()
    for person in people:
        before = risk_data.current_result(person.id)
        after = rescore(person, rules=rules)
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
