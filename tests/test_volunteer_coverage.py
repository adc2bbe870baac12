"""No elder forgotten: overdue across Shanghai's midnight, failed attempts, and the 08:00 digest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

import scheduling
from community.models import Notification, Role
from extensions import db
from tests import factories
from tests import volunteer_factories as vf
from volunteers import assignments, coverage, visits
from volunteers.models import DigestLog, Outcome

# Monday 2026-11-16 in Asia/Shanghai: 23:30 and, an hour later, Tuesday 00:30.
MONDAY_2330 = datetime(2026, 11, 16, 15, 30, tzinfo=UTC)
TUESDAY_0030 = datetime(2026, 11, 16, 16, 30, tzinfo=UTC)
NEXT_TUESDAY_0015 = datetime(2026, 11, 23, 16, 15, tzinfo=UTC)   # 2026-11-24 00:15 Shanghai
NEXT_MONDAY_2345 = datetime(2026, 11, 23, 15, 45, tzinfo=UTC)    # 2026-11-23 23:45 Shanghai
DIGEST_TIME = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)           # 2026-11-25 08:00 Shanghai


@pytest.fixture
def care(app_ctx):
    with time_machine.travel(MONDAY_2330 - timedelta(days=30), tick=False):
        return vf.make_care()


def overdue(care, now) -> list:  # type: ignore[no-untyped-def]
    return db.session.scalars(coverage.overdue_query(care.community.id, now)).all()


def visit(care, when, outcome=Outcome.MET, elder=None):  # type: ignore[no-untyped-def]
    with time_machine.travel(when + timedelta(minutes=5), tick=False):
        return visits.log_visit(care.team_member, elder or care.elder, vf.report(when, outcome=outcome))


def test_overdue_counts_local_days_not_hours(care):
    """Visited Monday 23:30, the weekly elder is overdue from Tuesday a week later at 00:00;
    visited an hour later (Tuesday 00:30), one day later."""
    other = vf.make_elder(care.community, care.secretary, name="李德福")
    assignments.assign(care.secretary, other, team=care.team)
    visit(care, MONDAY_2330)
    visit(care, TUESDAY_0030, elder=other)
    assert overdue(care, NEXT_MONDAY_2345) == []
    assert overdue(care, NEXT_TUESDAY_0015) == [care.elder]
    assert coverage.days_overdue(care.elder, NEXT_TUESDAY_0015) == 1
    assert overdue(care, NEXT_TUESDAY_0015 + timedelta(days=1)) == [care.elder, other]  # most overdue first
    assert coverage.days_overdue(care.elder, NEXT_TUESDAY_0015 + timedelta(days=1)) == 2


def test_failed_attempts_in_a_row_reach_the_board(care):
    visit(care, MONDAY_2330)
    visit(care, MONDAY_2330 + timedelta(days=1), Outcome.NO_ANSWER)
    assert db.session.scalars(coverage.failed_attempts_query(care.community.id)).all() == []
    visit(care, MONDAY_2330 + timedelta(days=2), Outcome.NO_ANSWER)
    assert db.session.scalars(coverage.failed_attempts_query(care.community.id)).all() == [care.elder]
    summary = coverage.summary(care.community.id, MONDAY_2330 + timedelta(days=3))
    assert (summary.active, summary.overdue, summary.failed_attempts) == (1, 0, 1)


def test_a_team_leader_sees_only_the_elders_of_their_teams(care):
    other = vf.make_elder(care.community, care.secretary, name="李德福")
    assignments.assign(care.secretary, other, team=care.other_team)
    later = MONDAY_2330 + timedelta(days=60)
    assert set(overdue(care, later)) == {care.elder, other}
    mine = db.session.scalars(coverage.overdue_query(care.community.id, later, {care.team.id})).all()
    assert mine == [care.elder]


def digests(user) -> list[Notification]:  # type: ignore[no-untyped-def]
    return list(db.session.scalars(select(Notification).where(
        Notification.user_id == user.id, Notification.kind == "elders_overdue_digest")))


def test_the_daily_digest_is_one_message_per_person_once_a_day(care):
    with time_machine.travel(MONDAY_2330 - timedelta(days=30), tick=False):
        for name in ("李德福", "赵秀英"):
            extra = vf.make_elder(care.community, care.secretary, name=name)
            assignments.assign(care.secretary, extra, team=care.team)
        fresh = vf.make_elder(care.community, care.secretary, name="孙建华")  # overdue, but no team
    second_secretary = factories.make_user("副书记", grants=[(Role.SECRETARY, care.community.id, None)])
    with time_machine.travel(DIGEST_TIME, tick=False):
        visit(care, DIGEST_TIME - timedelta(days=1), elder=care.elder)  # seen yesterday: not overdue
        assert fresh in overdue(care, DIGEST_TIME)
        sent = coverage.send_daily_digest()
        assert sent == 3  # two secretaries and the leader of the team with overdue elders
        assert coverage.send_daily_digest() == 0  # the same local day: nothing more
    for person, count in ((care.secretary, 3), (second_secretary, 3), (care.team_leader, 2)):
        [note] = digests(person)
        assert note.params == {"count": count} and note.link == "/volunteers/coverage"
    for person in (care.unassigned_leader, care.team_member, care.other_secretary, care.admin):
        assert digests(person) == []
    with time_machine.travel(DIGEST_TIME + timedelta(hours=15, minutes=59), tick=False):  # 23:59 Shanghai
        assert coverage.send_daily_digest() == 0
    with time_machine.travel(DIGEST_TIME + timedelta(days=1), tick=False):
        assert coverage.send_daily_digest() == 3
    assert len(digests(care.secretary)) == 2
    assert db.session.scalar(select(func.count()).select_from(DigestLog)) == 6


def test_nobody_overdue_means_no_digest(care):
    with time_machine.travel(MONDAY_2330, tick=False):
        visit(care, MONDAY_2330 - timedelta(hours=1))
        assert coverage.send_daily_digest() == 0
    assert digests(care.secretary) == []


def test_a_secretary_who_also_leads_a_team_gets_one_count(care):
    care.team.leader_id = care.secretary.id
    with time_machine.travel(DIGEST_TIME, tick=False):
        coverage.send_daily_digest()
    [note] = digests(care.secretary)
    assert note.params == {"count": 1}


def test_the_digest_job_runs_at_eight_in_shanghai_and_is_registered():
    job = next(j for j in scheduling.all_jobs() if j.id == "volunteers.daily_digest")
    assert (job.trigger, job.options) == ("cron", {"hour": 8, "minute": 0})
    assert {"volunteers.escalate_concerns", "volunteers.purge_archived_elders"} <= {
        j.id for j in scheduling.all_jobs()}
    assert scheduling.resolve(job.func) is not None
