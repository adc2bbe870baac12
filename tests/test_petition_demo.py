"""`flask demo-data` fills the petitions flow: every status, every supervision level, frozen weeks."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from community.models import Notification, Role, User
from community.timeutil import utcnow
from extensions import db
from petitions import rating, supervision
from petitions.demo import backdate
from petitions.models import (
    Assignment,
    AssignmentKind,
    Case,
    CaseStatus,
    CaseStep,
    Channel,
    ExtensionRequest,
    ExtensionStatus,
    Rating,
    ScorecardRow,
)


def user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def test_demo_data_plays_the_whole_petitions_flow(runner, app):
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    assert "Petitions:" in result.output
    with app.app_context():
        cases = db.session.scalars(select(Case)).all()
        assert 60 <= len(cases) <= 150
        assert {case.status for case in cases} == set(CaseStatus)
        assert {case.supervision_level for case in cases} >= {1, 2, 3}
        assert {case.rating for case in cases if case.status == CaseStatus.CLOSED} == {*Rating, None}
        assert any(case.reopened and case.status == CaseStatus.IN_PROGRESS for case in cases)
        assert {case.channel for case in cases} >= {Channel.WEB, Channel.HOTLINE, Channel.WALK_IN}
        assert any(case.hide_name for case in cases)
        assert {case.community.slug for case in cases} == {"qingchuan", "fenglin"}
        decided = {ExtensionStatus.PENDING, ExtensionStatus.GRANTED, ExtensionStatus.REFUSED}
        assert set(db.session.scalars(select(ExtensionRequest.status))) >= decided
        # A case reassigned after a department returned it, and one reopened after an unsatisfied rating.
        assert set(db.session.scalars(select(Assignment.kind))) == set(AssignmentKind)

        resident = user("resident@linli.demo")
        mine = [case for case in cases if case.submitter_id == resident.id]
        assert CaseStatus.RESOLVED in {case.status for case in mine}
        assert len({case.status for case in mine}) >= 4

        handler = user("handler@linli.demo")
        department = next(g.department_id for g in handler.grants if g.role == Role.HANDLER)
        theirs = {case.status for case in cases if case.department_id == department}
        assert {CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS} <= theirs

        weeks = db.session.execute(
            select(ScorecardRow.week, func.count(), func.sum(ScorecardRow.rated))
            .group_by(ScorecardRow.week)).all()
        assert len(weeks) >= 4 and all(rows >= 3 and rated > 0 for _week, rows, rated in weeks)
        for week, *_ in weeks:
            rated = db.session.scalars(select(ScorecardRow).where(ScorecardRow.week == week,
                                                                  ScorecardRow.rated > 0)).all()
            assert len(rated) >= 3
            assert len({(row.satisfied + row.basically_satisfied) / row.rated for row in rated}) > 1


def test_demo_times_are_consistent(runner, app):
    runner.invoke(args=["demo-data"])
    with app.app_context():
        now = utcnow()
        cases = db.session.scalars(select(Case)).all()
        assert min(case.created_at for case in cases) > now - timedelta(weeks=8)
        for case in cases:
            moments = [step.at for step in case.steps]
            assert moments == sorted(moments) and case.created_at <= moments[0] <= moments[-1] <= now
            assert case.rated_at is None or case.resolved_at <= case.rated_at <= now
        assignments = db.session.scalars(select(Assignment)).all()
        assert all(a.assigned_at <= a.accept_due_at and a.assigned_at < a.deadline_at for a in assignments)
        assert db.session.scalar(select(func.max(Notification.created_at))) <= now
        assert db.session.scalar(select(func.max(CaseStep.at))) <= now
        # The jobs have already done everything that was due: running them again changes nothing.
        assert supervision.run_supervision() == {1: 0, 2: 0, 3: 0}
        assert rating.close_unrated() == 0


def test_backdate_moves_every_time_of_a_row():
    case = Case(created_at=utcnow(), updated_at=utcnow(), deadline_at=utcnow(), resolved_at=None)
    created, deadline, delta = case.created_at, case.deadline_at, timedelta(days=3)
    backdate([case], delta)
    assert (case.created_at, case.deadline_at) == (created - delta, deadline - delta)
    assert case.resolved_at is None
