"""The real app under gunicorn with several workers, on a scratch database of one backend.

``running_server`` is the one way to get a server: the browser tests (tests/browser/conftest.py)
and the live integration tests (tests/integration/test_live_workers.py) use it in their own
fixtures. The database starts as a copy of one migrated to the newest revision (tests/databases.py),
and test data is made with tests.factories by an app of the test process's own on the same database.

Every gunicorn access-log line names the worker's process id, so a test can show that its
requests really were spread over several workers.
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import requests
import sqlalchemy

from tests.databases import ScratchDatabase

REPO_ROOT = Path(__file__).resolve().parent.parent
BIN = REPO_ROOT / ".venv" / "bin"
_SETTINGS_PREFIXES = (
    "RISKAPP_",
    "DATABASE_URL",
    "SECRET_KEY",
    "SIGN_IN_",
    "SESSION_",
    "SQLITE_",
    "TRUSTED_HOSTS",
    "AUDIT_",
)
_ACCESS_LOG_FORMAT = '%(p)s "%(r)s" %(s)s'  # %(p)s is "<pid>"
_ACCESS_LOG_LINE = re.compile(r'<(\d+)> "(.*)" (\d+)')


@dataclass(frozen=True)
class LoggedRequest:
    worker_pid: int
    request_line: str
    status: int


class LiveServer:
    """gunicorn serving ``riskapp:create_app()`` at ``self.url``, with its own database."""

    def __init__(self, backend: str, directory: Path, workers: int = 2, gunicorn_options: tuple[str, ...] = ()):
        self.backend = backend
        self.directory = directory
        self.workers = workers
        self.gunicorn_options = gunicorn_options
        self.database = ScratchDatabase(backend, directory, prefix="riskapp_live", migrated=True)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.access_log = directory / "access.log"
        self.error_log = directory / "error.log"
        self.env = _server_environment(self.database.url)
        self._process: subprocess.Popen | None = None
        self._maker = None  # the test process's app on this server's database, made on first use

    # Running the server ------------------------------------------------------------------

    def start(self, timeout: float = 60) -> None:
        command = [
            str(BIN / "gunicorn"),
            *("-w", str(self.workers), "-b", f"127.0.0.1:{self.port}"),
            *("--access-logfile", str(self.access_log), "--access-logformat", _ACCESS_LOG_FORMAT),
            *("--error-logfile", str(self.error_log)),
            "--preload",  # the app is imported once, not once a worker: quicker to start, same requests
            *self.gunicorn_options,
            "riskapp:create_app()",
        ]
        self._process = subprocess.Popen(command, cwd=REPO_ROOT, env=self.env)
        self._wait_until_healthy(timeout)

    def _wait_until_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self._process.returncode}:\n{self.error_log_text()}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=5).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer /healthz within {timeout}s:\n{self.error_log_text()}")

    def stop(self) -> None:
        if self._maker is not None:
            from riskapp.extensions import db

            with self._maker.app_context():
                db.engine.dispose()
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            # Quick shutdown (gunicorn's SIGQUIT): a graceful one waits for every keep-alive
            # connection a test left open, seconds each; the database is dropped next anyway.
            process.send_signal(signal.SIGQUIT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)

    def error_log_text(self) -> str:
        return self.error_log.read_text() if self.error_log.exists() else ""

    # What the workers did ----------------------------------------------------------------

    def access_log_position(self) -> int:
        return self.access_log.stat().st_size if self.access_log.exists() else 0

    def requests_logged_since(self, position: int, request_line: str, count: int, timeout: float = 10):
        """The access-log entries for ``request_line`` after ``position``, once there are ``count``
        of them (a worker writes its entry just after sending the response)."""
        deadline = time.monotonic() + timeout
        while True:
            with self.access_log.open() as log:
                log.seek(position)
                lines = log.read().splitlines()
            entries = [LoggedRequest(*_parse_access_log_line(line)) for line in lines]
            entries = [entry for entry in entries if entry.request_line == request_line]
            if len(entries) >= count or time.monotonic() > deadline:
                return entries
            time.sleep(0.1)

    # Commands and data -------------------------------------------------------------------

    def flask(self, *args: str, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
        """Run ``flask --app riskapp ARGS`` against this server's database."""
        result = subprocess.run(
            [str(BIN / "flask"), "--app", "riskapp", *args],
            cwd=REPO_ROOT,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} exited with {result.returncode}:\n{result.stderr}")
        return result

    def _maker_app(self):
        """An app of the test process on this server's database (the tests' settings, so its
        password hashes are quick to make), for making data without a subprocess."""
        if self._maker is None:
            from riskapp import create_app

            self._maker = create_app({"SQLALCHEMY_DATABASE_URI": self.database.url})
        return self._maker

    def make(self, kind: str, **values) -> int | str:
        """Make an authority, user or young person with tests.factories, committed; returns its id."""
        return _make_in_app(self._maker_app(), kind, values)

    def demo_data(self) -> str:
        """Run ``flask demo-data`` against this server's database, in this process (a subprocess
        would spend ~5 s starting and hashing 36 passwords at production strength); its output."""
        app = self._maker_app()
        with app.app_context():
            result = app.test_cli_runner().invoke(args=["demo-data"])
        if result.exit_code != 0:
            raise RuntimeError(
                f"flask demo-data exited with {result.exit_code}:\n{result.output}"
            ) from result.exception
        return result.output

    def scalar(self, sql: str, **params):
        """One value read straight from this server's database."""
        engine = sqlalchemy.create_engine(self.database.url)
        try:
            with engine.connect() as connection:
                return connection.execute(sqlalchemy.text(sql), params).scalar_one()
        finally:
            engine.dispose()


@contextmanager
def running_server(backend: str, tmp_path_factory, workers: int = 2, **options) -> Iterator[LiveServer]:
    """A started server, stopped and its database dropped on leaving the block."""
    server = LiveServer(backend, tmp_path_factory.mktemp(f"live-{backend}"), workers=workers, **options)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        server.database.drop()


def _server_environment(database_url: str) -> dict[str, str]:
    # The app's settings come only from here, never from the developer's shell.
    env = {name: value for name, value in os.environ.items() if not name.startswith(_SETTINGS_PREFIXES)}
    env.update(
        {
            "RISKAPP_CONFIG": "development",
            "DATABASE_URL": database_url,
            "SECRET_KEY": secrets.token_urlsafe(48),
            "PYTHONUNBUFFERED": "1",
            # A render process per worker at start is for people's first summary; the tests' servers
            # (some recycle a worker per request) start them only when they print.
            "RENDER_WARM_AT_START": "0",
        }
    )
    return env


def _parse_access_log_line(line: str) -> tuple[int, str, int]:
    pid, request_line, status = _ACCESS_LOG_LINE.fullmatch(line).groups()
    return int(pid), request_line, int(status)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# What LiveServer.make does ---------------------------------------------------------------


def _make_in_app(app, kind: str, values: dict) -> int | str:
    from riskapp.data import organisations as organisation_data
    from riskapp.extensions import db
    from tests.factories import Factories

    values = dict(values)
    with app.app_context():
        make = Factories(db.session)
        if kind == "authority":
            made = make.authority(values["slug"], values["name"])
        elif kind == "user":
            slugs = values.pop("authorities")
            authorities = [organisation_data.get_authority_by_slug(slug) for slug in slugs]
            made = make.user(authorities=authorities, **values)
        elif kind == "young_person":
            authority = organisation_data.get_authority_by_slug(values.pop("authority"))
            values["date_of_birth"] = date.fromisoformat(values["date_of_birth"])
            made = make.young_person(authority, **values)
        else:
            raise ValueError(f"cannot make a {kind!r}")
        db.session.commit()
        return str(made.id) if kind == "young_person" else made.id
