"""Simultaneous sign-ups and votes against a real database (committed, not rolled back), on both databases."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from community.errors import ServiceError
from community.models import Role, User
from events import ideas, signups
from events.models import Event, Idea, Signup, SignupStatus, Vote
from extensions import db
from tests import events_factories as ef
from tests import factories
from tests.test_petition_concurrency import live_app, run_together  # noqa: F401  (the fixture)


def _retrying(work):  # type: ignore[no-untyped-def]
    """SQLite answers "database is locked" when the write lock stays busy too long: try again."""
    for _attempt in range(10):
        try:
            return work()
        except OperationalError:
            db.session.rollback()
    return "failed"


def test_two_hundred_sign_ups_at_once_for_fifty_places(live_app):  # noqa: F811
    with live_app.app_context(), live_app.test_request_context():
        place = ef.make_neighbourhood(residents=0)
        people = [factories.make_user(f"报名{i}", grants=[(Role.RESIDENT, place.community.id, None)])
                  for i in range(200)]
        event = ef.make_event(place, capacity=50)
        db.session.commit()
        event_id, user_ids = event.id, [p.id for p in people]

    def sign_up(index: int) -> str:
        with live_app.app_context(), live_app.test_request_context(method="POST"):
            def attempt() -> str:
                try:
                    signup = signups.sign_up(db.session.get(User, user_ids[index]),
                                             db.session.get(Event, event_id))
                    db.session.commit()
                    return signup.status.value
                except ServiceError as error:
                    db.session.rollback()
                    return error.code
            return _retrying(attempt)

    outcomes = run_together(200, sign_up)
    assert Counter(outcomes) == {"confirmed": 50, "waiting": 150}
    with live_app.app_context():
        rows = Counter(db.session.scalars(select(Signup.status).where(Signup.event_id == event_id)))
        assert rows == {SignupStatus.CONFIRMED: 50, SignupStatus.WAITING: 150}
        assert db.session.get(Event, event_id).places_taken == 50


def test_fifty_simultaneous_votes_by_one_resident_for_one_idea_count_once(live_app):  # noqa: F811
    with live_app.app_context(), live_app.test_request_context():
        place = ef.make_neighbourhood(residents=1)
        ef.make_round(place, votes=3)
        idea = ef.make_idea(place)
        db.session.commit()
        idea_id, voter_id = idea.id, place.residents[0].id

    def vote(_index: int) -> str:
        with live_app.app_context(), live_app.test_request_context(method="POST"):
            def attempt() -> str:
                try:
                    ideas.support(db.session.get(User, voter_id), db.session.get(Idea, idea_id))
                    db.session.commit()
                    return "counted"
                except ServiceError as error:
                    db.session.rollback()
                    return error.code
            return _retrying(attempt)

    outcomes = run_together(50, vote)
    assert Counter(outcomes) == {"counted": 1, "duplicate": 49}
    with live_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Vote).where(Vote.idea_id == idea_id)) == 1
        assert db.session.get(Idea, idea_id).support_count == 1
