"""The events demo: rounds open and closed, ideas that became events, a waiting list, check-ins, a feed."""

from __future__ import annotations

from collections import Counter

import ics
from sqlalchemy import func, select

from community import demo as community_demo
from community.timeutil import utcnow
from events import calendar, ideas
from events import demo as events_demo
from events.models import Event, Idea, Signup, SignupStatus, Vote, VotingRound
from extensions import db


def test_the_demo_has_rounds_events_a_waiting_list_and_check_ins(app_ctx):
    city = community_demo.create("linli-demo-2026")
    summary = events_demo.create(city)
    assert summary.startswith("Events: 2 rounds, 12 ideas")
    now = utcnow()
    rounds = list(db.session.scalars(select(VotingRound).order_by(VotingRound.id)))
    assert [r.is_closed(now) for r in rounds] == [True, False] and rounds[1].is_open(now)
    assert db.session.scalar(select(func.count()).select_from(Vote).where(Vote.round_id == rounds[1].id)) > 20
    winners = list(db.session.scalars(select(Idea).where(Idea.round_id == rounds[0].id)
                                      .join(Event, Event.idea_id == Idea.id)))
    assert len(winners) == 2

    full = db.session.scalar(select(Event).where(Event.title == "端午一起包粽子"))
    states = Counter(db.session.scalars(select(Signup.status).where(Signup.event_id == full.id)))
    assert states == {SignupStatus.CONFIRMED: 20, SignupStatus.WAITING: 4}
    past = db.session.scalar(select(Event).where(Event.title == "家宴比赛"))
    assert past.ends_at < now and past.attended_count == 14
    assert db.session.scalar(select(func.count()).select_from(Event).where(Event.status == "cancelled")) == 1

    resident = city.accounts["resident@linli.demo"]
    assert ideas.votes_of(resident, rounds[1])
    feed = ics.Calendar(calendar.build_calendar("demo", calendar.feed_events()).decode())
    assert len(feed.events) == 6
