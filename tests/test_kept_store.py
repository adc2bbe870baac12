"""Kept pages shared through Redis (community.kept_store): a page rendered by one process serves the
others until its data changes, and a store that does not answer changes nothing the user sees."""

from __future__ import annotations

import socket
import uuid

import jinja2
import pytest
from sqlalchemy import update

from community import fragments, kept_store, notifications
from extensions import db
from petitions.models import Case, CaseStatus
from tests import petition_factories as pf

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def shared(app, monkeypatch):  # type: ignore[no-untyped-def]
    """The app with a shared store of its own (a prefix no other test uses)."""
    if not redis_answers():
        pytest.skip("no Redis on 127.0.0.1:6379")
    monkeypatch.setitem(app.config, "KEPT_PAGES_REDIS_URL", REDIS_URL)
    monkeypatch.setitem(app.config, "KEPT_PAGES_PREFIX", f"linli-test:{uuid.uuid4().hex}:")
    app.extensions.pop("linli_shared_pages", None)
    yield app
    store = app.extensions.pop("linli_shared_pages", None)
    if store is not None:
        for name in store.client.scan_iter(store.prefix + "*"):
            store.client.delete(name)


@pytest.fixture
def hub(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        made = pf.make_hub()
        pf.case_in(made, CaseStatus.ASSIGNED)
        db.session.commit()
        yield made


def change_titles_unseen() -> None:
    """A change the versions do not see (as raw SQL would be): only a kept page shows the old title."""
    db.session.execute(update(Case).execution_options(synchronize_session=False).values(title="改过的标题"))
    db.session.info.clear()
    db.session.commit()


def test_a_page_rendered_by_one_process_is_served_by_another(shared, hub, client, auth):
    auth.login(hub.handler.email)
    first = client.get("/petitions/department").get_data(as_text=True)
    change_titles_unseen()
    with shared.app_context():
        fragments.clear()  # this process forgets its pages, as another process never had them
    assert "改过的标题" not in client.get("/petitions/department").get_data(as_text=True)
    assert "3号楼路灯不亮" in first

    notifications.notify(hub.handler.id, "welcome", name="测试")  # another layout: the blocks are shared
    db.session.commit()
    with shared.app_context():
        fragments.clear()
    shown = client.get("/petitions/department").get_data(as_text=True)
    assert "改过的标题" not in shown
    assert f'data-testid="unread-count">{notifications.unread_count(hub.handler.id)}<' in shown

    pf.case_in(hub, CaseStatus.ASSIGNED)  # a write the versions see
    db.session.commit()
    assert "改过的标题" in client.get("/petitions/department").get_data(as_text=True)


def test_a_store_that_does_not_answer_leaves_the_pages_as_they_are(app, hub, client, auth, monkeypatch):
    monkeypatch.setitem(app.config, "KEPT_PAGES_REDIS_URL", "redis://127.0.0.1:1/0")
    app.extensions.pop("linli_shared_pages", None)
    try:
        auth.login(hub.handler.email)
        page = client.get("/petitions/department")
        assert page.status_code == 200 and "3号楼路灯不亮" in page.get_data(as_text=True)
        with app.app_context():
            store = kept_store.shared_pages()
            assert store is not None and store.down_until > 0  # not asked again at every request
        change_titles_unseen()
        with app.app_context():
            fragments.clear()
        assert "改过的标题" in client.get("/petitions/department").get_data(as_text=True)
    finally:
        app.extensions.pop("linli_shared_pages", None)


def test_pages_kept_by_other_templates_are_never_served(shared, monkeypatch):
    with shared.app_context():
        store = kept_store.shared_pages()
        key = ("petitions/board.html", "1", "/petitions/department?", "zh", (("cases", 7),), None)
        store.put(key, {"content": "<p>旧的</p>"})
        assert store.get(key) == {"content": "<p>旧的</p>"}
        # A deployment whose layout differs by one character stores its pages under another name.
        changed = jinja2.ChoiceLoader([jinja2.DictLoader({"base.html": "<html>改过</html>"}),
                                       shared.jinja_env.loader])
        monkeypatch.setattr(shared.jinja_env, "loader", changed)
        assert kept_store.SharedPages(shared).get(key) is None


def test_a_value_this_store_did_not_write_is_a_miss(shared):
    with shared.app_context():
        store = kept_store.shared_pages()
        key = ("petitions/case.html", "1", "/petitions/cases/LL-2026-000001?", "zh", (("cases", 9),), None)
        for foreign in ("not json", "[1, 2]", '{"content": 3}'):
            store.client.set(store.name(key), foreign)
            assert store.get(key) is None
