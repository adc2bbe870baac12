"""Portals as real processes: a database prepared in this process, then gunicorn on a loopback port.

Used by the Open311 tests that need two systems talking HTTP (a hub and a community) or a
third-party client that opens its own connections.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa

from tests import databases

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
CSRF_RE = re.compile(r'name="((?:[\w-]+-)?csrf_token)" (?:type="hidden" )?value="([^"]+)"')


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def database_url(database_urls: dict[str, str], name: str, folder: Path) -> str:
    """A fresh database named `name` of the kind the run uses (the run's PostgreSQL server, or a file)."""
    if databases.selected() == "postgresql":
        server = sa.make_url(database_urls["linli_test"]).set(database="postgres")
        return databases.fresh_postgres_database(server.render_as_string(hide_password=False), name)
    return f"sqlite:///{folder / (name + '.sqlite3')}"


def prepare(url: str, seed: Callable[[], Any]) -> Any:
    """Migrate an empty database and run `seed` in an app bound to it; what `seed` returns."""
    import flask_migrate

    from app import create_app
    from extensions import db

    app = create_app(
        {
            "TESTING": True,
            "LINLI_ENV": "test",
            "SECRET_KEY": "seed",
            "SQLALCHEMY_DATABASE_URI": url,
            "PASSWORD_HASH": {"time_cost": 1, "memory_cost": 64, "parallelism": 1},
            "SCHEDULER_MODE": "off",
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
        result = seed()
        db.session.commit()
        db.engine.dispose()
    return result


@dataclass
class Portal:
    """One Linli deployment: its database, its port, and its gunicorn while it runs."""

    name: str
    database_url: str
    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LINLI_TEST", "TEST_DATABASE"))}
        env.update(
            {
                "DATABASE_URL": self.database_url,
                "SECRET_KEY": secrets.token_hex(16),
                "LINLI_ENV": "development",
                "SCHEDULER_MODE": "off",
                "LOGIN_RATE_LIMIT": "1000 per minute",
                "HUB_NAME": f"{self.name} hub",
                "UPLOAD_FOLDER": str(self.folder / f"{self.name}-uploads"),
            }
        )
        return env

    def start(self) -> None:
        with open(self.folder / f"{self.name}.log", "ab") as log:  # the child keeps its own descriptor
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--workers",
                    "2",
                    "--bind",
                    f"{HOST}:{self.port}",
                    "--graceful-timeout",
                    "2",
                    "app:create_app()",
                ],
                cwd=ROOT,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.RequestException):
                if requests.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} did not start: see {self.folder / (self.name + '.log')}")

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None

    def flask(self, *args: str) -> str:
        """Run `flask --app app ARGS` against this portal's database; its output."""
        done = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "app", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    @contextlib.contextmanager
    def connect(self) -> Iterator[sa.Connection]:
        """A connection to this portal's database, in a transaction committed at the end."""
        from config import normalise_database_url

        engine = sa.create_engine(normalise_database_url(self.database_url))
        try:
            with engine.begin() as conn:
                yield conn
        finally:
            engine.dispose()

    def browser(self) -> WebUser:
        return WebUser(self.url)


@contextlib.contextmanager
def running(*portals: Portal) -> Iterator[None]:
    try:
        for portal in portals:
            portal.start()
        yield
    finally:
        for portal in portals:
            portal.stop()


class WebUser:
    """A person at a browser: a session with cookies, posting forms with their CSRF tokens."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = requests.Session()
        self.http.headers["Accept-Language"] = "en"

    def get(self, path: str) -> requests.Response:
        return self.http.get(self.base + path, timeout=30)

    def token(self, page: str, prefix: str = "") -> str:
        for name, value in CSRF_RE.findall(self.get(page).text):
            if name == f"{prefix}csrf_token":
                return value
        raise AssertionError(f"no {prefix}csrf_token on {page}")

    def post(
        self,
        page: str,
        data: dict[str, Any],
        action: str | None = None,
        prefix: str = "",
        token: str | None = None,
    ) -> requests.Response:
        data = {f"{prefix}csrf_token": token or self.token(page, prefix), **data}
        return self.http.post(self.base + (action or page), data=data, timeout=60, allow_redirects=False)

    def login(self, login_name: str, password: str) -> None:
        answer = self.post("/auth/login", {"login_name": login_name, "password": password})
        assert answer.status_code == 302, answer.text[:500]
