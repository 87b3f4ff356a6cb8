"""show_if conditions: a small allowlisted grammar, parsed into data and evaluated without eval."""

from collections.abc import Mapping
from typing import Any

from riskapp.questionnaire.problems import Problem
from riskapp.questionnaire.schema import Condition
from riskapp.questionnaire.yamlsafe import LineDict, LineList

YOUNG_PERSON_FIELDS = ("sex",)
FORMS = (
    "{item: ID, equals: VALUE}, {item: ID, in: [...]}, {young_person: sex, in: [...]}, "
    "{all: [...]}, {any: [...]} or {not: ...}"
)


def parse_condition(value: Any, line: int, file: str, what: str) -> tuple[Condition | None, list[Problem]]:
    problems: list[Problem] = []
    condition = _parse(value, line, file, what, problems)
    return (None if problems else condition), problems


def _bad(problems, file, line, what, detail) -> None:
    problems.append(Problem(file, line, "bad-condition", f"The show_if of {what} {detail}", f"Write one of {FORMS}."))


def _parse(value: Any, line: int, file: str, what: str, problems: list[Problem]) -> Condition | None:
    if not isinstance(value, LineDict):
        _bad(problems, file, line, what, "must be a mapping")
        return None
    line = value.line or line
    keys = set(value)
    if keys in ({"all"}, {"any"}):
        op = keys.pop()
        children = value[op]
        if not isinstance(children, LineList) or not children:
            _bad(problems, file, line, what, f"needs a list of conditions under '{op}'")
            return None
        parsed = tuple(_parse(child, line, file, what, problems) for child in children)
        return Condition(op=op, children=parsed)
    if keys == {"not"}:
        return Condition(op="not", children=(_parse(value["not"], line, file, what, problems),))
    if keys == {"item", "equals"}:
        return Condition(op="item-equals", target=str(value["item"]), values=(_scalar(value["equals"]),))
    if keys == {"item", "in"} and isinstance(value["in"], LineList):
        return Condition(op="item-in", target=str(value["item"]), values=tuple(_scalar(v) for v in value["in"]))
    if keys == {"young_person", "in"} and isinstance(value["in"], LineList):
        if value["young_person"] not in YOUNG_PERSON_FIELDS:
            _bad(problems, file, line, what, f"names '{value['young_person']}', but only 'sex' may be used")
            return None
        return Condition(
            op="young-person-in", target=str(value["young_person"]), values=tuple(_scalar(v) for v in value["in"])
        )
    _bad(problems, file, line, what, f"has the keys {sorted(keys)}, which is not an allowed form")
    return None


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"  # YAML reads a bare yes/no as true/false
    return str(value)


def evaluate(condition: Condition | None, answers: Mapping[str, Any], young_person: Mapping[str, Any]) -> bool:
    """True if the condition holds. ``answers`` maps item ids to values (a list for multiple choice)."""
    if condition is None:
        return True
    if condition.op == "all":
        return all(evaluate(child, answers, young_person) for child in condition.children)
    if condition.op == "any":
        return any(evaluate(child, answers, young_person) for child in condition.children)
    if condition.op == "not":
        return not evaluate(condition.children[0], answers, young_person)
    actual = young_person.get(condition.target) if condition.op == "young-person-in" else answers.get(condition.target)
    actual_values = {str(v) for v in actual} if isinstance(actual, list | tuple | set) else {str(actual)}
    return bool(actual_values & set(condition.values))
