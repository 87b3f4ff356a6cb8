"""Problems found in a definition file, reported in the style of XLSForm's converter: the file, the
line, the rule broken and how to fix it."""

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    rule: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        hint = f" {self.hint}" if self.hint else ""
        return f"{self.file}:{self.line}: [{self.rule}] {self.message}.{hint}"


def did_you_mean(value: str, choices) -> str:
    close = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.6)
    return f"Did you mean '{close[0]}'?" if close else ""


def one_of(choices) -> str:
    return ", ".join(f"'{choice}'" for choice in choices)


class DefinitionError(Exception):
    """A definition that cannot be used; ``problems`` says why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
