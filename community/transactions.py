"""Keeping SQLite's write lock short: a request that reads a lot before it writes.

A request that may write begins its transaction IMMEDIATE on SQLite (app.configure_sqlite), so
it holds the database's single write lock from its first query (loading the signed-in user) to
its commit. A view marked `reads_first` begins with a plain read transaction instead and calls
`start_writing()` once its checks are done: the read transaction ends and the next statement
begins an IMMEDIATE one, so that other writers wait only for the writes. On PostgreSQL nothing
changes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g

from extensions import db


def reads_first(view: Callable[..., Any]) -> Callable[..., Any]:
    """Put it above `login_required`, so that loading the user is among the reads."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        g.reads_first = True
        return view(*args, **kwargs)

    return wrapped


def reading_first() -> bool:
    return bool(g.get("reads_first"))


def start_writing() -> None:
    """End the read transaction (keeping the loaded objects); the next statement may write."""
    if not reading_first():
        return
    g.reads_first = False
    if db.engine.dialect.name != "sqlite":
        return
    session = db.session()
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("start_writing() before any change: the reads' transaction must end empty")
    expire = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire
