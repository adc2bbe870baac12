"""The Linli application factory.

`flask --app app run` serves it; `create_app(config)` builds it for tests and tools.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.routing import IntegerConverter, Map

import config as config_module
from community.dbtypes import MAX_ID
from community.formtranslations import AppRequest
from community.sqlite_turns import TurnTakingConnection
from extensions import babel, csrf, db, limiter, login_manager, migrate

__version__ = "0.1.0"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.request_class = AppRequest  # WTForms' catalogue parsed once per language, not per request
    app.json.ensure_ascii = False  # JSON is UTF-8: Chinese messages as text, not \u escapes
    app.config.from_object(config_module.Config)
    app.config.update(config_module.from_env())
    if config:
        app.config.update(config)
    app.config["VERSION"] = __version__
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
            app.instance_path, "linli.sqlite3"
        )
    app.config.setdefault("UPLOAD_FOLDER", None)
    if not app.config["UPLOAD_FOLDER"]:
        app.config["UPLOAD_FOLDER"] = os.path.join(app.instance_path, "uploads")
    check_secret_key(app)

    register_extensions(app)
    app.url_map.converters["int"] = IdConverter  # before the blueprints' rules are bound to it
    register_blueprints(app)
    register_template_helpers(app)
    register_errorhandlers(app)
    register_cli(app)
    register_scheduler(app)
    return app


def check_secret_key(app: Flask) -> None:
    """Outside development and tests a real SECRET_KEY must be set."""
    environment = app.config.get("LINLI_ENV", "production")
    if environment in {"development", "test"} or app.testing:
        return
    if app.config["SECRET_KEY"] == config_module.DEV_SECRET_KEY:
        raise RuntimeError(
            "Set SECRET_KEY (for example `export SECRET_KEY=$(python -c "
            "'import secrets; print(secrets.token_hex(32))')`), or LINLI_ENV=development."
        )


def register_extensions(app: Flask) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
        options["connect_args"] = {**options.get("connect_args", {}), "factory": TurnTakingConnection}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(app.root_path, "migrations"),
                     render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale)

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user)
    login_manager.login_message = _l("Please sign in to see this page.")

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine)


def configure_sqlite(engine: Engine) -> None:
    """WAL (readers never wait for the writer), enforced foreign keys, and real transactions.

    pysqlite starts transactions lazily and not at all for SAVEPOINTs; taking over
    BEGIN lets SQLAlchemy's savepoints (and the tests' rollback) work as documented.
    A transaction that may write (a POST, a job, a command) begins IMMEDIATE: it
    waits for the write lock up front, instead of reading first and then failing
    with "database is locked" when another writer committed in between.
    """

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, connection_record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):  # type: ignore[no-untyped-def]
        if not may_write():
            connection.exec_driver_sql("BEGIN")
            return
        dbapi_connection = connection.connection.dbapi_connection
        if isinstance(dbapi_connection, TurnTakingConnection):
            try:
                dbapi_connection.take_turn()
            except sqlite3.OperationalError as error:  # the busy timeout passed: as SQLite's own lock fails
                raise OperationalError("BEGIN IMMEDIATE", None, error) from error
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            if isinstance(dbapi_connection, TurnTakingConnection):
                dbapi_connection.end_turn()
            raise


def may_write() -> bool:
    if has_request_context():
        from community.transactions import reading_first

        return request.method not in {"GET", "HEAD", "OPTIONS"} and not reading_first()
    return True


def load_user(user_id: str):  # type: ignore[no-untyped-def]
    """Flask-Login's loader: the id is `<user id>:<session token>`."""
    from community.models.accounts import user_with_grants

    ident, _, token = user_id.partition(":")
    if not ident.isdigit():
        return None
    user = db.session.execute(user_with_grants(), {"user_id": int(ident)}).unique().scalar_one_or_none()
    if user is None or user.session_token != token:
        return None
    return user


def select_locale() -> str:
    """The user's saved choice, then the session's, then the browser's; Chinese by default."""
    languages = tuple(current_app.config["LANGUAGES"])
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("lang") in languages:
        return session["lang"]
    return request.accept_languages.best_match(languages) or languages[0]


class IdConverter(IntegerConverter):
    """`<int:...>` no larger than an id column holds (INTEGER, 32 bits on PostgreSQL, which casts the
    parameter to it): a larger number in an address matches no route (404) instead of failing the
    query, on PostgreSQL as on SQLite (64 bits)."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = MAX_ID, signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def register_blueprints(app: Flask) -> None:
    from community import admin_bp, auth_bp
    from community import bp as community_bp
    from community.health import bp as health_bp
    from events import bp as events_bp
    from petitions import bp as petitions_bp
    from petitions.open311 import api_bp as open311_api_bp
    from petitions.open311 import pages_bp as open311_pages_bp
    from volunteers import bp as volunteers_bp

    app.register_blueprint(community_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(petitions_bp)
    app.register_blueprint(volunteers_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(open311_api_bp)
    app.register_blueprint(open311_pages_bp)
    csrf.exempt(open311_api_bp)  # form posts from other systems, authenticated by their api_key
    csrf.exempt(health_bp)
    limiter.exempt(health_bp)


def register_template_helpers(app: Flask) -> None:
    from community import notifications
    from community.labels import CATEGORY_LABELS, MEMBERSHIP_LABELS, ROLE_LABELS
    from community.routes import return_path
    from community.templating import localtime

    app.jinja_env.filters["localtime"] = localtime
    app.jinja_env.globals["return_path"] = return_path

    @app.context_processor
    def inject_common() -> dict[str, Any]:
        unread = 0
        if current_user.is_authenticated:
            try:
                unread = notifications.unread_for_request()
            except SQLAlchemyError:  # an error page must render even when the database fails
                db.session.rollback()
        return {
            "current_locale": str(get_locale()),
            "large_text": session.get("large_text", False),
            "unread_count": unread,
            "ROLE_LABELS": ROLE_LABELS,
            "CATEGORY_LABELS": CATEGORY_LABELS,
            "MEMBERSHIP_LABELS": MEMBERSHIP_LABELS,
        }


def register_errorhandlers(app: Flask) -> None:
    from community.errorpages import register

    register(app)


def register_cli(app: Flask) -> None:
    from demo_data import demo_data_command
    from petitions.hotspots.cli import hotspots_command
    from petitions.open311.cli import open311_command
    from scheduling import scheduler_command

    app.cli.add_command(demo_data_command)
    app.cli.add_command(scheduler_command)
    app.cli.add_command(open311_command)
    app.cli.add_command(hotspots_command)


def register_scheduler(app: Flask) -> None:
    from scheduling import start_embedded

    if app.config["SCHEDULER_MODE"] == "embedded":
        start_embedded(app)
