"""The risk page in plain words: each flag named once, the floor that holds the band up said as a
sentence, and the stored results people may compare listed once each. Pure functions over stored
results and the scoring core's types; the internal names (flag kinds, floor and rule ids, versions,
fingerprints) stay for the page's "About this result"."""

import re
from dataclasses import dataclass

from riskapp.risk.flags import FLAG_LABELS
from riskapp.scoring.result import Assessment, Flag
from riskapp.scoring.rules import Floor

# What holds the band up, as the subject of a sentence ("... keeps the band at least High"), and why.
FLOOR_REASONS = {
    "disclosure": (
        "A disclosure of exploitation",
        "the young person has told someone they are being, or have been, exploited.",
    ),
    "current-harm": ("Evidence of current harm", "harm that is happening now counts whatever the score."),
    "past-harm": (
        "Past harm",
        "evidence of harm, or of a significant indicator, counts however long ago it was, until it is resolved.",
    ),
    "under-age": ("The young person's age", "a young child is more vulnerable whatever the score."),
    "learning-disability": (
        "A learning disability",
        "it makes a young person more vulnerable to exploitation whatever the score.",
    ),
}
_VERSION = re.compile(r"\bv(\d+)\b")


@dataclass(frozen=True)
class FloorText:
    reason: str  # "Past harm", or "Being under 13"
    why: str

    def keeps(self, band_label: str) -> str:
        return f"{self.reason} keeps the band at least {band_label}: {self.why}"


def flag_text(flag: Flag) -> tuple[str, str]:
    """The flag's name and its explanation, the name said once: stored messages of some kinds begin
    with the name already ("Repeat missing: 4 missing episodes ...")."""
    label = FLAG_LABELS.get(flag.kind, flag.kind.replace("-", " ").capitalize())
    message = flag.message.strip()
    if message.lower().startswith(label.lower()) and message[len(label) : len(label) + 1] in (":", "."):
        message = message[len(label) + 1 :].strip()
    return label, message[:1].upper() + message[1:]


def binding_floor(assessment: Assessment) -> str | None:
    """The floor that set the band, if one did. Floors are applied in order and each listed one
    raised the band, so the last one listed set it; the others were overtaken and set nothing."""
    if not assessment.floors_applied or assessment.band == assessment.score_band:
        return None
    return assessment.floors_applied[-1]


def floor_text(when: str, floors: tuple[Floor, ...]) -> FloorText:
    if when == "under-age":
        age = next((f.age for f in floors if f.when == when and f.age), None)
        reason = f"Being under {age}" if age else FLOOR_REASONS[when][0]
        return FloorText(reason, FLOOR_REASONS[when][1])
    reason, why = FLOOR_REASONS.get(when, ("A rule from practice", "it applies whatever the score."))
    return FloorText(reason, why)


def floor_sentence(assessment: Assessment, floors: tuple[Floor, ...], labels: dict) -> str | None:
    """The floor that set the band, as a sentence; None when no floor set it."""
    when = binding_floor(assessment)
    return floor_text(when, floors).keeps(labels.get(assessment.band, assessment.band)) if when else None


def floor_change(before: Assessment, after: Assessment, floors: tuple[Floor, ...], labels: dict) -> list[str]:
    """What changed in the floor holding the band up between two results, as sentences; none if it did not."""
    first, second = binding_floor(before), binding_floor(after)
    if first == second:
        return []
    sentences = []
    if first:
        sentences.append(f"{floor_text(first, floors).reason} no longer keeps the band up.")
    if second:
        sentences.append(
            f"{floor_text(second, floors).reason} now keeps the band at least {labels.get(after.band, after.band)}."
        )
    return sentences


def rules_change(earlier: str, later: str) -> str | None:
    """A change of scoring rules in words: the questionnaire's version numbers, not its internal label."""
    if earlier == later:
        return None
    versions = [_VERSION.search(label) for label in (earlier, later)]
    if all(versions) and versions[0].group(1) != versions[1].group(1):
        return f"Scored with version {versions[1].group(1)} of the questionnaire, not version {versions[0].group(1)}"
    return "Scored with a changed version of the questionnaire's rules"


def _substance(result, assessment: Assessment) -> tuple:
    """What a person comparing results sees of one: two stored results alike in all of it are the same entry."""
    return (
        result.band,
        result.computed_band,
        result.score,
        result.rules_version,
        tuple(sorted(f.item_id for f in assessment.factors)),
        tuple(sorted(f.description for f in assessment.findings)),
        binding_floor(assessment),
    )


@dataclass(frozen=True)
class ResultChoice:
    result: object  # the stored RiskResult that stands for its run: the latest of them
    ids: frozenset[int]  # every stored result in the run, so that a link to any of them picks this entry


def compare_choices(results: list, assessments: list[Assessment]) -> list[ResultChoice]:
    """The results a person may compare, each once, newest first. A re-score that changed nothing a
    person sees (the same bands, score, rules and evidence) stores a result too: a run of results
    alike, one after another, is one entry, the latest of them."""
    runs: list[list] = []
    previous = None
    for result, assessment in zip(results, assessments, strict=True):  # oldest first
        substance = _substance(result, assessment)
        if runs and substance == previous:
            runs[-1].append(result)
        else:
            runs.append([result])
        previous = substance
    return [ResultChoice(run[-1], frozenset(r.id for r in run)) for run in reversed(runs)]
