"""A stored result's explanation reads back as the very Assessment the scoring core returned."""

import json
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from riskapp.questionnaire.parser import load_definition
from riskapp.scoring.chronology import Chronology, Episode, Evidence, Incident, Resolution, Screening
from riskapp.scoring.engine import assess
from riskapp.scoring.result import AgencyView, Assessment, Factor
from riskapp.scoring.rules import rules_from

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def rules():
    return rules_from(load_definition((ROOT / "questionnaires/cse-screening/v2.yaml").read_text(), "v2.yaml"))


def _stored(assessment: Assessment) -> dict:
    """As riskapp.risk.service.rescore keeps it, and reads it back from the database."""
    return json.loads(json.dumps(asdict(assessment), default=str))


def _day(days_ago: int) -> date:
    return (NOW - timedelta(days=days_ago)).date()


def _rich_assessment(rules) -> Assessment:
    """Factors with evidence from two agencies, a pattern, flags, a "screened, no concerns" view, a
    resolved indicator and risk to others: every part of an Assessment filled in."""
    reported = [NOW - timedelta(days=days) for days in (40, 25, 12)]
    chronology = Chronology(
        date_of_birth=date(2010, 5, 14),
        evidence=(
            Evidence("staying_out_late", _day(30), "social-care", "screening:1"),
            Evidence("staying_out_late", _day(9), "police", "note:4"),
            Evidence("disclosure_of_exploitation", _day(8), "police", "note:5"),
            Evidence("sex_for_money_or_gifts", _day(200), "social-care", "screening:1"),
        )
        + tuple(Evidence(item.id, _day(20), "youth-offending", "note:6") for item in _risk_to_others(rules)[:1]),
        screenings=(
            Screening("screening:1", _day(30), "social-care", "cse-screening v2"),
            Screening("screening:2", _day(3), "health", "cse-screening v2"),
        ),
        episodes=tuple(
            Episode(f"episode:{n}", at, at + timedelta(hours=5), classification="absent", classified_low=True)
            for n, at in enumerate(reported, start=1)
        ),
        incidents=(Incident("incident:9", NOW - timedelta(days=14), "kidnap", "police", significant=True),),
        resolutions=(Resolution("sex_for_money_or_gifts", _day(100), "Explained: birthday presents from her aunt"),),
    )
    return assess(chronology, rules, NOW)


def _risk_to_others(rules):
    return [item for item in rules.indicators.values() if rules.risk_to_others_tag in item.tags]


def test_a_stored_assessment_reads_back_equal_to_the_one_scored(rules):
    scored = _rich_assessment(rules)
    assert scored.factors and scored.findings and scored.flags and scored.resolved
    assert any(f.evidence for f in scored.factors) and scored.risk_to_others_factors
    assert {v.status for v in scored.agency_views} == {"concerns", "no-concerns"}
    read = Assessment.from_dict(_stored(scored))
    assert read == scored
    factor = read.factors[0]
    assert isinstance(factor, Factor) and isinstance(factor.first_seen, date)
    assert all(isinstance(e, Evidence) and isinstance(e.seen_on, date) for e in factor.evidence)
    assert all(isinstance(v, AgencyView) for v in read.agency_views)


def test_numbers_stay_as_they_were_stored_and_dates_become_dates(rules):
    stored = _stored(_rich_assessment(rules))
    stored["agency_views"][0]["score"] = 9  # written by hand, as a whole number
    read = Assessment.from_dict(stored)
    assert read.agency_views[0].score == 9 and isinstance(read.agency_views[0].score, int)
    assert read.factors[0].points == stored["factors"][0]["points"]
    assert read.factors[0].last_seen == date.fromisoformat(stored["factors"][0]["last_seen"])


def test_an_assessment_stored_by_an_earlier_engine_reads_with_the_later_fields_defaulted(rules):
    """Results stored before factors carried their evidence and tags, views their status and latest
    entry, and assessments what was resolved; and while they still carried an inputs hash."""
    stored = _stored(_rich_assessment(rules))
    for factor in stored["factors"] + stored["risk_to_others_factors"]:
        del factor["evidence"], factor["tags"]
    for view in stored["agency_views"]:
        del view["status"], view["last_entry_on"]
    del stored["resolved"]
    stored["inputs_hash"] = "0" * 64
    read = Assessment.from_dict(stored)
    assert all(f.evidence == () and f.tags == () for f in read.factors)
    assert all(v.status == "concerns" and v.last_entry_on is None for v in read.agency_views)
    assert read.resolved == ()
