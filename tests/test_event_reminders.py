"""Reminders: once per participant and start time, with frozen time, across a restarted scheduler."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

import scheduling
from app import create_app
from community.models import Notification
from community.timeutil import utcnow
from events import calendar, planning, reminders, signups
from extensions import db
from tests import events_factories as ef
from tests.conftest import TEST_CONFIG
from tests.test_petition_concurrency import live_app  # noqa: F401  (the fixture)

JOB = ("events.reminders", "events.jobs:event_reminders")


def reminded(user_ids: list[int]) -> dict[int, int]:
    rows = db.session.scalars(select(Notification.user_id).where(
        Notification.kind == "event_reminder", Notification.user_id.in_(user_ids)))
    counts = dict.fromkeys(user_ids, 0)
    for user_id in rows:
        counts[user_id] += 1
    return counts


def test_each_participant_is_reminded_once_across_a_scheduler_restart(live_app, database_urls):  # noqa: F811
    start = utcnow().replace(microsecond=0) + timedelta(days=5)
    with live_app.app_context(), live_app.test_request_context():
        place = ef.make_neighbourhood(residents=4)
        event = ef.make_event(place, capacity=2, starts_at=start, ends_at=start + timedelta(hours=2))
        for resident in place.residents[:3]:
            signups.sign_up(resident, event)  # two confirmed, one waiting
        calendar.preferences_of(place.residents[1]).reminders = False
        db.session.commit()
        ids = [r.id for r in place.residents[:3]]

    with time_machine.travel(start - timedelta(hours=30), tick=False):  # too early
        scheduling.run_job(*JOB, live_app)
    with time_machine.travel(start - timedelta(hours=23), tick=False):
        scheduling.run_job(*JOB, live_app)
        scheduling.run_job(*JOB, live_app)
        restarted = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_urls["linli_concurrency"]})
        scheduling.run_job(*JOB, restarted)
        with restarted.app_context():
            db.engine.dispose()
    with live_app.app_context():
        # The first confirmed is reminded once; the second turned reminders off; the third waits.
        assert reminded(ids) == {ids[0]: 1, ids[1]: 0, ids[2]: 0}


def test_a_run_that_fails_half_way_sends_nothing_and_the_next_sends_all(app, monkeypatch):
    start = utcnow() + timedelta(hours=10)
    with app.test_request_context():
        place = ef.make_neighbourhood(residents=3)
        event = ef.make_event(place, capacity=3, starts_at=start, ends_at=start + timedelta(hours=1))
        for resident in place.residents:
            signups.sign_up(resident, event)
        db.session.commit()
        ids = [r.id for r in place.residents]

    real_notify, calls = reminders.notifications.notify, []

    def notify_then_fail(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("the scheduler stopped")
        return real_notify(*args, **kwargs)

    monkeypatch.setattr(reminders.notifications, "notify", notify_then_fail)
    scheduling.run_job(*JOB, app)
    with app.app_context():
        assert reminded(ids) == dict.fromkeys(ids, 0)
    monkeypatch.setattr(reminders.notifications, "notify", real_notify)
    scheduling.run_job(*JOB, app)
    scheduling.run_job(*JOB, app)
    with app.app_context():
        assert reminded(ids) == dict.fromkeys(ids, 1)


@pytest.fixture
def place(app_ctx):  # type: ignore[no-untyped-def]
    return ef.make_neighbourhood(residents=2)


def test_a_moved_event_is_reminded_again_and_a_cancelled_one_not_at_all(place):
    start = utcnow() + timedelta(hours=5)
    event = ef.make_event(place, starts_at=start, ends_at=start + timedelta(hours=1))
    signups.sign_up(place.residents[0], event)
    assert reminders.send_due_reminders() == 1
    assert reminders.send_due_reminders() == 0
    later = start + timedelta(hours=3)
    planning.update_event(place.secretary, event, ef.event_draft(place, starts_at=later,
                                                                 ends_at=later + timedelta(hours=1)))
    assert reminders.send_due_reminders() == 1
    planning.cancel_event(place.secretary, event, "暴雨")
    signups_after = reminders.send_due_reminders(now=utcnow())
    assert signups_after == 0


def test_someone_promoted_late_is_still_reminded(place):
    start = utcnow() + timedelta(hours=5)
    event = ef.make_event(place, capacity=1, starts_at=start, ends_at=start + timedelta(hours=1))
    first = signups.sign_up(place.residents[0], event)
    signups.sign_up(place.residents[1], event)
    assert reminders.send_due_reminders() == 1
    signups.cancel_signup(place.residents[0], first)
    assert reminders.send_due_reminders() == 1
    assert reminded([place.residents[1].id]) == {place.residents[1].id: 1}
