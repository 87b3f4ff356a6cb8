"""riskapp: a multi-agency CSE risk-assessment tool. ``create_app`` is the only entry point."""

import secrets
from pathlib import Path

from flask import Flask

import config as config_module
from riskapp.extensions import csrf, db, login_manager, migrate

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def create_app(test_config: dict | None = None) -> Flask:
    config_class = config_module.TestConfig if test_config is not None else config_module.config_from_environment()
    if config_class is config_module.ProductionConfig:
        config_module.ProductionConfig.check()

    app = Flask(__name__, instance_relative_config=True, static_folder="static")
    app.config.from_object(config_class)
    if test_config:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _fill_development_defaults(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)

    from riskapp.audit import register_sealer
    from riskapp.data import revisions  # noqa: F401 - the session events that move revisions on
    from riskapp.database import configure_engine, register_request_transaction
    from riskapp.errors import register_error_handlers
    from riskapp.fragments import register_fragment_cache
    from riskapp.security import register_security_headers
    from riskapp.templating import register_templating

    with app.app_context():
        configure_engine(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    from riskapp.catalogue.questionnaires import register_questionnaires

    register_questionnaires(app)
    register_templating(app)
    register_security_headers(app)
    register_request_transaction(app)
    register_sealer(app)
    register_error_handlers(app)
    register_fragment_cache(app)
    _register_blueprints(app)
    _register_cli(app)
    return app


def _fill_development_defaults(app: Flask) -> None:
    """The embedded default: a SQLite file in instance/, and a secret key generated once and kept
    there. Production never reaches this (it refuses to start without both)."""
    instance = Path(app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'riskapp.sqlite3'}"
    if not app.config.get("SECRET_KEY"):
        key_file = instance / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(48))
            key_file.chmod(0o600)
        app.config["SECRET_KEY"] = key_file.read_text().strip()


def _register_blueprints(app: Flask) -> None:
    from riskapp.admin import questionnaire_routes  # noqa: F401 - adds its routes to the admin blueprint
    from riskapp.admin.routes import bp as admin_bp
    from riskapp.audit_trail.routes import bp as audit_bp
    from riskapp.auth.routes import bp as auth_bp
    from riskapp.auth.routes import register_login_manager, register_password_change_gate
    from riskapp.chronology import correction_routes  # noqa: F401 - adds its routes to the chronology blueprint
    from riskapp.chronology.routes import bp as chronology_bp
    from riskapp.dashboard.routes import bp as dashboard_bp
    from riskapp.main.routes import bp as main_bp
    from riskapp.meetings.routes import bp as meetings_bp
    from riskapp.packs.routes import bp as packs_bp
    from riskapp.reports.routes import bp as reports_bp
    from riskapp.risk.routes import bp as risk_bp
    from riskapp.screenings.routes import bp as screenings_bp
    from riskapp.transfers.routes import bp as transfers_bp
    from riskapp.young_people.routes import bp as young_people_bp

    register_login_manager(app)
    register_password_change_gate(app)
    for blueprint in (
        main_bp,
        dashboard_bp,
        auth_bp,
        young_people_bp,
        screenings_bp,
        chronology_bp,
        risk_bp,
        reports_bp,
        meetings_bp,
        packs_bp,
        transfers_bp,
        audit_bp,
        admin_bp,
    ):
        app.register_blueprint(blueprint)


def _register_cli(app: Flask) -> None:
    from riskapp.cli import register_cli

    register_cli(app)
