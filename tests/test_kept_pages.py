"""Kept pages (community.fragments): a write raises its topic's version, a kept page is served until
then, never after, and each session gets its own CSRF token in it."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from sqlalchemy import select, update

from community import notifications
from community.models import DataVersion, User
from community.timeutil import utcnow
from events import ideas
from events.models import Idea, Vote
from extensions import db
from petitions.models import Case, CaseStatus
from tests import events_factories as ef
from tests import petition_factories as pf
from tests.conftest import Auth, submit
from tests.factories import PASSWORD


def version(topic: str) -> int:
    return db.session.scalar(select(DataVersion.version).where(DataVersion.topic == topic)) or 0


def test_a_write_raises_its_topics_version_and_a_rollback_does_not(app):
    with app.test_request_context():
        place = ef.make_neighbourhood(residents=1)
        db.session.commit()
        before_ideas, before_cases = version("ideas"), version("cases")
        ef.make_idea(place)
        db.session.commit()
        assert version("ideas") != before_ideas
        assert version("cases") == before_cases  # another feature's pages stay kept

        after_idea = version("ideas")
        ef.make_idea(place, title="不会保存")
        db.session.flush()
        db.session.rollback()
        assert version("ideas") == after_idea


def test_a_savepoint_rolled_back_keeps_the_writes_before_it(app):
    with app.test_request_context():
        place = ef.make_neighbourhood(residents=1)
        db.session.commit()
        before = version("ideas")
        ef.make_idea(place)
        db.session.flush()
        with pytest.raises(RuntimeError), db.session.begin_nested():  # as a lost race for a unique row
            raise RuntimeError
        db.session.commit()
        assert version("ideas") != before


def test_a_bulk_update_raises_the_version_and_a_login_time_alone_does_not(app):
    with app.test_request_context():
        hub = pf.make_hub()
        case = pf.case_in(hub, CaseStatus.IN_PROGRESS)
        db.session.commit()
        before = version("cases")
        db.session.execute(update(Case).where(Case.id == case.id).values(supervision_level=2))
        db.session.commit()
        assert version("cases") != before

        shared = version("cases"), version("elders")
        user = db.session.get(User, hub.handler.id)
        user.last_login_at = utcnow()
        db.session.commit()
        assert (version("cases"), version("elders")) == shared
        user.display_name = "新名字"  # names show on every feature's pages
        db.session.commit()
        assert version("cases") != shared[0] and version("elders") != shared[1]


@pytest.fixture
def hub(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        made = pf.make_hub()
        db.session.commit()
        yield made


def test_a_kept_list_shows_a_case_assigned_since(hub, client, auth):
    first = pf.case_in(hub, CaseStatus.ASSIGNED)
    db.session.commit()
    auth.login(hub.handler.email)
    assert pf.numbers_on(client, "/petitions/department") == [first.number]
    assert pf.numbers_on(client, "/petitions/department") == [first.number]  # served kept

    second = pf.case_in(hub, CaseStatus.ASSIGNED)  # the dispatcher's work, in any process
    db.session.commit()
    assert sorted(pf.numbers_on(client, "/petitions/department")) == sorted([first.number, second.number])


def test_a_kept_page_is_served_without_its_queries_until_the_data_changes(app, hub, client, auth):
    pf.case_in(hub, CaseStatus.ASSIGNED)
    db.session.commit()
    auth.login(hub.handler.email)
    client.get("/")  # the "signed in" message shown
    first = client.get("/petitions/department?status=assigned").get_data(as_text=True)
    # Changed behind the versions' back (as raw SQL on the server would): the kept page stays.
    db.session.execute(update(Case).execution_options(synchronize_session=False).values(title="改过的标题"))
    db.session.info.clear()
    db.session.commit()
    assert client.get("/petitions/department?status=assigned").get_data(as_text=True) == first
    app.config["KEEP_RENDERED_PAGES"] = False
    try:
        assert "改过的标题" in client.get("/petitions/department?status=assigned").get_data(as_text=True)
    finally:
        app.config["KEEP_RENDERED_PAGES"] = True


def test_deadline_colours_follow_the_clock_on_a_kept_list(hub, client, auth):
    case = pf.case_in(hub, CaseStatus.IN_PROGRESS)
    db.session.commit()
    deadline = case.deadline_at
    auth.login(hub.handler.email)
    with time_machine.travel(deadline - timedelta(minutes=2), tick=False):
        assert 'data-deadline="near"' in client.get("/petitions/department").get_data(as_text=True)
    with time_machine.travel(deadline + timedelta(minutes=1), tick=False):
        assert 'data-deadline="late"' in client.get("/petitions/department").get_data(as_text=True)


@pytest.fixture
def round_site(app):  # type: ignore[no-untyped-def]
    with app.test_request_context():
        place = ef.make_neighbourhood(residents=2)
        voting_round = ef.make_round(place, votes=2)
        idea = ef.make_idea(place)
        db.session.commit()
        return SimpleNamespace(round_id=voting_round.id, idea_id=idea.id, resident=place.residents[0].email,
                               community_id=place.community.id, proposer_id=place.residents[1].id)


def test_two_sessions_of_one_resident_each_vote_with_their_own_token(app, round_site):
    page = f"/events/rounds/{round_site.round_id}"
    browsers = [app.test_client(), app.test_client()]
    for browser in browsers:
        assert Auth(browser).login(round_site.resident, PASSWORD).status_code == 302
    assert submit(browsers[0], page, action=f"/events/ideas/{round_site.idea_id}/support").status_code == 302
    html = browsers[1].get(page).get_data(as_text=True)  # kept pages of this user exist by now
    assert "\x00" not in html
    assert submit(browsers[1], page, action=f"/events/ideas/{round_site.idea_id}/withdraw").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Vote).where(Vote.idea_id == round_site.idea_id)) is None


def test_a_new_idea_shows_at_once_on_the_kept_round_page(app, round_site, client, auth):
    auth.login(round_site.resident, PASSWORD)
    page = f"/events/rounds/{round_site.round_id}"
    assert "义剪" not in client.get(page).get_data(as_text=True)
    with app.test_request_context():
        ideas.propose_idea(db.session.get(User, round_site.proposer_id),
                           db.session.get(ef.Community, round_site.community_id),
                           ideas.IdeaDraft("义剪", "给老人理发", ef.TeamCategory.CHARITY, 10))
        db.session.commit()
        assert db.session.scalar(select(Idea).where(Idea.title == "义剪")) is not None
    assert "义剪" in client.get(page).get_data(as_text=True)


def test_kept_pages_are_per_user(app, round_site, client, auth):
    page = f"/events/rounds/{round_site.round_id}"
    auth.login(round_site.resident, PASSWORD)
    submit(client, page, action=f"/events/ideas/{round_site.idea_id}/support")
    assert "Withdraw" in client.get(page, headers={"Accept-Language": "en"}).get_data(as_text=True)
    visitor = app.test_client()
    shown = visitor.get(page, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Withdraw" not in shown
    fragments_kept = app.extensions["linli_kept_pages"]
    assert len(fragments_kept) >= 2


def unread_badge(html: str) -> str | None:
    found = re.search(r'data-testid="unread-count">(\d+)<', html)
    return found.group(1) if found else None


def test_the_layout_of_a_kept_page_shows_the_unread_count_and_the_messages_of_the_moment(hub, client, auth):
    pf.case_in(hub, CaseStatus.ASSIGNED)
    db.session.commit()
    auth.login(hub.handler.email)
    client.get("/")  # the "signed in" message shown
    unread = notifications.unread_count(hub.handler.id)
    first = client.get("/petitions/department").get_data(as_text=True)
    assert unread_badge(first) == (str(unread) if unread else None)

    notifications.notify(hub.handler.id, "welcome", name="测试")  # a notification raises no page's topic
    db.session.commit()
    shown = client.get("/petitions/department").get_data(as_text=True)
    assert unread_badge(shown) == str(unread + 1)

    with client.session_transaction() as stored:
        stored["_flashes"] = [("success", "案件已转办")]
    assert "案件已转办" in client.get("/petitions/department").get_data(as_text=True)
    again = client.get("/petitions/department").get_data(as_text=True)  # a message is shown once
    assert "案件已转办" not in again
    assert again == shown.replace(session_token(shown), session_token(again))


def session_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_who_may_see_a_case_is_the_same_read_from_its_ids_as_from_the_loaded_case(app, hub):
    from flask_login import AnonymousUserMixin

    from petitions.routes import load_case_access

    people = [hub.resident, hub.neighbour, hub.secretary, hub.dispatcher, hub.handler, hub.other_handler,
              hub.supervisor, AnonymousUserMixin()]
    for status in (CaseStatus.SUBMITTED, CaseStatus.REJECTED, CaseStatus.IN_PROGRESS):
        case = pf.case_in(hub, status)
        db.session.commit()
        with app.test_request_context():
            access = load_case_access(case.number)
        seen = [(case.can_view(person), case.is_public) for person in people]
        assert [(access.can_view(person), access.is_public) for person in people] == seen
        assert seen[0] == (True, status == CaseStatus.IN_PROGRESS) and seen[1][0] is False


def test_a_kept_case_page_is_served_without_loading_the_case(hub, client, auth):
    from tests.test_petition_boards import counted_queries

    case = pf.case_in(hub, CaseStatus.IN_PROGRESS)
    db.session.commit()
    auth.login(hub.supervisor.email)
    client.get("/")
    first = client.get(f"/petitions/cases/{case.number}").get_data(as_text=True)
    with counted_queries() as statements:
        again = client.get(f"/petitions/cases/{case.number}").get_data(as_text=True)
    assert again == first.replace(session_token(first), session_token(again))
    assert not [sql for sql in statements if "case_steps" in sql or "categories" in sql]
    # The unread count of the navigation is read with the versions, in one statement.
    assert [sql for sql in statements if "notifications" in sql] == [
        sql for sql in statements if "data_versions" in sql]
    read = [sql.split()[1] for sql in statements if "FROM users" not in sql and not sql.startswith("BEGIN")]
    assert read == ["cases.status,", "data_versions.topic,"]  # who may see it, then the versions
