"""The events services' rules: proposing and voting, events from ideas, sign-up and the waiting list."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from community.errors import NotAllowed, ServiceError
from community.models import Notification
from community.timeutil import utcnow
from events import ideas, planning, signups
from events.models import EventStatus, Signup, SignupStatus, Vote
from extensions import db
from tests import events_factories as ef


@pytest.fixture
def place(app_ctx):  # type: ignore[no-untyped-def]
    return ef.make_neighbourhood(residents=4)


def kinds_of(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


# Ideas and voting

def test_an_idea_proposed_before_a_round_joins_it_when_it_opens(place):
    early = ef.make_idea(place)
    assert early.round_id is None
    voting_round = ef.make_round(place)
    db.session.refresh(early)
    assert early.round_id == voting_round.id
    assert ef.make_idea(place, title="家宴比赛").round_id == voting_round.id


def test_only_residents_of_the_community_propose_and_vote(place):
    with pytest.raises(NotAllowed):
        ef.make_idea(place, proposer=place.outsider)
    ef.make_round(place)
    idea = ef.make_idea(place)
    with pytest.raises(NotAllowed):
        ideas.support(place.outsider, idea)


def test_a_resident_supports_up_to_the_allowance_and_can_change_a_vote(place):
    ef.make_round(place, votes=2)
    first, second, third = (ef.make_idea(place, title=t) for t in ("包粽子", "家宴", "义剪"))
    voter = place.residents[1]
    ideas.support(voter, first)
    ideas.support(voter, second)
    with pytest.raises(ServiceError) as refused:
        ideas.support(voter, third)
    assert refused.value.code == "limit"
    assert third.support_count == 0
    ideas.withdraw(voter, first)
    ideas.support(voter, third)
    assert (first.support_count, second.support_count, third.support_count) == (0, 1, 1)


def test_supporting_twice_is_refused_and_the_database_forbids_a_second_vote(place):
    voting_round = ef.make_round(place)
    idea = ef.make_idea(place)
    voter = place.residents[1]
    ideas.support(voter, idea)
    with pytest.raises(ServiceError) as refused:
        ideas.support(voter, idea)
    assert refused.value.code == "duplicate"
    assert idea.support_count == 1
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(Vote(round_id=voting_round.id, idea_id=idea.id, user_id=voter.id))
    assert db.session.scalar(select(func.count()).select_from(Vote)) == 1


def test_voting_outside_the_round_is_refused_and_changes_nothing(place):
    voting_round = ef.make_round(place, start=utcnow() + timedelta(hours=2))
    idea = ef.make_idea(place)
    assert idea.round_id == voting_round.id
    with pytest.raises(ServiceError) as early:
        ideas.support(place.residents[1], idea)
    assert early.value.code == "round_closed"
    with time_machine.travel(voting_round.ends_at + timedelta(minutes=1), tick=False), \
            pytest.raises(ServiceError):
            ideas.support(place.residents[1], idea)
    assert db.session.scalar(select(func.count()).select_from(Vote)) == 0


def test_a_round_needs_an_end_after_its_start_and_one_round_at_a_time(place):
    now = utcnow()
    with pytest.raises(ServiceError) as wrong:
        ideas.open_round(place.secretary, place.community, ideas.RoundDraft(
            title="x", starts_at=now, ends_at=now - timedelta(hours=1), votes_per_resident=3))
    assert wrong.value.field == "ends_at"
    ef.make_round(place)
    with pytest.raises(ServiceError):
        ef.make_round(place)
    with pytest.raises(NotAllowed):
        ideas.open_round(place.residents[0], place.community, ideas.RoundDraft(
            title="x", starts_at=now, ends_at=now + timedelta(hours=1), votes_per_resident=3))


def test_a_threshold_round_qualifies_every_idea_reaching_it(place):
    voting_round = ef.make_round(place, threshold=2, votes=3)
    popular, quiet = ef.make_idea(place, title="热门"), ef.make_idea(place, title="冷门")
    for voter in place.residents[:2]:
        ideas.support(voter, popular)
    ideas.support(place.residents[2], quiet)
    assert voting_round.qualifies(popular) and not voting_round.qualifies(quiet)


def test_hidden_ideas_leave_the_list_and_cannot_be_supported(place):
    voting_round = ef.make_round(place)
    idea = ef.make_idea(place)
    with pytest.raises(ServiceError):
        ideas.hide_idea(place.secretary, idea, "  ")
    ideas.hide_idea(place.secretary, idea, "与社区活动无关")
    assert list(db.session.scalars(ideas.ideas_query(voting_round, by_support=True))) == []
    with pytest.raises(ServiceError) as refused:
        ideas.support(place.residents[1], idea)
    assert refused.value.code == "hidden"


def test_residents_flag_an_idea_once(place):
    idea = ef.make_idea(place)
    ideas.flag_idea(place.residents[1], idea, "广告")
    with pytest.raises(ServiceError):
        ideas.flag_idea(place.residents[1], idea, "再举报")
    ideas.flag_idea(place.residents[2], idea, "")
    assert idea.flag_count == 2


# From idea to event

def test_a_winning_idea_becomes_an_event_and_its_proposer_is_told(place):
    idea = ef.make_idea(place)
    event = ef.make_event(place, idea=idea)
    db.session.refresh(idea)
    assert idea.event.id == event.id and event.idea.id == idea.id
    assert kinds_of(place.residents[0]) == ["idea_became_event"]
    with pytest.raises(ServiceError) as again:
        ef.make_event(place, idea=idea)
    assert again.value.code == "duplicate"


def test_an_event_must_end_after_it_starts_and_hold_at_least_one(place):
    start = utcnow() + timedelta(days=1)
    with pytest.raises(ServiceError) as backwards:
        ef.make_event(place, starts_at=start, ends_at=start - timedelta(hours=1))
    assert backwards.value.field == "ends_at"
    with pytest.raises(ServiceError) as empty:
        ef.make_event(place, capacity=0)
    assert empty.value.field == "capacity"
    with pytest.raises(ServiceError) as teamless:
        ef.make_event(place, team_id=None)
    assert teamless.value.field == "team_id"


def test_a_significant_change_raises_the_sequence_and_tells_participants(place):
    event = ef.make_event(place)
    signups.sign_up(place.residents[1], event)
    stamp = event.updated_at
    draft = ef.event_draft(place, starts_at=event.starts_at, ends_at=event.ends_at, capacity=5)
    assert planning.update_event(place.secretary, event, draft) is False
    assert event.sequence == 0
    draft.place = "三楼会议室"
    assert planning.update_event(place.secretary, event, draft) is True
    assert event.sequence == 1 and event.updated_at >= stamp
    assert kinds_of(place.residents[1]) == ["event_changed"]


# Sign-up, waiting list, cancellation

def test_sign_up_fills_the_places_then_the_waiting_list(place):
    event = ef.make_event(place, capacity=2)
    states = [signups.sign_up(r, event).status for r in place.residents[:4]]
    confirmed, waiting = SignupStatus.CONFIRMED, SignupStatus.WAITING
    assert states == [confirmed, confirmed, waiting, waiting]
    assert event.places_taken == 2
    assert signups.waiting_position(signups.signup_of(place.residents[3], event)) == 2


def test_a_cancellation_promotes_the_first_person_waiting_and_tells_them(place):
    event = ef.make_event(place, capacity=1)
    first = signups.sign_up(place.residents[0], event)
    signups.sign_up(place.residents[1], event)
    signups.sign_up(place.residents[2], event)
    promoted = signups.cancel_signup(place.residents[0], first)
    assert [s.user_id for s in promoted] == [place.residents[1].id]
    assert signups.signup_of(place.residents[2], event).status == SignupStatus.WAITING
    assert "event_promoted" in kinds_of(place.residents[1])
    assert "event_promoted" not in kinds_of(place.residents[2])
    assert event.places_taken == 1


def test_bad_sign_ups_are_refused_and_change_nothing(place):
    event = ef.make_event(place, capacity=5)
    signups.sign_up(place.residents[0], event)
    with pytest.raises(ServiceError) as twice:
        signups.sign_up(place.residents[0], event)
    assert twice.value.code == "duplicate"
    with pytest.raises(ServiceError) as guest:
        signups.sign_up(place.residents[1], event, guests=1)
    assert guest.value.code == "guests"
    late = ef.make_event(place, title="已截止", signup_closes_at=utcnow() - timedelta(minutes=1),
                         starts_at=utcnow() + timedelta(hours=1), ends_at=utcnow() + timedelta(hours=2))
    with pytest.raises(ServiceError) as closed:
        signups.sign_up(place.residents[1], late)
    assert closed.value.code == "closed"
    planning.cancel_event(place.secretary, event, "下雨")
    with pytest.raises(ServiceError) as cancelled:
        signups.sign_up(place.residents[2], event)
    assert cancelled.value.code == "cancelled"
    assert db.session.scalar(select(func.count()).select_from(Signup)) == 1
    assert event.places_taken == 1


def test_a_guest_takes_a_second_place(place):
    event = ef.make_event(place, capacity=2, allow_guest=True)
    signups.sign_up(place.residents[0], event, guests=1)
    assert signups.sign_up(place.residents[1], event).status == SignupStatus.WAITING
    assert event.places_left == 0


def test_cancelling_the_event_tells_everyone_and_marks_it_for_calendars(place):
    event = ef.make_event(place, capacity=1)
    signups.sign_up(place.residents[0], event)
    signups.sign_up(place.residents[1], event)
    with pytest.raises(NotAllowed):
        planning.cancel_event(place.residents[0], event, "不想办了")
    planning.cancel_event(place.leader, event, "场地维修")  # the organising team's leader may
    assert event.status == EventStatus.CANCELLED and event.sequence == 1
    assert kinds_of(place.residents[0])[-1] == "event_cancelled"
    assert kinds_of(place.residents[1])[-1] == "event_cancelled"


def test_a_signup_cancelled_and_made_again_queues_at_the_end(place):
    event = ef.make_event(place, capacity=1)
    mine = signups.sign_up(place.residents[0], event)
    signups.sign_up(place.residents[1], event)
    signups.cancel_signup(place.residents[0], mine)
    again = signups.sign_up(place.residents[0], event)
    assert again.id == mine.id and again.status == SignupStatus.WAITING


# Check-in

def test_check_in_counts_attendance_once_and_only_the_organiser_may(place):
    event = ef.make_event(place, capacity=2)
    confirmed = signups.sign_up(place.residents[0], event)
    signups.sign_up(place.residents[1], event)
    waiting = signups.sign_up(place.residents[2], event)
    with pytest.raises(NotAllowed):
        signups.check_in(place.residents[1], confirmed)
    signups.check_in(place.leader, confirmed)
    signups.check_in(place.leader, confirmed)
    assert event.attended_count == 1 and event.attendance_rate() == 0.5
    with pytest.raises(ServiceError):
        signups.check_in(place.leader, waiting)
    signups.check_in(place.leader, confirmed, attended=False)
    assert event.attended_count == 0


def test_the_rounds_count_of_visible_ideas_follows_proposals_and_hiding(place):
    waiting = ef.make_idea(place, title="早到的")
    voting_round = ef.make_round(place)
    assert voting_round.idea_count == 1
    ef.make_idea(place, title="第二个")
    ideas.hide_idea(place.secretary, waiting, "重复")
    ideas.hide_idea(place.secretary, waiting, "再次")  # hiding twice counts once
    db.session.refresh(voting_round)
    assert voting_round.idea_count == 1
    ideas.show_idea(place.secretary, waiting)
    db.session.refresh(voting_round)
    visible = db.session.scalar(select(func.count()).select_from(
        ideas.ideas_query(voting_round, by_support=True).subquery()))
    assert voting_round.idea_count == visible == 2
