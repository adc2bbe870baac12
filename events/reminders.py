"""Reminders before an event: each confirmed participant is told once per start time.

The claim is one conditional UPDATE (`reminded_at IS NULL`) in the same transaction as the
notification, so a second run, a second scheduler or a restart in the middle never sends it twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update

from community import notifications
from community.timeutil import utcnow
from events.models import Event, EventPreferences, EventStatus, Signup, SignupStatus
from extensions import db

DEFAULT_REMINDER_HOURS = 24


def due_reminders(now: datetime):  # type: ignore[no-untyped-def]
    hours = current_app.config.get("EVENTS_REMINDER_HOURS", DEFAULT_REMINDER_HOURS)
    return (
        select(Signup.id, Signup.user_id, Event.id, Event.title, Event.starts_at)
        .join(Event, Event.id == Signup.event_id)
        .outerjoin(EventPreferences, EventPreferences.user_id == Signup.user_id)
        .where(Event.status == EventStatus.SCHEDULED, Event.starts_at > now,
               Event.starts_at <= now + timedelta(hours=hours),
               Signup.status == SignupStatus.CONFIRMED, Signup.reminded_at.is_(None),
               func.coalesce(EventPreferences.reminders, True).is_(True))
        .order_by(Event.starts_at, Signup.id)
    )


def send_due_reminders(now: datetime | None = None) -> int:
    """Remind everyone whose event starts within the reminder period; returns how many were sent."""
    now = now or utcnow()
    sent = 0
    for signup_id, user_id, event_id, title, starts_at in db.session.execute(due_reminders(now)).all():
        claimed = db.session.execute(
            update(Signup).where(Signup.id == signup_id, Signup.reminded_at.is_(None))
            .values(reminded_at=now)).rowcount
        if claimed:
            notifications.notify(user_id, "event_reminder", link=f"/events/{event_id}", event=title,
                                 starts=starts_at.isoformat())
            sent += 1
    return sent

