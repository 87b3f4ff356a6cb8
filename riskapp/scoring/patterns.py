"""Pattern rules over the whole chronology. Each runs in one pass over the (sorted) episodes."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from riskapp.scoring.chronology import Episode
from riskapp.scoring.result import Finding


def _episodes(count: int) -> str:
    return "1 episode" if count == 1 else f"{count} episodes"


def repeat_missing(episodes: Sequence[Episode], params: dict) -> Finding | None:
    """N or more episodes within any D days (two pointers over the sorted episodes: linear)."""
    needed, window = params["episodes"], timedelta(days=params["within_days"])
    best: tuple[int, int] | None = None
    start = 0
    for end, episode in enumerate(episodes):
        while episode.reported_at - episodes[start].reported_at > window:
            start += 1
        if end - start + 1 >= needed and (best is None or end - start > best[1] - best[0]):
            best = (start, end)
    if best is None:
        return None
    chosen = episodes[best[0] : best[1] + 1]
    return Finding(
        "repeat_missing",
        params["points"],
        f"{len(chosen)} missing episodes within {params['within_days']} days "
        f"({chosen[0].reported_at:%d %b %Y} to {chosen[-1].reported_at:%d %b %Y})",
        tuple(e.entry for e in chosen),
    )


def _duration_hours(episode: Episode) -> float:
    return (episode.returned_at - episode.reported_at).total_seconds() / 3600 if episode.returned_at else 0.0


def rising_missing(episodes: Sequence[Episode], params: dict, now: datetime) -> Finding | None:
    """More episodes, or longer ones, in the latest window than in the one before."""
    window = timedelta(days=params["window_days"])
    recent = [e for e in episodes if now - window < e.reported_at <= now]
    before = [e for e in episodes if now - 2 * window < e.reported_at <= now - window]
    more = len(recent) >= 2 and len(recent) > len(before)
    average = lambda group: sum(map(_duration_hours, group)) / len(group) if group else 0.0  # noqa: E731
    longer = len(recent) >= 2 and bool(before) and average(recent) > average(before)
    if not (more or longer):
        return None
    what = "more often" if more else "for longer"
    return Finding(
        "rising_missing",
        params["points"],
        f"Going missing {what}: {len(recent)} episodes in the last {params['window_days']} days, "
        f"{len(before)} in the {params['window_days']} days before",
        tuple(e.entry for e in recent),
    )


_FIELD = {"place": "found_location", "person": "found_with", "vehicle": "vehicle"}


def _normalise(text: str) -> str:
    return " ".join(text.lower().split())


def same_place_or_person(episodes: Sequence[Episode], params: dict) -> list[Finding]:
    seen: dict[tuple[str, str], list[Episode]] = defaultdict(list)
    for episode in episodes:
        for what, value in (
            ("place", episode.found_location),
            ("person", episode.found_with),
            ("vehicle", episode.vehicle),
        ):
            if value.strip():
                seen[(what, _normalise(value))].append(episode)
    return [
        Finding(
            "same_place_or_person",
            params["points"],
            f"The same {what} in {len(group)} episodes: {getattr(group[0], _FIELD[what])}",
            tuple(e.entry for e in group),
        )
        for (what, _value), group in seen.items()
        if len(group) >= params["episodes"]
    ]


def found_out_of_area(episodes: Sequence[Episode], params: dict) -> Finding | None:
    away = [e for e in episodes if e.out_of_area]
    if not away:
        return None
    return Finding(
        "found_out_of_area",
        params["points"],
        f"Found out of area: {_episodes(len(away))}",
        tuple(e.entry for e in away),
    )


def return_interviews(episodes: Sequence[Episode], late: dict, declined: dict, now: datetime) -> list[Finding]:
    limit = timedelta(hours=late["hours"])
    overdue = []
    for episode in episodes:
        if episode.returned_at is None:
            continue
        done_at = episode.return_interview_at if episode.return_interview == "done" else None
        if (done_at and done_at - episode.returned_at > limit) or (
            done_at is None and episode.return_interview != "declined" and now - episode.returned_at > limit
        ):
            overdue.append(episode)
    refusals = [e for e in episodes if e.return_interview == "declined"]
    findings = []
    if overdue:
        findings.append(
            Finding(
                "return_interview_late",
                late["points"],
                f"Return home interview not done within {late['hours']} hours after {_episodes(len(overdue))}",
                tuple(e.entry for e in overdue),
            )
        )
    if len(refusals) >= declined["times"]:
        findings.append(
            Finding(
                "return_interview_declined",
                declined["points"],
                f"Return home interview declined {len(refusals)} times",
                tuple(e.entry for e in refusals),
            )
        )
    return findings
