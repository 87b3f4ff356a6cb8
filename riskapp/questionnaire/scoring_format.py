"""The shape of the ``scoring`` block of a definition file: bands, recency, pattern rules, floors,
the separate risk-to-others band, what other entries are evidence of, and when agencies disagree.
The scoring engine gives these their meaning; here they are checked like everything else in the
file, with the line and a fix for each problem."""

from riskapp.questionnaire.problems import Problem, did_you_mean, one_of
from riskapp.questionnaire.yamlsafe import LineDict, LineList

# The facts of a missing episode that the rules file (scoring.evidence.episode_facts) can map to
# indicators: found with an adult of concern, found at a place of concern, a vehicle recorded, out of
# area, and overnight (derived from the times: see riskapp.scoring.factors.episode_facts). Named here,
# with the file format; the scoring engine reads them from here.
EPISODE_FACTS = ("found_with_adult_of_concern", "found_at_place_of_concern", "in_vehicle", "out_of_area", "overnight")

# Every number is a whole number of at least 0 (percentages at most 100).
RECENCY_KEYS = ("recent_days", "older_percent", "older_floor", "significant_weight")
PATTERN_PARAMETERS = {
    "repeat_missing": ("episodes", "within_days", "points"),
    "rising_missing": ("window_days", "points"),
    "same_place_or_person": ("episodes", "points"),
    "found_out_of_area": ("points",),
    "return_interview_late": ("hours", "points"),
    "return_interview_declined": ("times", "points"),
}
FLOOR_KINDS = {
    "disclosure": ("band", "items"),
    "current-harm": ("band",),
    "past-harm": ("band",),
    "under-age": ("band", "age"),
    "learning-disability": ("band",),
}
EVIDENCE_MAPPINGS = ("incident_types", "episode_facts")
EVIDENCE_KEYS = (*EVIDENCE_MAPPINGS, "overnight_hours")
SCORING_KEYS = ("bands", "recency", "patterns", "floors", "risk_to_others", "evidence", "agency_disagreement")


class ScoringChecker:
    def __init__(self, file: str, item_ids: set[str], tag_ids: set[str], indicator_ids: set[str] | None = None):
        self.file = file
        self.item_ids = item_ids
        self.tag_ids = tag_ids
        self.indicator_ids = item_ids if indicator_ids is None else indicator_ids
        self.problems: list[Problem] = []

    def _problem(self, line: int, rule: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.file, line, rule, message, hint))

    def _keys(self, mapping: LineDict, allowed, what: str) -> None:
        for key in mapping:
            if key not in allowed:
                hint = did_you_mean(key, allowed) or f"Allowed: {one_of(allowed)}."
                self._problem(mapping.line_of(key), "unknown-scoring-key", f"{what} has an unknown key '{key}'", hint)

    def _whole_numbers(self, mapping: LineDict, keys, what: str, required: bool = True) -> None:
        for key in keys:
            value = mapping.get(key)
            if value is None:
                if required:
                    self._problem(
                        mapping.line, "missing-key", f"{what} has no '{key}'", f"Add '{key}:' with a whole number."
                    )
                continue
            if (
                not isinstance(value, int)
                or isinstance(value, bool)
                or value < 0
                or (key.endswith("percent") and value > 100)
            ):
                self._problem(
                    mapping.line_of(key), "bad-number", f"'{key}' in {what} must be a whole number of 0 or more", ""
                )

    def check(self, scoring: LineDict, band_ids: list[str]) -> list[Problem]:
        self._keys(scoring, SCORING_KEYS, "scoring")
        if isinstance(scoring.get("recency"), LineDict):
            self._keys(scoring["recency"], RECENCY_KEYS, "scoring.recency")
            self._whole_numbers(scoring["recency"], RECENCY_KEYS, "scoring.recency")
        if isinstance(scoring.get("patterns"), LineDict):
            self._patterns(scoring["patterns"])
        if isinstance(scoring.get("floors"), LineList):
            for index, floor in enumerate(scoring["floors"]):
                self._floor(floor, scoring["floors"].item_lines[index], band_ids)
        if isinstance(scoring.get("risk_to_others"), LineDict):
            self._risk_to_others(scoring["risk_to_others"])
        if "evidence" in scoring:
            self._evidence(scoring["evidence"], scoring.line_of("evidence"))
        if "agency_disagreement" in scoring:
            self._agency_disagreement(scoring["agency_disagreement"], scoring.line_of("agency_disagreement"))
        return self.problems

    def _evidence(self, block, line: int) -> None:
        """scoring.evidence: incident types and episode facts, each to a list of indicator ids, and how
        many hours missing make an episode "overnight"."""
        if not isinstance(block, LineDict):
            self._problem(line, "bad-evidence", f"scoring.evidence must be a mapping with {', '.join(EVIDENCE_KEYS)}")
            return
        self._keys(block, EVIDENCE_KEYS, "scoring.evidence")
        if "overnight_hours" in block:
            self._whole_numbers(block, ("overnight_hours",), "scoring.evidence")
            if block.get("overnight_hours") == 0:
                line_of = block.line_of("overnight_hours")
                self._problem(line_of, "bad-number", "'overnight_hours' in scoring.evidence must be 1 or more")
        for key in EVIDENCE_MAPPINGS:
            mapping = block.get(key)
            if mapping is None:
                continue
            if not isinstance(mapping, LineDict):
                self._problem(block.line_of(key), "bad-evidence", f"scoring.evidence.{key} must be a mapping")
                continue
            if key == "episode_facts":
                for fact in mapping:
                    if fact not in EPISODE_FACTS:
                        hint = did_you_mean(fact, EPISODE_FACTS) or f"Facts are {one_of(EPISODE_FACTS)}."
                        self._problem(mapping.line_of(fact), "unknown-fact", f"'{fact}' is not an episode fact", hint)
            for name, item_ids in mapping.items():
                self._indicator_list(mapping, name, item_ids, f"scoring.evidence.{key}.{name}")

    def _indicator_list(self, mapping: LineDict, name: str, item_ids, what: str) -> None:
        if not isinstance(item_ids, LineList) or not all(isinstance(i, str) for i in item_ids):
            self._problem(mapping.line_of(name), "bad-evidence", f"{what} must be a list of indicator ids", "")
            return
        for item_id in item_ids:
            if item_id not in self.indicator_ids:
                hint = did_you_mean(item_id, self.indicator_ids) or "Name an indicator of this questionnaire."
                self._problem(
                    mapping.line_of(name),
                    "unknown-item",
                    f"{what} names '{item_id}', which is not an indicator here",
                    hint,
                )

    def _agency_disagreement(self, block, line: int) -> None:
        if not isinstance(block, LineDict):
            self._problem(line, "bad-agency-disagreement", "scoring.agency_disagreement must be like {bands: 2}")
            return
        self._keys(block, ("bands",), "scoring.agency_disagreement")
        self._whole_numbers(block, ("bands",), "scoring.agency_disagreement")
        if block.get("bands") == 0:
            self._problem(
                block.line_of("bands"), "bad-number", "'bands' in scoring.agency_disagreement must be 1 or more"
            )

    def _patterns(self, patterns: LineDict) -> None:
        self._keys(patterns, tuple(PATTERN_PARAMETERS), "scoring.patterns")
        for name, parameters in patterns.items():
            if name in PATTERN_PARAMETERS and isinstance(parameters, LineDict):
                self._keys(parameters, PATTERN_PARAMETERS[name], f"pattern '{name}'")
                self._whole_numbers(parameters, PATTERN_PARAMETERS[name], f"pattern '{name}'")

    def _floor(self, floor, line: int, band_ids: list[str]) -> None:
        if not isinstance(floor, LineDict):
            self._problem(line, "bad-floor", "Each floor must be a mapping like {when: current-harm, band: high}")
            return
        when = floor.get("when")
        if when not in FLOOR_KINDS:
            hint = did_you_mean(str(when), FLOOR_KINDS) or f"Use one of {one_of(FLOOR_KINDS)}."
            self._problem(floor.line_of("when"), "unknown-floor", f"'{when}' is not a kind of floor", hint)
            return
        self._keys(floor, ("when", *FLOOR_KINDS[when]), f"the {when} floor")
        if floor.get("band") not in band_ids:
            hint = did_you_mean(str(floor.get("band")), band_ids) or f"Bands are {one_of(band_ids)}."
            self._problem(
                floor.line_of("band"),
                "unknown-band",
                f"The {when} floor names an unknown band '{floor.get('band')}'",
                hint,
            )
        if when == "under-age":
            self._whole_numbers(floor, ("age",), "the under-age floor")
        for item_id in floor.get("items", []) if when == "disclosure" else []:
            if item_id not in self.item_ids:
                hint = did_you_mean(item_id, self.item_ids) or "Name an indicator of this questionnaire."
                self._problem(
                    floor.line_of("items"),
                    "unknown-item",
                    f"The disclosure floor names '{item_id}', which is not an item here",
                    hint,
                )

    def _risk_to_others(self, block: LineDict) -> None:
        self._keys(block, ("tag", "bands"), "scoring.risk_to_others")
        if block.get("tag") not in self.tag_ids:
            hint = did_you_mean(str(block.get("tag")), self.tag_ids) or "Name a tag from the file's tags."
            self._problem(
                block.line_of("tag"),
                "unknown-tag",
                f"scoring.risk_to_others names an unknown tag '{block.get('tag')}'",
                hint,
            )
