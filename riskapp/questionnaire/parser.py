"""Turn a definition file into a Questionnaire, collecting every problem with its line."""

import hashlib
import re
from typing import Any

from riskapp.questionnaire import schema
from riskapp.questionnaire.checks import check_questionnaire
from riskapp.questionnaire.conditions import parse_condition
from riskapp.questionnaire.problems import DefinitionError, Problem, did_you_mean, one_of
from riskapp.questionnaire.scoring_format import ScoringChecker
from riskapp.questionnaire.yamlsafe import LineDict, LineList, read_yaml

MAX_ITEMS = 2000
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
QUESTIONNAIRE_ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")

TOP_KEYS = {"id", "version", "title", "status", "description", "sources", "tags", "sections", "scoring"}
SECTION_KEYS = {"id", "title", "description", "agencies", "show_if", "items"}
ITEM_KEYS = {
    "id", "type", "text", "guidance", "kind", "weight", "tags", "agencies", "show_if", "evidence_required",
    "date_required", "declinable", "sources", "options", "min", "max",
}  # fmt: skip


class _Reader:
    """Reads values out of one file, noting problems instead of stopping at the first."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, line: int, rule: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.file, line, rule, message, hint))

    def mapping(self, value: Any, line: int, what: str) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        self.problem(line, "not-a-mapping", f"{what} must be a set of 'key: value' lines")
        return None

    def listing(self, mapping: LineDict, key: str, what: str, required: bool = True) -> LineList:
        value = mapping.get(key)
        if value is None:
            if required:
                self.problem(mapping.line, "missing-key", f"{what} has no '{key}'", f"Add '{key}:'.")
            return LineList()
        if not isinstance(value, LineList):
            self.problem(
                mapping.line_of(key), "not-a-list", f"'{key}' in {what} must be a list", "Start each entry with '- '."
            )
            return LineList()
        return value

    def text(self, mapping: LineDict, key: str, what: str, required: bool = True) -> str:
        value = mapping.get(key)
        if value is None or value == "":
            if required:
                self.problem(mapping.line, "missing-key", f"{what} has no '{key}'", f"Add '{key}:' with some text.")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.problem(mapping.line_of(key), "not-text", f"'{key}' in {what} must be text")
            return ""
        return str(value)

    def flag(self, mapping: LineDict, key: str, what: str) -> bool:
        value = mapping.get(key, False)
        if not isinstance(value, bool):
            self.problem(mapping.line_of(key), "not-true-or-false", f"'{key}' in {what} must be true or false")
            return False
        return value

    def unknown_keys(self, mapping: LineDict, allowed: set[str], what: str) -> None:
        for key in mapping:
            if key not in allowed:
                hint = did_you_mean(key, allowed) or f"Allowed keys: {one_of(sorted(allowed))}."
                self.problem(mapping.line_of(key), "unknown-key", f"{what} has an unknown key '{key}'", hint)

    def identifier(self, mapping: LineDict, what: str, pattern: re.Pattern = ID_PATTERN) -> str:
        value = self.text(mapping, "id", what)
        if value and not pattern.match(value):
            self.problem(
                mapping.line_of("id"), "bad-id", f"The id '{value}' in {what} is not allowed",
                "Use lower-case letters, digits and underscores, starting with a letter.",
            )  # fmt: skip
        return value

    def slugs(self, mapping: LineDict, key: str, what: str, allowed, rule: str) -> tuple[str, ...]:
        values = mapping.get(key)
        if values is None:
            return ()
        if not isinstance(values, LineList):
            self.problem(
                mapping.line_of(key), "not-a-list", f"'{key}' in {what} must be a list", f"Write {key}: [a, b]."
            )
            return ()
        for index, value in enumerate(values):
            if value not in allowed:
                hint = did_you_mean(value, allowed) or f"Use one of {one_of(allowed)}."
                message = f"{what[0].upper()}{what[1:]} names an unknown {key[:-1]} '{value}'"
                self.problem(values.item_lines[index], rule, message, hint)
        return tuple(str(v) for v in values if v in allowed)


def parse_definition(text: str, file: str) -> tuple[schema.Questionnaire | None, list[Problem]]:
    data, problems = read_yaml(text, file)
    if data is None:
        return None, problems
    reader = _Reader(file)
    top = reader.mapping(data, 1, "The file")
    if top is None:
        return None, reader.problems
    questionnaire = _questionnaire(reader, top, file, hashlib.sha256(text.encode("utf-8")).hexdigest())
    # Whole-questionnaire rules run even when entries had problems, so one check lists everything.
    reader.problems.extend(check_questionnaire(questionnaire))
    return (None if reader.problems else questionnaire), reader.problems


def load_definition(text: str, file: str) -> schema.Questionnaire:
    questionnaire, problems = parse_definition(text, file)
    if problems:
        raise DefinitionError(problems)
    return questionnaire


def _questionnaire(reader: _Reader, top: LineDict, file: str, digest: str) -> schema.Questionnaire:
    reader.unknown_keys(top, TOP_KEYS, "The file")
    qid = reader.identifier(top, "the questionnaire", QUESTIONNAIRE_ID_PATTERN)
    version = top.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        reader.problem(
            top.line_of("version"), "bad-version", "'version' must be a whole number from 1 up", "Write version: 3."
        )
        version = 0
    status = reader.text(top, "status", "the questionnaire")
    if status and status not in schema.STATUSES:
        hint = did_you_mean(status, schema.STATUSES) or f"Use one of {one_of(schema.STATUSES)}."
        reader.problem(top.line_of("status"), "bad-status", f"'{status}' is not a status", hint)
    sources = tuple(
        _source(reader, entry, line) for entry, line in _entries(reader, top, "sources", "the questionnaire")
    )
    tags = tuple(_tag(reader, entry, line) for entry, line in _entries(reader, top, "tags", "the questionnaire"))
    context = {"sources": {s.id for s in sources}, "tags": {t.id for t in tags}}
    sections = tuple(
        _section(reader, entry, line, context) for entry, line in _entries(reader, top, "sections", "the questionnaire")
    )
    item_count = sum(len(s.items) for s in sections if s)
    if item_count > MAX_ITEMS:
        reader.problem(
            top.line_of("sections"), "too-many-items", f"The file has {item_count} items, more than {MAX_ITEMS}"
        )
    scoring = top.get("scoring") or LineDict()
    bands = _bands(reader, scoring) if isinstance(scoring, LineDict) else ()
    if isinstance(scoring, LineDict):
        item_ids = {item.id for section in sections for item in section.items}
        indicator_ids = {item.id for section in sections for item in section.items if item.is_indicator}
        checker = ScoringChecker(file, item_ids, context["tags"], indicator_ids)
        reader.problems.extend(checker.check(scoring, [band.id for band in bands]))
    return schema.Questionnaire(
        id=qid,
        version=version,
        title=reader.text(top, "title", "the questionnaire"),
        status=status,
        description=reader.text(top, "description", "the questionnaire", required=False),
        sections=sections,
        sources=sources,
        tags=tags,
        bands=bands,
        scoring=dict(scoring),
        file=file,
        definition_hash=digest,
    )


def _entries(reader: _Reader, mapping: LineDict, key: str, what: str):
    values = reader.listing(mapping, key, what)
    for index, value in enumerate(values):
        entry = reader.mapping(value, values.item_lines[index], f"Entry {index + 1} of '{key}'")
        if entry is not None:
            yield entry, values.item_lines[index]


def _source(reader: _Reader, entry: LineDict, line: int) -> schema.Source:
    reader.unknown_keys(entry, {"id", "title", "url"}, "A source")
    return schema.Source(
        id=reader.text(entry, "id", "a source"),
        title=reader.text(entry, "title", "a source"),
        url=reader.text(entry, "url", "a source", required=False),
    )


def _tag(reader: _Reader, entry: LineDict, line: int) -> schema.Tag:
    reader.unknown_keys(entry, {"id", "label"}, "A tag")
    return schema.Tag(id=reader.text(entry, "id", "a tag"), label=reader.text(entry, "label", "a tag"))


def _condition(reader: _Reader, mapping: LineDict, what: str) -> schema.Condition | None:
    if "show_if" not in mapping:
        return None
    condition, problems = parse_condition(mapping["show_if"], mapping.line_of("show_if"), reader.file, what)
    reader.problems.extend(problems)
    return condition


def _section(reader: _Reader, entry: LineDict, line: int, context: dict) -> schema.Section:
    section_id = reader.identifier(entry, "a section")
    what = f"section '{section_id}'"
    reader.unknown_keys(entry, SECTION_KEYS, what.capitalize())
    items = tuple(_item(reader, item, item_line, context) for item, item_line in _entries(reader, entry, "items", what))
    return schema.Section(
        id=section_id,
        title=reader.text(entry, "title", what),
        description=reader.text(entry, "description", what, required=False),
        agencies=reader.slugs(entry, "agencies", what, schema.AGENCY_SLUGS, "unknown-agency"),
        show_if=_condition(reader, entry, what),
        items=items,
        line=line,
    )


def _item(reader: _Reader, entry: LineDict, line: int, context: dict) -> schema.Item:
    item_id = reader.identifier(entry, "an item")
    what = f"item '{item_id}'"
    reader.unknown_keys(entry, ITEM_KEYS, what.capitalize())
    item_type = reader.text(entry, "type", what)
    if item_type and item_type not in schema.ITEM_TYPES:
        hint = did_you_mean(item_type, schema.ITEM_TYPES) or f"Item types are {one_of(schema.ITEM_TYPES)}."
        reader.problem(
            entry.line_of("type"),
            "unknown-type",
            f"Item '{item_id}' has type '{item_type}', which is not an item type",
            hint,
        )
    is_indicator = item_type == "indicator"
    kind = reader.text(entry, "kind", what, required=is_indicator)
    if kind and kind not in schema.KINDS:
        hint = did_you_mean(kind, schema.KINDS) or f"Use one of {one_of(schema.KINDS)}."
        reader.problem(entry.line_of("kind"), "unknown-kind", f"'{kind}' is not a kind of indicator", hint)
    weight = entry.get("weight", 0 if not is_indicator else None)
    if weight is None or not isinstance(weight, int) or isinstance(weight, bool) or not 0 <= weight <= 10:
        reader.problem(
            entry.line_of("weight"),
            "bad-weight",
            f"The weight of {what} must be a whole number from 0 to 10",
            "Write weight: 5.",
        )
        weight = 0
    sources = reader.slugs(entry, "sources", what, context["sources"], "unknown-source")
    if is_indicator:
        reader.text(entry, "guidance", what)
        if not sources:
            reader.problem(
                entry.line,
                "no-sources",
                f"Indicator '{item_id}' cites no sources",
                "Add sources: [KEY] from the file's sources list.",
            )
    options = _options(reader, entry, what, item_type)
    return schema.Item(
        id=item_id,
        type=item_type,
        text=reader.text(entry, "text", what),
        guidance=reader.text(entry, "guidance", what, required=False),
        kind=kind,
        weight=weight,
        tags=reader.slugs(entry, "tags", what, context["tags"], "unknown-tag"),
        agencies=reader.slugs(entry, "agencies", what, schema.AGENCY_SLUGS, "unknown-agency"),
        show_if=_condition(reader, entry, what),
        evidence_required=reader.flag(entry, "evidence_required", what),
        date_required=reader.flag(entry, "date_required", what),
        declinable=reader.flag(entry, "declinable", what),
        sources=sources,
        options=options,
        min=_number(reader, entry, "min", what),
        max=_number(reader, entry, "max", what),
        line=line,
    )


def _number(reader: _Reader, entry: LineDict, key: str, what: str) -> float | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        reader.problem(entry.line_of(key), "not-a-number", f"'{key}' in {what} must be a number")
        return None
    return value


def _options(reader: _Reader, entry: LineDict, what: str, item_type: str) -> tuple[schema.Option, ...]:
    if item_type not in ("single_choice", "multiple_choice"):
        if "options" in entry:
            reader.problem(
                entry.line_of("options"),
                "options-not-allowed",
                f"{what.capitalize()} is not a choice item, so it cannot have options",
            )
        return ()
    options = []
    for option, line in _entries(reader, entry, "options", what):
        value, label = (
            reader.text(option, "value", f"an option of {what}"),
            reader.text(option, "label", f"an option of {what}"),
        )
        if value in {o.value for o in options}:
            reader.problem(line, "duplicate-option", f"{what.capitalize()} has the option value '{value}' twice")
        if value in ("not-known", "declined"):
            reader.problem(
                line, "reserved-option", f"'{value}' is offered on every item already", "Remove this option."
            )
        options.append(schema.Option(value=value, label=label))
    return tuple(options)


def _bands(reader: _Reader, scoring: LineDict) -> tuple[schema.Band, ...]:
    bands = []
    for entry, _line in _entries(reader, scoring, "bands", "scoring") if "bands" in scoring else ():
        minimum = entry.get("min_score")
        if not isinstance(minimum, int) or isinstance(minimum, bool):
            reader.problem(entry.line_of("min_score"), "bad-threshold", "Each band needs a whole-number min_score")
            minimum = -1
        bands.append(
            schema.Band(
                id=reader.text(entry, "id", "a band"), label=reader.text(entry, "label", "a band"), min_score=minimum
            )
        )
    return tuple(bands)
