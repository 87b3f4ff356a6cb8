"""The arithmetic and the table of ``make load``: plain functions over plain numbers.

Percentiles interpolate linearly between the two nearest ranks (NumPy's default, and what most
load tools print): the 95th percentile of 1 to 100 ms is 95.05 ms.
"""

from collections import Counter
from dataclasses import asdict, dataclass


def percentile(ordered: list[float], fraction: float) -> float:
    """The ``fraction`` (0 to 1) percentile of values already sorted."""
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * fraction
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


@dataclass(frozen=True)
class Figures:
    """One phase's (or one kind of request's) figures. Latencies are of every request, errors
    included, in milliseconds."""

    requests: int
    errors: int
    seconds: float
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float

    def as_dict(self) -> dict:
        return {key: round(value, 3) if isinstance(value, float) else value for key, value in asdict(self).items()}


def figures(latencies_s: list[float], errors: int, seconds: float) -> Figures:
    ordered = sorted(latency * 1000 for latency in latencies_s)
    return Figures(
        requests=len(ordered),
        errors=errors,
        seconds=seconds,
        per_second=len(ordered) / seconds if seconds > 0 else 0.0,
        p50_ms=percentile(ordered, 0.50),
        p95_ms=percentile(ordered, 0.95),
        p99_ms=percentile(ordered, 0.99),
        mean_ms=sum(ordered) / len(ordered) if ordered else float("nan"),
        max_ms=ordered[-1] if ordered else float("nan"),
    )


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if not numerator or not denominator:
        return None
    return numerator / denominator


def error_counts(outcomes: list[str]) -> dict[str, int]:
    """Errors by kind ("status 500", "connection", "database is locked"...), most common first."""
    return dict(Counter(outcome for outcome in outcomes if outcome != "ok").most_common())


# The table -----------------------------------------------------------------------------------

COLUMNS = [
    ("Server", "<"),
    ("Phase", "<"),
    ("Users", ">"),
    ("Requests", ">"),
    ("Errors", ">"),
    ("req/s", ">"),
    ("p50 ms", ">"),
    ("p95 ms", ">"),
    ("p99 ms", ">"),
    ("x bare", ">"),
    ("Load 1m", ">"),
    ("Client CPU", ">"),
]


def _number(value: float | None, places: int = 0) -> str:
    if value is None or value != value:  # None or NaN
        return "-"
    return f"{value:,.{places}f}"


def table_row(server: str, phase: dict, bare_per_second: float | None) -> list[str]:
    figures_ = phase["figures"]
    return [
        server,
        phase["name"],
        str(phase["users"]),
        f"{figures_['requests']:,}",
        f"{figures_['errors']:,}",
        _number(figures_["per_second"], 1),
        _number(figures_["p50_ms"], 1),
        _number(figures_["p95_ms"], 1),
        _number(figures_["p99_ms"], 1),
        _number(ratio(figures_["per_second"], bare_per_second), 3),
        _number(phase["load_1m"], 2),
        f"{_number(phase['client_cpu_cores'] * 100)}%",
    ]


def format_table(rows: list[list[str]], columns: list[tuple[str, str]] = COLUMNS) -> str:
    widths = [max([len(title), *(len(row[index]) for row in rows)]) for index, (title, _) in enumerate(columns)]
    lines = [
        "  ".join(f"{title:{align}{width}}" for (title, align), width in zip(columns, widths, strict=True)),
        "  ".join("-" * width for width in widths),
    ]
    for row in rows:
        lines.append(
            "  ".join(f"{cell:{align}{width}}" for cell, (_, align), width in zip(row, columns, widths, strict=True))
        )
    return "\n".join(lines)


# The whole report ----------------------------------------------------------------------------

SERVER_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite", "bare": "bare Flask"}
KIND_COLUMNS = [("Server", "<"), ("Request", "<"), ("Requests", ">"), ("Errors", ">"), ("req/s", ">"),
                ("p50 ms", ">"), ("p95 ms", ">"), ("p99 ms", ">")]  # fmt: skip
CPU_COLUMNS = [("Server", "<"), ("Phase", "<"), ("Users", ">"), ("Client cores", ">"), ("Client ms/req", ">"),
               ("Server cores", ">"), ("Machine busy cores", ">")]  # fmt: skip


def _phase(server: dict, name: str, users: int) -> dict | None:
    return next((p for p in server["phases"] if p["name"] == name and p["users"] == users), None)


def _rate(phase: dict | None) -> float | None:
    return phase["figures"]["per_second"] if phase else None


def scaling(servers: dict) -> dict[str, float | None]:
    """Throughput with many users over throughput with one, per server: how far the server's
    workers and cores are put to use when requests arrive together."""
    out = {}
    for key, server in servers.items():
        page = "bare page" if key == "bare" else "record page"
        many = max((p["users"] for p in server["phases"] if p["name"] == page), default=None)
        out[key] = ratio(_rate(_phase(server, page, many)), _rate(_phase(server, page, 1))) if many else None
    return out


def render(results: dict) -> str:
    servers = results["servers"]
    bare = servers.get("bare")
    bare_rates = {p["users"]: p["figures"]["per_second"] for p in bare["phases"]} if bare else {}
    rows = [
        table_row(SERVER_NAMES.get(key, key), phase, bare_rates.get(phase["users"]))
        for key, server in servers.items()
        for phase in server["phases"]
    ]
    machine, settings = results["machine"], results["settings"]
    lines = [
        f"make load, {results['started_at']}: {settings['users']} users, {settings['seconds']:g} s per phase after "
        f"{settings['warmup']:g} s warm-up, gunicorn {settings['workers']} {settings['worker_class']} workers (gunicorn.conf.py for the rest); "
        f"{machine['cores']} cores, load {machine['load_1m_at_start']:.2f} at the start",
        "",
        format_table(rows),
        "",
    ]
    many_vs_one = ", ".join(
        f"{SERVER_NAMES.get(key, key)} {_number(value, 2)}x" for key, value in scaling(servers).items()
    )
    users = results["settings"]["users"]
    lines.append(f"{users} users vs 1 user, req/s on the record page (the bare page for bare Flask): {many_vs_one}")
    lines += _sizes(servers) + [""] + _cpu(servers) + [""] + _kinds(servers) + [""] + _problems(servers)
    return "\n".join(lines)


def _sizes(servers: dict) -> list[str]:
    lines = []
    for key, server in servers.items():
        found = server.get("discovery") or {}
        if "record_page_bytes" in found:
            lines.append(
                f"{SERVER_NAMES[key]}: {found['sessions']} sessions of {found['accounts']} demo accounts, "
                f"{found['young_people']} young people; record page {found['record_page_bytes']:,} bytes on average "
                f"({found['record_page_bytes_min']:,} to {found['record_page_bytes_max']:,})"
            )
        elif "page_bytes" in found:
            lines.append(f"Bare page: {found['page_bytes']:,} bytes")
    return lines


def _cpu(servers: dict) -> list[str]:
    rows = [
        [
            SERVER_NAMES.get(key, key), phase["name"], str(phase["users"]), _number(phase["client_cpu_cores"], 2),
            _number(phase["client_cpu_ms_per_request"], 3), _number(phase["server_cpu_cores"], 2),
            f"{_number(phase['machine_busy_cores'], 2)} of {phase['machine_cores']}",
        ]
        for key, server in servers.items()
        for phase in server["phases"]
    ]  # fmt: skip
    lines = ["Processor time (cores busy on average over the measured window)", format_table(rows, CPU_COLUMNS)]
    bare = [p for p in servers.get("bare", {}).get("phases", []) if p["client_cpu_ms_per_request"]]
    if bare:
        cost = min(p["client_cpu_ms_per_request"] for p in bare)
        lines.append(f"The client spent {cost:.3f} ms of processor time per bare-page request: one core would drive "
                     f"about {1000 / cost:,.0f} req/s.")  # fmt: skip
    return lines


def _kinds(servers: dict) -> list[str]:
    rows = []
    for key, server in servers.items():
        for phase in server["phases"]:
            if phase["scenario"] != "mix":
                continue
            for kind, figures_ in phase["kinds"].items():
                rows.append(
                    [
                        SERVER_NAMES.get(key, key), kind, f"{figures_['requests']:,}", f"{figures_['errors']:,}",
                        _number(figures_["per_second"], 1), _number(figures_["p50_ms"], 1),
                        _number(figures_["p95_ms"], 1), _number(figures_["p99_ms"], 1),
                    ]
                )  # fmt: skip
    return ["The mix, by request", format_table(rows, KIND_COLUMNS)] if rows else []


def _problems(servers: dict) -> list[str]:
    lines = []
    for key, server in servers.items():
        findings = ", ".join(f"{name} {count}" for name, count in server["gunicorn_log"].items())
        lines.append(f"gunicorn log, {SERVER_NAMES.get(key, key)}: {findings}")
        for phase in server["phases"]:
            if phase["errors_by_kind"]:
                errors = ", ".join(f"{kind} x{count}" for kind, count in phase["errors_by_kind"].items())
                lines.append(f"  errors, {phase['name']} with {phase['users']} users: {errors}")
    return lines
