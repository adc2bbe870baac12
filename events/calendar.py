"""Calendar feeds (RFC 5545): all public events, one community's, one team's, one person's.

Each VEVENT has a UID stable for the event's life (`event-<id>@<host>`), DTSTAMP = the event's last
change and SEQUENCE raised on every significant change, so calendar programs replace their copy.
Feeds hold upcoming events and those of the last 90 days.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import current_app, request, url_for
from icalendar import Calendar
from icalendar import Event as VEvent
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from community.models import User
from community.timeutil import utcnow
from events.models import Event, EventPreferences, EventStatus, Signup, SignupStatus
from extensions import db

PAST_DAYS = 90
FEED_SALT = "events.private-feed"


def feed_events(community_id: int | None = None, team_id: int | None = None,
                user_id: int | None = None, now: datetime | None = None) -> list[Event]:
    now = now or utcnow()
    query = select(Event).where(Event.ends_at >= now - timedelta(days=PAST_DAYS))
    if community_id is not None:
        query = query.where(Event.community_id == community_id)
    if team_id is not None:
        query = query.where(Event.team_id == team_id)
    if user_id is not None:
        query = query.join(Signup, Signup.event_id == Event.id).where(
            Signup.user_id == user_id, Signup.status.in_((SignupStatus.CONFIRMED, SignupStatus.WAITING)))
    return list(db.session.scalars(query.order_by(Event.starts_at, Event.id)))


def uid_host() -> str:
    return current_app.config.get("CALENDAR_UID_HOST") or request.host.split(":")[0]


def build_calendar(name: str, events: list[Event]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Linli//Events//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)            # RFC 7986
    calendar.add("x-wr-calname", name)    # what most calendar programs read
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    host = uid_host()
    for event in events:
        calendar.add_component(_vevent(event, host))
    return calendar.to_ical()


def _vevent(event: Event, host: str) -> VEvent:
    page = url_for("events.event_page", event_id=event.id, _external=True)
    item = VEvent()
    item.add("uid", f"event-{event.id}@{host}")
    item.add("dtstamp", event.updated_at)
    item.add("last-modified", event.updated_at)
    item.add("created", event.created_at)
    item.add("sequence", event.sequence)
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("summary", event.title)
    item.add("location", event.place)
    item.add("url", page)
    description = event.description.strip()
    item.add("description", f"{description}\n\n{page}" if description else page)
    item.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    return item


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=FEED_SALT)


def preferences_of(user: User) -> EventPreferences:
    prefs = db.session.get(EventPreferences, user.id)
    if prefs is None:
        prefs = EventPreferences(user_id=user.id)
        db.session.add(prefs)
        db.session.flush()
    return prefs


def private_feed_token(user: User) -> str:
    return _serializer().dumps([user.id, preferences_of(user).feed_key])


def reset_feed_token(user: User) -> str:
    """A new key: every link given out before stops working."""
    preferences_of(user).feed_key = secrets.token_urlsafe(12)
    return private_feed_token(user)


def user_of_token(token: str) -> User | None:
    try:
        user_id, key = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    prefs = db.session.get(EventPreferences, user_id) if isinstance(user_id, int) else None
    if prefs is None or prefs.feed_key != key:
        return None
    user = db.session.get(User, user_id)
    return user if user is not None and user.active else None


def webcal(url: str) -> str:
    """The same feed as a webcal:// link, which calendar programs subscribe to."""
    return "webcal://" + url.split("://", 1)[-1]
