"""Reading YAML safely, keeping line numbers.

Before anything is built, the event stream is checked: no tags that build objects (or any
explicit tag), no anchors or aliases (which is also what stops "billion laughs"), a size limit and
a nesting limit. Only then is the document composed, into plain dicts, lists and scalars that
remember the line they came from.
"""

from typing import Any

import yaml

from riskapp.questionnaire.problems import Problem

MAX_BYTES = 1_000_000
MAX_DEPTH = 20


class LineDict(dict):
    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list


def _line(mark) -> int:
    return mark.line + 1 if mark is not None else 0


def _check_events(text: str, file: str) -> list[Problem]:
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            line = _line(event.start_mark)
            if isinstance(event, yaml.AliasEvent):
                return [
                    Problem(file, line, "yaml-alias", "YAML aliases are not allowed", "Write the value out in full.")
                ]
            if getattr(event, "anchor", None):
                return [Problem(file, line, "yaml-anchor", "YAML anchors are not allowed", "Remove the '&' anchor.")]
            tag = getattr(event, "tag", None)
            if tag is not None:  # only explicit tags ('!!python/...', '!foo', even '!!str') have one here
                hint = "Remove the '!' tag: only plain text, numbers, lists and mappings are read."
                return [Problem(file, line, "yaml-tag", f"The YAML tag '{tag}' is not allowed", hint)]
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return [
                        Problem(
                            file,
                            line,
                            "too-deep",
                            f"The file nests more than {MAX_DEPTH} levels deep",
                            "Flatten the structure.",
                        )
                    ]
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        hint = "Check the indentation and quotes on this line."
        return [Problem(file, _line(mark), "yaml-syntax", f"This is not valid YAML: {reason}", hint)]
    return []


_constructor = yaml.SafeLoader("")


def _to_python(node: yaml.Node, file: str, problems: list[Problem]) -> Any:
    if isinstance(node, yaml.MappingNode):
        result = LineDict()
        result.line = _line(node.start_mark)
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = _to_python(key_node, file, problems)
            if not isinstance(key, str):
                problems.append(
                    Problem(file, _line(key_node.start_mark), "key-type", f"The key {key!r} must be text", "")
                )
                continue
            if key in result:
                problems.append(
                    Problem(
                        file,
                        _line(key_node.start_mark),
                        "duplicate-key",
                        f"The key '{key}' appears twice here",
                        "Keep one of them.",
                    )
                )
            result[key] = _to_python(value_node, file, problems)
            result.key_lines[key] = _line(key_node.start_mark)
        return result
    if isinstance(node, yaml.SequenceNode):
        result = LineList(_to_python(child, file, problems) for child in node.value)
        result.line = _line(node.start_mark)
        result.item_lines = [_line(child.start_mark) for child in node.value]
        return result
    return _constructor.construct_object(node, deep=True)


def read_yaml(text: str, file: str) -> tuple[Any, list[Problem]]:
    """The document as plain Python values with line numbers, or None and the problems."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        return None, [
            Problem(
                file, 1, "too-large", f"The file is larger than {MAX_BYTES // 1_000_000} MB", "Split it or shorten it."
            )
        ]
    problems = _check_events(text, file)
    if problems:
        return None, problems
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if node is None:
        return None, [
            Problem(file, 1, "empty", "The file is empty", "Start from questionnaires/cse-screening/v2.yaml.")
        ]
    data = _to_python(node, file, problems)
    return (None if problems else data), problems
