"""Scheduled jobs of the petitions package. Each is idempotent."""

from __future__ import annotations

from petitions.hotspots.refresh import refresh as refresh_hotspot_analysis
from petitions.rating import close_unrated
from petitions.scorecard import freeze_previous_week
from petitions.supervision import run_supervision
from scheduling import Job


def supervise() -> None:
    run_supervision()


def close_expired_ratings() -> None:
    close_unrated()


def freeze_scorecard() -> None:
    freeze_previous_week()


def refresh_hotspots() -> None:
    refresh_hotspot_analysis()


JOBS = [
    Job("petitions.supervise", "petitions.jobs:supervise", "interval", {"minutes": 5}),
    Job("petitions.close_expired_ratings", "petitions.jobs:close_expired_ratings", "interval", {"hours": 1}),
    # The scheduler's time zone is Asia/Shanghai: Monday 00:05 there freezes last week; the other days'
    # runs find it frozen, or make up a Monday the scheduler missed.
    Job("petitions.freeze_scorecard", "petitions.jobs:freeze_scorecard", "cron", {"hour": 0, "minute": 5}),
    Job("petitions.refresh_hotspots", "petitions.jobs:refresh_hotspots", "cron", {"hour": 2, "minute": 30}),
]


# Open311: deliver the outbox (each row waits out its own backoff) and pull the hubs' updates.
def send_open311_outbox() -> None:
    from petitions.open311.outbox import send_due

    send_due()


def pull_open311_updates() -> None:
    from petitions.open311.pull import pull_all

    pull_all()


JOBS += [
    Job("petitions.open311_send", "petitions.jobs:send_open311_outbox", "interval", {"minutes": 1}),
    Job("petitions.open311_pull", "petitions.jobs:pull_open311_updates", "interval", {"minutes": 3}),
]
