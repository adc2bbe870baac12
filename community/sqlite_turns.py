"""Writers to one SQLite file take turns on a lock file beside it.

SQLite lets one transaction write at a time; the others wait in its busy handler, which polls
with sleeps of 1, 2, 5, 10, 15 … ms. A filing holds the lock for about a millisecond, so a waiting
writer mostly sleeps after the lock is already free. Before an IMMEDIATE transaction begins, its
connection instead takes `<database>-writers` with `flock`, and the kernel wakes the next writer
the moment the last one commits or rolls back. Other programs writing to the file without the lock
file (the sqlite3 shell) still work: they meet SQLite's own lock as before.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from typing import Any

_held = threading.local()  # whether this thread already has the turn, through another connection


class TurnTakingConnection(sqlite3.Connection):
    """A pysqlite connection whose IMMEDIATE transactions wait on the lock file (`take_turn`)."""

    def __init__(self, database: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        name = os.fspath(database) if isinstance(database, str | os.PathLike) else ""
        in_memory = not name or name == ":memory:" or "mode=memory" in name
        self._turns_path = None if in_memory else name.removeprefix("file:").split("?")[0] + "-writers"
        self._turns_fd: int | None = None
        self._has_turn = False

    def take_turn(self) -> None:
        """Wait for the writers before this one. A thread that has the turn already (a second
        connection within one unit of work) does not wait for itself: SQLite's lock decides."""
        if self._turns_path is None or self._has_turn or getattr(_held, "turn", False):
            return
        if self._turns_fd is None:
            self._turns_fd = os.open(self._turns_path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._turns_fd, fcntl.LOCK_EX)
        self._has_turn = _held.turn = True

    def end_turn(self) -> None:
        if self._has_turn:
            self._has_turn = _held.turn = False
            fcntl.flock(self._turns_fd, fcntl.LOCK_UN)

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
            self.end_turn()
            if self._turns_fd is not None:
                os.close(self._turns_fd)
                self._turns_fd = None
