"""The servers `make load` measures: riskapp under gunicorn on a throwaway database (migrated and
loaded with demo data, as `make run` does), and the bare page under the same gunicorn settings.

The throwaway databases come from tests/databases.py, as for the tests and `make bench`: a
PostgreSQL database ``riskapp_load_<random>`` made through ``TEST_POSTGRES_ADMIN_URL`` (by default
postgres@127.0.0.1:5432, trust auth) and dropped afterwards, or a SQLite file in a temporary folder.
riskapp runs with ``RISKAPP_CONFIG=production``, as it would be served, and its settings come only
from here, never from the shell that runs `make load`.
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from bench.load.pages import DemoLogin, demo_logins
from tests.databases import POSTGRES_ADMIN_URL, ScratchDatabase

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = REPO_ROOT / ".venv" / "bin"
_SETTINGS_PREFIXES = ("RISKAPP_", "DATABASE_URL", "SECRET_KEY", "SIGN_IN_", "SESSION_", "SQLITE_", "TRUSTED_HOSTS")

# What the gunicorn log is scanned for, and how each finding is named in the report.
LOG_FINDINGS = {
    "database is locked": re.compile(r"database is locked"),
    "tracebacks": re.compile(r"Traceback \(most recent call last\)|^Unhandled \w+", re.MULTILINE),
    "worker timeouts": re.compile(r"WORKER TIMEOUT"),
}


class SetUpFailed(Exception):
    """Something `make load` needs is missing or broken; the message says what to do."""


@dataclass(frozen=True)
class ServerSettings:
    workers: int
    worker_class: str
    extra_arguments: tuple[str, ...] = ()


def check_postgres() -> None:
    try:
        psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=5).close()
    except psycopg.OperationalError as error:
        raise SetUpFailed(
            f"PostgreSQL is not answering at {POSTGRES_ADMIN_URL} ({str(error).strip()}). Start it, set "
            "TEST_POSTGRES_ADMIN_URL to one that answers, or measure SQLite alone: LOAD_DATABASES=sqlite make load"
        ) from None


def _environment(extra: dict[str, str]) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith(_SETTINGS_PREFIXES)}
    return {**env, "PYTHONUNBUFFERED": "1", **extra}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def flask(env: dict[str, str], *args: str) -> str:
    """``flask --app riskapp ARGS`` against the throwaway database; its output."""
    result = subprocess.run(  # noqa: S603 - our own flask, fixed arguments
        [str(BIN / "flask"), "--app", "riskapp", *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    if result.returncode != 0:
        raise SetUpFailed(f"flask {' '.join(args)} exited with {result.returncode}:\n{result.stderr[-3000:]}")
    return result.stdout


@dataclass
class Gunicorn:
    """gunicorn serving ``app`` on a free port of 127.0.0.1, its output kept in ``log_path``."""

    app: str
    env: dict[str, str]
    settings: ServerSettings
    log_path: Path
    health_path: str
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> None:
        command = [
            str(BIN / "gunicorn"),
            *("--workers", str(self.settings.workers), "--worker-class", self.settings.worker_class),
            *("--bind", f"127.0.0.1:{self.port}"),
            *self.settings.extra_arguments,
            self.app,
        ]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=REPO_ROOT, env=self.env, stdout=log, stderr=log)  # noqa: S603
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SetUpFailed(f"gunicorn exited with {self.process.returncode}:\n{self.log_text()[-3000:]}")
            if self._healthy():
                return
            time.sleep(0.2)
        self.stop()
        raise SetUpFailed(f"gunicorn did not answer {self.health_path} within {timeout} s:\n{self.log_text()[-3000:]}")

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + self.health_path, timeout=5) as answer:  # noqa: S310 - loopback
                return answer.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_findings(self) -> dict[str, int]:
        text = self.log_text()
        return {name: len(pattern.findall(text)) for name, pattern in LOG_FINDINGS.items()}


@contextmanager
def app_server(backend: str, settings: ServerSettings, directory: Path) -> Iterator[tuple[Gunicorn, list[DemoLogin]]]:
    """riskapp on a throwaway database of ``backend``, migrated and with demo data; the server and
    the demo sign-ins of accounts that read records. The database is dropped on leaving."""
    database = ScratchDatabase(backend, directory, prefix="riskapp_load")
    try:
        env = _environment(
            {"RISKAPP_CONFIG": "production", "DATABASE_URL": database.url, "SECRET_KEY": secrets.token_urlsafe(48)}
        )
        flask(env, "db", "upgrade")
        logins = [login for login in demo_logins(flask(env, "demo-data")) if login.reads_records]
        if not logins:
            raise SetUpFailed("flask demo-data printed no sign-ins of accounts that read records")
        server = Gunicorn("riskapp:create_app()", env, settings, directory / f"gunicorn-{backend}.log", "/healthz")
        server.start()
        try:
            yield server, logins
        finally:
            server.stop()
    finally:
        database.drop()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{directory / 'riskapp_load.sqlite3'}{suffix}").unlink(missing_ok=True)


@contextmanager
def bare_server(page_bytes: int, settings: ServerSettings, directory: Path) -> Iterator[Gunicorn]:
    env = _environment({"BARE_PAGE_BYTES": str(page_bytes)})
    server = Gunicorn("bench.load.bare_app:create_app()", env, settings, directory / "gunicorn-bare.log", "/")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def python_module(module: str, stdin: str) -> str:
    """Run ``python -m module`` from the repository root with ``stdin``; its standard output.
    Its standard error (progress) goes straight to ours."""
    result = subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", module], cwd=REPO_ROOT, input=stdin, stdout=subprocess.PIPE, text=True
    )
    if result.returncode != 0:
        raise SetUpFailed(f"python -m {module} exited with {result.returncode}")
    return result.stdout
