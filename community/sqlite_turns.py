"""Writers to one SQLite file take turns on a lock file beside it.

SQLite lets one transaction write at a time; the others wait in its busy handler, which polls
with sleeps of 1, 2, 5, 10, 15 … ms. A filing holds the lock for about a millisecond, so a waiting
writer mostly sleeps after the lock is already free. Before an IMMEDIATE transaction begins, its
connection instead takes `<database>-writers` with `flock`, trying again every millisecond at most,
so that a writer goes on within a millisecond of the last one's commit or rollback (in no promised
order). It waits no longer than the connection's busy timeout, then fails as SQLite itself would
("database is locked"). Other programs writing to the file without the lock file (the sqlite3
shell) still work: they meet SQLite's own lock as before; so does the app when the lock file
cannot be opened.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
import threading
import time
import weakref
from typing import Any

log = logging.getLogger(__name__)
FIRST_PAUSE = 0.0001  # seconds between tries, doubled up to LONGEST_PAUSE
LONGEST_PAUSE = 0.001
_holders: set[int] = set()  # the threads that have a turn (through any connection)


class _LockFile:
    """The open lock file of one connection, and the thread that has the turn through it."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.owner: int | None = None

    def give_up(self) -> None:
        if self.owner is not None:
            _holders.discard(self.owner)
            self.owner = None
            fcntl.flock(self.fd, fcntl.LOCK_UN)

    def close(self) -> None:
        """Give the turn up and close the file (also when the connection is dropped unclosed)."""
        if self.fd >= 0:
            self.give_up()
            os.close(self.fd)
            self.fd = -1


class TurnTakingConnection(sqlite3.Connection):
    """A pysqlite connection whose IMMEDIATE transactions wait on the lock file (`take_turn`)."""

    def __init__(self, database: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        name = os.fspath(database) if isinstance(database, str | os.PathLike) else ""
        path = name.removeprefix("file:").split("?")[0]
        in_memory = path in ("", ":memory:") or "mode=memory" in name
        self._turns_path = None if in_memory else path + "-writers"
        self._lock_file: _LockFile | None = None

    def take_turn(self) -> None:
        """Wait for the writers before this one, for as long as the busy timeout. A thread that has a
        turn already (a second connection within one unit of work) does not wait for itself:
        SQLite's lock decides."""
        if threading.get_ident() in _holders:
            return
        lock_file = self._open_lock_file()
        if lock_file is None or lock_file.owner is not None:
            return
        deadline = None  # read only when another writer has the turn
        pause = FIRST_PAUSE
        while True:
            try:
                fcntl.flock(lock_file.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if deadline is None:
                    deadline = time.monotonic() + self.execute("PRAGMA busy_timeout").fetchone()[0] / 1000
                elif time.monotonic() >= deadline:
                    raise sqlite3.OperationalError("database is locked") from None
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)
        lock_file.owner = threading.get_ident()
        _holders.add(lock_file.owner)

    def _open_lock_file(self) -> _LockFile | None:
        if self._lock_file is not None or self._turns_path is None:
            return self._lock_file
        try:
            fd = os.open(self._turns_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            log.warning("SQLite writers wait in SQLite's busy handler: %s cannot be opened (%s)",
                        self._turns_path, error)
            self._turns_path = None
            return None
        self._lock_file = _LockFile(fd)
        weakref.finalize(self, self._lock_file.close)
        return self._lock_file

    def end_turn(self) -> None:
        if self._lock_file is not None:
            self._lock_file.give_up()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.end_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.end_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self._lock_file is not None:
                self._lock_file.close()
                self._lock_file = None
