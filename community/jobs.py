"""Scheduled jobs of the community package. Each is idempotent."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete

from community.models import Notification
from community.timeutil import utcnow
from extensions import db
from scheduling import Job

READ_NOTIFICATION_RETENTION = timedelta(days=180)


def purge_read_notifications() -> int:
    """Delete notifications read more than 180 days ago."""
    cutoff = utcnow() - READ_NOTIFICATION_RETENTION
    result = db.session.execute(
        delete(Notification).where(Notification.read_at.is_not(None), Notification.read_at < cutoff)
    )
    return result.rowcount or 0


JOBS = [
    Job("community.purge_read_notifications", "community.jobs:purge_read_notifications",
        "cron", {"hour": 3, "minute": 30}),
]
