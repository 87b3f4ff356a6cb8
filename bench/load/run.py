"""`make load`: riskapp under gunicorn, on PostgreSQL and then on SQLite, and a bare Flask page of
the same size, each driven by the same load client; prints a table and writes the figures as JSON.

For each database: the record page with N users (32 by default), the record page with 1 user, and
a realistic mix with N users. Then the bare page with N users and with 1. Settings come from the
command line or the environment (the command line wins):

    LOAD_SECONDS=60      measured seconds per phase          --seconds
    LOAD_WARMUP=5        seconds before each, not counted     --warmup
    LOAD_USERS=32        virtual users                        --users
    LOAD_WORKERS=4       gunicorn workers                     --workers
    LOAD_WORKER_CLASS=gthread                                 --worker-class
    LOAD_GUNICORN_ARGS=  more gunicorn options, such as "--threads 4"

The rest of gunicorn's settings (8 threads a worker) come from gunicorn.conf.py, as in production;
``LOAD_WORKER_CLASS=sync`` measures the single-threaded workers the issue's baseline used.
    LOAD_DATABASES=postgresql,sqlite                          --databases
    LOAD_BARE_BYTES=     the bare page's size (default: the record pages' mean size)

Run with ``make load`` or ``.venv/bin/python -m bench.load``.
"""

import argparse
import json
import os
import platform
import shlex
import sqlite3
import sys
import tempfile
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from bench.load import report
from bench.load.servers import (
    REPO_ROOT,
    ServerSettings,
    SetUpFailed,
    app_server,
    bare_server,
    check_postgres,
    python_module,
)

OUT_DIR = REPO_ROOT / "bench" / "out"
DATABASE_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


@dataclass(frozen=True)
class Settings:
    seconds: float
    warmup: float
    users: int
    workers: int
    worker_class: str
    gunicorn_args: tuple[str, ...]
    databases: tuple[str, ...]
    bare_bytes: int | None
    timeout: float = 120.0
    seed: int = 14


def settings_from(argv: list[str] | None, environ: dict[str, str]) -> Settings:
    def env(name: str, default: str) -> str:
        return environ.get(name) or default

    parser = argparse.ArgumentParser(prog="make load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=float(env("LOAD_SECONDS", "60")))
    parser.add_argument("--warmup", type=float, default=float(env("LOAD_WARMUP", "5")))
    parser.add_argument("--users", type=int, default=int(env("LOAD_USERS", "32")))
    parser.add_argument("--workers", type=int, default=int(env("LOAD_WORKERS", "4")))
    parser.add_argument("--worker-class", default=env("LOAD_WORKER_CLASS", "gthread"))
    parser.add_argument("--gunicorn-args", default=env("LOAD_GUNICORN_ARGS", ""))
    parser.add_argument("--databases", default=env("LOAD_DATABASES", "postgresql,sqlite"))
    parser.add_argument("--bare-bytes", type=int, default=int(env("LOAD_BARE_BYTES", "0")) or None)
    args = parser.parse_args(argv)
    databases = tuple(name.strip() for name in args.databases.split(",") if name.strip())
    unknown = [name for name in databases if name not in DATABASE_NAMES]
    if unknown or not databases:
        parser.error(f"--databases takes postgresql and/or sqlite, not {args.databases!r}")
    return Settings(
        seconds=args.seconds, warmup=args.warmup, users=args.users, workers=args.workers,
        worker_class=args.worker_class, gunicorn_args=tuple(shlex.split(args.gunicorn_args)), databases=databases,
        bare_bytes=args.bare_bytes,
    )  # fmt: skip


def _plan(settings: Settings, target: str, url: str, server_pid: int, phases: list[dict], logins=()) -> dict:
    return {
        "target": target, "url": url, "server_pid": server_pid, "phases": phases, "users": settings.users,
        "seconds": settings.seconds, "warmup": settings.warmup, "timeout": settings.timeout, "seed": settings.seed,
        "logins": [{"email": login.email, "password": login.password} for login in logins],
    }  # fmt: skip


def _run_client(plan: dict) -> dict:
    return json.loads(python_module("bench.load.client", json.dumps(plan)))


def measure(settings: Settings, directory: Path) -> dict:
    server_settings = ServerSettings(settings.workers, settings.worker_class, settings.gunicorn_args)
    app_phases = [
        {"name": "record page", "scenario": "record", "users": settings.users},
        {"name": "record page", "scenario": "record", "users": 1},
        {"name": "mix", "scenario": "mix", "users": settings.users},
    ]
    servers = {}
    for backend in settings.databases:
        print(
            f"\nriskapp on {DATABASE_NAMES[backend]}: migrating, loading demo data, starting gunicorn", file=sys.stderr
        )
        with app_server(backend, server_settings, directory) as (server, logins):
            print(
                f"  {len(logins)} demo accounts that read records; signing in {settings.users} users", file=sys.stderr
            )
            outcome = _run_client(_plan(settings, "app", server.url, server.process.pid, app_phases, logins))
        servers[backend] = {**outcome, "gunicorn_log": server.log_findings()}
    page_bytes = settings.bare_bytes or servers[settings.databases[0]]["discovery"]["record_page_bytes"]
    print(f"\nThe bare page ({page_bytes:,} bytes) under the same gunicorn settings", file=sys.stderr)
    bare_phases = [
        {"name": "bare page", "scenario": "bare", "users": settings.users},
        {"name": "bare page", "scenario": "bare", "users": 1},
    ]
    with bare_server(page_bytes, server_settings, directory) as server:
        outcome = _run_client(_plan(settings, "bare", server.url, server.process.pid, bare_phases))
    servers["bare"] = {**outcome, "discovery": {"page_bytes": page_bytes}, "gunicorn_log": server.log_findings()}
    return servers


def _machine() -> dict:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "load_1m_at_start": os.getloadavg()[0],
    }


def main(argv: list[str] | None = None) -> None:
    settings = settings_from(argv, dict(os.environ))
    started = datetime.now().astimezone()
    machine = _machine()
    print(f"make load: {settings.users} users, {settings.seconds:g} s per phase (+{settings.warmup:g} s warm-up), "
          f"gunicorn {settings.workers} {settings.worker_class} workers; load {machine['load_1m_at_start']:.2f}",
          file=sys.stderr)  # fmt: skip
    try:
        if "postgresql" in settings.databases:
            check_postgres()
        with tempfile.TemporaryDirectory(prefix="riskapp-load-") as directory:
            servers = measure(settings, Path(directory))
    except SetUpFailed as failure:
        sys.exit(f"make load: {failure}")
    results = {"started_at": started.isoformat(timespec="seconds"), "settings": asdict(settings), "machine": machine,
               "servers": servers}  # fmt: skip
    print("\n" + report.render(results))
    OUT_DIR.mkdir(exist_ok=True)
    path = OUT_DIR / f"load-{started:%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nFigures written to {path.relative_to(REPO_ROOT)}")
