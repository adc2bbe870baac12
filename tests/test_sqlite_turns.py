"""Writers to one SQLite file take turns on its lock file (community.sqlite_turns)."""

from __future__ import annotations

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


def test_a_rollback_and_a_close_give_the_turn_up(database):
    first, second = connect(database), connect(database)
    begin_writing(first)
    first.rollback()
    begin_writing(second)  # would wait for ever if the rollback had kept the turn
    second.close()
    begin_writing(first)
    first.execute("INSERT INTO rows VALUES ('after')")
    first.commit()
    assert first.execute("SELECT count(*) FROM rows").fetchone()[0] == 1


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


def test_an_in_memory_database_has_no_lock_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    connection = connect(":memory:")
    begin_writing(connection)
    connection.commit()
    assert list(tmp_path.iterdir()) == []
