"""The shipped questionnaires: valid, sourced, and carrying the boys and LGBT+ content."""

from pathlib import Path

import pytest

from riskapp.questionnaire.catalogue import definition_files, read_files

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def catalogue():
    return read_files(definition_files(ROOT / "questionnaires"), root=ROOT)


def test_every_shipped_file_is_valid(catalogue):
    assert catalogue.problems == []
    assert [(q.id, q.version, q.status) for q in catalogue.questionnaires] == [
        ("cse-screening", 1, "retired"),
        ("cse-screening", 2, "active"),
    ]


def test_every_indicator_cites_declared_sources_and_has_guidance(catalogue):
    for q in catalogue.questionnaires:
        declared = {s.id for s in q.sources}
        for item in q.indicators():
            assert item.sources and set(item.sources) <= declared, item.id
            assert item.guidance.strip(), item.id
            assert item.kind in ("vulnerability", "risk-indicator", "current-harm"), item.id


def _section_indicators(q, section_id):
    return [item for item in q.section(section_id).items if item.is_indicator]


def test_the_current_tool_asks_about_boys_and_young_men_and_lgbt_context(catalogue):
    current = catalogue.get("cse-screening", 2)
    boys = _section_indicators(current, "boys_young_men")
    lgbt = _section_indicators(current, "lgbt_context")
    assert len(boys) >= 6 and all("boys-young-men" in item.tags for item in boys)
    assert len(lgbt) >= 6 and all("lgbt" in item.tags for item in lgbt)
    lgbt_ids = {item.id for item in lgbt}
    for circumstance in ("threat_of_outing", "homeless_after_coming_out", "older_same_sex_partner"):
        assert circumstance in lgbt_ids
    risk_to_others = [item for item in current.indicators() if "risk-to-others" in item.tags]
    assert risk_to_others, "risk a young person poses to others is asked about"


def test_identity_alone_is_never_an_indicator(catalogue):
    current = catalogue.get("cse-screening", 2)
    for item in current.indicators():
        text = item.text.lower()
        assert not text.startswith(("is gay", "is lesbian", "is bisexual", "is transgender", "identifies as")), item.id


def test_kinds_are_kept_apart_and_voice_of_the_young_person_is_recorded(catalogue):
    current = catalogue.get("cse-screening", 2)
    assert {item.kind for item in current.indicators()} == {"vulnerability", "risk-indicator", "current-harm"}
    voice = current.section("voice")
    assert sum(1 for item in voice.items if item.type == "long_text") >= 4


def test_the_2014_checklist_lacks_the_newer_sections_but_shares_ids_with_the_same_meaning(catalogue):
    old, current = catalogue.get("cse-screening", 1), catalogue.get("cse-screening", 2)
    old_sections = {s.id for s in old.sections}
    assert not old_sections & {"boys_young_men", "lgbt_context", "risk_to_others"}
    shared = set(old.item_index()) & set(current.item_index())
    assert len(shared) >= 30
    for item_id in shared:
        assert old.item(item_id).meaning() == current.item(item_id).meaning()


def test_police_and_health_are_asked_different_items(catalogue):
    current = catalogue.get("cse-screening", 2)
    police = {item.id for s in current.sections for item in s.items_for("police")}
    health = {item.id for s in current.sections for item in s.items_for("health")}
    assert police - health and health - police
