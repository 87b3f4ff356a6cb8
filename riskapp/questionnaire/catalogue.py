"""All questionnaire versions shipped in questionnaires/, read and checked together."""

from dataclasses import dataclass, field
from pathlib import Path

from riskapp.questionnaire.checks import check_versions
from riskapp.questionnaire.parser import parse_definition
from riskapp.questionnaire.problems import Problem
from riskapp.questionnaire.schema import Questionnaire
from riskapp.questionnaire.yamlsafe import read_yaml


@dataclass
class Catalogue:
    questionnaires: list[Questionnaire] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def get(self, questionnaire_id: str, version: int) -> Questionnaire | None:
        return next((q for q in self.questionnaires if q.key == (questionnaire_id, version)), None)

    def versions(self, questionnaire_id: str) -> list[Questionnaire]:
        return sorted((q for q in self.questionnaires if q.id == questionnaire_id), key=lambda q: q.version)


def definition_files(directory: Path) -> list[Path]:
    """Questionnaire versions live in questionnaires/<id>/v<version>.yaml."""
    return sorted(p for p in directory.glob("*/*.yaml") if p.is_file())


def read_files(paths: list[Path], root: Path | None = None) -> Catalogue:
    catalogue = Catalogue()
    for path in paths:
        name = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
        questionnaire, problems = parse_definition(path.read_text(encoding="utf-8"), name)
        catalogue.problems.extend(problems)
        if questionnaire is not None:
            catalogue.questionnaires.append(questionnaire)
    catalogue.problems.extend(check_versions(catalogue.questionnaires))
    return catalogue


CROSS_VERSION_RULES = ("meaning-changed", "two-active-versions", "duplicate-version")


def active_problems(catalogue: Catalogue, root: Path) -> list[Problem]:
    """Problems that must stop the app: any in a file that is (or may be) active, and any between
    versions. A broken draft or retired file is reported by `questionnaires check` but does not
    stop the service."""
    return [
        problem
        for problem in catalogue.problems
        if problem.rule in CROSS_VERSION_RULES or _declared_status(root / problem.file) not in ("draft", "retired")
    ]


def _declared_status(path: Path) -> str | None:
    try:
        data, _problems = read_yaml(path.read_text(encoding="utf-8"), str(path))
    except OSError:
        return None
    return data.get("status") if isinstance(data, dict) else None
