"""Benchmark: scoring chronologies of 10, 100, 1,000 and 10,000 entries (explanation included).

Run with `make bench`. Prints the median and 95th percentile per size and the growth factor, to
show the cost stays linear.
"""

import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from riskapp.questionnaire.parser import load_definition  # noqa: E402
from riskapp.scoring.chronology import Chronology, Episode, Evidence, Incident  # noqa: E402
from riskapp.scoring.engine import assess  # noqa: E402
from riskapp.scoring.rules import rules_from  # noqa: E402

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)


def chronology_of(size: int, rules, seed: int = 1) -> Chronology:
    rng = random.Random(seed)
    indicators = list(rules.indicators)
    evidence, episodes, incidents = [], [], []
    for n in range(size):
        days_ago = rng.randint(0, 3 * 365)
        kind = n % 3
        if kind == 0:
            evidence.append(
                Evidence(
                    rng.choice(indicators),
                    (NOW - timedelta(days=days_ago)).date(),
                    rng.choice(["police", "health", "social-care"]),
                    f"screening:{n}",
                )
            )
        elif kind == 1:
            reported = NOW - timedelta(days=days_ago, hours=rng.randint(0, 23))
            episodes.append(
                Episode(
                    f"episode:{n}",
                    reported,
                    reported + timedelta(hours=rng.randint(1, 72)),
                    classified_low=rng.random() < 0.5,
                    found_location=rng.choice(["Luton bus station", "Bedford retail park", "", "A hotel in Dunstable"]),
                    found_with=rng.choice(["", "older male", "peers"]),
                    out_of_area=rng.random() < 0.2,
                    return_interview=rng.choice(["done", "declined", "offered"]),
                    return_interview_at=reported + timedelta(hours=80),
                )
            )
        else:
            incidents.append(
                Incident(
                    f"incident:{n}",
                    NOW - timedelta(days=days_ago),
                    rng.choice(["arrest", "kidnap"]),
                    "police",
                    significant=rng.random() < 0.1,
                )
            )
    return Chronology(date(2010, 1, 1), False, tuple(evidence), tuple(episodes), tuple(incidents))


def measure(size: int, rules, repeats: int) -> tuple[float, float]:
    chronology = chronology_of(size, rules)
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        assess(chronology, rules, NOW)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main() -> None:
    rules = rules_from(load_definition((ROOT / "questionnaires/cse-screening/v2.yaml").read_text(), "v2.yaml"))
    print("Scoring a chronology (riskapp.scoring.engine.assess, explanation included)")
    print(f"{'entries':>8} {'median ms':>10} {'p95 ms':>8} {'ms per 1,000':>13}")
    for size, repeats in ((10, 200), (100, 200), (1_000, 50), (10_000, 10)):
        median, p95 = measure(size, rules, repeats)
        print(f"{size:>8,} {median:>10.3f} {p95:>8.3f} {median / size * 1000:>13.3f}")


if __name__ == "__main__":
    main()
