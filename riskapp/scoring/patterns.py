"""Pattern rules over the whole chronology. Each runs in one pass over the (sorted) episodes.

Days are UK calendar days: an episode reported at 23:30 on 3 March (UK time) is on 3 March, and
"within 30 days" compares those dates. Every description names the dates and agencies of the
episodes it rests on, so a reader can find them in the chronology.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache

from riskapp.scoring.chronology import Episode
from riskapp.scoring.result import Finding
from riskapp.scoring.words import agency_name, plural
from riskapp.timeutil import uk_day


def _episodes(count: int) -> str:
    return plural(count, "episode")


day: Callable[[datetime], date] = uk_day  # the UK calendar day of a moment (cached)


@lru_cache(maxsize=4096)
def show_date(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


LISTED = 8  # a longer run is shown as its first and last few, with how many lie between


def dated(episodes: Sequence[Episode]) -> str:
    """ "3 Oct 2026 (Police), 12 Oct 2026 (Children's social care)": when and by which agency each was
    recorded. A long run names its first and last three and counts the rest (the finding's entries hold
    them all)."""

    def one(e: Episode) -> str:
        return f"{show_date(day(e.reported_at))} ({agency_name(e.agency)})"

    return listed(episodes, one, ", ")


def listed(episodes: Sequence[Episode], describe: Callable[[Episode], str], separator: str) -> str:
    """Each episode described, or for a run longer than LISTED its first and last three and how many
    lie between: a message stays readable, and the flag or finding's entries hold every one."""
    if len(episodes) > LISTED:
        shown = [*map(describe, episodes[:3]), f"{len(episodes) - 6} more", *map(describe, episodes[-3:])]
        return separator.join(shown)
    return separator.join(map(describe, episodes))


def repeat_missing(episodes: Sequence[Episode], params: dict) -> Finding | None:
    """N or more episodes within any D days (two pointers over the sorted episodes: linear)."""
    needed, window = params["episodes"], params["within_days"]
    best: tuple[int, int] | None = None
    start = 0
    ordinals = [day(e.reported_at).toordinal() for e in episodes]  # UK days, once each
    for end, ordinal in enumerate(ordinals):
        while ordinal - ordinals[start] > window:
            start += 1
        if end - start + 1 >= needed and (best is None or end - start > best[1] - best[0]):
            best = (start, end)
    if best is None:
        return None
    chosen = episodes[best[0] : best[1] + 1]
    return Finding(
        "repeat_missing",
        params["points"],
        f"{plural(len(chosen), 'missing episode')} within {plural(window, 'day')}: {dated(chosen)}",
        tuple(e.entry for e in chosen),
    )


def _duration_hours(episode: Episode) -> float:
    return (episode.returned_at - episode.reported_at).total_seconds() / 3600 if episode.returned_at else 0.0


def rising_missing(episodes: Sequence[Episode], params: dict, now: datetime) -> Finding | None:
    """More episodes, or longer ones, in the latest window than in the one before. With nothing
    recorded before the latest window there is no trend to speak of: that is new, not rising."""
    days = params["window_days"]
    today = day(now)
    start, before_start = today - timedelta(days=days), today - timedelta(days=2 * days)
    reported_on = [day(e.reported_at) for e in episodes]
    if not any(d <= start for d in reported_on):
        return None
    recent = [e for e, d in zip(episodes, reported_on, strict=True) if start < d <= today]
    before = [e for e, d in zip(episodes, reported_on, strict=True) if before_start < d <= start]
    more = len(recent) >= 2 and len(recent) > len(before)
    average = lambda group: sum(map(_duration_hours, group)) / len(group) if group else 0.0  # noqa: E731
    longer = len(recent) >= 2 and bool(before) and average(recent) > average(before)
    if not (more or longer):
        return None
    what = "more often" if more else "for longer"
    earlier = f"; before: {dated(before)}" if before else ""
    return Finding(
        "rising_missing",
        params["points"],
        f"Going missing {what}: {_episodes(len(recent))} in the last {plural(days, 'day')}, {len(before)} in the "
        f"{plural(days, 'day')} before. Latest: {dated(recent)}{earlier}",
        tuple(e.entry for e in recent),
    )


_FIELD = {"place": "found_location", "person": "found_with", "vehicle": "vehicle"}


@lru_cache(maxsize=4096)
def _normalise(text: str) -> str:
    return " ".join(text.lower().split())


def same_place_or_person(episodes: Sequence[Episode], params: dict) -> list[Finding]:
    seen: dict[tuple[str, str], list[Episode]] = defaultdict(list)
    for episode in episodes:
        place, person, vehicle = episode.found_location, episode.found_with, episode.vehicle
        if place and not place.isspace():
            seen["place", _normalise(place)].append(episode)
        if person and not person.isspace():
            seen["person", _normalise(person)].append(episode)
        if vehicle and not vehicle.isspace():
            seen["vehicle", _normalise(vehicle)].append(episode)
    return [
        Finding(
            "same_place_or_person",
            params["points"],
            f"The same {what} in {_episodes(len(group))}, {getattr(group[0], _FIELD[what])}: {dated(group)}",
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
        f"Found out of area: {_episodes(len(away))}: {dated(away)}",
        tuple(e.entry for e in away),
    )


def _late(episode: Episode, limit: timedelta, now: datetime) -> bool:
    """A return home interview not done within the limit. "not-known" (nobody said) is not late:
    it is a gap in the record, flagged separately, and adds no points."""
    if episode.returned_at is None or episode.return_interview in ("declined", "not-known"):
        return False
    if episode.return_interview == "done" and episode.return_interview_at is not None:
        return episode.return_interview_at - episode.returned_at > limit
    return now - episode.returned_at > limit


def return_interviews(episodes: Sequence[Episode], late: dict, declined: dict, now: datetime) -> list[Finding]:
    limit = timedelta(hours=late["hours"])
    overdue = [e for e in episodes if _late(e, limit, now)]
    refusals = [e for e in episodes if e.return_interview == "declined"]
    findings = []
    if overdue:
        findings.append(
            Finding(
                "return_interview_late",
                late["points"],
                f"Return home interview not done within {plural(late['hours'], 'hour')} after "
                f"{_episodes(len(overdue))}: {dated(overdue)}",
                tuple(e.entry for e in overdue),
            )
        )
    if len(refusals) >= declined["times"]:
        findings.append(
            Finding(
                "return_interview_declined",
                declined["points"],
                f"Return home interview declined {plural(len(refusals), 'time')}: {dated(refusals)}",
                tuple(e.entry for e in refusals),
            )
        )
    return findings


def interviews_not_known(episodes: Sequence[Episode]) -> list[Episode]:
    """Returned episodes where nobody has said whether a return home interview was offered."""
    return [e for e in episodes if e.returned_at is not None and e.return_interview == "not-known"]
