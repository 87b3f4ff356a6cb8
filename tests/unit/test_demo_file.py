"""The demo data file (riskapp/demo.yaml): the shipped one passes its checks, and a bad one is
refused before anything is written, naming the entry, its line and what is wrong."""

from pathlib import Path

import pytest

from riskapp.catalogue.labels import load_labels
from riskapp.demo import DEMO_FILE, DemoDataError, read_demo_file

SHIPPED = DEMO_FILE.read_text(encoding="utf-8")
LABELS = load_labels(Path(__file__).resolve().parents[2] / "questionnaires" / "chronology.yaml")


def _problems(text: str) -> list[str]:
    with pytest.raises(DemoDataError) as refused:
        read_demo_file(text, LABELS)
    return [str(problem) for problem in refused.value.problems]


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_the_shipped_demo_file_passes_its_checks():
    data = read_demo_file(SHIPPED, LABELS)
    local_ids = [person["local_id"] for person in data["young_people"]]
    assert local_ids == [f"DEMO-{n:04d}" for n in range(1, 13)]
    assert len(data["meetings"]) == 1 and len(data["judgements"]) == 1


def test_a_misspelt_key_is_refused_naming_the_young_person_and_the_line():
    text = SHIPPED.replace("sexual_orientation: Gay", "sexual_orientaton: Gay")
    assert _problems(text) == [
        f"riskapp/demo.yaml:{_line_of(text, 'sexual_orientaton')}: [unknown-key] young person DEMO-0004: "
        "unknown key 'sexual_orientaton'. Did you mean 'sexual_orientation'?"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # a bare no is read as false
        (
            'learning_disability: "no"',
            "learning_disability: no",
            "young person DEMO-0001, learning_disability: must be text, not False",
        ),
        ("date_of_birth: 2010-05-14", "date_of_birth: 14/05/2010", "must be a date (YYYY-MM-DD)"),
        ("incident_type: kidnap", "incident_type: kidnapping", "young person DEMO-0002, chronology entry 2 (incident)"),
        ("by: health-practitioner", "by: health-visitor", "no demo account 'health-visitor' works in central-bed"),
        ("young_person: DEMO-0002", "young_person: DEMO-0020", "judgement 1: no young person 'DEMO-0020'"),
        ("local_id: DEMO-0012", "local_id: REAL-0012", "local IDs are DEMO- and 4 digits, each once"),
    ],
)
def test_bad_entries_are_named(old, new, expected):
    assert old in SHIPPED
    problems = _problems(SHIPPED.replace(old, new, 1))
    assert len(problems) == 1 and expected in problems[0], problems
