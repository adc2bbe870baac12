"""Scheduled jobs of the volunteers package. Each is idempotent."""

from __future__ import annotations

from scheduling import Job
from volunteers.concerns import escalate_overdue
from volunteers.coverage import send_daily_digest
from volunteers.registry import purge_archived


def daily_digest() -> None:
    send_daily_digest()


def escalate_concerns() -> None:
    escalate_overdue()


def purge_archived_elders() -> None:
    purge_archived()


JOBS = [
    # The scheduler's time zone is Asia/Shanghai: every day at 08:00 there.
    Job("volunteers.daily_digest", "volunteers.jobs:daily_digest", "cron", {"hour": 8, "minute": 0}),
    Job("volunteers.escalate_concerns", "volunteers.jobs:escalate_concerns", "interval", {"minutes": 10}),
    Job("volunteers.purge_archived_elders", "volunteers.jobs:purge_archived_elders", "cron",
        {"hour": 3, "minute": 45}),
]
