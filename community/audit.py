"""The audit log: a record of who did what to which object."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select

from community.models import AuditEntry, User
from extensions import db


def record(actor: User | None, action: str, obj: Any = None, **detail: Any) -> AuditEntry:
    """Add an audit entry to the session; it is saved with the request's commit.

    `obj` is a model instance (its class name and id are kept) or None.
    """
    entry = AuditEntry(
        actor_id=actor.id if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=getattr(obj, "id", None),
        detail={k: v for k, v in detail.items() if v is not None},
    )
    db.session.add(entry)
    return entry


def write_entry(actor: User | None, action: str, object_type: str, object_id: int | None,
                **detail: Any) -> None:
    """An entry written at once with one INSERT, for a hot path that writes without the ORM's unit of
    work (filing a case)."""
    db.session.execute(_INSERT_ENTRY, {
        "actor_id": actor.id if actor is not None and actor.is_authenticated else None,
        "action": action, "object_type": object_type, "object_id": object_id,
        "detail": {k: v for k, v in detail.items() if v is not None},
    })


_INSERT_ENTRY = insert(AuditEntry.__table__)


def entries_query(action: str | None = None, object_type: str | None = None):
    """The newest entries first, optionally narrowed to one action or object type."""
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if action:
        query = query.where(AuditEntry.action == action)
    if object_type:
        query = query.where(AuditEntry.object_type == object_type)
    return query
