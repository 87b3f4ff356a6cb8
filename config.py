"""Configuration classes, read from the environment.

Defaults are safe to publish. Secrets have no default: development keeps a generated key in
``instance/``, and production refuses to start without ``SECRET_KEY`` and ``DATABASE_URL``.
Code reads ``current_app.config``, never ``os.environ``.
"""

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return value.lower() not in ("0", "false", "no", "off") if value else default


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # None means "the SQLite file instance/riskapp.sqlite3"; create_app fills it in.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = _env_int("SQLITE_BUSY_TIMEOUT_MS", 15000)

    # Sessions: the signed cookie holds a random session token (plus the CSRF secret and any
    # flash message, which never names a person); the session itself lives in the database so
    # that sign-out and deactivation end it on the server.
    SESSION_COOKIE_NAME = "riskapp_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_IDLE_TIMEOUT = timedelta(minutes=_env_int("SESSION_IDLE_MINUTES", 30))
    SESSION_ABSOLUTE_LIMIT = timedelta(hours=_env_int("SESSION_ABSOLUTE_HOURS", 10))
    # A session's last-seen time is written at most this often (it decides the idle timeout).
    SESSION_TOUCH_INTERVAL = timedelta(seconds=_env_int("SESSION_TOUCH_SECONDS", 60))
    # A read request (GET) that writes outside riskapp.database.write_step: an error in development
    # and tests, where it is found; a logged warning in production.
    STRICT_READ_TRANSACTIONS = False
    # Flask's own lifetime only bounds the signed cookie; the server-side limits above rule.
    PERMANENT_SESSION_LIFETIME = SESSION_ABSOLUTE_LIMIT
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)

    # Sign-in throttling, per account, stored in the database so every worker shares it.
    SIGN_IN_MAX_FAILURES = _env_int("SIGN_IN_MAX_FAILURES", 5)
    SIGN_IN_FAILURE_WINDOW = timedelta(minutes=_env_int("SIGN_IN_FAILURE_WINDOW_MINUTES", 15))
    SIGN_IN_LOCKOUT = timedelta(minutes=_env_int("SIGN_IN_LOCKOUT_MINUTES", 15))

    # argon2id parameters: RFC 9106 "low memory" profile, above the ASVS 5 Appendix C floor.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST_KIB = 65536
    ARGON2_PARALLELISM = 4

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 1024 * 1024
    TRUSTED_HOSTS = [h for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h] or None
    HSTS = False
    PAGE_SIZE = 25
    # Pages about a young person kept as rendered until anything about them changes
    # (riskapp.fragments); staff, agency and authority names reach them within this many seconds.
    # Compiled templates kept in instance/template-bytecode (riskapp.templating).
    TEMPLATE_BYTECODE_CACHE = _env_flag("TEMPLATE_BYTECODE_CACHE", True)
    FRAGMENT_CACHE_SECONDS = _env_float("FRAGMENT_CACHE_SECONDS", 60.0)
    FRAGMENT_CACHE_ENTRIES = _env_int("FRAGMENT_CACHE_ENTRIES", 500)  # about 20 KB each
    # The caseload says a young person's screening is due again this many days after the last one
    # (about three months: "reassess regularly ... at least every three months", SERAF guidance in
    # ../shared/research/domain.md).
    SCREENING_DUE_AFTER_DAYS = _env_int("SCREENING_DUE_AFTER_DAYS", 91)
    QUESTIONNAIRES_DIR = BASE_DIR / "questionnaires"
    SCREENING_QUESTIONNAIRE_ID = "cse-screening"
    # Canonical base for FHIR Questionnaire URLs; set it to the partnership's own address.
    FHIR_BASE_URL = os.environ.get("FHIR_BASE_URL") or "https://riskapp.invalid/fhir"
    TEMPLATES_AUTO_RELOAD = False

    # PDFs are rendered in worker processes with these limits (riskapp.reports.bounded).
    RENDER_TIMEOUT_SECONDS = _env_int("RENDER_TIMEOUT_SECONDS", 120)
    RENDER_MEMORY_MB = _env_int("RENDER_MEMORY_MB", 2048)
    RENDER_PROCESSES = _env_int("RENDER_PROCESSES", os.cpu_count() or 1)
    # Render workers run this much lower in processor priority (nice) than the web workers: a
    # summary being printed never slows anyone else's pages; under load it takes longer itself.
    RENDER_NICENESS = _env_int("RENDER_NICENESS", 10)
    # gunicorn.conf.py: each web worker starts one render process as it starts, so the first summary
    # is as quick as the next (riskapp.reports.bounded.warm_render_pool).
    RENDER_WARM_AT_START = _env_flag("RENDER_WARM_AT_START", True)
    # Panel packs run on RQ over this Redis (`flask --app riskapp render-worker` on any machine that
    # can reach it and the database); without it, in this process (riskapp.packs.queue).
    REDIS_URL = os.environ.get("REDIS_URL") or None
    PANEL_PACK_QUEUE = os.environ.get("PANEL_PACK_QUEUE", "riskapp-panel-packs")
    PANEL_PACK_MAX_YOUNG_PEOPLE = _env_int("PANEL_PACK_MAX_YOUNG_PEOPLE", 200)
    # "" chooses: rq with REDIS_URL, else in-process (a thread). "inline" runs a pack inside the
    # request that asks for it: the test suite's choice, since its data never leaves a transaction.
    PANEL_PACK_BACKEND = os.environ.get("PANEL_PACK_BACKEND", "")

    # Recorded audit events are linked into the hash chain by the sealer (riskapp.audit), which
    # each worker runs after a response, at most once per interval, up to AUDIT_SEAL_BATCH events
    # a time. Switched off, events wait for `flask --app riskapp audit seal`.
    AUDIT_SEALER_ENABLED = _env_flag("AUDIT_SEALER_ENABLED", True)
    AUDIT_SEAL_INTERVAL_SECONDS = _env_float("AUDIT_SEAL_INTERVAL_SECONDS", 0.5)
    AUDIT_SEAL_BATCH = _env_int("AUDIT_SEAL_BATCH", 500)


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    TEMPLATES_AUTO_RELOAD = True
    STRICT_READ_TRANSACTIONS = True


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-only-secret-key-not-for-use-anywhere-else"  # noqa: S105
    # Still argon2id at the ASVS 5 Appendix C minimum (t=2, m=19 MiB, p=1), to keep the suite quick.
    ARGON2_TIME_COST = 2
    ARGON2_MEMORY_COST_KIB = 19456
    ARGON2_PARALLELISM = 1
    PANEL_PACK_BACKEND = "inline"
    REDIS_URL = None
    STRICT_READ_TRANSACTIONS = True
    # Every test runs inside one transaction that is rolled back, so tests seal when they mean to
    # (riskapp.audit.seal_pending); tests/integration/test_audit_sealer.py switches this on.
    AUDIT_SEALER_ENABLED = False


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_NAME = "__Host-riskapp_session"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_SAMESITE = "Strict"
    SESSION_COOKIE_PATH = "/"
    HSTS = True
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def check(cls) -> None:
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL") if not os.environ.get(name)]
        if missing:
            raise RuntimeError(f"Production configuration needs these environment variables: {', '.join(missing)}")


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_from_environment() -> type[Config]:
    name = os.environ.get("RISKAPP_CONFIG", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"RISKAPP_CONFIG must be one of {', '.join(CONFIGS)}, not {name!r}") from None
