"""Rules that look at a whole questionnaire, and at versions of one questionnaire side by side."""

from riskapp.questionnaire.problems import Problem, did_you_mean
from riskapp.questionnaire.schema import VOICE_TAG, Questionnaire

TEXT_TYPES = ("short_text", "long_text")


def check_questionnaire(questionnaire: Questionnaire) -> list[Problem]:
    return [
        *_duplicate_ids(questionnaire),
        *_show_if_targets(questionnaire),
        *_show_if_cycles(questionnaire),
        *_bands_in_order(questionnaire),
        *_declared_once(questionnaire),
        *_voice_in_words(questionnaire),
    ]


def _duplicate_ids(q: Questionnaire) -> list[Problem]:
    problems, seen = [], {}
    for section in q.sections:
        if section.id in seen:
            problems.append(
                Problem(
                    q.file,
                    section.line,
                    "duplicate-id",
                    f"The id '{section.id}' is used twice (first on line {seen[section.id]})",
                    "Every section and item needs its own id.",
                )
            )
        seen.setdefault(section.id, section.line)
        for item in section.items:
            if item.id in seen:
                problems.append(
                    Problem(
                        q.file,
                        item.line,
                        "duplicate-id",
                        f"The id '{item.id}' is used twice (first on line {seen[item.id]})",
                        "Every section and item needs its own id.",
                    )
                )
            seen.setdefault(item.id, item.line)
    return problems


def _voice_in_words(q: Questionnaire) -> list[Problem]:
    """The summary prints the answers to items tagged ``voice`` as the young person's own words."""
    return [
        Problem(
            q.file,
            item.line,
            "voice-not-text",
            f"Item '{item.id}' is tagged '{VOICE_TAG}', but its answers are not text (it is a {item.type} item)",
            f"Tag only short_text and long_text items '{VOICE_TAG}': their answers are printed as the young "
            "person's own words in their summary.",
        )
        for item in q.tagged(VOICE_TAG)
        if item.type not in TEXT_TYPES
    ]


def _conditions(q: Questionnaire):
    for section in q.sections:
        if section.show_if:
            yield section.id, section.line, section.show_if
        for item in section.items:
            if item.show_if:
                yield item.id, item.line, item.show_if


def _show_if_targets(q: Questionnaire) -> list[Problem]:
    item_ids = set(q.item_index())
    problems = []
    for owner, line, condition in _conditions(q):
        for target in sorted(condition.item_ids() - item_ids):
            hint = did_you_mean(target, item_ids) or "Point show_if at an item of this questionnaire."
            problems.append(
                Problem(
                    q.file,
                    line,
                    "show-if-missing-item",
                    f"The show_if of '{owner}' refers to '{target}', which is not an item here",
                    hint,
                )
            )
    return problems


def _show_if_cycles(q: Questionnaire) -> list[Problem]:
    # An item depends on its own condition's targets and on its section's condition's targets.
    depends: dict[str, set[str]] = {}
    lines: dict[str, int] = {}
    for section in q.sections:
        section_targets = section.show_if.item_ids() if section.show_if else set()
        for item in section.items:
            depends[item.id] = section_targets | (item.show_if.item_ids() if item.show_if else set())
            lines[item.id] = item.line
    problems, reported = [], set()
    for start in depends:
        path = _cycle_from(start, depends)
        if path and frozenset(path) not in reported:
            reported.add(frozenset(path))
            chain = " -> ".join([*path, path[0]])
            problems.append(
                Problem(
                    q.file,
                    lines[path[0]],
                    "show-if-cycle",
                    f"These show_if conditions depend on each other in a circle: {chain}",
                    "Break the circle: an item cannot depend, even indirectly, on itself.",
                )
            )
    return problems


def _cycle_from(start: str, depends: dict[str, set[str]]) -> list[str] | None:
    stack = [(start, [start])]
    while stack:
        node, path = stack.pop()
        for target in sorted(depends.get(node, ())):
            if target == start:
                return path
            if target not in path and len(path) < len(depends):
                stack.append((target, [*path, target]))
    return None


def _bands_in_order(q: Questionnaire) -> list[Problem]:
    problems = []
    scores = [band.min_score for band in q.bands]
    if scores and scores[0] != 0:
        problems.append(
            Problem(
                q.file,
                1,
                "bands-out-of-order",
                f"The first band must start at min_score 0, not {scores[0]}",
                "Put the lowest band first.",
            )
        )
    for before, after in zip(q.bands, q.bands[1:], strict=False):
        if after.min_score <= before.min_score:
            problems.append(
                Problem(
                    q.file,
                    1,
                    "bands-out-of-order",
                    f"Band '{after.id}' starts at {after.min_score}, not above band '{before.id}' ({before.min_score})",
                    "List bands lowest first, each min_score higher than the one before.",
                )
            )
    return problems


def _declared_once(q: Questionnaire) -> list[Problem]:
    problems = []
    for kind, values in (
        ("source", [s.id for s in q.sources]),
        ("tag", [t.id for t in q.tags]),
        ("band", [b.id for b in q.bands]),
    ):
        for value in {v for v in values if values.count(v) > 1}:
            problems.append(
                Problem(q.file, 1, f"duplicate-{kind}", f"The {kind} '{value}' is declared twice", "Declare each once.")
            )
    return problems


def check_versions(questionnaires: list[Questionnaire]) -> list[Problem]:
    """Across versions of one questionnaire: an id keeps its meaning; at most one active version;
    no two files claim the same version."""
    problems: list[Problem] = []
    by_id: dict[str, list[Questionnaire]] = {}
    for q in questionnaires:
        by_id.setdefault(q.id, []).append(q)
    for versions in by_id.values():
        versions.sort(key=lambda q: q.version)
        problems += _same_version_twice(versions) + _more_than_one_active(versions) + _meaning_changes(versions)
    return problems


def _same_version_twice(versions: list[Questionnaire]) -> list[Problem]:
    seen: dict[int, Questionnaire] = {}
    problems = []
    for q in versions:
        if q.version in seen and seen[q.version].definition_hash != q.definition_hash:
            problems.append(
                Problem(
                    q.file,
                    1,
                    "duplicate-version",
                    f"Version {q.version} of '{q.id}' is also defined in {seen[q.version].file}",
                    "Give the new file the next version number.",
                )
            )
        seen.setdefault(q.version, q)
    return problems


def _more_than_one_active(versions: list[Questionnaire]) -> list[Problem]:
    active = [q for q in versions if q.status == "active"]
    return [
        Problem(
            q.file,
            1,
            "two-active-versions",
            f"Versions {', '.join(str(a.version) for a in active)} of '{q.id}' are all active",
            "Make one active and retire the others.",
        )
        for q in active[1:]
    ]


def _meaning_changes(versions: list[Questionnaire]) -> list[Problem]:
    problems = []
    first_seen: dict[str, tuple] = {}
    for q in versions:
        for item in q.items():
            if item.id in first_seen and first_seen[item.id][0] != item.meaning():
                earlier_meaning, earlier_version = first_seen[item.id]
                problems.append(
                    Problem(
                        q.file,
                        item.line,
                        "meaning-changed",
                        f"Item '{item.id}' meant (type, kind, options) {earlier_meaning} in version "
                        f"{earlier_version} but {item.meaning()} here",
                        "Past answers keep the old meaning: give the changed item a new id.",
                    )
                )
            first_seen.setdefault(item.id, (item.meaning(), q.version))
    return problems
