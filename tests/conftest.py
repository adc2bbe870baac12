"""Fixtures: one app and one migrated database per run; every test inside a rolled-back transaction."""

from __future__ import annotations

import re
from collections.abc import Iterator

import flask_migrate
import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy.orm import scoped_session, sessionmaker

from app import create_app
from community import fragments
from extensions import db, limiter
from petitions import workdays
from tests import databases, factories

TEST_CONFIG = {
    "TESTING": True,
    "LINLI_ENV": "test",
    "SECRET_KEY": "test-secret",
    # The cheapest argon2 parameters: tests hash many passwords.
    "PASSWORD_HASH": {"time_cost": 1, "memory_cost": 64, "parallelism": 1},
    "SCHEDULER_MODE": "off",
    "RATELIMIT_STORAGE_URI": "memory://",
}


@pytest.fixture(scope="session")
def database_urls() -> Iterator[dict[str, str]]:
    with databases.database_urls(("linli_test", "linli_browser", "linli_concurrency")) as urls:
        yield urls


@pytest.fixture(scope="session")
def app(database_urls: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_urls["linli_test"],
                      "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads"))})
    with app.app_context():
        flask_migrate.upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _transaction(request: pytest.FixtureRequest) -> Iterator[None]:
    """Run the test inside a transaction that is rolled back, whatever the code commits."""
    if "app" not in request.fixturenames:
        yield
        return
    app: Flask = request.getfixturevalue("app")
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        # A plain SQLAlchemy session: Flask-SQLAlchemy's own would pick the engine, not this connection.
        db.session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),
            scopefunc=_app_ctx_id,
        )
        limiter.reset()
        fragments.clear()  # pages kept by an earlier test show data its rollback took away
        workdays.forget_kept()  # so are calendar days
    # No context stays pushed: each test-client request gets its own, as in production.
    try:
        yield
    finally:
        with app.app_context():
            db.session.remove()
        db.session = original
        outer.rollback()
        connection.close()


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[None]:
    with app.test_request_context():
        yield


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


@pytest.fixture
def city(app: Flask) -> factories.City:
    """A small city: two communities, a department, and one account for every role."""
    with app.app_context():
        made = factories.make_city()
        db.session.commit()
    return made


CSRF_RE = re.compile(r'name="(?:[\w-]+-)?csrf_token" type="hidden" value="([^"]+)"'
                     r'|name="(?:[\w-]+-)?csrf_token" value="([^"]+)"')


def csrf_token(client: FlaskClient, page: str = "/") -> str:
    """The CSRF token a browser would have after opening `page`."""
    html = client.get(page).get_data(as_text=True)
    match = CSRF_RE.search(html)
    # A page with no form has no token: posting without one then fails where a token is required.
    return next((group for group in match.groups() if group), "") if match else ""


def submit(client: FlaskClient, page: str, data: dict | None = None, action: str | None = None,
           **kwargs):  # type: ignore[no-untyped-def]
    """Open `page` and post `data` with its CSRF token to `action` (default: the page itself)."""
    token = csrf_token(client, page)
    return client.post(action or page, data={"csrf_token": token, **(data or {})}, **kwargs)


class Auth:
    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, login_name: str, password: str = factories.PASSWORD, **extra):  # type: ignore[no-untyped-def]
        return submit(self.client, "/auth/login",
                      {"login_name": login_name, "password": password, **extra})

    def logout(self):  # type: ignore[no-untyped-def]
        return submit(self.client, "/", action="/auth/logout")


@pytest.fixture
def auth(client: FlaskClient) -> Auth:
    return Auth(client)
