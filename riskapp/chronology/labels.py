"""Labels for chronology entries (questionnaires/chronology.yaml), read safely and checked."""

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
    indicator: str = ""
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
LABEL_KEYS = {"value", "label", "low", "significant", "indicator", "retired"}


def load_labels(path: Path, indicator_ids: set[str], strict: bool = True) -> ChronologyLabels:
    """Read the labels. ``strict``: an incident type naming an indicator the questionnaire lacks
    is a problem (checked at start-up); otherwise that link is dropped, so a newly activated
    version without the indicator never breaks the forms."""
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
            _label(entry, line, file, indicator_ids, problems, strict)
            for entry, line in zip(entries, entries.item_lines, strict=True)
        )
    if problems:
        raise DefinitionError(problems)
    return ChronologyLabels(**groups)


def _label(entry, line: int, file: str, indicator_ids: set[str], problems: list[Problem], strict: bool) -> Label:
    if not isinstance(entry, LineDict) or not entry.get("value") or not entry.get("label"):
        problems.append(
            Problem(file, line, "bad-label", "Each label needs a value and a label", "Write {value: x, label: X}.")
        )
        return Label("", "")
    unknown = set(entry) - LABEL_KEYS
    if unknown:
        problems.append(
            Problem(file, line, "unknown-key", f"Unknown keys {sorted(unknown)}", f"Allowed: {sorted(LABEL_KEYS)}.")
        )
    indicator = str(entry.get("indicator", ""))
    if indicator and indicator not in indicator_ids and not strict:
        indicator = ""
    elif indicator and indicator not in indicator_ids:
        problems.append(
            Problem(file, line, "unknown-item", f"'{indicator}' is not an indicator of the active questionnaire")
        )
    return Label(
        str(entry["value"]),
        str(entry["label"]),
        bool(entry.get("low")),
        bool(entry.get("significant")),
        indicator,
        bool(entry.get("retired")),
    )


def labels() -> ChronologyLabels:
    """The labels in force, with incident types linked only to indicators of the active rules."""
    from riskapp.risk.service import active_rules  # the band's rules, read when labels are needed

    rules = active_rules()
    return _labels(str(Path(current_app.config["QUESTIONNAIRES_DIR"]) / "chronology.yaml"), frozenset(rules.indicators))


@lru_cache(maxsize=4)
def _labels(path: str, indicator_ids: frozenset[str]) -> ChronologyLabels:
    return load_labels(Path(path), set(indicator_ids), strict=False)
