"""Labels for chronology entries (questionnaires/chronology.yaml), read safely and checked.

What an incident type is evidence of is not said here: it lives in one place, the rules of the
questionnaire file (``scoring.evidence.incident_types``), beside everything else that scores."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import current_app

from riskapp.questionnaire.problems import DefinitionError, Problem
from riskapp.questionnaire.yamlsafe import LineDict, LineList, read_yaml


@dataclass(frozen=True)
class Label:
    value: str
    label: str
    low: bool = False
    significant: bool = False
    retired: bool = False  # kept so old records show it; not offered for new ones


@dataclass(frozen=True)
class ChronologyLabels:
    police_classifications: tuple[Label, ...]
    police_risk_grades: tuple[Label, ...]
    incident_types: tuple[Label, ...]

    def find(self, group: str, value: str) -> Label | None:
        return next((label for label in getattr(self, group) if label.value == value), None)

    def choices(self, group: str) -> list[tuple[str, str]]:
        return [(label.value, label.label) for label in getattr(self, group) if not label.retired]


GROUPS = ("police_classifications", "police_risk_grades", "incident_types")
LABEL_KEYS = {"value", "label", "low", "significant", "retired"}
MOVED_KEYS = {
    "indicator": (
        "What an incident type is evidence of has moved to 'scoring.evidence.incident_types' in the questionnaire file",
        "Remove 'indicator:' here and list the type there, e.g. incident_types: {kidnap: [kidnapped_or_abducted]}.",
    )
}


def load_labels(path: Path) -> ChronologyLabels:
    """Read the labels, gathering every problem with its line."""
    file = f"questionnaires/{path.name}"
    data, problems = read_yaml(path.read_text(encoding="utf-8"), file)
    if data is None:
        raise DefinitionError(problems)
    groups = {}
    for group in GROUPS:
        entries = data.get(group) if isinstance(data, LineDict) else None
        if not isinstance(entries, LineList) or not entries:
            problems.append(
                Problem(file, getattr(data, "line", 1), "missing-key", f"'{group}' must be a list of labels")
            )
            continue
        groups[group] = tuple(
            _label(entry, line, file, problems) for entry, line in zip(entries, entries.item_lines, strict=True)
        )
    if problems:
        raise DefinitionError(problems)
    return ChronologyLabels(**groups)


def _label(entry, line: int, file: str, problems: list[Problem]) -> Label:
    if not isinstance(entry, LineDict) or not entry.get("value") or not entry.get("label"):
        problems.append(
            Problem(file, line, "bad-label", "Each label needs a value and a label", "Write {value: x, label: X}.")
        )
        return Label("", "")
    for key in sorted(set(entry) & set(MOVED_KEYS)):
        message, hint = MOVED_KEYS[key]
        problems.append(Problem(file, entry.line_of(key), "moved-key", message, hint))
    unknown = set(entry) - LABEL_KEYS - set(MOVED_KEYS)
    if unknown:
        problems.append(
            Problem(file, line, "unknown-key", f"Unknown keys {sorted(unknown)}", f"Allowed: {sorted(LABEL_KEYS)}.")
        )
    return Label(
        str(entry["value"]),
        str(entry["label"]),
        bool(entry.get("low")),
        bool(entry.get("significant")),
        bool(entry.get("retired")),
    )


def labels() -> ChronologyLabels:
    """The labels in force."""
    return _labels(str(Path(current_app.config["QUESTIONNAIRES_DIR"]) / "chronology.yaml"))


@lru_cache(maxsize=4)
def _labels(path: str) -> ChronologyLabels:
    return load_labels(Path(path))
