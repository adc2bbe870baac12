"""Writers to one SQLite file take turns on its lock file (community.sqlite_turns)."""

from __future__ import annotations

import gc
import logging
import sqlite3
import threading
import time

import pytest

from community.sqlite_turns import TurnTakingConnection


def connect(path, timeout: float = 5.0) -> TurnTakingConnection:
    connection = sqlite3.connect(path, timeout=timeout, factory=TurnTakingConnection,
                                 isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    return connection


def begin_writing(connection: TurnTakingConnection) -> None:
    connection.take_turn()
    connection.execute("BEGIN IMMEDIATE")


@pytest.fixture()
def database(tmp_path):
    path = tmp_path / "turns.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE rows (writer TEXT)")
    return path


def test_a_second_writer_waits_for_the_first_to_commit_and_then_goes_on(database):
    first, second = connect(database), connect(database)
    begin_writing(first)
    first.execute("INSERT INTO rows VALUES ('first')")
    began = threading.Event()

    def write_second() -> None:
        begin_writing(second)
        began.set()
        second.execute("INSERT INTO rows VALUES ('second')")
        second.commit()

    writer = threading.Thread(target=write_second)
    writer.start()
    assert not began.wait(0.3)  # still waiting: the first has the turn
    first.commit()
    assert began.wait(5)
    writer.join(5)
    rows = [row[0] for row in first.execute("SELECT writer FROM rows ORDER BY rowid")]
    assert rows == ["first", "second"]
    assert (database.parent / "turns.sqlite3-writers").exists()


def takes_turn_in_another_thread(connection: TurnTakingConnection, within: float = 2.0) -> bool:
    """Whether `connection`, used by a thread of its own, begins writing within `within` seconds
    (it then commits, giving the turn up again)."""
    began = threading.Event()

    def write() -> None:
        begin_writing(connection)
        began.set()
        connection.commit()

    threading.Thread(target=write, daemon=True).start()
    return began.wait(within)


def test_a_commit_a_rollback_and_a_close_give_the_turn_up(database):
    first, second = connect(database), connect(database)
    begin_writing(first)
    assert not takes_turn_in_another_thread(connect(database), within=0.3)
    first.rollback()
    assert takes_turn_in_another_thread(second)
    begin_writing(first)
    first.commit()
    assert takes_turn_in_another_thread(connect(database))
    begin_writing(first)
    first.close()
    assert takes_turn_in_another_thread(connect(database))


def test_a_connection_dropped_without_closing_gives_the_turn_up(database):
    dropped = connect(database)
    begin_writing(dropped)
    del dropped
    gc.collect()
    assert takes_turn_in_another_thread(connect(database))
    again = connect(database)
    begin_writing(again)  # this thread takes a turn anew: it is not taken to have one still
    assert not takes_turn_in_another_thread(connect(database), within=0.3)
    again.commit()


def test_a_writer_waits_no_longer_than_the_busy_timeout(database):
    first, waiting = connect(database), connect(database, timeout=0.2)
    begin_writing(first)
    failed: list[Exception] = []

    def write() -> None:
        try:
            begin_writing(waiting)
        except sqlite3.OperationalError as error:
            failed.append(error)

    writer = threading.Thread(target=write)
    started = time.monotonic()
    writer.start()
    writer.join(5)
    assert 0.2 <= time.monotonic() - started < 2
    assert [str(error) for error in failed] == ["database is locked"]
    first.commit()
    assert takes_turn_in_another_thread(waiting)


def test_without_a_lock_file_to_open_writers_meet_sqlites_lock(database, caplog):
    caplog.set_level(logging.WARNING, logger="community.sqlite_turns")
    (database.parent / "turns.sqlite3-writers").mkdir()  # cannot be opened as the lock file
    first, second = connect(database), connect(database, timeout=0.2)
    begin_writing(first)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        begin_writing(second)
    first.execute("INSERT INTO rows VALUES ('first')")
    first.commit()
    begin_writing(second)
    second.commit()
    assert "cannot be opened" in caplog.text


def test_a_second_connection_of_the_same_thread_meets_sqlites_lock_instead_of_waiting_for_itself(database):
    first, second = connect(database), connect(database, timeout=0.2)
    begin_writing(first)
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        begin_writing(second)
    assert time.monotonic() - started < 5
    second.end_turn()  # as the app's begin hook does when BEGIN IMMEDIATE fails
    first.commit()
    begin_writing(second)
    second.commit()


@pytest.mark.parametrize("name", [":memory:", "file::memory:?cache=shared", "file:turns?mode=memory"])
def test_an_in_memory_database_has_no_lock_file(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    connection = sqlite3.connect(name, factory=TurnTakingConnection, uri=name.startswith("file:"))
    begin_writing(connection)
    connection.commit()
    assert list(tmp_path.iterdir()) == []


def test_in_the_app_a_writer_that_waited_out_the_busy_timeout_gets_the_database_error(app):
    """The test's own transaction has the turn; a writer of another thread waits, then fails with the
    error the routes take for a concurrent change."""
    from sqlalchemy import exc, text

    from extensions import db

    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite's writers only")
    failed: list[Exception] = []

    def write() -> None:
        with app.app_context(), db.engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            raw.execute("PRAGMA busy_timeout=100")
            try:
                connection.execute(text("SELECT 1"))
            except exc.OperationalError as error:
                failed.append(error)
            finally:
                raw.execute("PRAGMA busy_timeout=10000")

    writer = threading.Thread(target=write)
    writer.start()
    writer.join(5)
    assert [str(error.orig) for error in failed] == ["database is locked"]
