"""Rendered pages of the busiest lists, kept in each process until the data they show changes.

A page is rendered once and kept under its key (the template, the user, the path with its query,
the language) and the versions of the *topics* it reads: "cases", "elders", "ideas".
Every transaction that writes a row of a topic's tables, or runs an UPDATE, INSERT or DELETE on one
through the session, raises that topic's version in `data_versions` as it commits; the next request
of any process reads the new version and renders the page anew. A page is therefore never older than
the last commit its request can see, whichever process or server made it, and no cache server is
needed; with one (`community.kept_store`, Redis), a page rendered by any process serves them all.
A hit costs one indexed read of the versions instead of the page's queries and rows.

A page's own blocks are kept, and the whole page with the layout around them for each unread count
and text size it was served with; a request with messages to show renders the layout anew. The
request's CSRF token is kept as a placeholder, replaced by each session's own token when served.
A page that changes with the clock (a deadline turning red, an elder becoming overdue) is kept for
the current minute only (`per_minute`).
"""

from __future__ import annotations

import functools
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from cachetools import LRUCache
from flask import current_app, render_template, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import bindparam, event, func, insert, inspect, null, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapper, ORMExecuteState, Session

from community import kept_store, notifications
from community.models import DataVersion
from community.timeutil import utcnow

# The blocks of a page template that are kept; base.html renders everything else.
BLOCKS = ("title", "head", "content", "scripts")
SHELL = "_kept_page.html"
TOKEN_SLOT = "\x00csrf-token\x00"
Key = tuple[Any, ...]
MAX_LAYOUTS = 4  # whole pages kept per page (unread counts, text sizes); more start the set again
SESSION_KEY = "linli_written_topics"

# Topics and the model packages whose tables they read ("cases": "petitions.models", …).
_packages: dict[str, tuple[str, ...]] = {}
# Topics of a few tables only ("calendar": the administrator's calendar days), for a cache of them.
_tables: dict[str, tuple[str, ...]] = {}
# Tables every page may show (names, places, roles): writing them raises every topic.
SHARED_PACKAGES = ("community.models.accounts", "community.models.places", "community.models.teams")
# Columns written for bookkeeping only, shown by no kept page: writing them alone raises nothing.
IGNORED_COLUMNS = {"users": {"last_login_at"}}
_resolved: dict[str, frozenset[str]] | None = None  # table name -> topics, once worked out
_lock = threading.Lock()


def track(topic: str, *packages: str) -> None:
    """Writing a model of `packages` (module names, as "petitions.models") raises `topic`'s version."""
    global _resolved
    _packages[topic] = tuple(packages)
    _resolved = None


def track_tables(topic: str, *tables: str) -> None:
    """Writing one of `tables` (their names) raises `topic`'s version: a topic narrower than a
    package's, for what changes rarely and is read on a hot path (see `version_of`)."""
    global _resolved
    _tables[topic] = tuple(tables)
    _resolved = None


def written_here(topic: str) -> bool:
    """Whether this request's transaction wrote the topic's tables (what it flushed so far, since its
    last commit: a savepoint's release counts as one, and has raised the version already)."""
    from extensions import db

    return topic in db.session.info.get(SESSION_KEY, ())


def version_of(topic: str) -> Any:
    """A scalar subquery of the topic's version (NULL for one never written), to read it in a
    statement that reads something else already."""
    return select(DataVersion.version).where(DataVersion.topic == topic).scalar_subquery()


@event.listens_for(Mapper, "mapper_configured")
def _forget_topics_of_tables(_mapper: Mapper, _class: type) -> None:
    """A model configured (before its first use): the tables' topics are worked out again."""
    global _resolved
    _resolved = None


def _topics_of_tables() -> dict[str, frozenset[str]]:
    """Table name -> topics, worked out once the models in use are known."""
    global _resolved
    from extensions import db

    if _resolved is not None:
        return _resolved
    found: dict[str, set[str]] = {}
    for mapper in db.Model.registry.mappers:
        module, table = mapper.class_.__module__, getattr(mapper.local_table, "name", None)
        for topic, packages in _packages.items():
            if module.startswith(SHARED_PACKAGES) or module.startswith(packages):
                found.setdefault(table, set()).add(topic)
    for topic, tables in _tables.items():
        for table in tables:
            found.setdefault(table, set()).add(topic)
    _resolved = {table: frozenset(topics) for table, topics in found.items()}
    return _resolved


def _table(obj: Any) -> str:
    return getattr(obj, "__tablename__", "")


def _written(obj: Any, table: str) -> bool:
    ignored = IGNORED_COLUMNS.get(table)
    if not ignored:
        return True
    state = inspect(obj)
    return state.deleted or any(attr.history.has_changes() for attr in state.attrs if attr.key not in ignored)


def _note(session: Session, tables: Iterable[str]) -> None:
    topics = _topics_of_tables()
    found = set().union(*(topics.get(table, ()) for table in tables))
    if found:
        session.info.setdefault(SESSION_KEY, set()).update(found)


@event.listens_for(Session, "after_flush")
def _note_flushed(session: Session, _context: Any) -> None:
    tables = {_table(obj) for obj in chain(session.new, session.deleted)}
    tables.update(_table(obj) for obj in session.dirty if _written(obj, _table(obj)))
    _note(session, tables)


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        _note(state.session, [getattr(table, "name", "")])


_VERSIONS = DataVersion.__table__
# A Core statement on the table, built once: every commit that wrote something runs it.
_RAISE_VERSION = update(_VERSIONS).where(_VERSIONS.c.topic == bindparam("of_topic"))


@event.listens_for(Session, "before_commit")
def _raise_versions(session: Session) -> None:
    session.flush()  # the commit's own flush comes after this hook: its writes count too
    topics = session.info.pop(SESSION_KEY, None)
    if not topics:
        return
    for topic in sorted(topics):  # one order in every transaction: no deadlock between two writers
        # A new random version, not the next number: a database restored or rolled back to an earlier
        # state never gives back a version that kept pages were stored under.
        values = {"of_topic": topic, "version": secrets.randbelow(2**62) + 1}
        if session.execute(_RAISE_VERSION, values).rowcount == 0:
            try:
                with session.begin_nested():
                    session.execute(insert(_VERSIONS).values(topic=topic, version=values["version"]))
            except IntegrityError:  # another transaction made the row first
                session.execute(_RAISE_VERSION, values)


@event.listens_for(Session, "after_transaction_end")
def _forget_writes(session: Session, transaction: Any) -> None:
    """A rolled-back transaction raises nothing. Only the outermost one counts: a savepoint rolled back
    (a lost race for a unique row) leaves the writes before it to be committed."""
    if transaction.parent is None:
        session.info.pop(SESSION_KEY, None)


def versions(topics: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """The topics' versions (0 for one never written). For a signed-in user whose unread count this
    request has not read yet, the count is read in the same statement and kept for the navigation."""
    from extensions import db

    wanted = tuple(sorted(set(topics)))
    with_unread = current_user.is_authenticated and not notifications.unread_known()
    statement = _versions_statement(wanted, with_unread)
    rows = db.session.execute(statement, {"user_id": current_user.id} if with_unread else {}).all()
    found = dict(rows)
    if with_unread:
        notifications.remember_unread(found.pop(None, 0))
    return tuple((topic, found.get(topic, 0)) for topic in wanted)


@functools.cache
def _versions_statement(topics: tuple[str, ...], with_unread: bool) -> Any:
    statement = select(DataVersion.topic, DataVersion.version).where(DataVersion.topic.in_(topics))
    if not with_unread:
        return statement
    # The unread count's row has no topic (a topic is never NULL: it is the table's key).
    unread = notifications.UNREAD_COUNT.with_only_columns(null(), func.count())
    return statement.union_all(unread)


def _kept() -> LRUCache:
    """This app's kept pages (per process; KEPT_PAGES of them, the least recently served dropped)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    kept = app.extensions.get("linli_kept_pages")
    if kept is None:
        with _lock:
            kept = app.extensions.setdefault("linli_kept_pages",
                                             LRUCache(maxsize=app.config["KEPT_PAGES"]))
    return kept


def clear() -> None:
    """Forget this app's kept pages."""
    kept = _kept()
    with _lock:
        kept.clear()


def _render_blocks(template_name: str, context: dict[str, Any]) -> dict[str, Markup]:
    """The page's own blocks as they render in the whole page (its imports and macros at hand)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    template = app.jinja_env.get_or_select_template(template_name)
    context = dict(context)
    app.update_template_context(context)
    token = generate_csrf()  # the request's token, in forms and csrf_token() alike: kept as a placeholder
    jinja_context = template.new_context(context)
    rendered: dict[str, Markup] = {}

    def capture(name: str, block: Callable[[Any], Iterator[str]]) -> Callable[[Any], Iterator[str]]:
        def render(block_context: Any) -> Iterator[str]:
            text = "".join(block(block_context))
            rendered[name] = Markup(text.replace(token, TOKEN_SLOT))
            yield text
        return render

    for name in BLOCKS:
        if name in jinja_context.blocks:
            jinja_context.blocks[name][0] = capture(name, jinja_context.blocks[name][0])
    "".join(template.root_render_func(jinja_context))
    return rendered


@dataclass
class _Kept:
    """One kept page: its own blocks, and the whole page in the layouts it was served in."""

    parts: dict[str, Markup] | None  # None when only whole pages came from the shared store
    pages: dict[Key, str] = field(default_factory=dict)


def _layout_key() -> Key | None:
    """What the layout around a page shows beyond its key (the unread count, large text); None when
    it shows messages, which are this request's only."""
    if session.get("_flashes"):
        return None
    unread = notifications.unread_for_request() if current_user.is_authenticated else 0
    return unread, bool(session.get("large_text", False))


def render_kept(template_name: str, topics: Iterable[str], context: Callable[[], dict[str, Any]],
                key: Iterable[Any] = (), per_minute: bool = False) -> str:
    """`render_template(template_name, **context())`, from the kept page while `topics` are unchanged.

    `context` runs only when the page is rendered anew. The route checks who may see the page before
    calling this; `key` adds what else the page depends on beyond the user, the path and the language.
    The whole page is kept too, layout included, for each unread count and text size it was served
    with; a page with messages to show renders its layout anew around the kept blocks.
    """
    topics = tuple(topics)
    if not current_app.config["KEEP_RENDERED_PAGES"]:
        return render_template(template_name, **context())
    cache_key = (template_name, current_user.get_id(), request.full_path, str(get_locale()), *key,
                 versions(topics), utcnow().replace(second=0, microsecond=0) if per_minute else None)
    layout = _layout_key()
    token = generate_csrf()
    shared = kept_store.shared_pages()
    entry, page = _kept_entry(cache_key, layout, shared)
    if page is not None:
        return page.replace(TOKEN_SLOT, token)
    if entry is None or entry.parts is None:
        parts = shared.get(cache_key) if shared else None
        if parts is None:
            parts = _render_blocks(template_name, context())
            if shared:
                shared.put(cache_key, parts)
        entry = _keep(cache_key, parts)
    shown = {name: Markup(part.replace(TOKEN_SLOT, token)) if TOKEN_SLOT in part else part
             for name, part in entry.parts.items()}
    page = render_template(SHELL, kept=shown)
    if layout is not None:
        stored = page.replace(token, TOKEN_SLOT)
        _keep_page(entry, layout, stored)
        if shared:
            shared.put((cache_key, layout), {"page": stored})
    return page


def _kept_entry(cache_key: Key, layout: Key | None,
                shared: kept_store.SharedPages | None) -> tuple[_Kept | None, str | None]:
    """This process's kept page and its whole page in this layout; else, from the shared store, the
    whole page as this layout shows it."""
    kept = _kept()
    with _lock:
        entry = kept.get(cache_key)
        page = entry.pages.get(layout) if entry is not None and layout is not None else None
    if entry is not None or layout is None or shared is None:
        return entry, page
    stored = shared.get((cache_key, layout))
    if stored is None or "page" not in stored:
        return None, None
    page = str(stored["page"])
    entry = _keep(cache_key, None)
    _keep_page(entry, layout, page)
    return entry, page


def _keep(cache_key: Key, parts: dict[str, Markup] | None) -> _Kept:
    kept = _kept()
    with _lock:
        entry = kept.get(cache_key)
        if entry is None:
            entry = kept[cache_key] = _Kept(parts)
        elif entry.parts is None:
            entry.parts = parts
    return entry


def _keep_page(entry: _Kept, layout: Key, page: str) -> None:
    with _lock:
        if len(entry.pages) >= MAX_LAYOUTS:
            entry.pages.clear()
        entry.pages[layout] = page
