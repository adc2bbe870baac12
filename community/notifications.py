"""In-app notifications: features call `notify`; the header shows the unread count."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import request
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import Insert, Select, bindparam, func, insert, literal, select, union_all, update

from community.models import Notification, User
from community.timeutil import utcnow
from extensions import db

# Each kind's text, translated when shown so that every reader sees their own language.
MESSAGES: dict[str, LazyString] = {
    "welcome": _l("Welcome to Linli, %(name)s."),
    "team_join_requested": _l("%(name)s asks to join your team %(team)s."),
    "team_join_approved": _l("You are now a member of %(team)s."),
    "team_join_declined": _l("Your request to join %(team)s was declined."),
    "role_granted": _l("You were given a new role: %(role)s."),
    "password_changed": _l("Your password was changed."),
}


# Parameters stored as codes and shown as words in the reader's language ("role": "secretary").
PARAM_LABELS: dict[str, Callable[[str], str]] = {}


def register_message(kind: str, text: LazyString) -> None:
    """Let another feature add its kinds of notification."""
    MESSAGES[kind] = text


def register_param_label(name: str, label: Callable[[str], str]) -> None:
    PARAM_LABELS[name] = label


def notify(user: User | int, kind: str, link: str | None = None, **params: Any) -> Notification:
    if kind not in MESSAGES:
        raise KeyError(f"unknown notification kind {kind!r}")
    user_id = user if isinstance(user, int) else user.id
    note = Notification(user_id=user_id, kind=kind, params=params, link=link)
    db.session.add(note)
    return note


def notify_many(user_ids: list[int], kind: str, link: str | None = None, **params: Any) -> None:
    """The same notification to several people, in one INSERT."""
    notify_each({kind: user_ids}, link, **params)


def notify_each(people_by_kind: dict[str, list[int]], link: str | None = None, **params: Any) -> None:
    """Notifications of several kinds, each to its people, with one link and parameters: one INSERT.

    Without flushing the session first: a job telling people about thousands of cases would
    otherwise flush (and look through) every loaded case once per case.
    """
    unknown = [kind for kind in people_by_kind if kind not in MESSAGES]
    if unknown:
        raise KeyError(f"unknown notification kind {unknown[0]!r}")
    rows = [{"user_id": user_id, "kind": kind, "params": params, "link": link}
            for kind, user_ids in people_by_kind.items() for user_id in user_ids]
    if rows:
        with db.session.no_autoflush:  # on the table, not the ORM's bulk insert: no objects are made
            db.session.execute(insert(Notification.__table__), rows)


def selected_notices(people_by_kind: dict[str, Select]) -> Insert:
    """An INSERT of notifications whose people are selected by the statement itself: for each kind,
    a query of the user ids to tell (each user once). Built once by the caller, run with
    `send_selected` (one statement, no ids read first: for a hot path such as filing a case)."""
    unknown = [kind for kind in people_by_kind if kind not in MESSAGES]
    if unknown:
        raise KeyError(f"unknown notification kind {unknown[0]!r}")
    columns = _TABLE.c
    rows = [people.add_columns(literal(kind, columns.kind.type),
                               bindparam("notice_params", type_=columns.params.type),
                               bindparam("notice_link", type_=columns.link.type),
                               bindparam("notice_at", type_=columns.created_at.type))
            for kind, people in people_by_kind.items()]
    source = rows[0] if len(rows) == 1 else union_all(*rows)
    return insert(_TABLE).from_select(("user_id", "kind", "params", "link", "created_at"), source)


def send_selected(statement: Insert, values: dict[str, Any], link: str | None = None, **params: Any) -> None:
    """Run a `selected_notices` statement: `values` for its queries' own parameters."""
    with db.session.no_autoflush:
        db.session.execute(statement, {**values, "notice_params": params, "notice_link": link,
                                       "notice_at": utcnow()})


_TABLE = Notification.__table__


def message_of(note: Notification) -> str:
    template = MESSAGES.get(note.kind)
    if template is None:
        return note.kind
    params = {key: PARAM_LABELS[key](value) if key in PARAM_LABELS else value
              for key, value in note.params.items()}
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)


# The unread count of a user (bound as `user_id`), built once.
UNREAD_COUNT = (select(func.count()).select_from(Notification)
                .where(Notification.user_id == bindparam("user_id"), Notification.read_at.is_(None)))
_REQUEST_KEY = "linli.unread_count"


def unread_count(user_id: int) -> int:
    return db.session.scalar(UNREAD_COUNT, {"user_id": user_id}) or 0


def unread_for_request() -> int:
    """The signed-in user's unread count shown in this request's navigation, read once (kept with the
    request itself: `g` may outlive it, when an app context was pushed before the request)."""
    known = request.environ
    if _REQUEST_KEY not in known:
        known[_REQUEST_KEY] = unread_count(current_user.id)
    return known[_REQUEST_KEY]


def unread_known() -> bool:
    return _REQUEST_KEY in request.environ


def remember_unread(count: int) -> None:
    """This request's unread count, read by a caller together with something else."""
    request.environ[_REQUEST_KEY] = int(count or 0)


def notifications_query(user_id: int):
    return (select(Notification).where(Notification.user_id == user_id)
            .order_by(Notification.created_at.desc(), Notification.id.desc()))


def mark_all_read(user_id: int) -> int:
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount or 0


def mark_read(note: Notification) -> None:
    if note.read_at is None:
        note.read_at = utcnow()
