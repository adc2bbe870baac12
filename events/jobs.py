"""Scheduled jobs of the events package. Each is idempotent."""

from __future__ import annotations

from events.reminders import send_due_reminders
from scheduling import Job


def event_reminders() -> None:
    send_due_reminders()


JOBS = [
    Job("events.reminders", "events.jobs:event_reminders", "interval", {"minutes": 5}),
]
