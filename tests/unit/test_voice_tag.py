"""The young person's voice in their summary is chosen by the questionnaire file's `voice` tag."""

import textwrap
from pathlib import Path

from riskapp.questionnaire.parser import load_definition, parse_definition
from riskapp.questionnaire.schema import VOICE_TAG
from riskapp.reports.inputs import voice_item_ids

ROOT = Path(__file__).resolve().parents[2]
VOICE_ITEMS = ("voice_what_said", "voice_not_said", "voice_behaviour_observed", "voice_wishes_feelings")
TAG_LINE = "  - {id: voice, label: The young person's own voice}\n"


def _shipped(version: int):
    path = ROOT / f"questionnaires/cse-screening/v{version}.yaml"
    return load_definition(path.read_text(), path.name)


def test_the_active_tool_tags_its_four_voice_questions_and_nothing_else():
    current = _shipped(2)
    assert current.declares_tag(VOICE_TAG)
    assert tuple(item.id for item in current.tagged(VOICE_TAG)) == VOICE_ITEMS
    assert all(item.type == "long_text" for item in current.tagged(VOICE_TAG))
    assert voice_item_ids(current, []) == VOICE_ITEMS


def test_a_version_stored_before_the_tag_takes_the_items_the_shipped_files_tag():
    text = (ROOT / "questionnaires/cse-screening/v2.yaml").read_text()
    assert TAG_LINE in text and text.count("\n        tags: [voice]") == len(VOICE_ITEMS)
    stored = load_definition(text.replace(TAG_LINE, "").replace("\n        tags: [voice]", ""), "v2.yaml")
    assert not stored.declares_tag(VOICE_TAG) and stored.tagged(VOICE_TAG) == []
    assert voice_item_ids(stored, [_shipped(1), _shipped(2)]) == VOICE_ITEMS
    assert voice_item_ids(_shipped(1), [_shipped(1), _shipped(2)]) == (), "the 2014 checklist asked no voice items"


def test_a_version_that_declares_the_tag_is_taken_at_its_word():
    """Declaring the tag and tagging nothing prints no voice, whatever other versions tag."""
    text = (ROOT / "questionnaires/cse-screening/v2.yaml").read_text().replace("\n        tags: [voice]", "")
    untagged = load_definition(text, "v2.yaml")
    assert untagged.declares_tag(VOICE_TAG)
    assert voice_item_ids(untagged, [_shipped(2)]) == ()


FILE = textwrap.dedent(
    """\
    id: demo-tool
    version: 1
    title: Demo tool
    status: active
    sources:
      - {id: seraf, title: SERAF, url: "https://example.org/seraf"}
    tags:
      - {id: voice, label: The young person's own voice}
    sections:
      - id: voice
        title: Voice
        items:
          - id: told_someone
            type: indicator
            text: Has told someone
            guidance: Their words.
            kind: current-harm
            weight: 10
            sources: [seraf]
          - id: what_said
            type: long_text
            text: What have they said?
            tags: [voice]
    """
)


def test_the_voice_tag_is_read_like_any_tag_on_text_items():
    questionnaire, problems = parse_definition(FILE, "v1.yaml")
    assert problems == []
    assert [item.id for item in questionnaire.tagged(VOICE_TAG)] == ["what_said"]


def test_a_voice_tag_on_an_item_whose_answers_are_not_words_is_refused_with_its_line():
    text = FILE.replace("        sources: [seraf]\n", "        sources: [seraf]\n        tags: [voice]\n")
    questionnaire, problems = parse_definition(text, "questionnaires/demo/v1.yaml")
    assert questionnaire is None
    [problem] = problems
    assert (problem.rule, problem.file, problem.line) == ("voice-not-text", "questionnaires/demo/v1.yaml", 13)
    assert "told_someone" in problem.message and "indicator" in problem.message
    assert "short_text and long_text" in problem.hint
