"""Calendar feeds, read back with `ics`, a parser independent of the `icalendar` library that writes them."""

from __future__ import annotations

import re
from datetime import UTC, timedelta
from types import SimpleNamespace

import ics
import pytest
import time_machine

from community.timeutil import utcnow
from events import planning, signups
from events.models import Event
from extensions import db
from tests import events_factories as ef
from tests.conftest import submit
from tests.factories import PASSWORD


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    """A browser that asks for English pages: the assertions read the English texts."""
    browser = app.test_client()
    browser.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return browser


@pytest.fixture
def feeds(app):  # type: ignore[no-untyped-def]
    now = utcnow().replace(second=0, microsecond=0)  # the form keeps minutes
    with app.test_request_context():
        place = ef.make_neighbourhood(residents=2)
        other_team = ef.factories.make_team(place.community, name="义剪队")
        with time_machine.travel(now - timedelta(days=3), tick=False):
            upcoming = ef.make_event(place, title="包粽子", starts_at=now + timedelta(days=2),
                                     ends_at=now + timedelta(days=2, hours=2))
        recent = ef.make_event(place, title="上月的家宴", starts_at=now - timedelta(days=30),
                               ends_at=now - timedelta(days=30) + timedelta(hours=3))
        old = ef.make_event(place, title="去年的灯会", starts_at=now - timedelta(days=200),
                            ends_at=now - timedelta(days=200) + timedelta(hours=3))
        cancelled = ef.make_event(place, title="取消的电影夜", starts_at=now + timedelta(days=5),
                                  ends_at=now + timedelta(days=5, hours=2), team_id=other_team.id)
        planning.cancel_event(place.secretary, cancelled, "放映机坏了")
        signups.sign_up(place.residents[0], upcoming)
        db.session.commit()
        return SimpleNamespace(slug=place.community.slug, team_id=place.team.id, other_team_id=other_team.id,
                               upcoming=upcoming.id, recent=recent.id, old=old.id, cancelled=cancelled.id,
                               secretary=place.secretary.email, resident=place.residents[0].email,
                               stamp=upcoming.updated_at)


def parse(response) -> ics.Calendar:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return ics.Calendar(response.get_data(as_text=True))


def by_uid(calendar: ics.Calendar) -> dict[str, ics.Event]:
    return {event.uid: event for event in calendar.events}


def extra(component, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [line.value for line in component.extra if line.name == name]


def test_the_public_feed_holds_upcoming_and_recent_events_with_stable_uids(client, feeds):
    calendar = parse(client.get("/events/calendar.ics"))
    events = by_uid(calendar)
    uid = f"event-{feeds.upcoming}@localhost"
    assert uid in events and f"event-{feeds.recent}@localhost" in events
    assert f"event-{feeds.old}@localhost" not in events  # ended more than 90 days ago
    assert extra(calendar, "X-WR-CALNAME") and extra(calendar, "NAME")
    event = events[uid]
    assert event.name == "包粽子"
    page = f"http://localhost/events/{feeds.upcoming}"
    assert event.url == page and page in event.description
    assert event.begin.tzinfo is not None and event.begin.utcoffset() == timedelta(0)
    assert event.status == "CONFIRMED"
    assert event.created.datetime.astimezone(UTC) == feeds.stamp  # ics reads DTSTAMP into `created`
    raw = client.get("/events/calendar.ics").get_data(as_text=True)
    assert re.search(rf"UID:event-{feeds.upcoming}@localhost", raw)
    assert re.search(r"DTSTART:\d{8}T\d{6}Z", raw)


def test_a_cancelled_event_stays_with_its_status_and_a_raised_sequence(client, feeds):
    event = by_uid(parse(client.get("/events/calendar.ics")))[f"event-{feeds.cancelled}@localhost"]
    assert event.status == "CANCELLED"
    assert extra(event, "SEQUENCE") == ["1"]


def test_a_significant_change_raises_the_sequence_and_the_stamp(client, auth, feeds, app):
    before = by_uid(parse(client.get("/events/calendar.ics")))[f"event-{feeds.upcoming}@localhost"]
    assert extra(before, "SEQUENCE") == ["0"]
    assert auth.login(feeds.secretary, PASSWORD).status_code == 302
    with app.app_context():
        event = db.session.get(Event, feeds.upcoming)
        page = client.get(f"/events/{event.id}/edit").get_data(as_text=True)
    form = dict(re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', page))
    form.update(place="三楼会议室", team_id=str(feeds.team_id), description="")
    assert submit(client, f"/events/{feeds.upcoming}/edit", form).status_code == 302
    after = by_uid(parse(client.get("/events/calendar.ics")))[f"event-{feeds.upcoming}@localhost"]
    assert extra(after, "SEQUENCE") == ["1"] and after.location == "三楼会议室"
    assert after.created > before.created
    assert after.begin == before.begin


def test_community_and_team_feeds_hold_only_their_events(client, feeds):
    community = by_uid(parse(client.get(f"/events/c/{feeds.slug}/calendar.ics")))
    assert {f"event-{feeds.upcoming}@localhost", f"event-{feeds.cancelled}@localhost"} <= set(community)
    team = by_uid(parse(client.get(f"/events/teams/{feeds.other_team_id}/calendar.ics")))
    assert set(team) == {f"event-{feeds.cancelled}@localhost"}
    assert client.get("/events/c/nowhere/calendar.ics").status_code == 404


def test_the_private_feed_needs_its_signed_token_and_a_reset_voids_the_old_one(client, auth, feeds):
    assert auth.login(feeds.resident, PASSWORD).status_code == 302
    page = client.get("/events/mine").get_data(as_text=True)
    link = re.search(r'id="private-feed">webcal://localhost(/events/feed/[^<]+\.ics)<', page).group(1)
    auth.logout()
    mine = by_uid(parse(client.get(link)))
    assert set(mine) == {f"event-{feeds.upcoming}@localhost"}
    assert client.get(link.replace(".ics", "x.ics")).status_code == 404
    auth.login(feeds.resident, PASSWORD)
    submit(client, "/events/mine", action="/events/mine/feed-reset")
    assert client.get(link).status_code == 404
    new_link = re.search(r'id="private-feed">webcal://localhost(/events/feed/[^<]+\.ics)<',
                         client.get("/events/mine").get_data(as_text=True)).group(1)
    assert new_link != link and client.get(new_link).status_code == 200


def test_event_pages_announce_their_feed_and_offer_webcal_links(client, feeds):
    html = client.get(f"/events/{feeds.upcoming}").get_data(as_text=True)
    assert ('<link rel="alternate" type="text/calendar" title="' in html
            and f'href="http://localhost/events/c/{feeds.slug}/calendar.ics"' in html)
    assert f'href="webcal://localhost/events/c/{feeds.slug}/calendar.ics"' in html
    assert 'href="webcal://localhost/events/calendar.ics"' in client.get("/events/").get_data(as_text=True)
