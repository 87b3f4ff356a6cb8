"""A broken definition file gets a message naming the file, the line, the rule and the fix."""

import textwrap

import pytest

from riskapp.questionnaire.checks import check_versions
from riskapp.questionnaire.parser import MAX_ITEMS, parse_definition
from riskapp.questionnaire.yamlsafe import MAX_DEPTH

GOOD = textwrap.dedent(
    """\
    id: demo-tool
    version: 1
    title: Demo tool
    status: active
    sources:
      - {id: seraf, title: SERAF, url: "https://example.org/seraf"}
    tags:
      - {id: missing, label: Missing}
    sections:
      - id: missing_section
        title: Missing
        items:
          - id: missing_overnight
            type: indicator
            text: Has gone missing overnight
            guidance: Look for patterns.
            kind: risk-indicator
            weight: 5
            tags: [missing]
            sources: [seraf]
          - id: where_found
            type: single_choice
            text: Where were they found?
            show_if: {item: missing_overnight, equals: "yes"}
            options:
              - {value: home, label: At home}
              - {value: elsewhere, label: Elsewhere}
    scoring:
      bands:
        - {id: low, label: Low, min_score: 0}
        - {id: high, label: High, min_score: 5}
    """
)


def _problems(text: str, file: str = "questionnaires/demo/v1.yaml"):
    questionnaire, problems = parse_definition(text, file)
    assert (questionnaire is None) == bool(problems)
    return problems


def _only(problems, rule):
    found = [p for p in problems if p.rule == rule]
    assert found, f"no {rule!r} among {[str(p) for p in problems]}"
    return found[0]


def test_a_good_file_has_no_problems():
    questionnaire, problems = parse_definition(GOOD, "v1.yaml")
    assert problems == []
    assert questionnaire.item("where_found").show_if.target == "missing_overnight"
    assert len(questionnaire.definition_hash) == 64


@pytest.mark.parametrize(
    ("old", "new", "rule", "line", "words"),
    [
        ("type: indicator", "type: indicater", "unknown-type", 14, "Did you mean 'indicator'?"),
        ("tags: [missing]", "tags: [mising]", "unknown-tag", 19, "Did you mean 'missing'?"),
        ("kind: risk-indicator", "kind: risk", "unknown-kind", 17, "'risk' is not a kind"),
        ("sources: [seraf]", "sources: [serf]", "unknown-source", 20, "Did you mean 'seraf'?"),
        (
            '{item: missing_overnight, equals: "yes"}',
            '{item: missing_overnite, equals: "yes"}',
            "show-if-missing-item",
            21,
            "Did you mean 'missing_overnight'?",
        ),
        ("id: where_found", "id: missing_overnight", "duplicate-id", 21, "used twice (first on line 13)"),
        ("min_score: 5", "min_score: 0", "bands-out-of-order", 1, "not above band 'low'"),
        ("weight: 5", "weight: 50", "bad-weight", 18, "from 0 to 10"),
        ("status: active", "status: published", "bad-status", 4, "is not a status. Use one of"),
        ("        guidance: Look for patterns.\n", "", "missing-key", 13, "has no 'guidance'"),
        ("text: Where were they found?", "txt: Where were they found?", "unknown-key", 23, "Did you mean 'text'?"),
        ("{value: elsewhere, label: Elsewhere}", "{value: home, label: Elsewhere}", "duplicate-option", 27, "twice"),
        (
            '{item: missing_overnight, equals: "yes"}',
            "{item: missing_overnight, matches: yes}",
            "bad-condition",
            24,
            "not an allowed form",
        ),
    ],  # fmt: skip
)
def test_each_rule_names_file_line_and_fix(old, new, rule, line, words):
    assert old in GOOD
    problem = _only(_problems(GOOD.replace(old, new, 1)), rule)
    assert problem.file == "questionnaires/demo/v1.yaml"
    assert problem.line == line
    assert words in str(problem)
    assert str(problem).startswith(f"questionnaires/demo/v1.yaml:{line}: [{rule}]")


def test_every_problem_in_a_file_is_listed_at_once():
    broken = GOOD.replace("type: indicator", "type: indicater").replace("tags: [missing]", "tags: [mising]")
    rules = {p.rule for p in _problems(broken)}
    assert {"unknown-type", "unknown-tag"} <= rules


def test_show_if_cycles_are_refused():
    cyclic = GOOD.replace(
        "        sources: [seraf]\n      - id: where_found",
        "        sources: [seraf]\n        show_if: {item: where_found, in: [home]}\n      - id: where_found",
    )
    problem = _only(_problems(cyclic), "show-if-cycle")
    assert "missing_overnight -> where_found -> missing_overnight" in problem.message


@pytest.mark.parametrize(
    "payload",
    [
        'evil: !!python/object/apply:os.system ["id"]\n',
        "evil: !!python/name:os.system\n",
        "evil: !custom 1\n",
    ],
)
def test_yaml_tags_that_build_objects_are_refused(payload):
    problem = _only(_problems(GOOD + payload), "yaml-tag")
    assert problem.line == GOOD.count("\n") + 1


def test_billion_laughs_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 9)}]\n" for n in range(8)
    )
    problem = _problems(bomb)[0]
    assert problem.rule in ("yaml-anchor", "yaml-alias") and problem.line == 1


def test_deep_nesting_and_huge_files_are_refused():
    deep = "a: " + "[" * 500 + "]" * 500 + "\n"
    assert _only(_problems(deep), "too-deep").message.endswith(f"more than {MAX_DEPTH} levels deep")
    assert _only(_problems("a: '" + "x" * 1_100_000 + "'\n"), "too-large")


def test_too_many_items_are_refused():
    item = "      - {id: item_%d, type: short_text, text: Question}\n"
    many = GOOD.split("scoring:")[0] + "".join(item % n for n in range(MAX_ITEMS + 1))
    assert _only(_problems(many), "too-many-items")


def test_broken_yaml_names_the_line():
    problem = _only(_problems(GOOD.replace("title: Missing", "title: [Missing")), "yaml-syntax")
    assert problem.line >= 11


def test_an_id_may_not_change_its_meaning_between_versions():
    first, _ = parse_definition(GOOD, "v1.yaml")
    changed = GOOD.replace("version: 1", "version: 2").replace("kind: risk-indicator", "kind: current-harm")
    second, _ = parse_definition(changed, "v2.yaml")
    problems = check_versions([first, second])
    problem = _only(problems, "meaning-changed")
    assert (problem.file, problem.line) == ("v2.yaml", 13)
    assert "give the changed item a new id" in problem.hint


def test_rewording_an_item_keeps_its_id():
    first, _ = parse_definition(GOOD, "v1.yaml")
    reworded = GOOD.replace("version: 1", "version: 2").replace(
        "Has gone missing overnight", "Has been missing overnight"
    )
    second, _ = parse_definition(reworded.replace("status: active", "status: draft"), "v2.yaml")
    assert check_versions([first, second]) == []


def test_two_active_versions_are_refused():
    first, _ = parse_definition(GOOD, "v1.yaml")
    second, _ = parse_definition(GOOD.replace("version: 1", "version: 2"), "v2.yaml")
    assert _only(check_versions([first, second]), "two-active-versions").file == "v2.yaml"


RULES = """\
  recency: {recent_days: 183, older_percent: 50, older_floor: 2, significant_weight: 5}
  patterns:
    repeat_missing: {episodes: 3, within_days: 30, points: 5}
  floors:
    - {when: disclosure, items: [missing_overnight], band: high}
    - {when: under-age, age: 13, band: high}
  risk_to_others: {tag: missing}
"""


def test_scoring_rules_in_the_file_are_checked_too():
    assert _problems(GOOD + RULES) == []


@pytest.mark.parametrize(
    ("old", "new", "rule", "words"),
    [
        ("repeat_missing:", "repeat_mising:", "unknown-scoring-key", "Did you mean 'repeat_missing'?"),
        ("within_days: 30", "within_day: 30", "unknown-scoring-key", "Did you mean 'within_days'?"),
        ("older_percent: 50", "older_percent: 150", "bad-number", "whole number"),
        (
            "band: high}\n    - {when: under-age",
            "band: hihg}\n    - {when: under-age",
            "unknown-band",
            "Did you mean 'high'?",
        ),
        (
            "items: [missing_overnight]",
            "items: [missing_overnite]",
            "unknown-item",
            "Did you mean 'missing_overnight'?",
        ),
        ("{when: under-age", "{when: under-aged", "unknown-floor", "Did you mean 'under-age'?"),
        ("{tag: missing}", "{tag: mising}", "unknown-tag", "Did you mean 'missing'?"),
    ],
)
def test_broken_scoring_rules_name_the_line_and_fix(old, new, rule, words):
    text = GOOD + RULES.replace(old, new, 1)
    problem = _only(_problems(text), rule)
    assert words in str(problem)
    original = (GOOD + RULES).splitlines()
    changed_line = next(n for n, (a, b) in enumerate(zip(original, text.splitlines(), strict=True), 1) if a != b)
    assert problem.line == changed_line


EVIDENCE_RULES = """\
  floors:
    - {when: past-harm, band: high}
  evidence:
    incident_types:
      disclosure: [missing_overnight]
    episode_facts:
      in_vehicle: [missing_overnight]
      overnight: [missing_overnight]
    overnight_hours: 8
  agency_disagreement: {bands: 2}
"""


def test_what_other_entries_are_evidence_of_is_checked_too():
    assert _problems(GOOD + EVIDENCE_RULES) == []


@pytest.mark.parametrize(
    ("old", "new", "rule", "words"),
    [
        ("    incident_types:", "    incident_type:", "unknown-scoring-key", "Did you mean 'incident_types'?"),
        ("in_vehicle:", "in_vehicel:", "unknown-fact", "Did you mean 'in_vehicle'?"),
        ("disclosure: [missing_overnight]", "disclosure: [missing_overnite]", "unknown-item", "Did you mean"),
        ("disclosure: [missing_overnight]", "disclosure: [where_found]", "unknown-item", "not an indicator here"),
        ("in_vehicle: [missing_overnight]", "in_vehicle: missing_overnight", "bad-evidence", "list of indicator ids"),
        ("{when: past-harm", "{when: past-harms", "unknown-floor", "Did you mean 'past-harm'?"),
        ("{bands: 2}", "{bands: 0}", "bad-number", "1 or more"),
        ("overnight: [", "overnite: [", "unknown-fact", "Did you mean 'overnight'?"),
        ("overnight_hours: 8", "overnight_hours: 0", "bad-number", "1 or more"),
        ("overnight_hours: 8", "overnight_hours: eight", "bad-number", "whole number"),
        ("overnight_hours: 8", "overnight_hour: 8", "unknown-scoring-key", "Did you mean 'overnight_hours'?"),
        ("{bands: 2}", "{band: 2}", "unknown-scoring-key", "Did you mean 'bands'?"),
    ],
)
def test_broken_evidence_rules_name_the_line_and_fix(old, new, rule, words):
    text = GOOD + EVIDENCE_RULES.replace(old, new, 1)
    problem = _only(_problems(text), rule)
    assert words in str(problem)
    original = (GOOD + EVIDENCE_RULES).splitlines()
    changed_line = next(n for n, (a, b) in enumerate(zip(original, text.splitlines(), strict=True), 1) if a != b)
    assert problem.line == changed_line
